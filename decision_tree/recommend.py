"""The one recommender: a reader's constraints in, the catalogue's models that fit out.

Everything the site recommends comes from :func:`recommend`: the tree page's
lists (computed at build time for every combination of answers), the
``recommend`` command and the review table ``choose-model.paths.md``. A model
that does not fit the memory, is not allowed for the stated use, lacks the
language, the context or the streaming asked for is never listed; when nothing
is left, the answer says why and names the nearest option.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .catalogue_model import TYPE_NAMES, Catalogue, Model
from .catalogue_view import LANGUAGE_NAMES, format_gb, format_params, format_tokens
from .commands import Run, is_text_model, run_commands, runnable
from .memory import (
    DEFAULT_CONTEXT,
    GIB_TO_GB,
    OVERHEAD_FACTOR,
    PRECISION_LABELS,
    Device,
    DeviceKind,
    Fit,
    candidate_precisions,
    need_gb,
    sized_context,
    usable_gb,
    weights_gb,
)

DEFAULT_RAM: dict[str, float] = {"cpu": 16, "apple": 16, "phone": 8}
"""RAM assumed for a machine without a GPU whose memory was not given."""

SLOW_BYTES: dict[str, float] = {"cpu": 8.0, "phone": 3.0}
"""Most GB of weights read per token on a machine without a GPU: the guide's speed rule.

Every generated token (or embedded chunk) reads all active weights, so speed is
about memory bandwidth divided by their size; past 8 GB (3 GB on a phone) a
desktop's 50-100 GB/s gives well under 10 tokens a second."""

SLOW_RETRIEVAL_BYTES: dict[str, float] = {"cpu": 2.5, "phone": 1.0}
"""The same rule for embedding models and rerankers, which run once for every chunk of a
corpus or every candidate passage: past 2.5 GB of weights (1 GB on a phone) a CPU is too
slow to index a corpus."""

TOP = 5
"""Most models listed for the main job, and for each companion."""

MANY_LANGUAGES = 50
"""A card that claims at least this many languages without naming them counts as multilingual."""


@dataclass(frozen=True)
class Job:
    """What a job draws from the catalogue and which constraints apply to it."""

    title: str
    types: tuple[str, ...]
    companions: tuple[str, ...] = ()
    """Companions the job always brings (retrieval brings its embedding model and reranker)."""
    context: bool = True
    """Whether the input length decides which models fit (text generators)."""
    encoders_only: bool = False
    default_context: int = DEFAULT_CONTEXT
    note: str | None = None


JOBS: dict[str, Job] = {
    "chat": Job("Chat and writing", ("instruct",)),
    "coding": Job(
        "Coding", ("coder",), note="Agentic coding needs a long context: give --context."
    ),
    "reasoning": Job("Hard multi-step problems", ("reasoning",)),
    "agent": Job(
        "Agents with tool calls and structured output",
        ("instruct",),
        note="Check that your server parses the model's tool calls "
        "(vLLM: --enable-auto-tool-choice --tool-call-parser).",
    ),
    "extraction": Job("Extracting fields from text", ("instruct",)),
    "classification": Job(
        "Classifying text",
        ("base",),
        encoders_only=True,
        note="Fine-tune one of these encoders on labelled examples; with no labels, "
        "an instruction-tuned model can classify from a prompt.",
    ),
    "translation": Job("Translation", ("instruct",)),
    "long-documents": Job("Long documents", ("instruct",), default_context=131072),
    "search": Job("Search and recommendation", ("embedding",), ("reranker",), context=False),
    "rag": Job("Answers over your own documents", ("instruct",), ("embedding", "reranker")),
    "vision": Job("Understanding images", ("vlm",)),
    "ocr": Job("Reading documents (OCR)", ("ocr",)),
    "image-generation": Job("Making pictures", ("image-generation",), context=False),
    "speech-to-text": Job("Speech to text", ("speech-to-text",), context=False),
    "text-to-speech": Job("Text to speech", ("text-to-speech",), context=False),
    "fine-tuning": Job("Training a model of your own", ("base",), context=False),
}

