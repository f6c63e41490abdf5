from decision_tree import find_trees, load_tree


def test_committed_trees_load():
    trees = [load_tree(path) for path in find_trees()]
    assert [t.id for t in trees] == ["choose-model"]
    tree = trees[0]
    assert tree.start in tree.questions
