"""Checks on the constraints a tree's answers set (``sets``, ``when``, ``routes``).

They need every path, so they run on a tree that passed the schema and graph
checks. Each problem is located at the YAML that causes it:

* no path sets the same constraint twice;
* a route is only reached once an answer has set its constraint, and has a
  case for every value a path can bring to it;
* ``when`` names only jobs some answer sets;
* an outcome with a ``job`` is only reached on paths that set that job;
* a tree whose answers set constraints has at most :data:`MAX_PATHS` paths
  (beyond that the page's table of recommendations would be too large).
"""

from __future__ import annotations

from typing import Any

from .model import Tree
from .yaml_source import Problem, Source

MAX_PATHS = 100_000


def check_constraints(tree: Tree, source: Source) -> list[Problem]:
    """Return a located problem for each misuse of ``sets``, ``when`` and ``routes``."""
    uses = bool(tree.routes) or any(
        q.when or any(o.sets for o in q.options) for q in tree.questions.values()
    )
    if not uses:
        return []
    problems: dict[tuple[int, int, str], Problem] = {}

    def add(where: tuple[int, int], message: str, hint: str | None = None) -> None:
        problems.setdefault((where[0], where[1], message), Problem(*where, message, hint))

    set_jobs = {
        o.sets["job"]
        for q in tree.questions.values()
        for o in q.options
        if isinstance(o.sets.get("job"), str)
    }
    for qid, question in tree.questions.items():
        for job in (question.when or {}).get("job", ()):
            if job not in set_jobs:
                index = question.when["job"].index(job) if question.when else 0
                add(
                    source.where(("questions", qid, "when", "job", index)),
                    f"question '{qid}' is asked for job '{job}', which no answer sets",
                    "add an answer with sets: {job: " + job + "}, or remove it here",
                )
    count = 0
    # (node as written, set-by: constraint -> (question, option index), constraints)
    stack: list[tuple[str | None, dict[str, tuple[str, int]], dict[str, Any]]] = [
        (tree.start, {}, {})
    ]
    while stack:
        node, origin, sets = stack.pop()
        node = _resolve(tree, source, node, sets, add)
        if node is None:
            continue
        if node in tree.outcomes:
            count += 1
            if count > MAX_PATHS:
                add(
                    source.where(("start",)),
                    f"the tree has more than {MAX_PATHS:,} paths, too many to compute "
                    "recommendations for",
                    "ask fewer constraint questions, or give them fewer answers",
                )
                break
            outcome_job = tree.outcomes[node].job
            if outcome_job is not None and "job" in sets and sets["job"] != outcome_job:
                qid, index = origin["job"]
                add(
                    source.where(("questions", qid, "options", index, "sets", "job")),
                    f"this answer sets job '{sets['job']}' but leads to outcome '{node}', "
                    f"whose job is '{outcome_job}'",
                    "lead it through the route for jobs, or to that job's outcome",
                )
            continue
        question = tree.questions[node]
        if question.multiple:
            stack.append((question.next, origin, sets))
            continue
        for index, option in reversed(list(enumerate(question.options))):
            chosen = dict(sets)
            chosen_origin = dict(origin)
            for name, value in option.sets.items():
                if name in sets:
                    first_q, first_i = origin[name]
                    first_line = source.where(
                        ("questions", first_q, "options", first_i, "sets", name)
                    )[0]
                    add(
                        source.where_key(("questions", node, "options", index, "sets", name)),
                        f"'{name}' is set twice on a path: here and by an answer of question "
                        f"'{first_q}' (line {first_line})",
                        "each constraint is set by one answer on any path",
                    )
                chosen[name] = value
                chosen_origin.setdefault(name, (node, index))
            stack.append((option.next, chosen_origin, chosen))
    return list(problems.values())


def _resolve(
    tree: Tree, source: Source, node: str | None, sets: dict[str, Any], add: Any
) -> str | None:
    """Follow skips and routes like :meth:`Tree.resolve`, reporting a route that cannot decide."""
    hops = 0
    while node is not None and hops <= len(tree.questions) + len(tree.routes):
        hops += 1
        route = tree.routes.get(node)
        if route is not None:
            value = sets.get(route.on)
            if value is None:
                add(
                    source.where_key(("routes", node)),
                    f"route '{node}' is reached on a path where no answer has set '{route.on}'",
                    f"set {route.on} in an earlier answer on every path that leads here",
                )
                return None
            target = route.cases.get(str(value))
            if target is None:
                add(
                    source.where_key(("routes", node)),
                    f"route '{node}' has no case for {route.on} '{value}'",
                    f"add '{value}: <outcome>' under its cases",
                )
                return None
            node = target
            continue
        question = tree.questions.get(node)
        if question is not None and not question.applies(sets):
            node = question.next
            continue
        return node
    return None
