"""axe-core finds no WCAG 2.2 A/AA violation on the tree page, in any state, light or dark."""

from __future__ import annotations

from typing import Literal

import pytest
from browsing import (
    AXE_COLOUR_RULES,
    Site,
    axe_violations,
    fragment,
    paths_through_multiple,
    tick_all,
)
from playwright.sync_api import Page, expect

from decision_tree import Tree
from decision_tree.paths import iter_paths

JS = "text/javascript"


def states(tree: Tree) -> dict[str, str]:
    """Name -> fragment of the states worth checking."""
    multiple = paths_through_multiple(tree)
    path = multiple[0] if multiple else next(iter_paths(tree))
    steps = tick_all(tree, path)
    at_multiple = next(
        (i for i, s in enumerate(steps) if tree.questions[s.question].multiple), None
    )
    result: dict[str, str] = {
        "first question": "",
        "result with companions": fragment(tree, steps),
        "mid-way, map marked": fragment(tree, steps[:1]),
        "tampered link notice": f"{tree.id}:nonsense=1",
    }
    if at_multiple is not None:
        result["multi-select question"] = fragment(tree, steps[:at_multiple])
    return result


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "state",
    [
        "first question",
        "multi-select question",
        "mid-way, map marked",
        "result with companions",
        "tampered link notice",
    ],
)
def test_tree_page_has_no_violations(
    page: Page, site: Site, tree: Tree, state: str, scheme: Literal["light", "dark"]
) -> None:
    fragments = states(tree)
    if state not in fragments:
        pytest.fail(f"the tree has no {state!r} state to check")
    page.emulate_media(color_scheme=scheme)
    page.goto(site.page_url(fragment=fragments[state]))
    page.locator(".dt-stage .dt-heading").wait_for()
    expect(page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default"
    )
    # The page around the tree is the same in every state (test_every_page.py checks
    # it whole): past the first question only the tree itself is checked again.
    include = None if state == "first question" else ".dt"
    assert axe_violations(page, state, include=include) == []


def test_tree_page_without_javascript_has_no_violations(page: Page, site: Site) -> None:
    # axe needs JavaScript itself, so the site's scripts are served empty instead.
    page.route("**/*.js", lambda route: route.fulfill(body="", content_type=JS))
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(site.page_url())
        assert page.locator("[data-dt-static]").is_visible()
        # Dark changes colours only: the colour rules run again on the same markup.
        rules = AXE_COLOUR_RULES if scheme == "dark" else None
        assert axe_violations(page, f"no JavaScript [{scheme}]", rules=rules) == []
