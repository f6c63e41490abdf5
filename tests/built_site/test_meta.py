"""Every built page carries link-preview meta and a canonical URL that match its front matter.

Chat apps and social sites show a page's Open Graph / Twitter card title and
description when someone shares a link; search engines use the canonical URL.
The expected values come from the Markdown sources and mkdocs.yml, the built
HTML is read with the standard library's parser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitepages import front_matter, mkdocs_yml, nav_titles, read_page, sources, url_path

CONFIG = mkdocs_yml()
SITE_NAME = CONFIG["site_name"]
SITE_DESCRIPTION = CONFIG["site_description"]


def expected_title(source: str) -> str:
    """The title a preview shows: front matter title, else the nav title; the site's at home."""
    meta = front_matter(source)
    if meta.get("title"):
        return str(meta["title"])
    if url_path(source) == "":
        return SITE_NAME
    return nav_titles()[source]


def expected_description(source: str) -> str:
    return str(front_matter(source).get("description") or SITE_DESCRIPTION)


def test_every_page_has_a_description_in_its_front_matter() -> None:
    missing = [s for s in sources() if not front_matter(s).get("description")]
    assert not missing, f"pages that would share the site's generic description: {missing}"


def test_every_source_page_is_built_and_nothing_else(built_site: Path) -> None:
    built = sorted(
        p.relative_to(built_site).parent.as_posix().removeprefix(".")
        for p in built_site.rglob("index.html")
    )
    expected = sorted(url_path(s).rstrip("/") for s in sources())
    assert built == expected


@pytest.mark.parametrize("source", sources())
def test_page_meta_matches_its_front_matter(built_site: Path, site_url: str, source: str) -> None:
    head = read_page(built_site / url_path(source) / "index.html")
    url = site_url + url_path(source)
    title, description = expected_title(source), expected_description(source)
    expected = {
        "description": [description],
        "og:type": ["website" if url_path(source) == "" else "article"],
        "og:site_name": [SITE_NAME],
        "og:title": [title],
        "og:description": [description],
        "og:url": [url],
        "twitter:card": ["summary"],
        "twitter:title": [title],
        "twitter:description": [description],
    }
    found = {key: head.meta.get(key, []) for key in expected}
    assert found == expected
    assert head.canonical == [url]


def test_404_page_falls_back_to_the_site_title_and_description(built_site: Path) -> None:
    head = read_page(built_site / "404.html")
    assert head.meta.get("og:title") == [SITE_NAME]
    assert head.meta.get("og:description") == [SITE_DESCRIPTION]
    assert head.meta.get("twitter:description") == [SITE_DESCRIPTION]
    assert head.meta.get("twitter:card") == ["summary"]
    # A missing page has no address of its own to share.
    assert "og:url" not in head.meta
    assert head.canonical == []
