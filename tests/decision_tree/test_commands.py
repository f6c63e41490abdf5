"""Run commands: sized by the answers, pointing at catalogued artifacts, documented flags only."""

from __future__ import annotations

import functools
import json
import re
import shlex

from conftest import FIXTURE_MODELS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tree.catalogue import load_catalogue
from decision_tree.commands import (
    GGUF_QUANT,
    WHISPER_SIZES,
    fitted_context,
    is_text_model,
    run_commands,
    runnable,
    tool_flags,
)
from decision_tree.memory import TIERS, Device, max_context, usable_gb
from decision_tree.recommend import JOBS, Constraints, recommend
from decision_tree.runtimes import RUNTIMES

FIXTURE = load_catalogue(FIXTURE_MODELS)
CATALOGUE = load_catalogue()
DENSE = FIXTURE.models["dense-8b"]


def commands(precision: str, device: Device, wanted: int = 8192) -> list[tuple[str, str]]:
    return [(r.tool, r.command) for r in run_commands(DENSE, precision, device, wanted)]


def test_a_computer_without_a_gpu_gets_llama_cpp_and_ollama() -> None:
    assert commands("q4", Device("cpu", 16)) == [
        ("llama-server", "llama-server -hf example/Dense-8B-GGUF:Q4_K_M -c 8192"),
        ("ollama run", "ollama run hf.co/example/Dense-8B-GGUF:Q4_K_M"),
    ]


def test_a_mac_gets_mlx_then_llama_cpp_on_metal() -> None:
    assert commands("q4", Device("apple", 16)) == [
        ("mlx_lm.server", "mlx_lm.server --model example/Dense-8B-4bit"),
        ("llama-server", "llama-server -hf example/Dense-8B-GGUF:Q4_K_M -c 8192 -ngl all"),
        ("ollama run", "ollama run hf.co/example/Dense-8B-GGUF:Q4_K_M"),
    ]


def test_one_gpu_at_16_bit_gets_vllm_and_sglang_on_the_publishers_weights() -> None:
    assert commands("bf16", Device("gpu", 80), 32768) == [
        ("vllm serve", "vllm serve example/Dense-8B --max-model-len 32768"),
        (
            "python -m sglang.launch_server",
            "python -m sglang.launch_server --model-path example/Dense-8B --context-length 32768",
        ),
    ]


def test_several_gpus_split_the_model_with_tensor_parallelism() -> None:
    assert commands("fp8", Device("gpu", 24, 4)) == [
        (
            "vllm serve",
            "vllm serve example/Dense-8B-FP8 --max-model-len 8192 --tensor-parallel-size 4",
        ),
        (
            "python -m sglang.launch_server",
            "python -m sglang.launch_server --model-path example/Dense-8B-FP8"
            " --context-length 8192 --tp 4",
        ),
    ]


def test_4_bit_on_a_gpu_uses_the_awq_repository_or_gguf() -> None:
    found = commands("q4", Device("gpu", 8))
    assert found[0] == ("vllm serve", "vllm serve example/Dense-8B-AWQ --max-model-len 8192")
    assert (
        "llama-server",
        "llama-server -hf example/Dense-8B-GGUF:Q4_K_M -c 8192 -ngl all",
    ) in found


def test_the_context_is_reduced_to_what_fits_and_the_why_says_so() -> None:
    device = Device("gpu", 8)
    (vllm, *_) = run_commands(DENSE, "q4", device, 131072)
    room = max_context(DENSE, "q4", usable_gb(device))
    assert f"--max-model-len {room}" in vllm.command
    assert room < 131072
    assert "do not fit in memory" in vllm.why


def test_whisper_runs_with_faster_whisper_on_the_device_it_has() -> None:
    whisper = CATALOGUE.models["whisper-large-v3"]
    (gpu,) = run_commands(whisper, "bf16", Device("gpu", 8), 8192)
    (cpu,) = run_commands(whisper, "q8", Device("cpu", 16), 8192)
    assert (
        gpu.command
        == 'WhisperModel("large-v3", device="cuda", compute_type="float16").transcribe("audio.wav")'
    )
    assert (
        cpu.command
        == 'WhisperModel("large-v3", device="cpu", compute_type="int8").transcribe("audio.wav")'
    )


