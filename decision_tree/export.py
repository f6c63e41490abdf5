"""The catalogue as plain JSON data: what ``models list --json`` prints and the site publishes.

One object per model, every figure computed by :mod:`decision_tree.memory`;
the shape is described by ``models-json.schema.json`` so other tools can
rely on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .catalogue_model import Catalogue, Model
from .memory import kv_bytes_per_token, weights_gb

EXPORT_SCHEMA_PATH = Path(__file__).parent / "models-json.schema.json"
"""JSON Schema of the exported list."""

WEIGHT_KEYS = ("bf16", "fp8", "q8", "q4")


def _round(value: float, places: int = 2) -> float:
    return round(value, places)


def weights_table(model: Model) -> dict[str, float]:
    """Return the weights of *model* in GB at each exported precision (and as shipped)."""
    table = {key: _round(weights_gb(model, key), 1) for key in WEIGHT_KEYS}
    if model.native_precision not in (None, "bf16", "fp16"):
        table["native"] = _round(weights_gb(model, "native"), 1)
    return table


def model_record(model: Model) -> dict[str, Any]:
    """Return the exported object of one model."""
    licence = model.licence
    per_token = kv_bytes_per_token(model.attention)
    record: dict[str, Any] = {
        "id": model.id,
        "name": model.name,
        "hf_repo": model.hf_repo,
        "url": model.card_url,
        "type": model.type,
        "also": list(model.also),
        "params_b": model.params_b,
        "active_params_b": model.active_params_b,
        "context_tokens": model.context_tokens,
        "licence": licence.id,
        "licence_name": licence.name,
        "licence_url": licence.url,
        "commercial": licence.commercial,
        "commercial_condition": licence.condition,
        "languages": list(model.languages),
        "language_count": model.language_count,
        "streaming": model.streaming,
        "released": model.released,
        "superseded_by": model.superseded_by,
        "notes": model.notes,
        "native_precision": model.native_precision,
        "weights_gb": weights_table(model),
        "kv_bytes_per_token": per_token,
        "kv_gb_per_1k_tokens": _round(per_token * 1000 / 1e9, 4),
        "sources": list(model.sources),
        "reviewed": model.reviewed,
    }
    return record


def export(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Return the whole catalogue as a list of JSON-ready objects, in catalogue order."""
    return [model_record(model) for model in catalogue]
