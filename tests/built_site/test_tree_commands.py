"""Without JavaScript, the tree page's tier tables show each pick's first command."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sitepages import REPO

from decision_tree import find_trees, load_tree
from decision_tree.catalogue import load_catalogue
from decision_tree.recommend import recommend
from decision_tree.tree_recs import constraints_of

TREE_PAGE = "decision-tree/index.html"
MARKER = re.compile(r"<!--\s*decision-tree:\s*(\S+)\s*-->")


def test_a_tier_pick_shows_its_first_command(built_site: Path) -> None:
    match = MARKER.search((REPO / "docs" / "decision-tree.md").read_text(encoding="utf-8"))
    assert match, "docs/decision-tree.md has no decision-tree marker"
    (tree,) = [
        t for t in (load_tree(p, docs_dir=REPO / "docs") for p in find_trees()) if t.id == match[1]
    ]
    hardware = tree.questions["hardware"]
    gpu = next(o for o in hardware.options if o.key == "one-24-gb-gpu")
    picks = recommend(load_catalogue(), constraints_of("chat", gpu.sets)).models[:3]
    runs = [p.runs[0] for p in picks if p.runs]
    assert runs, "no chat model on one 24 GB GPU has a command"
    page = (built_site / TREE_PAGE).read_text(encoding="utf-8")
    tables = re.findall(r'<table class="dt-models dt-tiers".*?</table>', page, re.S)
    shown = {html.unescape(c) for t in tables for c in re.findall(r"<code>(.*?)</code>", t)}
    for run in runs:
        assert run.command in shown, run.command
