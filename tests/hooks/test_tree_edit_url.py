"""tree_edit_url: where the tree page's edit button goes, for the settings a site may use."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from mkdocs.config import load_config

from decision_tree import TREES_DIR, load_tree

REPO = Path(__file__).resolve().parents[2]
REPO_URL = "https://github.com/llm-model-guide/choosing-the-right-model"


def hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tree_pages", REPO / "hooks" / "tree_pages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def edit_url(**settings: Any) -> str | None:
    config = load_config(config_file=str(REPO / "mkdocs.yml"), **settings)
    tree = load_tree(TREES_DIR / "choose-model.yaml")
    result: str | None = hook().tree_edit_url(tree, config)
    return result


def test_published_settings_open_the_tree_file_on_main() -> None:
    assert edit_url() == f"{REPO_URL}/edit/main/decision_tree/trees/choose-model.yaml"


def test_another_branch_and_action_carry_over() -> None:
    assert (
        edit_url(edit_uri="blob/dev/docs/")
        == f"{REPO_URL}/blob/dev/decision_tree/trees/choose-model.yaml"
    )


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param({"edit_uri": "wiki/"}, id="edit_uri not naming the docs folder"),
        pytest.param({"edit_uri_template": "edit/main/docs/{path}"}, id="edit_uri_template"),
    ],
)
def test_settings_it_cannot_read_leave_the_page_link(settings: dict[str, str]) -> None:
    assert edit_url(**settings) is None
