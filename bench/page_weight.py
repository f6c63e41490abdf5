"""Page weight: HTML, CSS and JS bytes (raw and gzipped) of built pages, theme vs our own.

Reads the built HTML, follows its ``<link rel="stylesheet">`` and ``<script
src>`` to the files in the site, and sorts each into Material's own assets
(``assets/stylesheets/``, ``assets/javascripts/``) or ours (anything else: the
tree widget under ``assets/decision-tree/`` and site-wide fixes). Material
also starts its search worker on every page, which then fetches the search
index: both are counted apart as "after load". Sizes are gzipped at level 6.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from common import gzip_size

PAGES = {
    "tree page": "decision-tree/index.html",
    "guide page": "model-types/embedding-models/index.html",
}
THEME_PREFIXES = ("assets/stylesheets/", "assets/javascripts/")
TREE_PREFIX = "assets/decision-tree/"
# Budget from the issue: the tree widget's own CSS and JS together, gzipped.
TREE_BUDGET = 10 * 1024


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and (found.get("rel") or "") == "stylesheet" and found.get("href"):
            self.css.append(str(found["href"]))
        elif tag == "script" and found.get("src"):
            self.js.append(str(found["src"]))


@dataclass(frozen=True)
class Asset:
    """One file a page loads."""

    path: str
    kind: str
    owner: str
    raw: int
    gz: int


@dataclass
class PageWeight:
    """The bytes one page costs."""

    name: str
    html_raw: int
    html_gz: int
    assets: list[Asset] = field(default_factory=list)

    def total(self, kind: str, owner: str | None = None, *, gz: bool = True) -> int:
        """Sum the *kind* ("css", "js", "after-load") assets, optionally of one *owner*."""
        return sum(
            (a.gz if gz else a.raw)
            for a in self.assets
            if a.kind == kind and (owner is None or a.owner == owner)
        )


def _owner(path: str) -> str:
    if path.startswith(THEME_PREFIXES):
        return "theme"
    return "tree" if path.startswith(TREE_PREFIX) else "site"


def _asset(site: Path, path: str, kind: str) -> Asset:
    data = (site / path).read_bytes()
    return Asset(path, kind, _owner(path), len(data), gzip_size(data))


def weigh(site: Path, name: str, page: str) -> PageWeight:
    """Return the weight of the built *page* (path inside *site*)."""
    html = (site / page).read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    weight = PageWeight(name, len(html), gzip_size(html))
    base = posixpath.dirname(page)
    for kind, urls in (("css", parser.css), ("js", parser.js)):
        for url in urls:
            if "://" in url or url.startswith("//"):
                raise SystemExit(f"{page} loads {url} from another site")
            path = posixpath.normpath(posixpath.join(base, url.split("?")[0]))
            weight.assets.append(_asset(site, path, kind))
    for pattern in ("assets/javascripts/workers/search.*.min.js", "search/search_index.json"):
        for file in sorted(site.glob(pattern)):
            weight.assets.append(_asset(site, file.relative_to(site).as_posix(), "after-load"))
    return weight


def measure(site: Path) -> list[PageWeight]:
    """Weigh every page of :data:`PAGES`."""
    return [weigh(site, name, page) for name, page in PAGES.items()]
