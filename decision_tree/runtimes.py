"""The runtimes a catalogue entry's ``runtime:`` block may name, and what each accepts.

A model that no LLM server runs from a ready-made artifact (an embedding model,
a reranker, a diffusion model, a speech model) names the runtime its card
documents. This table says, for each runtime, which kinds of model it serves,
which classes (or pipeline tasks) it loads them with, and on which machines it
runs; the catalogue checks entries against it and :mod:`decision_tree.commands`
writes the command from it. Every entry's facts come from the runtime's own
documentation, listed in ``tool_flags.yaml`` under the same ``tool``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuntimeSpec:
    """What one runtime accepts."""

    tool: str
    """Its key in ``tool_flags.yaml`` (the tool name shown beside the command)."""
    types: tuple[str, ...]
    """Catalogue types it serves."""
    devices: tuple[str, ...]
    """Machines it runs on: gpu (CUDA), apple (Metal, or the Mac's CPU), cpu."""
    classes: tuple[str, ...] = ()
    """Classes it loads models with; empty when the runtime has one entry point."""
    tasks: tuple[str, ...] = ()
    """Pipeline tasks (transformers), the alternative to a class."""


RUNTIMES: dict[str, RuntimeSpec] = {
    "sentence-transformers": RuntimeSpec(
        "sentence-transformers (Python)",
        ("embedding", "reranker"),
        ("gpu", "apple", "cpu"),
        classes=("SentenceTransformer", "CrossEncoder"),
    ),
    "flagembedding": RuntimeSpec(
        "FlagEmbedding (Python)",
        ("embedding", "reranker"),
        ("gpu", "cpu"),
        classes=("BGEM3FlagModel", "FlagReranker"),
    ),
    "diffusers": RuntimeSpec(
        "diffusers (Python)",
        ("image-generation",),
        ("gpu", "apple", "cpu"),
        classes=(
            "DiffusionPipeline",
            "FluxPipeline",
            "Flux2Pipeline",
            "Flux2KleinPipeline",
            "StableDiffusion3Pipeline",
            "StableDiffusionXLPipeline",
        ),
    ),
    "nemo": RuntimeSpec(
        "NeMo (Python)", ("speech-to-text",), ("gpu", "cpu"), classes=("ASRModel",)
    ),
    "transformers": RuntimeSpec(
        "transformers (Python)",
        ("base", "speech-to-text"),
        ("gpu", "apple", "cpu"),
        classes=("AutoModelForSequenceClassification",),
        tasks=("automatic-speech-recognition",),
    ),
    "qwen-asr": RuntimeSpec("qwen-asr (Python)", ("speech-to-text",), ("gpu",)),
    "kokoro": RuntimeSpec("kokoro (Python)", ("text-to-speech",), ("gpu", "apple", "cpu")),
    "chatterbox": RuntimeSpec("chatterbox (Python)", ("text-to-speech",), ("gpu", "apple", "cpu")),
    "coqui-tts": RuntimeSpec("Coqui TTS (Python)", ("text-to-speech",), ("gpu", "cpu")),
    "qwen-tts": RuntimeSpec("qwen-tts (Python)", ("text-to-speech",), ("gpu",)),
    "vllm": RuntimeSpec("vllm serve", ("ocr", "reranker"), ("gpu",)),
}
"""Runtime id (the ``tool`` of a ``runtime:`` block) -> what it accepts."""
