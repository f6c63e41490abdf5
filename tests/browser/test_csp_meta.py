"""The page's own Content-Security-Policy meta tag holds where no header is sent.

GitHub Pages sends no CSP header, so overrides/main.html puts the policy in a
``<meta http-equiv>`` tag. These pages are served without the header (no
``?csp=1``): the meta must block an injected inline script and let the decision tree
and the site search (its worker) work. That every page has it, and breaks
none of it, test_every_page.py checks.
"""

from __future__ import annotations

import contextlib

from browsing import Problems, Reader, Site, full_search
from playwright.sync_api import Error, Page, expect

from decision_tree import Tree
from decision_tree.paths import iter_paths

META = 'meta[http-equiv="Content-Security-Policy"]'


def directives(policy: str) -> dict[str, list[str]]:
    """Return a policy as {directive: sources}."""
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def meta_policy(page: Page) -> dict[str, list[str]]:
    """The policy of the page's meta tag; there must be exactly one."""
    expect(page.locator(META)).to_have_count(1)
    content = page.locator(META).get_attribute("content")
    assert content, "the CSP meta tag has no content"
    return directives(content)


def forgive_blocked_inline(problems: Problems) -> list[str]:
    """Remove (and return) the console errors Chromium logs for the blocked script."""
    blocked = [e for e in problems.errors if "Content Security Policy" in e]
    problems.errors[:] = [e for e in problems.errors if e not in blocked]
    return blocked


def test_an_injected_inline_script_does_not_run(page: Page, site: Site, problems: Problems) -> None:
    page.goto(site.page_url("model-types/base-models/"))
    meta_policy(page)
    # Playwright may report the blocked script as an error; the checks below decide.
    with contextlib.suppress(Error):
        page.add_script_tag(content="window.__injected = true;")
    assert page.evaluate("window.__injected") is None, "the injected inline script ran"
    page.wait_for_function("window.__cspViolations.length > 0")
    violations = page.evaluate("window.__cspViolations")
    assert any(v.startswith("script-src") for v in violations), violations
    assert forgive_blocked_inline(problems), "Chromium logged no CSP refusal"


def test_the_tree_works_under_the_meta_policy(tree_page: Page, reader: Reader, tree: Tree) -> None:
    meta_policy(tree_page)
    path = next(iter_paths(tree))
    reader.answer(path.steps[0])
    if len(path.steps) > 1:
        reader.expect_question(path.steps[1].question)
    else:
        reader.expect_outcome(path.outcome)
    assert tree_page.evaluate("window.__cspViolations") == []


def test_the_search_works_under_the_meta_policy(page: Page, site: Site) -> None:
    full_search(page.context, site)
    page.goto(site.url)
    meta_policy(page)
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type("embedding")
    # The worker fetches and indexes the whole site first: slow on a busy machine.
    expect(page.locator(".md-search-result__item").first).to_be_attached(timeout=20_000)
    assert page.evaluate("window.__cspViolations") == []
