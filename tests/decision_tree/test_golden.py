"""Golden tests: ``paths`` and ``graph`` output for fixture trees in golden/.

Each ``golden/NAME.yaml`` has ``NAME.paths.md`` (the paths table) and
``NAME.mmd`` (the Mermaid flowchart) beside it. After an intended change of
output, regenerate them and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/decision_tree/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURE_DOCS, GOLDEN

from decision_tree import load_tree
from decision_tree.mermaid import to_mermaid
from decision_tree.paths import paths_table

TREES = sorted(GOLDEN.glob("*.yaml"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _compare(actual: str, golden: Path) -> None:
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden.name} missing: run with UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")


def test_there_are_golden_trees():
    assert TREES


@pytest.mark.parametrize("tree_path", TREES, ids=[t.stem for t in TREES])
def test_paths_table_matches_golden(tree_path: Path):
    tree = load_tree(tree_path, docs_dir=FIXTURE_DOCS)
    _compare(paths_table(tree, tree_path), tree_path.with_suffix(".paths.md"))


@pytest.mark.parametrize("tree_path", TREES, ids=[t.stem for t in TREES])
def test_mermaid_matches_golden(tree_path: Path):
    tree = load_tree(tree_path, docs_dir=FIXTURE_DOCS)
    _compare(to_mermaid(tree), tree_path.with_suffix(".mmd"))
