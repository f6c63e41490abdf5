"""Property-based tests: generated valid trees pass; single mutations are caught and located.

Trees are random DAGs of questions (some ``multiple: true``, some options
``unsure``) and outcomes, dumped with PyYAML. Expected positions come from
PyYAML's own composer, independent of the engine's reader. Settings keep the
whole module under ~20 s: ``max_examples`` 60-150, ``deadline=None``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURE_DOCS, FIXTURE_MODEL_IDS, FIXTURE_MODELS, GOLDEN
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from decision_tree import check_file, slugify
from decision_tree.loader import load_tree
from decision_tree.paths import iter_paths

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_counter = itertools.count()

plain = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029"
    ),
    min_size=1,
    max_size=24,
).filter(lambda s: s.strip() != "")
# Markdown fields: words, emphasis and safe links only.
markdown = st.lists(
    st.sampled_from(
        [
            "Pick",
            "the",
            "**best**",
            "one",
            "[guide](pages/left.md)",
            "see",
            "`code`",
            "[site](https://example.org/x)",
            "Yes",
            "on",
            "# not a heading",
            "a: b",
        ]
    ),
    min_size=1,
    max_size=8,
).map(" ".join)
ids = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)


@st.composite
def trees(draw: st.DrawFn) -> dict[str, Any]:
    """Draw the data of a valid tree."""
    n_questions = draw(st.integers(1, 6))
    n_outcomes = draw(st.integers(1, 6))
    names = draw(
        st.lists(
            ids, min_size=n_questions + n_outcomes, max_size=n_questions + n_outcomes, unique=True
        )
    )
    qids, oids = names[:n_questions], names[n_questions:]
    questions: dict[str, dict[str, Any]] = {}
    for index, qid in enumerate(qids):
        later = qids[index + 1 :] + oids
        # The first link goes to the next question, so every question is reachable.
        successor = qids[index + 1] if index + 1 < n_questions else draw(st.sampled_from(oids))
        multiple = draw(st.booleans())
        question: dict[str, Any] = {"text": draw(plain)}
        if draw(st.booleans()):
            question["help"] = draw(markdown)
        count = draw(st.integers(1, 4))
        if multiple:
            question["multiple"] = True
            question["next"] = successor
            targets = [("adds", draw(st.sampled_from(oids))) for _ in range(count)]
        else:
            targets = [("next", successor)] + [
                ("next", draw(st.sampled_from(later))) for _ in range(count - 1)
            ]
        question["options"] = [_option(draw, field, target) for field, target in targets]
        questions[qid] = question
    linked = {o.get("next") or o.get("adds") for q in questions.values() for o in q["options"]}
    linked |= {q.get("next") for q in questions.values()}
    for oid in oids:
        if oid not in linked:
            question = questions[draw(st.sampled_from(qids))]
            field = "adds" if question.get("multiple") else "next"
            question["options"].append(_option(draw, field, oid))
    for question in questions.values():
        keys = [slugify(o["label"]) for o in question["options"]]
        if not all(keys) or len(set(keys)) != len(keys):
            # Numbered labels keep answer keys distinct (many drawn labels have no ASCII).
            for number, option in enumerate(question["options"], start=1):
                option["label"] += f" {number}"
        keys = [slugify(o["label"]) for o in question["options"]]
        assume(len(set(keys)) == len(keys))
    outcomes = {oid: _outcome(draw, oid, oids) for oid in oids}
    tree: dict[str, Any] = {"version": 1, "id": draw(ids), "title": draw(plain)}
    if draw(st.booleans()):
        tree["intro"] = draw(markdown)
    tree |= {"start": qids[0], "questions": questions, "outcomes": outcomes}
    return tree


def _option(draw: st.DrawFn, field: str, target: str) -> dict[str, Any]:
    option: dict[str, Any] = {"label": draw(plain), field: target}
    if draw(st.booleans()):
        option["hint"] = draw(markdown)
    if draw(st.integers(0, 4)) == 0:
        option["unsure"] = True
    return option


def _outcome(draw: st.DrawFn, oid: str, oids: list[str]) -> dict[str, Any]:
    outcome: dict[str, Any] = {
        "title": draw(plain),
        "summary": draw(markdown),
        "guide": draw(st.sampled_from(["pages/left.md", "pages/right.md", "index.md"])),
    }
    if draw(st.booleans()):
        outcome["models"] = draw(
            st.lists(st.sampled_from(FIXTURE_MODEL_IDS), min_size=1, unique=True)
        )
    outcome["resources"] = [
        {"title": draw(plain), "url": f"https://example.org/{oid}/{n}"}
        for n in range(draw(st.integers(1, 3)))
    ]
    others = [o for o in oids if o != oid]
    if others and draw(st.booleans()):
        outcome["alternatives"] = draw(st.lists(st.sampled_from(others), min_size=1, unique=True))
    return outcome


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def _write(workdir: Path, data: Any) -> tuple[Path, str]:
    text = yaml.safe_dump(data, sort_keys=False, width=60)
    path = workdir / f"tree-{next(_counter)}.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _locate(text: str, path: tuple[str | int, ...], *, key: bool) -> tuple[int, int]:
    """Position of the node (or its key) at *path*, by PyYAML's own composer."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    mark = node.start_mark
    for step in path:
        if isinstance(step, int):
            node = node.value[step]
            mark = node.start_mark
        else:
            key_node, node = next((k, v) for k, v in node.value if k.value == step)
            mark = key_node.start_mark if key else node.start_mark
    return mark.line + 1, mark.column + 1


