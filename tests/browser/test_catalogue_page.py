"""The catalogue page in Chromium: the whole table without JavaScript, filters with it."""

from __future__ import annotations

import pytest
from browsing import Site, axe_violations
from playwright.sync_api import Browser, Page, expect

from decision_tree.catalogue import load_catalogue
from decision_tree.catalogue_view import model_anchor
from decision_tree.memory import TIER_BY_ID, best_fit, sized_context

CATALOGUE = load_catalogue()
ROWS = "tr[data-dt-model]"


def visible_ids(page: Page) -> set[str]:
    return set(
        page.locator(f"{ROWS}:visible").evaluate_all(
            "rows => rows.map(r => r.getAttribute('data-dt-model'))"
        )
    )


def test_without_javascript_every_model_is_listed_and_no_filter_shows(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.page_url("models/"))
    expect(page.locator(ROWS)).to_have_count(len(CATALOGUE))
    expect(page.locator("[data-dt-filter]")).to_be_hidden()
    expect(page.locator(f"#{model_anchor('qwen3-8b')}")).to_be_visible()
    context.close()


def test_filters_narrow_the_list_count_it_and_keep_it_in_the_address(
    page: Page, site: Site
) -> None:
    page.goto(site.page_url("models/"))
    expect(page.get_by_role("status")).to_have_text(f"{len(CATALOGUE)} models")
    page.get_by_label("Job").select_option("speech-to-text")
    page.get_by_label("Fits on").select_option("gpu-12")
    page.get_by_label("Commercial use allowed without conditions").check()
    expected = {
        m.id
        for m in CATALOGUE
        if "speech-to-text" in m.types
        and m.licence.commercial == "yes"
        and best_fit(m, TIER_BY_ID["gpu-12"].device, sized_context(m)) is not None
    }
    assert expected
    expect(page.get_by_role("status")).to_have_text(
        f"{len(expected)} of {len(CATALOGUE)} models shown"
    )
    assert visible_ids(page) == expected
    assert "job=speech-to-text" in page.url
    assert "fits=gpu-12" in page.url
    assert "commercial=yes" in page.url
    page.reload()
    expect(page.get_by_label("Job")).to_have_value("speech-to-text")
    assert visible_ids(page) == expected


def test_a_language_filter_keeps_only_models_whose_cards_name_it(page: Page, site: Site) -> None:
    page.goto(site.page_url("models/", "") + "?language=de")
    expected = {m.id for m in CATALOGUE if "de" in m.languages}
    assert visible_ids(page) == expected
    page.get_by_role("button", name="Show all models").click()
    expect(page.locator(f"{ROWS}:visible")).to_have_count(len(CATALOGUE))
    assert "language=" not in page.url


def test_a_filter_nothing_matches_says_so(page: Page, site: Site) -> None:
    # Image models name no languages, so no image model matches a language.
    assert not [m for m in CATALOGUE if m.type == "image-generation" and "ja" in m.languages]
    page.goto(site.page_url("models/") + "?job=image-generation&language=ja")
    expect(page.locator(f"{ROWS}:visible")).to_have_count(0)
    expect(page.locator("[data-dt-none]")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(f"0 of {len(CATALOGUE)} models shown")


def test_the_catalogue_page_has_no_axe_violations_and_fits_a_phone(page: Page, site: Site) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site.page_url("models/"))
    page.get_by_label("Job").select_option("reranker")
    violations = axe_violations(page, "/models/ [390 px, rerankers]")
    assert not violations, "\n".join(violations)
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('.md-typeset table')).filter("
        "t => t.offsetParent && t.scrollWidth > t.parentElement.clientWidth + 1).length"
    )
    assert wide == 0


# The layout shifts a page has had so far (those right after the reader's own input excluded).
LAYOUT_SHIFT = """() => new Promise(resolve => {
  new PerformanceObserver(list => resolve(list.getEntries()
    .filter(e => !e.hadRecentInput).map(e => e.value)))
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve([]), 500);
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_tables_do_not_jump_when_the_filters_appear(page: Page, site: Site, width: int) -> None:
    # The form is hidden until catalogue.js shows it; its room is kept from the first paint.
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.page_url("models/"))
    expect(page.locator("[data-dt-filter]")).to_be_visible()
    page.wait_for_timeout(200)
    shifts = page.evaluate(LAYOUT_SHIFT)
    assert sum(shifts) < 0.01, f"layout shifts at {width} px: {shifts}"


def test_a_link_to_a_model_in_the_last_table_lands_on_its_row(page: Page, site: Site) -> None:
    # With scripts, tables off screen are skipped until they near the viewport
    # (content-visibility); a link to a row far down must still land on it.
    page.goto(site.page_url("models/"))
    last = page.locator(".dt-catalogue__group").last
    assert last.evaluate("g => getComputedStyle(g).contentVisibility") == "auto"
    row = last.locator(ROWS).last
    model = row.get_attribute("data-dt-model")
    assert model
    page.goto(site.page_url(""))
    page.goto(site.page_url("models/", model_anchor(model)))
    expect(page.locator(f"#{model_anchor(model)}")).to_be_in_viewport()


def test_without_javascript_no_table_is_skipped(browser: Browser, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.page_url("models/"))
    skipped = page.locator(".dt-catalogue__group").evaluate_all(
        "gs => gs.filter(g => getComputedStyle(g).contentVisibility !== 'visible').length"
    )
    assert skipped == 0
    context.close()
