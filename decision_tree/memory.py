"""The guide's one memory rule: what a catalogued model needs, and what a device offers.

Everything on the site that says how much memory a model needs comes from
these functions; the sizing page (``docs/practical/memory.md``) states the same
rule in words. Units: GB = 10⁹ bytes, the unit Hugging Face gives checkpoint
sizes in.

1. **Weights** = parameters x bits per weight ÷ 8, with the real bits of each
   format (:data:`BITS`), never a flat half byte at 4-bit. "As shipped" uses
   the published checkpoint size when the publisher ships another precision.
2. **KV cache** per token at 16 bits: 2 x layers x KV heads x head dim x 2 bytes
   for grouped-query attention; (kv_lora_rank + qk_rope_head_dim) x layers x 2
   bytes for multi-head latent attention; sliding-window layers hold at most
   their window; linear-attention layers a fixed state that is not counted.
3. **Overhead**: (weights + KV cache) x :data:`OVERHEAD_FACTOR` +
   :data:`OVERHEAD_GB_PER_DEVICE` for each device.
4. **Usable memory** (:func:`usable_gb`): 90% of each GPU (vLLM's default
   ``gpu_memory_utilization``); Apple silicon two thirds of RAM up to 36 GB and
   three quarters above (macOS's default GPU limit); CPU only 75% of RAM; a phone
   a third of RAM (planning rules, stated on the sizing page).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from .catalogue_model import Attention, Model

Precision = Literal["bf16", "fp8", "q8", "q4", "int4"]

BITS: dict[str, float] = {
    "bf16": 16.0,
    "fp8": 8.0,
    "q8": 8.5,
    "q4": 4.85,
    "int4": 4.25,
}
"""Bits per weight: BF16/FP16; FP8; GGUF Q8_0 (blocks of 32 with a 16-bit scale);
GGUF Q4_K_M (mixed per tensor, about 4.85); AWQ/GPTQ 4-bit and MXFP4 (about 4.25)."""

PRECISION_LABELS: dict[str, str] = {
    "bf16": "BF16",
    "fp8": "FP8",
    "q8": "Q8_0",
    "q4": "Q4_K_M",
    "int4": "4-bit AWQ/GPTQ/MXFP4",
    "native": "as shipped",
}

NATIVE_BITS: dict[str, float] = {
    "bf16": 16.0,
    "fp16": 16.0,
    "fp32": 32.0,
    "fp8": 8.0,
    "mxfp4": 4.25,
    "int4": 4.25,
    "nvfp4": 4.5,
}
"""Bits per weight of a publisher's own precision, used when no checkpoint size is recorded."""

OVERHEAD_FACTOR = 1.10
OVERHEAD_GB_PER_DEVICE = 1.0
GIB_TO_GB = 2**30 / 1e9
"""A card sold as "24 GB" holds 24 GiB: 25.8 GB in the unit used here."""
GPU_SHARE = 0.90
CPU_SHARE = 0.75
PHONE_SHARE = 1 / 3
KV_BYTES = 2
"""Bytes per cached value: a 16-bit KV cache."""


def weights_gb(model: Model, precision: str) -> float:
    """Return the weights of *model* at *precision* (a key of :data:`BITS`, or "native"), in GB."""
    if precision == "native":
        if model.checkpoint_gb is not None:
            return model.checkpoint_gb
        bits = NATIVE_BITS[model.native_precision or "bf16"]
    else:
        bits = BITS[precision]
    return model.params_b * bits / 8


def kv_bytes_per_token(attention: Attention | None) -> int:
    """Return the KV cache one token of context adds, in bytes, at 16 bits.

    Only the layers whose cache grows with the context count: sliding-window
    layers are bounded by their window (see :func:`kv_fixed_bytes`) and
    linear-attention layers keep a fixed state.
    """
    if attention is None or attention.kind == "none":
        return 0
    if attention.kind == "mla":
        assert attention.kv_lora_rank is not None
        assert attention.qk_rope_head_dim is not None
        return (attention.kv_lora_rank + attention.qk_rope_head_dim) * attention.layers * KV_BYTES
    assert attention.kv_heads is not None
    assert attention.head_dim is not None
    return 2 * attention.layers * attention.kv_heads * attention.head_dim * KV_BYTES


def kv_fixed_bytes(attention: Attention | None, context: int) -> int:
    """Return what the sliding-window layers hold at *context* tokens, in bytes."""
    if attention is None or attention.sliding is None:
        return 0
    sliding = attention.sliding
    heads = sliding.kv_heads or attention.kv_heads or 0
    dim = sliding.head_dim or attention.head_dim or 0
    return 2 * sliding.layers * heads * dim * KV_BYTES * min(context, sliding.window)


def kv_gb(model: Model, context: int, requests: int = 1) -> float:
    """Return the KV cache of *requests* concurrent requests of *context* tokens, in GB."""
    per_request = kv_bytes_per_token(model.attention) * context + kv_fixed_bytes(
        model.attention, context
    )
    return per_request * requests / 1e9


def need_gb(
    model: Model, precision: str, context: int, *, devices: int = 1, requests: int = 1
) -> float:
    """Return the memory *model* needs at *precision* and *context*, overhead included, in GB."""
    raw = weights_gb(model, precision) + kv_gb(model, context, requests)
    return raw * OVERHEAD_FACTOR + OVERHEAD_GB_PER_DEVICE * max(devices, 1)


