"""Read a YAML tree file into plain Python data that remembers where each value came from.

PyYAML's ``safe_load`` forgets line numbers, silently keeps the last of two
duplicate keys and happily expands anchors and aliases. This module composes
the file with PyYAML's SafeLoader composer into nodes (which carry marks) and
builds the data itself, so every value and every mapping key can be traced
back to a 1-based ``(line, column)``.

Valid files are read at C speed: with libyaml, data and positions come
straight from its parser's events in one pass, and only a file that pass
does not take (one with a problem, or one of the few constructs where
libyaml and PyYAML disagree) is composed again by the pure-Python path
below, which words and places every problem. Without libyaml, or with
:data:`LIBYAML` set to False, every file takes the pure-Python path.

Rules enforced while reading (each broken rule is a located :class:`Problem`):

* the file is at most :data:`MAX_BYTES` bytes (1 MiB) and valid UTF-8; a bad
  byte is reported at its own line and column;
* nesting is at most :data:`MAX_NESTING` levels (50) deep and the file holds at
  most :data:`MAX_NODES` values, checked while composing, before any Python data
  is built (PyYAML's composer is recursive; a deep file must not reach Python's
  recursion limit);
* no anchors (``&a``) and no aliases (``*a``): each is rejected where it appears,
  before anything is expanded, which also defuses "billion laughs" files;
* no tags beyond the core schema (str, int, float, bool, null, seq, map);
  ``2024-01-01`` stays text, as YAML timestamps are not part of the format;
* no duplicate keys in a mapping; the first one is kept;
* mapping keys are plain scalars, read as the text written (``yes:`` is the
  key ``"yes"``). Values follow YAML 1.1, so an unquoted ``Yes`` value is the
  boolean true: :attr:`Source.raw` keeps its text so later checks can suggest
  quoting it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 1024 * 1024
"""Largest tree file read, in bytes. Real trees are a few dozen KiB."""

MAX_NESTING = 50
"""Deepest nesting of mappings and lists. A valid tree needs 6 levels."""

MAX_NODES = 50_000
"""Most values (scalars, lists, mappings) in one file: bounds memory and time."""

LIBYAML: bool = bool(getattr(yaml, "__with_libyaml__", False))
"""Read valid files from libyaml's events (set False to always use the pure-Python reader)."""

DataPath = tuple[str | int, ...]
"""Where a value sits in the data: ``("questions", "q1", "options", 0, "label")``."""

Position = tuple[int, int]
"""A 1-based ``(line, column)``."""

