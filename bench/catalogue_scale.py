"""Catalogue scale: a synthetic catalogue of 1,000 valid models through check, sizing and export.

    python bench/catalogue_scale.py            # print the figures as JSON
    python bench/catalogue_scale.py --quick    # one run of each, to try it
    python bench/catalogue_scale.py --markdown # the RESULTS.md section instead

The catalogue is written to a temporary folder as several files (one per
synthetic family, plus ``licences.yaml``), in the same shape as
``decision_tree/models/``: grouped-query attention with and without sliding
windows or linear-attention layers, multi-head latent attention, models
without a sized KV cache, Mixture-of-Experts counts, FP8 and MXFP4
checkpoints, speech models with languages and ``streaming``, and licences
that allow, forbid or restrict commercial use. Every entry is valid: the
benchmark stops if the checker reports an error.

Three things are timed, as medians of several runs:

* *check + load*: :func:`check_catalogue` followed by :func:`load_catalogue`,
  which is what ``python -m decision_tree models check`` does (the two calls
  read and check the files once each);
* *sizing*: every model at every precision and for every hardware tier with
  :mod:`decision_tree.memory` (``weights_gb``, ``kv_gb``, ``need_gb`` and
  ``best_fit`` over ``TIERS``);
* *export*: :func:`decision_tree.export.export` and ``json.dumps`` of the
  result, the ``models.json`` the site publishes.

The target is check + load + sizing under one second. Each stage of the
check is also timed once, and a cProfile run of check + load lists the
functions where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from common import REPO, median

from decision_tree import catalogue as catalogue_module
from decision_tree.catalogue import check_catalogue, find_catalogue_files, load_catalogue
from decision_tree.catalogue_model import Catalogue
from decision_tree.export import export
from decision_tree.memory import BITS, TIERS, best_fit, kv_gb, need_gb, sized_context, weights_gb
from decision_tree.schema_check import check_schema
from decision_tree.yaml_source import read_source

MODELS = 1_000
FAMILIES = 10
"""Files the models are spread over (100 models each), besides licences.yaml."""
TARGET_S = 1.0
HEADER = "# yaml-language-server: $schema=../models.schema.json\n"
PRECISIONS = (*BITS, "native")

LICENCES: dict[str, dict[str, Any]] = {
    "apache-2.0": {
        "name": "Apache License 2.0",
        "url": "https://www.apache.org/licenses/LICENSE-2.0",
        "commercial": True,
    },
    "mit": {"name": "MIT License", "url": "https://opensource.org/license/mit", "commercial": True},
    "cc-by-nc-4.0": {
        "name": "Creative Commons Attribution-NonCommercial 4.0",
        "url": "https://creativecommons.org/licenses/by-nc/4.0/",
        "commercial": False,
    },
    "synthetic-community": {
        "name": "Synthetic Community Licence",
        "url": "https://example.org/licences/community",
        "commercial": "conditional",
        "condition": "Commercial use is allowed below 100 million monthly active users.",
    },
    "synthetic-research": {
        "name": "Synthetic Research Licence",
        "url": "https://example.org/licences/research",
        "commercial": False,
        "condition": "Research and non-commercial use only.",
    },
    "synthetic-open-weights": {
        "name": "Synthetic Open Weights Licence",
        "url": "https://example.org/licences/open-weights",
        "commercial": "conditional",
        "condition": "Attribution in the product and a use policy that passes on to derivatives.",
    },
}

# One slot per twentieth of the catalogue: the mix of types, roughly as in the real one.
TYPE_MIX = (
    "instruct",
    "instruct",
    "instruct",
    "instruct",
    "instruct",
    "instruct",
    "reasoning",
    "reasoning",
    "coder",
    "coder",
    "vlm",
    "vlm",
    "guard",
    "base",
    "embedding",
    "embedding",
    "reranker",
    "ocr",
    "speech-to-text",
    "text-to-speech",
)
GENERATORS = ("instruct", "reasoning", "coder", "vlm", "guard", "base")
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "zh", "ja", "ko", "ar", "hi", "ru")
SIZES_B = (0.6, 1.7, 4.0, 8.2, 14.8, 24.0, 32.8, 70.6, 120.0, 235.0, 480.0, 685.0)


def _attention(index: int, params_b: float) -> dict[str, Any]:
    """One of the attention layouts the catalogue sizes, chosen by *index*."""
    layers = 24 + (index % 5) * 8
    layout = index % 5
    if layout == 0:
        return {"kind": "mla", "layers": layers, "kv_lora_rank": 512, "qk_rope_head_dim": 64}
    attention: dict[str, Any] = {
        "kind": "gqa",
        "layers": layers,
        "kv_heads": (2, 4, 8)[index % 3],
        "head_dim": 128 if params_b < 100 else 256,
    }
    if layout == 1:
        # Five sliding-window layers for each global one (Gemma-like).
        attention["layers"] = max(1, layers // 6)
        attention["sliding"] = {
            "layers": layers - attention["layers"],
            "window": (512, 1024, 4096)[index % 3],
        }
    elif layout == 2:
        # Three linear-attention layers for each full one (Qwen3.5-like).
        attention["layers"] = max(1, layers // 4)
        attention["fixed_state_layers"] = layers - attention["layers"]
    elif layout == 3:
        attention["sliding"] = {"layers": layers, "window": 128, "kv_heads": 8, "head_dim": 64}
    return attention


def _model(family: int, number: int, index: int, today: dt.date) -> dict[str, Any]:
    """The data of synthetic model *index*, the *number*-th of its *family*."""
    kind = TYPE_MIX[index % len(TYPE_MIX)]
    org = f"Synthetic-Lab-{family}"
    name = f"Synth-{family}-{number}-{kind}"
    params = SIZES_B[index % len(SIZES_B)] if kind in GENERATORS else (0.1, 0.6, 2.0)[index % 3]
    year, month = 2024 + index % 3, 1 + index % 12
    released = f"{year}-{month:02d}"
    if dt.date(year, month, 1) > today:
        released = f"{today.year - 1}-{month:02d}"
    model: dict[str, Any] = {
        "id": name.lower(),
        "name": name,
        "hf_repo": f"{org}/{name}",
        "type": kind,
        "params_b": params,
    }
    if kind == "instruct" and index % 3 == 0:
        model["also"] = ["reasoning"]
    if kind in GENERATORS and params >= 24 and index % 2 == 0:
        model["active_params_b"] = round(params / 10, 1)
    if kind not in ("speech-to-text", "text-to-speech"):
        model["context_tokens"] = (8192, 32768, 131072, 262144)[index % 4]
    if kind in GENERATORS or kind == "ocr":
        model["attention"] = _attention(index, params)
    else:
        model["attention"] = {"kind": "none"}
    if kind in GENERATORS and index % 7 == 0:
        model["native_precision"] = "fp8"
        model["checkpoint_gb"] = round(params * 1.01, 1)
    elif kind in GENERATORS and index % 11 == 0:
        model["native_precision"] = "mxfp4"
    model["licence"] = list(LICENCES)[index % len(LICENCES)]
    if kind in ("embedding", "reranker", "ocr", "speech-to-text", "text-to-speech"):
        count = 1 + index % len(LANGUAGES)
        model["languages"] = list(LANGUAGES[:count])
        if index % 2:
            model["language_count"] = 50 + index % 50
    if kind in ("speech-to-text", "text-to-speech"):
        model["streaming"] = index % 2 == 0
    model["released"] = released
    if number > 0 and index % 9 == 0:
        model["superseded_by"] = f"synth-{family}-{number - 1}-{TYPE_MIX[(index - 1) % 20]}"
    model["notes"] = (
        f"Synthetic entry {index} for the catalogue benchmark; {kind} model of family {family}."
    )
    model["sources"] = [
        f"https://huggingface.co/{org}/{name}",
        f"https://huggingface.co/{org}/{name}/blob/main/config.json",
    ]
    model["reviewed"] = (today - dt.timedelta(days=index % 120)).isoformat()
    return model


def write_catalogue(
    folder: Path, models: int = MODELS, families: int = FAMILIES, today: dt.date | None = None
) -> list[Path]:
    """Write a valid synthetic catalogue of *models* entries into *folder*; return its files."""
    today = today or dt.date.today()
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "licences.yaml"]
    text = yaml.safe_dump({"version": 1, "licences": LICENCES}, sort_keys=False, width=100)
    paths[0].write_text(HEADER + text, encoding="utf-8")
    per_family = -(-models // families)
    for family in range(families):
        start = family * per_family
        entries = [
            _model(family, number, start + number, today)
            for number in range(min(per_family, models - start))
        ]
        if not entries:
            break
        path = folder / f"family-{family:02d}.yaml"
        text = yaml.safe_dump(
            {"version": 1, "models": entries}, sort_keys=False, allow_unicode=True, width=100
        )
        path.write_text(HEADER + text, encoding="utf-8")
        paths.append(path)
    return paths


def check_and_load(folder: Path) -> Catalogue:
    """What ``models check`` does: report every problem, then build the catalogue."""
    diagnostics = check_catalogue(folder)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise SystemExit("synthetic catalogue is invalid:\n" + "\n".join(map(str, errors[:5])))
    return load_catalogue(folder)


def size_everything(catalogue: Catalogue) -> int:
    """Size every model at every precision and for every tier; return the number of figures."""
    figures = 0
    for model in catalogue:
        context = sized_context(model)
        longest = model.context_tokens or context
        for precision in PRECISIONS:
            weights_gb(model, precision)
            need_gb(model, precision, context)
            need_gb(model, precision, longest)
            figures += 3
        kv_gb(model, context)
        kv_gb(model, longest)
        figures += 2
        for tier in TIERS:
            best_fit(model, tier.device, context)
            figures += 1
    return figures


def _timed(action: Callable[[], Any], repeat: int) -> tuple[float, list[float], float, Any]:
    """Return the median wall time, every wall time, the median CPU time, and the result."""
    times = []
    cpu = []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return median(times), times, median(cpu), result


def _stages(folder: Path, repeat: int) -> dict[str, float]:
    """Time one pass stage by stage (medians of *repeat*): reading, schema, cross checks, build."""
    runs = [_stage_times(folder) for _ in range(repeat)]
    return {name: median([run[name] for run in runs]) for name in runs[0]}


def _stage_times(folder: Path) -> dict[str, float]:
    files = find_catalogue_files(folder)
    times: dict[str, float] = {}
    start = time.perf_counter()
    sources = [(path.name, read_source(path)) for path in files]
    times["read YAML"] = time.perf_counter() - start
    start = time.perf_counter()
    for _, source in sources:
        check_schema(source, "catalogue")
    times["JSON Schema"] = time.perf_counter() - start
    start = time.perf_counter()
    cross = catalogue_module._CrossCheck(sources, dt.date.today(), {})
    cross.run()
    times["checks across files"] = time.perf_counter() - start
    start = time.perf_counter()
    cross.build()
    times["build objects"] = time.perf_counter() - start
    return times


def _profile(folder: Path, top: int = 12) -> list[dict[str, Any]]:
    """Return the functions with the most own time in one check + load, from cProfile."""
    profiler = cProfile.Profile()
    profiler.enable()
    check_and_load(folder)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, line, function), (_, calls, own, cumulative, _) in raw.items():
        rows.append(
            {
                "function": f"{_where(filename)}:{line}({function})",
                "calls": calls,
                "own_s": own,
                "cumulative_s": cumulative,
            }
        )
    rows.sort(key=lambda r: r["own_s"], reverse=True)
    return rows[:top]


def _where(filename: str) -> str:
    """A profiled file's name without the machine's folders."""
    path = Path(filename)
    for root in (Path(yaml.__file__).parent.parent, REPO):
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return path.name if path.is_absolute() else filename


def measure(quick: bool = False, models: int = MODELS) -> dict[str, Any]:
    """Write the synthetic catalogue, time check + load, sizing and export; return the figures."""
    repeat = 1 if quick else 5
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as tmp:
        folder = Path(tmp) / "models"
        paths = write_catalogue(folder, models)
        check_and_load(folder)  # warm the schema validator and imports once, untimed
        check, check_runs, check_cpu, catalogue = _timed(lambda: check_and_load(folder), repeat)
        load, _, _, _ = _timed(lambda: load_catalogue(folder), repeat)
        sizing, sizing_runs, sizing_cpu, figures = _timed(
            lambda: size_everything(catalogue), repeat
        )
        exported, _, _, text = _timed(lambda: json.dumps(export(catalogue)), repeat)
        stages = _stages(folder, repeat)
        profile = [] if quick else _profile(folder)
        kinds: dict[str, int] = {}
        for model in catalogue:
            kind = model.attention.kind if model.attention else "none"
            if model.attention and model.attention.sliding:
                kind += " + sliding"
            if model.attention and model.attention.fixed_state_layers:
                kind += " + linear"
            kinds[kind] = kinds.get(kind, 0) + 1
        return {
            "models": len(catalogue),
            "licences": len(catalogue.licences),
            "files": len(paths),
            "yaml_bytes": sum(p.stat().st_size for p in paths),
            "attention": dict(sorted(kinds.items())),
            "tiers": len(TIERS),
            "precisions": len(PRECISIONS),
            "figures": figures,
            "repeat": repeat,
            "check_load": check,
            "check_load_runs": check_runs,
            "check_load_cpu": check_cpu,
            "load": load,
            "sizing": sizing,
            "sizing_runs": sizing_runs,
            "sizing_cpu": sizing_cpu,
            "check_and_size": check + sizing,
            "export": exported,
            "export_bytes": len(text.encode("utf-8")),
            "target_s": TARGET_S,
            "met": check + sizing < TARGET_S,
            "stages": stages,
            "profile": profile,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each")
    parser.add_argument(
        "--markdown", action="store_true", help="print the RESULTS.md section, not JSON"
    )
    args = parser.parse_args()
    import machine
    import report

    load_before = machine.load()
    results = measure(quick=args.quick)
    results["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["load_before"] = load_before
    flags = " --quick" if args.quick else ""
    results["command"] = f"python bench/catalogue_scale.py{flags}" + (
        " --markdown" if args.markdown else ""
    )
    if args.markdown:
        # The pieces `make bench` puts into RESULTS.md: the target row, the reason if it
        # is not met, and the section.
        name, result, ok = report.catalogue_verdict(results)
        lines = [f"| {name} | {result} | {'yes' if ok else '**no**'} |", ""]
        if not ok:
            lines += [report.catalogue_not_met(results, name), ""]
        lines += report.catalogue_section(results)
        sys.stdout.write("\n".join(lines).rstrip("\n") + "\n")
    else:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
