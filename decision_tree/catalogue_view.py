"""What the catalogue's tables show, as plain text ready for a template (no MkDocs).

Every figure is formatted here from :mod:`decision_tree.memory`, so a page,
the tree and ``models.json`` cannot disagree. Catalogue text arrives through
pull requests: it stays plain text (templates escape it) and URLs pass
:func:`decision_tree.render.safe_url`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue_model import TYPE_NAMES, TYPES, Artifact, Catalogue, Model
from .memory import (
    DEFAULT_CONTEXT,
    PRECISION_LABELS,
    TIERS,
    best_fit,
    kv_bytes_per_token,
    kv_fixed_bytes,
    kv_gb,
    need_gb,
    sized_context,
    usable_gb,
    weights_gb,
)
from .render import safe_url

COMMERCIAL_TEXT = {
    "yes": "Commercial use allowed",
    "no": "Not for commercial use",
    "conditional": "Commercial use with conditions",
}

LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay",
    "mt": "Maltese", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip
"""Names of the languages the guide offers as choices; other codes show as the code."""


def model_anchor(model_id: str) -> str:
    """Return the element id of a model's row on the catalogue page."""
    return "model-" + model_id.replace(".", "-")


def format_params(billions: float) -> str:
    """Write a parameter count the way model names do: ``82M``, ``0.6B``, ``27B``, ``1T``."""
    if billions < 1:
        return f"{billions * 1000:.0f}M"
    if billions >= 1000:
        return f"{billions / 1000:.3g}T"
    return f"{billions:.3g}B"


def format_tokens(tokens: int | None) -> str:
    """Write a context length: ``8K``, ``128K``, ``1M`` (binary K, as model cards do)."""
    if not tokens:
        return "not stated"
    if tokens >= 1_000_000:
        return f"{tokens / 1_048_576:.3g}M" if tokens % 1024 == 0 else f"{tokens / 1e6:.3g}M"
    if tokens % 1024 == 0:
        return f"{tokens // 1024}K"
    return f"{tokens / 1000:.3g}K"


def format_gb(value: float) -> str:
    """Write a memory figure in GB with sensible precision."""
    if value < 1:
        return f"{value:.2f} GB"
    if value < 100:
        return f"{value:.1f} GB"
    return f"{value:,.0f} GB"


def language_text(model: Model) -> str:
    """Return the languages of *model* in words ("English only", "12 named, 119 claimed")."""
    if model.languages == ("en",) and not model.language_count:
        return "English only"
    names = [LANGUAGE_NAMES.get(code, code) for code in model.languages]
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    if model.language_count and model.language_count > len(names):
        claim = f"{model.language_count} claimed"
        return f"{shown} ({claim})" if shown else claim
    return shown


@dataclass(frozen=True)
class ModelRow:
    """One model as a table row shows it."""

    id: str
    anchor: str
    name: str
    card_url: str | None
    type: str
    type_name: str
    types: tuple[str, ...]
    params: str
    context: str
    licence: str
    licence_url: str | None
    commercial: str
    commercial_text: str
    condition: str | None
    q4: str
    bf16: str
    languages: str
    language_codes: tuple[str, ...]
    streaming: str | None
    notes: str | None
    fits: tuple[str, ...]
    """Ids of the tiers (:data:`decision_tree.memory.TIERS`) it fits at the default context."""
    superseded_by: str | None
    released: str
    reviewed: str
    sources: tuple[str, ...]
    artifacts: tuple[tuple[str, str | None], ...] = ()
    """(text, address) of each ready-made variant: GGUF, MLX, FP8/AWQ repositories, Ollama."""


def model_row(model: Model) -> ModelRow:
    """Return the row of *model*."""
    context = sized_context(model)
    params = format_params(model.params_b)
    if model.active_params_b:
        params += f" ({format_params(model.active_params_b)} active)"
    streaming = None
    if model.streaming is not None:
        streaming = "Streams" if model.streaming else "Whole input at once"
    return ModelRow(
        id=model.id,
        anchor=model_anchor(model.id),
        name=model.name,
        card_url=safe_url(model.card_url),
        type=model.type,
        type_name=TYPE_NAMES[model.type],
        types=model.types,
        params=params,
        context=format_tokens(model.context_tokens),
        licence=model.licence.name,
        licence_url=safe_url(model.licence.url),
        commercial=model.licence.commercial,
        commercial_text=COMMERCIAL_TEXT[model.licence.commercial],
        condition=model.licence.condition,
        q4=format_gb(need_gb(model, "q4", context)),
        bf16=format_gb(need_gb(model, "bf16", context)),
        languages=language_text(model),
        language_codes=model.languages,
        streaming=streaming,
        notes=model.notes,
        fits=tuple(t.id for t in TIERS if best_fit(model, t.device, context) is not None),
        superseded_by=model.superseded_by,
        released=model.released,
        reviewed=model.reviewed,
        sources=tuple(url for url in (safe_url(s) for s in model.sources) if url),
        artifacts=tuple(_artifact_text(a) for a in model.artifacts),
    )


_ARTIFACT_NAMES = {
    "gguf": "GGUF",
    "mlx": "MLX",
    "bf16": "BF16",
    "fp8": "FP8",
    "awq": "AWQ 4-bit",
    "gptq": "GPTQ",
    "mxfp4": "MXFP4",
    "nvfp4": "NVFP4",
}


