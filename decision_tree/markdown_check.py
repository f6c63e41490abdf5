"""Checks on the Markdown fields of a tree (intro, help, summary, hint).

Tree text is Markdown, never HTML: a raw HTML tag (``<div>``, ``<script>``,
``<!-- -->``) is an error, and so is any link or image whose address uses a
scheme other than ``http``, ``https`` or ``mailto`` (``javascript:``, ``data:``
...), however it is disguised with entities, escapes or spaces. A relative
link to a ``.md`` page is read relative to the docs folder, like an outcome's
``guide`` (no leading ``/``), and that page must exist. Code spans and fenced code blocks are
skipped: text there is shown, not run.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from .wording import describe, did_you_mean
from .yaml_source import DataPath, Problem, Source

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[`~]*\s*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|<!--|<![A-Za-z]|<\?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
_INLINE = re.compile(r"\]\(\s*(<[^>]*>|[^\s)]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", re.M)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\\]")


def markdown_fields(source: Source) -> Iterator[tuple[DataPath, str]]:
    """Yield ``(path, text)`` for every Markdown field that holds text."""
    data = source.data
    if not isinstance(data, dict):
        return
    if isinstance(data.get("intro"), str):
        yield ("intro",), data["intro"]
    for group, field in (("questions", "help"), ("outcomes", "summary")):
        entries = data.get(group)
        if not isinstance(entries, dict):
            continue
        for node_id, node in entries.items():
            if not isinstance(node, dict):
                continue
            if isinstance(node.get(field), str):
                yield (group, node_id, field), node[field]
            options = node.get("options") if group == "questions" else None
            for index, option in enumerate(options if isinstance(options, list) else []):
                if isinstance(option, dict) and isinstance(option.get("hint"), str):
                    yield (group, node_id, "options", index, "hint"), option["hint"]


def check_markdown(source: Source, docs_dir: Path) -> list[Problem]:
    """Return a problem for each HTML tag, unsafe link or missing linked page."""
    problems: list[Problem] = []
    for path, text in markdown_fields(source):
        for offset, message, hint in _field_problems(describe(path), text, docs_dir):
            line, column = source.where_in(path, text, offset)
            problems.append(Problem(line, column, message, hint))
    return problems


def _blank(match: re.Match[str]) -> str:
    """Blank out code, keeping line breaks so offsets still match the text."""
    return re.sub(r"[^\n]", " ", match.group())


def _field_problems(what: str, text: str, docs_dir: Path) -> Iterator[tuple[int, str, str | None]]:
    """Yield ``(offset in text, message, hint)`` for each problem of one field."""
    prose = _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, text))
    # The first tag is enough: one error per field, not one per tag.
    match = _HTML.search(prose)
    if match:
        snippet = prose[match.start() : match.start() + 20].split("\n")[0]
        yield (
            match.start(),
            f"{what} contains raw HTML ('{snippet}')",
            "write Markdown instead; tree text may not hold HTML",
        )
    # Keyed by where the address starts: `[x](<a:b>)` also looks like an autolink.
    targets = {m.start(1): m.group(1) for m in _AUTOLINK.finditer(prose)}
    for match in (*_INLINE.finditer(prose), *_REFERENCE.finditer(prose)):
        bracketed = match.group(1).startswith("<")
        targets[match.start(1) + bracketed] = match.group(1).strip("<>")
    for offset, target in sorted(targets.items()):
        for message, hint in _link_problems(what, target, docs_dir):
            yield offset, message, hint


def _link_problems(what: str, target: str, docs_dir: Path) -> Iterator[tuple[str, str | None]]:
    # Browsers ignore entities, escapes, spaces and control characters here.
    bare = _INVISIBLE.sub("", html.unescape(target))
    scheme = _SCHEME.match(bare)
    if scheme:
        if scheme.group(1).lower() not in SAFE_SCHEMES:
            yield (
                f"{what} links to a '{scheme.group(1)}:' address",
                "only http:, https: and mailto: links are allowed",
            )
        return
    page = bare.split("#", 1)[0].split("?", 1)[0]
    if not page.endswith(".md"):
        return
    inside = posixpath.normpath(page)
    if page.startswith("/"):
        yield (
            f"{what} links to '{page}', an absolute path",
            f"write it relative to the docs folder: {page.lstrip('/')}",
        )
    elif inside.startswith("../") or inside == "..":
        yield (f"{what} links to '{page}', outside the docs folder", None)
    elif not (docs_dir / inside).is_file():
        pages = [p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")]
        yield (
            f"{what} links to '{page}', which is not a page in the docs folder",
            did_you_mean(inside, pages) or "links are relative to the docs folder",
        )
