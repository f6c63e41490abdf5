"""``decision_tree.paths.iter_paths``: the API browser tests and the paths table build on."""

from __future__ import annotations

from conftest import FIXTURE_DOCS, GOLDEN

from decision_tree import find_trees, load_tree
from decision_tree.paths import Step, TreePath, companions, iter_paths


def test_sample_paths_in_file_order_depth_first():
    tree = load_tree(GOLDEN / "sample.yaml", docs_dir=FIXTURE_DOCS)
    assert list(iter_paths(tree)) == [
        TreePath(
            (Step("kind", ("words-sentences",)), Step("extras", ()), Step("size", ("yes",))), "big"
        ),
        TreePath(
            (
                Step("kind", ("words-sentences",)),
                Step("extras", ()),
                Step("size", ("small-please",)),
            ),
            "small",
        ),
        TreePath((Step("kind", ("pictures-art",)),), "pictures"),
        TreePath(
            (Step("kind", ("not-sure-1",)), Step("extras", ()), Step("size", ("yes",))), "big"
        ),
        TreePath(
            (Step("kind", ("not-sure-1",)), Step("extras", ()), Step("size", ("small-please",))),
            "small",
        ),
    ]


def test_companions_are_the_outcomes_a_multiple_question_can_add():
    tree = load_tree(GOLDEN / "sample.yaml", docs_dir=FIXTURE_DOCS)
    first, _, pictures, *_ = iter_paths(tree)
    assert companions(tree, first) == ["search", "voice"]
    assert companions(tree, pictures) == []


def test_every_committed_tree_path_is_consistent():
    for tree_path in find_trees():
        tree = load_tree(tree_path)
        paths = list(iter_paths(tree))
        reached = {p.outcome for p in paths}
        added = {c for p in paths for c in companions(tree, p)}
        # Every outcome is a destination or a companion somewhere.
        assert reached | added == set(tree.outcomes)
        for path in paths:
            assert path.steps[0].question == tree.start
            assert path.outcome in tree.outcomes
            for step in path.steps:
                question = tree.questions[step.question]
                if question.multiple:
                    assert step.options == ()
                else:
                    (key,) = step.options
                    assert question.option(key) is not None
        assert len(set(paths)) == len(paths)
