"""The 404 page helps a reader who followed a broken link, even deep below the site root.

The host answers any missing address with 404.html (GitHub Pages does; so
does the test server). Served at /no/such/page/, the page must still load its
styles and scripts and every link on it must lead somewhere real.
robots.txt and sitemap.xml are served next to it.
"""

from __future__ import annotations

import re

from browsing import Site
from playwright.sync_api import Browser, Response, expect

MISSING = "no/such/page/"


def test_404_page_at_a_nested_address_works(browser: Browser, site: Site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    failed: list[str] = []

    def check(response: Response) -> None:
        if response.status >= 400 and response.url != site.url + MISSING:
            failed.append(f"{response.status} {response.url}")

    context.on("response", check)
    page = context.new_page()
    response = page.goto(site.url + MISSING)
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    # Material's script ran (it marks the root element), so the assets resolved.
    expect(page.locator("html")).to_have_class(re.compile(r"(^|\s)js(\s|$)"))

    # Where each link really goes from this address (the browser resolves it).
    hrefs = page.locator(".md-content a[href]").evaluate_all("els => els.map(e => e.href)")
    internal = [h for h in hrefs if h.startswith(site.url)]
    assert len(internal) >= 3, hrefs
    broken = [h for h in internal if page.request.get(h).status != 200]
    assert not broken, f"links on the 404 page that lead nowhere: {broken}"

    page.get_by_role("link", name="Find your model with the decision tree").click()
    page.locator(".dt[data-dt-mounted]").wait_for()
    assert page.url == site.page_url("decision-tree/")
    context.close()
    assert not failed, "requests that failed:\n" + "\n".join(failed)


def test_robots_txt_and_sitemap_are_served(browser: Browser, site: Site) -> None:
    context = browser.new_context()
    robots = context.request.get(site.url + "robots.txt")
    assert robots.status == 200
    assert robots.headers["content-type"].startswith("text/plain")
    assert "Sitemap: " in robots.text()
    sitemap = context.request.get(site.url + "sitemap.xml")
    assert sitemap.status == 200
    assert f"<loc>{site.url}</loc>" in sitemap.text()
    context.close()