# --- every command the recommender can produce, checked against the tools' documented flags ---


_STRING = re.compile(r'f?"(?:[^"\\]|\\.)*"' + r"|'(?:[^'\\]|\\.)*'")
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\(")
_KEYWORD = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)=(?!=)")


def _python_names(command: str) -> set[str]:
    """Every call (``NAME(``, last dotted part and full dotted name) and keyword (``NAME=``)."""
    code = _STRING.sub('""', command)
    names = set()
    for call in _CALL.findall(code):
        names.add(call.split(".")[-1] + "(")
    names |= {k + "=" for k in _KEYWORD.findall(code)}
    # A plain assignment (wavs, sr = ... / model = ...) is not a keyword argument.
    for statement in code.split(";"):
        head = statement.strip().split("(", 1)[0]
        if "=" in head:
            names -= {n.strip() + "=" for n in head.split("=")[0].split(",")}
    return names


def _documented(known: dict[str, str]) -> set[str]:
    """The tool's documented calls and keywords, in the form :func:`_python_names` gives."""
    found = set()
    for key in known:
        name = re.match(r"[A-Za-z_][A-Za-z0-9_.]*[(=]?", key)
        if name:
            found.add(name.group(0).split(".")[-1])
    return found


def _flags_ok(tool: str, command: str) -> list[str]:
    known = tool_flags()[tool]["flags"]
    if tool.endswith("(Python)"):
        return sorted(_python_names(command) - _documented(known))
    words = shlex.split(command)
    prefix = tool.split()
    assert words[: len(prefix)] == prefix, (tool, command)
    unknown = []
    for word in words[len(prefix) :]:
        if word.startswith("-") and word not in known:
            unknown.append(word)
    if tool == "ollama run":
        arg = words[2]
        form = "run hf.co/OWNER/REPO:QUANT" if arg.startswith("hf.co/") else "run MODEL:TAG"
        if form not in known:
            unknown.append(form)
    return unknown


@functools.cache
def _every_pick() -> list:  # type: ignore[type-arg]
    picks = []
    for job in JOBS:
        for tier in TIERS:
            for context in (None, 131072):
                device = tier.device
                answer = recommend(
                    CATALOGUE,
                    Constraints(
                        job=job,
                        memory_gb=device.memory_gb,
                        gpus=device.count if device.kind == "gpu" else 0,
                        device=None if device.kind == "gpu" else device.kind,
                        context_tokens=context,
                    ),
                )
                wanted = context or JOBS[job].default_context
                picks += [(device, wanted, p) for p in answer.models]
                picks += [(device, context or 8192, p) for c in answer.companions for p in c.models]
    return picks


def test_every_generated_command_uses_only_documented_flags() -> None:
    problems = []
    for _, _, pick in _every_pick():
        for run in pick.runs:
            bad = _flags_ok(run.tool, run.command)
            if bad:
                problems.append(f"{run.command}: {bad}")
    assert not problems, "\n".join(sorted(set(problems))[:20])
    assert sum(len(p.runs) for _, _, p in _every_pick()) > 500


