"""sitemap.xml lists every page, robots.txt points crawlers at it, the 404 page works anywhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from sitepages import mkdocs_yml, read_page, sources, url_path

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_every_page_once(built_site: Path, site_url: str) -> None:
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locs = [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]
    assert sorted(locs) == sorted(site_url + url_path(s) for s in sources())
    assert len(locs) == len(set(locs))


def test_robots_txt_allows_crawling_and_names_the_published_sitemap(built_site: Path) -> None:
    lines = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    fields = [tuple(part.strip() for part in line.split(":", 1)) for line in lines if ":" in line]
    sitemaps = [value for name, value in fields if name.lower() == "sitemap"]
    assert sitemaps == [mkdocs_yml()["site_url"] + "sitemap.xml"]
    assert ("Disallow", "/") not in fields


def test_404_page_links_resolve_from_any_depth(built_site: Path) -> None:
    # The host serves 404.html at whatever address was missing, e.g. /no/such/page/:
    # a relative link would resolve against that address and miss.
    head = read_page(built_site / "404.html")
    relative = [h for h in head.links if not h.startswith(("/", "http://", "https://", "#"))]
    assert head.links, "the 404 page has no links"
    assert not relative, f"links on the 404 page that break below the site root: {relative}"
