"""Checks on a tree as a graph: what JSON Schema cannot express.

These run over whatever parts of the data are well formed, even when the
schema check failed elsewhere, so one run reports everything:

* ids are unique across questions and outcomes;
* every target exists and is of the right kind: ``start`` names a question,
  ``next`` a question or an outcome, ``adds`` and ``alternatives`` outcomes
  (an outcome is never its own alternative);
* every question and outcome can be reached from ``start`` through ``next``
  and ``adds``;
* answers never loop back: one error per loop (per strongly connected group
  of questions), showing one cycle such as ``a -> b -> a``;
* at most :data:`MAX_DEPTH` (12) questions on any path from ``start``; a
  longer path is reported in full;
* within a question, option keys (``slugify(label)``, which name answers in
  URLs) are unique and not empty;
* every outcome's ``guide`` page exists in the docs folder.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from .model import slugify
from .wording import describe, did_you_mean
from .yaml_source import DataPath, Position, Problem, Source

MAX_DEPTH = 12
"""Most questions a reader may be asked on one path: beyond that a tree needs splitting."""

MAX_SUGGESTIONS = 100
"""Most "did you mean" hints worked out for one file. Each compares a name with every
id, so a hint for every broken link of a big, badly broken file would take quadratic
time; at most 100 errors are shown anyway."""

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class _Edge:
    source: str
    target: str
    field: DataPath
    """Where the target is written."""


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    return {key: entry for key, entry in value.items() if isinstance(entry, dict)}


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _is_id(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(_SLUG.match(value))


class _Graph:
    """The well-formed parts of a tree's data, with the checks run over them."""

    def __init__(self, source: Source, docs_dir: Path) -> None:
        self.source = source
        self.docs_dir = docs_dir
        data = source.data if isinstance(source.data, dict) else {}
        self.data = data
        self.questions = _mapping(data.get("questions"))
        self.outcomes = _mapping(data.get("outcomes"))
        self.routes = _mapping(data.get("routes"))
        self.problems: list[Problem] = []
        self.suggestions = 0

    def add(self, where: Position, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(where[0], where[1], message, hint))

    def suggest(self, word: str, choices: Iterable[str]) -> str | None:
        """Return a "did you mean" hint, until :data:`MAX_SUGGESTIONS` have been made."""
        if self.suggestions >= MAX_SUGGESTIONS:
            return None
        self.suggestions += 1
        return did_you_mean(word, choices)

    def key(self, group: str, node_id: str) -> Position:
        return self.source.where_key((group, node_id))

    def all_ids(self) -> list[str]:
        return [*self.questions, *self.outcomes, *self.routes]

    def route_edges(self) -> Iterator[_Edge]:
        """Yield every case of every route, in file order."""
        for rid, route in self.routes.items():
            cases = route.get("cases")
            for value, target in cases.items() if isinstance(cases, dict) else []:
                if _is_id(target):
                    yield _Edge(rid, target, ("routes", rid, "cases", value))

    def edges(self) -> Iterator[_Edge]:
        """Yield every next/adds link out of a question, in file order."""
        for qid, question in self.questions.items():
            for index, option in _items(question.get("options")):
                for field in ("next", "adds"):
                    target = option.get(field)
                    if _is_id(target):
                        yield _Edge(qid, target, ("questions", qid, "options", index, field))
            if _is_id(question.get("next")):
                yield _Edge(qid, question["next"], ("questions", qid, "next"))

    def run(self) -> list[Problem]:
        self.check_ids()
        self.check_targets()
        self.check_options()
        self.check_guides()
        looped = self.check_cycles()
        start = self.data.get("start")
        if start in self.questions:
            self.check_reachable(start)
            if not looped:
                self.check_depth(start)
        return self.problems

    def check_ids(self) -> None:
        for node_id in sorted((self.questions.keys() | self.outcomes.keys()) & self.routes.keys()):
            self.add(
                self.key("routes", node_id),
                f"the id '{node_id}' names a route and a question or an outcome",
                "ids must be unique across questions, outcomes and routes",
            )
        for node_id in self.questions.keys() & self.outcomes.keys():
            first, second = sorted([self.key("questions", node_id), self.key("outcomes", node_id)])
            self.add(
                second,
                f"the id '{node_id}' names both a question and an outcome (first at line "
                f"{first[0]})",
                "ids must be unique across questions and outcomes",
            )

    def check_targets(self) -> None:
        ids = set(self.all_ids())
        start = self.data.get("start")
        if _is_id(start):
            where = self.source.where(("start",))
            if start in self.outcomes and start not in self.questions:
                self.add(where, f"start '{start}' is an outcome; start must name a question")
            elif start not in self.questions:
                self.add(
                    where, f"start '{start}' is not a question", self.suggest(start, self.questions)
                )
        for edge in self.edges():
            where = self.source.where(edge.field)
            if edge.target not in ids:
                self.add(
                    where,
                    f"{describe(edge.field)} names '{edge.target}', which is not a question "
                    "or an outcome",
                    self.suggest(edge.target, self.all_ids()),
                )
            elif edge.field[-1] == "adds" and edge.target not in self.outcomes:
                self.add(where, f"'adds' must name an outcome; '{edge.target}' is a question")
        for edge in self.route_edges():
            if edge.target not in self.outcomes:
                self.add(
                    self.source.where(edge.field),
                    f"route '{edge.source}' sends job '{edge.field[-1]}' to '{edge.target}', "
                    "which is not an outcome",
                    self.suggest(edge.target, self.outcomes),
                )
                continue
            job = self.outcomes[edge.target].get("job")
            if job != edge.field[-1]:
                self.add(
                    self.source.where(edge.field),
                    f"route '{edge.source}' sends job '{edge.field[-1]}' to outcome "
                    f"'{edge.target}', whose job is {repr(job) if job else 'not set'}",
                    f"give outcome '{edge.target}' job: {edge.field[-1]}, or route to the "
                    "outcome of that job",
                )
        for oid, outcome in self.outcomes.items():
            alternatives = outcome.get("alternatives")
            for index, target in enumerate(alternatives if isinstance(alternatives, list) else []):
                field = ("outcomes", oid, "alternatives", index)
                where = self.source.where(field)
                if not _is_id(target):
                    continue
                if target == oid:
                    self.add(where, f"outcome '{oid}' lists itself as an alternative")
                elif target in self.questions and target not in self.outcomes:
                    self.add(where, f"alternative '{target}' is a question; list outcomes only")
                elif target not in self.outcomes:
                    self.add(
                        where,
                        f"{describe(field)} names '{target}', which is not an outcome",
                        self.suggest(target, self.outcomes),
                    )

    def check_options(self) -> None:
        for qid, question in self.questions.items():
            seen: dict[str, str] = {}
            for index, option in _items(question.get("options")):
                label = option.get("label")
                if not isinstance(label, str) or not label.strip():
                    continue
                where = self.source.where(("questions", qid, "options", index, "label"))
                key = slugify(label)
                if not key:
                    self.add(
                        where,
                        f"the label '{label}' has no letters or digits",
                        "an answer's letters and digits name it in URLs; add some",
                    )
                elif key in seen:
                    self.add(
                        where,
                        f"the labels '{seen[key]}' and '{label}' of question '{qid}' are the "
                        f"same ignoring case and punctuation (both '{key}')",
                        "labels name answers in URLs: make them differ in letters or digits",
                    )
                else:
                    seen[key] = label

    def check_guides(self) -> None:
        for oid, outcome in self.outcomes.items():
            guide = outcome.get("guide")
            if not isinstance(guide, str) or not guide.endswith(".md"):
                continue
            if guide.startswith("/") or ".." in guide.split("/"):
                continue  # the schema's pattern reports these
            if not (self.docs_dir / guide).is_file():
                docs = self.docs_dir
                pages = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
                self.add(
                    self.source.where(("outcomes", oid, "guide")),
                    f"the guide page '{guide}' of outcome '{oid}' is not in the docs folder",
                    did_you_mean(guide, pages) or "write the page, or fix the path",
                )

    def question_links(self) -> dict[str, list[_Edge]]:
        """Map each question to its links to other questions, in file order."""
        links: dict[str, list[_Edge]] = {qid: [] for qid in self.questions}
        for edge in self.edges():
            if edge.target in self.questions and edge.field[-1] == "next":
                links[edge.source].append(edge)
        return links

    def check_reachable(self, start: str) -> None:
        out: dict[str, list[str]] = {}
        for edge in (*self.edges(), *self.route_edges()):
            out.setdefault(edge.source, []).append(edge.target)
        seen = {start}
        queue = deque([start])
        while queue:
            for target in out.get(queue.popleft(), []):
                if target not in seen:
                    seen.add(target)
                    if target in self.questions or target in self.routes:
                        queue.append(target)
        groups = (("questions", self.questions), ("outcomes", self.outcomes))
        for group, entries in (*groups, ("routes", self.routes)):
            for node_id in entries:
                if node_id not in seen:
                    self.add(
                        self.key(group, node_id),
                        f"{group[:-1]} '{node_id}' cannot be reached from the start question "
                        f"'{start}'",
                        "lead to it from an option's 'next' ('adds' for an outcome), or remove it",
                    )

    def check_cycles(self) -> bool:
        """Report one cycle per strongly connected group of questions; True if any."""
        links = self.question_links()
        found = False
        for group in _strongly_connected(links):
            first = group[0]
            if len(group) == 1 and not any(e.target == first for e in links[first]):
                continue
            cycle, closing = _shortest_cycle(first, set(group), links)
            found = True
            self.add(
                self.source.where(closing.field),
                "the answers loop back: " + " -> ".join(cycle),
                "a tree only moves forward; point this 'next' at a later question or an outcome",
            )
        return found

    def check_depth(self, start: str) -> None:
        links = self.question_links()
        # Questions on the longest path from each question, and the next one on it.
        length: dict[str, int] = {}
        onward: dict[str, str | None] = {}
        # Iterative post-order, as trees from the wild may be long chains.
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            qid, done = stack.pop()
            if qid in length:
                continue
            if done:
                best = max((e.target for e in links[qid]), key=length.__getitem__, default=None)
                length[qid] = 1 + (length[best] if best else 0)
                onward[qid] = best
                continue
            stack.append((qid, True))
            stack.extend((e.target, False) for e in links[qid] if e.target not in length)
        if length[start] <= MAX_DEPTH:
            return
        path: list[str] = []
        step: str | None = start
        while step is not None:
            path.append(step)
            step = onward[step]
        shown = path if len(path) <= 2 * MAX_DEPTH else [*path[: MAX_DEPTH + 1], "...", path[-1]]
        self.add(
            self.key("questions", path[MAX_DEPTH]),
            f"a path from start asks {len(path)} questions, more than the limit of "
            f"{MAX_DEPTH}: " + " -> ".join(shown),
            "shorten the path, or split the tree",
        )


