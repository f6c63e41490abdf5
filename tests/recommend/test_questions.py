"""The recommender against real questions people asked (questions.yaml).

For every question no listed model is one an expert called wrong, and none
breaks a stated constraint (memory, licence, language, input length,
streaming); for at least 80% of them a listed model is one an expert would
accept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from decision_tree.catalogue import load_catalogue
from decision_tree.memory import need_gb, usable_gb
from decision_tree.recommend import Constraints, Recommendation, recommend

HERE = Path(__file__).parent
QUESTIONS: list[dict[str, Any]] = yaml.safe_load((HERE / "questions.yaml").read_text("utf-8"))
CATALOGUE = load_catalogue()


def constraints(question: dict[str, Any]) -> Constraints:
    given = question["constraints"]
    return Constraints(
        job=given["job"],
        companions=tuple(given.get("with", ())),
        memory_gb=given.get("memory_gb"),
        gpus=given.get("gpus", 1),
        device=given.get("device"),
        commercial=given.get("commercial"),
        languages=tuple(given.get("languages", ())),
        context_tokens=given.get("context_tokens"),
        streaming=given.get("streaming"),
    )


def answer(question: dict[str, Any]) -> Recommendation:
    return recommend(CATALOGUE, constraints(question))


def test_the_set_is_large_and_sourced() -> None:
    assert len(QUESTIONS) >= 30
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)
    for question in QUESTIONS:
        assert question["source"].startswith("https://"), question["id"]
        for model_id in [*question["right"], *(w["id"] for w in question["wrong"])]:
            assert model_id in CATALOGUE.models, f"{question['id']}: {model_id} is not catalogued"


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_no_listed_model_is_wrong_or_breaks_a_constraint(question: dict[str, Any]) -> None:
    given = constraints(question)
    found = answer(question)
    listed = [p for p in found.models]
    for companion in found.companions:
        listed += companion.models
    wrong = {w["id"]: w["why"] for w in question["wrong"]}
    kinds = set(question["expert_types"])
    for pick in listed:
        model = pick.model
        if kinds & set(model.types):
            # Only the kind of model the asker asked about is judged right or wrong.
            assert model.id not in wrong, (
                f"{model.id} is listed, but an expert says: {wrong[model.id]}"
            )
        if given.hardware is not None:
            devices = given.hardware.count if given.hardware.kind == "gpu" else 1
            need = need_gb(model, pick.precision, pick.context, devices=devices)
            assert need <= usable_gb(given.hardware) + 1e-9, f"{model.id} does not fit"
        if given.commercial:
            assert model.licence.commercial != "no", f"{model.id} forbids commercial use"
        for code in given.languages:
            named = model.speaks(code) or (
                not model.languages and (model.language_count or 0) >= 50
            )
            assert named, f"{model.id} does not name language {code}"
        if given.streaming:
            assert model.streaming, f"{model.id} does not stream"
        if given.context_tokens and model.context_tokens and pick in found.models:
            assert model.context_tokens >= given.context_tokens, f"{model.id} context too short"


def test_most_questions_get_a_model_an_expert_would_name() -> None:
    hits = []
    misses = []
    for question in QUESTIONS:
        listed = {p.model.id for p in answer(question).models}
        for companion in answer(question).companions:
            listed |= {p.model.id for p in companion.models}
        (hits if listed & set(question["right"]) else misses).append(question["id"])
    share = len(hits) / len(QUESTIONS)
    assert share >= 0.8, f"only {share:.0%} get a right model; missed: {', '.join(misses)}"
