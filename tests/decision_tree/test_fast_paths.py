"""The fast paths (libyaml reading, the compiled schema check, the Markdown cache) change nothing.

Each is compared with the slow path it stands in for: the same diagnostics
for every broken file, the same data and positions for every valid one, the
same verdict from both schema validators, the same HTML from the cache.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from conftest import BROKEN, FIXTURE_DOCS, GOLDEN, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from decision_tree import check_file, schema_check, yaml_source
from decision_tree.render import render_markdown

needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
YAML_FILES = sorted(
    [
        *BROKEN.glob("*.yaml"),
        *GOLDEN.glob("*.yaml"),
        *(REPO / "decision_tree" / "trees").glob("*.yaml"),
        *(REPO / "decision_tree" / "models").glob("*.yaml"),
    ]
)
SAMPLE = (GOLDEN / "sample.yaml").read_text(encoding="utf-8")


def _same_source(fast: yaml_source.Source, pure: yaml_source.Source) -> None:
    assert pure.problems == []
    # repr tells True from 1 and keeps the order of every mapping.
    for name in ("data", "values", "keys", "raw", "styles", "unread", "lines"):
        assert repr(getattr(fast, name)) == repr(getattr(pure, name)), name


@needs_libyaml
@pytest.mark.parametrize("case", YAML_FILES, ids=[f"{c.parent.name}/{c.stem}" for c in YAML_FILES])
def test_both_readers_agree_on_every_file(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = check_file(case, docs_dir=FIXTURE_DOCS)
    monkeypatch.setattr(yaml_source, "LIBYAML", False)
    assert check_file(case, docs_dir=FIXTURE_DOCS) == fast
    text = case.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    events = yaml_source._read_events(text) if yaml_source._printable(text) else None
    if events is not None:
        _same_source(events, yaml_source._parse_pure(text))


@needs_libyaml
def test_valid_files_are_read_from_events() -> None:
    source = yaml_source._read_events(SAMPLE)
    assert source is not None
    _same_source(source, yaml_source._parse_pure(SAMPLE))


@needs_libyaml
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("anchor", "a: &x 1\nb: 2\n"),
        ("alias", "a: [1]\nb: *x\n"),
        ("tag", "a: !!str 1\n"),
        ("custom tag", "a: !x 1\n"),
        ("duplicate key", "a: 1\na: 2\n"),
        ("complex key", "? [a]\n: 1\n"),
        ("bad int", "a: !!int x\n"),
        ("two documents", "a: 1\n---\nb: 2\n"),
        ("empty", "# nothing\n"),
        ("syntax", "a: [1\n"),
        ("tab", "a:\t1\n"),
        ("byte-order mark inside", "a: 1\nb\ufeff: 2\n"),
        ("comment after block header", "a: |#\n  x\n"),
        ("question mark in a flow list", "a: [b?]\n"),
        ("pair in a flow list", "a: [b: c]\n"),
        ("directive", "%YAML 1.1\n---\na: 1\n"),
    ],
)
def test_the_event_reader_leaves_every_doubtful_file_to_the_pure_reader(
    name: str, text: str
) -> None:
    assert yaml_source._PURE_ONLY.search(text) or yaml_source._read_events(text) is None, name


@needs_libyaml
def test_limits_stop_the_event_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_NODES", 3)
    assert yaml_source._read_events("a: [1, 2]\n") is None
    monkeypatch.setattr(yaml_source, "MAX_NODES", 50_000)
    monkeypatch.setattr(yaml_source, "MAX_NESTING", 3)
    assert yaml_source._read_events("a: [[1]]\n") is None
    assert yaml_source._read_events("a: [1]\n") is not None


@needs_libyaml
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(SAMPLE) - 1),
    st.integers(0, 8),
    st.text(alphabet=st.sampled_from(list(" \n:-?[]{},#&*!|>'\"%@`aé01yN~.\\\r")), max_size=5),
)
def test_damaged_files_read_alike_or_go_to_the_pure_reader(at: int, length: int, insert: str):
    text = SAMPLE[:at] + insert + SAMPLE[at + length :]
    if not yaml_source._printable(text) or yaml_source._PURE_ONLY.search(text):
        return
    fast = yaml_source._read_events(text)
    if fast is not None:
        _same_source(fast, yaml_source._parse_pure(text))


# ---------------------------------------------------------------------------
# The schema check


def _data(case: Path) -> object:
    try:
        return yaml_source.read_source(case).data
    except yaml_source.SourceError:
        return None


@pytest.mark.parametrize("kind", ["tree", "catalogue"])
def test_the_fast_validator_exists_for_both_schemas(kind: str) -> None:
    assert schema_check._fast_validator(kind) is not None


@pytest.mark.parametrize("case", YAML_FILES, ids=[f"{c.parent.name}/{c.stem}" for c in YAML_FILES])
def test_both_validators_agree(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kind = "catalogue" if case.parent.name == "models" else "tree"
    try:
        source = yaml_source.read_source(case)
    except yaml_source.SourceError:
        return
    slow = Draft7Validator(schema_check.schema(kind)).is_valid(source.data)
    assert schema_check.known_valid(source.data, kind) == slow
    fast_problems = schema_check.check_schema(source, kind)
    monkeypatch.setattr(schema_check, "known_valid", lambda data, kind="tree": False)
    assert schema_check.check_schema(source, kind) == fast_problems


@pytest.mark.parametrize(
    "value",
    [True, 1.0, "1", None, [1], 2],
)
def test_both_validators_agree_on_look_alike_values(value: object) -> None:
    data = yaml_source.read_source(GOLDEN / "sample.yaml").data
    data["version"] = value
    slow = Draft7Validator(schema_check.schema("tree")).is_valid(data)
    assert schema_check.known_valid(data) == slow


def test_a_pattern_under_not_disables_the_fast_validator() -> None:
    assert schema_check._exact_under_negation({"not": {"required": ["a"]}})
    assert not schema_check._exact_under_negation({"not": {"pattern": "^a$"}})
    assert not schema_check._exact_under_negation(
        {"if": {"$ref": "#/definitions/x"}, "definitions": {"x": {"pattern": "a$"}}}
    )


def test_without_fastjsonschema_jsonschema_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    schema_check._fast_validator.cache_clear()
    monkeypatch.setitem(sys.modules, "fastjsonschema", None)
    try:
        assert schema_check._fast_validator("tree") is None
        assert not schema_check.known_valid({})
        case = BROKEN / "missing-options.yaml"
        assert check_file(case, docs_dir=FIXTURE_DOCS)
    finally:
        schema_check._fast_validator.cache_clear()


# ---------------------------------------------------------------------------
# The Markdown cache


class _Links:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.asked: list[str] = []

    def url(self, path: str) -> str | None:
        self.asked.append(path)
        return self.prefix + path.removesuffix(".md") + "/"

    def title(self, path: str) -> str | None:
        return None


def test_markdown_is_rendered_once_per_text_and_resolver() -> None:
    one, two = _Links("../"), _Links("../../")
    text = "See [the guide](guide.md)."
    first = render_markdown(text, links=one)
    assert render_markdown(text, links=one) == first
    assert one.asked == ["guide.md"]
    assert 'href="../guide/"' in first
    other = render_markdown(text, links=two)
    assert 'href="../../guide/"' in other
    assert two.asked == ["guide.md"]
    assert "href" not in render_markdown(text)
    assert render_markdown(text, links=one) == first
    assert one.asked == ["guide.md", "guide.md"]
