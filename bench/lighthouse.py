"""Lighthouse scores (performance, accessibility, best practices, SEO) of a served site.

Runs the npm ``lighthouse`` pinned in bench/package.json against Debian's
Chromium, mobile and desktop presets, and keeps each JSON report in bench/out/.
Requests to api.github.com (Material's repository widget asks it for star
counts when the theme's source component is on) are blocked, as the bench
machine may be offline; Lighthouse ignores errors of requests it blocked
itself. Nothing else is changed from Lighthouse's defaults.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from common import BENCH, CHROMIUM, CHROMIUM_ARGS, OUT

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BLOCKED = ("https://api.github.com/*",)
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


@dataclass
class Report:
    """The scores of one page under one preset, and every audit that kept one below 100."""

    page: str
    preset: str
    scores: dict[str, int]
    metrics: dict[str, str]
    failing: list[str] = field(default_factory=list)
    long_tasks: list[str] = field(default_factory=list)
    """Main-thread tasks over 50 ms (after Lighthouse's CPU slowdown), with their script."""
    lighthouse_version: str = ""


def version() -> str:
    """Return the installed Lighthouse version."""
    done = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def run(url: str, label: str, preset: str) -> Report:
    """Audit *url* with the mobile or desktop *preset*; *label* names the saved report."""
    OUT.mkdir(exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    target = OUT / f"lighthouse-{slug}-{preset}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={target}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
        *(f"--blocked-url-patterns={pattern}" for pattern in BLOCKED),
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not target.is_file():
        raise SystemExit(f"lighthouse failed on {url} ({preset}):\n{done.stderr[-2000:]}")
    return _read(Path(target), label, preset)


def _read(path: Path, page: str, preset: str) -> Report:
    result = json.loads(path.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise SystemExit(f"lighthouse: {result['runtimeError']}")
    categories = result["categories"]
    audits = result["audits"]
    report = Report(
        page=page,
        preset=preset,
        scores={name: round(categories[name]["score"] * 100) for name in CATEGORIES},
        metrics={name: audits[name].get("displayValue", "") for name in METRICS},
        lighthouse_version=result.get("lighthouseVersion", ""),
    )
    page_url = result.get("finalDisplayedUrl") or result.get("requestedUrl")
    for task in audits.get("long-tasks", {}).get("details", {}).get("items", []):
        url = str(task.get("url", ""))
        # Tasks of the document itself are parsing, style and layout of the page.
        where = "the page's HTML" if url == page_url else url.rsplit("/", 1)[-1] or url
        report.long_tasks.append(f"{where} {task.get('duration', 0):.0f} ms")
    for name in CATEGORIES:
        for ref in categories[name]["auditRefs"]:
            audit = audits[ref["id"]]
            score = audit.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                shown = audit.get("displayValue") or f"score {score:.2f}"
                report.failing.append(f"{name}: {audit['title']} ({shown})")
    return report