@SETTINGS
@given(trees())
def test_generated_valid_trees_pass(workdir, data):
    path, _ = _write(workdir, data)
    assert check_file(path, docs_dir=FIXTURE_DOCS, models_dir=FIXTURE_MODELS) == []
    tree = load_tree(path, docs_dir=FIXTURE_DOCS, models_dir=FIXTURE_MODELS)
    assert all(p.outcome in tree.outcomes for p in iter_paths(tree))


# A mutation edits the data in place and returns (message fragment, path, at key?),
# plus the offending text when the error points inside a string.
Mutation = Callable[[st.DrawFn, dict[str, Any]], tuple[str, tuple[str | int, ...], bool]]


def _pick_option(draw: st.DrawFn, data: dict[str, Any], *, multiple: bool | None = None):
    choices = [
        (qid, index)
        for qid, q in data["questions"].items()
        if multiple is None or bool(q.get("multiple")) == multiple
        for index in range(len(q["options"]))
    ]
    assume(choices)
    return draw(st.sampled_from(choices))


def drop_target(draw, data):
    qid, index = _pick_option(draw, data, multiple=False)
    data["questions"][qid]["options"][index]["next"] = "no-such-node"
    return (
        "names 'no-such-node', which is not a question or an outcome",
        ("questions", qid, "options", index, "next"),
        False,
    )


def add_cycle(draw, data):
    qid = draw(st.sampled_from(list(data["questions"])))
    question = data["questions"][qid]
    start = data["start"]
    if question.get("multiple"):
        question["next"] = start
        where: tuple[str | int, ...] = ("questions", qid, "next")
    else:
        question["options"][0]["next"] = start
        where = ("questions", qid, "options", 0, "next")
    return "the answers loop back: " + start, where, False


def duplicate_id(draw, data):
    qid = draw(st.sampled_from(list(data["questions"])))
    oid = draw(st.sampled_from(list(data["outcomes"])))
    data["outcomes"][qid] = data["outcomes"].pop(oid)
    return f"the id '{qid}' names both a question and an outcome", ("outcomes", qid), True


def corrupt_type(draw, data):
    qid = draw(st.sampled_from(list(data["questions"])))
    data["questions"][qid]["text"] = draw(st.sampled_from([42, True, None, ["a"], 1.5]))
    return f"'text' of question '{qid}' must be text", ("questions", qid, "text"), False


def remove_resources(draw, data):
    oid = draw(st.sampled_from(list(data["outcomes"])))
    if draw(st.booleans()):
        data["outcomes"][oid]["resources"] = []
        return f"outcome '{oid}' has no resources", ("outcomes", oid, "resources"), False
    del data["outcomes"][oid]["resources"]
    return f"outcome '{oid}' has no 'resources'", ("outcomes", oid), True


