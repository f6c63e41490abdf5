"""Material's stylesheets published with only the rules this site can use.

Material for MkDocs ships one stylesheet for every feature it has (blog,
tags, grids, every admonition type, dozens of colour palettes); a page of
this site needs a fraction of it, yet every reader downloads all of it before
the first paint, and the browser matches every rule on every restyle.

After a build, :func:`purge_site` rewrites Material's stylesheets in the built
site, dropping what cannot apply:

- a selector that needs a class no page and no script of the site uses (the
  classes of every built HTML and JSON file, and every word of the scripts a
  page loads, so classes that Material's bundle or the widget add at run time
  stay; a template string such as ```md-tag--${x}``` keeps every class that
  starts ``md-tag--``); a rule with no selector left goes, and so does an
  ``@media`` or ``@supports`` block with no rule left;
- a selector on a palette attribute value (``[data-md-color-primary=red]``)
  that no page sets;
- a custom property (``--md-admonition-icon--bug``) that nothing reads with
  ``var()``, repeated until none is left.

It is conservative everywhere else: classes inside ``:not()``, ``:is()`` or
any other function never drop a selector, and at-rules it does not know are
kept as they are. The result is named after its content (the references in
every HTML file follow), so a cache never serves a stylesheet purged for
another version of the site. A stylesheet counts as Material's original when
its source map sits beside it; the map goes with the original, so running it
twice changes nothing, and a dirty rebuild starts again from the fresh copy
MkDocs writes.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from tinycss2 import ast

STYLESHEETS = "assets/stylesheets"
"""Where Material's stylesheets are in a built site."""

_SCRIPT_SKIP = ("workers", "lunr")
"""Folders of scripts that never touch a page (the search worker and its languages)."""

