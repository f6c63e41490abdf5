"""``models verify``: compare the catalogue with the Hugging Face Hub.

For each entry this asks the Hub (through the ``huggingface_hub`` client) for
the repository's metadata and, when the entry has a context length or an
attention block, for its ``config.json``. It prints one line per difference:

- the repository is gone (``no longer on the Hub``) or was renamed or moved;
- ``params_b`` against the safetensors parameter count;
- the licence against the repository's ``license`` (card data or tag);
- gating: a gated repository whose notes do not say so, or the reverse;
- each catalogued artifact repository (GGUF, MLX, FP8, AWQ ...): still on the Hub
  under that name and, for GGUF, a ``.gguf`` file for every quant tag listed,
  reported at the artifact's ``PATH:LINE:COL``;
- ``context_tokens`` against ``max_position_embeddings``;
- the attention block against ``num_hidden_layers``, ``layer_types``,
  ``num_key_value_heads``, ``head_dim``, ``sliding_window`` and, for MLA,
  ``kv_lora_rank`` and ``qk_rope_head_dim`` (a VLM's ``text_config`` is read
  in place of the top level).

``params_b`` and ``context_tokens`` are reported only when they differ by more
than the tolerance (a share of the Hub's value); attention numbers come
straight from ``config.json`` and must match exactly.

Lines saying what could not be compared (a gated ``config.json`` without a
token, no ``config.json`` at all) are notes and do not change the exit status,
which is 0 when nothing differs, 1 when something does, 2 when the Hub cannot
be reached at all, or when some models could not be checked (time-out, rate
limit, server error) and nothing else differs.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Literal

from .catalogue_model import Artifact, Attention, Catalogue, Model
from .wording import did_you_mean

if TYPE_CHECKING:
    from huggingface_hub import HfApi, ModelInfo

TIMEOUT = 20.0
"""Seconds to wait for each answer from the Hub."""

WORKERS = 4
"""Models checked at once (the first one alone, to find out whether the Hub answers)."""

PACKED_PRECISIONS = ("int4", "mxfp4", "nvfp4")
"""Native formats that store several parameters per safetensors element, so the
Hub's parameter count is not comparable with ``params_b``."""

LICENCE_IDS: dict[str, tuple[str, ...]] = {
    "llama-3": ("llama3",),
    "llama-3.1": ("llama3.1",),
    "llama-3.2": ("llama3.2",),
    "llama-3.3": ("llama3.3",),
    "llama-4": ("llama4",),
    "openrail-plus-plus": ("openrail++",),
    "deepseek-model": ("deepseek", "other"),
    "kimi-modified-mit": ("other", "modified-mit"),
    "mistral-modified-mit": ("other", "modified-mit"),
}
"""Catalogue licence id -> the Hub ``license`` values that mean it.

A licence not listed here matches the Hub value spelled like its id, or
``other`` (what the Hub shows for a licence outside its own list)."""

_GATED_IN_NOTES = re.compile(r"\bgated\b(?! deltanet)", re.IGNORECASE)
_CONFIG = "config.json"

Kind = Literal["difference", "unchecked", "note"]


@dataclass(frozen=True)
class Finding:
    """One line of the report about one model."""

    model_id: str
    text: str
    kind: Kind = "difference"

    def line(self) -> str:
        """Return the line as printed: ``ID: text``."""
        return f"{self.model_id}: {self.text}"


class HubUnreachable(Exception):
    """The Hub did not answer at all (no connection, offline mode)."""


def accepted_licences(licence_id: str) -> tuple[str, ...]:
    """Return the Hub ``license`` values that match the catalogue's *licence_id*."""
    return LICENCE_IDS.get(licence_id, (licence_id, "other"))


def hub_licence(info: ModelInfo) -> str | None:
    """Return the repository's licence id: its card data's ``license``, else a ``license:`` tag."""
    card = info.card_data
    value = card.get("license") if card is not None else None
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str) and value:
        return value.lower()
    for tag in info.tags or ():
        if tag.startswith("license:"):
            return tag.removeprefix("license:").lower()
    return None


def compare_info(model: Model, info: ModelInfo, tolerance: float) -> list[Finding]:
    """Compare *model* with the repository metadata *info* (no network)."""
    found: list[Finding] = []

    def differ(text: str) -> None:
        found.append(Finding(model.id, text))

    if info.id != model.hf_repo:
        differ(f"hf_repo {model.hf_repo} in the catalogue, {info.id} on the Hub (renamed or moved)")
    if info.safetensors is not None and model.native_precision not in PACKED_PRECISIONS:
        hub_b = info.safetensors.total / 1e9
        line = _number_line("params_b", model.params_b, hub_b, tolerance, _billions)
        if line:
            differ(line)
    licence = hub_licence(info)
    if licence is not None and licence not in accepted_licences(model.licence.id):
        differ(f"licence {model.licence.id} in the catalogue, {licence} on the Hub")
    gated = bool(info.gated)
    noted = bool(model.notes and _GATED_IN_NOTES.search(model.notes))
    if gated and not noted:
        differ(
            "gated on the Hub (readers must accept its terms first), but its notes do not say so"
        )
    elif noted and not gated:
        differ("its notes say gated, but the Hub no longer gates it")
    return found


