"""loader.js adds the widget's CSS and JS on pages with a tree only, once per page load;
and the catalogue's and calculator's scripts on their pages only."""

from __future__ import annotations

import re

from browsing import Reader, Site, wait_for_instant_navigation
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
    wait_for_instant_navigation(page)
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


# By the resolved address (the loader writes it relative to its own folder).
PART_SCRIPTS = """() => [...document.scripts].map(s => s.src)
  .filter(src => src.includes("/assets/catalogue/")).map(src => src.split("/").pop())"""


def test_the_catalogue_filters_come_with_instant_navigation_only_there(
    page: Page, site: Site
) -> None:
    page.goto(site.page_url("glossary/"))
    page.evaluate("window.__sameDocument = true")
    wait_for_instant_navigation(page)
    assert page.evaluate(PART_SCRIPTS) == []
    page.locator(".md-sidebar--primary").get_by_role("link", name="Model catalogue").click()
    # The loader added the filter script, which mounted: the form shows and counts.
    expect(page.locator("[data-dt-filter]")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ models$"))
    assert page.evaluate(PART_SCRIPTS) == ["catalogue.js"]
    assert page.evaluate("window.__sameDocument") is True, "the page was fully reloaded"


def test_the_memory_calculator_answers_on_its_page(page: Page, site: Site) -> None:
    page.goto(site.page_url("practical/memory/"))
    form = page.locator("[data-dt-calc-form]")
    expect(form).to_be_visible()
    assert page.evaluate(PART_SCRIPTS) == ["calculator.js"]
    expect(page.locator("[data-dt-calc-out]")).not_to_be_empty()
