"""The recommender: what it lists always fits, is allowed and speaks the language.

Property tests draw arbitrary constraints against the committed catalogue;
the table the tree page looks answers up in is compared, path by path, with
the recommender itself; the CLI runs as a subprocess.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from typing import Any

import pytest
from conftest import FIXTURE_MODELS, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tree import load_tree
from decision_tree.catalogue import load_catalogue
from decision_tree.memory import need_gb, usable_gb, weights_gb
from decision_tree.paths import iter_paths
from decision_tree.recommend import (
    COMPANIONS,
    JOBS,
    SLOW_BYTES,
    SLOW_RETRIEVAL_BYTES,
    ConstraintError,
    Constraints,
    recommend,
)
from decision_tree.tree_recs import (
    build_recs,
    constraints_of,
    lookup,
    machine_question,
    split_recs,
)

CATALOGUE = load_catalogue()
TREE = load_tree(REPO / "decision_tree" / "trees" / "choose-model.yaml")

constraints_strategy = st.builds(
    Constraints,
    job=st.sampled_from(sorted(JOBS)),
    companions=st.lists(st.sampled_from(sorted(COMPANIONS)), max_size=2, unique=True).map(tuple),
    memory_gb=st.one_of(st.none(), st.sampled_from([4, 8, 12, 16, 24, 32, 48, 80, 141])),
    gpus=st.sampled_from([0, 1, 2, 4, 8]),
    device=st.sampled_from([None, "apple", "cpu", "phone"]),
    commercial=st.sampled_from([None, True]),
    languages=st.lists(st.sampled_from(["en", "de", "ja", "zh", "ar", "fr"]), max_size=2).map(
        lambda codes: tuple(dict.fromkeys(codes))
    ),
    context_tokens=st.sampled_from([None, 4096, 32768, 131072, 1_000_000]),
    streaming=st.sampled_from([None, True, False]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(constraints_strategy)
def test_every_listed_model_fits_is_allowed_and_speaks_the_language(c: Constraints) -> None:
    answer = recommend(CATALOGUE, c)
    device = c.hardware
    job = JOBS[c.job]
    groups = [(job.types, answer.models)] + [
        ((COMPANIONS[comp.name],), comp.models) for comp in answer.companions
    ]
    for kinds, picks in groups:
        assert len(picks) <= 5
        for pick in picks:
            model = pick.model
            assert set(kinds) & set(model.types), (model.id, kinds)
            if device is not None:
                devices = device.count if device.kind == "gpu" else 1
                needed = need_gb(model, pick.precision, pick.context, devices=devices)
                if device.kind in ("cpu", "phone") and model.runtime and pick.runs:
                    # Speech, image and embedding runtimes load float32 on a CPU: the
                    # weights twice over, with the rule's 10 % on top.
                    needed += weights_gb(model, pick.precision) * 1.10
                assert needed == pytest.approx(pick.needs_gb)
                assert needed <= usable_gb(device) + 1e-9, model.id
                slow = (
                    SLOW_RETRIEVAL_BYTES if model.type in ("embedding", "reranker") else SLOW_BYTES
                )
                if device.kind in slow:
                    share = (model.active_params_b or model.params_b) / model.params_b
                    read = weights_gb(model, pick.precision) * share
                    assert read <= slow[device.kind], (model.id, "too slow without a GPU")
            if c.commercial:
                assert model.licence.commercial != "no", model.id
            for code in c.languages:
                assert (
                    model.speaks(code)
                    or (not model.languages and (model.language_count or 0) >= 50)
                    or (code == "en" and not model.languages and not model.language_count)
                ), (model.id, code)
            if c.streaming:
                assert model.streaming is True, model.id
            if c.context_tokens and job.context and picks is answer.models:
                assert model.context_tokens is None or model.context_tokens >= c.context_tokens
    if not answer.models:
        assert answer.notes, "an empty answer must say why and what is nearest"


def test_nothing_fits_names_the_nearest_option() -> None:
    answer = recommend(
        CATALOGUE,
        Constraints(job="chat", memory_gb=8, gpus=0, device="phone", context_tokens=10**6),
    )
    assert answer.models == ()
    assert any("Nothing fits" in n or "No catalogued model" in n for n in answer.notes)


def test_a_machine_nothing_runs_on_is_not_told_to_buy_memory() -> None:
    # OCR on a plain CPU: the models would fit in 64 GB, but none has a runtime
    # or ready-made variant the catalogue lists for a CPU.
    answer = recommend(CATALOGUE, Constraints(job="ocr", memory_gb=64, gpus=0, device="cpu"))
    assert answer.models == (), "an OCR runtime for CPUs is catalogued: pick another case"
    (note,) = answer.notes
    assert "knows no way to run" in note
    assert "more memory" not in note


def test_a_non_commercial_model_is_listed_only_without_the_commercial_constraint() -> None:
    free = recommend(CATALOGUE, Constraints(job="image-generation", memory_gb=80))
    product = recommend(
        CATALOGUE, Constraints(job="image-generation", memory_gb=80, commercial=True)
    )
    assert any(p.model.licence.commercial == "no" for p in free.models)
    assert all(p.model.licence.commercial != "no" for p in product.models)
    assert any("rules out" in line and "non-commercial" in line for line in product.why)


def test_streaming_and_language_narrow_speech_models() -> None:
    answer = recommend(
        CATALOGUE,
        Constraints(job="speech-to-text", memory_gb=24, languages=("de",), streaming=True),
    )
    assert answer.models
    assert all(p.model.streaming and p.model.speaks("de") for p in answer.models)


def test_retrieval_brings_its_embedding_model_and_reranker() -> None:
    answer = recommend(CATALOGUE, Constraints(job="rag", memory_gb=24))
    assert [c.name for c in answer.companions] == ["embedding", "reranker"]
    assert all(c.models for c in answer.companions)


def test_more_memory_never_lists_fewer_models() -> None:
    counts = [
        len(recommend(CATALOGUE, Constraints(job="chat", memory_gb=size)).models)
        for size in (8, 12, 24, 80)
    ]
    assert counts == sorted(counts)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"job": "dancing"}, "unknown job"),
        ({"job": "chat", "companions": ("juggler",)}, "unknown companion"),
        ({"job": "chat", "memory_gb": 0}, "more than 0"),
        ({"job": "chat", "languages": ("German",)}, "ISO 639-1"),
        ({"job": "chat", "context_tokens": -5}, "more than 0 tokens"),
    ],
)
def test_constraints_it_cannot_answer_are_rejected(kwargs: dict, message: str) -> None:
    with pytest.raises(ConstraintError, match=message):
        Constraints(**kwargs)


def test_the_fixture_catalogue_shows_precision_and_memory_in_why() -> None:
    fixture = load_catalogue(FIXTURE_MODELS)
    answer = recommend(fixture, Constraints(job="chat", memory_gb=12))
    (pick,) = [p for p in answer.models if p.model.id == "dense-8b"]
    assert pick.precision == "fp8"
    assert pick.why[0].startswith("FP8, ")
    assert "of your 11.6 GB usable" in pick.why[0]


# --- the page's table against the recommender, on every path -----------------------------


@functools.cache
def recs() -> dict[str, Any]:
    """The page's whole answers file, built on first use rather than at collection."""
    return build_recs(TREE, CATALOGUE)


