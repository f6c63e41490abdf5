"""The memory rule against published figures, and its arithmetic on the fixture catalogue.

Golden values are sizes and KV-cache figures that someone else published
(file listings, papers, llama.cpp's own tables), with where they were read.
The rule computes from the catalogue's parameter counts and attention layout,
so a wrong bits-per-weight constant, a wrong entry or a wrong formula shows up
here as a figure more than 5% away from the published one.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURE_MODELS

from decision_tree.catalogue import load_catalogue
from decision_tree.memory import (
    GIB_TO_GB,
    TIERS,
    Device,
    best_fit,
    kv_bytes_per_token,
    kv_fixed_bytes,
    kv_gb,
    max_context,
    need_gb,
    usable_gb,
    weights_gb,
)

CATALOGUE = load_catalogue()

# (model id, precision, published GB, where it was published)
PUBLISHED_WEIGHTS = [
    ("qwen3-32b", "bf16", 65.5, "https://huggingface.co/ggml-org/Qwen3-32B-GGUF (F16 file)"),
    ("qwen3-32b", "q8", 34.8, "https://huggingface.co/ggml-org/Qwen3-32B-GGUF (Q8_0 file)"),
    ("qwen3-32b", "q4", 19.8, "https://huggingface.co/ggml-org/Qwen3-32B-GGUF (Q4_K_M file)"),
    ("qwen3-8b", "q8", 8.7, "https://ollama.com/dengcao/Qwen3-8B:Q8_0"),
    (
        "mistral-small-3.2-24b-instruct-2506",
        "q4",
        14.3,
        "https://smeltcore.com/models/mistral-small-3-2-24b/ (Q4_K_M)",
    ),
    (
        "llama-3.1-8b-instruct",
        "q4",
        4.9,
        "https://github.com/ggml-org/llama.cpp/blob/master/tools/quantize/README.md (Q4_K_M)",
    ),
    ("whisper-large-v3", "bf16", 3.09, "https://huggingface.co/openai/whisper-large-v3"),
    (
        "whisper-large-v3-turbo",
        "bf16",
        1.62,
        "https://huggingface.co/openai/whisper-large-v3-turbo",
    ),
    ("flux.1-dev", "bf16", 23.8, "https://localmodel-run.pages.dev/model/flux-1-dev"),
    (
        "stable-diffusion-3.5-large",
        "bf16",
        16.30,
        "https://huggingface.co/stabilityai/stable-diffusion-3.5-large (transformer shards)",
    ),
    (
        "stable-diffusion-3.5-medium",
        "bf16",
        4.94,
        "https://huggingface.co/stabilityai/stable-diffusion-3.5-medium (transformer)",
    ),
    (
        "stable-diffusion-xl-base-1.0",
        "bf16",
        5.14,
        "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0 (UNet, FP16)",
    ),
    (
        "deepseek-v3.2",
        "fp8",
        690,
        "https://github.com/modular/llm-inference-handbook/blob/main/src/components/ModelExplorer/index.tsx",
    ),
]

# (model id, published bytes per token at 16 bits, where)
PUBLISHED_KV = [
    # GQA: 2 x 32 layers x 8 KV heads x 128 x 2 bytes, the guide's sizing reference.
    ("llama-3.1-8b-instruct", 131_072, "128 KiB per token (project sizing reference)"),
    # MLA: (512 + 64) x 61 x 2 bytes; DeepSeek's own paper gives 70.272 KB per token.
    ("deepseek-v3.2", 70_272, "https://arxiv.org/abs/2505.09343"),
    # Hybrid linear attention: only 16 of 64 layers keep a KV cache.
    ("qwen3.6-27b", 65_536, "https://shilu.ai/articles/qwen-hf/qwen-qwen3.6-27b (64 KiB)"),
]


@pytest.mark.parametrize(("model_id", "precision", "published", "where"), PUBLISHED_WEIGHTS)
def test_weights_are_within_5_percent_of_the_published_size(
    model_id: str, precision: str, published: float, where: str
) -> None:
    computed = weights_gb(CATALOGUE.models[model_id], precision)
    assert abs(computed - published) / published <= 0.05, (
        f"{model_id} at {precision}: {computed:.2f} GB computed, {published} GB published ({where})"
    )


def test_at_least_ten_models_are_checked_against_published_sizes() -> None:
    assert len({model_id for model_id, *_ in PUBLISHED_WEIGHTS}) >= 10


@pytest.mark.parametrize(("model_id", "published", "where"), PUBLISHED_KV)
def test_kv_cache_per_token_equals_the_published_figure(
    model_id: str, published: int, where: str
) -> None:
    assert kv_bytes_per_token(CATALOGUE.models[model_id].attention) == published, where


LLAMA_CPP_ISWA = (
    "https://rl.fish.zip/r/LocalLLaMA/comments/1krr7hn/how_to_get_the_most_from_llamacpps_iswa_support"
    " (tables for llama.cpp PR https://github.com/ggml-org/llama.cpp/pull/13194)"
)


@pytest.mark.parametrize(
    ("model_id", "global_4k_mib", "local_1088_mib"),
    [("gemma-3-12b-it", 256, 340), ("gemma-3-4b-it", 80, 123.25)],
)
def test_sliding_window_kv_matches_llama_cpps_published_gemma_3_tables(
    model_id: str, global_4k_mib: float, local_1088_mib: float
) -> None:
    """llama.cpp's interleaved sliding-window tables for Gemma 3, in MiB at 16 bits.

    Global layers grow with the context (4K tokens shown); the local layers
    hold a cache of 1,088 cells (the 1,024-token window plus a 64-token
    batch) whatever the context.
    """
    model = CATALOGUE.models[model_id]
    attention = model.attention
    assert attention is not None, LLAMA_CPP_ISWA
    assert attention.sliding is not None, LLAMA_CPP_ISWA
    mib = 2**20
    assert kv_bytes_per_token(attention) * 4096 / mib == global_4k_mib, LLAMA_CPP_ISWA
    window = attention.sliding.window
    assert window == 1024
    # kv_fixed_bytes counts the window; the table's cache is 64 cells larger.
    per_cell = kv_fixed_bytes(attention, window) / window
    assert per_cell * 1088 / mib == local_1088_mib, LLAMA_CPP_ISWA
    # Past the window, more context costs only the global layers.
    assert kv_fixed_bytes(attention, 131072) == kv_fixed_bytes(attention, 2048)


# --- the rule's arithmetic, on the fixture catalogue -------------------------------------

FIXTURE = load_catalogue(FIXTURE_MODELS)


def test_real_bits_per_weight_not_a_flat_half_byte() -> None:
    dense = FIXTURE.models["dense-8b"]
    assert weights_gb(dense, "bf16") == pytest.approx(16.0)
    assert weights_gb(dense, "q8") == pytest.approx(8.5)
    assert weights_gb(dense, "q4") == pytest.approx(4.85)
    assert weights_gb(dense, "q4") > 8.0 * 0.5


def test_mla_cache_is_latent_plus_rope_per_layer() -> None:
    latent = FIXTURE.models["latent-moe"]
    assert kv_bytes_per_token(latent.attention) == (512 + 64) * 61 * 2


def test_sliding_layers_stop_growing_at_their_window() -> None:
    windowed = FIXTURE.models["windowed-4b"]
    global_per_token = 2 * 6 * 4 * 256 * 2
    window_bytes = 2 * 30 * 8 * 128 * 2 * 1024
    assert kv_bytes_per_token(windowed.attention) == global_per_token
    assert kv_gb(windowed, 512) * 1e9 == pytest.approx(
        global_per_token * 512 + 2 * 30 * 8 * 128 * 2 * 512
    )
    assert kv_gb(windowed, 32768) * 1e9 == pytest.approx(global_per_token * 32768 + window_bytes)


def test_encoders_and_speech_models_have_no_growing_cache() -> None:
    assert kv_gb(FIXTURE.models["listener"], 100_000) == 0


def test_overhead_is_ten_percent_plus_one_gb_per_device() -> None:
    dense = FIXTURE.models["dense-8b"]
    raw = weights_gb(dense, "bf16") + kv_gb(dense, 8192)
    assert need_gb(dense, "bf16", 8192) == pytest.approx(raw * 1.1 + 1)
    assert need_gb(dense, "bf16", 8192, devices=4) == pytest.approx(raw * 1.1 + 4)


def test_usable_memory_per_device() -> None:
    assert usable_gb(Device("gpu", 24)) == pytest.approx(24 * GIB_TO_GB * 0.9)
    assert usable_gb(Device("gpu", 80, 8)) == pytest.approx(8 * 80 * GIB_TO_GB * 0.9)
    assert usable_gb(Device("apple", 16)) == pytest.approx(16 * GIB_TO_GB * 2 / 3)
    assert usable_gb(Device("apple", 64)) == pytest.approx(64 * GIB_TO_GB * 3 / 4)
    assert usable_gb(Device("cpu", 32)) == pytest.approx(32 * GIB_TO_GB * 0.75)


def test_best_fit_takes_the_most_faithful_precision_that_fits() -> None:
    dense = FIXTURE.models["dense-8b"]
    assert best_fit(dense, Device("gpu", 80), 8192).precision == "bf16"  # type: ignore[union-attr]
    assert best_fit(dense, Device("gpu", 12), 8192).precision == "fp8"  # type: ignore[union-attr]
    assert best_fit(dense, Device("gpu", 8), 8192).precision == "q4"  # type: ignore[union-attr]
    assert best_fit(dense, Device("gpu", 4), 8192) is None
    assert best_fit(dense, Device("cpu", 16), 8192).precision == "q8"  # type: ignore[union-attr]


def test_a_model_shipped_at_fp8_is_never_offered_at_bf16() -> None:
    latent = FIXTURE.models["latent-moe"]
    fit = best_fit(latent, Device("gpu", 141, 8), 8192)
    assert fit is not None
    assert fit.precision == "native"
    assert best_fit(latent, Device("gpu", 80, 8), 8192).precision == "q4"  # type: ignore[union-attr]


def test_max_context_is_capped_by_memory_and_by_the_model() -> None:
    dense = FIXTURE.models["dense-8b"]
    room = max_context(dense, "q4", usable_gb(Device("gpu", 8)))
    assert 0 < room < 131072
    assert need_gb(dense, "q4", room) <= usable_gb(Device("gpu", 8))
    assert need_gb(dense, "q4", room + 1024) > usable_gb(Device("gpu", 8))
    assert max_context(dense, "q4", usable_gb(Device("gpu", 80))) == 131072
    assert max_context(dense, "bf16", 10) == 0


def test_tiers_grow_from_phone_to_server() -> None:
    sizes = [usable_gb(t.device) for t in TIERS if t.device.kind == "gpu"]
    assert sizes == sorted(sizes)
    assert TIERS[0].id == "phone"
    assert TIERS[-1].id == "gpu-8x141"
