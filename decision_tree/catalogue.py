"""Load and check the model catalogue (``decision_tree/models/*.yaml``).

The catalogue goes through the tree's own machinery, so its errors look and
behave the same (``PATH:LINE:COL: error: ...``, every one in one run):

1. reading each file with :func:`decision_tree.yaml_source.read_source` (size
   and nesting limits; no anchors, aliases, tags or duplicate keys);
2. the JSON Schema ``models.schema.json``;
3. checks across files: ids and repositories unique, licences known and listed
   once, active parameters at most the total, ``superseded_by`` naming a model,
   dates real and not in the future, what each type needs (languages for
   speech, retrieval, OCR and guard models; ``streaming`` for speech; an
   attention block for the text generators whose KV cache is sized);
4. warnings that do not fail a check: an entry not reviewed for
   :data:`STALE_DAYS` days, a model with a successor that an outcome still
   recommends.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .catalogue_model import (
    Artifact,
    Attention,
    Catalogue,
    Commercial,
    Licence,
    Model,
    Runtime,
    Sliding,
)
from .diagnostics import Diagnostic, TreeError
from .runtimes import RUNTIMES
from .schema_check import check_schema
from .wording import did_you_mean
from .yaml_source import Problem, Source, SourceError, read_source

MODELS_DIR = Path(__file__).parent / "models"
STALE_DAYS = 180
"""An entry not checked for this many days is listed by ``models check`` as stale."""

NEEDS_LANGUAGES = ("embedding", "reranker", "ocr", "speech-to-text", "text-to-speech")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
NEEDS_STREAMING = ("speech-to-text", "text-to-speech")
NEEDS_ATTENTION = ("instruct", "reasoning", "coder", "vlm", "guard")


def find_catalogue_files(models_dir: Path = MODELS_DIR) -> list[Path]:
    """Return the catalogue's files (``*.yaml``), sorted."""
    return sorted(models_dir.glob("*.yaml"))


def catalogue_ids(models_dir: Path = MODELS_DIR) -> set[str]:
    """Return the model ids the catalogue's readable files declare (no other checks)."""
    ids: set[str] = set()
    for path in find_catalogue_files(models_dir):
        try:
            data = read_source(path).data
        except SourceError:
            continue
        models = data.get("models") if isinstance(data, dict) else None
        for model in models if isinstance(models, list) else []:
            if isinstance(model, dict) and isinstance(model.get("id"), str):
                ids.add(model["id"])
    return ids


class _Entry:
    """A model's data with the file it came from, for cross-file checks."""

    def __init__(self, source: Source, name: str, index: int, data: dict[str, Any]) -> None:
        self.source = source
        self.name = name
        self.index = index
        self.data = data

    def at(self, key: str | None = None) -> tuple[int, int]:
        path: tuple[str | int, ...] = ("models", self.index)
        return self.source.where_key((*path, key)) if key else self.source.where(path)


def check_catalogue(
    models_dir: Path = MODELS_DIR,
    *,
    today: dt.date | None = None,
    recommended: dict[str, list[str]] | None = None,
) -> list[Diagnostic]:
    """Return every error and warning of the catalogue in *models_dir*, sorted by place.

    *recommended* maps a model id to the tree outcomes that list it, for the
    warning about superseded models that are still recommended.
    """
    return _check(models_dir, today or dt.date.today(), recommended or {})[1]


def check_and_load(
    models_dir: Path = MODELS_DIR,
    *,
    today: dt.date | None = None,
    recommended: dict[str, list[str]] | None = None,
) -> tuple[Catalogue | None, list[Diagnostic]]:
    """Check the catalogue once; return it (None if it has errors) with every diagnostic."""
    return _check(models_dir, today or dt.date.today(), recommended or {})


def load_catalogue(models_dir: Path = MODELS_DIR, *, today: dt.date | None = None) -> Catalogue:
    """Load and check the catalogue; raise :class:`TreeError` listing every error.

    Warnings (stale entries) do not stop loading.
    """
    catalogue, diagnostics = _check(models_dir, today or dt.date.today(), {})
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors or catalogue is None:
        raise TreeError(errors)
    return catalogue


