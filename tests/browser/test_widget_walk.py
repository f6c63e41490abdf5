"""The step-by-step widget: a path per job, history, shared links, Change, Start again."""

from __future__ import annotations

import re

from browsing import (
    Reader,
    Site,
    fragment,
    longest_path,
    option_name,
    paths_through_multiple,
    sample_paths,
    tick_all,
)
from playwright.sync_api import Page, expect

from decision_tree import Tree
from decision_tree.paths import iter_paths


def test_each_job_reaches_its_outcome(reader: Reader, tree: Tree) -> None:
    # The first path of each job and the longest one: every question, every routed outcome.
    paths = sample_paths(tree)
    assert paths, "the tree has no paths"
    for number, path in enumerate(paths):
        if number:
            reader.page.get_by_role("button", name="Start again", exact=True).first.click()
            reader.expect_question(tree.start)
        reader.walk(path.steps)
        reader.expect_outcome(path.outcome)
        assert reader.page.url.endswith("#" + fragment(tree, path.steps))


def test_each_answer_moves_focus_and_is_announced(reader: Reader, tree: Tree) -> None:
    path = longest_path(tree)
    announced = [reader.live.text_content()]
    for number, step in enumerate(path.steps, start=1):
        reader.answer(step)
        expect(reader.page.locator(".dt-progress").first).not_to_be_empty()
        announced.append(reader.live.text_content())
        heading = reader.heading.text_content() or ""
        assert heading in (announced[-1] or ""), (heading, announced[-1])
        if number < len(path.steps):
            expect(reader.page.locator(".dt-progress").first).to_contain_text(
                f"Question {number + 1}"
            )
    assert len(set(announced)) == len(announced), f"an announcement repeated: {announced}"


def test_back_forward_and_reload_keep_the_answers(reader: Reader, tree: Tree) -> None:
    path = longest_path(tree)
    reader.walk(path.steps)
    reader.expect_outcome(path.outcome)
    page = reader.page
    for back in range(len(path.steps) - 1, -1, -1):
        page.go_back()
        reader.expect_question(path.steps[back].question)
        expect(reader.heading).to_be_focused()
    page.go_forward()
    reader.expect_question(path.steps[1].question if len(path.steps) > 1 else path.outcome)
    for _ in path.steps[1:]:
        page.go_forward()
    reader.expect_outcome(path.outcome)
    page.reload()
    reader.expect_outcome(path.outcome)
    expect(reader.page.locator(".dt-result__why .dt-answers__item")).to_have_count(len(path.steps))


def test_a_late_address_event_does_not_undo_an_answer(reader: Reader, tree: Tree) -> None:
    # The new history entry is written once the next screen is painted. An event
    # about the address that comes before that (a queued hashchange, Material's
    # location$) still sees the old address: it must not take the reader back.
    path = longest_path(tree)
    first, second = path.steps[0], path.steps[1]
    assert not tree.questions[first.question].multiple, "needs a single-choice first question"
    (option,) = (o for o in tree.questions[first.question].options if o.key in first.options)
    page = reader.page
    before = page.url
    page.get_by_role("button", name=option_name(option), exact=True).evaluate(
        "button => { button.click(); window.dispatchEvent(new HashChangeEvent('hashchange')); }"
    )
    reader.expect_question(second.question)
    expect(reader.heading).to_be_focused()
    expect(page).to_have_url(re.compile(re.escape("#" + fragment(tree, [first])) + "$"))
    page.go_back()
    reader.expect_question(first.question)
    assert page.url == before


def test_a_shared_link_opens_the_same_result(page: Page, site: Site, tree: Tree) -> None:
    path = (
        paths_through_multiple(tree)[0] if paths_through_multiple(tree) else next(iter_paths(tree))
    )
    steps = tick_all(tree, path)
    page.goto(site.page_url(fragment=fragment(tree, steps)))
    Reader(page, tree).expect_outcome(path.outcome)
    answers = page.locator(".dt-result__why .dt-answers__answer")
    expect(answers).to_have_count(len(steps))
    for answer, step in zip(answers.all(), steps, strict=True):
        question = tree.questions[step.question]
        labels = [o.label for o in question.options if o.key in step.options]
        expect(answer).to_have_text(", ".join(labels))


def test_change_keeps_the_later_answers(reader: Reader, tree: Tree) -> None:
    path = longest_path(tree)
    assert len(path.steps) >= 2, "needs a path of two questions or more"
    reader.walk(path.steps)
    page = reader.page
    first = tree.questions[path.steps[0].question]
    page.get_by_role("button", name=f"Change your answer to: {first.text}").click()
    reader.expect_question(first.id)
    expect(reader.heading).to_be_focused()
    # The earlier choice is shown, and choosing it again restores every later answer.
    reader.answer(path.steps[0])
    reader.expect_outcome(path.outcome)
    assert page.url.endswith("#" + fragment(tree, path.steps))
    page.go_back()
    reader.expect_question(first.id)


