"""The tree page as a whole: keyboard, instant navigation, no JavaScript, CSP, print, phones."""

from __future__ import annotations

import re

from browsing import (
    Problems,
    Reader,
    Site,
    longest_path,
    option_name,
    paths_through_multiple,
    sample_paths,
    tick_all,
    wait_for_instant_navigation,
    watch,
)
from playwright.sync_api import Browser, CDPSession, Page, expect

from decision_tree import Tree
from decision_tree.paths import Step, iter_paths


def tab_to(page: Page, name: str, role: str = "button", limit: int = 60) -> None:
    """Press Tab until the control called *name* has the focus."""
    target = page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached the {role} {name!r}")


def test_keyboard_alone_reaches_a_result(reader: Reader, tree: Tree) -> None:
    paths = paths_through_multiple(tree) or sample_paths(tree)
    path = paths[0]
    steps = tick_all(tree, path)
    page = reader.page
    for step in steps:
        question = tree.questions[step.question]
        if question.multiple:
            for option in question.options:
                if option.key in step.options:
                    tab_to(page, option.label, role="checkbox")
                    page.keyboard.press("Space")
            tab_to(page, "Continue")
            page.keyboard.press("Enter")
        else:
            (option,) = (o for o in question.options if o.key in step.options)
            tab_to(page, option_name(option))
            page.keyboard.press("Enter")
        expect(reader.heading).to_be_focused()
    reader.expect_outcome(path.outcome)
    # Change and Start again are reachable too.
    last = tree.questions[steps[-1].question]
    tab_to(page, f"Change your answer to: {last.text}")
    page.keyboard.press("Enter")
    reader.expect_question(last.id)
    tab_to(page, "Start again")
    page.keyboard.press("Space")
    reader.expect_question(tree.start)


def test_an_option_is_named_by_all_its_visible_text(reader: Reader, tree: Tree) -> None:
    # WCAG 2.5.3 (label in name): a reader using speech input may say any visible word
    # of a button, so its name holds its label, its hint and the previous-answer mark.
    question = tree.questions[tree.start]
    option = next((o for o in question.options if o.hint), None)
    assert option is not None, "the first question has no hint to check"
    button = reader.page.get_by_role("button", name=option_name(option), exact=True)
    expect(button).to_have_text(f"{option.label} {option.hint}")
    # Named once, not said twice: the hint is not a description as well.
    expect(button).to_have_accessible_description("")
    unsure = [o for o in question.options if o.unsure]
    assert unsure, "the first question has no 'not sure' answer"
    for item in unsure:
        expect(reader.page.get_by_role("button", name=option_name(item), exact=True)).to_have_class(
            re.compile("dt-option--unsure")
        )
    # Back at the question, the answer given before says so, in its name too.
    step = Step(question.id, (option.key,))
    reader.answer(step)
    reader.page.get_by_role("button", name=f"Change your answer to: {question.text}").click()
    reader.expect_question(question.id)
    again = reader.page.get_by_role("button", name=option_name(option, previous=True), exact=True)
    expect(again).to_have_class(re.compile("dt-option--previous"))


def _history_listeners(cdp: CDPSession) -> int:
    """Count popstate and hashchange listeners on window."""
    window = cdp.send("Runtime.evaluate", {"expression": "window"})["result"]["objectId"]
    listeners = cdp.send("DOMDebugger.getEventListeners", {"objectId": window})["listeners"]
    return sum(1 for item in listeners if item["type"] in ("popstate", "hashchange"))


def test_instant_navigation_mounts_once_and_cleans_up(page: Page, site: Site, tree: Tree) -> None:
    page.goto(site.url)
    page.evaluate("window.__sameDocument = true")
    wait_for_instant_navigation(page)
    cdp = page.context.new_cdp_session(page)
    elsewhere = _history_listeners(cdp)
    nav = page.locator(".md-sidebar--primary")
    nav.get_by_role("link", name="Find your model").click()
    reader = Reader(page, tree)
    reader.expect_question(tree.start)
    assert page.evaluate("window.__sameDocument") is True, "the page was fully reloaded"
    on_tree = _history_listeners(cdp)
    assert on_tree > elsewhere

    # Leave and come back: one widget, the same listeners as before, nothing left behind.
    nav.get_by_role("link", name="Glossary").click()
    expect(page.locator(".dt")).to_have_count(0)
    assert _history_listeners(cdp) == elsewhere
    page.go_back()
    reader.expect_question(tree.start)
    expect(page.locator(".dt-app")).to_have_count(1)
    assert _history_listeners(cdp) == on_tree
    assert page.evaluate("window.__sameDocument") is True

    # One answer is one history entry: a single Back undoes it.
    reader.answer(next(iter_paths(tree)).steps[0])
    page.go_back()
    reader.expect_question(tree.start)
    expect(page.locator(".dt-answers")).to_have_count(0)