_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*\\?(?:"|')([^"'\\]*)""")
_COLOR_ATTR = re.compile(r"""\b(data-md-color-[a-z-]+)\s*=\s*\\?["']?([A-Za-z0-9_-]+)""")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TEMPLATE_PREFIX = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\$\{")
_CUSTOM = re.compile(r"--[A-Za-z0-9_-]+")
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_NAME = re.compile(r"^(?P<stem>[a-z]+)\.[0-9a-f]{8}\.min\.css$")
_GROUPING = {"media", "supports", "layer", "container"}


@dataclass
class Usage:
    """What the built site's pages and scripts can use."""

    classes: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    colours: dict[str, set[str]] = field(default_factory=dict)
    custom: set[str] = field(default_factory=set)
    """Custom properties named outside Material's stylesheets (HTML, scripts, the site's CSS)."""

    def has_class(self, name: str) -> bool:
        """Whether some page or script may give an element the class *name*."""
        return name in self.classes or any(name.startswith(p) for p in self.prefixes)

    def has_colour(self, attribute: str, value: str) -> bool:
        """Whether some page sets palette *attribute* to *value*."""
        return value in self.colours.get(attribute, set()) or value in self.classes


def site_usage(site_dir: Path, *, skip: Iterable[Path] = ()) -> Usage:
    """Collect the classes, palette values and custom properties *site_dir* can use.

    The stylesheets in *skip* (Material's, about to be purged) are not read.
    """
    usage = Usage()
    skipped = {p.resolve() for p in skip}
    for file in sorted(site_dir.rglob("*")):
        if not file.is_file() or file.resolve() in skipped:
            continue
        suffix = file.suffix
        if suffix in (".html", ".json"):
            text = file.read_text(encoding="utf-8", errors="replace")
            for match in _CLASS_ATTR.finditer(text):
                usage.classes.update(match.group(1).split())
            for match in _COLOR_ATTR.finditer(text):
                usage.colours.setdefault(match.group(1), set()).add(match.group(2))
            usage.custom.update(_CUSTOM.findall(text))
        elif suffix == ".js" and not set(file.relative_to(site_dir).parts) & set(_SCRIPT_SKIP):
            text = file.read_text(encoding="utf-8", errors="replace")
            usage.classes.update(_WORD.findall(text))
            usage.prefixes.update(_TEMPLATE_PREFIX.findall(text))
            usage.custom.update(_CUSTOM.findall(text))
        elif suffix == ".css":
            usage.custom.update(_VAR.findall(file.read_text(encoding="utf-8", errors="replace")))
    return usage


# -----------------------------------------------------------------------------
# Selectors
# -----------------------------------------------------------------------------


def _selectors(prelude: list[ast.Node]) -> Iterator[list[ast.Node]]:
    """Split a rule's prelude at its top-level commas."""
    part: list[ast.Node] = []
    for token in prelude:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            yield part
            part = []
        elif token.type != "comment":
            part.append(token)
    yield part


def selector_applies(selector: list[ast.Node], usage: Usage) -> bool:
    """Whether *selector* may match an element of the site.

    Only its top-level classes and palette attribute values are checked:
    whatever sits inside a function such as ``:not()`` is taken to match.
    """
    for index, token in enumerate(selector):
        if isinstance(token, ast.LiteralToken) and token.value == ".":
            name = selector[index + 1] if index + 1 < len(selector) else None
            if isinstance(name, ast.IdentToken) and not usage.has_class(name.value):
                return False
        elif isinstance(token, ast.SquareBracketsBlock):
            inner = [t for t in token.content if t.type != "whitespace"]
            if (
                len(inner) == 3
                and isinstance(inner[0], ast.IdentToken)
                and inner[0].lower_value.startswith("data-md-color-")
                and isinstance(inner[1], ast.LiteralToken)
                and inner[1].value == "="
                and isinstance(inner[2], ast.IdentToken | ast.StringToken)
                and not usage.has_colour(inner[0].lower_value, inner[2].value)
            ):
                return False
    return True


# -----------------------------------------------------------------------------
# Stylesheets
# -----------------------------------------------------------------------------


@dataclass
class _Rule:
    """A style rule kept: its selectors and declarations."""

    selectors: str
    declarations: list[ast.Declaration]


@dataclass
class _Group:
    """An @media (or similar) block kept: its head and the rules inside."""

    head: str
    items: list[_Rule | _Group | ast.Node]


def _purge_rules(rules: Iterable[ast.Node], usage: Usage) -> list[_Rule | _Group | ast.Node]:
    kept: list[_Rule | _Group | ast.Node] = []
    for rule in rules:
        if rule.type in ("whitespace", "comment"):
            continue
        if isinstance(rule, ast.QualifiedRule):
            selectors = [s for s in _selectors(rule.prelude) if selector_applies(s, usage)]
            if not selectors:
                continue
            body = tinycss2.parse_blocks_contents(
                rule.content, skip_whitespace=True, skip_comments=True
            )
            if any(item.type != "declaration" for item in body):
                # Nested rules or something unparsed: keep the rule as it was.
                kept.append(rule)
                continue
            kept.append(
                _Rule(
                    ",".join(tinycss2.serialize(s).strip() for s in selectors),
                    [d for d in body if isinstance(d, ast.Declaration)],
                )
            )
        elif (
            isinstance(rule, ast.AtRule)
            and rule.lower_at_keyword in _GROUPING
            and rule.content is not None
        ):
            items = _purge_rules(tinycss2.parse_rule_list(rule.content), usage)
            if items:
                head = "@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip()
                kept.append(_Group(head, items))
        else:
            kept.append(rule)
    return kept


def _reads(items: list[_Rule | _Group | ast.Node]) -> set[str]:
    """Return the custom properties that *items* read with var()."""
    found: set[str] = set()
    for item in items:
        if isinstance(item, _Rule):
            for declaration in item.declarations:
                found.update(_VAR.findall(tinycss2.serialize(declaration.value)))
        elif isinstance(item, _Group):
            found |= _reads(item.items)
        else:
            found.update(_VAR.findall(item.serialize()))
    return found


def _drop_unread(
    items: list[_Rule | _Group | ast.Node], read: set[str]
) -> list[_Rule | _Group | ast.Node]:
    kept: list[_Rule | _Group | ast.Node] = []
    for item in items:
        if isinstance(item, _Rule):
            declarations = [
                d for d in item.declarations if not d.name.startswith("--") or d.name in read
            ]
            if declarations:
                kept.append(_Rule(item.selectors, declarations))
        elif isinstance(item, _Group):
            inner = _drop_unread(item.items, read)
            if inner:
                kept.append(_Group(item.head, inner))
        else:
            kept.append(item)
    return kept


def _declaration(declaration: ast.Declaration) -> str:
    value = tinycss2.serialize(declaration.value).strip()
    return f"{declaration.name}:{value}{'!important' if declaration.important else ''}"


def _serialize(items: list[_Rule | _Group | ast.Node]) -> str:
    parts = []
    for item in items:
        if isinstance(item, _Rule):
            body = ";".join(_declaration(d) for d in item.declarations)
            parts.append(f"{item.selectors}{{{body}}}")
        elif isinstance(item, _Group):
            parts.append(f"{item.head}{{{_serialize(item.items)}}}")
        else:
            parts.append(item.serialize())
    return "".join(parts)


def purge_css(text: str, usage: Usage, *, also_read: Iterable[str] = ()) -> str:
    """Return stylesheet *text* without the rules and custom properties *usage* rules out.

    Custom properties are kept when the stylesheet itself, *usage* or
    *also_read* (the other stylesheets being purged) reads them.
    """
    items = _purge_rules(
        tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True), usage
    )
    outside = usage.custom | set(also_read)
    while True:
        read = _reads(items) | outside
        smaller = _drop_unread(items, read)
        if _serialize(smaller) == _serialize(items):
            return _serialize(items) + "\n"
        items = smaller


@dataclass(frozen=True)
class Purged:
    """One of Material's stylesheets rewritten: old and new name, and gzipped sizes in bytes."""

    original: str
    published: str
    before: int
    after: int


def purge_site(site_dir: Path) -> list[Purged]:
    """Purge Material's stylesheets in *site_dir* and point every page at the results."""
    folder = site_dir / STYLESHEETS
    originals = sorted(
        css
        for css in folder.glob("*.min.css")
        if _NAME.match(css.name) and css.with_name(css.name + ".map").is_file()
    )
    if not originals:
        return []
    usage = site_usage(site_dir, skip=originals)
    texts = {css: css.read_text(encoding="utf-8") for css in originals}
    done = []
    for css in originals:
        others = [_VAR.findall(t) for other, t in texts.items() if other != css]
        small = purge_css(texts[css], usage, also_read=[n for found in others for n in found])
        stem = _NAME.match(css.name).group("stem")  # type: ignore[union-attr]
        digest = hashlib.sha256(small.encode()).hexdigest()[:8]
        published = f"{stem}.{digest}.min.css"
        for stale in folder.glob(f"{stem}.*.min.css"):
            if stale.name != published:
                stale.unlink()
        css.with_name(css.name + ".map").unlink()
        (folder / published).write_text(small, encoding="utf-8")
        done.append(
            Purged(
                css.name,
                published,
                len(gzip.compress(texts[css].encode(), mtime=0)),
                len(gzip.compress(small.encode(), mtime=0)),
            )
        )
    _repoint(site_dir, {p.original.split(".")[0]: p.published for p in done})
    return done


def _repoint(site_dir: Path, names: dict[str, str]) -> None:
    """Point every page's link to a purged stylesheet (by its stem) at its new name."""
    pattern = re.compile(
        r"(" + re.escape(STYLESHEETS) + r"/)(" + "|".join(map(re.escape, names)) + r")"
        r"\.[0-9a-f]{8}\.min\.css"
    )
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: m.group(1) + names[m.group(2)], text)
        if new != text:
            page.write_text(new, encoding="utf-8")
