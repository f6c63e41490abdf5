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
from .runtimes import RUNTIMES

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
    if model.hf_repo in WHISPER_SIZES:
        return True
    if not is_text_model(model):
        return bool(_runtime_runs(model, precision, device))
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
        return _runtime_runs(model, precision, device)
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


# --- models no LLM server runs: the runtime their card documents (``runtime:``) ---

COQUI_NAMES = {"coqui/XTTS-v2": "tts_models/multilingual/multi-dataset/xtts_v2"}
"""Coqui TTS loads models by its own name, which the model card gives."""

NEMO_TRANSCRIBE = {"nvidia/canary-1b-v2": ', source_lang="en", target_lang="en"'}
"""Arguments the card passes to ``transcribe`` (Canary translates too, so it needs both)."""

QWEN3_RERANKER_OVERRIDES = (
    '{"architectures": ["Qwen3ForSequenceClassification"], '
    '"classifier_from_token": ["no", "yes"], "is_original_qwen3_reranker": true}'
)
"""What vLLM's Qwen3-Reranker example passes so the checkpoint serves as a scorer."""

KOKORO_ON_MAC = "cpu"
"""kokoro's KPipeline takes device "cuda" or "cpu"; a Mac runs it on the CPU."""


@dataclass(frozen=True)
class _Place:
    """Where a Python runtime puts the model, and at which precision."""

    device: str
    """The PyTorch device: cuda, mps or cpu."""
    dtype: str
    """float32, float16 or bfloat16."""
    words: str
    """How the *why* names it."""


def _place(device: Device) -> _Place:
    if device.kind == "gpu":
        return _Place("cuda", "bfloat16", "bfloat16 on the GPU")
    if device.kind == "apple":
        return _Place("mps", "float16", "float16 on the Mac's GPU (Metal, device mps)")
    return _Place("cpu", "float32", "float32 on the CPU, which needs twice the 16-bit memory")


@functools.lru_cache(maxsize=65536)
def _runtime_runs(model: Model, precision: str, device: Device) -> tuple[Run, ...]:
    """Return the command for the runtime the card documents, or () if none suits the answers.

    These runtimes load the publisher's 16-bit weights (float32 on a CPU), so
    only the 16-bit precision is runnable; a machine kind the runtime does not
    run on gets nothing, and the recommender leaves the model out there.
    """
    runtime = model.runtime
    if runtime is None or precision != "bf16":
        return ()
    spec = RUNTIMES.get(runtime.tool)
    if spec is None or device.kind not in spec.devices:
        return ()
    build = _BUILDERS[runtime.tool]
    found = build(model, _place(device), device)
    if found is None:
        return ()
    command, why = found
    return (Run(spec.tool, command, why, _install(spec.tool)),)


def _remote(model: Model) -> str:
    return ", trust_remote_code=True" if model.runtime and model.runtime.trust_remote_code else ""


def _remote_why(model: Model) -> str:
    if model.runtime and model.runtime.trust_remote_code:
        return "; trust_remote_code=True runs the model code from its repository, as its card asks"
    return ""


