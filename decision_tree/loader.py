"""Load a tree file into :class:`~decision_tree.model.Tree` objects.

PROVISIONAL: trusts its input. The full loader (located YAML, schema and graph
checks) replaces the body of :func:`load_tree`, keeping its signature.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, TreeError
from .model import Option, Outcome, Question, Resource, Tree, slugify

TREES_DIR = Path(__file__).parent / "trees"


def find_trees(trees_dir: Path = TREES_DIR) -> list[Path]:
    """Return the tree files (``*.yaml``) of *trees_dir*, sorted."""
    return sorted(trees_dir.glob("*.yaml"))


def load_tree(path: Path, *, docs_dir: Path | None = None) -> Tree:
    """Load and check the tree at *path*; raise :class:`TreeError` listing every problem.

    *docs_dir* is the folder that outcome ``guide`` paths are relative to
    (default: ``docs/`` beside the ``decision_tree`` package's parent).
    """
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TreeError([Diagnostic(str(path), 1, 1, str(exc))]) from None
    questions = {
        qid: Question(
            id=qid,
            text=q["text"],
            help=q.get("help"),
            multiple=bool(q.get("multiple", False)),
            next=q.get("next"),
            options=tuple(
                Option(
                    label=o["label"],
                    key=slugify(o["label"]),
                    next=o.get("next"),
                    adds=o.get("adds"),
                    hint=o.get("hint"),
                    unsure=bool(o.get("unsure", False)),
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
            examples=tuple(o.get("examples", ())),
            alternatives=tuple(o.get("alternatives", ())),
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
    )
