"""The decision tree as typed, immutable Python objects.

These are what the loader returns once a file has passed every check; the
renderer, the CLI and the MkDocs hook all read them and never the raw YAML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    sets: dict[str, Any] = field(default_factory=dict, compare=False)
    """Constraints this answer sets for the recommender (``job``, ``memory_gb`` ...)."""


@dataclass(frozen=True)
class Question:
    """A question with its answers."""

    id: str
    text: str
    options: tuple[Option, ...]
    help: str | None = None
    multiple: bool = False
    next: str | None = None
    when: dict[str, tuple[str, ...]] | None = None
    """Asked only when an earlier answer set one of these values (``{"job": (...)}``)."""

    def applies(self, constraints: dict[str, Any]) -> bool:
        """Whether the question is asked, given the constraints set so far."""
        if not self.when:
            return True
        return all(constraints.get(name) in values for name, values in self.when.items())

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
    job: str | None = None
    """The recommender job whose fitting models this outcome lists."""
    companion: str | None = None
    """For an outcome a ``multiple`` question adds: the companion it stands for."""


@dataclass(frozen=True)
class Route:
    """Sends the reader to an outcome by a constraint an earlier answer set (the job)."""

    id: str
    on: str
    cases: dict[str, str]


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
    routes: dict[str, Route] = field(default_factory=dict)

    def node(self, node_id: str) -> Question | Outcome:
        """Return the question or outcome called *node_id* (KeyError if neither)."""
        if node_id in self.questions:
            return self.questions[node_id]
        return self.outcomes[node_id]

    def resolve(self, node_id: str | None, constraints: dict[str, Any]) -> str | None:
        """Follow routes and skip questions that do not apply; return the node the reader sees.

        None when a route has no case for the constraint's value (the checks
        make sure a valid tree never gets there).
        """
        seen = 0
        while node_id is not None and seen <= len(self.questions) + len(self.routes):
            seen += 1
            route = self.routes.get(node_id)
            if route is not None:
                node_id = route.cases.get(str(constraints.get(route.on)))
                continue
            question = self.questions.get(node_id)
            if question is not None and not question.applies(constraints):
                node_id = question.next
                continue
            return node_id
        return None
