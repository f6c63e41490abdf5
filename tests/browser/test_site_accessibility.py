"""axe-core finds no WCAG 2.2 A/AA violation on any built page, light or dark.

Every ``index.html`` of the build is checked, plus the 404 page as the server
sends it for a missing nested address. The dark run switches the palette the
way a reader does, with the header toggle, and checks every page opens dark
(Material keeps the choice in localStorage). All violations are collected and
reported together: page, rule id, the elements axe points at.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import AXE_TAGS, Problems, Site, watch
from playwright.sync_api import Browser, Page, expect

AXE = Axe()
MISSING = "no/such/page/"
SCHEMES = {"light": "default", "dark": "slate"}
SCROLLING_TABLE = "Table, scrolls sideways"


def site_pages(site: Site) -> list[str]:
    """Every page of the build as a site-relative address, then a missing one (the 404)."""
    pages = sorted(
        p.relative_to(site.root).parent.as_posix().removeprefix(".")
        for p in site.root.rglob("index.html")
    )
    return [f"{p}/" if p else "" for p in pages] + [MISSING]


def switch_to_dark(page: Page) -> None:
    """Click the palette toggle in the header, as a reader would."""
    page.get_by_title("Switch to dark mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def violations(page: Page, where: str) -> list[str]:
    """Return one line per element axe flags on *page*."""
    # Only violations get node details: axe skips that work for passes (faster).
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = AXE.run(page, options=options)
    return [
        f"{where}: {item['id']} ({item['impact']}): {item['help']} at "
        f"{' '.join(map(str, node['target']))}{detail(node)}"
        for item in results.response["violations"]
        for node in item["nodes"]
    ]


def detail(node: dict[str, Any]) -> str:
    """What axe measured, e.g. the contrast ratio and colours it found."""
    messages = [check["message"] for check in node.get("any", []) if check.get("message")]
    return f" ({messages[0]})" if messages else ""


def forgive_the_404(problems: Problems, since: int) -> None:
    """Drop the console error Chromium logs for the missing page itself, and only that one."""
    for index in range(since, len(problems.errors)):
        if "status of 404" in problems.errors[index]:
            del problems.errors[index]
            return


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_wcag_violations(
    browser: Browser, site: Site, problems: Problems, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    watch(context, problems)
    page = context.new_page()
    page.goto(site.url)
    if scheme == "dark":
        switch_to_dark(page)

    pages = site_pages(site)
    assert len(pages) > 2, pages
    found: list[str] = []
    for path in pages:
        before = len(problems.errors)
        response = page.goto(site.url + path)
        assert response is not None
        assert response.status == (404 if path == MISSING else 200), path
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        if page.locator(".dt").count():
            page.locator(".dt[data-dt-mounted]").wait_for()
        found += violations(page, f"/{path} [{scheme}]")
        if path == MISSING:
            forgive_the_404(problems, before)
    context.close()

    assert not found, f"{len(found)} axe violation(s):\n" + "\n".join(found)
    assert not problems.errors, "errors in the browser:\n" + "\n".join(problems.errors)


def test_axe_checks_target_size(page: Page, site: Site) -> None:
    # WCAG 2.2's 2.5.8 (target size, tag wcag22aa) is off by default in axe: the tags must run it.
    page.goto(site.page_url("model-types/base-models/"))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    response = AXE.run(page, options=options).response
    ran = {item["id"] for kind in ("passes", "violations", "incomplete") for item in response[kind]}
    assert "target-size" in ran, sorted(ran)


def test_every_target_is_large_enough_on_a_phone(browser: Browser, site: Site) -> None:
    # WCAG 2.2's 2.5.8 at 390 px too, where the navigation is a drawer (axe's target-size only).
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    options = {
        "runOnly": {"type": "rule", "values": ["target-size"]},
        "resultTypes": ["violations"],
    }
    found: list[str] = []
    for path in site_pages(site)[:-1]:
        page.goto(site.url + path)
        response = AXE.run(page, options=options).response
        found += [
            f"/{path}: {' '.join(map(str, node['target']))}{detail(node)}"
            for item in response["violations"]
            for node in item["nodes"]
        ]
    context.close()
    assert not found, f"{len(found)} target(s) under 24 px:\n" + "\n".join(found)


def test_a_wide_table_scrolls_from_the_keyboard(browser: Browser, site: Site) -> None:
    # Tables fit a 390 px phone (test_phone_tables.py); in a 250 px window (a small
    # phone, or a zoomed one) the weight-formats table is still wider than the screen.
    context = browser.new_context(viewport={"width": 250, "height": 700})
    page = context.new_page()
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
    context.close()
