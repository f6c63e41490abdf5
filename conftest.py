"""The site as ``mkdocs build --strict`` builds it, once per test run.

The tests under tests/built_site/ read its files; the browser tests serve the
same folder (tests/browser/conftest.py). The fixture lives at the root of the
repository, the nearest folder above both whose conftest.py does not put
tests/ on the import path (where tests/decision_tree/ would hide the package).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parent
# The site_url the test build gets (canonical URLs, sitemap, Open Graph).
SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Build the site once with ``mkdocs build --strict`` into a temporary folder.

    Once per run, not once per pytest-xdist worker: the first worker to need it
    builds it under a file lock, the others read the same folder.
    """
    if worker_id == "master":  # no xdist: this process is the only one
        return _build(tmp_path_factory.mktemp("built-site"))
    shared = tmp_path_factory.getbasetemp().parent / "built-site"
    # Written once the build is complete: after a failed build, the next worker tries again.
    done = shared.with_name("built-site.done")
    with FileLock(f"{shared}.lock"):
        if not done.is_file():
            _build(shared)
            done.touch()
    return shared


def _build(root: Path) -> Path:
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
    """Return the site_url the test build was made for."""
    return SITE_URL