def _sentence_transformers(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    assert model.runtime is not None
    cls = model.runtime.cls or "SentenceTransformer"
    dtype = "" if at.dtype == "float32" else f', model_kwargs={{"torch_dtype": "{at.dtype}"}}'
    call = (
        '.predict([("a query", "a passage")])'
        if cls == "CrossEncoder"
        else '.encode(["A sentence to embed"])'
    )
    command = f'{cls}("{model.hf_repo}", device="{at.device}"{dtype}{_remote(model)}){call}'
    return command, f"sentence-transformers loads {model.hf_repo}; {at.words}" + _remote_why(model)


def _flagembedding(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    assert model.runtime is not None
    fp16 = at.device == "cuda"
    if model.runtime.cls == "FlagReranker":
        call = '.compute_score([["a query", "a passage"]])'
    else:
        call = '.encode(["A sentence to embed"])["dense_vecs"]'
    command = f'{model.runtime.cls}("{model.hf_repo}", use_fp16={fp16}){call}'
    why = (
        "FlagEmbedding, as its card shows; use_fp16=True computes in float16 on the GPU"
        if fp16
        else "FlagEmbedding, as its card shows; use_fp16=False keeps float32 on the CPU"
    )
    return command, why


def _diffusers(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    assert model.runtime is not None
    command = (
        f'{model.runtime.cls}.from_pretrained("{model.hf_repo}", torch_dtype=torch.{at.dtype})'
        f'.to("{at.device}")("A photo of a cat").images[0].save("image.png")'
    )
    return command, f"the diffusers pipeline its card uses ({model.runtime.cls}); {at.words}"


def _nemo(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    extra = NEMO_TRANSCRIBE.get(model.hf_repo, "")
    command = (
        f'ASRModel.from_pretrained("{model.hf_repo}", map_location="{at.device}")'
        f'.transcribe(["audio.wav"]{extra})[0].text'
    )
    where = "the GPU" if at.device == "cuda" else "the CPU"
    return (
        command,
        f"NVIDIA NeMo's ASR collection, as its card shows; map_location puts it on {where}",
    )


def _transformers(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    assert model.runtime is not None
    if model.runtime.task:
        command = (
            f'pipeline("{model.runtime.task}", model="{model.hf_repo}", device="{at.device}", '
            f'torch_dtype=torch.{at.dtype})("audio.wav")["text"]'
        )
        return command, f"a transformers {model.runtime.task} pipeline; {at.words}"
    command = (
        f'{model.runtime.cls}.from_pretrained("{model.hf_repo}", num_labels=2).to("{at.device}")'
    )
    why = (
        "the encoder with a new classification head (2 labels here), ready to fine-tune "
        "on your labelled examples; it loads in float32, the usual start for training"
    )
    return command, why


def _qwen_asr(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    command = (
        f'Qwen3ASRModel.from_pretrained("{model.hf_repo}", dtype=torch.{at.dtype}, '
        f'device_map="cuda:0").transcribe(audio="audio.wav", language=None)[0].text'
    )
    return command, "the qwen-asr package its card documents; language=None detects the language"


def _kokoro(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    where = KOKORO_ON_MAC if at.device == "mps" else at.device
    command = (
        f'for i, (_, _, audio) in enumerate(KPipeline(lang_code="a", repo_id="{model.hf_repo}", '
        f'device="{where}")("Hello there.", voice="af_heart")): '
        'sf.write(f"{i}.wav", audio, 24000)'
    )
    why = (
        'the kokoro package its card documents; lang_code "a" is American English, and each '
        "chunk is written as a 24 kHz WAV file"
        + ("; kokoro runs on the Mac's CPU" if at.device == "mps" else "")
    )
    return command, why


def _chatterbox(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    command = (
        f'model = ChatterboxTTS.from_pretrained(device="{at.device}"); '
        'ta.save("speech.wav", model.generate("Hello there."), model.sr)'
    )
    return command, f"the chatterbox-tts package its card documents, on device {at.device}"


def _coqui(model: Model, at: _Place, device: Device) -> tuple[str, str] | None:
    name = COQUI_NAMES.get(model.hf_repo)
    if name is None:
        return None
    gpu = at.device == "cuda"
    command = (
        f'TTS("{name}", gpu={gpu}).tts_to_file(text="Hello there.", speaker_wav="voice.wav", '
        'language="en", file_path="speech.wav")'
    )
    return command, (
        "Coqui TTS, as its card shows; speaker_wav is a short recording of the voice to clone"
        + ("; gpu=True runs it on the GPU" if gpu else "")
    )


def _qwen_tts(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    command = (
        f'wavs, sr = Qwen3TTSModel.from_pretrained("{model.hf_repo}", device_map="cuda:0", '
        f'dtype=torch.{at.dtype}).generate_voice_clone(text="Hello there.", '
        'language="English", ref_audio="voice.wav", ref_text="What voice.wav says."); '
        'sf.write("speech.wav", wavs[0], sr)'
    )
    return command, (
        "the qwen-tts package its card documents; this base model clones the voice of "
        "ref_audio, whose words ref_text gives"
    )


def _vllm(model: Model, at: _Place, device: Device) -> tuple[str, str]:
    extra = " --trust-remote-code" if model.runtime and model.runtime.trust_remote_code else ""
    note = "the publisher's weights through vLLM's OpenAI-compatible server"
    if model.type == "reranker":
        extra += f" --hf-overrides '{QWEN3_RERANKER_OVERRIDES}'"
        note += "; --hf-overrides loads the checkpoint as a scorer, as vLLM's example does"
    if extra.startswith(" --trust-remote-code"):
        note += "; --trust-remote-code runs the model code from its repository"
    return f"vllm serve {model.hf_repo}{extra}", note


_BUILDERS: dict[str, Any] = {
    "sentence-transformers": _sentence_transformers,
    "flagembedding": _flagembedding,
    "diffusers": _diffusers,
    "nemo": _nemo,
    "transformers": _transformers,
    "qwen-asr": _qwen_asr,
    "kokoro": _kokoro,
    "chatterbox": _chatterbox,
    "coqui-tts": _coqui,
    "qwen-tts": _qwen_tts,
    "vllm": _vllm,
}
"""Runtime id -> the function that writes its command and its *why*."""
