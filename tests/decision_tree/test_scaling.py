"""The engine's work grows linearly with the size of a tree.

Big trees must not make the build crawl. Instead of timing anything, these
tests count how often ids are compared while a large tree is processed: a
list scanned for every node (the classic accidental quadratic) compares
millions of times; a set or dict compares about once per lookup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from decision_tree.graph_check import MAX_SUGGESTIONS, check_graph
from decision_tree.model import Option, Outcome, Question, Resource, Tree
from decision_tree.render import reading_order
from decision_tree.yaml_source import Source

FIXTURE_DOCS = Path(__file__).resolve().parent / "fixture_docs"
QUESTIONS = 200
PER_QUESTION = 10
# A handful of comparisons per node is linear; a quadratic walk makes millions here.
BUDGET_PER_NODE = 10


class Id(str):
    """A str that counts how often it is compared for equality."""

    compares: ClassVar[int] = 0

    def __eq__(self, other: object) -> bool:
        Id.compares += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _shape() -> dict[str, list[str]]:
    """q0 leads to every other question; each of those leads to its own outcomes."""
    shape = {"q0": [f"q{i}" for i in range(1, QUESTIONS)]}
    for i in range(1, QUESTIONS):
        shape[f"q{i}"] = [f"o{i}-{k}" for k in range(PER_QUESTION)]
    return shape


def _node_count(shape: dict[str, list[str]]) -> int:
    return len(shape) + sum(len(v) for k, v in shape.items() if k != "q0")


def _tree() -> Tree:
    shape = _shape()
    # Every mention of an id is a separate object, as when read from YAML.
    questions = {
        Id(qid): Question(
            id=Id(qid),
            text=f"Question {qid}?",
            options=tuple(
                Option(label=f"to {target}", key=f"to-{target}", next=Id(target))
                for target in targets
            ),
        )
        for qid, targets in shape.items()
    }
    outcomes = {
        Id(oid): Outcome(
            id=Id(oid),
            title=f"Outcome {oid}",
            summary="Summary.",
            guide="index.md",
            resources=(Resource("Link", "https://example.org/"),),
        )
        for qid, targets in shape.items()
        if qid != "q0"
        for oid in targets
    }
    return Tree(id="big", title="Big", start=Id("q0"), questions=questions, outcomes=outcomes)


def _data() -> dict[str, Any]:
    shape = _shape()
    return {
        "version": 1,
        "id": "big",
        "title": "Big",
        "start": Id("q0"),
        "questions": {
            Id(qid): {
                "text": f"Question {qid}?",
                "options": [{"label": f"to {t}", "next": Id(t)} for t in targets],
            }
            for qid, targets in shape.items()
        },
        "outcomes": {
            Id(oid): {
                "title": f"Outcome {oid}",
                "summary": "Summary.",
                "guide": "index.md",
                "resources": [{"title": "Link", "url": "https://example.org/"}],
            }
            for qid, targets in shape.items()
            if qid != "q0"
            for oid in targets
        },
    }


def test_reading_order_compares_ids_a_linear_number_of_times() -> None:
    tree = _tree()
    nodes = _node_count(_shape())
    Id.compares = 0
    order = reading_order(tree)
    assert len(order) == nodes
    assert order[:3] == ["q0", "q1", "o1-0"]
    assert Id.compares <= BUDGET_PER_NODE * nodes, (
        f"{Id.compares} id comparisons for {nodes} nodes: the walk is not linear"
    )


def test_graph_checks_compare_ids_a_linear_number_of_times() -> None:
    source = Source(data=_data())
    nodes = _node_count(_shape())
    Id.compares = 0
    problems = check_graph(source, FIXTURE_DOCS)
    assert problems == []
    assert Id.compares <= BUDGET_PER_NODE * nodes, (
        f"{Id.compares} id comparisons for {nodes} nodes: a graph check is not linear"
    )


def test_a_badly_broken_tree_gets_suggestions_for_its_first_errors_only() -> None:
    # Each suggestion compares a name with every id: one per broken link would be quadratic.
    data = _data()
    for question in data["questions"].values():
        for option in question["options"]:
            option["next"] = str(option["next"]) + "x"
    problems = check_graph(Source(data=data), FIXTURE_DOCS)
    broken = [p for p in problems if "which is not a question or an outcome" in p.message]
    assert len(broken) == _node_count(_shape()) - 1
    hinted = [p for p in broken if p.hint is not None]
    assert len(hinted) == MAX_SUGGESTIONS
    assert hinted == broken[:MAX_SUGGESTIONS]
    assert broken[0].hint == "did you mean 'q1'?"
