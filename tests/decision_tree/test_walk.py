"""The terminal walk, fed through stdin."""

from __future__ import annotations

import io

import pytest
from conftest import FIXTURE_DOCS, GOLDEN

from decision_tree import load_tree
from decision_tree.walk import plain_text, walk


@pytest.fixture
def tree():
    return load_tree(GOLDEN / "sample.yaml", docs_dir=FIXTURE_DOCS)


def _walk(tree, answers: str) -> tuple[int, str]:
    out = io.StringIO()
    status = walk(tree, io.StringIO(answers), out)
    return status, out.getvalue()


def test_single_answers_lead_to_the_outcome(tree):
    status, out = _walk(tree, "2\n")
    assert status == 0
    assert "Recommendation: An image model" in out
    assert "Draws pictures." in out
    assert "Guide page: pages/left.md" in out
    assert "  - About image models: https://example.org/pictures" in out


def test_ticks_in_a_multiple_question_become_companions(tree):
    status, out = _walk(tree, "1\n2, 1\n1\n")
    recommendation = out[out.index("Recommendation:") :]
    assert recommendation.startswith("Recommendation: A big model")
    assert "Alongside it:\n  - A voice model (guide page: pages/left.md)\n  - A search model" in (
        recommendation
    )
    assert "Also worth a look: A small model" in recommendation
    assert status == 0


def test_no_ticks_means_no_companions(tree):
    _, out = _walk(tree, "3\n\n2\n")
    assert "Recommendation: A small model" in out
    assert "Alongside it" not in out


def test_back_returns_to_the_previous_question_and_forgets_its_answer(tree):
    _, out = _walk(tree, "1\n1\nb\n\n2\n")
    assert out.count("2. Anything else you need?") == 2
    assert "Recommendation: A small model" in out
    assert "Alongside it" not in out


def test_back_at_the_first_question_says_so(tree):
    _, out = _walk(tree, "b\n2\n")
    assert "This is the first question." in out
    assert "Recommendation: An image model" in out


def test_invalid_answers_are_asked_again(tree):
    _, out = _walk(tree, "0\n9\nabc\n1 2\n2\n")
    assert out.count("Please type one number from 1 to 3") == 4
    assert "Recommendation: An image model" in out


def test_invalid_ticks_are_asked_again(tree):
    _, out = _walk(tree, "1\n1,7\n\n2\n")
    assert "Please type numbers from 1 to 2" in out
    assert "Recommendation: A small model" in out


def test_quit_and_end_of_input_stop_cleanly(tree):
    for answers in ("q\n", "1\n", ""):
        status, out = _walk(tree, answers)
        assert status == 0
        assert "Stopped." in out
        assert "Recommendation" not in out


def test_plain_text_keeps_link_addresses_and_drops_markup():
    assert plain_text("Use a **large** model; see [the page](pages/a.md) and `code`.") == (
        "Use a large model; see the page (pages/a.md) and code."
    )
