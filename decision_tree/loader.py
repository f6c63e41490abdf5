"""Load a tree file into :class:`~decision_tree.model.Tree` objects, checking it first.

A file goes through three stages, and every problem found is reported as a
:class:`~decision_tree.diagnostics.Diagnostic` at ``PATH:LINE:COL`` (1-based):

1. reading (:mod:`decision_tree.yaml_source`): size at most 1 MiB, UTF-8,
   YAML syntax, nesting at most 50 deep, no anchors, aliases, custom tags or
   duplicate keys;
2. the JSON Schema in ``schema.json`` (:mod:`decision_tree.schema_check`);
3. graph and content checks (:mod:`decision_tree.graph_check`,
   :mod:`decision_tree.markdown_check`): targets exist, everything reachable,
   no cycles, at most 12 questions on a path, unique answer keys, guide pages
   and linked pages exist, Markdown without HTML or unsafe links.

Stages 2 and 3 both run whenever the file could be read, so one run lists
every error. The path in messages is the path as given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .catalogue import MODELS_DIR, catalogue_ids
from .constraints_check import check_constraints
from .diagnostics import Diagnostic, TreeError
from .graph_check import check_graph
from .markdown_check import check_markdown
from .model import Option, Outcome, Question, Resource, Route, Tree, slugify
from .schema_check import check_schema
from .wording import did_you_mean
from .yaml_source import Problem, Source, SourceError, read_source

TREES_DIR = Path(__file__).parent / "trees"
DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"
"""Default folder that ``guide`` paths and Markdown links are relative to."""

MAX_DIAGNOSTICS = 100
"""Most diagnostics reported for one file; a broken file could otherwise flood the screen."""


def find_trees(trees_dir: Path = TREES_DIR) -> list[Path]:
    """Return the tree files (``*.yaml``) of *trees_dir*, sorted."""
    return sorted(trees_dir.glob("*.yaml"))


def check_file(
    path: Path | str,
    *,
    docs_dir: Path | None = None,
    models_dir: Path | None = None,
    check_models: bool = True,
) -> list[Diagnostic]:
    """Return every problem of the tree file at *path*, sorted by position (empty if valid).

    Outcomes' ``models`` must be ids of the catalogue in *models_dir*
    (default ``decision_tree/models/``) unless *check_models* is false.
    """
    return _check(Path(path), docs_dir, models_dir, check_models)[1]


def load_tree(
    path: Path | str,
    *,
    docs_dir: Path | None = None,
    models_dir: Path | None = None,
    check_models: bool = True,
) -> Tree:
    """Load and check the tree at *path*; raise :class:`TreeError` listing every problem.

    *docs_dir* is the folder that outcome ``guide`` paths are relative to
    (default: ``docs/`` beside the ``decision_tree`` package's parent);
    *models_dir* the catalogue that outcome ``models`` ids name.
    """
    path = Path(path)
    source, diagnostics = _check(path, docs_dir, models_dir, check_models)
    if diagnostics or source is None:
        raise TreeError(diagnostics)
    return _build(source.data, path)


def _check(
    path: Path, docs_dir: Path | None, models_dir: Path | None, check_models: bool
) -> tuple[Source | None, list[Diagnostic]]:
    name = str(path)
    try:
        source = read_source(path)
    except SourceError as exc:
        return None, _diagnostics(name, exc.problems)
    problems = [*source.problems, *check_schema(source)]
    if isinstance(source.data, dict):
        docs = docs_dir if docs_dir is not None else DOCS_DIR
        problems += check_graph(source, docs)
        problems += check_markdown(source, docs)
        if check_models:
            problems += check_model_ids(source, models_dir or MODELS_DIR)
        if not problems:
            problems += check_constraints(_build(source.data, path), source)
    return source, _diagnostics(name, problems)


def check_model_ids(source: Source, models_dir: Path) -> list[Problem]:
    """Return a problem for each outcome ``models`` id that the catalogue lacks."""
    outcomes = source.data.get("outcomes")
    if not isinstance(outcomes, dict):
        return []
    known: set[str] | None = None
    problems: list[Problem] = []
    for oid, outcome in outcomes.items():
        ids = outcome.get("models") if isinstance(outcome, dict) else None
        for index, model_id in enumerate(ids if isinstance(ids, list) else []):
            if not isinstance(model_id, str):
                continue
            known = known if known is not None else catalogue_ids(models_dir)
            if model_id not in known:
                line, column = source.where(("outcomes", oid, "models", index))
                problems.append(
                    Problem(
                        line,
                        column,
                        f"outcome '{oid}' recommends model '{model_id}', "
                        "which is not in the catalogue",
                        did_you_mean(model_id, known)
                        or "add it to decision_tree/models/ first, or fix the id",
                    )
                )
    return problems


def _diagnostics(name: str, problems: list[Problem]) -> list[Diagnostic]:
    unique = sorted(
        {Diagnostic(name, p.line, p.column, p.message, p.hint) for p in problems},
    )
    if len(unique) > MAX_DIAGNOSTICS:
        rest = len(unique) - MAX_DIAGNOSTICS
        last = unique[MAX_DIAGNOSTICS - 1]
        unique = [
            *unique[:MAX_DIAGNOSTICS],
            Diagnostic(name, last.line, last.column, f"... and {rest} more errors not shown"),
        ]
    return unique


def _build(data: dict[str, Any], path: Path) -> Tree:
    """Turn checked data into the model objects."""
    questions = {
        qid: Question(
            id=qid,
            text=q["text"],
            help=q.get("help"),
            multiple=bool(q.get("multiple", False)),
            next=q.get("next"),
            when={k: tuple(v) for k, v in q["when"].items()} if q.get("when") else None,
            options=tuple(
                Option(
                    label=o["label"],
                    key=slugify(o["label"]),
                    next=o.get("next"),
                    adds=o.get("adds"),
                    hint=o.get("hint"),
                    unsure=bool(o.get("unsure", False)),
                    sets=dict(o.get("sets", {})),
                )
                for o in q["options"]
            ),
        )
        for qid, q in data["questions"].items()
    }
    outcomes = {
        oid: Outcome(
            id=oid,
            title=o["title"],
            summary=o["summary"],
            guide=o["guide"],
            resources=tuple(Resource(r["title"], r["url"]) for r in o["resources"]),
            models=tuple(o.get("models", ())),
            alternatives=tuple(o.get("alternatives", ())),
            job=o.get("job"),
            companion=o.get("companion"),
        )
        for oid, o in data["outcomes"].items()
    }
    return Tree(
        id=data["id"],
        title=data["title"],
        intro=data.get("intro"),
        start=data["start"],
        questions=questions,
        outcomes=outcomes,
        version=data["version"],
        source=path,
        routes={
            rid: Route(id=rid, on=r["on"], cases=dict(r["cases"]))
            for rid, r in (data.get("routes") or {}).items()
        },
    )
