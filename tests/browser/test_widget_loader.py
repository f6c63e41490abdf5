"""loader.js adds the widget's CSS and JS on pages with a tree only, once per page load."""

from __future__ import annotations

from browsing import Reader, Site
from playwright.sync_api import Page, expect

from decision_tree import Tree

WIDGET = """() => ({
  scripts: [...document.querySelectorAll('script[src*="/assets/decision-tree/"]')]
    .map(s => s.src.split("/").pop()),
  styles: [...document.styleSheets]
    .filter(s => s.href && s.href.endsWith("/decision-tree.css") && !s.disabled).length,
})"""
FILES = ["loader.js", "decision-tree-recs.js", "decision-tree-render.js", "decision-tree.js"]


def test_a_guide_page_loads_only_the_loader(page: Page, site: Site) -> None:
    page.goto(site.page_url("glossary/"))
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate(WIDGET) == {"scripts": ["loader.js"], "styles": 0}
    assert page.evaluate("window.dtWidget") is None


def test_instant_navigation_in_out_and_back_loads_the_widget_once(
    page: Page, site: Site, tree: Tree
) -> None:
    page.goto(site.page_url("glossary/"))
    page.evaluate("window.__sameDocument = true")
    nav = page.locator(".md-sidebar--primary")
    nav.get_by_role("link", name="Find your model").click()
    reader = Reader(page, tree)
    reader.expect_question(tree.start)
    assert page.evaluate(WIDGET) == {"scripts": FILES, "styles": 1}
    nav.get_by_role("link", name="Glossary").click()
    expect(page.locator(".dt")).to_have_count(0)
    nav.get_by_role("link", name="Find your model").click()
    reader.expect_question(tree.start)
    expect(page.locator(".dt-app")).to_have_count(1)
    # The stylesheet survives the page swaps (Material drops <head> tags the next page lacks).
    assert page.evaluate(WIDGET) == {"scripts": FILES, "styles": 1}
    assert page.evaluate("window.__sameDocument") is True, "the page was fully reloaded"


def test_a_full_load_of_the_tree_page_mounts_once(page: Page, site: Site, tree: Tree) -> None:
    page.goto(site.page_url())
    Reader(page, tree).expect_question(tree.start)
    expect(page.locator(".dt-app")).to_have_count(1)
    assert page.evaluate(WIDGET) == {"scripts": FILES, "styles": 1}