def max_context(model: Model, precision: str, available_gb: float, *, devices: int = 1) -> int:
    """Return the longest context that fits *available_gb* at *precision* (0 if the weights do not).

    Never more than the model's own context length; for a model whose
    catalogue entry gives none, what the memory allows.
    """
    limit = model.context_tokens
    spare = (available_gb - OVERHEAD_GB_PER_DEVICE * max(devices, 1)) / OVERHEAD_FACTOR
    spare -= weights_gb(model, precision)
    if spare <= 0:
        return 0
    per_token = kv_bytes_per_token(model.attention)
    if per_token == 0:
        return limit or 0
    # Sliding layers cost at most their window; count that first, then the rest grows.
    fixed = kv_fixed_bytes(model.attention, limit if limit else 1 << 40) / 1e9
    tokens = max(0, int((spare - fixed) * 1e9 // per_token))
    return tokens if limit is None else min(limit, tokens)


DeviceKind = Literal["gpu", "apple", "cpu", "phone"]


@dataclass(frozen=True)
class Device:
    """Memory a reader has: *count* GPUs of *memory_gb* each, or one machine's RAM."""

    kind: DeviceKind
    memory_gb: float
    """As marketed: a "24 GB" card, a "16 GB" Mac."""
    count: int = 1


def usable_gb(device: Device) -> float:
    """Return the memory a model may use on *device*, in GB (10⁹ bytes), by the guide's rule."""
    if device.kind == "gpu":
        return device.memory_gb * GIB_TO_GB * GPU_SHARE * max(device.count, 1)
    ram = device.memory_gb * GIB_TO_GB
    if device.kind == "apple":
        return ram * (2 / 3 if device.memory_gb <= 36 else 3 / 4)
    if device.kind == "cpu":
        return ram * CPU_SHARE
    return ram * PHONE_SHARE


@dataclass(frozen=True)
class Fit:
    """The smallest precision at which a model fits a device, and what it then needs."""

    precision: str
    need_gb: float
    usable_gb: float


FIT_ORDER: dict[DeviceKind, tuple[str, ...]] = {
    "gpu": ("bf16", "fp8", "q8", "q4"),
    "apple": ("bf16", "q8", "q4"),
    "cpu": ("q8", "q4"),
    "phone": ("q4",),
}
"""Precisions tried on each kind of device, from the most faithful down. GPUs
run BF16 and FP8 checkpoints (vLLM, SGLang) as well as GGUF files; CPUs and
phones run GGUF files (llama.cpp); Macs run MLX (BF16) or GGUF."""


def candidate_precisions(model: Model, kind: DeviceKind = "gpu") -> tuple[str, ...]:
    """Return the precisions worth trying for *model* on *kind*, most faithful first.

    A model shipped at lower precision than BF16 (gpt-oss's MXFP4 experts) is
    tried as shipped first, then at the formats smaller than that.
    """
    order = FIT_ORDER[kind]
    if model.native_precision in (None, "bf16", "fp16", "fp32"):
        return order
    native_bits = NATIVE_BITS[model.native_precision]
    lower = tuple(p for p in order if BITS[p] < native_bits)
    return ("native", *lower) if kind in ("gpu", "apple") else lower or order[-1:]


@functools.lru_cache(maxsize=65536)
def best_fit(model: Model, device: Device, context: int) -> Fit | None:
    """Return the most faithful precision at which *model* fits *device* at *context*, or None."""
    available = usable_gb(device)
    devices = device.count if device.kind == "gpu" else 1
    for precision in candidate_precisions(model, device.kind):
        needed = need_gb(model, precision, context, devices=devices)
        if needed <= available:
            return Fit(precision, needed, available)
    return None


@dataclass(frozen=True)
class Tier:
    """A kind of machine a reader recognises, with the memory the guide sizes it for."""

    id: str
    label: str
    device: Device
    note: str
    """What the guide assumes, in words."""


TIERS: tuple[Tier, ...] = (
    Tier("phone", "A phone", Device("phone", 8), "a phone with 8 GB of RAM"),
    Tier("cpu-16", "A computer without a GPU", Device("cpu", 16), "16 GB of RAM, no GPU"),
    Tier("laptop-8", "A laptop with an 8 GB GPU", Device("gpu", 8), "one 8 GB GPU"),
    Tier("mac-16", "A Mac with 16 GB", Device("apple", 16), "16 GB of unified memory"),
    Tier("mac-64", "A Mac with 64 GB", Device("apple", 64), "64 GB of unified memory"),
    Tier("gpu-12", "One 12-16 GB GPU", Device("gpu", 12), "one 12 GB GPU (the smaller end)"),
    Tier("gpu-24", "One 24 GB GPU", Device("gpu", 24), "one 24 GB GPU"),
    Tier("gpu-32", "One 32-48 GB GPU", Device("gpu", 32), "one 32 GB GPU (the smaller end)"),
    Tier("gpu-80", "One 80 GB GPU", Device("gpu", 80), "one 80 GB data-centre GPU"),
    Tier("gpu-2x80", "Two 80 GB GPUs", Device("gpu", 80, 2), "two 80 GB GPUs"),
    Tier("gpu-4x80", "Four 80 GB GPUs", Device("gpu", 80, 4), "four 80 GB GPUs"),
    Tier("gpu-8x80", "Eight 80 GB GPUs", Device("gpu", 80, 8), "an 8 x 80 GB server (H100 class)"),
    Tier("gpu-8x141", "Eight 141 GB GPUs", Device("gpu", 141, 8), "an 8 x 141 GB server (H200)"),
)
"""The machines the catalogue page filters by and the tree asks about, smallest first."""

TIER_BY_ID = {tier.id: tier for tier in TIERS}

DEFAULT_CONTEXT = 8192
"""The context a model is sized for when the reader has not said (an ordinary chat or page)."""


def sized_context(model: Model, context: int = DEFAULT_CONTEXT) -> int:
    """Return *context*, capped by the model's own limit where it has one."""
    return min(context, model.context_tokens) if model.context_tokens else context
