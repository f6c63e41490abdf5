"""Commands that run a recommended model on the reader's machine, sized by their answers.

Generated from the catalogue (the model's repository and its ready-made
``artifacts``) and the constraints, never typed by hand: the context is the
one the reader asked for (or the job's default), capped by what fits in memory
by the guide's rule; the number of GPUs becomes the tensor-parallel size; the
precision picks the artifact (a GGUF quant tag, an MLX conversion, an FP8 or
AWQ repository). Every flag used is one ``tool_flags.yaml`` lists from the
tool's own documentation, which a test checks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .catalogue_model import Artifact, Model
from .memory import Device, max_context, usable_gb

TOOL_FLAGS_PATH = Path(__file__).parent / "tool_flags.yaml"

GGUF_QUANT = {"q4": "Q4_K_M", "q8": "Q8_0", "bf16": "BF16"}
MLX_BITS = {"q4": 4, "q8": 8, "bf16": 16}
TEXT_TYPES = ("instruct", "reasoning", "coder", "vlm", "guard", "ocr", "base")
WHISPER_SIZES = {
    "openai/whisper-large-v3": "large-v3",
    "openai/whisper-large-v3-turbo": "turbo",
    "openai/whisper-small": "small",
    "distil-whisper/distil-large-v3": "distil-large-v3",
}
"""Model sizes faster-whisper downloads by name (its README lists them)."""


@dataclass(frozen=True)
class Run:
    """One command for one tool."""

    tool: str
    command: str
    why: str
    install: str | None = None

    def to_json(self) -> dict[str, str]:
        """Return the object ``recommend --json`` gives in a model's ``run`` list."""
        found = {"tool": self.tool, "command": self.command, "why": self.why}
        if self.install:
            found["install"] = self.install
        return found


@functools.cache
def tool_flags() -> dict[str, Any]:
    """Return the tools and the flags their documentation lists (``tool_flags.yaml``)."""
    data: dict[str, Any] = yaml.safe_load(TOOL_FLAGS_PATH.read_text(encoding="utf-8"))
    tools: dict[str, Any] = data["tools"]
    return tools


def _install(tool: str) -> str | None:
    entry = tool_flags().get(tool)
    return entry.get("install") if entry else None


def _artifact(model: Model, kind: str, **match: Any) -> Artifact | None:
    for artifact in model.artifacts:
        if artifact.kind != kind:
            continue
        if "quant" in match and match["quant"] not in artifact.quants:
            continue
        if "bits" in match and artifact.bits != match["bits"]:
            continue
        return artifact
    return None


def is_text_model(model: Model) -> bool:
    """Whether the model generates text with a KV cache (the runtimes below serve it)."""
    if model.type not in TEXT_TYPES:
        return False
    return model.attention is not None and model.attention.kind != "none"


@functools.lru_cache(maxsize=65536)
def runnable(model: Model, precision: str, device: Device) -> bool:
    """Whether some command can run *model* at *precision* on *device* from what is catalogued."""
    if not is_text_model(model):
        return True
    return bool(_text_runs(model, precision, device, 8192, 8192))


def fitted_context(model: Model, precision: str, device: Device, wanted: int) -> int:
    """Return the context to start the model with: *wanted*, capped by memory and the model."""
    devices = device.count if device.kind == "gpu" else 1
    room = max_context(model, precision, usable_gb(device), devices=devices)
    limit = model.context_tokens or wanted
    return max(0, min(wanted, room, limit))


@functools.lru_cache(maxsize=65536)
def run_commands(model: Model, precision: str, device: Device, wanted: int) -> tuple[Run, ...]:
    """Return the commands for the tools that suit *device*, sized for *wanted* tokens."""
    context = fitted_context(model, precision, device, wanted)
    if model.hf_repo in WHISPER_SIZES:
        return (_faster_whisper(model, device),)
    if not is_text_model(model):
        return ()
    return _text_runs(model, precision, device, wanted, context)


def _context_why(wanted: int, context: int) -> str:
    if context < wanted:
        return (
            f"context {context:,} tokens: your {wanted:,} do not fit in memory next to the "
            "weights, by the guide's rule"
        )
    return f"context {context:,} tokens, as you asked"


