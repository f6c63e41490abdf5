"""Each listed model shows the commands that run it, as recommend() gives them."""

from __future__ import annotations

import re

import pytest
from browsing import Reader, Site, axe_violations, fragment, sample_paths, with_answer
from playwright.sync_api import BrowserContext, Page, expect

from decision_tree import Tree
from decision_tree.catalogue import load_catalogue
from decision_tree.commands import tool_flags
from decision_tree.paths import TreePath
from decision_tree.recommend import Pick, recommend
from decision_tree.tree_recs import constraints_of

GPU = "one-24-gb-gpu"


@pytest.fixture(scope="module")
def chat(tree: Tree) -> TreePath:
    """A chat path on one 24 GB GPU."""
    path = next(p for p in sample_paths(tree) if p.constraints.get("job") == "chat")
    return with_answer(tree, path, "hardware", GPU)


@pytest.fixture(scope="module")
def picks(chat: TreePath) -> tuple[Pick, ...]:
    found = recommend(load_catalogue(), constraints_of("chat", chat.constraints)).models
    assert any(p.runs for p in found), "recommend() gives no command on one 24 GB GPU"
    return found


def open_result(page: Page, site: Site, tree: Tree, path: TreePath) -> None:
    page.goto(site.page_url(fragment=fragment(tree, path.steps)))
    expect(page.locator(".dt-result__models .dt-pick").first).to_be_visible()


def test_each_model_lists_its_commands(
    reader: Reader, chat: TreePath, picks: tuple[Pick, ...]
) -> None:
    reader.walk(chat.steps)
    reader.expect_outcome(chat.outcome)
    page = reader.page
    models = page.locator(".dt-result__models .dt-pick")
    expect(models).to_have_count(len(picks))
    for pick in picks:
        item = page.locator(f'.dt-result__models .dt-pick[data-dt-model="{pick.model.id}"]')
        runs = item.locator(".dt-run")
        expect(runs.locator("pre > code")).to_have_text([r.command for r in pick.runs])
        expect(runs.locator(".dt-run__why")).to_have_text([r.why for r in pick.runs])
        for run, expected in zip(runs.all(), pick.runs, strict=True):
            tool = run.locator(".dt-run__tool")
            expect(tool).to_have_text(expected.tool)
            expect(tool).to_have_attribute("href", tool_flags()[expected.tool]["install"])
            expect(
                run.get_by_role("button", name=f"Copy command for {expected.tool}", exact=True)
            ).to_be_visible()


def test_the_copy_button_copies_the_command(
    context: BrowserContext,
    page: Page,
    site: Site,
    tree: Tree,
    chat: TreePath,
    picks: tuple[Pick, ...],
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url[:-1])
    open_result(page, site, tree, chat)
    pick = next(p for p in picks if p.runs)
    run = pick.runs[-1]
    item = page.locator(f'.dt-result__models .dt-pick[data-dt-model="{pick.model.id}"]')
    item.get_by_role("button", name=f"Copy command for {run.tool}", exact=True).click()
    expect(page.locator(".dt-app [aria-live]")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == run.command


def test_without_the_clipboard_api_the_command_is_selected(
    page: Page, site: Site, tree: Tree, chat: TreePath, picks: tuple[Pick, ...]
) -> None:
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    open_result(page, site, tree, chat)
    pick = next(p for p in picks if p.runs)
    item = page.locator(f'.dt-result__models .dt-pick[data-dt-model="{pick.model.id}"]')
    item.get_by_role("button", name=f"Copy command for {pick.runs[0].tool}", exact=True).click()
    # Chromium lets execCommand("copy") copy the selection; other browsers may only select it.
    expect(page.locator(".dt-app [aria-live]")).to_have_text(
        re.compile(r"^(Copied|Selected: press Ctrl\+C to copy)$")
    )
    assert page.evaluate("getSelection().toString()") == pick.runs[0].command


def test_the_commands_screen_has_no_violations(
    page: Page, site: Site, tree: Tree, chat: TreePath
) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        open_result(page, site, tree, chat)
        expect(page.locator(".dt-run").first).to_be_visible()
        # The page around the tree is checked whole by test_every_page.py.
        assert axe_violations(page, scheme, include=".dt") == []
