"""How long ``make test`` takes on a fresh clone on this machine (the target: under 3 minutes).

Clones the repository's committed HEAD into a temporary folder, as CI and a
newcomer start, and times ``make test`` there: the virtualenv's install
(``make install``, from the package caches of this machine), then lint, types,
the strict build and the test tools side by side, then pytest on two workers.
Uncommitted changes in the working copy are not in the clone. The install is
also timed on its own, as the first step of the same run.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from common import REPO

TARGET_S = 180.0
_SUMMARY = re.compile(r"=+ (.*? in [\d.]+s.*?) =+\s*$", re.M)
_PYTEST_S = re.compile(r" in ([\d.]+)s")
# What an enclosing `make bench` would pass down: the clone's make starts as a reader's does.
_MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV")


def _timed(
    command: list[str], cwd: Path, env: dict[str, str]
) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done


def measure() -> dict[str, Any]:
    """Clone HEAD, run ``make install`` then ``make test`` there; return the times and summary."""
    env = {k: v for k, v in os.environ.items() if k not in _MAKE_VARIABLES}
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="bench-make-test-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        install_s, installed = _timed(["make", "install"], clone, env)
        test_s, done = _timed(["make", "test"], clone, env)
    if installed.returncode:
        done = installed
    summaries = _SUMMARY.findall(done.stdout)
    summary = summaries[-1] if summaries else ""
    pytest_s = _PYTEST_S.search(summary)
    return {
        "commit": commit,
        "seconds": install_s + test_s,
        "install_s": install_s,
        "returncode": done.returncode,
        "summary": summary,
        "pytest_s": float(pytest_s.group(1)) if pytest_s else None,
        "tail": (done.stdout + done.stderr)[-1500:] if done.returncode else "",
    }
