"""How long ``make test`` takes on this machine (the target: under 3 minutes).

Runs ``make test`` in the working copy, whose virtualenv is already
installed, and times it; a fresh clone also spends the virtualenv's install
(about half a minute here) before the same steps. Lint, types, the strict
build and the HTML checker run first; the rest is pytest on two workers.
"""

from __future__ import annotations

import re
import subprocess
import time
from typing import Any

from common import REPO

TARGET_S = 180.0
_SUMMARY = re.compile(r"=+ (.*? in [\d.]+s.*?) =+\s*$", re.M)
_PYTEST_S = re.compile(r" in ([\d.]+)s")


def measure() -> dict[str, Any]:
    """Run ``make test`` once; return its wall time, exit status and pytest's summary."""
    started = time.perf_counter()
    done = subprocess.run(["make", "test"], cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    summaries = _SUMMARY.findall(done.stdout)
    summary = summaries[-1] if summaries else ""
    pytest_s = _PYTEST_S.search(summary)
    return {
        "seconds": seconds,
        "returncode": done.returncode,
        "summary": summary,
        "pytest_s": float(pytest_s.group(1)) if pytest_s else None,
        "tail": done.stdout[-1500:] if done.returncode else "",
    }
