"""What the benchmarks ran on: CPU, cores, memory, OS and tool versions (no paths)."""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import time
from importlib.metadata import version
from pathlib import Path

from common import CHROMIUM


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def _cpu_model() -> str:
    found = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.M)
    return found.group(1).strip() if found else platform.processor() or platform.machine()


def _memory() -> str:
    found = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    return f"{int(found.group(1)) / 1024 / 1024:.1f} GiB" if found else "unknown"


def _os() -> str:
    found = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', _read("/etc/os-release"), re.M)
    name = found.group(1) if found else platform.system()
    return f"{name}, kernel {platform.release()}"


def _command_version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    found = re.search(r"\d+(\.\d+)+", done.stdout)
    return found.group(0) if found else "unknown"


def load() -> str:
    """Return the 1, 5 and 15 minute load averages (other work on the machine skews timings)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


REFERENCE_LOOP = 2_000_000
"""Additions in :func:`cpu_reference_ms`'s loop."""


def cpu_reference_ms(runs: int = 5) -> float:
    """Return the median time, in ms, of the same single-threaded Python loop.

    The load average only counts work this machine can see. A virtual machine
    can also be slowed by its host, and then every timing in the run grows
    while the load stays low. Timing the same loop in every run shows that:
    if the figure doubles between two runs, the CPU gave half the speed.
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        total = 0
        for number in range(REFERENCE_LOOP):
            total += number
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def describe() -> dict[str, str]:
    """Return the machine and tool versions as label -> value."""
    return {
        "CPU": _cpu_model(),
        "Cores": str(os.cpu_count()),
        "Memory": _memory(),
        "OS": _os(),
        "Python": platform.python_version(),
        "MkDocs": version("mkdocs"),
        "Material for MkDocs": version("mkdocs-material"),
        "Chromium": _command_version([CHROMIUM, "--version"]),
        "Node.js": _command_version(["node", "--version"]),
        "Playwright (Python)": version("playwright"),
    }
