"""The guide's prose is its own: no passage repeats the seed page's wording."""

from __future__ import annotations

import subprocess
import sys

import pytest
from docs_content import REPO

TOOL = REPO.parent / "shared" / "tools" / "seed-overlap"


def test_no_passage_repeats_the_seed() -> None:
    if not TOOL.exists():
        pytest.skip(f"shared/ is missing: {TOOL.name} not found beside the repository")
    result = subprocess.run(
        [sys.executable, str(TOOL)], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.stdout == "", "rewrite these passages in your own words:\n" + result.stdout
    assert result.returncode == 0, result.stderr