def test_every_listed_text_model_comes_with_a_command_that_matches_the_answers() -> None:
    for device, context, pick in _every_pick():
        model = pick.model
        if not is_text_model(model):
            continue
        assert pick.runs, f"{model.id} on {device} has no command"
        limit = fitted_context(model, pick.precision, device, context)
        for run in pick.runs:
            words = shlex.split(run.command)
            for flag in ("--max-model-len", "--context-length", "-c"):
                if flag in words:
                    value = int(words[words.index(flag) + 1])
                    # A server started with room for no tokens runs nothing (a model whose
                    # entry gives no context length once got 0 here).
                    assert value >= 1, run.command
                    assert value <= limit, (run.command, limit)
                    assert value <= max_context(
                        model,
                        pick.precision,
                        usable_gb(device),
                        devices=device.count if device.kind == "gpu" else 1,
                    )
            for flag in ("--tensor-parallel-size", "--tp"):
                if flag in words:
                    assert int(words[words.index(flag) + 1]) == device.count
            if device.kind == "gpu" and device.count > 1 and run.tool == "vllm serve":
                assert "--tensor-parallel-size" in words
            if "-hf" in words:
                repo, quant = words[words.index("-hf") + 1].rsplit(":", 1)
                listed = [a for a in model.artifacts if a.kind == "gguf" and a.repo == repo]
                assert listed, run.command
                assert quant in listed[0].quants, run.command
                assert quant == GGUF_QUANT[pick.precision]
            served = [a.repo for a in model.artifacts if a.repo] + [model.hf_repo]
            for word in words:
                if word.count("/") == 1 and ":" not in word and "(" not in word:
                    assert word in served, (word, run.command)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(m.id for m in CATALOGUE if is_text_model(m))),
    st.sampled_from(list(TIERS)),
    st.sampled_from([4096, 8192, 32768, 131072, 1_000_000]),
)
def test_commands_never_ask_for_more_context_than_fits(model_id: str, tier, wanted: int) -> None:  # type: ignore[no-untyped-def]
    model = CATALOGUE.models[model_id]
    for precision in ("bf16", "fp8", "q8", "q4"):
        for run in run_commands(model, precision, tier.device, wanted):
            context = fitted_context(model, precision, tier.device, wanted)
            assert context <= wanted
            if model.context_tokens:
                assert context <= model.context_tokens
            assert str(context) in run.command or run.tool in ("mlx_lm.server", "ollama run")


# --- models no LLM server runs: the runtime their card documents ---


def runs_of(model_id: str, device: Device, precision: str = "bf16") -> list[tuple[str, str]]:
    model = CATALOGUE.models[model_id]
    return [(r.tool, r.command) for r in run_commands(model, precision, device, 8192)]


def test_embeddings_run_in_sentence_transformers_at_16_bits_on_a_gpu_and_32_on_a_cpu() -> None:
    repo = "sentence-transformers/all-MiniLM-L6-v2"
    assert runs_of("all-minilm-l6-v2", Device("gpu", 24)) == [
        (
            "sentence-transformers (Python)",
            f'SentenceTransformer("{repo}", device="cuda", '
            'model_kwargs={"torch_dtype": "bfloat16"}).encode(["A sentence to embed"])',
        )
    ]
    assert runs_of("all-minilm-l6-v2", Device("apple", 16)) == [
        (
            "sentence-transformers (Python)",
            f'SentenceTransformer("{repo}", device="mps", '
            'model_kwargs={"torch_dtype": "float16"}).encode(["A sentence to embed"])',
        )
    ]
    assert runs_of("all-minilm-l6-v2", Device("cpu", 16)) == [
        (
            "sentence-transformers (Python)",
            f'SentenceTransformer("{repo}", device="cpu").encode(["A sentence to embed"])',
        )
    ]


def test_a_card_that_asks_for_remote_code_gets_it() -> None:
    ((_, command),) = runs_of("nomic-embed-text-v1.5", Device("cpu", 16))
    assert command.endswith(', trust_remote_code=True).encode(["A sentence to embed"])')


def test_image_models_run_in_the_diffusers_pipeline_their_card_names() -> None:
    repo = "black-forest-labs/FLUX.1-schnell"
    tail = '("A photo of a cat").images[0].save("image.png")'
    expected = {
        Device("gpu", 80): f'torch_dtype=torch.bfloat16).to("cuda"){tail}',
        Device("apple", 64): f'torch_dtype=torch.float16).to("mps"){tail}',
        Device("cpu", 64): f'torch_dtype=torch.float32).to("cpu"){tail}',
    }
    for device, end in expected.items():
        assert runs_of("flux.1-schnell", device) == [
            ("diffusers (Python)", f'FluxPipeline.from_pretrained("{repo}", {end}')
        ]