def test_without_javascript_links_walk_to_every_outcome(
    browser: Browser, site: Site, tree: Tree, problems: Problems
) -> None:
    # Without JavaScript the job's answer links to its outcome, which links to its table
    # of models for each machine (the later questions only narrow them, in the widget).
    context = browser.new_context(java_script_enabled=False)
    watch(context, problems)
    page = context.new_page()
    anchor = re.compile(rf"#dt-{tree.id}--q-([a-z0-9-]+)$")
    seen = set()
    followed = False
    for path in sample_paths(tree):
        if path.outcome in seen:
            continue
        seen.add(path.outcome)
        chosen = {step.question: step for step in path.steps}
        page.goto(site.page_url(fragment=f"dt-{tree.id}--q-{tree.start}"))
        asked = []
        while (found := anchor.search(page.url)) and len(asked) <= len(tree.questions):
            question = tree.questions[found[1]]
            asked.append(question.id)
            expect(page.locator(f"#dt-{tree.id}--q-{question.id}")).to_have_text(question.text)
            links = page.locator(f"section:has(> #dt-{tree.id}--q-{question.id})")
            if question.multiple:
                name = "Continue"
            elif question.id in chosen:
                keys = chosen[question.id].options
                name = next(o.label for o in question.options if o.key in keys)
            else:  # a question the widget skips for this job: any answer goes on
                name = question.options[0].label
            links.get_by_role("link", name=name, exact=True).click()
        assert asked == [s.question for s in path.steps[: len(asked)]], asked
        assert page.url.endswith((f"#dt-{tree.id}--outcomes", f"#dt-{tree.id}--o-{path.outcome}"))
        outcome = page.locator(f"#dt-{tree.id}--o-{path.outcome}")
        expect(outcome).to_have_text(tree.outcomes[path.outcome].title)
        by_machine = page.locator(f'[data-dt-tiers="{path.outcome}"]')
        expect(by_machine).to_be_visible()
        if tree.outcomes[path.outcome].job and not followed:
            # Once: the link lands on this job's table, one row per machine, with commands.
            by_machine.get_by_role("link").click()
            expect(page).to_have_url(
                re.compile(rf"/models-by-machine/#dt-{tree.id}--o-{path.outcome}$")
            )
            table = page.locator(
                f"section.dt-bymachine:has(#dt-{tree.id}--o-{path.outcome}) table.dt-tiers"
            )
            expect(table).to_be_in_viewport()
            expect(table.locator("tbody tr").first).to_be_visible()
            expect(table.locator("code").first).to_be_visible()
            followed = True
    context.close()
    assert followed, "no job outcome was reached"
    assert seen == {p.outcome for p in iter_paths(tree)}
    assert not problems.errors, problems.errors


def test_strict_csp_keeps_the_widget_working(page: Page, site: Site, tree: Tree) -> None:
    response = page.goto(site.url + "decision-tree/?csp=1")
    assert response is not None
    assert response.headers.get("content-security-policy") == "script-src 'self'"
    reader = Reader(page, tree)
    path = next(iter_paths(tree))
    reader.walk(path.steps)
    reader.expect_outcome(path.outcome)
    assert page.evaluate("window.__cspViolations") == []


def test_print_shows_the_result_links_and_no_buttons(reader: Reader, tree: Tree) -> None:
    path = next(iter(paths_through_multiple(tree) or iter_paths(tree)))
    reader.walk(tick_all(tree, path))
    page = reader.page
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Start again")).to_be_hidden()
    expect(page.locator(".dt-result__why .dt-answers__item").first).to_be_visible()
    expect(page.locator(".dt-map")).to_be_hidden()
    after = page.locator(".dt-guide a").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert "http" in after, after


def test_phone_width_has_no_sideways_scrolling(
    browser: Browser, site: Site, tree: Tree, problems: Problems
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    watch(context, problems)
    page = context.new_page()
    page.goto(site.page_url())
    reader = Reader(page, tree)
    path = longest_path(tree)
    for step in [*tick_all(tree, path), None]:
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{overflow}px sideways scroll at {page.url}"
        if step is not None:
            reader.answer(step)
    context.close()
    assert not problems.errors, problems.errors


def test_an_unanswered_multiple_question_adds_nothing(reader: Reader, tree: Tree) -> None:
    paths = paths_through_multiple(tree)
    assert paths
    reader.walk(paths[0].steps)
    expect(reader.page.locator(".dt-companion")).to_have_count(0)
    question = next(s for s in paths[0].steps if tree.questions[s.question].multiple)
    assert isinstance(question, Step)
    expect(reader.page.locator(".dt-result__why")).to_contain_text("None of these")


def test_reduced_motion_turns_transitions_off(page: Page, site: Site) -> None:
    durations = {}
    for motion in ("no-preference", "reduce"):
        page.emulate_media(reduced_motion=motion)
        page.goto(site.page_url())
        option = page.locator(".dt-option").first
        durations[motion] = option.evaluate("el => getComputedStyle(el).transitionDuration")
    assert durations["no-preference"] != "0s"
    assert set(durations["reduce"].replace(" ", "").split(",")) == {"0s"}