@functools.cache
def parts() -> dict[str, dict[str, Any]]:
    """The files the widget fetches, cut from :func:`recs`."""
    return split_recs(recs())


def _answers(path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    found = {}
    for step in path.steps:
        question = TREE.questions[step.question]
        if not question.multiple:
            found[step.question] = [o.key for o in question.options].index(step.options[0])
    return found


def _ids(result: object) -> list[tuple[str, str]]:
    picks = result[0] if result and isinstance(result[0], list) else result  # type: ignore[index]
    shown = []
    for index in picks:  # type: ignore[union-attr]
        model, precision, *_ = recs()["picks"][index]
        shown.append((recs()["models"][model]["id"], recs()["strings"][precision]))
    return shown


def test_the_page_table_gives_what_recommend_gives_on_every_path() -> None:
    from decision_tree.memory import PRECISION_LABELS

    checked = 0
    for path in iter_paths(TREE):
        job = path.constraints["job"]
        table = recs()["jobs"][job]
        result = recs()["results"][lookup(recs(), table, _answers(path))]
        expected = recommend(CATALOGUE, constraints_of(job, path.constraints)).models
        assert _ids(result) == [(p.model.id, PRECISION_LABELS[p.precision]) for p in expected], path
        checked += 1
    assert checked > 10_000


def _resolved(data: dict[str, Any], index: int) -> Any:
    """A result with every index replaced by what it stands for (comparable across files)."""
    value = data["results"][index]
    picks, notes = (value[0], value[1]) if value and isinstance(value[0], list) else (value, [])

    def text(i: int) -> str | None:
        return None if i == -1 else str(data["strings"][i])

    shown = []
    for p in picks:
        entry = data["picks"][p]
        caveats = [text(i) for i in entry[5]] if len(entry) > 5 else []
        runs = [[text(i) for i in run] for run in entry[6]] if len(entry) > 6 else []
        shown.append((data["models"][entry[0]], [text(i) for i in entry[1:5]], caveats, runs))
    return shown, [text(n) for n in notes]


MACHINE = machine_question(TREE)


def _digits(data: dict[str, Any], table: dict[str, Any], index: int) -> list[int]:
    """The answer (distinct-set index) per dimension that table entry *index* stands for."""
    found = []
    for question, _ in reversed(table["dims"]):
        index, digit = divmod(index, data["sizes"][question])
        found.append(digit)
    return found[::-1]


def _tables(name: str, part: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(whole file's table, part's table) for each table *part* holds."""
    kind, key = name.split("/")[:2]
    if kind == "companions":
        return [(recs()["companions"][key], part["companions"][key])]
    own = recs()["jobs"][key]["companions"]
    assert set(part["jobs"]) == {key}
    assert set(part["companions"]) == set(own) & set(recs()["companions"])
    return [(recs()["jobs"][key], part["jobs"][key])] + [
        (recs()["companions"][c], part["companions"][c]) for c in part["companions"]
    ]


def test_the_widget_has_a_part_per_job_and_companion_and_per_machine_answer() -> None:
    assert MACHINE == "hardware"
    assert recs()["machine"] == MACHINE
    names = [f"jobs/{j}" for j in recs()["jobs"]] + [
        f"companions/{c}" for c in recs()["companions"]
    ]
    assert set(parts()) == set(names) | {
        f"{name}/{MACHINE}-{n}" for name in names for n in range(len(recs()["options"][MACHINE]))
    }


def test_each_part_the_widget_fetches_answers_as_the_whole_file_does() -> None:
    # One test for the 360 parts, so that collecting the tests builds no answers.
    assert len(parts()) > 100
    for name, part in sorted(parts().items()):
        _check_part(name, part)


def _check_part(name: str, part: dict[str, Any]) -> None:
    fixed = None
    if name.count("/") == 2:
        option = int(name.rsplit("-", 1)[1])
        fixed = recs()["options"][MACHINE][option]
        # That option, and any other with the same effect, is the part's only value.
        assert part["options"][MACHINE] == [
            0 if v == fixed else None for v in recs()["options"][MACHINE]
        ], name
    for whole, cut in _tables(name, part):
        assert [d[0] for d in cut["dims"]] == [d[0] for d in whole["dims"]]
        at = [d[0] for d in whole["dims"]].index(MACHINE) if fixed is not None else None
        kept = [
            i
            for i in range(len(whole["table"]))
            if at is None or _digits(recs(), whole, i)[at] == fixed
        ]
        assert len(kept) == len(cut["table"]), name
        for a, b in zip(kept, cut["table"], strict=True):
            assert _resolved(part, b) == _resolved(recs(), whole["table"][a]), name
        if "why" in whole:
            text = {
                q: [[part["strings"][i] for i in line] for line in v] for q, v in cut["why"].items()
            }
            want = {
                q: [[recs()["strings"][i] for i in line] for line in v]
                for q, v in whole["why"].items()
            }
            if fixed is not None:
                want[MACHINE] = [want[MACHINE][fixed]]
            assert text == want, name
    # Nothing the part's tables do not reach.
    reached = {i for _, cut in _tables(name, part) for i in cut["table"]}
    assert len(part["results"]) == len(reached)


def test_every_path_finds_the_same_models_in_its_own_machines_part() -> None:
    checked = 0
    for path in iter_paths(TREE):
        job = path.constraints["job"]
        answers = _answers(path)
        part = parts()[f"jobs/{job}/{MACHINE}-{answers[MACHINE]}"]
        found = _resolved(part, lookup(part, part["jobs"][job], answers))
        assert found == _resolved(recs(), lookup(recs(), recs()["jobs"][job], answers)), path
        checked += 1
    assert checked > 10_000


def test_a_reader_fetches_a_small_part_of_the_answers() -> None:
    def size(value: Any) -> int:
        return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    whole = {n: size(p) for n, p in parts().items() if n.count("/") == 1}
    split = {n: size(p) for n, p in parts().items() if n.count("/") == 2}
    # One job's part against the whole file; the largest machine's part against the largest job's.
    assert max(whole.values()) < 0.8 * size(recs())
    assert max(split.values()) < max(whole.values()) / 4
    for name, value in split.items():
        assert value <= whole[name.rsplit("/", 1)[0]], name


def test_paths_ask_at_most_seven_questions_median_five() -> None:
    sequences = {
        (p.constraints["job"], tuple(s.question for s in p.steps)) for p in iter_paths(TREE)
    }
    lengths = sorted(len(seq) for _, seq in sequences)
    assert max(lengths) <= 7
    assert lengths[len(lengths) // 2] <= 5
    assert {job for job, _ in sequences} == set(JOBS)


def test_hardware_and_licence_are_asked_for_every_job_reasoning_included() -> None:
    for path in iter_paths(TREE):
        asked = {s.question for s in path.steps}
        assert {"hardware", "commercial"} <= asked, path.constraints["job"]


# --- the command line ------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decision_tree", "recommend", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_recommend_json_has_the_documented_shape() -> None:
    result = run("--job", "rag", "--memory-gb", "24", "--commercial", "yes", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"types", "models", "companions", "notes"}
    assert data["types"] == ["instruct"]
    for model in data["models"]:
        assert set(model) >= {"id", "name", "hf_repo", "type", "precision", "needs_gb", "why"}
        assert model["needs_gb"] <= 24 * 1.074 * 0.9
    assert [c["type"] for c in data["companions"]] == ["embedding", "reranker"]


def test_recommend_prints_why_and_exits_1_when_nothing_fits() -> None:
    fits = run("--job", "chat", "--memory-gb", "16", "--gpus", "0", "--device", "apple")
    assert fits.returncode == 0
    assert "Why:" in fits.stdout
    assert "usable" in fits.stdout
    nothing = run("--job", "chat", "--memory-gb", "1", "--context", "1000000")
    assert nothing.returncode == 1
    assert "No catalogued model" in nothing.stdout or "Nothing fits" in nothing.stdout


def test_recommend_usage_errors_exit_2() -> None:
    assert run("--job", "dancing").returncode == 2
    bad = run("--job", "chat", "--language", "German")
    assert bad.returncode == 2
    assert "ISO 639-1" in bad.stderr
    assert run("--job", "chat", "--device", "apple").returncode == 2
