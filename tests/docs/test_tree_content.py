"""The choose-model tree gives every reader a useful, short route to a well-supported answer."""

from __future__ import annotations

from docs_content import model_type_pages, nav, tree

from decision_tree.catalogue import load_catalogue
from decision_tree.paths import iter_paths
from decision_tree.recommend import recommend
from decision_tree.tree_recs import constraints_of

# Model-type pages no outcome leads to, each with why. Remove an entry once one does.
PAGES_WITHOUT_OUTCOME = {
    "model-types/small-language-models.md": (
        "small models are what the job's outcome lists on a phone, a CPU or a laptop"
    ),
    "model-types/mixture-of-experts.md": (
        "large MoE models are what the job's outcome lists on multi-GPU servers"
    ),
}


def test_every_model_type_page_is_the_guide_of_an_outcome() -> None:
    guides = {outcome.guide for outcome in tree().outcomes.values()}
    unreached = set(model_type_pages()) - guides
    assert unreached <= set(PAGES_WITHOUT_OUTCOME), (
        f"no outcome leads to {sorted(unreached - set(PAGES_WITHOUT_OUTCOME))}"
    )
    reached = sorted(set(PAGES_WITHOUT_OUTCOME) & guides)
    assert not reached, f"an outcome now leads to {reached}: remove them from PAGES_WITHOUT_OUTCOME"
    in_nav = {path for _, path in nav()}
    assert guides <= in_nav, "every outcome's guide page must be in the nav"


def test_every_outcome_lists_catalogued_models_and_two_resources() -> None:
    catalogue = load_catalogue()
    t = tree()
    machines = [o.sets for q in t.questions.values() for o in q.options if "memory_gb" in o.sets]
    problems = []
    for outcome in t.outcomes.values():
        if not outcome.job and not outcome.companion:
            problems.append(f"{outcome.id}: neither a job nor a companion, so no models")
        if outcome.job:
            listed = [
                recommend(catalogue, constraints_of(outcome.job, sets)).models for sets in machines
            ]
            if sum(1 for found in listed if found) < 3:
                problems.append(f"{outcome.id}: models fit fewer than three kinds of machine")
        if len(outcome.resources) < 2:
            problems.append(f"{outcome.id}: {len(outcome.resources)} resource(s), need 2")
        if len({r.url for r in outcome.resources}) != len(outcome.resources):
            problems.append(f"{outcome.id}: the same link twice")
    assert not problems, "\n".join(problems)


def test_every_outcome_is_reachable_as_answer_or_companion() -> None:
    t = tree()
    answers = {path.outcome for path in iter_paths(t)}
    companions = {o.adds for q in t.questions.values() for o in q.options if o.adds}
    assert answers | companions == set(t.outcomes)


def test_paths_are_short() -> None:
    # The questions a reader meets depend on the job; count each job's sequence once.
    sequences = {
        (path.constraints.get("job"), tuple(s.question for s in path.steps))
        for path in iter_paths(tree())
    }
    lengths = sorted(len(seq) for _, seq in sequences)
    assert max(lengths) <= 7, "a reader must reach an outcome within seven questions"
    assert lengths[len(lengths) // 2] <= 5, f"the median job asks more than five: {lengths}"


def test_every_single_choice_question_offers_an_explained_not_sure() -> None:
    problems = []
    for question in tree().questions.values():
        if question.multiple:
            continue
        unsure = [o for o in question.options if o.unsure]
        if len(unsure) != 1:
            problems.append(f"{question.id}: {len(unsure)} 'not sure' options, expected 1")
        elif not unsure[0].hint:
            problems.append(f"{question.id}: the 'not sure' option must say what it assumes")
    assert not problems, "\n".join(problems)


def test_companion_question_offers_the_usual_companions() -> None:
    multiple = [q for q in tree().questions.values() if q.multiple]
    assert multiple, "the tree needs a question that adds companion models"
    added = {o.adds for q in multiple for o in q.options}
    assert {"embedding", "text-to-speech", "speech-to-text", "vision-language"} <= added


def test_every_language_model_answer_passes_the_companion_question() -> None:
    # A reader who ends at a language model must have been offered companions on the way.
    t = tree()
    language_models = {"instruct", "reasoning", "agent", "rag", "coding"}
    for path in iter_paths(t):
        if path.outcome in language_models:
            assert any(t.questions[s.question].multiple for s in path.steps), path