def _text_runs(
    model: Model, precision: str, device: Device, wanted: int, context: int
) -> tuple[Run, ...]:
    runs: list[Run] = []
    why_ctx = _context_why(wanted, context)
    quant = GGUF_QUANT.get(precision)
    gguf = _artifact(model, "gguf", quant=quant) if quant else None
    if device.kind == "gpu":
        runs += _gpu_runs(model, precision, device, context, why_ctx)
    if device.kind == "apple":
        bits = MLX_BITS.get(precision)
        mlx = _artifact(model, "mlx", bits=bits) if bits else None
        if mlx is not None and mlx.repo:
            runs.append(
                Run(
                    "mlx_lm.server",
                    f"mlx_lm.server --model {mlx.repo}",
                    f"MLX {bits}-bit conversion for Apple silicon; it grows the KV cache "
                    f"as needed ({why_ctx})",
                    _install("mlx_lm.server"),
                )
            )
    if gguf is not None and gguf.repo and quant:
        gpu_flag = " -ngl all" if device.kind in ("gpu", "apple") else ""
        runs.append(
            Run(
                "llama-server",
                f"llama-server -hf {gguf.repo}:{quant} -c {context}{gpu_flag}",
                f"GGUF {quant} from {gguf.repo}; -c sets the {why_ctx}"
                + ("; -ngl all keeps every layer on the GPU" if gpu_flag else ""),
                _install("llama-server"),
            )
        )
        if device.kind in ("cpu", "phone", "apple") or device.memory_gb <= 24:
            runs.append(
                Run(
                    "ollama run",
                    f"ollama run hf.co/{gguf.repo}:{quant}",
                    f"the same GGUF {quant} through Ollama; set its context (num_ctx) to "
                    f"{context:,} tokens, as its default is shorter",
                    _install("ollama run"),
                )
            )
    return tuple(runs)


def _gpu_runs(
    model: Model, precision: str, device: Device, context: int, why_ctx: str
) -> list[Run]:
    repo: str | None = None
    extra = ""
    note = ""
    if precision == "native" or precision == "bf16":
        repo = model.hf_repo
        note = "the publisher's weights"
    elif precision == "fp8":
        if model.native_precision == "fp8":
            repo, note = model.hf_repo, "the publisher's FP8 weights"
        elif (fp8 := _artifact(model, "fp8")) is not None and fp8.repo:
            repo, note = fp8.repo, f"FP8 weights from {fp8.repo}"
        else:
            repo, extra = model.hf_repo, " --quantization fp8"
            note = "quantized to FP8 as it loads (--quantization fp8)"
    elif precision == "q4" and (awq := _artifact(model, "awq")) is not None and awq.repo:
        repo, note = awq.repo, f"AWQ 4-bit weights from {awq.repo}"
    if repo is None:
        return []
    tp = f" --tensor-parallel-size {device.count}" if device.count > 1 else ""
    split = f"; --tensor-parallel-size splits it across your {device.count} GPUs" if tp else ""
    runs = [
        Run(
            "vllm serve",
            f"vllm serve {repo} --max-model-len {context}{tp}{extra}",
            f"{note}; --max-model-len sets the {why_ctx}{split}",
            _install("vllm serve"),
        )
    ]
    sg_tp = f" --tp {device.count}" if device.count > 1 else ""
    runs.append(
        Run(
            "python -m sglang.launch_server",
            f"python -m sglang.launch_server --model-path {repo} --context-length {context}"
            f"{sg_tp}{extra}",
            f"the same with SGLang; --context-length sets the {why_ctx}"
            + (f"; --tp splits it across {device.count} GPUs" if sg_tp else ""),
            _install("python -m sglang.launch_server"),
        )
    )
    return runs


def _faster_whisper(model: Model, device: Device) -> Run:
    size = WHISPER_SIZES[model.hf_repo]
    on_gpu = device.kind == "gpu"
    where, compute = ("cuda", "float16") if on_gpu else ("cpu", "int8")
    return Run(
        "faster-whisper (Python)",
        f'WhisperModel("{size}", device="{where}", compute_type="{compute}")'
        '.transcribe("audio.wav")',
        f"faster-whisper downloads the {size} model; {compute} on the "
        + ("GPU" if on_gpu else "CPU"),
        _install("faster-whisper (Python)"),
    )
