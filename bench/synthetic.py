"""Synthetic decision trees of a chosen size, for the scale benchmark.

A tree of about N nodes (questions plus outcomes) is grown breadth-first from
its start question, BRANCHING answers per question, until N nodes exist; the
last ones made are outcomes. Every tenth question is a ``multiple: true`` one
(its answers add outcomes, then it moves on), some questions get a "Not sure"
answer leading to an outcome already reached elsewhere (so the graph is not a
pure tree), outcomes list an alternative, and every Markdown field links to a
real page of the site: every check and every rendering step does real work.
Paths stay within the engine's limit of 12 questions.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

import yaml

BRANCHING = 4
GUIDES = (
    "model-types/base-models.md",
    "model-types/embedding-models.md",
    "model-types/reasoning-models.md",
    "glossary.md",
)
HEADER = "# yaml-language-server: $schema=../schema.json\n"


def _shape(target_questions: int) -> tuple[dict[str, list[str]], set[str], list[str]]:
    """Grow the tree breadth-first: question -> the nodes it leads to, multiples, outcomes."""
    shape: dict[str, list[str]] = {}
    multiple: set[str] = set()
    outcomes: list[str] = []
    made_questions = 1
    queue = deque(["q0"])
    while queue:
        qid = queue.popleft()
        is_multiple = int(qid[1:]) % 10 == 9
        children = []
        for _ in range(1 if is_multiple else BRANCHING):
            if made_questions < target_questions:
                child = f"q{made_questions}"
                made_questions += 1
                queue.append(child)
            else:
                child = f"o{len(outcomes)}"
                outcomes.append(child)
            children.append(child)
        shape[qid] = children
        if is_multiple:
            multiple.add(qid)
    return shape, multiple, outcomes


def tree_data(nodes: int) -> dict[str, Any]:
    """Return the data of a valid synthetic tree of about *nodes* questions and outcomes."""
    # The node count grows with the number of questions: search for the closest.
    low, high = 1, max(1, nodes)
    while low < high:
        middle = (low + high) // 2
        shape, _, outcomes = _shape(middle)
        if len(shape) + len(outcomes) < nodes:
            low = middle + 1
        else:
            high = middle
    shape, multiple, outcomes = _shape(low)

    questions: dict[str, Any] = {}
    for qid, children in shape.items():
        index = int(qid[1:])
        question: dict[str, Any] = {
            "text": f"Question {index}: which of these fits best?",
            "help": f"Pick the answer that fits. The [guide]({GUIDES[index % len(GUIDES)]}) "
            "explains each **term**.\n",
        }
        if qid in multiple:
            question["multiple"] = True
            question["next"] = children[0]
            question["options"] = [
                {
                    "label": f"Extra ability {k}",
                    "adds": outcomes[(index + k) % len(outcomes)],
                }
                for k in range(BRANCHING)
            ]
        else:
            question["options"] = [
                {
                    "label": f"Answer {k} of question {index}",
                    "hint": "A short line that explains this answer.",
                    "next": child,
                }
                for k, child in enumerate(children)
            ]
            if index % 7 == 3:
                question["options"].append(
                    {"label": "Not sure", "unsure": True, "next": outcomes[index % len(outcomes)]}
                )
        questions[qid] = question

    return {
        "version": 1,
        "id": f"synthetic-{nodes}",
        "title": f"A synthetic tree of about {nodes} nodes",
        "intro": "Made for the scale benchmark. See [the glossary](glossary.md#base-model).\n",
        "start": "q0",
        "questions": questions,
        "outcomes": {
            oid: {
                "title": f"Recommendation {j}",
                "summary": f"Use *this kind* of model. Read [the guide]({GUIDES[j % len(GUIDES)]})"
                " first.\n",
                "guide": GUIDES[j % len(GUIDES)],
                "models": ["qwen3-8b", "bge-m3"],
                "resources": [{"title": f"Paper {j}", "url": f"https://example.org/papers/{j}"}],
                "alternatives": [outcomes[(j + 1) % len(outcomes)]],
            }
            for j, oid in enumerate(outcomes)
        },
    }


def write_tree(nodes: int, folder: Path) -> Path:
    """Write the synthetic tree of about *nodes* nodes into *folder*; return its path."""
    path = folder / f"synthetic-{nodes}.yaml"
    text = yaml.safe_dump(tree_data(nodes), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER + text, encoding="utf-8")
    return path
