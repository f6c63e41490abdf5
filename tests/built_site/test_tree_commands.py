"""Without JavaScript, the tables by machine show each pick's first command, and the tree
page links each job to its table."""

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
BY_MACHINE_PAGE = "models-by-machine/index.html"
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
    page = (built_site / BY_MACHINE_PAGE).read_text(encoding="utf-8")
    tables = re.findall(r'<table class="dt-models dt-tiers".*?</table>', page, re.S)
    shown = {html.unescape(c) for t in tables for c in re.findall(r"<code>(.*?)</code>", t)}
    for run in runs:
        assert run.command in shown, run.command


def test_each_job_on_the_tree_page_links_to_its_table_by_machine(built_site: Path) -> None:
    tree_page = (built_site / TREE_PAGE).read_text(encoding="utf-8")
    by_machine = (built_site / BY_MACHINE_PAGE).read_text(encoding="utf-8")
    (tree,) = [t for t in (load_tree(p, docs_dir=REPO / "docs") for p in find_trees())]
    links = dict(
        re.findall(
            r'data-dt-tiers="([^"]+)">.*?<a href="\.\./models-by-machine/#([^"]+)"', tree_page, re.S
        )
    )
    jobs = {o.id for o in tree.outcomes.values() if o.job or o.companion}
    assert set(links) == jobs
    sections = by_machine.split('<section class="dt-bymachine"')[1:]
    for outcome, anchor in links.items():
        # The anchor is in exactly one section, which names the job and holds a table.
        (section,) = [s for s in sections if f'id="{anchor}"' in s]
        assert html.escape(tree.outcomes[outcome].title) in section, outcome
        assert '<table class="dt-models dt-tiers"' in section, outcome
    # Jobs whose tables are the same share one: no two tables are alike.
    tables = re.findall(r"<tbody>.*?</tbody>", by_machine, re.S)
    assert len(tables) == len(set(tables)) == len(sections)
    # The tree page itself carries no table by machine any more.
    assert "<table" not in tree_page
