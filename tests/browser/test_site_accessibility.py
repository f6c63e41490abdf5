"""Accessibility beyond the per-page axe runs of test_every_page.py.

That axe really runs WCAG 2.2's target-size rule, that a reader's dark scheme
stays chosen on the next page, and that a table too wide for a very small
window can still be scrolled from the keyboard.
"""

from __future__ import annotations

from browsing import AXE_TAGS, Site, axe_run, wait_for_instant_navigation
from playwright.sync_api import Page, expect

SCROLLING_TABLE = "Table, scrolls sideways"


def test_axe_checks_target_size(page: Page, site: Site) -> None:
    # WCAG 2.2's 2.5.8 (target size, tag wcag22aa) is off by default in axe: the tags must run it.
    page.goto(site.page_url("model-types/base-models/"))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    response = axe_run(page, options)
    ran = {item["id"] for kind in ("passes", "violations", "incomplete") for item in response[kind]}
    assert "target-size" in ran, sorted(ran)


def test_the_dark_scheme_chosen_stays_on_the_next_pages(page: Page, site: Site) -> None:
    page.goto(site.url)
    page.get_by_title("Switch to dark mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    # A full load (Material keeps the choice in localStorage), then instant navigation.
    page.goto(site.page_url("glossary/"))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    wait_for_instant_navigation(page)
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(lambda url: "glossary" not in url)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_a_wide_table_scrolls_from_the_keyboard(page: Page, site: Site) -> None:
    # Tables fit a 390 px phone (test_every_page.py); in a 250 px window (a small
    # phone, or a zoomed one) the weight-formats table is still wider than the screen.
    page.set_viewport_size({"width": 250, "height": 700})
    page.goto(site.page_url("practical/weight-formats/"))
    region = page.get_by_role("region", name=SCROLLING_TABLE)
    expect(region).to_have_count(1)
    page.locator(".md-footer__link--next").focus()
    tabs = 0
    while not region.evaluate("el => el === document.activeElement") and tabs < 200:
        page.keyboard.press("Shift+Tab")
        tabs += 1
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    # In a wide window the table fits: its wrapper leaves the tab order again.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(region).to_have_count(0)
    expect(page.locator(".md-typeset__scrollwrap[tabindex]")).to_have_count(0)
