"""Every file in broken/ fails with exactly the errors its .expected file lists.

Each ``NAME.yaml`` is beside ``NAME.expected``, whose lines read
``LINE:COL: error: fragment`` (exact place, a fragment of the message),
optionally followed by an indented ``hint: fragment`` line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BROKEN, FIXTURE_DOCS, read_expected

from decision_tree import TreeError, check_file, load_tree

CASES = sorted(BROKEN.glob("*.yaml"))


def test_corpus_is_large_and_paired():
    assert len(CASES) >= 25
    for case in CASES:
        assert case.with_suffix(".expected").is_file(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_file_reports_expected_errors(case: Path):
    expected = read_expected(case.with_suffix(".expected"))
    found = check_file(case, docs_dir=FIXTURE_DOCS)
    shown = "\n".join(d.format() for d in found)
    assert len(found) == len(expected), shown
    for want, got in zip(expected, found, strict=True):
        assert (got.line, got.column) == (want.line, want.column), shown
        assert want.message in got.message, shown
        if want.hint is not None:
            assert got.hint is not None, shown
            assert want.hint in got.hint, shown
        assert got.path == str(case)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_load_tree_raises_with_the_same_errors(case: Path):
    with pytest.raises(TreeError) as caught:
        load_tree(case, docs_dir=FIXTURE_DOCS)
    assert caught.value.diagnostics == check_file(case, docs_dir=FIXTURE_DOCS)
