"""Page-weight budget: the decision-tree widget's own CSS and JavaScript stay small.

Readers on phones pay for every byte. The widget's files (everything the tree
page loads from ``assets/decision-tree/``) may weigh at most 12 KiB together
once gzipped at level 6, the level most static hosts use, as the site
publishes them (without comments: decision_tree.minify). Sizes are
deterministic, so this budget is a test; timings live in ``make bench``.
The budget was 10 KiB until the widget learnt to follow constraints and routes
and to list the fitting models, then 15 KiB counting the commented sources,
which the site no longer publishes; bench/RESULTS.md says why it grew. The
recommendations themselves (``<tree>/jobs/JOB.recs.json``, one file per job)
are data fetched on the first result screen, not part of the widget, so they
are not counted here (``make bench`` weighs them with the page).

Every page loads only ``loader.js``, which adds the widget's CSS and JS on
pages with a tree, and the catalogue's filter and the memory calculator's
scripts on the pages that hold them: the guide's other pages never load them.
The loader, paid on every page, has its own budget (700 bytes: it was 600
before it took over those two scripts, 2.5 KiB that every page used to load);
the 12 KiB counts the widget files it adds.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

TREE_PAGE = "decision-tree/index.html"
TREE_ASSETS = "assets/decision-tree/"
LOADER = TREE_ASSETS + "loader.js"
BUDGET = 12 * 1024
LOADER_BUDGET = 700
PARTS = {
    "data-dt-model-list": "assets/catalogue/catalogue.js",
    "data-dt-calc": "assets/catalogue/calculator.js",
}
"""A page part's marker attribute, and the script the loader adds for it."""


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


def _added_by_loader(site: Path) -> list[str]:
    """Return the site paths of the files loader.js adds (the names it quotes)."""
    source = (site / LOADER).read_text(encoding="utf-8")
    names = re.findall(r'"(decision-tree[\w.-]*\.(?:css|js))"', source)
    return [TREE_ASSETS + name for name in names]


def _widget(site: Path) -> list[str]:
    """The widget's files the tree page gets besides the loader: linked, or added by it."""
    linked = [p for p in _loaded(site, TREE_PAGE) if p.startswith(TREE_ASSETS) and p != LOADER]
    return list(dict.fromkeys([*linked, *_added_by_loader(site)]))


def test_the_tree_page_loads_the_widget_css_and_js(built_site: Path) -> None:
    assert LOADER in _loaded(built_site, TREE_PAGE)
    assert "data-dt-tree=" in (built_site / TREE_PAGE).read_text(encoding="utf-8")
    added = [posixpath.basename(p) for p in _added_by_loader(built_site)]
    assert sorted(added) == [
        "decision-tree-recs.js",
        "decision-tree-render.js",
        "decision-tree.css",
        "decision-tree.js",
    ], added
    missing = [p for p in _widget(built_site) if not (built_site / p).is_file()]
    assert not missing, f"the tree page gets files the build does not have: {missing}"


def test_guide_pages_load_only_the_loader(built_site: Path) -> None:
    """Pages without a tree get loader.js, which adds nothing there, and no widget file."""
    checked = 0
    for page in built_site.rglob("*.html"):
        name = page.relative_to(built_site).as_posix()
        if "data-dt-tree=" in page.read_text(encoding="utf-8"):
            continue
        widget = [p for p in _loaded(built_site, name) if p.startswith(TREE_ASSETS)]
        assert widget in ([LOADER], []), f"{name} loads {widget}"
        checked += 1
    assert checked > 10, checked


def test_the_catalogue_and_calculator_scripts_come_only_from_the_loader(built_site: Path) -> None:
    loader = (built_site / LOADER).read_text(encoding="utf-8")
    holders = dict.fromkeys(PARTS, 0)
    for page in built_site.rglob("*.html"):
        name = page.relative_to(built_site).as_posix()
        html = page.read_text(encoding="utf-8")
        loaded = _loaded(built_site, name)
        for marker, script in PARTS.items():
            assert script not in loaded, f"{name} links {script} itself"
            holders[marker] += f"{marker}" in html
    for marker, script in PARTS.items():
        # The loader adds it by the page part's selector, from the file the build has.
        name = re.escape(f"../catalogue/{posixpath.basename(script)}")
        assert re.search(rf'\["\[{marker}\]",\s*\["{name}"\]\]', loader), marker
        assert (built_site / script).is_file(), script
        assert holders[marker] >= 1, f"no page holds {marker}: the loader adds {script} nowhere"


def test_the_loader_stays_tiny(built_site: Path) -> None:
    size = _gzipped(built_site / LOADER)
    assert size <= LOADER_BUDGET, f"loader.js weighs {size} bytes gzipped"


def test_the_widget_css_and_js_fit_in_12_kib_gzipped(built_site: Path) -> None:
    sizes = {p: _gzipped(built_site / p) for p in _widget(built_site)}
    total = sum(sizes.values())
    listing = ", ".join(f"{p} {size / 1024:.1f} KiB" for p, size in sizes.items())
    assert total <= BUDGET, (
        f"the decision-tree widget weighs {total / 1024:.1f} KiB gzipped, over its "
        f"{BUDGET // 1024} KiB budget ({listing})"
    )