COMPANIONS: dict[str, str] = {
    "embedding": "embedding",
    "reranker": "reranker",
    "speech-to-text": "speech-to-text",
    "text-to-speech": "text-to-speech",
    "vision": "vlm",
    "ocr": "ocr",
    "image-generation": "image-generation",
    "guard": "guard",
}
"""Companion name (what the tree's extras add) -> catalogue type."""


class ConstraintError(ValueError):
    """The constraints are not ones the recommender understands."""


@dataclass(frozen=True)
class Constraints:
    """What a reader said about the application and the machine."""

    job: str
    companions: tuple[str, ...] = ()
    memory_gb: float | None = None
    """Memory of one GPU, or of the machine when *gpus* is 0 (as marketed, e.g. 24)."""
    gpus: int = 1
    device: DeviceKind | None = None
    """Only with gpus 0: "cpu" (default), "apple" (unified memory) or "phone"."""
    commercial: bool | None = None
    """True when commercial use must be allowed."""
    languages: tuple[str, ...] = ()
    context_tokens: int | None = None
    streaming: bool | None = None

    def __post_init__(self) -> None:
        """Reject what the recommender cannot answer, with a message that says why."""
        if self.job not in JOBS:
            raise ConstraintError(f"unknown job '{self.job}': use one of {', '.join(JOBS)}")
        for companion in self.companions:
            if companion not in COMPANIONS:
                names = ", ".join(COMPANIONS)
                raise ConstraintError(f"unknown companion '{companion}': use one of {names}")
        if self.memory_gb is not None and self.memory_gb <= 0:
            raise ConstraintError("memory must be more than 0 GB")
        if self.gpus < 0:
            raise ConstraintError("the number of GPUs cannot be negative")
        if self.device is not None and self.device not in ("gpu", "apple", "cpu", "phone"):
            raise ConstraintError(f"unknown device '{self.device}'")
        if self.context_tokens is not None and self.context_tokens <= 0:
            raise ConstraintError("the context must be more than 0 tokens")
        for code in self.languages:
            if len(code) != 2 or not code.isalpha() or not code.islower():
                raise ConstraintError(f"'{code}' is not an ISO 639-1 language code (e.g. de)")

    @property
    def hardware(self) -> Device | None:
        """The machine, or None when the reader gave neither memory nor a machine without a GPU.

        A machine without a GPU whose memory was not given is sized as the
        tree's "Not sure" would: 16 GB of RAM (8 GB for a phone).
        """
        kind: DeviceKind = self.device if self.device in ("apple", "cpu", "phone") else "cpu"
        if self.memory_gb is None:
            if self.gpus >= 1:
                return None
            return Device(kind, DEFAULT_RAM[kind])
        if self.gpus >= 1:
            return Device("gpu", self.memory_gb, self.gpus)
        return Device(kind, self.memory_gb)


@dataclass(frozen=True)
class Pick:
    """A model that fits, at the precision it needs."""

    model: Model
    precision: str
    needs_gb: float
    usable_gb: float | None
    context: int
    sized_context: int | None
    """The context the memory was sized for, when the job reads long inputs."""
    caveats: tuple[str, ...] = ()
    """What else to know: licence conditions, a language the card does not name."""
    runs: tuple[Run, ...] = ()
    """Commands that run it on the reader's machine (see :mod:`decision_tree.commands`)."""

    @property
    def why(self) -> tuple[str, ...]:
        """The precision and memory line, then the caveats."""
        line = pick_line(
            PRECISION_LABELS[self.precision],
            format_gb(self.needs_gb),
            format_gb(self.usable_gb) if self.usable_gb is not None else None,
            format_tokens(self.sized_context) if self.sized_context else None,
        )
        return (line, *self.caveats)

    def to_json(self) -> dict[str, Any]:
        """Return the object ``recommend --json`` prints for this model."""
        return {
            "id": self.model.id,
            "name": self.model.name,
            "hf_repo": self.model.hf_repo,
            "type": self.model.type,
            "precision": PRECISION_LABELS[self.precision],
            "needs_gb": round(self.needs_gb, 1),
            "why": list(self.why),
            "run": [r.to_json() for r in self.runs],
        }


