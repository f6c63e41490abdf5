"""The site's search index finds every question and result of the committed tree by its text."""

from __future__ import annotations

import json
from pathlib import Path

from sitepages import REPO

from decision_tree import load_tree


def test_the_real_site_indexes_the_committed_tree(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    tree = load_tree(REPO / "decision_tree" / "trees" / "choose-model.yaml")
    for question in tree.questions.values():
        assert titles[f"decision-tree/#dt-{tree.id}--q-{question.id}"] == question.text
    for outcome in tree.outcomes.values():
        assert titles[f"decision-tree/#dt-{tree.id}--o-{outcome.id}"] == outcome.title
