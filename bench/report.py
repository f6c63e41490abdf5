"""Write bench/RESULTS.md from the figures :mod:`run` gathered (bench/out/results.json).

``python bench/report.py`` rewrites RESULTS.md from the last results.json
without measuring again (handy when only the wording changes).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from common import BENCH, OUT
from machine import REFERENCE_LOOP

RESULTS = BENCH / "RESULTS.md"
FRAME_MS = 1000 / 60
ANCHORS = {
    "Source handbook page (Docusaurus)": {"js": 216, "css": 69},
    "Default Material for MkDocs page": {"js": 48, "css": 23},
}
"""Gzipped KB of JavaScript and CSS, from the issue."""
TREE_BUDGET_KB = 12
"""The widget's CSS and JS as published (10 KB until it listed models, then 15 KB counting the
commented sources; tests/built_site/test_page_weight.py)."""
TREE_PAGE_BUDGET_KB = 80
"""The tree page in all, with the recommendations its widget fetches (issue 14)."""
WORK_MEDIAN_MS = 8.0
WORK_WORST_MS = 16.0
"""Main-thread work per answer: median and worst (issue 14)."""
SCALE_TARGET_S = 1.0
SCALE_RATIO_TARGET = 2.0
"""Load, check and render of the largest tree: at most this many bare ``yaml.load`` (C)."""
CATALOGUE_TARGET_S = 1.0
"""Check (and load) plus sizing of the 1,000-model synthetic catalogue."""
LINEAR_SLACK = 1.5
"""Growth up to 1.5x the growth in nodes still counts as linear (timer noise, caches)."""


def _kb(size: float) -> str:
    return f"{size / 1024:.1f}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


# ---------------------------------------------------------------------------
# Verdicts


def _growth(scale: list[dict[str, Any]]) -> list[float]:
    """Time growth divided by node growth, from each size to the next (1.0 = linear)."""
    return [
        (b["total"] / a["total"]) / (b["nodes"] / a["nodes"]) for a, b in itertools.pairwise(scale)
    ]


def _weights(weight: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Gzipped bytes per page: page JS + search worker, page CSS, tree assets."""
    found = {}
    for page in weight:
        assets = page["assets"]
        js = sum(a["gz"] for a in assets if a["kind"] == "js")
        worker = sum(a["gz"] for a in assets if a["kind"] == "after-load" and a["owner"] == "theme")
        found[page["name"]] = {
            "js": js + worker,
            "css": sum(a["gz"] for a in assets if a["kind"] == "css"),
            # The widget's own CSS and JS: not its loader (a budget of its own) nor its data.
            "tree": sum(
                a["gz"]
                for a in assets
                if a["owner"] == "tree"
                and a["kind"] in ("css", "js")
                and not a["path"].endswith("/loader.js")
            ),
            "html": page["html_gz"],
            "page_js": js,
            "data": sum(a["gz"] for a in assets if a["kind"] == "data"),
            "widget": sum(
                a["gz"]
                for a in assets
                if a["owner"] == "tree"
                and a["kind"] in ("css", "js")
                and not a["path"].endswith("/loader.js")
            ),
        }
    return found


def _asset(r: dict[str, Any], page: str, fragment: str) -> int:
    """Return the gzipped size of the asset of *page* whose path holds *fragment*."""
    for weight in r["weight"]:
        if weight["name"] == page:
            return sum(a["gz"] for a in weight["assets"] if fragment in a["path"].split("/")[-1])
    return 0


