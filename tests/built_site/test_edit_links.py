"""Every "Edit this page" button opens its source on GitHub; the tree page's opens the tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitepages import DOCS, REPO, mkdocs_yml, read_page, sources, url_path

from decision_tree import find_trees, load_tree

CONFIG = mkdocs_yml()
MARKER = re.compile(r"^<!--\s*decision-tree:\s*(\S+)\s*-->$", re.M)
EDIT_PREFIX = CONFIG["repo_url"].rstrip("/") + "/edit/main/"


def edited_file(source: str) -> str:
    """The repository file a contributor should land on from docs/*source*."""
    marker = MARKER.search((DOCS / source).read_text(encoding="utf-8"))
    if marker is None:
        return f"docs/{source}"
    (tree_file,) = (p for p in find_trees() if load_tree(p).id == marker[1])
    return tree_file.resolve().relative_to(REPO).as_posix()


def test_the_tree_page_is_among_the_pages_checked() -> None:
    assert "decision_tree/trees/choose-model.yaml" in {edited_file(s) for s in sources()}


@pytest.mark.parametrize("source", sources())
def test_edit_button_opens_the_source_file(built_site: Path, source: str) -> None:
    target = edited_file(source)
    assert (REPO / target).is_file(), f"{target} does not exist: the edit link would 404"
    head = read_page(built_site / url_path(source) / "index.html")
    assert head.edit_links == [EDIT_PREFIX + target]