def _artifact_text(artifact: Artifact) -> tuple[str, str | None]:
    """Say what a variant is and where it lives."""
    if artifact.kind == "ollama":
        return (f"Ollama: ollama run {artifact.tag}", safe_url(artifact.source))
    name = _ARTIFACT_NAMES[artifact.kind]
    if artifact.kind == "gguf":
        name += " " + ", ".join(artifact.quants)
    elif artifact.kind == "mlx" and artifact.bits:
        name += f" {artifact.bits}-bit"
    url = safe_url(f"https://huggingface.co/{artifact.repo}") if artifact.repo else None
    return (f"{name}: {artifact.repo}", url)


@dataclass(frozen=True)
class TypeGroup:
    """The models whose main type is *type*, for one section of the catalogue page."""

    type: str
    title: str
    anchor: str
    rows: tuple[ModelRow, ...]


@dataclass(frozen=True)
class CatalogueView:
    """Everything the catalogue page lays out."""

    groups: tuple[TypeGroup, ...]
    count: int
    languages: tuple[tuple[str, str], ...]
    """(code, name) of every language some model names, for the filter."""
    tiers: tuple[tuple[str, str], ...]
    """(id, label) of every hardware tier, for the "fits" filter."""
    default_context: int = DEFAULT_CONTEXT


def catalogue_view(catalogue: Catalogue) -> CatalogueView:
    """Return the view of the whole catalogue, grouped by main type."""
    rows = [model_row(model) for model in catalogue]
    groups = tuple(
        TypeGroup(kind, TYPE_NAMES[kind], "type-" + kind, tuple(r for r in rows if r.type == kind))
        for kind in TYPES
        if any(r.type == kind for r in rows)
    )
    codes = sorted({code for model in catalogue for code in model.languages})
    named = [(code, LANGUAGE_NAMES[code]) for code in codes if code in LANGUAGE_NAMES]
    return CatalogueView(
        groups=groups,
        count=len(rows),
        languages=tuple(sorted(named, key=lambda pair: pair[1])),
        tiers=tuple((t.id, t.label) for t in TIERS),
    )


def rows_for(catalogue: Catalogue, ids: list[str]) -> tuple[ModelRow, ...]:
    """Return the rows of the models *ids*, in that order (KeyError for an unknown id)."""
    return tuple(model_row(catalogue.models[i]) for i in ids)


@dataclass(frozen=True)
class SizeRow:
    """A model's weights at every precision and its KV cache, for the sizing page."""

    id: str
    anchor: str
    name: str
    params: str
    weights: tuple[tuple[str, str], ...]
    """(precision label, GB)."""
    kv_per_1k: str
    kv_8k: str
    kv_128k: str | None
    kv_window: str | None
    """What the sliding-window layers hold once their windows are full, if it has any."""


def size_rows(catalogue: Catalogue, ids: list[str]) -> tuple[SizeRow, ...]:
    """Return the sizing rows of the models *ids*."""
    rows = []
    for model_id in ids:
        model = catalogue.models[model_id]
        precisions = ["bf16", "fp8", "q8", "q4"]
        if model.native_precision not in (None, "bf16", "fp16"):
            precisions.insert(0, "native")
        per_token = kv_bytes_per_token(model.attention)
        long = model.context_tokens is None or model.context_tokens >= 131072
        window = kv_fixed_bytes(model.attention, model.context_tokens or 131072)
        rows.append(
            SizeRow(
                id=model.id,
                anchor=model_anchor(model.id),
                name=model.name,
                params=format_params(model.params_b),
                weights=tuple(
                    (PRECISION_LABELS[p], format_gb(weights_gb(model, p))) for p in precisions
                ),
                kv_per_1k=format_gb(per_token * 1000 / 1e9),
                kv_8k=format_gb(kv_gb(model, 8192)),
                kv_128k=format_gb(kv_gb(model, 131072)) if long else None,
                kv_window=format_gb(window / 1e9) if window else None,
            )
        )
    return tuple(rows)


CALCULATOR_CONTEXTS = (4096, 8192, 32768, 131072)
CALCULATOR_PRECISIONS = ("bf16", "fp8", "q8", "q4")


def calculator_data(catalogue: Catalogue) -> dict[str, object]:
    """Return what the sizing page's calculator looks up.

    For every text model, context and precision: the memory needed on one
    device and the machines it fits, all computed here by the rule.
    """
    from .commands import is_text_model

    tiers = list(TIERS)
    models = []
    for model in sorted(catalogue, key=lambda m: m.name.lower()):
        if not is_text_model(model):
            continue
        rows = []
        for context in CALCULATOR_CONTEXTS:
            sized = sized_context(model, context)
            row = []
            for precision in CALCULATOR_PRECISIONS:
                fits = [
                    index
                    for index, tier in enumerate(tiers)
                    if need_gb(
                        model,
                        precision,
                        sized,
                        devices=tier.device.count if tier.device.kind == "gpu" else 1,
                    )
                    <= usable_gb(tier.device)
                ]
                row.append([format_gb(need_gb(model, precision, sized)), fits])
            rows.append(row)
        models.append([model.name, model_anchor(model.id), rows])
    return {
        "contexts": [format_tokens(c) for c in CALCULATOR_CONTEXTS],
        "precisions": [PRECISION_LABELS[p] for p in CALCULATOR_PRECISIONS],
        "tiers": [t.label for t in tiers],
        "models": models,
    }


def tier_rows() -> tuple[tuple[str, str, str], ...]:
    """(machine, what the guide assumes, usable memory) for the no-JavaScript table."""
    return tuple((t.label, t.note, format_gb(usable_gb(t.device))) for t in TIERS)