_TAG = "tag:yaml.org,2002:"
_CORE_SCALARS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
# Stands in for a rejected alias.
_ALIAS = "!rejected-alias"
# Anchors are never registered (the stubs type the argument as a dict).
_NO_ANCHOR: Any = None
_KEEP_RESOLVERS = {_TAG + name for name in ("int", "float", "bool", "null")}


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file at a 1-based line and column."""

    line: int
    column: int
    message: str
    hint: str | None = None


@dataclass
class Source:
    """The data read from a file, with the position of every value and key."""

    data: Any
    values: dict[DataPath, Position] = field(default_factory=dict)
    """Where each value starts."""
    keys: dict[DataPath, Position] = field(default_factory=dict)
    """For each mapping entry, where its key starts."""
    raw: dict[DataPath, str] = field(default_factory=dict)
    """Source text of scalars YAML read as something other than a string."""
    problems: list[Problem] = field(default_factory=list)
    """Problems that did not stop reading (anchors, aliases, tags, duplicate keys)."""
    unread: set[DataPath] = field(default_factory=set)
    """Places of rejected aliases: they hold None, and later checks leave them alone."""
    styles: dict[DataPath, str] = field(default_factory=dict)
    """Quoting or block style of string scalars: ``""`` plain, ``'``, ``"``, ``|``, ``>``."""
    lines: list[str] = field(default_factory=list)
    """The file's lines, to find places inside a string."""

    def where(self, path: DataPath) -> Position:
        """Return the position of the value at *path*, or of its closest parent."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return found
        return (1, 1)

    def where_in(self, path: DataPath, value: str, offset: int) -> Position:
        """Return the position of character *offset* of the string *value* at *path*.

        Exact for one-line plain or quoted strings and for literal blocks
        (``|``); otherwise, or when the file does not show the text there
        (escapes, folding), the start of the value.
        """
        start = self.where(path)
        style = self.styles.get(path)
        before = value[:offset]
        row = before.count("\n")
        column = offset - (before.rfind("\n") + 1)
        if style == "|":
            content = [text for text in self.lines[start[0] :] if text.strip()]
            indent = len(content[0]) - len(content[0].lstrip(" ")) if content else 0
            candidate = (start[0] + 1 + row, indent + column + 1)
        elif style in ("", "'", '"') and row == 0:
            candidate = (start[0], start[1] + column + (0 if style == "" else 1))
        else:
            return start
        fragment = value[offset:].split("\n", 1)[0][:16]
        line = self.lines[candidate[0] - 1] if candidate[0] <= len(self.lines) else ""
        return candidate if line[candidate[1] - 1 :].startswith(fragment) else start

    def where_key(self, path: DataPath) -> Position:
        """Return the position of the key of the entry at *path* (its value if a list item)."""
        return self.keys.get(path) or self.where(path)


class SourceError(Exception):
    """The file could not be read into data at all; ``problems`` says why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        """Keep the problems."""
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class _Stop(Exception):
    """Composing must stop here (a limit was hit)."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.problem = Problem(mark.line + 1, mark.column + 1, message, hint)


class _Loader(yaml.SafeLoader):
    """SafeLoader composer that records anchors and aliases instead of following them."""

    # Only the core schema's implicit types; timestamps, merge keys and the
    # rest stay plain strings.
    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads this class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEEP_RESOLVERS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.problems: list[Problem] = []
        self.depth = 0
        self.count = 0

    def _note(self, mark: yaml.Mark, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(mark.line + 1, mark.column + 1, message, hint))

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        self.count += 1
        if self.count > MAX_NODES:
            raise _Stop(
                event.start_mark,
                f"the file holds more than {MAX_NODES} values; a tree is far smaller",
            )
        if self.depth >= MAX_NESTING:
            raise _Stop(
                event.start_mark,
                f"nesting is deeper than {MAX_NESTING} levels",
                "a tree needs only a few levels: tree > questions > question > options > option",
            )
        start: Any = event.start_mark
        if isinstance(event, AliasEvent):
            self.get_event()  # type: ignore[no-untyped-call]
            end: Any = event.end_mark
            self._note(
                start,
                f"alias '*{event.anchor}' is not allowed",
                "write the content out in full; tree files use no anchors or aliases",
            )
            # A null stands in for the alias, so reading goes on without expanding it.
            return ScalarNode(_ALIAS, "", start, end)
        if event.anchor is not None:
            self._note(
                event.start_mark,
                f"anchor '&{event.anchor}' is not allowed",
                "write the content out in full; tree files use no anchors or aliases",
            )
        self.depth += 1
        self.descend_resolver(parent, index)
        node: Node
        if isinstance(event, ScalarEvent):
            node = self.compose_scalar_node(_NO_ANCHOR)
        elif isinstance(event, SequenceStartEvent):
            node = self.compose_sequence_node(_NO_ANCHOR)
        else:
            assert isinstance(event, MappingStartEvent)
            node = self.compose_mapping_node(_NO_ANCHOR)
        self.ascend_resolver()
        self.depth -= 1
        return node


def read_source(path: Path) -> Source:
    """Read the tree file at *path*; raise :class:`SourceError` if it cannot be read.

    Problems that do not stop reading (anchors, aliases, custom tags, duplicate
    keys) come back in :attr:`Source.problems` alongside the data.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError([Problem(1, 1, f"cannot read the file: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_BYTES:
        raise SourceError(
            [
                Problem(
                    1,
                    1,
                    f"the file is larger than {MAX_BYTES // 1024} KiB, the limit for a tree file",
                    "split the tree, or check that the right file was given",
                )
            ]
        )
    return parse_text(_decode(raw))


def _decode(raw: bytes) -> str:
    """Decode UTF-8 (a leading byte-order mark is dropped) or locate the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise SourceError(
            [
                Problem(
                    line,
                    column,
                    f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                    "save the file as UTF-8",
                )
            ]
        ) from None


def parse_text(text: str) -> Source:
    """Compose *text* and build its data; see :func:`read_source`.

    With libyaml (:data:`LIBYAML`), a file is first read from the C parser's
    events in one pass. That pass gives up at the first thing it does not take
    (a syntax error, an anchor, alias, tag, complex or duplicate key, a limit,
    a value that cannot be read, a second document): the pure-Python reader
    then reads the file again and words and places every problem exactly as
    it always has. Valid files, the common case, are read at C speed.
    """
    if not _printable(text):
        raise SourceError([_unprintable(text)])
    odd_break = _ODD_BREAK.search(text)
    if odd_break is not None:
        raise SourceError([_odd_break(text, odd_break)])
    if LIBYAML and not _PURE_ONLY.search(text):
        source = _read_events(text)
        if source is not None:
            return source
    return _parse_pure(text)


def _parse_pure(text: str) -> Source:
    """Read *text* with PyYAML's pure-Python composer, locating every problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except _Stop as stop:
        raise SourceError([*loader.problems, stop.problem]) from None
    except yaml.MarkedYAMLError as exc:
        raise SourceError([*loader.problems, _syntax_problem(exc)]) from None
    except RecursionError:
        # Only reachable if Python's stack is already nearly full.
        raise SourceError([Problem(1, 1, "the file is nested too deeply to read")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise SourceError(
            [
                Problem(
                    1,
                    1,
                    "the file is empty",
                    "a tree starts with 'version: 1', then id, title, start, questions, outcomes",
                )
            ]
        )
    source = Source(data=None, problems=list(loader.problems), lines=text.splitlines())
    source.data = _Builder(source).build(node, ())
    return source


# Texts on which libyaml and PyYAML disagree: tabs (libyaml takes them where
# PyYAML rejects them), a byte-order mark inside the text (libyaml skips it
# without counting its column) and a comment straight after a block scalar's
# header (``|#``, which libyaml takes).
_PURE_ONLY = re.compile(r"[\t\ufeff]|[|>][-+0-9]*#")


class _GiveUp(Exception):
    """The event reader met something only the pure-Python reader words exactly."""


def _read_events(text: str) -> Source | None:
    """Read *text* from libyaml's events into a :class:`Source`, or None to read it again.

    The same data, positions, raw texts and styles as the pure-Python reader,
    for a file in which that reader finds no problem; None as soon as it
    might find one.
    """
    parser = yaml.CSafeLoader(text)
    try:
        return _EventReader(text, parser.get_event).read()
    except (_GiveUp, yaml.YAMLError, ValueError, TypeError, KeyError):
        return None
    finally:
        parser.dispose()


class _EventReader:
    """Builds data straight from parser events, with an explicit stack (no recursion)."""

    def __init__(self, text: str, next_event: Any) -> None:
        self.text = text
        self.next_event = next_event
        resolvers = _Loader.yaml_implicit_resolvers
        wildcard = resolvers.get(None, [])
        self.resolvers: dict[str, list[tuple[str, Any]]] = {
            first: list(found) + list(wildcard)
            for first, found in resolvers.items()
            if first is not None
        }
        self.wildcard = list(wildcard)
        self.constructor = yaml.SafeLoader("")
        self.constructed: dict[tuple[str, str], Any] = {}

    def _expect(self, kind: type) -> Any:
        event = self.next_event()
        if type(event) is not kind:
            raise _GiveUp
        return event

    def _resolve(self, value: str) -> str:
        for tag, regexp in self.resolvers.get(value[:1], self.wildcard):
            if regexp.match(value):
                return str(tag)
        return _TAG + "str"

    def _scalar(self, value: str, tag: str) -> Any:
        cached = self.constructed.get((tag, value), self)
        if cached is self:
            node = ScalarNode(tag, value)
            cached = self.constructor.yaml_constructors[tag](self.constructor, node)
            self.constructed[(tag, value)] = cached
        return cached

    def read(self) -> Source:
        self._expect(StreamStartEvent)
        start = self._expect(DocumentStartEvent)
        if start.version is not None or start.tags:
            raise _GiveUp
        source = Source(data=None, lines=self.text.splitlines())
        values, keys, raw, styles = source.values, source.keys, source.raw, source.styles
        scalar_event, str_tag = ScalarEvent, _TAG + "str"
        mapping_start = MappingStartEvent
        end_events = (MappingEndEvent, SequenceEndEvent)
        node_events = (ScalarEvent, MappingStartEvent, SequenceStartEvent)
        next_event, resolve, construct = self.next_event, self._resolve, self._scalar
        max_nodes, max_nesting = MAX_NODES, MAX_NESTING
        # One frame per open collection: [container, its path, pending key (mappings)].
        stack: list[list[Any]] = []
        count = 0
        flow_depth = flow_from = 0
        root: Any = None
        while True:
            event = next_event()
            kind = type(event)
            if kind in end_events:
                if stack.pop()[3]:
                    flow_depth -= 1
                    if not flow_depth and "?" in self.text[flow_from : event.end_mark.index]:
                        raise _GiveUp
                if not stack:
                    break
                continue
            count += 1
            if count > max_nodes or len(stack) >= max_nesting:
                raise _GiveUp
            if kind not in node_events:
                raise _GiveUp  # an alias, or no node at all
            if event.anchor is not None or event.tag is not None:
                raise _GiveUp
            mark = event.start_mark
            position = (mark.line + 1, mark.column + 1)
            path: DataPath
            if stack:
                frame = stack[-1]
                container = frame[0]
                if type(container) is dict:
                    key = frame[2]
                    if key is None:
                        # A key: plain text, not yet in this mapping.
                        if kind is not scalar_event or event.value in container:
                            raise _GiveUp
                        frame[2] = event.value
                        keys[(*frame[1], event.value)] = position
                        continue
                    frame[2] = None
                    path = (*frame[1], key)
                else:
                    key = len(container)
                    path = (*frame[1], key)
            else:
                container = None
                key = None
                path = ()
            values[path] = position
            value: Any
            if kind is scalar_event:
                text = event.value
                tag = resolve(text) if event.implicit[0] else str_tag
                if tag == str_tag:
                    value = text
                    styles[path] = event.style or ""
                else:
                    value = construct(text, tag)
                    raw[path] = text
            else:
                value = {} if kind is mapping_start else []
                flow = bool(event.flow_style)
                if flow:
                    # PyYAML and libyaml differ on '?' inside flow collections and
                    # on where a single-pair mapping in a list ([a: b]) starts.
                    if kind is mapping_start and self.text[mark.index] != "{":
                        raise _GiveUp
                    if not flow_depth:
                        flow_from = mark.index
                    flow_depth += 1
                stack.append([value, path, None, flow])
            if container is None:
                root = value
                if kind is scalar_event:
                    break
            elif type(container) is dict:
                container[key] = value
            else:
                container.append(value)
        self._expect(DocumentEndEvent)
        self._expect(StreamEndEvent)
        source.data = root
        return source


def _printable(text: str) -> bool:
    return not yaml.reader.Reader.NON_PRINTABLE.search(text)


def _unprintable(text: str) -> Problem:
    match = yaml.reader.Reader.NON_PRINTABLE.search(text)
    assert match is not None
    before = text[: match.start()]
    line = before.count("\n") + 1
    column = match.start() - (before.rfind("\n") + 1) + 1
    return Problem(
        line,
        column,
        f"the file contains the control character U+{ord(match.group()):04X}",
        "remove it; tree files hold printable text only",
    )


# YAML also ends lines at a lone carriage return, NEL, LINE SEPARATOR and PARAGRAPH
# SEPARATOR; editors mostly do not, so every line number after one would point at the
# wrong line. Files use LF (or CRLF) only.
_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def _odd_break(text: str, match: re.Match[str]) -> Problem:
    before = text[: match.start()]
    line = before.count("\n") + 1
    column = match.start() - (before.rfind("\n") + 1) + 1
    char = match.group()
    name = "a carriage return without a line feed" if char == "\r" else f"U+{ord(char):04X}"
    return Problem(
        line,
        column,
        f"the file breaks a line with {name}",
        "end lines with LF (or CRLF) only, so that every line number matches your editor",
    )


_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token": "indent with spaces; YAML forbids tabs",
    "mapping values are not allowed here": (
        "a colon followed by a space starts a key: put the text in quotes, "
        'e.g. text: "Pick one: A or B"'
    ),
    "found undefined alias": "tree files use no anchors or aliases",
}


def _syntax_problem(exc: yaml.MarkedYAMLError) -> Problem:
    """Turn PyYAML's parse error into one located problem."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context == "expected a single document in the stream":
        return Problem(
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
            "a second YAML document starts here; a tree file holds one",
            "remove the '---' line and what follows, or move it to its own file",
        )
    message = exc.problem or exc.context or "the file is not valid YAML"
    if exc.context and exc.problem and exc.context_mark is not None:
        message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    hint = next((h for key, h in _SYNTAX_HINTS.items() if key in message), None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(line, column, f"YAML syntax: {message}", hint)


class _Builder:
    """Turns composed nodes into Python data, recording positions as it goes."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.constructor = yaml.SafeLoader("")

    def _note(self, node: Node, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.source.problems.append(Problem(mark.line + 1, mark.column + 1, message, hint))

    def build(self, node: Node, path: DataPath) -> Any:
        """Return the data of *node* (at *path*), recording its position."""
        source = self.source
        source.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            self._check_tag(node, _TAG + "map")
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _TAG + "seq")
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag == _ALIAS:
            source.unread.add(path)
            return None
        value = self._scalar(node)
        if isinstance(value, str):
            source.styles[path] = node.style or ""
        else:
            source.raw[path] = node.value
        return value

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self._note(node, f"the tag '{node.tag}' is not allowed", "remove the tag")

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _CORE_SCALARS:
            self._note(
                node,
                f"the tag '{node.tag}' is not allowed",
                "tree files use plain YAML values without tags; remove it",
            )
            return node.value
        name = node.tag.removeprefix(_TAG)
        if name == "str":
            return node.value
        try:
            return self.constructor.yaml_constructors[node.tag](self.constructor, node)
        except (ValueError, KeyError, TypeError, yaml.YAMLError):
            self._note(node, f"'{node.value}' cannot be read as !!{name}")
            return node.value

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._note(key_node, "a key must be plain text, not a list or a mapping")
                continue
            if key_node.tag == _ALIAS:
                continue
            if key_node.tag not in _CORE_SCALARS:
                self._note(key_node, f"the tag '{key_node.tag}' is not allowed", "remove the tag")
            key = key_node.value
            if key in first:
                line = first[key].start_mark.line + 1
                self._note(
                    key_node,
                    f"duplicate key '{key}' (first at line {line})",
                    "YAML would silently keep only the last one; remove or rename one of them",
                )
                continue
            first[key] = key_node
            self.source.keys[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, (*path, key))
        return result
