"""decision_tree.render: golden outputs and untrusted input.

Golden files sit beside their input in render_golden/: NAME.md -> NAME.html
(Markdown fields) and the fixture tree sample.yaml -> sample.view.json (the
whole view). UPDATE_GOLDEN=1 rewrites them; review the diff before committing.
"""

from __future__ import annotations

import dataclasses
import json
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from decision_tree import load_tree
from decision_tree.model import Option, Outcome, Question, Resource, Tree
from decision_tree.render import build_view, render_markdown, safe_url

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "render_golden"
FIXTURES = HERE.parent / "fixtures"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


class Links:
    """DocsLinks for the fixture docs, as seen from a page one folder deep."""

    def __init__(self) -> None:
        self.pages = {"guides/one.md": "Guide one", "guides/two.md": "Guide two"}
        self.asked: list[str] = []

    def url(self, path: str) -> str | None:
        self.asked.append(path)
        page, _, anchor = path.partition("#")
        if page not in self.pages:
            return None
        url = "../" + page.removesuffix(".md") + "/"
        return f"{url}#{anchor}" if anchor else url

    def title(self, path: str) -> str | None:
        return self.pages.get(path)


def check_golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing: run with UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs"


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.md")))
def test_markdown_golden(name: str) -> None:
    source = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    check_golden(GOLDEN / f"{name}.html", render_markdown(source, links=Links()) + "\n")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return str(value) if value is not None and not isinstance(value, bool | int) else value


def test_view_golden() -> None:
    tree = load_tree(FIXTURES / "trees" / "sample.yaml", docs_dir=FIXTURES / "docs")
    view = build_view(tree, Links())
    actual = json.dumps(
        {**_plain(view), "anchor_ids": sorted(view.anchor_ids)}, indent=2, sort_keys=True
    )
    check_golden(GOLDEN / "sample.view.json", actual + "\n")


# -----------------------------------------------------------------------------
# Untrusted input
# -----------------------------------------------------------------------------

HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    '[x](https://example.com/" onmouseover="alert(1))',
    "</template><template><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    "<svg><script>alert(1)</script></svg>",
    "<!-- --><script>alert(1)</script>",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "<iframe src=https://example.com></iframe>",
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN)
def test_hostile_markdown_has_no_markup_or_script_urls(source: str) -> None:
    html = str(render_markdown(source))
    parser = Tags()
    parser.feed(html)
    assert {tag for tag, _ in parser.found} <= {"p", "a", "em", "strong", "code"}, html
    for _, attrs in parser.found:
        assert set(attrs) <= {"href", "title"}, html
        href = attrs.get("href")
        assert href is None or href.startswith(("http://", "https://")), html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
        ("http://example.com", "http://example.com"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        ("../guides/one/", "../guides/one/"),
        ("#anchor", "#anchor"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,hi", None),
        ("vbscript:msgbox", None),
        ('https://example.com/"onmouseover=alert(1)', None),
        ("https://example.com/<script>", None),
        ("", None),
    ],
)
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def hostile_tree() -> Tree:
    """A tree built directly (past the loader's checks), every string hostile."""
    evil = '"><script>alert(1)</script><a href="javascript:alert(2)">'
    return Tree(
        id="evil",
        title=evil,
        intro="[x](javascript:alert(3)) <script>alert(4)</script>",
        start="q",
        questions={
            "q": Question(
                id="q",
                text=evil,
                help="<img src=x onerror=alert(5)>",
                options=(Option(label=evil, key="x", next="o", hint=evil),),
            )
        },
        outcomes={
            "o": Outcome(
                id="o",
                title=evil,
                summary="[x](javascript:alert(6))",
                guide="guides/one.md",
                resources=(Resource(title=evil, url="javascript:alert(7)"),),
                models=("dense-8b",),
            )
        },
    )


def test_view_of_a_hostile_tree_cleans_markdown_and_urls() -> None:
    view = build_view(hostile_tree(), Links())
    rich = [view.intro, view.questions[0].help, view.outcomes[0].summary]
    for html in rich:
        assert "<script" not in str(html)
        assert "javascript:" not in str(html)
        assert "<img" not in str(html)
    (resource,) = view.outcomes[0].resources
    assert resource.url is None  # shown as text, not as a link
    data = view.data["outcomes"]["o"]
    assert data["resources"][0]["url"] is None
    # Plain strings stay as they are: the template and the script treat them as text.
    assert view.title == hostile_tree().title


def test_docs_links_resolve_through_the_callback() -> None:
    links = Links()
    html = str(render_markdown("[a](guides/one.md#x) [b](guides/missing.md)", links=links))
    assert '<a href="../guides/one/#x">a</a>' in html
    assert "<a>b</a>" in html or ">b<" in html
    assert "guides/missing.md" not in html
    assert links.asked == ["guides/one.md#x", "guides/missing.md"]
