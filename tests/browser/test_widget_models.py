"""The result screen lists the models the build computed, exactly as recommend() gives them."""

from __future__ import annotations

import re

import pytest
from browsing import (
    Problems,
    Reader,
    Site,
    axe_violations,
    fragment,
    sample_paths,
    with_answer,
)
from playwright.sync_api import Locator, Page, expect

from decision_tree import Tree
from decision_tree.catalogue import load_catalogue
from decision_tree.catalogue_model import Catalogue
from decision_tree.catalogue_view import model_anchor
from decision_tree.paths import Step, TreePath, iter_paths
from decision_tree.recommend import Pick, Recommendation, recommend
from decision_tree.tree_recs import constraints_of, machine_question

GPU = "one-24-gb-gpu"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def job_paths(tree: Tree) -> list[TreePath]:
    """One path per job, on one 24 GB GPU (a phone leaves most jobs with nothing)."""
    first = {p.constraints["job"]: p for p in reversed(sample_paths(tree))}
    return [with_answer(tree, p, "hardware", GPU) for p in reversed(first.values())]


def answer(
    catalogue: Catalogue, path: TreePath, companions: tuple[str, ...] = ()
) -> Recommendation:
    return recommend(
        catalogue, constraints_of(path.constraints["job"], path.constraints, companions)
    )


def expect_picks(scope: Locator, picks: tuple[Pick, ...]) -> None:
    items = scope.locator(".dt-pick")
    expect(items.locator(".dt-pick__name")).to_have_text([p.model.name for p in picks])
    expect(items.locator(".dt-pick__memory")).to_have_text([p.why[0] for p in picks])
    # The count first: items.all() is a snapshot, taken once the list is complete.
    expect(items).to_have_count(len(picks))
    for item, pick in zip(items.all(), picks, strict=True):
        expect(item).to_have_attribute("data-dt-model", pick.model.id)
        expect(item.locator(".dt-pick__caveats li")).to_have_text(list(pick.why[1:]))


def test_each_job_lists_the_models_recommend_gives(
    page: Page, site: Site, tree: Tree, catalogue: Catalogue
) -> None:
    paths = job_paths(tree)
    assert {p.constraints["job"] for p in paths} == {p.constraints["job"] for p in iter_paths(tree)}
    listed = 0
    for path in paths:
        expected = answer(catalogue, path)
        page.goto(site.page_url(fragment=fragment(tree, path.steps)))
        Reader(page, tree).expect_outcome(path.outcome)
        models = page.locator(".dt-result__models")
        expect(models.locator(".dt-picks__loading")).to_have_count(0)
        expect_picks(models, expected.models)
        expect(models.locator(".dt-picks__note")).to_have_text(list(expected.notes))
        listed += len(expected.models)
        # Why: the job's line, then the lines of the answers that changed the result
        # (in the order of the questions; recommend() orders them by constraint).
        lines = page.locator(".dt-why__list li")
        expect(lines).to_have_count(len(expected.why))
        found = lines.all_text_contents()
        assert found[0] == expected.why[0]
        assert sorted(found[1:]) == sorted(expected.why[1:])
    assert listed, "no job listed any model"


def test_a_model_links_to_the_catalogue_and_its_card(
    page: Page, site: Site, tree: Tree, catalogue: Catalogue
) -> None:
    path = job_paths(tree)[0]
    pick = answer(catalogue, path).models[0]
    page.goto(site.page_url(fragment=fragment(tree, path.steps)))
    item = page.locator(f'.dt-pick[data-dt-model="{pick.model.id}"]')
    name = item.locator(".dt-pick__name")
    expect(name).to_have_attribute(
        "href", site.url + f"models/#model-{pick.model.id.replace('.', '-')}"
    )
    expect(item.locator(".dt-commercial")).to_have_class(
        f"dt-commercial dt-commercial--{pick.model.licence.commercial}"
    )
    expect(item.get_by_role("link", name="model card")).to_have_attribute(
        "href", f"https://huggingface.co/{pick.model.hf_repo}"
    )
    href = name.get_attribute("href") or ""
    name.click()
    expect(page).to_have_url(href)
    expect(page.locator(f"#{model_anchor(pick.model.id)}")).to_be_attached()


def test_a_ticked_companion_lists_its_models(
    reader: Reader, tree: Tree, catalogue: Catalogue
) -> None:
    path = with_answer(tree, job_paths(tree)[0], "hardware", GPU)
    assert path.constraints["job"] == "chat"
    extras = tree.questions["extras"]
    option = next(
        o for o in extras.options if o.label == "Search or answers over your own documents"
    )
    assert option.adds is not None
    name = tree.outcomes[option.adds].companion
    assert name is not None
    steps = [Step(s.question, (option.key,)) if s.question == "extras" else s for s in path.steps]
    reader.walk(steps)
    reader.expect_outcome(path.outcome)
    (expected,) = [c for c in answer(catalogue, path, (name,)).companions if c.name == name]
    assert expected.models, "recommend() gives no embedding model for this path"
    companion = reader.page.locator(f'.dt-companion[data-dt-companion="{name}"]')
    expect(companion.locator("h4")).to_have_text(tree.outcomes[option.adds].title)
    expect_picks(companion, expected.models)


def test_a_job_brings_its_own_companions(
    page: Page, site: Site, tree: Tree, catalogue: Catalogue
) -> None:
    path = next(p for p in job_paths(tree) if p.constraints["job"] == "rag")
    expected = answer(catalogue, path).companions
    assert [c.name for c in expected] == ["embedding", "reranker"]
    page.goto(site.page_url(fragment=fragment(tree, path.steps)))
    articles = page.locator(".dt-companion")
    expect(articles).to_have_count(len(expected))
    for article, companion in zip(articles.all(), expected, strict=True):
        expect(article).to_have_attribute("data-dt-companion", companion.name)
        expect_picks(article, companion.models)