def text_config(config: dict[str, Any]) -> dict[str, Any]:
    """Return the language model's part of *config*: ``text_config`` when there is one."""
    inner = config.get("text_config")
    if isinstance(inner, dict) and inner:
        return {**{k: v for k, v in config.items() if k != "text_config"}, **inner}
    return config


def compare_config(model: Model, config: dict[str, Any], tolerance: float) -> list[Finding]:
    """Compare *model*'s context length and attention block with *config* (no network)."""
    found: list[Finding] = []
    text = text_config(config)
    context = _first_int(text, "max_position_embeddings", "n_positions", "max_sequence_length")
    if model.context_tokens is not None and context is not None:
        line = _number_line("context_tokens", model.context_tokens, context, tolerance, str)
        if line:
            found.append(Finding(model.id, line))
    if model.attention is not None and model.attention.kind != "none":
        found += [Finding(model.id, line) for line in _attention_lines(model.attention, text)]
    return found


def _attention_lines(attention: Attention, config: dict[str, Any]) -> list[str]:
    lines: list[str] = []

    def exact(field: str, ours: int | None, key: str, theirs: Any) -> None:
        if ours is not None and isinstance(theirs, int) and ours != theirs:
            lines.append(f"attention.{field} {ours} in the catalogue, {theirs} on the Hub ({key})")

    sliding = attention.sliding
    total = (
        attention.layers + (attention.fixed_state_layers or 0) + (sliding.layers if sliding else 0)
    )
    exact("layers (all kinds)", total, "num_hidden_layers", config.get("num_hidden_layers"))
    layer_types = config.get("layer_types")
    if isinstance(layer_types, list) and all(isinstance(t, str) for t in layer_types):
        full = sum(1 for t in layer_types if t == "full_attention")
        windowed = sum(1 for t in layer_types if t == "sliding_attention")
        if full:
            exact("layers", attention.layers, "full_attention in layer_types", full)
        if windowed:
            exact("sliding.layers", sliding.layers if sliding else 0, "layer_types", windowed)
    if attention.kind == "mla":
        exact("kv_lora_rank", attention.kv_lora_rank, "kv_lora_rank", config.get("kv_lora_rank"))
        exact(
            "qk_rope_head_dim",
            attention.qk_rope_head_dim,
            "qk_rope_head_dim",
            config.get("qk_rope_head_dim"),
        )
        return lines
    heads = config.get("num_attention_heads")
    kv_heads = config.get("num_key_value_heads", heads)
    exact("kv_heads", attention.kv_heads, "num_key_value_heads", kv_heads)
    head_dim = config.get("head_dim")
    if head_dim is None and isinstance(heads, int) and heads:
        hidden = config.get("hidden_size")
        head_dim = hidden // heads if isinstance(hidden, int) else None
    exact("head_dim", attention.head_dim, "head_dim", head_dim)
    if sliding is not None:
        exact("sliding.window", sliding.window, "sliding_window", config.get("sliding_window"))
    return lines


def _first_int(config: dict[str, Any], *keys: str) -> int | None:
    for key in keys:
        value = config.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _billions(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}"


def _number_line(
    field: str, ours: float, theirs: float, tolerance: float, shown: Callable[[float], str]
) -> str | None:
    """Return the difference line, or None when *ours* is within *tolerance* of *theirs*."""
    if theirs <= 0:
        return None
    share = abs(ours - theirs) / theirs
    if share <= tolerance:
        return None
    ours_text = f"{ours:g}" if isinstance(ours, float) else str(ours)
    return (
        f"{field} {ours_text} in the catalogue, {shown(theirs)} on the Hub "
        f"({share * 100:.1f}% apart)"
    )


class _Hub:
    """The two questions asked of the Hub, through the ``huggingface_hub`` client."""

    def __init__(self, endpoint: str | None, token: str | bool | None, timeout: float) -> None:
        from huggingface_hub import HfApi

        self.api: HfApi = HfApi(
            endpoint=endpoint, token=token, library_name="choosing-the-right-model"
        )
        self.timeout = timeout

    def info(self, repo: str) -> ModelInfo:
        return self.api.model_info(repo, timeout=self.timeout)

    def config(self, repo: str, revision: str | None) -> dict[str, Any]:
        from huggingface_hub import get_session, hf_hub_url, hf_raise_for_status
        from huggingface_hub.utils._headers import build_hf_headers

        url = hf_hub_url(repo, _CONFIG, revision=revision, endpoint=self.api.endpoint)
        headers = build_hf_headers(token=self.api.token, library_name="choosing-the-right-model")
        response = get_session().get(url, headers=headers, timeout=self.timeout)
        hf_raise_for_status(response)
        data = response.json()
        if not isinstance(data, dict):
            raise ValueError("config.json is not a JSON object")
        return data


