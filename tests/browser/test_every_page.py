"""Every page of the guide, visited once, passes every check a reader depends on.

One test per page (so the two test workers share the pages out), each visit
checking, and reporting together:

- WCAG 2.2 A/AA with axe-core, light; then dark, switched with the header's
  toggle as a reader does, where the colour rules run again
  (:data:`browsing.AXE_COLOUR_RULES`: nothing else a colour scheme changes on
  the same markup; test_site_accessibility.py checks the choice is kept);
- on a phone (390 x 844): every target at least 24 px (WCAG 2.2's 2.5.8, axe's
  ``target-size``), no table wider than its column, model tables stacked into
  cards (overrides/assets/theme/site.css);
- the Content-Security-Policy ``<meta>`` (GitHub Pages sends no header): there,
  at least as strict as the header the other browser tests send, and nothing
  of the page's own breaks it;
- no console or page error, no request that leaves the site.

The pages are read from docs/ when the tests are collected; a test checks that
they are exactly the pages the build wrote, so none is left out. The 404 page
is checked too, as the server sends it for a missing nested address.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import AXE_COLOUR_RULES, CSP, REPO, Problems, Site, axe_violations
from playwright.sync_api import Page, expect

MISSING = "no/such/page/"
SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"width": 390, "height": 844}
META = 'meta[http-equiv="Content-Security-Policy"]'


def docs_pages(docs: Path = REPO / "docs") -> list[str]:
    """Each Markdown page of *docs* as the site-relative address MkDocs gives it."""
    found = []
    for source in sorted(docs.rglob("*.md")):
        address = source.relative_to(docs).with_suffix("").as_posix()
        address = address.removesuffix("index").removesuffix("/")
        found.append(f"{address}/" if address else "")
    return found


PAGES = docs_pages()

# One entry per table that does not fit, or per model table that is not stacked.
TABLES = """() => [...document.querySelectorAll('.md-typeset table')].flatMap((table, index) => {
  const wrap = table.closest('.md-typeset__scrollwrap');
  const box = wrap || table.parentElement;
  const head = (table.rows[0] ? table.rows[0].textContent : '').trim().replace(/\\s+/g, ' ');
  const where = `table ${index + 1} ("${head.slice(0, 60)}")`;
  const found = [];
  // The wrapper itself must not scroll either (a parent's overflow may be other content).
  const wide = Math.max(table.scrollWidth, wrap ? wrap.scrollWidth : 0);
  if (wide > box.clientWidth + 1 || table.scrollWidth > table.clientWidth + 1) {
    found.push(`${where}: ${wide} px wide in ${box.clientWidth} px`);
  }
  const cell = table.matches('.dt-models') && table.querySelector('tbody td[data-label]');
  if (cell && getComputedStyle(cell).display.startsWith('table')) {
    found.push(`${where}: a dt-models table is not stacked into cards`);
  }
  return found;
})"""


def directives(policy: str) -> dict[str, list[str]]:
    """Return a policy as {directive: sources}."""
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def policy_problems(page: Page, where: str) -> list[str]:
    """What is wrong with the page's CSP meta tag, if anything."""
    metas = page.locator(META)
    if metas.count() != 1:
        return [f"{where}: {metas.count()} CSP meta tags, not one"]
    policy = directives(metas.get_attribute("content") or "")
    return [
        f"{where}: CSP {directive} allows more than {' '.join(sources)}"
        for directive, sources in directives(CSP).items()
        if directive not in policy or not set(policy[directive]) <= set(sources)
    ]


def wait_for_widget(page: Page) -> None:
    """Wait until a page's decision tree, if it has one, has mounted."""
    if page.locator(".dt").count():
        page.locator(".dt[data-dt-mounted]").wait_for()


def test_the_pages_checked_are_the_pages_built(site: Site) -> None:
    built = sorted(
        p.relative_to(site.root).parent.as_posix().removeprefix(".")
        for p in site.root.rglob("index.html")
    )
    assert sorted(PAGES) == sorted(f"{p}/" if p else "" for p in built)
    # The phone check of tables measures something: the guide has tables.
    assert any("<table" in p.read_text(encoding="utf-8") for p in site.root.rglob("index.html"))


@pytest.mark.parametrize("path", [*PAGES, MISSING], ids=lambda p: f"/{p}")
def test_the_page_passes_every_check(page: Page, problems: Problems, site: Site, path: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme="light")
    where = f"/{path}"
    found: list[str] = []

    response = page.goto(site.url + path)
    assert response is not None
    assert response.status == (404 if path == MISSING else 200), where
    assert "content-security-policy" not in response.headers
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["light"])
    wait_for_widget(page)
    found += policy_problems(page, where)
    found += axe_violations(page, f"{where} [light]")

    page.get_by_title("Switch to dark mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["dark"])
    # Colours fade into the new scheme: measure them once every transition has ended.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    found += axe_violations(page, f"{where} [dark]", rules=AXE_COLOUR_RULES)

    page.set_viewport_size(PHONE)
    # The header's menu button shows at this width: the phone layout is in place.
    expect(page.locator("label.md-header__button[for='__drawer']")).to_be_visible()
    found += axe_violations(page, f"{where} [390 px]", rules=["target-size"])
    found += [f"{where} [390 px]: {problem}" for problem in page.evaluate(TABLES)]

    page.wait_for_load_state("load")
    found += [f"{where}: CSP blocked {v}" for v in page.evaluate("window.__cspViolations")]

    if path == MISSING:
        # Chromium logs the missing page's own 404 status: that one is expected.
        problems.errors[:] = [e for e in problems.errors if "status of 404" not in e]
    found += [f"{where}: {error}" for error in problems.errors]
    found += [f"{where}: request left the site: {url}" for url in problems.third_party]
    # Reported here, with the page's other problems, rather than again by the page fixture.
    problems.errors.clear()
    problems.third_party.clear()
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found)