def test_change_to_another_answer_keeps_answers_that_still_apply(
    reader: Reader, tree: Tree
) -> None:
    # Two paths that part at one question, where b's next question was answered on a.
    paths = sample_paths(tree)
    for a in paths:
        for b in paths:
            i = next(
                (n for n, (x, y) in enumerate(zip(a.steps, b.steps, strict=False)) if x != y),
                None,
            )
            if i is None or i + 1 >= len(b.steps) or b.steps[i + 1] not in a.steps[i + 1 :]:
                continue
            reader.walk(a.steps)
            name = f"Change your answer to: {tree.questions[a.steps[i].question].text}"
            reader.page.get_by_role("button", name=name).click()
            reader.answer(b.steps[i])
            # b's next question was answered on path a: it is not asked again.
            expect(reader.heading).not_to_have_text(tree.questions[b.steps[i + 1].question].text)
            return
    raise AssertionError("the tree has no two paths sharing a later answer")


def test_start_again_clears_the_answers(reader: Reader, tree: Tree) -> None:
    path = next(iter_paths(tree))
    reader.walk(path.steps)
    reader.page.get_by_role("button", name="Start again", exact=True).first.click()
    reader.expect_question(tree.start)
    expect(reader.heading).to_be_focused()
    expect(reader.page.locator(".dt-answers")).to_have_count(0)
    assert "#" not in reader.page.url


def test_multi_select_answers_add_companions(reader: Reader, tree: Tree) -> None:
    paths = paths_through_multiple(tree)
    assert paths, "the tree has no multiple-choice question"
    path = paths[0]
    reader.walk(tick_all(tree, path))
    reader.expect_outcome(path.outcome)
    expected = []
    for step in path.steps:
        question = tree.questions[step.question]
        if question.multiple:
            for option in question.options:
                if option.adds and option.adds != path.outcome and option.adds not in expected:
                    expected.append(option.adds)
    companions = reader.page.locator(".dt-companion")
    expect(companions.locator("h4")).to_have_text([tree.outcomes[o].title for o in expected])
    for companion in companions.all():
        expect(companion.locator(".dt-guide a")).to_have_attribute("href", re.compile("^http"))


def test_result_shows_guide_resources_and_alternatives(reader: Reader, tree: Tree) -> None:
    path = next(p for p in sample_paths(tree) if tree.outcomes[p.outcome].alternatives)
    outcome = tree.outcomes[path.outcome]
    reader.walk(path.steps)
    result = reader.page.locator(".dt-screen--result")
    expect(result.locator(".dt-result__resources a")).to_have_text(
        [r.title for r in outcome.resources]
    )
    expect(result.locator(".dt-result__alternatives a")).to_have_text(
        [tree.outcomes[a].title for a in outcome.alternatives]
    )
    guide = result.locator(".dt-guide a").first
    href = guide.get_attribute("href") or ""
    assert href.endswith("/" + outcome.guide.removesuffix(".md").removesuffix("index") + "/")
    guide.click()
    expect(reader.page).to_have_url(href)
    expect(reader.page.locator(".dt")).to_have_count(0)


def test_map_marks_the_route_with_text(reader: Reader, tree: Tree) -> None:
    path = next(p for p in iter_paths(tree) if len(p.steps) >= 2)
    reader.walk(path.steps[:1])
    page: Page = reader.page
    step = path.steps[0]
    chosen = page.locator(f'[data-dt-answer="{step.question}={step.options[0]}"]')
    head = chosen.locator(":scope > .dt-map__head")
    expect(head).to_have_class(re.compile(r"\bdt-map__head--path\b"))
    expect(head.locator(":scope > [data-dt-mark]")).to_have_text(" (your answer)")
    # Marked by more than words: a bar at its side, the label in bold.
    expect(head).to_have_css("border-left-style", "solid")
    expect(head.locator(":scope > .dt-map__label")).to_have_css("font-weight", "700")
    current = page.locator(".dt-map [aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("data-dt-node", path.steps[1].question)
    expect(current.locator(":scope > .dt-map__head > [data-dt-mark]")).to_have_text(
        " (you are here)"
    )
    expect(current.locator(":scope > .dt-map__head")).to_have_css("outline-style", "dashed")
    # Only the route is marked: the question answered, its answer and the question now.
    assert not tree.questions[step.question].multiple
    expect(page.locator(".dt-map .dt-map__head--here")).to_have_count(1)
    expect(page.locator(".dt-map .dt-map__head--path")).to_have_count(3)