def nothing_fits(tree: Tree, catalogue: Catalogue) -> TreePath:
    """A chat path on a phone with a long context, where recommend() finds no model."""
    for path in iter_paths(tree):
        c = path.constraints
        wanted = (c.get("job"), c.get("device"), c.get("context_tokens"))
        if wanted == ("chat", "phone", 131072) and not answer(catalogue, path).models:
            return path
    raise AssertionError("every chat path on a phone has a model: pick another empty case")


def test_when_nothing_fits_the_notes_say_what_is_nearest(
    page: Page, site: Site, tree: Tree, catalogue: Catalogue
) -> None:
    path = nothing_fits(tree, catalogue)
    expected = answer(catalogue, path)
    assert expected.notes
    page.goto(site.page_url(fragment=fragment(tree, path.steps)))
    models = page.locator(".dt-result__models")
    expect(models.locator(".dt-picks__note")).to_have_text(list(expected.notes))
    expect(models.locator(".dt-pick")).to_have_count(0)


def test_without_the_recommendations_the_tables_by_machine_are_linked(
    page: Page, site: Site, tree: Tree, problems: Problems
) -> None:
    page.route("**/*.recs.json", lambda route: route.fulfill(status=503, body=""))
    path = job_paths(tree)[0]
    page.goto(site.page_url(fragment=fragment(tree, path.steps)))
    models = page.locator(".dt-result__models")
    expect(models.locator(".dt-picks__note")).to_contain_text("could not be loaded")
    link = models.get_by_role("link", name=f"{tree.outcomes[path.outcome].title}, by machine")
    expect(link).to_have_attribute(
        "href", re.compile(rf"/models-by-machine/#dt-{tree.id}--o-{path.outcome}$")
    )
    expect(models.locator(".dt-pick")).to_have_count(0)
    # Chromium logs the failed request itself; nothing else may go wrong.
    assert all("503" in e for e in problems.errors), problems.errors
    problems.errors.clear()


def _parts(tree: Tree, path: TreePath) -> list[str]:
    """The files a result of *path* needs: its job's, then each ticked companion's.

    Each for the machine the reader chose alone: the machine question's option index.
    """
    machine = machine_question(tree)
    assert machine, "the tree has a question that sets the machine"
    (answer,) = [s for s in path.steps if s.question == machine]
    keys = [o.key for o in tree.questions[machine].options]
    suffix = f"/{machine}-{keys.index(answer.options[0])}.recs.json"
    found = [f"jobs/{path.constraints['job']}{suffix}"]
    for step in path.steps:
        question = tree.questions[step.question]
        if question.multiple:
            for key in step.options:
                option = question.option(key)
                added = tree.outcomes[option.adds] if option and option.adds else None
                if added and added.companion:
                    found.append(f"companions/{added.companion}{suffix}")
    return found


def test_each_result_fetches_only_its_own_parts_and_each_once(
    page: Page, site: Site, tree: Tree
) -> None:
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".recs.json") else None)
    page.goto(site.page_url())
    reader = Reader(page, tree)
    expect(reader.heading).to_be_visible()
    assert fetched == [], "fetched before any result was shown"
    paths = job_paths(tree)[:3]
    expected: list[str] = []
    for path in [*paths, paths[0]]:  # the first again at the end: nothing new to fetch
        page.get_by_role("button", name="Start again").first.click() if fetched else None
        reader.walk(path.steps)
        reader.expect_outcome(path.outcome)
        expect(page.locator(".dt-result__models .dt-pick").first).to_be_visible()
        expected += [p for p in _parts(tree, path) if p not in expected]
    base = f"{site.url}assets/decision-tree/{tree.id}/"
    assert fetched == [base + p for p in expected]


def test_changing_the_job_asks_that_jobs_questions(reader: Reader, tree: Tree) -> None:
    chat = job_paths(tree)[0]
    reader.walk(chat.steps)
    reader.expect_outcome(chat.outcome)
    page = reader.page
    start = tree.questions[tree.start]
    page.get_by_role("button", name=f"Change your answer to: {start.text}").click()
    reader.expect_question(start.id)
    # Speech to text skips the extras and the context, and asks about streaming.
    stt = next(p for p in job_paths(tree) if p.constraints["job"] == "speech-to-text")
    reader.answer(stt.steps[0])
    reader.expect_question("streaming")
    reader.answer(stt.steps[1])
    # The languages, the machine and the licence were answered on the chat path.
    reader.expect_outcome(stt.outcome)
    kept = [s for s in chat.steps if s.question in {"languages", "hardware", "commercial"}]
    expected = [*stt.steps[:2], *kept]
    assert page.url.endswith("#" + fragment(tree, expected)), page.url
    expect(page.locator(".dt-result__why .dt-answers__question")).to_have_text(
        [tree.questions[s.question].text for s in expected]
    )
    expect(page.locator(".dt-result__models .dt-pick").first).to_be_visible()


def test_result_with_models_has_no_violations(page: Page, site: Site, tree: Tree) -> None:
    path = job_paths(tree)[0]
    steps = [
        Step(s.question, tuple(o.key for o in tree.questions["extras"].options[:2]))
        if s.question == "extras"
        else s
        for s in path.steps
    ]
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(site.page_url(fragment=fragment(tree, steps)))
        expect(page.locator(".dt-result__models .dt-pick").first).to_be_visible()
        expect(page.locator(".dt-companion .dt-pick").first).to_be_visible()
        # The page around the tree is checked whole by test_every_page.py.
        assert axe_violations(page, scheme, include=".dt") == []