def _verdicts(r: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    scale = r["scale"]
    growth = _growth(scale)
    largest = scale[-1]
    weights = _weights(r["weight"])
    tree = weights["tree page"]
    docusaurus = ANCHORS["Source handbook page (Docusaurus)"]
    scores = [s for lh in r["lighthouse"] for s in lh["scores"].values()]
    pages = list(dict.fromkeys(lh["page"] for lh in r["lighthouse"]))
    inter = r["interaction"]
    worst_work = inter["all"]["work_worst"]
    press_worst = inter["all"].get("press_worst", 0.0)
    rows: list[tuple[str, str, bool | None]] = [
        (
            "Build: the share of `mkdocs build` our hooks and Markdown extension take "
            "(no target set; reported)",
            f"{r['build']['hook_share'] * 100:.1f} % of MkDocs' build time "
            f"({_ms(r['build']['hook_seconds'])})",
            None,
        ),
        (
            "Tree scale: linear growth",
            "time growth / node growth: " + ", ".join(f"{g:.2f}" for g in growth),
            all(g <= LINEAR_SLACK for g in growth),
        ),
        (
            f"Tree scale: {largest['nodes']:,} nodes checked and rendered within "
            f"{SCALE_RATIO_TARGET:.0f}x a bare `yaml.load` (CSafeLoader) of the file",
            f"{_ratio(largest):.2f}x ({largest['total']:.2f} s against "
            f"{largest['yaml_load']:.2f} s, same run)"
            if _ratio(largest)
            else "not measured (PyYAML without libyaml)",
            (_ratio(largest) or 0) <= SCALE_RATIO_TARGET if _ratio(largest) else None,
        ),
        (
            f"Page weight: tree widget CSS + JS at most {TREE_BUDGET_KB} KB gzipped",
            f"{_kb(tree['tree'])} KB",
            tree["tree"] <= TREE_BUDGET_KB * 1024,
        ),
        (
            "Page weight: lighter than the source handbook page (Docusaurus)",
            f"tree page JS {tree['js'] / 1024 / docusaurus['js']:.2f}x, "
            f"CSS {tree['css'] / 1024 / docusaurus['css']:.2f}x",
            tree["js"] / 1024 < docusaurus["js"] and tree["css"] / 1024 < docusaurus["css"],
        ),
        *_weight_verdicts(weights),
        (
            f"Lighthouse: 100 in all four categories, {len(pages)} pages "
            f"({', '.join(pages)}), mobile and desktop",
            f"lowest score {min(scores)}; {sum(s == 100 for s in scores)} of {len(scores)} "
            "scores are 100",
            min(scores) == 100,
        ),
        (
            f"Interaction: main-thread work per answer (first answers after a load "
            f"included) at most {WORK_MEDIAN_MS:.0f} ms at the median and {WORK_WORST_MS:.0f} "
            "ms at worst",
            f"median {inter['all']['work_median']:.1f} ms, worst {worst_work:.1f} ms "
            f"(first answers: median {inter['first']['work_median']:.1f} ms, worst "
            f"{inter['first']['work_worst']:.1f} ms); the press before each click: median "
            f"{inter['all'].get('press_median', 0.0):.1f} ms, worst {press_worst:.1f} ms",
            inter["all"]["work_median"] <= WORK_MEDIAN_MS
            and worst_work <= WORK_WORST_MS
            and press_worst <= WORK_WORST_MS,
        ),
    ]
    if "catalogue" in r:
        rows.append(catalogue_verdict(r["catalogue"]))
    if "test_time" in r:
        t = r["test_time"]
        parts = [f"install {t['install_s']:.0f} s"] if "install_s" in t else []
        parts += [f"pytest {t['pytest_s']:.0f} s"] if t.get("pytest_s") else []
        where = f"on a fresh clone of {t['commit']}" if "commit" in t else "in the working copy"
        rows.append(
            (
                "Test time: `make test` on a fresh clone under 3 minutes on this two-core machine",
                f"{t['seconds'] // 60:.0f} min {t['seconds'] % 60:.0f} s {where}"
                + (f" ({', '.join(parts)})" if parts else "")
                + f"; {t['summary'] or 'no pytest summary'}"
                + ("" if t["returncode"] == 0 else f" (exit status {t['returncode']})"),
                t["seconds"] < 180 and t["returncode"] == 0,
            )
        )
    return rows


def _weight_verdicts(weights: dict[str, dict[str, float]]) -> list[tuple[str, str, bool | None]]:
    """The page-weight rows: guide pages against a default Material page, the tree page's total."""
    guide, tree = weights["guide page"], weights["tree page"]
    rows: list[tuple[str, str, bool | None]] = [
        (
            "Page weight: guide pages load no widget asset (only its loader)",
            f"widget assets on the guide page: {_kb(guide['widget'])} KB",
            guide["widget"] == 0,
        )
    ]
    default = weights.get("default Material page")
    if default:
        ours, theirs = guide["js"] + guide["css"], default["js"] + default["css"]
        rows.append(
            (
                "Page weight: a guide page's JS + CSS at most a default Material for MkDocs "
                "page's (built and measured in the same run)",
                f"{_kb(ours)} KB against {_kb(theirs)} KB ({ours / theirs:.2f}x; JS "
                f"{_kb(guide['js'])} / {_kb(default['js'])}, CSS {_kb(guide['css'])} / "
                f"{_kb(default['css'])})",
                ours <= theirs,
            )
        )
    total = tree["html"] + tree["css"] + tree["page_js"] + tree["data"]
    rows.append(
        (
            f"Page weight: the tree page with its recommendation data at most "
            f"{TREE_PAGE_BUDGET_KB} KB gzipped (HTML + CSS + JS + data, no fonts)",
            f"{_kb(total)} KB (HTML {_kb(tree['html'])}, CSS {_kb(tree['css'])}, JS "
            f"{_kb(tree['page_js'])}, recommendations {_kb(tree['data'])})",
            total <= TREE_PAGE_BUDGET_KB * 1024,
        )
    )
    return rows


def catalogue_verdict(c: dict[str, Any]) -> tuple[str, str, bool | None]:
    """The target row of the catalogue benchmark."""
    return (
        f"Catalogue scale: {c['models']:,} models checked and sized under "
        f"{CATALOGUE_TARGET_S:.0f} s",
        f"{_ms(c['check_and_size'])} (check + load {_ms(c['check_load'])}, "
        f"sizing {_ms(c['sizing'])}); export {_ms(c['export'])}",
        c["check_and_size"] < CATALOGUE_TARGET_S,
    )


# ---------------------------------------------------------------------------
# Sections


def _machine(r: dict[str, Any]) -> list[str]:
    rows = [[name, value] for name, value in r["machine"].items()]
    rows.append(["Lighthouse", r.get("lighthouse_version", "")])
    rows.append(["Load average (1/5/15 min) at the start", r["load_before"]])
    for phase, load in r.get("loads", {}).items():
        label = "at the end" if phase == "end" else f"as {phase} began"
        rows.append([f"Load average {label}", load])
    for key, label in (("cpu_before", "at the start"), ("cpu_after", "at the end")):
        if key in r:
            rows.append([f"Reference loop {label}", f"{r[key]:.0f} ms"])
    lines = ["## The machine", "", *_table(["", ""], rows)]
    if "cpu_before" in r:
        lines += [
            "",
            f"*Reference loop*: {REFERENCE_LOOP:,} additions in a single-threaded Python "
            "loop, median of 5 runs. The load average only shows work this machine can "
            "see; a virtual machine whose host is busy runs slower with a low load. The "
            "loop is the same in every run, so when it takes twice as long as in an "
            "earlier run, every time in this report was measured on a CPU about half as "
            "fast.",
        ]
    return lines


def _busy(r: dict[str, Any]) -> list[str]:
    """Warn when other work competed for the CPU during the run."""
    loads = [r["load_before"], *r.get("loads", {}).values()]
    peak = max(float(load.split("/")[0]) for load in loads)
    cores = int(r["machine"].get("Cores", "1"))
    if peak <= cores:
        return []
    return [
        f"**The machine was busy during this run** (1-minute load average up to {peak:.1f} "
        f"on {cores} cores, see below): other work competed for the CPU, so times are "
        "inflated and Lighthouse's CPU-based metrics (Total Blocking Time above all) are "
        "worse than on a quiet machine. Ratios within one section hold up better.",
        "",
    ]


def _build(r: dict[str, Any]) -> list[str]:
    b = r["build"]
    return [
        "## Build cost",
        "",
        f"`mkdocs build` of the whole site, {b['runs']} runs each way, alternating; "
        "medians. *Command* is the wall time of the whole command (Python start-up "
        'included); *MkDocs* is its own "Documentation built in" figure. Without the '
        "hook means the same config inherited with `hooks: []`, which leaves the tree "
        "marker unrendered (checked on every run of the benchmark).",
        "",
        *_table(
            ["", "Command", "MkDocs"],
            [
                ["With the tree hook", _ms(b["wall_with"]), _ms(b["reported_with"])],
                ["Without the hook", _ms(b["wall_without"]), _ms(b["reported_without"])],
                [
                    "Ratio (with / without)",
                    f"{b['ratio']:.3f}",
                    f"{b['reported_with'] / b['reported_without']:.3f}",
                ],
            ],
        ),
        f"The hook's share: {b['hook_share'] * 100:.1f} % of the build "
        f"({_ms(b['hook_seconds'])}). The site's own tree ({r['real_tree']['nodes']} nodes) "
        f"loads and checks in {_ms(r['real_tree']['load'])} and renders in "
        f"{_ms(r['real_tree']['render'])} on its own.",
        "",
    ]


def _ratio(size: dict[str, Any]) -> float | None:
    """Load, check and render over the bare C ``yaml.load`` of the same file."""
    bare = size.get("yaml_load")
    return size["total"] / bare if bare else None


def _scale(r: dict[str, Any]) -> list[str]:
    scale = r["scale"]
    growth = [""] + [f"{g:.2f}" for g in _growth(scale)]
    rows = [
        [
            f"{s['nodes']:,} ({s['questions']:,} questions, {s['outcomes']:,} outcomes)",
            f"{s['file_bytes'] / 1024:,.0f} KB",
            _ms(s["load"]),
            _ms(s["render"]),
            _ms(s["total"]),
            f"{s['total'] / s['nodes'] * 1e6:.0f} µs",
            growth[i],
            _ms(s["yaml_load"]) if s.get("yaml_load") else "",
            f"{_ratio(s) or 0:.2f}x" if _ratio(s) else "",
            str(s["repeat"]),
        ]
        for i, s in enumerate(scale)
    ]
    stage_names = list(scale[-1]["stages"])
    stage_rows = [[name] + [_ms(s["stages"][name]) for s in scale] for name in stage_names]
    return [
        "## Tree scale",
        "",
        "Synthetic trees (bench/synthetic.py: four answers per question, every tenth "
        "question a tick-any one, shared outcomes, Markdown with links in every text "
        "field) through `load_tree` (reading, schema, graph and Markdown checks, model) "
        "and the hook's rendering (`build_view` and the theme template). Medians of the "
        "given number of runs. *Growth* is the time ratio to the previous size divided by "
        "the node ratio: 1.0 is linear, 10 would be quadratic. The 10,000-node file is "
        "beyond the loader's limits for one file (1 MiB, 50,000 values), so they are "
        "raised for this run only. *C load* is the yardstick, a bare "
        "`yaml.load(text, Loader=yaml.CSafeLoader)` of the same file (no checks, no "
        "positions), timed in turn with each load and render; *Ratio* is the total over it "
        f"(target for the largest tree: at most {SCALE_RATIO_TARGET:.0f}x). Valid files are "
        "read from libyaml's events and pass a compiled schema check (fastjsonschema); a "
        "file with a problem is read again by the pure-Python reader and checked by "
        "jsonschema, which place and word every error.",
        "",
        *_table(
            [
                "Nodes",
                "YAML",
                "Load + check",
                "Render",
                "Total",
                "Per node",
                "Growth",
                "C load",
                "Ratio",
                "Runs",
            ],
            rows,
        ),
        "Where the time goes (one run each):",
        "",
        *_table(["Stage"] + [f"{s['nodes']:,} nodes" for s in scale], stage_rows),
    ]


def catalogue_section(c: dict[str, Any]) -> list[str]:
    """The "Catalogue scale" section, from :func:`catalogue_scale.measure`'s figures."""
    intro = (
        f"A synthetic catalogue (bench/catalogue_scale.py) of {c['models']:,} valid models "
        f"in {c['files'] - 1} files plus a licences file ({c['yaml_bytes'] / 1024:,.0f} KB "
        "of YAML, written to a temporary folder): "
        + ", ".join(f"{n} {kind}" for kind, n in c["attention"].items())
        + f" attention; {c['licences']} licences allowing, forbidding or restricting "
        "commercial use; Mixture-of-Experts counts, FP8 and MXFP4 checkpoints, languages "
        "and streaming for the speech models. *Check + load* is `check_catalogue` then "
        "`load_catalogue`, what `python -m decision_tree models check` runs (each call "
        "reads and checks every file). *Sizing* is every model at every precision "
        f"({c['precisions']}) and for every hardware tier ({c['tiers']}) with "
        "decision_tree.memory: `weights_gb`, `kv_gb`, `need_gb` and `best_fit`, "
        f"{c['figures']:,} calls in all. *Export* is `export` plus `json.dumps`, the "
        f"models.json the site publishes. Medians of {c['repeat']} runs, after one "
        "untimed warm-up run."
    )
    lines = ["## Catalogue scale", ""]
    if c.get("date"):
        lines += [
            f"Measured on its own with `{c['command']}` on {c['date']}, not as part of a "
            f"full `make bench` run (load average at the start: {c.get('load_before', '?')}).",
            "",
        ]
    lines += [
        intro,
        "",
        *_table(
            ["", "Median", "CPU time (median)", "Runs"],
            [
                [
                    "Check + load (`models check`)",
                    _ms(c["check_load"]),
                    _ms(c["check_load_cpu"]),
                    _runs(c, "check_load"),
                ],
                ["`load_catalogue` alone (one pass)", _ms(c["load"]), "", ""],
                ["Sizing", _ms(c["sizing"]), _ms(c["sizing_cpu"]), _runs(c, "sizing")],
                [
                    f"**Check + load + sizing** (target {CATALOGUE_TARGET_S:.0f} s)",
                    _ms(c["check_and_size"]),
                    _ms(c["check_load_cpu"] + c["sizing_cpu"]),
                    "",
                ],
                [
                    f"Export ({c['export_bytes'] / 1024:,.0f} KB of JSON)",
                    _ms(c["export"]),
                    "",
                    "",
                ],
            ],
        ),
        "*CPU time* is the process's own processor time: on a busy machine it stays close "
        "to what a quiet one would take, while the wall time grows with the competition.",
        "",
        f"One pass (what `load_catalogue` does), stage by stage, medians of {c['repeat']} runs:",
        "",
        *_table(["Stage", "Time"], [[k, _ms(v)] for k, v in c["stages"].items()]),
    ]
    if c.get("profile"):
        lines += [
            "Where one check + load spends its time (cProfile, the functions with the most "
            "time of their own; profiling slows everything down, so compare the shares):",
            "",
            *_table(
                ["Function", "Calls", "Own time", "With callees"],
                [
                    [
                        f"`{p['function']}`",
                        f"{p['calls']:,}",
                        _ms(p["own_s"]),
                        _ms(p["cumulative_s"]),
                    ]
                    for p in c["profile"]
                ],
            ),
        ]
    return lines


def _runs(c: dict[str, Any], key: str) -> str:
    runs = c.get(f"{key}_runs") or []
    return ", ".join(_ms(v) for v in runs)


def catalogue_not_met(c: dict[str, Any], name: str) -> str:
    """Why the catalogue target is missed, from the stage times."""
    stages = c["stages"]
    one_pass = sum(stages.values())
    schema = stages.get("JSON Schema", 0.0)
    read = stages.get("read YAML", 0.0)
    return (
        f"- **{name}.** One pass over the {c['models']:,} entries takes about "
        f"{_ms(one_pass)}, and `models check` makes two (`check_catalogue`, then "
        "`load_catalogue` reads and checks every file again), "
        f"{_ms(c['check_load'])} in all ({_ms(c['check_load_cpu'])} of CPU time). "
        "Within a pass the JSON "
        f"Schema check costs {_ms(schema)} ({schema / one_pass * 100:.0f} %): jsonschema "
        "validates every entry against `models.schema.json` recursively, in pure Python "
        "(see the profile: `descend` and `evolve`). Reading the YAML costs "
        f"{_ms(read)} ({read / one_pass * 100:.0f} %); the checks across files and "
        "building the objects are a few per cent. Sizing takes "
        f"{_ms(c['sizing'])} for {c['figures']:,} calls. Letting `load_catalogue` reuse "
        "the first pass's result would halve the check; the schema check is the rest."
    )


def _weight(r: dict[str, Any]) -> list[str]:
    lines = [
        "## Page weight",
        "",
        "Bytes of the built pages and of every stylesheet and script they load, raw and "
        "gzipped (level 6). *Theme* is Material's own CSS and JS; *tree* the widget "
        "(`assets/decision-tree/`); *site* our site-wide fixes. Material also starts its "
        "search worker on every page, which fetches the search index: listed apart.",
        "",
    ]
    head = ["", *[p["name"] for p in r["weight"]]]
    rows: list[list[str]] = []

    def row(label: str, pick: Any) -> None:
        rows.append([label, *[pick(p) for p in r["weight"]]])

    def sizes(kind: str, owner: str | None = None) -> Any:
        def pick(page: dict[str, Any]) -> str:
            chosen = [
                a
                for a in page["assets"]
                if a["kind"] == kind and (owner is None or a["owner"] == owner)
            ]
            raw = sum(a["raw"] for a in chosen)
            gz = sum(a["gz"] for a in chosen)
            return f"{_kb(raw)} / {_kb(gz)}"

        return pick

    row("HTML", lambda p: f"{_kb(p['html_raw'])} / {_kb(p['html_gz'])}")
    for kind in ("css", "js"):
        for owner in ("theme", "tree", "site"):
            row(f"{kind.upper()}, {owner}", sizes(kind, owner))
        row(f"**{kind.upper()}, all**", sizes(kind))
    row("After load: search worker (theme)", sizes("after-load", "theme"))
    row("After load: search index (site)", sizes("after-load", "site"))
    lines += ["KB raw / KB gzipped (KB = 1,024 bytes):", ""]
    lines += _table(head, rows)
    weights = _weights(r["weight"])
    compare = []
    for name, anchor in ANCHORS.items():
        compare.append([name, f"{anchor['js']}", f"{anchor['css']}", "", ""])
    for name, w in weights.items():
        label = f"Measured: {name}" if name == "default Material page" else f"Ours: {name}"
        cells = [label, _kb(w["js"]), _kb(w["css"])]
        ratios = [
            f"{w['js'] / 1024 / a['js']:.2f}x / {w['css'] / 1024 / a['css']:.2f}x"
            for a in ANCHORS.values()
        ]
        compare.append(cells + ratios)
    lines += [
        "Against the anchors from the issue (gzipped KB; our JS counts the page's "
        "scripts plus Material's search worker, as a default Material page's 48 KB "
        "appears to: its bundle is 35 KB and the worker 12 KB):",
        "",
        *_table(
            ["", "JS", "CSS", "JS / CSS vs Docusaurus", "JS / CSS vs default Material"],
            compare,
        ),
    ]
    return lines


def _lighthouse(r: dict[str, Any]) -> list[str]:
    rows = []
    for lh in r["lighthouse"]:
        s = lh["scores"]
        low, high = lh["performance_range"]
        spread = f" ({low} to {high})" if low != high else ""
        m = lh["metrics"]
        rows.append(
            [
                lh["page"],
                lh["preset"],
                f"{s['performance']}{spread}",
                str(s["accessibility"]),
                str(s["best-practices"]),
                str(s["seo"]),
                m["first-contentful-paint"],
                m["largest-contentful-paint"],
                m["total-blocking-time"],
                m["cumulative-layout-shift"],
            ]
        )
    failing = []
    for lh in r["lighthouse"]:
        failing += [f"- {lh['page']}, {lh['preset']}: {item}" for item in lh["failing"]]
        if lh["failing"] and lh.get("long_tasks"):
            failing.append(
                f"- {lh['page']}, {lh['preset']}: long tasks: " + ", ".join(lh["long_tasks"])
            )
    return [
        "## Lighthouse",
        "",
        f"Lighthouse {r.get('lighthouse_version', '')} with the system Chromium, each page "
        f"and preset run {r['lighthouse'][0]['runs']} times; the run with the median "
        "performance score is shown (the range of performance scores in brackets). The "
        "site is built for and served on loopback with gzip (bench/serve.py). Requests to "
        "api.github.com (Material's repository widget, if switched on) are blocked, as "
        "the machine may be offline; Lighthouse does not count errors of requests it "
        "blocked itself.",
        "",
        *_table(
            ["Page", "Preset", "Perf.", "A11y", "Best pr.", "SEO", "FCP", "LCP", "TBT", "CLS"],
            rows,
        ),
        "Audits that kept a category below 100 (median runs):",
        "",
        *(failing or ["- none"]),
        "",
    ]


def _interaction(r: dict[str, Any]) -> list[str]:
    inter = r["interaction"]

    def row(label: str, s: dict[str, Any]) -> list[str]:
        if not s:
            return [label, "-", "-", "-", "-", "-", "-", "-", "-"]
        timed = (
            f"{s['event_timing_median']:.0f} / {s['event_timing_worst']:.0f} "
            f"({s['event_timing_reported']} of {s['count']})"
        )
        return [
            f"{label} ({s['count']})",
            f"{s['processing_median']:.1f} / {s['processing_worst']:.1f}",
            f"{s.get('input_delay_median', 0.0):.1f} / {s.get('input_delay_worst', 0.0):.1f}",
            f"{s['work_median']:.1f} / {s['work_worst']:.1f}",
            f"{s.get('press_median', 0.0):.1f} / {s.get('press_worst', 0.0):.1f}",
            f"{s['to_paint_median']:.1f} / {s['to_paint_worst']:.1f}",
            str(s["frames_worst"]),
            timed,
            f"{s.get('after_paint_median', 0.0):.1f} / {s.get('after_paint_worst', 0.0):.1f}",
        ]

    return [
        "## Interaction latency",
        "",
        f"Chromium {inter.get('chromium', '')} (headless, Playwright), a fresh load of the "
        f"tree page for each of {inter['paths']} paths (spread evenly over the tree's paths, "
        "and the longest), every answer clicked "
        '("Continue" on the tick-any question), the button held for '
        f"{inter.get('hold_ms', 50)} ms between press and release, as a person's press "
        "spans frames (with no hold the release would reach the page in the same instant "
        "as the press and queue behind the press's own work; runs before 2026-12-05 "
        "clicked without one, and their input delay held the press). Milliseconds, "
        "median / worst. "
        "*Handlers*: from the click's timestamp until its listeners returned (the widget "
        "draws the next screen synchronously). *Input delay*: the part of *handlers* "
        "before the first listener ran, spent waiting for another task on the main "
        "thread (the page's own start-up, the garbage collector). *Work*: handlers plus "
        "the style, layout and paint of the next frame, the main-thread time an answer "
        "costs; this is what "
        "must fit in one 16.7 ms frame. *Press*: the same for the press (its "
        "`pointerdown` listeners and the frame after it, where the button takes focus and "
        "its pressed style), a frame of its own before the click. *Click to paint*: until "
        "that frame was painted, "
        "which also holds the wait for the browser's next frame. *Frames*: how many frames "
        "began between the click and the paint (1 = the very next frame). *Event Timing*: "
        "the browser's own duration up to presentation on screen, reported only from 16 ms "
        "up and in 8 ms steps; headless Chromium adds its presentation delay. *Do-nothing "
        "clicks* (on the page title) show the floor on this machine. *After paint*: the "
        "widget's own task once that frame is painted (focus to the new heading, the "
        "announcement, the route marked on the map), a task of its own that does not "
        "hold up the new screen.",
        "",
        *_table(
            [
                "Clicks",
                "Handlers",
                "Input delay",
                "Work",
                "Press",
                "Click to paint",
                "Frames",
                "Event Timing",
                "After paint",
            ],
            [
                row("All answers", inter["all"]),
                row("First answer after load", inter["first"]),
                row("Later answers", inter["later"]),
                row("Do-nothing clicks", inter["baseline"]),
            ],
        ),
    ]


def _not_met(r: dict[str, Any], verdicts: list[tuple[str, str, bool | None]]) -> list[str]:
    failed = [name for name, _, ok in verdicts if ok is False]
    lines = ["## What is not met, and why", ""]
    if not failed:
        return [*lines, "Every target is met.", ""]
    scale = r["scale"][-1]
    stages = scale["stages"]
    for name in failed:
        if name.startswith("Tree scale") and "well under" in name:
            read = stages.get("read YAML", 0.0)
            schema = stages.get("JSON Schema", 0.0)
            lines += [
                f"- **{name}.** Growth is linear, but the constant is too high for a file "
                f"this size: the {scale['nodes']:,}-node tree is "
                f"{scale['file_bytes'] / 1024 / 1024:.1f} MiB of YAML (four times the "
                f"loader's 1 MiB limit). Reading it takes {read:.1f} s: the loader composes "
                "with PyYAML's pure-Python parser so that it can place every error at its "
                "line and column and reject anchors, aliases and duplicate keys before "
                "anything is built."
                + (
                    f" Even libyaml's C composer alone, with no checks, needs "
                    f"{scale['libyaml_compose']:.1f} s for this file here."
                    if scale.get("libyaml_compose")
                    else ""
                )
                + f" The JSON Schema check takes {schema:.1f} s and "
                f"rendering {scale['render']:.1f} s (Python-Markdown for every help and "
                "summary text, through one shared converter, then nh3). The site's real "
                "tree, and any tree within the loader's limits, is far below a second "
                "(see the build section).",
            ]
        elif name.startswith("Catalogue scale"):
            lines.append(catalogue_not_met(r["catalogue"], name))
        elif name.startswith("Tree scale"):
            lines.append(f"- **{name}.** See the growth column: a step above 1.5 is suspect.")
        elif name.startswith("Page weight: a guide page's"):
            guide = next(w for w in r["weight"] if w["name"] == "guide page")
            extra = [
                a
                for a in guide["assets"]
                if a["kind"] in ("css", "js") and (a["owner"] != "theme" or "palette." in a["path"])
            ]
            listed = ", ".join(f"{a['path'].split('/')[-1]} {_kb(a['gz'])}" for a in extra)
            lines.append(
                f"- **{name}.** Material's bundle is the same file on both pages, its "
                "stylesheets are published without the rules no page of the site uses "
                "(decision_tree/css_purge.py), and the widget is no longer among a guide "
                "page's files (its loader is 0.5 KB). What remains on top is the site's, in "
                "KB gzipped: "
                f"{listed}. The palette stylesheet is Material's, for the light/dark toggle; "
                "site.css holds the phone tables, 24 px targets and print rules the "
                "accessibility tests need; the csp-*.js files are Material's inline start-up "
                "scripts moved into files so that the Content-Security-Policy can forbid "
                "inline script (a default page carries them inside its HTML instead); "
                "catalogue.css styles the model tables most guide pages show. The catalogue's "
                "filter and the memory calculator now come through the loader, as the "
                "widget does, only on their pages."
            )
        elif name.startswith("Page weight: the tree page"):
            tree = _weights(r["weight"])["tree page"]
            default = _weights(r["weight"]).get("default Material page")
            theme = ""
            if default:
                worker = _asset(r, "default Material page", "search.")
                plain = default["js"] - worker + default["css"]
                theme = f" (a default Material page's CSS and JS alone are {_kb(plain)} KB)"
            purged = _asset(r, "tree page", "main.") + _asset(r, "tree page", "palette.")
            lines.append(
                f"- **{name}.** Material's stylesheet and bundle take most of the budget"
                f"{theme}; purged of the rules no page uses, Material's stylesheets here are "
                f"{_kb(purged)} KB and its bundle {_kb(_asset(r, 'tree page', 'bundle.'))} KB. "
                f"The page's HTML ({_kb(tree['html'])} KB) holds the whole tree "
                "for readers without JavaScript (every question and recommendation as a "
                "linked section, and the map; the models by machine are on a page of their "
                f"own); the recommendations ({_kb(tree['data'])} KB) are the largest file "
                "a reader fetches for one job and one machine (every answer the build "
                "computed for that pair, with the job's own companions), fetched on the "
                "first result so that the widget never recomputes the rules. "
                "What is left for the page and its data once the theme has loaded is too "
                "little for a tree this size: meeting the budget would take a lighter "
                "theme, not only a lighter widget."
            )
        elif name.startswith("Page weight"):
            lines.append(f"- **{name}.** See the page-weight tables above.")
        elif name.startswith("Lighthouse"):
            below = [lh for lh in r["lighthouse"] if min(lh["scores"].values()) < 100]
            where = ", ".join(f"{lh['page']} ({lh['preset']})" for lh in below)
            lines.append(
                f"- **{name}.** Below 100: {where}; the audits that cost points, and the long "
                "tasks, are listed in the Lighthouse section. Lighthouse's mobile preset "
                "simulates a slow 4G link and a 4x slower CPU: first paint waits for "
                f"Material's render-blocking stylesheet ({_kb(_asset(r, 'tree page', 'main.'))} "
                "KB gzipped), and every main-thread task longer than 50 ms counts as blocking "
                "time beyond its first 50 ms. The longest is the start-up of Material's bundle "
                f"({_kb(_asset(r, 'tree page', 'bundle.'))} KB gzipped), which also pays for "
                "the page's first style and layout pass, since it reads the layout as it "
                "starts; next come parsing the page's own HTML and, on the tree page, the "
                "widget's own start, building the first question (Lighthouse may attribute "
                "that task to the last deferred script). When scripts run, that pass skips "
                "what is off screen on the long pages (content-visibility): the tree page's "
                "sections for readers without JavaScript, and the tables of each model type "
                "on the catalogue and models-by-machine pages (thousands of elements); the "
                "accessibility tests draw them before axe-core checks them. The stylesheet "
                "and the bundle belong to the theme. The bundle and our scripts are "
                "deferred; only the small helpers that must run before the first paint "
                "(Material's storage and colour-scheme scripts) still block it. The "
                "simulation scales the CPU time of an unthrottled run, so a busy machine "
                "costs points (see the load averages and the score ranges)."
            )
        elif name.startswith("Test time"):
            lines.append(
                f"- **{name}.** The suite is bound by the CPU of two cores (both busy for "
                "almost all of it, most of that in Chromium). Most of its time goes to the "
                "browser tests: every page is loaded in Chromium and checked by axe-core in "
                "light and dark colours and at phone width, and every widget test loads the "
                "tree page afresh, in a new page of a browser context its worker keeps warm "
                "(a new context per test cost about twice the CPU); the two largest pages "
                "(the catalogue and the models by machine) take the longest, colour contrast "
                "above all. The site is built once per run, by MkDocs and by Zensical, for "
                "every test that reads or serves it. Before pytest, the clone installs the "
                "virtualenv (uv, from this machine's package cache) and runs lint, type "
                "check, strict build and test tools side by side. The whole run's time "
                "varies by about a tenth from run to run on this machine."
            )
        elif name.startswith("Interaction"):
            inter = r["interaction"]
            lines.append(
                f"- **{name}.** Every answer was painted in the very next frame after its "
                f"click (worst *frames*: {inter['all']['frames_worst']}), and later answers "
                f"cost {inter['later']['work_median']:.1f} ms of work at the median "
                f"({inter['later']['work_worst']:.1f} ms at worst). The worst cases are first "
                "answers after a page load (median "
                f"{inter['first']['work_median']:.1f} ms): the click lands while the page is "
                "still settling (Material's bundle finishing its start-up, the garbage "
                "collector after the load), and the widget's functions run for the first time; "
                f"{inter['first'].get('input_delay_median', 0.0):.1f} ms of it at the median "
                f"({inter['first'].get('input_delay_worst', 0.0):.1f} ms at worst) is *input "
                "delay*, the click waiting for another task to end before any listener runs. "
                "The widget already keeps out of the answer's frame what can wait: focus on "
                "the new heading, the announcement, the new history entry and the route on "
                "the map run after the paint (*after paint* above), and the map below has a "
                "layer of its own, so a screen of another height does not repaint it."
            )
    return [*lines, ""]


def write(r: dict[str, Any], path: Path = RESULTS) -> None:
    """Write RESULTS.md from the results dict."""
    verdicts = _verdicts(r)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {r['date']} in {r['duration_s'] / 60:.1f} minutes; "
        "run it again to refresh every figure here (it needs Node.js 20 for Lighthouse, "
        "which `npm ci` installs into bench/node_modules, and Chromium). The raw "
        "Lighthouse reports and results.json land in bench/out/, which is not committed. "
        "Times depend on the machine and on what else it runs: compare ratios within one "
        "run rather than absolute figures across machines.",
        "",
        *_busy(r),
        "## Targets",
        "",
        *_table(
            ["Target", "Result", "Met"],
            [[n, res, "-" if ok is None else _yes(ok)] for n, res, ok in verdicts],
        ),
        *_not_met(r, verdicts),
        *_machine(r),
        *_build(r),
        *_scale(r),
        *(catalogue_section(r["catalogue"]) if "catalogue" in r else []),
        *_weight(r),
        *_lighthouse(r),
        *_interaction(r),
    ]
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    results = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
    write(results)
    print(f"wrote {RESULTS.relative_to(BENCH.parent)}")


if __name__ == "__main__":
    main()
