"""Shared paths and helpers for the engine's tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BROKEN = HERE / "broken"
GOLDEN = HERE / "golden"
FIXTURE_DOCS = HERE / "fixture_docs"
FIXTURE_MODELS = REPO / "tests" / "fixtures" / "models"
"""A small catalogue: one model of each attention kind, each kind of licence."""
FIXTURE_MODEL_IDS = ["dense-8b", "latent-moe", "windowed-4b", "listener"]

_EXPECTED = re.compile(r"^(\d+):(\d+): error: (.+)$")
_HINT = re.compile(r"^\s+hint: (.+)$")


@dataclass
class Expected:
    """One diagnostic a broken file must produce: exact place, message fragment."""

    line: int
    column: int
    message: str
    hint: str | None = None


def read_expected(path: Path) -> list[Expected]:
    """Parse a ``NAME.expected`` file: ``LINE:COL: error: fragment`` (+ ``  hint: fragment``)."""
    found: list[Expected] = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if match := _EXPECTED.match(row):
            found.append(Expected(int(match[1]), int(match[2]), match[3]))
        elif match := _HINT.match(row):
            found[-1].hint = match[1]
        elif row.strip():
            raise ValueError(f"{path.name}: cannot read the line {row!r}")
    return found


@pytest.fixture
def fixture_docs() -> Path:
    return FIXTURE_DOCS
