"""Every built HTML page is valid HTML, as the Nu HTML Checker (vnu.jar) reads it.

One Java process checks all pages (``--errors-only --format json``); every
error is reported as ``file:line: message``. Material's own templates produced
errors (``tabindex=""`` on section labels, ``autocomplete`` on checkboxes):
hooks/theme_html.py and overrides/partials/nav-item.html fix them.

vnu.jar comes from the npm package vnu-jar pinned in tests/tools/ and runs on
the system's Java; ``make test-tools`` (part of ``make test``) installs both. Without
them the test fails and says so: it is never skipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VNU_JAR = REPO / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = os.environ.get("JAVA", "java")
INSTALL = (
    "run `make test-tools` (npm ci in tests/tools/, and Debian's default-jre-headless as root)"
)


def html_checker() -> list[str]:
    """The command that runs vnu.jar; fails the test when Java or the jar is missing."""
    java = shutil.which(JAVA)
    if java is None:
        pytest.fail(f"Java is missing ({JAVA!r} is not on PATH): {INSTALL}", pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"vnu.jar is missing at tests/tools/: {INSTALL}", pytrace=False)
    return [java, "-jar", str(VNU_JAR)]


def test_every_page_is_valid_html(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 2, pages
    done = subprocess.run(
        [*html_checker(), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    # vnu writes its report to stderr; exit 1 means errors were found.
    try:
        messages = json.loads(done.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no report (exit {done.returncode}):\n{done.stderr}")
    errors = [
        f"{where(m, built_site)}: {m.get('message', '')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
    assert done.returncode == 0, done.stderr


def where(message: dict[str, object], root: Path) -> str:
    """``page:line`` of one vnu message, the page relative to the site."""
    url = str(message.get("url", ""))
    path = url.removeprefix("file:")
    with contextlib.suppress(ValueError):
        path = Path(path).resolve().relative_to(root.resolve()).as_posix()
    line = message.get("lastLine") or message.get("firstLine")
    return f"{path}:{line}" if line else path
