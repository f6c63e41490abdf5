"""Browser tests: serve the test run's strict build, drive Debian's Chromium.

The site is built once per run (tests/conftest.py); each pytest-xdist worker
serves it on a port of its own (see :class:`_Handler` for the one file that
depends on the address).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CSP,
    FULL_SEARCH_COOKIE,
    Problems,
    Reader,
    Site,
    page_tree,
    watch,
)
from playwright.sync_api import Browser, BrowserContext, Page, expect

from decision_tree import Tree

# A busy machine (two workers, each with its own Chromium) can be slow to repaint.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test, and run them first.

    Browser tests are the long ones: started first, they leave the many short
    tests to even out the two workers' ends (pytest-xdist's work stealing).
    """
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch the system Chromium (Playwright cannot download its own here)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make browser` (installs Debian's "
            "chromium) or set CHROMIUM=/path/to/chromium",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Use a desktop-sized window unless a test asks otherwise."""
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


#: The built files that hold the site's own address, with their content types.
ADDRESSED = {"sitemap.xml": "application/xml", "404.html": "text/html; charset=utf-8"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; adds a strict CSP header when the query has csp=1.

    The build was made for the address *built_for* (its site_url), and each
    test worker serves it on a port of its own. Material's instant navigation
    takes over a click only on a link that its list of the site's pages, read
    from ``sitemap.xml``, contains, and it corrects that list's scheme and host
    to the page's but keeps the port; the 404 page links to the site by its
    full address, since it is served at any missing address. So those two
    files (:data:`ADDRESSED`) are served with the address they are served on in
    place of *built_for*, as a build for that address would have them; every
    other file is sent as built (other pages name the address only in their
    canonical and Open Graph links, which nothing follows).

    Material's search worker fetches the whole search index on every page load
    and builds it in the page's worker thread: seconds of CPU over the suite
    on two cores, for the handful of tests that search. Without the cookie
    :data:`FULL_SEARCH_COOKIE`, the index served has the site's real search
    configuration and no documents; the worker still loads it, so requests
    and errors are checked as before.
    """

    def __init__(self, *args: Any, built_for: str, **kwargs: Any) -> None:
        self.built_for = built_for
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        """Serve a file, one of :data:`ADDRESSED` for this address, or the empty search index."""
        path = urlsplit(self.path).path
        name = path.lstrip("/")
        if path.endswith("/search/search_index.json") and (
            f"{FULL_SEARCH_COOKIE}=1" not in (self.headers.get("Cookie") or "")
        ):
            index = Path(self.directory) / "search" / "search_index.json"
            config = json.loads(index.read_text(encoding="utf-8"))["config"]
            self._send(json.dumps({"config": config, "docs": []}).encode(), "application/json")
            return
        if name in ADDRESSED:
            self._send(self._addressed(name), ADDRESSED[name])
            return
        # The page may move on (a navigation, a closed context) before the file is sent.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().do_GET()

    def _addressed(self, name: str) -> bytes:
        """The file *name* of :data:`ADDRESSED` as a build for this address would have it."""
        text = (Path(self.directory) / name).read_text(encoding="utf-8")
        return text.replace(self.built_for, f"http://{self.headers.get('Host')}/").encode()

    def _send(self, body: bytes, content_type: str, code: int = HTTPStatus.OK) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        if "csp=1" in urlsplit(self.path).query:
            self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing address with the site's 404.html, as GitHub Pages does."""
        if code != HTTPStatus.NOT_FOUND or not (Path(self.directory) / "404.html").is_file():
            super().send_error(code, message, explain)
            return
        self._send(self._addressed("404.html"), ADDRESSED["404.html"], code)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site(built_site: Path, site_url: str) -> Iterator[Site]:
    """Serve the test run's strict build (tests/conftest.py) until the session ends."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(built_site), built_for=site_url)
    )
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(url, built_site)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def tree() -> Tree:
    """The committed tree the decision-tree page shows."""
    return page_tree()


@pytest.fixture
def problems() -> Problems:
    """Console errors, page errors, CSP violations and stray requests of one test."""
    return Problems()


def _assert_no_problems(problems: Problems) -> None:
    assert not problems.errors, "errors in the browser:\n" + "\n".join(problems.errors)
    assert not problems.third_party, "requests left the site:\n" + "\n".join(problems.third_party)


@pytest.fixture
def context(context: BrowserContext, problems: Problems) -> Iterator[BrowserContext]:
    """Pytest-playwright's context, watched: the test fails if anything went wrong."""
    watch(context, problems)
    yield context
    _assert_no_problems(problems)


@dataclass
class _Shared:
    """One browser context that the tests of a worker take turns on (see :func:`page`)."""

    context: BrowserContext
    keeper: Page
    problems: Problems


@pytest.fixture(scope="session")
def _shared(
    browser: Browser, browser_context_args: dict[str, Any], site: Site
) -> Iterator[_Shared]:
    """A watched context with one page kept open on the site (a plain text file)."""
    context = browser.new_context(**browser_context_args)
    shared = _Shared(context, context.new_page(), Problems())
    watch(context, lambda: shared.problems)
    shared.keeper.goto(site.url + "robots.txt")
    yield shared
    context.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, _shared: _Shared, problems: Problems) -> Iterator[Page]:
    """A new page for the test, in the worker's shared context unless the test has its own.

    A fresh browser context for every test started a renderer process and
    compiled Material's bundle and the widget anew each time: about twice the
    CPU of a page load in a context whose process is kept alive. So a test
    that asks for a page alone gets a new page (its own session storage, its
    own history) in a context shared with the worker's other tests, which is
    left as it was found: the page closed, the site's local storage (Material's
    colour scheme) and cookies (:func:`browsing.full_search`) cleared. The
    context is watched like any other: the test fails on an error or a request
    that left the site. A test that asks for ``context`` (to change the
    context itself, such as its permissions) gets its page in that one.
    """
    if "context" in request.fixturenames:
        own: BrowserContext = request.getfixturevalue("context")
        yield own.new_page()
        return
    _shared.problems = problems
    page = _shared.context.new_page()
    yield page
    page.close()
    _shared.keeper.evaluate("localStorage.clear()")
    _shared.context.clear_cookies()
    _shared.problems = Problems()
    _assert_no_problems(problems)


@pytest.fixture
def tree_page(page: Page, site: Site) -> Page:
    """The decision-tree page, opened at its first question."""
    page.goto(site.page_url())
    page.locator(".dt[data-dt-mounted]").wait_for()
    return page


@pytest.fixture
def reader(tree_page: Page, tree: Tree) -> Reader:
    """A reader at the first question of the tree page."""
    return Reader(tree_page, tree)