def _strongly_connected(links: dict[str, list[_Edge]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion; groups keep file order."""
    order = {qid: i for i, qid in enumerate(links)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in links:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            qid, position = work.pop()
            if position == 0:
                index[qid] = low[qid] = len(index)
                stack.append(qid)
                on_stack.add(qid)
            targets = links[qid]
            if position < len(targets):
                work.append((qid, position + 1))
                target = targets[position].target
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[qid] = min(low[qid], index[target])
                continue
            if low[qid] == index[qid]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == qid:
                        break
                groups.append(sorted(group, key=order.__getitem__))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[qid])
    return sorted(groups, key=lambda g: order[g[0]])


def _shortest_cycle(
    first: str, group: set[str], links: dict[str, list[_Edge]]
) -> tuple[list[str], _Edge]:
    """Return the shortest cycle through *first* inside *group*, and the edge closing it."""
    came_from: dict[str, _Edge | None] = {first: None}
    queue = deque([first])
    while queue:
        qid = queue.popleft()
        for edge in links[qid]:
            if edge.target == first:
                step: _Edge | None = came_from[qid]
                trail = [qid]
                while step is not None:
                    trail.append(step.source)
                    step = came_from[step.source]
                cycle = [*reversed(trail), first] if qid != first else [first, first]
                return cycle, edge
            if edge.target in group and edge.target not in came_from:
                came_from[edge.target] = edge
                queue.append(edge.target)
    raise AssertionError("a strongly connected group always holds a cycle")


def check_graph(source: Source, docs_dir: Path) -> list[Problem]:
    """Return the graph problems of ``source.data`` (see the module docstring)."""
    return _Graph(source, docs_dir).run()
