"""The built site, for tests that inspect its files (no browser needed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The site_url the test build gets (canonical URLs, sitemap, Open Graph).
SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once with ``mkdocs build --strict`` into a temporary folder."""
    root = tmp_path_factory.mktemp("built-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stderr}", pytrace=False)
    return root


@pytest.fixture(scope="session")
def site_url() -> str:
    """The site_url the test build was made for."""
    return SITE_URL
