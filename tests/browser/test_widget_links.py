"""Fragments the widget did not write: tampered, stale, or plain element ids."""

from __future__ import annotations

import re

import pytest
from browsing import Reader, Site, fragment, full_search, longest_path, sample_paths
from playwright.sync_api import Page, expect

from decision_tree import Tree
from decision_tree.paths import Step, iter_paths


def tampered(tree: Tree) -> dict[str, str]:
    """Fragments that look like the widget's but no longer match the tree."""
    path = longest_path(tree)
    first, second = path.steps[0], path.steps[1]
    start = tree.questions[tree.start]
    single = next(q for q in tree.questions.values() if not q.multiple)
    # A question the path skips: its `when` leaves out the job chosen first.
    skipped = next(
        (p, q)
        for p in sample_paths(tree)
        for q in tree.questions.values()
        if q.when and not q.applies(p.constraints) and q.id not in {s.question for s in p.steps}
    )
    skip_path, skip_question = skipped
    return {
        "unknown question": f"{tree.id}:no-such-question=yes",
        "unknown answer": f"{tree.id}:{start.id}=no-such-answer",
        "out of order": fragment(tree, [second, first]),
        "answer repeated": fragment(tree, [first, first]),
        "two answers to a single question": f"{tree.id}:{single.id}="
        + "+".join(o.key for o in single.options[:2]),
        "answers after the outcome": fragment(tree, [*path.steps, first]),
        "a question the path skips": fragment(
            tree,
            [
                skip_path.steps[0],
                Step(skip_question.id, (skip_question.options[0].key,)),
                *skip_path.steps[1:],
            ],
        ),
        "percent-encoded html": f"{tree.id}:%3Cscript%3Ealert(1)%3C/script%3E",
        "garbage": f"{tree.id}:{start.id}=={{}}//",
        "unknown entry": f"{tree.id}:@no-such-node",
        "no such element": "no-such-anchor-on-this-page",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "unknown question",
        "unknown answer",
        "out of order",
        "answer repeated",
        "two answers to a single question",
        "answers after the outcome",
        "a question the path skips",
        "percent-encoded html",
        "garbage",
        "unknown entry",
        "no such element",
    ],
)
def test_a_tampered_fragment_starts_over_with_a_notice(
    page: Page, site: Site, tree: Tree, kind: str
) -> None:
    page.goto(site.page_url(fragment=tampered(tree)[kind]))
    reader = Reader(page, tree)
    reader.expect_question(tree.start)
    expect(reader.notice).to_have_attribute("role", "status")
    expect(reader.notice).to_contain_text("starts again from the first question")
    assert "#" not in page.url
    # The reader can go on as usual, and the notice goes away.
    reader.answer(next(iter_paths(tree)).steps[0])
    expect(reader.notice).to_be_hidden()


def test_a_fragment_edited_in_place_is_checked_too(reader: Reader, tree: Tree) -> None:
    reader.page.evaluate("h => { location.hash = h; }", f"{tree.id}:nonsense=1")
    expect(reader.notice).to_be_visible()
    reader.expect_question(tree.start)


def test_anchors_of_the_page_are_left_alone(page: Page, site: Site, tree: Tree) -> None:
    anchor = f"dt-{tree.id}--map"
    page.goto(site.page_url(fragment=anchor))
    reader = Reader(page, tree)
    reader.expect_question(tree.start)
    expect(reader.notice).to_be_hidden()
    assert page.url.endswith("#" + anchor)


def test_the_sections_anchors_open_that_question_or_outcome(
    page: Page, site: Site, tree: Tree
) -> None:
    # Search results link to the server-rendered sections by id.
    path = longest_path(tree)
    question = path.steps[1].question
    page.goto(site.page_url(fragment=f"dt-{tree.id}--q-{question}"))
    reader = Reader(page, tree)
    reader.expect_question(question)
    expect(page.locator(".dt-answers__note")).to_be_visible()
    # Answering from there goes on to the rest of the path.
    reader.walk(path.steps[1:])
    reader.expect_outcome(path.outcome)

    page.goto(site.page_url(fragment=f"dt-{tree.id}--o-{path.outcome}"))
    reader.expect_outcome(path.outcome)
    expect(page.locator(".dt-result__why")).to_contain_text("opened this recommendation")
    page.get_by_role("button", name="Start again").click()
    reader.expect_question(tree.start)


def test_multiple_answers_in_any_order_are_accepted(page: Page, site: Site, tree: Tree) -> None:
    question = next(q for q in tree.questions.values() if q.multiple and len(q.options) >= 2)
    path = next(p for p in iter_paths(tree) if any(s.question == question.id for s in p.steps))
    steps = [
        Step(s.question, tuple(o.key for o in reversed(question.options[:2])))
        if s.question == question.id
        else s
        for s in path.steps
    ]
    page.goto(site.page_url(fragment=fragment(tree, steps)))
    Reader(page, tree).expect_outcome(path.outcome)
    expect(page.locator(".dt-notice")).to_be_hidden()
    # The address is rewritten with the answers in the question's order.
    ordered = "+".join(o.key for o in question.options[:2])
    assert f"{question.id}={ordered}" in page.url


def test_a_search_result_opens_its_question_in_the_widget(
    reader: Reader, tree: Tree, site: Site
) -> None:
    path = longest_path(tree)
    question = tree.questions[path.steps[-1].question]
    page = reader.page
    full_search(page.context, site)
    page.reload()
    page.locator(".md-search__input").click()
    # Material's search worker builds its index first; typing before that is lost.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    # Lunr reads punctuation as query syntax: search for the words only.
    words = re.sub(r"[^\w\s]", " ", question.text).strip()
    page.locator(".md-search__input").press_sequentially(words, delay=10)
    result = page.locator(".md-search-result__item a", has_text=question.text).first
    result.click()
    reader.expect_question(question.id)
    assert page.url.endswith(f"#{tree.id}:@{question.id}"), page.url
    reader.answer(path.steps[-1])
    # The job was not asked, so the route cannot pick an outcome: the widget asks
    # the first question and keeps the answer given, which is not asked again.
    reader.expect_question(tree.start)
    expect(reader.notice).to_contain_text("main job")
    reader.walk(path.steps[:-1])
    reader.expect_outcome(path.outcome)
    assert page.url.endswith("#" + fragment(tree, path.steps)), page.url
