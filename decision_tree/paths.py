"""Every path through a tree, from the start question to an outcome.

:func:`iter_paths` walks a checked tree depth-first, options in file order, so
the order is stable. A single-choice question appears as a :class:`Step` with
the key of the chosen option; a ``multiple: true`` question appears once, with
``options=()`` (nothing ticked), as ticking only adds companions and never
changes where the path goes. :func:`paths_table` renders the paths as the
Markdown table committed beside each tree (``<tree>.paths.md``), so a review
shows how a change moves recommendations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue_model import Catalogue
from .model import Tree


@dataclass(frozen=True)
class Step:
    """One answered question: its id and the keys of the options chosen."""

    question: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class TreePath:
    """The answers given, in order, the outcome they lead to and the constraints they set."""

    steps: tuple[Step, ...]
    outcome: str
    constraints: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """What the answers set (``sets``), for the recommender."""


def iter_paths(tree: Tree) -> Iterator[TreePath]:
    """Yield every path from ``tree.start`` to an outcome, depth-first, in file order.

    Questions whose ``when`` does not match the constraints set so far are
    skipped, and routes are followed, as a reader would experience them.
    """
    # An explicit stack: the checks bound depth, but this must not rely on recursion.
    stack: list[tuple[str | None, tuple[Step, ...], dict[str, Any]]] = [(tree.start, (), {})]
    while stack:
        raw, steps, sets = stack.pop()
        node_id = tree.resolve(raw, sets)
        if node_id is None:
            continue  # a route with no case for this path (reported by the checks)
        if node_id in tree.outcomes:
            yield TreePath(steps, node_id, sets)
            continue
        question = tree.questions[node_id]
        branches: list[tuple[str | None, tuple[Step, ...], dict[str, Any]]] = []
        if question.multiple:
            assert question.next is not None
            branches.append((question.next, (*steps, Step(node_id, ())), sets))
        else:
            for option in question.options:
                assert option.next is not None
                chosen = {**sets, **option.sets} if option.sets else sets
                branches.append((option.next, (*steps, Step(node_id, (option.key,))), chosen))
        stack.extend(reversed(branches))


def companions(tree: Tree, path: TreePath) -> list[str]:
    """Return the outcome ids a reader may add along *path* (ticks of multiple questions)."""
    found: list[str] = []
    for step in path.steps:
        question = tree.questions[step.question]
        if question.multiple:
            for option in question.options:
                if option.adds and option.adds not in found and option.adds != path.outcome:
                    found.append(option.adds)
    return found


REGENERATE = "python -m decision_tree paths --write"
"""The command that rewrites the committed paths file of every tree."""


def paths_file(tree_path: Path) -> Path:
    """Return where the paths table of the tree at *tree_path* is committed."""
    return tree_path.with_name(tree_path.name.removesuffix(".yaml") + ".paths.md")


def _cell(text: str) -> str:
    """Make *text* safe inside a Markdown table cell (no pipes, no HTML tags)."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    return " ".join(escaped.split())


def paths_table(tree: Tree, tree_path: Path, catalogue: Catalogue | None = None) -> str:
    """Return the Markdown table of every path of *tree* (deterministic).

    A tree whose answers set constraints has thousands of paths; it is shown
    per job instead: the questions asked, and for each machine the models the
    recommender lists, with and without commercial use required.
    """
    if catalogue is not None and any(o.sets for q in tree.questions.values() for o in q.options):
        return _jobs_table(tree, tree_path, catalogue)
    lines = [
        f"<!-- Generated from {tree_path.name} by python -m decision_tree paths; do not edit. "
        f"Regenerate with: {REGENERATE} -->",
        "",
        f"# Every path through “{_cell(tree.title)}”",
        "",
        "| # | Answers | Outcome | Companions |",
        "|---|---------|---------|------------|",
    ]
    for number, path in enumerate(iter_paths(tree), start=1):
        answers = []
        for step in path.steps:
            question = tree.questions[step.question]
            if question.multiple:
                chosen = "(tick any)"
            else:
                option = question.option(step.options[0])
                assert option is not None
                chosen = f"**{_cell(option.label)}**"
            answers.append(f"{_cell(question.text)} {chosen}")
        outcome = tree.outcomes[path.outcome]
        extra = companions(tree, path)
        lines.append(
            f"| {number} | {' → '.join(answers)} | {_cell(outcome.title)} (`{outcome.id}`) | "
            + (("any of: " + ", ".join(f"`{c}`" for c in extra)) if extra else "")
            + " |"
        )
    return "\n".join(lines) + "\n"


def _jobs_table(tree: Tree, tree_path: Path, catalogue: Catalogue) -> str:
    from .memory import PRECISION_LABELS
    from .recommend import recommend
    from .tree_recs import constraints_of, job_dims

    paths = list(iter_paths(tree))
    lengths = sorted({(p.constraints.get("job"), len(p.steps)) for p in paths})
    lines = [
        f"<!-- Generated from {tree_path.name} by python -m decision_tree paths; do not edit. "
        f"Regenerate with: {REGENERATE} -->",
        "",
        f"# Every recommendation of “{_cell(tree.title)}”",
        "",
        f"{len(paths):,} paths. Each job below lists the questions it asks and, for each "
        "machine, the models the recommender gives at an 8K-token context with no language "
        "filter: first with any licence, then with commercial use required. Other answers "
        "(languages, input length, streaming) narrow these lists; run "
        "`python -m decision_tree recommend` to see any combination.",
        "",
    ]
    hardware = next(
        (q for q in tree.questions.values() if any("memory_gb" in o.sets for o in q.options)),
        None,
    )
    dims = job_dims(tree)
    for job, count in lengths:
        if not isinstance(job, str):
            continue
        path = next(p for p in paths if p.constraints.get("job") == job)
        outcome = tree.outcomes[path.outcome]
        asked = " → ".join(_cell(tree.questions[s.question].text) for s in path.steps)
        lines += [
            f"## {_cell(outcome.title)} (`{job}`, outcome `{outcome.id}`)",
            "",
            f"{count} questions: {asked}",
            "",
            f"Answers that change the list: {', '.join(d.question for d in dims[job]) or 'none'}.",
            "",
            "| Machine | Any licence | Commercial use required |",
            "|---|---|---|",
        ]
        seen: list[dict[str, object]] = []
        for option in hardware.options if hardware else ():
            if option.unsure or option.sets in seen:
                continue
            seen.append(option.sets)
            cells = []
            for commercial in (None, True):
                sets = dict(option.sets)
                if commercial:
                    sets["commercial"] = True
                answer = recommend(catalogue, constraints_of(job, sets))
                names = [
                    f"`{p.model.id}` {PRECISION_LABELS[p.precision]}" for p in answer.models[:3]
                ]
                cells.append(", ".join(names) or "nothing fits")
            lines.append(f"| {_cell(option.label)} | {cells[0]} | {cells[1]} |")
        lines.append("")
    return "\n".join(lines)
