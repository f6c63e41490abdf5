"""Every built page shows the date its facts were last reviewed, from its front matter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitepages import front_matter, sources, url_path

SHOWN = re.compile(
    r'<aside class="md-source-file">.*?Last reviewed: <time datetime="([\d-]+)">([\d-]+)</time>',
    re.DOTALL,
)


@pytest.mark.parametrize("source", sources())
def test_built_page_shows_its_review_date(built_site: Path, source: str) -> None:
    html = (built_site / url_path(source) / "index.html").read_text(encoding="utf-8")
    found = SHOWN.findall(html)
    reviewed = str(front_matter(source).get("reviewed"))
    assert found == [(reviewed, reviewed)], f"{source}: expected one 'Last reviewed: {reviewed}'"


def test_a_page_without_a_review_date_shows_none(built_site: Path) -> None:
    # The 404 page has no front matter: nothing to show, and no empty date line.
    assert "Last reviewed" not in (built_site / "404.html").read_text(encoding="utf-8")
