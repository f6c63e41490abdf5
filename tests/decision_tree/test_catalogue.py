"""The model catalogue's checks: every kind of broken entry is reported at its place.

Each case in ``broken_models/`` is a catalogue file (or a folder of files) with
a ``.expected`` list of ``[FILE:]LINE:COL: error: fragment`` lines (and
``    hint: fragment``); the check must report exactly those, in that order.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURE_DOCS, FIXTURE_MODELS, HERE, REPO

from decision_tree import TreeError
from decision_tree.catalogue import MODELS_DIR, check_catalogue, load_catalogue
from decision_tree.loader import check_file

BROKEN = HERE / "broken_models"
CASES = sorted({p.with_suffix("") for p in BROKEN.iterdir() if p.suffix != ".expected"})
TODAY = dt.date(2026, 12, 3)
_LINE = re.compile(r"^(?:(?P<file>[\w.-]+\.yaml):)?(\d+):(\d+): (error|warning): (.+)$")
_HINT = re.compile(r"^\s+hint: (.+)$")


@dataclass
class Expected:
    file: str | None
    line: int
    column: int
    severity: str
    message: str
    hint: str | None = None


def read_expected(path: Path) -> list[Expected]:
    found: list[Expected] = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if match := _LINE.match(row):
            found.append(Expected(match["file"], int(match[2]), int(match[3]), match[4], match[5]))
        elif match := _HINT.match(row):
            found[-1].hint = match[1]
        elif row.strip():
            raise ValueError(f"{path.name}: cannot read {row!r}")
    return found


def _as_folder(case: Path, tmp_path: Path) -> Path:
    """Return a folder holding only the case's file(s)."""
    if case.is_dir():
        return case
    folder = tmp_path / case.name
    folder.mkdir()
    shutil.copy(case.with_suffix(".yaml"), folder / "models.yaml")
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_catalogue_reports_expected_errors(case: Path, tmp_path: Path) -> None:
    expected = read_expected(case.with_suffix(".expected"))
    found = check_catalogue(_as_folder(case, tmp_path), today=TODAY)
    shown = "\n".join(d.format() for d in found)
    assert len(found) == len(expected), shown
    for want, got in zip(expected, found, strict=True):
        if want.file:
            assert Path(got.path).name == want.file, shown
        assert (got.line, got.column) == (want.line, want.column), shown
        assert got.severity == want.severity, shown
        assert want.message in got.message, shown
        if want.hint is not None:
            assert got.hint is not None, shown
            assert want.hint in got.hint, shown


def test_a_broken_catalogue_does_not_load(tmp_path: Path) -> None:
    folder = _as_folder(BROKEN / "several-at-once", tmp_path)
    with pytest.raises(TreeError) as raised:
        load_catalogue(folder, today=TODAY)
    assert len(raised.value.diagnostics) == 5
    assert str(raised.value).count(": error: ") == 5


def test_the_committed_catalogue_has_no_errors() -> None:
    errors = [d for d in check_catalogue(MODELS_DIR) if d.severity == "error"]
    assert not errors, "\n".join(d.format() for d in errors)


def test_the_committed_catalogue_covers_every_job_with_three_models() -> None:
    catalogue = load_catalogue()
    assert len(catalogue) >= 80
    kinds = ("instruct", "reasoning", "coder", "base", "embedding", "reranker", "vlm", "ocr")
    kinds += ("image-generation", "speech-to-text", "text-to-speech", "guard")
    thin = {kind: len(catalogue.of_type(kind)) for kind in kinds}
    assert all(count >= 3 for count in thin.values()), thin


def test_every_committed_entry_is_sourced_and_dated() -> None:
    for model in load_catalogue():
        assert model.sources, model.id
        assert all(s.startswith("https://") for s in model.sources), model.id
        assert dt.date.fromisoformat(model.reviewed) <= dt.date.today(), model.id


def test_an_entry_not_reviewed_for_180_days_is_a_warning_only(tmp_path: Path) -> None:
    later = TODAY + dt.timedelta(days=400)
    found = check_catalogue(FIXTURE_MODELS, today=later)
    assert found
    assert {d.severity for d in found} == {"warning"}
    assert all("last reviewed" in d.message and "check it" in d.message for d in found)
    assert len(found) == 4  # one per fixture model
    load_catalogue(FIXTURE_MODELS, today=later)  # warnings do not stop loading


def test_a_superseded_model_still_recommended_is_a_warning() -> None:
    found = check_catalogue(FIXTURE_MODELS, today=TODAY, recommended={"windowed-4b": ["'o'"]})
    (warning,) = found
    assert warning.severity == "warning"
    assert "'windowed-4b' is superseded by 'dense-8b' but still recommended" in warning.message
    assert warning.line == 66  # the superseded_by line of the fixture


def test_a_tree_outcome_naming_an_unknown_model_is_an_error(tmp_path: Path) -> None:
    tree = (HERE / "golden" / "sample.yaml").read_text(encoding="utf-8")
    marker = "    resources:\n"
    first = tree.index(marker)
    broken = tree[:first] + "    models: [dense-8b, dense-9b]\n" + tree[first:]
    path = tmp_path / "tree.yaml"
    path.write_text(broken, encoding="utf-8")
    (found,) = check_file(path, docs_dir=FIXTURE_DOCS, models_dir=FIXTURE_MODELS)
    line = broken[: broken.index("dense-9b")].count("\n") + 1
    assert (found.line, found.column) == (line, broken.splitlines()[line - 1].index("dense-9b") + 1)
    assert "recommends model 'dense-9b', which is not in the catalogue" in found.message
    assert found.hint == "did you mean 'dense-8b'?"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decision_tree", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_models_check_prints_located_errors_and_exits_1(tmp_path: Path) -> None:
    folder = _as_folder(BROKEN / "several-at-once", tmp_path)
    result = run("models", "check", "--models-dir", str(folder))
    assert result.returncode == 1
    rows = [r for r in result.stderr.splitlines() if ": error: " in r]
    assert len(rows) == 5
    assert all(r.startswith(f"{folder / 'models.yaml'}:") for r in rows), rows
    assert "catalogue: 5 errors" in result.stderr
    assert "Traceback" not in result.stderr


def test_models_check_of_the_committed_catalogue_passes() -> None:
    result = run("models", "check")
    assert result.returncode == 0, result.stderr
    assert re.search(r"decision_tree/models: OK \(\d+ models, \d+ licences", result.stdout)


def test_models_check_of_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("models", "check", "--models-dir", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no such folder" in result.stderr
