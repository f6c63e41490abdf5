"""Page weight: HTML, CSS and JS bytes (raw and gzipped) of built pages, theme vs our own.

Reads the built HTML, follows its ``<link rel="stylesheet">`` and ``<script
src>`` to the files in the site, and sorts each into Material's own assets
(``assets/stylesheets/``, ``assets/javascripts/``) or ours (anything else: the
tree widget under ``assets/decision-tree/`` and site-wide fixes). Material
also starts its search worker on every page, which then fetches the search
index: both are counted apart as "after load". On a page with a tree, the
widget's scripts that ``loader.js`` adds, and the recommendations the widget
fetches for its first result, are counted too (kind "data"): the folder in
``data-dt-recs`` holds one file per job, with that job's own companions, and
one per companion a reader may tick, each also split per answer to the
machine question named in ``data-dt-machine``; the largest file a reader of
one job and one machine fetches is counted, the most a first result fetches
before any companion is ticked.
The catalogue's filters and the memory calculator come the same way.
A default Material for MkDocs page (one page, ``theme: material`` and nothing
else, the same Material) is built and weighed in the same run as the baseline.
Sizes are gzipped at level 6.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from common import gzip_size

PAGES = {
    "tree page": "decision-tree/index.html",
    "guide page": "model-types/embedding-models/index.html",
    "catalogue page": "models/index.html",
}
DEFAULT_MATERIAL = "default Material page"
LOADER = "assets/decision-tree/loader.js"
_RECS = re.compile(rb'data-dt-recs="([^"]+)"')
_MACHINE = re.compile(rb'data-dt-machine="([^"]+)"')
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


def weigh(site: Path, name: str, page: str, *, web_fonts: bool = False) -> PageWeight:
    """Return the weight of the built *page* (path inside *site*).

    With *web_fonts*, a stylesheet from Google Fonts (Material's default) is
    allowed and left out, as fonts are not counted; any other file from
    another site stops the benchmark.
    """
    html = (site / page).read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    weight = PageWeight(name, len(html), gzip_size(html))
    base = posixpath.dirname(page)
    for kind, urls in (("css", parser.css), ("js", parser.js)):
        for url in urls:
            if web_fonts and url.startswith("https://fonts.googleapis.com/"):
                continue
            if "://" in url or url.startswith("//"):
                raise SystemExit(f"{page} loads {url} from another site")
            path = posixpath.normpath(posixpath.join(base, url.split("?")[0]))
            weight.assets.append(_asset(site, path, kind))
    # What loader.js adds at run time: for each page part it finds, the scripts it lists.
    loader = (site / LOADER).read_text(encoding="utf-8") if (site / LOADER).is_file() else ""
    for marker, names in re.findall(r'\["\[([\w-]+)\]",\s*\[([^\]]*)\]\]', loader):
        if f"{marker}=".encode() in html or f"{marker}>".encode() in html:
            for name in re.findall(r'"([^"]+\.js)"', names):
                path = posixpath.normpath(TREE_PREFIX + name)
                weight.assets.append(_asset(site, path, "js"))
    if b"data-dt-tree" in html:
        found = _RECS.search(html)
        if found:
            folder = posixpath.normpath(posixpath.join(base, found.group(1).decode()))
            machine = _MACHINE.search(html)
            pattern = f"*/{machine.group(1).decode()}-*.recs.json" if machine else "*.recs.json"
            jobs = sorted((site / folder / "jobs").glob(pattern), key=gzip_of)
            if not jobs:
                raise SystemExit(f"{page}: no recommendation files in {folder}/jobs/")
            weight.assets.append(_asset(site, jobs[-1].relative_to(site).as_posix(), "data"))
    for pattern in ("assets/javascripts/workers/search.*.min.js", "search/search_index.json"):
        for file in sorted(site.glob(pattern)):
            weight.assets.append(_asset(site, file.relative_to(site).as_posix(), "after-load"))
    return weight


def gzip_of(file: Path) -> int:
    """The gzipped size of *file*."""
    return gzip_size(file.read_bytes())


def default_material() -> PageWeight:
    """Build a one-page site with Material's defaults (the installed version) and weigh it."""
    with tempfile.TemporaryDirectory(prefix="bench-default-material-") as tmp:
        root = Path(tmp)
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text(
            "# A page\n\nA paragraph of text, as on any guide page.\n", encoding="utf-8"
        )
        (root / "mkdocs.yml").write_text(
            "site_name: Default\ntheme:\n  name: material\n", encoding="utf-8"
        )
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        return weigh(root / "site", DEFAULT_MATERIAL, "index.html", web_fonts=True)


def measure(site: Path) -> list[PageWeight]:
    """Weigh every page of :data:`PAGES`, then a default Material page built beside them."""
    return [*(weigh(site, name, page) for name, page in PAGES.items()), default_material()]
