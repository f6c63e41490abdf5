"""No request leaves the site: every page, instant navigation, the search, the 404 page.

A reader's browser should only ever talk to the host that serves the guide:
no web fonts, no GitHub API for repository stars, no analytics. One browser
context records every request while a reader walks the whole guide with the
footer's "Next" link (instant navigation), opens the search (its worker and
index) and lands on a missing page. data: and blob: addresses stay in the
browser and are allowed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from browsing import Site, full_search, wait_for_instant_navigation
from playwright.sync_api import Browser, Page, Request, expect

MISSING = "no/such/page/"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def built_pages(site: Site) -> list[str]:
    """Every page address of the build."""
    folders = (p.relative_to(site.root).parent.as_posix() for p in site.root.rglob("index.html"))
    return sorted(site.url + ("" if f == "." else f + "/") for f in folders)


def normal(url: str) -> str:
    """*url* without its fragment."""
    return url.split("#")[0]


def walk_with_next(page: Page) -> list[str]:
    """Follow the footer's Next link to the last page; return the addresses seen."""
    seen = [normal(page.url)]
    following = page.locator("a.md-footer__link--next")
    while following.count():
        target = following.evaluate("a => a.href")
        following.click()
        page.wait_for_url(lambda url, target=target: normal(url) == target)
        # The URL changes before the content does: wait until the new footer's
        # Previous link points back to where we came from.
        page.wait_for_function(
            "url => document.querySelector('a.md-footer__link--prev')?.href === url",
            arg=seen[-1],
        )
        seen.append(normal(page.url))
    return seen


def test_no_request_leaves_the_site(browser: Browser, site: Site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    context.on("request", record)
    full_search(context, site)
    # Nothing may actually leave this machine while we look.
    context.route(lambda url: origin(url) != origin(site.url), lambda route: route.abort())
    page = context.new_page()

    page.goto(site.url)
    page.evaluate("window.__sameDocument = true")
    wait_for_instant_navigation(page)
    seen = walk_with_next(page)
    assert sorted(seen) == built_pages(site), "the Next links skip or repeat pages"
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the page"

    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type("embedding")
    # The worker fetches and indexes the whole site, then answers: slow on a busy machine.
    # Results in the list are what matters here (the requests were made), not the overlay.
    expect(page.locator(".md-search-result__item").first).to_be_attached(timeout=20_000)

    page.goto(site.url + MISSING)
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    context.close()

    assert any(u.endswith("/search/search_index.json") for u in requested), (
        "the search index request was not seen: the recorder misses worker requests"
    )
    foreign = sorted(
        {u for u in requested if not u.startswith(("data:", "blob:"))}
        - {u for u in requested if origin(u) == origin(site.url)}
    )
    assert not foreign, "requests that left the site:\n" + "\n".join(foreign)