def _check(
    models_dir: Path, today: dt.date, recommended: dict[str, list[str]]
) -> tuple[Catalogue | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    sources: list[tuple[str, Source]] = []
    files = find_catalogue_files(models_dir)
    if not files:
        return None, [Diagnostic(str(models_dir), 1, 1, "no catalogue files (*.yaml) here")]
    for path in files:
        name = _shown(path)
        try:
            source = read_source(path)
        except SourceError as exc:
            diagnostics += _located(name, exc.problems)
            continue
        problems = [*source.problems, *check_schema(source, "catalogue")]
        diagnostics += _located(name, problems)
        sources.append((name, source))
    cross = _CrossCheck(sources, today, recommended)
    diagnostics += cross.run()
    diagnostics = sorted(set(diagnostics))
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return cross.build(), diagnostics


def _shown(path: Path) -> str:
    """Return the path as a contributor would type it (relative to the working folder)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _located(name: str, problems: Iterable[Problem], severity: str = "error") -> list[Diagnostic]:
    return [
        Diagnostic(name, p.line, p.column, p.message, p.hint, severity)  # type: ignore[arg-type]
        for p in problems
    ]


class _CrossCheck:
    """Checks that need every file at once, and building the objects afterwards."""

    def __init__(
        self,
        sources: list[tuple[str, Source]],
        today: dt.date,
        recommended: dict[str, list[str]],
    ) -> None:
        self.sources = sources
        self.today = today
        self.recommended = recommended
        self.diagnostics: list[Diagnostic] = []
        self.licences: dict[str, tuple[str, Source, dict[str, Any]]] = {}
        self.entries: list[_Entry] = []

    def error(
        self, name: str, where: tuple[int, int], message: str, hint: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(name, where[0], where[1], message, hint))

    def warn(
        self, name: str, where: tuple[int, int], message: str, hint: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(name, where[0], where[1], message, hint, "warning"))

    def run(self) -> list[Diagnostic]:
        for name, source in self.sources:
            data = source.data if isinstance(source.data, dict) else {}
            licences = data.get("licences")
            for lid, licence in (licences if isinstance(licences, dict) else {}).items():
                if lid in self.licences:
                    first, first_source, _ = self.licences[lid]
                    line = first_source.where_key(("licences", lid))[0]
                    self.error(
                        name,
                        source.where_key(("licences", lid)),
                        f"licence '{lid}' is listed twice (first in {first}:{line})",
                        "list each licence once; models name it by id",
                    )
                elif isinstance(licence, dict):
                    self.licences[lid] = (name, source, licence)
            models = data.get("models")
            for index, model in enumerate(models if isinstance(models, list) else []):
                if isinstance(model, dict):
                    self.entries.append(_Entry(source, name, index, model))
        ids: dict[str, _Entry] = {}
        repos: dict[str, _Entry] = {}
        for entry in self.entries:
            self._unique(entry, "id", ids, lambda v: v)
            self._unique(entry, "hf_repo", repos, lambda v: v.lower())
        for entry in self.entries:
            self._entry(entry, ids)
        return self.diagnostics

    def _unique(self, entry: _Entry, key: str, seen: dict[str, _Entry], norm: Any) -> None:
        value = entry.data.get(key)
        if not isinstance(value, str):
            return
        first = seen.get(norm(value))
        if first is None:
            seen[norm(value)] = entry
            return
        line = first.at(key)[0]
        self.error(
            entry.name,
            entry.source.where(("models", entry.index, key)),
            f"{key} '{value}' is used twice (first in {first.name}:{line})",
            "each model is catalogued once" if key == "hf_repo" else "give each model its own id",
        )

    def _entry(self, entry: _Entry, ids: dict[str, _Entry]) -> None:
        data = entry.data
        mid = data.get("id", f"model {entry.index + 1}")
        where = entry.source.where

        def place(key: str) -> tuple[int, int]:
            return where(("models", entry.index, key))

        licence = data.get("licence")
        if isinstance(licence, str) and licence not in self.licences:
            self.error(
                entry.name,
                place("licence"),
                f"model '{mid}' names licence '{licence}', which no catalogue file lists",
                did_you_mean(licence, self.licences)
                or "add it under 'licences:' in decision_tree/models/licences.yaml",
            )
        total, active = data.get("params_b"), data.get("active_params_b")
        if isinstance(total, int | float) and isinstance(active, int | float) and active > total:
            self.error(
                entry.name,
                place("active_params_b"),
                f"model '{mid}' has more active parameters ({active}B) than in total ({total}B)",
                "active_params_b counts the parameters used per token; params_b all of them",
            )
        successor = data.get("superseded_by")
        if isinstance(successor, str):
            if successor == mid:
                self.error(entry.name, place("superseded_by"), f"model '{mid}' supersedes itself")
            elif successor not in ids:
                self.error(
                    entry.name,
                    place("superseded_by"),
                    f"model '{mid}' is superseded_by '{successor}', which is not in the catalogue",
                    did_you_mean(successor, ids),
                )
            elif mid in self.recommended:
                outcomes = ", ".join(self.recommended[mid])
                self.warn(
                    entry.name,
                    place("superseded_by"),
                    f"model '{mid}' is superseded by '{successor}' but still recommended "
                    f"(outcome {outcomes})",
                    "recommend the newer model, or drop superseded_by if the old one still leads",
                )
        self._dates(entry, mid, place)
        self._needs(entry, mid, place)
        self._runtime(entry, mid)

    def _runtime(self, entry: _Entry, mid: str) -> None:
        """Check that ``runtime:`` names a runtime serving this type, with a class it has."""
        block = entry.data.get("runtime")
        if not isinstance(block, dict) or block.get("tool") not in RUNTIMES:
            return  # missing, or a tool the schema already rejected

        def at(key: str) -> tuple[int, int]:
            return entry.source.where(("models", entry.index, "runtime", key))

        spec = RUNTIMES[block["tool"]]
        kinds = [entry.data.get("type"), *(entry.data.get("also") or ())]
        if not any(kind in spec.types for kind in kinds):
            self.error(
                entry.name,
                at("tool"),
                f"model '{mid}' ({entry.data.get('type')}) names runtime '{block['tool']}', "
                f"which runs only {', '.join(spec.types)} models",
                "name the runtime the model card documents for this kind of model",
            )
        cls, task = block.get("class"), block.get("task")
        if isinstance(cls, str) and cls not in spec.classes:
            self.error(
                entry.name,
                at("class"),
                f"runtime '{block['tool']}' of model '{mid}' has no class '{cls}'",
                did_you_mean(cls, spec.classes)
                or (
                    f"its classes: {', '.join(spec.classes)}"
                    if spec.classes
                    else "this runtime takes no class: remove it"
                ),
            )
        if isinstance(task, str) and task not in spec.tasks:
            self.error(
                entry.name,
                at("task"),
                f"runtime '{block['tool']}' of model '{mid}' has no pipeline task '{task}'",
                did_you_mean(task, spec.tasks)
                or (
                    f"its tasks: {', '.join(spec.tasks)}"
                    if spec.tasks
                    else "this runtime takes no task: remove it"
                ),
            )
        if cls is not None and task is not None:
            self.error(
                entry.name,
                at("task"),
                f"runtime of model '{mid}' gives both a class and a task",
                "a class loads the model directly; a task builds a pipeline: keep one",
            )
        elif cls is None and task is None and (spec.classes or spec.tasks):
            wanted = "class" + (" or task" if spec.tasks else "")
            self.error(
                entry.name,
                at("tool"),
                f"runtime '{block['tool']}' of model '{mid}' needs a {wanted}",
                f"write the one its card loads it with, e.g. class: {spec.classes[0]}"
                if spec.classes
                else f"e.g. task: {spec.tasks[0]}",
            )
        attention = entry.data.get("attention")
        if isinstance(attention, dict) and attention.get("kind") in ("gqa", "mla"):
            self.error(
                entry.name,
                entry.source.where(("models", entry.index, "runtime")),
                f"model '{mid}' has a KV cache ({attention['kind']}), so the LLM servers run "
                "it from its artifacts: it takes no runtime block",
                "list its GGUF, MLX or FP8 repositories under artifacts instead",
            )

    def _dates(self, entry: _Entry, mid: str, place: Any) -> None:
        reviewed = entry.data.get("reviewed")
        # A value the schema already rejected (not YYYY-MM-DD) is not reported twice.
        if isinstance(reviewed, str) and _DATE.match(reviewed):
            try:
                day = dt.date.fromisoformat(reviewed)
            except ValueError:
                self.error(
                    entry.name,
                    place("reviewed"),
                    f"model '{mid}' was reviewed on '{reviewed}', which is not a real date",
                    "write the date as YYYY-MM-DD",
                )
            else:
                if day > self.today:
                    self.error(
                        entry.name,
                        place("reviewed"),
                        f"model '{mid}' was reviewed on {reviewed}, a date in the future",
                        "write the date the entry was checked",
                    )
                elif (self.today - day).days > STALE_DAYS:
                    self.warn(
                        entry.name,
                        place("reviewed"),
                        f"model '{mid}' was last reviewed {(self.today - day).days} days ago "
                        f"(more than {STALE_DAYS}): check it against its model card again",
                    )
        released = entry.data.get("released")
        if isinstance(released, str) and _MONTH.match(released):
            month = dt.date.fromisoformat(released + "-01")
            if month > self.today:
                self.error(
                    entry.name,
                    place("released"),
                    f"model '{mid}' is released in {released}, a month in the future",
                )

    def _needs(self, entry: _Entry, mid: str, place: Any) -> None:
        data = entry.data
        kind = data.get("type")
        at = entry.at("id") if "id" in data else entry.at()
        if kind in NEEDS_LANGUAGES and "languages" not in data and "language_count" not in data:
            self.error(
                entry.name,
                at,
                f"model '{mid}' ({kind}) has no 'languages'",
                "list the ISO 639-1 codes its card names, e.g. languages: [en, de], "
                "or language_count: N when it claims N without naming them",
            )
        if kind in NEEDS_STREAMING and "streaming" not in data:
            self.error(
                entry.name,
                at,
                f"model '{mid}' ({kind}) does not say whether it streams",
                "add streaming: true only if its card documents streaming output, else false",
            )
        if kind not in NEEDS_STREAMING and "streaming" in data:
            self.error(
                entry.name,
                place("streaming"),
                f"'streaming' is only for speech models; model '{mid}' is {kind}",
            )
        if kind in NEEDS_ATTENTION and "attention" not in data:
            self.error(
                entry.name,
                at,
                f"model '{mid}' ({kind}) has no 'attention' block, so its KV cache cannot be sized",
                "read num_hidden_layers, num_key_value_heads and head_dim from its config.json",
            )
        attention = data.get("attention")
        if isinstance(attention, dict) and attention.get("kind") == "none":
            extra = sorted(set(attention) - {"kind"})
            if extra:
                self.error(
                    entry.name,
                    place("attention"),
                    f"model '{mid}' has attention kind 'none' but also {', '.join(extra)}",
                    "kind none means no KV cache is sized: remove the other keys, or use gqa/mla",
                )
        if (
            "checkpoint_gb" in data
            and "native_precision" not in data
            and _number(data.get("params_b"))
        ):
            # A BF16 checkpoint: its size must agree with the parameter count.
            expected = data["params_b"] * 2
            size = data["checkpoint_gb"]
            if _number(size) and not 0.85 * expected <= size <= 1.15 * expected:
                self.error(
                    entry.name,
                    place("checkpoint_gb"),
                    f"model '{mid}': a {size} GB BF16 checkpoint does not match "
                    f"{data['params_b']}B parameters (about {expected:.1f} GB)",
                    "check both on the model page, or set native_precision if it is not BF16",
                )

    def build(self) -> Catalogue:
        licences = {
            lid: Licence(
                id=lid,
                name=data["name"],
                url=data["url"],
                commercial=_commercial(data["commercial"]),
                condition=data.get("condition"),
            )
            for lid, (_, _, data) in self.licences.items()
        }
        models: dict[str, Model] = {}
        for entry in self.entries:
            data = entry.data
            models[data["id"]] = Model(
                id=data["id"],
                name=data["name"],
                hf_repo=data["hf_repo"],
                type=data["type"],
                params_b=float(data["params_b"]),
                licence=licences[data["licence"]],
                released=data["released"],
                sources=tuple(data["sources"]),
                reviewed=data["reviewed"],
                also=tuple(data.get("also", ())),
                active_params_b=_float(data.get("active_params_b")),
                context_tokens=data.get("context_tokens"),
                attention=_attention(data.get("attention")),
                native_precision=data.get("native_precision"),
                checkpoint_gb=_float(data.get("checkpoint_gb")),
                languages=tuple(data.get("languages", ())),
                language_count=data.get("language_count"),
                streaming=data.get("streaming"),
                superseded_by=data.get("superseded_by"),
                notes=data.get("notes"),
                artifacts=tuple(
                    Artifact(
                        kind=a["kind"],
                        source=a["source"],
                        repo=a.get("repo"),
                        quants=tuple(a.get("quants", ())),
                        bits=a.get("bits"),
                        tag=a.get("tag"),
                        at=_place(entry, ("artifacts", j)),
                    )
                    for j, a in enumerate(data.get("artifacts", ()))
                ),
                runtime=_runtime(data.get("runtime")),
            )
        return Catalogue(models, licences, tuple(name for name, _ in self.sources))


def _place(entry: _Entry, path: tuple[str | int, ...]) -> str:
    line, column = entry.source.where(("models", entry.index, *path))
    return f"{entry.name}:{line}:{column}"


def _runtime(data: dict[str, Any] | None) -> Runtime | None:
    if data is None:
        return None
    return Runtime(
        tool=data["tool"],
        source=data["source"],
        cls=data.get("class"),
        task=data.get("task"),
        trust_remote_code=bool(data.get("trust_remote_code", False)),
    )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _float(value: Any) -> float | None:
    return float(value) if _number(value) else None


def _commercial(value: Any) -> Commercial:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "conditional"


def _attention(data: dict[str, Any] | None) -> Attention | None:
    if data is None:
        return None
    sliding = data.get("sliding")
    return Attention(
        kind=data["kind"],
        layers=data.get("layers", 0),
        kv_heads=data.get("kv_heads"),
        head_dim=data.get("head_dim"),
        kv_lora_rank=data.get("kv_lora_rank"),
        qk_rope_head_dim=data.get("qk_rope_head_dim"),
        fixed_state_layers=data.get("fixed_state_layers"),
        sliding=Sliding(**sliding) if sliding else None,
    )
