"""Run every benchmark and rewrite bench/RESULTS.md (what ``make bench`` calls).

    python bench/run.py            # the full run, a few minutes
    python bench/run.py --quick    # one run of everything, to try the machinery

Builds the site once for a free loopback port (SITE_URL set to it, so
Material's instant navigation works as deployed), serves it gzipped, and runs
in turn: interaction latency, Lighthouse, page weight, build cost, tree
scale, catalogue scale and (not with --quick) the time ``make test`` takes.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import build_cost
import catalogue_scale
import interaction
import lighthouse
import machine
import page_weight
import report
import test_time
import tree_scale
from common import OUT, REPO, build_site, free_port
from serve import serving

from decision_tree import find_trees, load_tree

LIGHTHOUSE_PAGES = {
    "home": "",
    "model type": "model-types/embedding-models/",
    "tree": "decision-tree/",
    "catalogue": "models/",
}
PRESETS = ("mobile", "desktop")
_MARKER = re.compile(r"<!--\s*decision-tree:\s*(\S+)\s*-->")


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _site_tree() -> Any:
    """Return the tree that the decision-tree page shows."""
    found = _MARKER.search((REPO / "docs" / "decision-tree.md").read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit("docs/decision-tree.md has no decision-tree marker")
    for path in find_trees():
        tree = load_tree(path)
        if tree.id == found.group(1):
            return tree
    raise SystemExit(f"no tree with the id {found.group(1)!r}")


def _lighthouse(url: str, runs: int) -> list[dict[str, Any]]:
    results = []
    for page, path in LIGHTHOUSE_PAGES.items():
        for preset in PRESETS:
            reports = []
            for index in range(runs):
                _say(f"lighthouse: {page}, {preset}, run {index + 1} of {runs}")
                reports.append(lighthouse.run(url + path, f"{page}-{index}", preset))
            reports.sort(key=lambda r: r.scores["performance"])
            chosen = reports[len(reports) // 2]
            perf = [r.scores["performance"] for r in reports]
            below = {name for name, score in chosen.scores.items() if score < 100}
            results.append(
                {
                    "page": page,
                    "preset": preset,
                    "runs": runs,
                    "scores": chosen.scores,
                    "performance_range": [min(perf), max(perf)],
                    "metrics": chosen.metrics,
                    "failing": [f for f in chosen.failing if f.split(":")[0] in below],
                    "long_tasks": chosen.long_tasks,
                }
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of everything")
    parser.add_argument("--no-write", action="store_true", help="leave RESULTS.md alone")
    args = parser.parse_args()
    started = time.perf_counter()
    OUT.mkdir(exist_ok=True)
    results: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": machine.load(),
        "cpu_before": machine.cpu_reference_ms(),
        "machine": machine.describe(),
        "lighthouse_version": lighthouse.version(),
    }
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        site = Path(tmp) / "site"
        _say(f"building the site for {url}")
        build_site(site, url)
        with serving(site, port):
            _say("interaction latency: walking every path of the tree")
            loads = {"interaction": machine.load()}
            results["interaction"] = {
                **(measured := interaction.measure(url, _site_tree())).summary(),
                "chromium": measured.chromium,
            }
            loads["lighthouse"] = machine.load()
            results["lighthouse"] = _lighthouse(url, 1 if args.quick else 3)
        _say("page weight")
        results["weight"] = [asdict(w) for w in page_weight.measure(site)]
    loads["build cost"] = machine.load()
    _say("build cost: builds with and without the hook")
    cost = build_cost.measure(2 if args.quick else 9, url)
    results["build"] = cost.summary()
    loads["tree scale"] = machine.load()
    _say("tree scale: synthetic trees")
    scale = tree_scale.measure(quick=args.quick)
    results["scale"] = [{**asdict(s), "nodes": s.nodes, "total": s.total} for s in scale]
    nodes, load, render = tree_scale.real_tree()
    results["real_tree"] = {"nodes": nodes, "load": load, "render": render}
    loads["catalogue scale"] = machine.load()
    _say("catalogue scale: a synthetic catalogue of 1,000 models")
    results["catalogue"] = catalogue_scale.measure(quick=args.quick)
    if not args.quick:
        loads["make test"] = machine.load()
        _say("make test: the whole suite, timed")
        results["test_time"] = test_time.measure()
    loads["end"] = machine.load()
    results["load_after"] = loads["end"]
    results["cpu_after"] = machine.cpu_reference_ms()
    results["loads"] = loads
    results["duration_s"] = time.perf_counter() - started
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not args.no_write:
        report.write(results)
        _say(f"wrote {report.RESULTS.relative_to(REPO)}")
    _say(f"done in {results['duration_s'] / 60:.1f} minutes")


if __name__ == "__main__":
    main()