def verify_model(model: Model, hub: _Hub, tolerance: float) -> list[Finding]:
    """Check one model against the Hub; raise :class:`HubUnreachable` if nothing answers."""
    from huggingface_hub.errors import (
        DisabledRepoError,
        GatedRepoError,
        HfHubHTTPError,
        RepositoryNotFoundError,
    )

    try:
        info = _ask(lambda: hub.info(model.hf_repo), hub)
    except (RepositoryNotFoundError, DisabledRepoError) as exc:
        if isinstance(exc, DisabledRepoError):
            return [Finding(model.id, f"{model.hf_repo} is disabled on the Hub")]
        return [Finding(model.id, f"{model.hf_repo} is no longer on the Hub")]
    except HfHubHTTPError as exc:
        if exc.response.status_code == 404:
            return [Finding(model.id, f"{model.hf_repo} is no longer on the Hub")]
        return [_unchecked(model, _http_reason(exc))]
    except _Unchecked as exc:
        return [_unchecked(model, str(exc))]
    found = compare_info(model, info, tolerance) + check_artifacts(model, hub)
    wanted = model.context_tokens is not None or (
        model.attention is not None and model.attention.kind != "none"
    )
    if not wanted:
        return found
    files = {s.rfilename for s in info.siblings} if info.siblings is not None else None
    if files is not None and _CONFIG not in files:
        found.append(_no_config(model))
        return found
    try:
        config = _ask(lambda: hub.config(info.id, info.sha), hub)
    except GatedRepoError:
        found.append(
            Finding(
                model.id,
                "config.json is gated: set HF_TOKEN (terms accepted) to check context and "
                "attention",
                "note",
            )
        )
        return found
    except HfHubHTTPError as exc:
        if exc.response.status_code == 404:
            found.append(_no_config(model))
        else:
            found.append(_unchecked(model, "config.json: " + _http_reason(exc)))
        return found
    except _Unchecked as exc:
        found.append(_unchecked(model, f"config.json: {exc}"))
        return found
    return found + compare_config(model, config, tolerance)


def quant_files(quant: str, files: set[str]) -> list[str]:
    """Return the ``.gguf`` files of *files* whose name carries the quant tag *quant*.

    The tag must stand alone in the name (``Qwen3-8B-Q4_K_M.gguf``, ``Q8_0/part-00001.gguf``),
    so ``Q4_K`` does not match ``Q4_K_M``.
    """
    tag = re.compile(rf"(^|[^A-Z0-9]){re.escape(quant.upper())}($|[^A-Z0-9_])")
    return sorted(f for f in files if f.lower().endswith(".gguf") and tag.search(f.upper()))


def check_artifacts(model: Model, hub: _Hub) -> list[Finding]:
    """Check that each artifact repository of *model* is on the Hub with the quants it lists."""
    from huggingface_hub.errors import DisabledRepoError, HfHubHTTPError, RepositoryNotFoundError

    found: list[Finding] = []
    for artifact in model.artifacts:
        repo = artifact.repo
        if repo is None:
            continue  # an Ollama tag: not a Hub repository
        at = f"{artifact.at}: " if artifact.at else ""
        name = f"{at}{artifact.kind} artifact {repo}"
        try:
            info = _ask(functools.partial(hub.info, repo), hub)
        except (RepositoryNotFoundError, DisabledRepoError):
            found.append(Finding(model.id, f"{name} is no longer on the Hub"))
            continue
        except HfHubHTTPError as exc:
            if exc.response.status_code == 404:
                found.append(Finding(model.id, f"{name} is no longer on the Hub"))
            else:
                found.append(_unchecked(model, f"{name}: {_http_reason(exc)}"))
            continue
        except _Unchecked as exc:
            found.append(_unchecked(model, f"{name}: {exc}"))
            continue
        if info.id != repo:
            found.append(Finding(model.id, f"{name} is {info.id} on the Hub (renamed or moved)"))
        found += _missing_quants(model, artifact, info, name)
    return found


def _missing_quants(model: Model, artifact: Artifact, info: ModelInfo, name: str) -> list[Finding]:
    if artifact.kind != "gguf" or not artifact.quants or info.siblings is None:
        return []
    files = {s.rfilename for s in info.siblings}
    missing = [q for q in artifact.quants if not quant_files(q, files)]
    if not missing:
        return []
    return [Finding(model.id, f"{name} has no .gguf file for {', '.join(missing)}")]