@dataclass(frozen=True)
class CompanionPicks:
    """The models for one companion job."""

    name: str
    type: str
    models: tuple[Pick, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """The answer: types, fitting models, companions, and why."""

    types: tuple[str, ...]
    models: tuple[Pick, ...]
    companions: tuple[CompanionPicks, ...]
    notes: tuple[str, ...]
    why: tuple[str, ...]
    """One line per answer that changed the result ("24 GB GPU: ...")."""
    left_out: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Reason -> ids of the models it removed."""

    def to_json(self) -> dict[str, Any]:
        """Return the answer in the shape ``recommend --json`` documents."""
        return {
            "types": list(self.types),
            "models": [p.to_json() for p in self.models],
            "companions": [
                {
                    "type": c.name,
                    "models": [p.to_json() for p in c.models],
                    "notes": list(c.notes),
                }
                for c in self.companions
            ],
            "notes": list(self.notes),
            "why": list(self.why),
        }


def _language_names(codes: Iterable[str]) -> str:
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes)


def _names(models: list[Model], limit: int = 4) -> str:
    shown = ", ".join(m.name for m in models[:limit])
    return shown + (f" and {len(models) - limit} more" if len(models) > limit else "")


class _Selection:
    """Filters one pool of models by the constraints, remembering what each filter removed."""

    def __init__(self, pool: list[Model], constraints: Constraints, job: Job) -> None:
        self.constraints = constraints
        self.job = job
        self.pool = pool
        self.left_out: dict[str, list[Model]] = {}
        self.caveats: dict[str, list[str]] = {}

    def _drop(self, reason: str, models: list[Model]) -> None:
        if models:
            self.left_out.setdefault(reason, []).extend(models)

    def context_for(self, model: Model) -> int:
        wanted = self.constraints.context_tokens or self.job.default_context
        return sized_context(model, wanted) if self.job.context else DEFAULT_CONTEXT

    def allowed(self) -> list[Model]:
        """Apply every filter but memory; return what is left."""
        c = self.constraints
        models = self.pool
        if c.commercial:
            banned = [m for m in models if m.licence.commercial == "no"]
            self._drop("commercial", banned)
            models = [m for m in models if m.licence.commercial != "no"]
        if c.streaming:
            still = [m for m in models if m.streaming]
            self._drop("streaming", [m for m in models if not m.streaming])
            models = still
        for code in c.languages:
            keep = []
            for model in models:
                if not _speaks(model, code):
                    self._drop(f"language:{code}", [model])
                    continue
                keep.append(model)
                if not model.speaks(code) and model.language_count:
                    self.caveats.setdefault(model.id, []).append(
                        f"its card claims {model.language_count} languages without naming "
                        f"them: test it on {LANGUAGE_NAMES.get(code, code)}"
                    )
            models = keep
        # A job that reads long inputs by default (long documents) filters by that length too.
        wanted = c.context_tokens or (
            self.job.default_context if self.job.default_context > DEFAULT_CONTEXT else None
        )
        if wanted and self.job.context:
            short = [
                m for m in models if m.context_tokens is not None and m.context_tokens < wanted
            ]
            self._drop("context", short)
            models = [m for m in models if m not in short]
        return models

    def fit(self, models: list[Model]) -> list[Pick]:
        device = self.constraints.hardware
        picks = []
        too_big: list[Model] = []
        too_slow: list[Model] = []
        for model in models:
            context = self.context_for(model)
            why = list(self.caveats.get(model.id, ()))
            if model.licence.commercial == "conditional" and self.constraints.commercial:
                why.append(f"licence: {model.licence.name}, {model.licence.condition}")
            sized = context if self.job.context else None
            if device is None:
                precision = "native" if model.native_precision not in (None, "bf16") else "bf16"
                needed = need_gb(model, precision, context)
                picks.append(Pick(model, precision, needed, None, context, sized, tuple(why)))
                continue
            found = _fit(model, device, context)
            if found is None:
                too_big.append(model)
                continue
            slow = SLOW_RETRIEVAL_BYTES if model.type in ("embedding", "reranker") else SLOW_BYTES
            limit = slow.get(device.kind)
            if limit is not None and _active_gb(model, found.precision) > limit:
                too_slow.append(model)
                continue
            wanted = self.constraints.context_tokens or self.job.default_context
            picks.append(
                Pick(
                    model,
                    found.precision,
                    found.need_gb,
                    found.usable_gb,
                    context,
                    sized,
                    tuple(why),
                    run_commands(model, found.precision, device, wanted),
                )
            )
        self._drop("memory", too_big)
        self._drop("speed", too_slow)
        return picks


@functools.lru_cache(maxsize=65536)
def _fit(model: Model, device: Device, context: int) -> Fit | None:
    """Return the most faithful precision that fits *device* and that an artifact can run."""
    available = usable_gb(device)
    devices = device.count if device.kind == "gpu" else 1
    # Speech, image, embedding and other non-LLM models run in their own runtimes at
    # 16 or 8 bits, whatever the machine; GGUF precisions are for the LLM runtimes.
    order = candidate_precisions(model, device.kind) if is_text_model(model) else ("bf16", "fp8")
    for precision in order:
        if not runnable(model, precision, device):
            continue
        needed = need_gb(model, precision, context, devices=devices)
        if device.kind in ("cpu", "phone") and not is_text_model(model) and model.runtime:
            # Their runtimes load float32 on a CPU (commands._place): twice the 16-bit weights.
            needed += weights_gb(model, precision) * OVERHEAD_FACTOR
        if needed <= available:
            return Fit(precision, needed, available)
    return None


def _active_gb(model: Model, precision: str) -> float:
    """GB of weights read for each token: the active parameters of a Mixture-of-Experts model."""
    share = (model.active_params_b or model.params_b) / model.params_b
    return weights_gb(model, precision) * share


def pick_line(precision: str, needs: str, usable: str | None, context: str | None) -> str:
    """Write a model's memory line; the widget composes the same words from the same parts."""
    line = f"{precision}, {needs}" + (f" of your {usable} usable" if usable else "")
    return line + (f", with a {context}-token context" if context else "")


def _rank(picks: list[Pick]) -> list[Pick]:
    """Newest generation first (superseded last), then the largest model that fits."""
    return sorted(
        picks,
        key=lambda p: (
            p.model.superseded_by is not None,
            -p.model.params_b,
            p.model.released,
        ),
    )


def _pool(catalogue: Catalogue, kind: str, job: Job | None = None) -> list[Model]:
    models = catalogue.of_type(kind)
    if job is not None and job.encoders_only:
        models = [m for m in models if m.attention is not None and m.attention.kind == "none"]
    return models


def _nearest(selection: _Selection, allowed: list[Model]) -> str | None:
    """Name the smallest model that passed every filter but memory, and what it needs."""
    device = selection.constraints.hardware
    if not allowed or device is None:
        return None
    available = usable_gb(device)
    devices = device.count if device.kind == "gpu" else 1
    slow = set(selection.left_out.get("speed", ()))
    # Models the memory would hold, but that nothing catalogued runs on this machine.
    unrunnable = [
        m
        for m in allowed
        if m not in slow
        and any(
            need_gb(m, p, selection.context_for(m), devices=devices) <= available
            for p in ("bf16", "q8", "q4")
        )
    ]
    if unrunnable:
        names = ", ".join(m.name for m in unrunnable[:3])
        return (
            f"{names} would fit in {format_gb(available)} usable, but the catalogue knows no "
            "way to run " + ("it" if len(unrunnable) == 1 else "them") + " on this kind of "
            "machine (no runtime or ready-made variant that its card documents for it): "
            "choose another machine, or call a model of this kind through a hosted API."
        )
    smallest = min(
        allowed, key=lambda m: need_gb(m, "q4", selection.context_for(m), devices=device.count)
    )
    needed = need_gb(smallest, "q4", selection.context_for(smallest), devices=device.count)
    return (
        f"Nothing fits in {format_gb(usable_gb(device))} usable. The smallest candidate, "
        f"{smallest.name}, needs {format_gb(needed)} at Q4_K_M: choose a machine with more "
        "memory, a shorter context, or call a model of this kind through a hosted API."
    )


def _empty_note(selection: _Selection, allowed: list[Model], picks: list[Pick]) -> str | None:
    if picks:
        return None
    if allowed:
        return _nearest(selection, allowed)
    reasons = ", ".join(_reason_text(r) for r in selection.left_out) or "the catalogue"
    return (
        f"No catalogued model meets all of: {reasons}. Relax one of them, or look at a "
        "hosted API for this job."
    )


def _reason_text(reason: str) -> str:
    if reason.startswith("language:"):
        return LANGUAGE_NAMES.get(reason[9:], reason[9:])
    return {
        "commercial": "commercial use",
        "streaming": "streaming",
        "context": "the input length",
        "memory": "the memory",
        "speed": "the speed of a machine without a GPU",
    }.get(reason, reason)


def _why_lines(catalogue: Catalogue, constraints: Constraints, job: Job) -> list[str]:
    """One line per answer that matters, each saying what that answer alone rules out.

    Each line depends on the job and its own answer only, so the page can
    show the same line whatever else the reader answered.
    """
    lines = [job_line(job)]
    if constraints.hardware is not None:
        lines.append(hardware_line(constraints.hardware))
    pool = [m for kind in job.types for m in _pool(catalogue, kind, job)]
    if constraints.commercial:
        lines.append(commercial_line(pool))
    for code in constraints.languages:
        lines.append(language_line(pool, code))
    if constraints.context_tokens and job.context:
        lines.append(context_line(pool, constraints.context_tokens))
    if constraints.streaming:
        lines.append(streaming_line(pool))
    return lines


def job_line(job: Job) -> str:
    """Say what kind of model the job draws on."""
    return f"Job: {job.title.lower()}, so {_type_list(job.types)}."


def commercial_line(pool: list[Model]) -> str:
    """Say which models of the pool a commercial product rules out."""
    gone = [m for m in pool if m.licence.commercial == "no"]
    if not gone:
        return "Commercial use: no candidate's licence forbids it (conditions are shown)."
    return f"Commercial use: rules out {_names(gone)} (non-commercial licences)."


def language_line(pool: list[Model], code: str) -> str:
    """Say which models of the pool a language rules out."""
    name = LANGUAGE_NAMES.get(code, code)
    gone = [m for m in pool if not _speaks(m, code)]
    if not gone:
        return f"{name}: every candidate handles it."
    return f"{name}: rules out {_names(gone)} ({name} not named on their cards)."


def context_line(pool: list[Model], tokens: int) -> str:
    """Say what an input length rules out and that the KV cache is sized for it."""
    gone = [m for m in pool if m.context_tokens is not None and m.context_tokens < tokens]
    line = f"Inputs up to {format_tokens(tokens)} tokens: memory includes their KV cache"
    return line + (f"; rules out {_names(gone)} (shorter context)." if gone else ".")


def streaming_line(pool: list[Model]) -> str:
    """Say which models of the pool cannot stream."""
    gone = [m for m in pool if not m.streaming]
    if not gone:
        return "Live output: every candidate streams."
    return f"Live output: rules out {_names(gone)} (they take the whole input at once)."


def _speaks(model: Model, code: str) -> bool:
    """Apply the language rule: named on the card, a card claiming many, or English."""
    if model.speaks(code):
        return True
    if not model.languages and (model.language_count or 0) >= MANY_LANGUAGES:
        return True
    return code == "en" and not model.languages and not model.language_count


def _type_list(types: tuple[str, ...]) -> str:
    return " and ".join(TYPE_NAMES[t].lower() for t in types)


def hardware_line(device: Device) -> str:
    """Say how much of the machine's memory a model may use, by the sizing rule."""
    usable = usable_gb(device)
    if device.kind == "gpu":
        what = (
            f"{device.count} x {device.memory_gb:g} GB GPU"
            if device.count > 1
            else (f"one {device.memory_gb:g} GB GPU")
        )
        rule = f"90% of {format_gb(device.memory_gb * GIB_TO_GB * device.count)}"
    elif device.kind == "apple":
        what = f"a Mac with {device.memory_gb:g} GB"
        share = "two thirds" if device.memory_gb <= 36 else "three quarters"
        rule = f"macOS lets the GPU use about {share}"
    elif device.kind == "cpu":
        what = f"{device.memory_gb:g} GB of RAM, no GPU"
        rule = "75%, the rest for the system"
    else:
        what = f"a phone with {device.memory_gb:g} GB"
        rule = "a third of its RAM"
    line = f"{what[0].upper()}{what[1:]}: {format_gb(usable)} usable ({rule})"
    if device.kind in SLOW_BYTES:
        line += (
            f"; models that read more than {SLOW_BYTES[device.kind]:g} GB of weights per "
            "token are left out as too slow without a GPU"
        )
    return line + "."


def _select(
    catalogue: Catalogue, kind: str, constraints: Constraints, job: Job, main: bool
) -> tuple[list[Pick], _Selection, list[Model]]:
    selection = _Selection(_pool(catalogue, kind, job if main else None), constraints, job)
    allowed = selection.allowed()
    picks = _rank(selection.fit(allowed))[:TOP]
    return picks, selection, allowed


def recommend(catalogue: Catalogue, constraints: Constraints) -> Recommendation:
    """Return the models of *catalogue* that fit *constraints*, ranked, with companions and why."""
    job = JOBS[constraints.job]
    picks: list[Pick] = []
    notes: list[str] = []
    selection: _Selection | None = None
    for kind in job.types:
        found, selection, allowed = _select(catalogue, kind, constraints, job, main=True)
        picks += found
        if note := _empty_note(selection, allowed, found):
            notes.append(note)
    if job.note:
        notes.append(job.note)
    assert selection is not None
    why = _why_lines(catalogue, constraints, job)
    companions = []
    wanted = [*job.companions, *(c for c in constraints.companions if c not in job.companions)]
    for name in wanted:
        kind = COMPANIONS[name]
        companion_job = JOBS.get(_companion_job(kind), job)
        found, chosen, allowed = _select(catalogue, kind, constraints, companion_job, main=False)
        extra = _empty_note(chosen, allowed, found)
        companions.append(CompanionPicks(name, kind, tuple(found), (extra,) if extra else ()))
    left_out = {
        reason: tuple(m.id for m in models) for reason, models in selection.left_out.items()
    }
    return Recommendation(
        types=job.types,
        models=tuple(picks),
        companions=tuple(companions),
        notes=tuple(notes),
        why=tuple(why),
        left_out=left_out,
    )


def _companion_job(kind: str) -> str:
    return {
        "embedding": "search",
        "reranker": "search",
        "vlm": "vision",
        "guard": "chat",
    }.get(kind, kind)


def describe(recommendation: Recommendation) -> str:
    """Return the recommendation as the text the ``recommend`` command prints."""
    lines = ["Recommended: " + _type_list(recommendation.types) + "."]
    for pick in recommendation.models:
        params = format_params(pick.model.params_b)
        lines.append(f"  - {pick.model.name} ({params}, {pick.model.licence.name})")
        lines += [f"      {text}" for text in pick.why]
        lines += [f"      $ {run.command}" for run in pick.runs]
    for companion in recommendation.companions:
        lines.append(f"With it, {TYPE_NAMES[companion.type].lower()}:")
        lines += [f"  - {p.model.name}: {p.why[0]}" for p in companion.models]
        lines += [f"  {note}" for note in companion.notes]
    if recommendation.notes:
        lines.append("Notes:")
        lines += [f"  {note}" for note in recommendation.notes]
    lines.append("Why:")
    lines += [f"  {line}" for line in recommendation.why]
    return "\n".join(lines) + "\n"
