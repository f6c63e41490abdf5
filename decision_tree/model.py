"""The decision tree as typed, immutable Python objects.

These are what the loader returns once a file has passed every check; the
renderer, the CLI and the MkDocs hook all read them and never the raw YAML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Return the lowercase ASCII slug of *text* ("Text or code?" -> "text-or-code")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Resource:
    """A link offered as further reading."""

    title: str
    url: str


@dataclass(frozen=True)
class Option:
    """One answer to a question.

    ``key`` is the slug of the label: it names the answer in URLs and must be
    unique within its question. A single-choice option has ``next``; an option
    of a ``multiple`` question has ``adds`` instead.
    """

    label: str
    key: str
    next: str | None = None
    adds: str | None = None
    hint: str | None = None
    unsure: bool = False


@dataclass(frozen=True)
class Question:
    """A question with its answers."""

    id: str
    text: str
    options: tuple[Option, ...]
    help: str | None = None
    multiple: bool = False
    next: str | None = None

    def option(self, key: str) -> Option | None:
        """Return the option whose key is *key*, or None."""
        for option in self.options:
            if option.key == key:
                return option
        return None


@dataclass(frozen=True)
class Outcome:
    """A recommendation at the end of a path."""

    id: str
    title: str
    summary: str
    guide: str
    resources: tuple[Resource, ...]
    models: tuple[str, ...] = ()
    """Ids of catalogued models, most fitting first."""
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tree:
    """A whole, valid decision tree."""

    id: str
    title: str
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    intro: str | None = None
    version: int = 1
    source: Path | None = field(default=None, compare=False)

    def node(self, node_id: str) -> Question | Outcome:
        """Return the question or outcome called *node_id* (KeyError if neither)."""
        if node_id in self.questions:
            return self.questions[node_id]
        return self.outcomes[node_id]
