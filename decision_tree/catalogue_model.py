"""The model catalogue as typed, immutable Python objects (no I/O).

:mod:`decision_tree.catalogue` returns these once every file of
``decision_tree/models/`` has passed its checks; the memory rule, the
recommender, the views and the CLI read them and never the raw YAML.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Commercial = Literal["yes", "no", "conditional"]

TYPES: tuple[str, ...] = (
    "base",
    "instruct",
    "reasoning",
    "coder",
    "embedding",
    "reranker",
    "vlm",
    "ocr",
    "image-generation",
    "speech-to-text",
    "text-to-speech",
    "guard",
)
"""Every kind of model, in the order the catalogue page lists them."""

TYPE_NAMES: dict[str, str] = {
    "base": "Base models",
    "instruct": "Instruction-tuned and chat models",
    "reasoning": "Reasoning models",
    "coder": "Coding models",
    "embedding": "Embedding models",
    "reranker": "Rerankers",
    "vlm": "Vision-language models",
    "ocr": "OCR and document models",
    "image-generation": "Image generation models",
    "speech-to-text": "Speech-to-text models",
    "text-to-speech": "Text-to-speech models",
    "guard": "Guard and safety models",
}


@dataclass(frozen=True)
class Licence:
    """A licence, listed once; models name it by id."""

    id: str
    name: str
    url: str
    commercial: Commercial
    condition: str | None = None


@dataclass(frozen=True)
class Sliding:
    """Layers that keep at most *window* tokens of KV cache."""

    layers: int
    window: int
    kv_heads: int | None = None
    head_dim: int | None = None


@dataclass(frozen=True)
class Attention:
    """What the KV-cache formula needs, read from ``config.json``."""

    kind: Literal["gqa", "mla", "none"]
    layers: int = 0
    kv_heads: int | None = None
    head_dim: int | None = None
    kv_lora_rank: int | None = None
    qk_rope_head_dim: int | None = None
    fixed_state_layers: int | None = None
    sliding: Sliding | None = None


@dataclass(frozen=True)
class Artifact:
    """A ready-made variant of a model: quantized files, an MLX conversion, an Ollama tag."""

    kind: str
    """gguf, mlx, bf16, fp8, awq, gptq, mxfp4, nvfp4 or ollama."""
    source: str
    repo: str | None = None
    quants: tuple[str, ...] = ()
    bits: int | None = None
    tag: str | None = None
    at: str | None = field(default=None, compare=False)
    """Where the entry's artifact is written, as PATH:LINE:COL (for located reports)."""


@dataclass(frozen=True)
class Runtime:
    """The runtime the model's card documents, for models no LLM server runs (``runtime:``)."""

    tool: str
    """A key of :data:`decision_tree.runtimes.RUNTIMES`."""
    source: str
    cls: str | None = None
    """The class that loads it (``class:`` in the YAML), e.g. FluxPipeline."""
    task: str | None = None
    """A transformers pipeline task, in place of a class."""
    trust_remote_code: bool = False


@dataclass(frozen=True)
class Model:
    """One catalogued model, every fact with its sources and review date."""

    id: str
    name: str
    hf_repo: str
    type: str
    params_b: float
    licence: Licence
    released: str
    sources: tuple[str, ...]
    reviewed: str
    also: tuple[str, ...] = ()
    active_params_b: float | None = None
    context_tokens: int | None = None
    attention: Attention | None = None
    native_precision: str | None = None
    checkpoint_gb: float | None = None
    languages: tuple[str, ...] = ()
    language_count: int | None = None
    streaming: bool | None = None
    superseded_by: str | None = None
    notes: str | None = None
    artifacts: tuple[Artifact, ...] = ()
    runtime: Runtime | None = None

    def __hash__(self) -> int:
        """Hash by id: ids are unique in a catalogue, and memoised sizing hashes models often."""
        return hash(self.id)

    @property
    def card_url(self) -> str:
        """The model card on Hugging Face."""
        return f"https://huggingface.co/{self.hf_repo}"

    @property
    def types(self) -> tuple[str, ...]:
        """Its main type, then the others it serves."""
        return (self.type, *self.also)

    def speaks(self, code: str) -> bool:
        """Whether the card names the ISO 639-1 language *code*."""
        return code in self.languages


@dataclass(frozen=True)
class Catalogue:
    """Every model and licence of ``decision_tree/models/``."""

    models: dict[str, Model]
    licences: dict[str, Licence]
    files: tuple[str, ...] = field(default=(), compare=False)

    def __iter__(self) -> Iterator[Model]:
        """Iterate over the models in file order."""
        return iter(self.models.values())

    def __len__(self) -> int:
        """Count the models."""
        return len(self.models)

    def of_type(self, kind: str) -> list[Model]:
        """Return the models that serve *kind* (as their main type or in ``also``)."""
        return list(self._by_type.get(kind, ()))

    @functools.cached_property
    def _by_type(self) -> dict[str, tuple[Model, ...]]:
        found: dict[str, list[Model]] = {}
        for model in self.models.values():
            for kind in model.types:
                found.setdefault(kind, []).append(model)
        return {kind: tuple(models) for kind, models in found.items()}
