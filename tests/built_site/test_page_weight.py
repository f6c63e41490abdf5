"""Page-weight budget: the decision-tree widget's own CSS and JavaScript stay small.

Readers on phones pay for every byte. The widget's files (everything the tree
page loads from ``assets/decision-tree/``) may weigh at most 15 KiB together
once gzipped at level 6, the level most static hosts use. Sizes are
deterministic, so this budget is a test; timings live in ``make bench``.
The budget was 10 KiB until the widget learnt to follow constraints and routes
and to list the fitting models; bench/RESULTS.md says why it grew. The
recommendations themselves (``<tree>.recs.json``) are data fetched on the
first result screen, not part of the widget, so they are not counted.
"""

from __future__ import annotations

import gzip
import posixpath
from html.parser import HTMLParser
from pathlib import Path

TREE_PAGE = "decision-tree/index.html"
TREE_ASSETS = "assets/decision-tree/"
BUDGET = 15 * 1024


class _Assets(HTMLParser):
    """Collects the stylesheets and scripts a page links to."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") == "stylesheet" and found.get("href"):
            self.urls.append(str(found["href"]))
        elif tag == "script" and found.get("src"):
            self.urls.append(str(found["src"]))


def _loaded(site: Path, page: str) -> list[str]:
    """Return the site paths of the CSS and JS files *page* loads."""
    parser = _Assets()
    parser.feed((site / page).read_text(encoding="utf-8"))
    base = posixpath.dirname(page)
    return [posixpath.normpath(posixpath.join(base, url.split("?")[0])) for url in parser.urls]


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def test_the_tree_page_loads_the_widget_css_and_js(built_site: Path) -> None:
    widget = [p for p in _loaded(built_site, TREE_PAGE) if p.startswith(TREE_ASSETS)]
    assert {posixpath.splitext(p)[1] for p in widget} == {".css", ".js"}, widget
    missing = [p for p in widget if not (built_site / p).is_file()]
    assert not missing, f"the tree page links to files the build does not have: {missing}"


def test_the_widget_css_and_js_fit_in_15_kib_gzipped(built_site: Path) -> None:
    widget = [p for p in _loaded(built_site, TREE_PAGE) if p.startswith(TREE_ASSETS)]
    sizes = {p: _gzipped(built_site / p) for p in widget}
    total = sum(sizes.values())
    listing = ", ".join(f"{p} {size / 1024:.1f} KiB" for p, size in sizes.items())
    assert total <= BUDGET, (
        f"the decision-tree widget weighs {total / 1024:.1f} KiB gzipped, over its "
        f"{BUDGET // 1024} KiB budget ({listing})"
    )
