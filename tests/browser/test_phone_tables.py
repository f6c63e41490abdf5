"""On a phone (390 x 844) no table of any page needs sideways scrolling.

For each ``table`` inside ``.md-typeset`` the table must fit its container
(Material's scroll wrapper, else its parent): the table's scrollWidth at most
the container's clientWidth, and neither the table nor the wrapper scrolls sideways. Model tables
(class ``dt-models``) must show as stacked cards there (overrides/assets/theme/site.css).
Every failing table is reported with its page, position and first row.
"""

from __future__ import annotations

from browsing import Site
from playwright.sync_api import Browser

PHONE = {"width": 390, "height": 844}

# One entry per table that does not fit, or per model table that is not stacked.
MEASURE = """() => [...document.querySelectorAll('.md-typeset table')].flatMap((table, index) => {
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


def test_no_table_scrolls_sideways_on_a_phone(browser: Browser, site: Site) -> None:
    pages = sorted(
        p.relative_to(site.root).parent.as_posix().removeprefix(".")
        for p in site.root.rglob("index.html")
    )
    assert len(pages) > 2, pages
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    found: list[str] = []
    tables = 0
    for path in pages:
        address = f"/{path}/" if path else "/"
        page.goto(site.url + address.removeprefix("/"))
        tables += page.locator(".md-typeset table").count()
        found += [f"{address}: {problem}" for problem in page.evaluate(MEASURE)]
    context.close()
    assert tables, "no table on any page: the test measured nothing"
    assert not found, f"{len(found)} table(s) too wide at 390 px:\n" + "\n".join(found)