def _no_config(model: Model) -> Finding:
    # Not a difference: some publishers ship params.json (or no config) instead.
    text = "no config.json on the Hub, so context and attention are unchecked"
    return Finding(model.id, text, "note")


class _Unchecked(Exception):
    """The Hub answered too late or with something unreadable."""


def _ask(question: Callable[[], Any], hub: _Hub) -> Any:
    """Run *question*, turning transport failures into :class:`HubUnreachable` or ``_Unchecked``."""
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    try:
        return question()
    except HfHubHTTPError:
        raise
    except OfflineModeIsEnabled as exc:
        raise HubUnreachable("offline mode is on (HF_HUB_OFFLINE); unset it to verify") from exc
    except (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.ProxyError) as exc:
        raise HubUnreachable(f"cannot connect to {hub.api.endpoint} ({exc})") from exc
    except httpx2.TimeoutException as exc:
        raise _Unchecked(f"the Hub did not answer within {hub.timeout:g} s") from exc
    except httpx2.HTTPError as exc:
        raise _Unchecked(f"the connection failed ({type(exc).__name__}: {exc})") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise _Unchecked(f"the Hub's answer could not be read ({type(exc).__name__})") from exc


def _http_reason(exc: Any) -> str:
    status = exc.response.status_code
    if status == 429:
        after = exc.response.headers.get("Retry-After")
        wait = f" (retry after {after} s)" if after else ""
        return f"rate limited by the Hub (429){wait}; try again later"
    phrase = getattr(exc.response, "reason_phrase", "") or ""
    return f"the Hub answered {status}" + (f" {phrase}" if phrase else "")


def _unchecked(model: Model, reason: str) -> Finding:
    return Finding(model.id, f"not checked: {reason}", "unchecked")


def verify_catalogue(
    catalogue: Catalogue,
    model_ids: Sequence[str],
    tolerance: float,
    stdout: IO[str],
    *,
    endpoint: str | None = None,
    token: str | bool | None = None,
    timeout: float = TIMEOUT,
) -> int:
    """Compare the models *model_ids* (default: all) with the Hub; print one line per difference.

    *endpoint* defaults to ``HF_ENDPOINT`` or huggingface.co, *token* to
    ``HF_TOKEN`` or the saved login. Returns 0 when nothing differs, 1 when
    something does, 2 when the Hub cannot be reached, an id is unknown, or
    some models could not be checked and nothing else differs.
    """
    unknown = [mid for mid in model_ids if mid not in catalogue.models]
    if unknown:
        for mid in unknown:
            hint = did_you_mean(mid, catalogue.models)
            print(
                f"models verify: no model '{mid}' in the catalogue" + (f"; {hint}" if hint else ""),
                file=sys.stderr,
            )
        return 2
    if tolerance < 0:
        print("models verify: --tolerance must be 0 or more", file=sys.stderr)
        return 2
    try:
        hub = _Hub(endpoint, token, timeout)
    except ImportError:
        print(
            "models verify needs huggingface_hub: pip install -c constraints.txt -e '.[verify]'",
            file=sys.stderr,
        )
        return 2
    chosen = dict.fromkeys(model_ids)
    models = [catalogue.models[mid] for mid in chosen] if chosen else list(catalogue)
    results: list[list[Finding]] = []
    try:
        if models:
            results.append(_check_one(models[0], hub, tolerance, first=True))
    except HubUnreachable as exc:
        print(f"models verify: the Hub cannot be reached: {exc}", file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results += pool.map(lambda m: _check_one(m, hub, tolerance), models[1:])
    findings = [finding for result in results for finding in result]
    for finding in findings:
        stdout.write(finding.line() + "\n")
    differences = sum(1 for f in findings if f.kind == "difference")
    unchecked = sum(1 for f in findings if f.kind == "unchecked")
    if differences or unchecked:
        print(
            f"models verify: {differences} difference{'s' if differences != 1 else ''} "
            f"in {len(models)} model{'s' if len(models) != 1 else ''}"
            + (f"; {unchecked} not checked" if unchecked else ""),
            file=sys.stderr,
        )
    if differences:
        return 1
    return 2 if unchecked else 0


def _check_one(model: Model, hub: _Hub, tolerance: float, *, first: bool = False) -> list[Finding]:
    """:func:`verify_model`, never raising except when the *first* model finds no Hub."""
    try:
        return verify_model(model, hub, tolerance)
    except HubUnreachable as exc:
        if first:
            raise
        return [_unchecked(model, str(exc))]
    except Exception as exc:  # an answer of a shape nobody foresaw: report, never a traceback
        return [_unchecked(model, f"unexpected answer from the Hub ({type(exc).__name__}: {exc})")]
