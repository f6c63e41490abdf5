"""The site as ``mkdocs build --strict`` builds it, once per test run.

The tests under tests/built_site/ read its files; the browser tests serve the
same folder (tests/browser/conftest.py). The fixture lives at the root of the
repository, the nearest folder above both whose conftest.py does not put
tests/ on the import path (where tests/decision_tree/ would hide the package).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parent
# The site_url the test build gets (canonical URLs, sitemap, Open Graph).
SITE_URL = "http://127.0.0.1:8000/"


#: once_per_run's value: (folder name, a function that fills the folder) -> the folder.
OncePerRun = Callable[[str, Callable[[Path], object]], Path]


@pytest.fixture(scope="session")
def once_per_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> OncePerRun:
    """Return a function that makes a folder once per test run, for every worker to read.

    Once per run, not once per pytest-xdist worker: the first worker to ask for
    the folder *name* fills it with *make* under a file lock, the others read
    the same folder. A marker written after *make* returns tells them it is
    complete: after a failed attempt, the next worker starts again from an
    empty folder.
    """

    def made(name: str, make: Callable[[Path], object]) -> Path:
        if worker_id == "master":  # no xdist: this process is the only one
            root = tmp_path_factory.mktemp(name)
            make(root)
            return root
        shared = tmp_path_factory.getbasetemp().parent / name
        done = shared.with_name(f"{name}.done")
        with FileLock(f"{shared}.lock"):
            if not done.is_file():
                shutil.rmtree(shared, ignore_errors=True)
                shared.mkdir()
                make(shared)
                done.touch()
        return shared

    return made


@pytest.fixture(scope="session")
def built_site(once_per_run: OncePerRun) -> Path:
    """Build the site once per run with ``mkdocs build --strict`` into a temporary folder."""
    return once_per_run("built-site", _build)


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
