"""What the sources say each built page should carry: front matter, nav titles, addresses."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; ``!ENV [NAME, default]`` gives the default (the published value)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)[-1]
    return None


_MkDocsLoader.add_constructor("!ENV", _env)


def mkdocs_yml() -> dict[str, Any]:
    """Return mkdocs.yml as published (environment overrides not applied)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_MkDocsLoader)


def nav_titles() -> dict[str, str]:
    """Return the nav title of each page, keyed by its path under docs/."""
    titles: dict[str, str] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            for title, target in item.items():
                if isinstance(target, list):
                    walk(target)
                else:
                    titles[target] = title

    walk(mkdocs_yml()["nav"])
    return titles


def front_matter(source: str) -> dict[str, Any]:
    """Return the YAML front matter of docs/*source* ({} when it has none)."""
    text = (DOCS / source).read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    head, _, _ = text[4:].partition("\n---")
    return yaml.safe_load(head) or {}


def sources() -> list[str]:
    """Return every Markdown page under docs/, as a path relative to docs/."""
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def url_path(source: str) -> str:
    """Return the site-relative address MkDocs gives docs/*source* ('' for the home page)."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem
    return stem + "/"


@dataclass
class Head:
    """The tags of one built page this suite checks."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: list[str] = field(default_factory=list)
    edit_links: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.head = Head()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = found.get("property") or found.get("name")
            if key:
                self.head.meta.setdefault(key, []).append(found.get("content", ""))
        elif tag == "link" and found.get("rel") == "canonical":
            self.head.canonical.append(found.get("href", ""))
        elif tag == "a" and "href" in found:
            self.head.links.append(found["href"])
            if found.get("rel") == "edit":
                self.head.edit_links.append(found["href"])


def read_page(path: Path) -> Head:
    """Parse a built HTML file (values come back unescaped, as a browser reads them)."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.head