def test_nemo_runs_on_a_gpu_or_a_cpu_but_is_not_offered_on_a_mac() -> None:
    repo = "nvidia/parakeet-tdt-0.6b-v2"
    assert runs_of("parakeet-tdt-0.6b-v2", Device("gpu", 8)) == [
        (
            "NeMo (Python)",
            f'ASRModel.from_pretrained("{repo}", map_location="cuda").transcribe(["audio.wav"])'
            "[0].text",
        )
    ]
    ((_, cpu),) = runs_of("parakeet-tdt-0.6b-v2", Device("cpu", 16))
    assert 'map_location="cpu"' in cpu
    assert runs_of("parakeet-tdt-0.6b-v2", Device("apple", 16)) == []
    assert not runnable(CATALOGUE.models["parakeet-tdt-0.6b-v2"], "bf16", Device("apple", 16))


def test_gpu_only_runtimes_give_nothing_elsewhere_and_nothing_runs_at_fp8() -> None:
    for model_id in ("qwen3-tts-12hz-0.6b-base", "qwen3-asr-1.7b", "qwen3-reranker-0.6b"):
        assert runs_of(model_id, Device("gpu", 24))
        assert runs_of(model_id, Device("cpu", 64)) == []
        assert runs_of(model_id, Device("apple", 64)) == []
        # The runtimes load 16-bit weights: an FP8 pick would not be what they run.
        assert runs_of(model_id, Device("gpu", 24), "fp8") == []


def test_the_qwen3_reranker_is_served_as_a_scorer_by_vllm() -> None:
    ((tool, command),) = runs_of("qwen3-reranker-4b", Device("gpu", 24))
    words = shlex.split(command)
    assert (tool, words[:3]) == ("vllm serve", ["vllm", "serve", "Qwen/Qwen3-Reranker-4B"])
    overrides = json.loads(words[words.index("--hf-overrides") + 1])
    assert overrides["architectures"] == ["Qwen3ForSequenceClassification"]


def test_kokoro_on_a_mac_runs_on_its_cpu() -> None:
    ((_, command),) = runs_of("kokoro-82m", Device("apple", 16))
    assert 'device="cpu"' in command
    ((_, command),) = runs_of("kokoro-82m", Device("gpu", 8))
    assert 'device="cuda"' in command


def test_a_model_without_a_documented_runtime_is_not_runnable_anywhere() -> None:
    for model in CATALOGUE:
        if is_text_model(model) or model.runtime or model.hf_repo in WHISPER_SIZES:
            continue
        for tier in TIERS:
            assert not runnable(model, "bf16", tier.device), model.id


# Where each Python runtime's command says the model goes, per machine.
_DEVICE_WORDS = re.compile(
    r'(?:device|map_location)="([a-z]+)"|device_map="([a-z]+)|\.to\("([a-z]+)"\)'
    r"|gpu=(True|False)|use_fp16=(True|False)"
)
_SUITS = {
    "gpu": {"cuda", "True"},
    "apple": {"mps", "cpu"},
    "cpu": {"cpu", "False"},
    "phone": {"cpu", "False"},  # faster-whisper's CPU build is all a phone is offered
}


def test_every_listed_model_and_companion_has_a_command_that_suits_the_machine() -> None:
    listed = 0
    for device, _, pick in _every_pick():
        listed += 1
        model = pick.model
        assert pick.runs, f"{model.id} is listed on {device} without a command"
        for run in pick.runs:
            spec = RUNTIMES.get(model.runtime.tool) if model.runtime else None
            if spec is not None:
                assert device.kind in spec.devices, (model.id, device)
                assert run.tool == spec.tool
            if run.tool == "vllm serve" or run.tool.startswith("python -m sglang"):
                assert device.kind == "gpu", (run.command, device)
            if run.tool.endswith("(Python)"):
                places = {g for m in _DEVICE_WORDS.finditer(run.command) for g in m.groups() if g}
                assert places, run.command
                assert places <= _SUITS[device.kind], (run.command, device)
                if device.kind == "gpu" and "torch." in run.command:
                    assert "torch.float32" not in run.command, run.command
                if device.kind in ("cpu", "phone"):
                    assert "float16" not in run.command, run.command
            served = [a.repo for a in model.artifacts if a.repo] + [model.hf_repo]
            for repo in re.findall(r'"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)"', run.command):
                assert repo in served, (repo, run.command)
    kinds = {p.model.type for _, _, p in _every_pick()}
    assert {"embedding", "reranker", "image-generation", "text-to-speech"} <= kinds
    assert listed > 1000
