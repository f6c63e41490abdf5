"""Helpers shared by the benchmarks: paths, site builds, statistics, gzip sizes."""

from __future__ import annotations

import gzip
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
"""Raw reports (Lighthouse JSON, results.json); gitignored."""

GZIP_LEVEL = 6
"""zlib's default level, what most static hosts and CDNs use."""

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


def gzip_size(data: bytes) -> int:
    """Return the size of *data* once gzipped at :data:`GZIP_LEVEL`."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def median(values: list[float]) -> float:
    """Return the median of *values*."""
    return statistics.median(values)


def free_port() -> int:
    """Return a TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Build:
    """One ``mkdocs build``: the command's wall time and MkDocs' own figure."""

    wall: float
    reported: float


def build_site(
    site_dir: Path, site_url: str, config: Path | None = None, *, strict: bool = True
) -> Build:
    """Run ``mkdocs build`` into *site_dir* with ``SITE_URL`` set to *site_url*."""
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    if config is not None:
        command += ["--config-file", str(config)]
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{done.stderr}")
    found = _BUILT_IN.search(done.stderr)
    return Build(wall, float(found.group(1)) if found else float("nan"))


def kib(size: float) -> str:
    """Format a byte count in KiB with one decimal."""
    return f"{size / 1024:.1f}"