def duplicate_label(draw, data):
    choices = [qid for qid, q in data["questions"].items() if len(q["options"]) > 1]
    assume(choices)
    qid = draw(st.sampled_from(choices))
    options = data["questions"][qid]["options"]
    options[1]["label"] = options[0]["label"] + " !"
    return (
        "the same ignoring case and punctuation",
        ("questions", qid, "options", 1, "label"),
        False,
    )


def remove_options(draw, data):
    qid = draw(st.sampled_from(list(data["questions"])))
    del data["questions"][qid]["options"]
    return f"question '{qid}' has no 'options'", ("questions", qid), True


def unsafe_url(draw, data):
    oid = draw(st.sampled_from(list(data["outcomes"])))
    scheme = draw(st.sampled_from(["javascript", "data", "JavaScript", "vbscript"]))
    data["outcomes"][oid]["resources"][0]["url"] = f"{scheme}:alert(1)"
    return f"uses the '{scheme}:' scheme", ("outcomes", oid, "resources", 0, "url"), False


def bool_label(draw, data):
    qid, index = _pick_option(draw, data)
    data["questions"][qid]["options"][index]["label"] = draw(st.booleans())
    return "must be text, not the boolean", ("questions", qid, "options", index, "label"), False


def orphan_outcome(draw, data):
    data["outcomes"]["orphan-outcome"] = dict(next(iter(data["outcomes"].values())))
    data["outcomes"]["orphan-outcome"].pop("alternatives", None)
    return "outcome 'orphan-outcome' cannot be reached", ("outcomes", "orphan-outcome"), True


def missing_guide(draw, data):
    oid = draw(st.sampled_from(list(data["outcomes"])))
    data["outcomes"][oid]["guide"] = "pages/missing.md"
    return "is not in the docs folder", ("outcomes", oid, "guide"), False


def html_summary(draw, data):
    oid = draw(st.sampled_from(list(data["outcomes"])))
    tag = draw(st.sampled_from(["<b>x</b>", "<script>", "<!-- c -->"]))
    data["outcomes"][oid]["summary"] += " " + tag
    return "contains raw HTML", ("outcomes", oid, "summary"), False, tag


MUTATIONS = [
    drop_target,
    add_cycle,
    duplicate_id,
    corrupt_type,
    remove_resources,
    duplicate_label,
    remove_options,
    unsafe_url,
    bool_label,
    orphan_outcome,
    missing_guide,
    html_summary,
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), st.sampled_from(MUTATIONS), st.data())
def test_single_mutations_are_reported_where_they_are(workdir, data, mutation, draw_data):
    fragment, where, at_key, *inner = mutation(draw_data.draw, data)
    path, text = _write(workdir, data)
    found = check_file(path, docs_dir=FIXTURE_DOCS, models_dir=FIXTURE_MODELS)
    expected = _locate(text, where, key=at_key)
    if inner:
        # Inside a string that stays on its first line, the error points at the text itself.
        line = text.splitlines()[expected[0] - 1]
        column = line.find(inner[0], expected[1] - 1)
        if column >= 0:
            expected = (expected[0], column + 1)
    shown = "\n".join(d.format() for d in found)
    assert any((d.line, d.column) == expected and fragment in d.message for d in found), (
        f"{mutation.__name__}: wanted {fragment!r} at {expected}\n{shown}"
    )


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(workdir, content):
    path = workdir / f"bytes-{next(_counter)}.yaml"
    path.write_bytes(content)
    for diagnostic in check_file(path, docs_dir=FIXTURE_DOCS, models_dir=FIXTURE_MODELS):
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1


SAMPLE = (GOLDEN / "sample.yaml").read_text(encoding="utf-8")


@SETTINGS
@given(st.integers(0, len(SAMPLE) - 1), st.integers(1, 40), st.text(max_size=6))
@example(at=2063, length=30, insert="\r0\x85")  # NEL and a lone CR: YAML's extra line breaks
def test_damaged_sample_never_crashes(workdir, at, length, insert):
    text = SAMPLE[:at] + insert + SAMPLE[at + length :]
    path = workdir / f"damaged-{next(_counter)}.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    lines = text.count("\n") + 2
    for diagnostic in check_file(path, docs_dir=FIXTURE_DOCS, models_dir=FIXTURE_MODELS):
        assert 1 <= diagnostic.line <= lines
        assert diagnostic.column >= 1
