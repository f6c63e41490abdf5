"""Readers shared by the content tests: the nav, page front matter and bodies, links, the tree.

A plain module (not conftest.py) so tests can import it by a name no other folder uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml

from decision_tree import Tree, load_tree
from decision_tree.loader import TREES_DIR

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
TREE_FILE = TREES_DIR / "choose-model.yaml"
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
SOURCES = re.compile(r"^(?:## Sources[ \t]*$|\*\*Sources\.\*\*)", re.MULTILINE)


@dataclass(frozen=True)
class Page:
    """A Markdown page split into its front matter and its body."""

    path: str
    meta: dict[str, Any]
    body: str

    def body_without_code(self) -> str:
        """Return the body with fenced code blocks and inline code removed."""
        return re.sub(r"`[^`\n]*`", " ", FENCE.sub(" ", self.body))

    def body_and_sources(self) -> tuple[str, str]:
        """Split the body at its closing Sources section: (what comes before, the section).

        A page ends with ``## Sources``; the tree page, which may have no headings below its
        title, ends with a paragraph starting ``**Sources.**`` instead. Either part is ''
        when absent.
        """
        match = SOURCES.search(self.body)
        if not match:
            return self.body, ""
        return self.body[: match.start()], self.body[match.start() :]


class _Loader(yaml.SafeLoader):
    """A safe loader that accepts MkDocs' ``!ENV`` tag (its value is irrelevant here)."""


_Loader.add_constructor("!ENV", lambda loader, node: None)


def read_page(rel_path: str) -> Page:
    """Read docs/<rel_path> and split off its YAML front matter."""
    text = (DOCS / rel_path).read_text(encoding="utf-8")
    meta: dict[str, Any] = {}
    body = text
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        meta = yaml.safe_load(head) or {}
    return Page(rel_path, meta, body)


def _nav_paths(items: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, str):
            found.append((item, item))
            continue
        for title, value in item.items():
            if isinstance(value, list):
                found += _nav_paths(value)
            else:
                found.append((title, value))
    return found


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def external_links(page: Page, text: str | None = None) -> list[str]:
    """Return the http(s) link targets of a page (or of *text* from it), as rendered.

    Links in code do not count.
    """
    html = markdown.markdown(
        page.body if text is None else text,
        extensions=["tables", "attr_list", "md_in_html", "admonition", "pymdownx.superfences"],
    )
    parser = _Hrefs()
    parser.feed(html)
    return [h for h in parser.hrefs if h.startswith(("http://", "https://"))]


@cache
def nav() -> list[tuple[str, str]]:
    """(title, docs-relative path) of every page in mkdocs.yml's nav, in order."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return _nav_paths(config["nav"])


@cache
def model_type_pages() -> list[str]:
    """Docs-relative paths of the model-type pages."""
    return sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "model-types").glob("*.md"))


@cache
def tree() -> Tree:
    """The guide's decision tree, loaded and checked by the engine."""
    return load_tree(TREE_FILE, docs_dir=DOCS)
