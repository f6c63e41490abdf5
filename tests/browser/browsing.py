"""Helpers for the browser tests: the served site, what went wrong, a reader walking the tree."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Route, expect

from decision_tree import Tree, find_trees, load_tree
from decision_tree.model import Option
from decision_tree.paths import Step, TreePath, iter_paths

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # One renderer process for every page of a worker's browser (all pages are one site):
    # a new page reuses the warm process, where it started one of its own (about 5 % of
    # the browser tests' time). Readers' browsers are not like this; the bench keeps the default.
    "--renderer-process-limit=1",
]
CSP = "script-src 'self'"
# Nothing may leave the site (overrides/partials/source.html stops Material's GitHub stars fetch).
ALLOWED_THIRD_PARTY: set[str] = set()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The rules whose result depends on the colours alone: all a second colour scheme
# can change on the same markup (the dark runs check these only).
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# axe-core from npm, pinned in tests/tools/ (``make test-tools`` installs it with the HTML checker).
AXE_SCRIPT = REPO / "tests" / "tools" / "node_modules" / "axe-core" / "axe.min.js"


REVEAL_SKIPPED = "* { content-visibility: visible !important; }"


@functools.cache
def axe_script() -> str:
    """axe-core's script; fails the test (never skips it) when it is not installed."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(
            "axe-core is missing at tests/tools/: run `make test-tools` (npm ci in tests/tools/)",
            pytrace=False,
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_run(page: Page, options: dict[str, Any], include: str | None = None) -> dict[str, Any]:
    """Run axe-core on *page* (or the elements *include* selects) and return its results."""
    context = {"include": [[include]]} if include else None
    # axe-core once per document (half a megabyte of script), however many runs; and
    # every section the page skips until it nears the viewport (content-visibility,
    # in site.css) drawn, since axe-core cannot measure colours and sizes in skipped
    # content. Once drawn, such a section looks exactly as it would on screen.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_style_tag(content=REVEAL_SKIPPED)
        page.evaluate(axe_script())
    result: dict[str, Any] = page.evaluate(
        "([c, o]) => axe.run(c || document, o)", [context, options]
    )
    return result


def axe_violations(
    page: Page, where: str, *, rules: list[str] | None = None, include: str | None = None
) -> list[str]:
    """Return one line per element axe-core flags on *page* (WCAG 2.2 A/AA).

    *rules* runs only those rules (else every rule of :data:`AXE_TAGS`);
    *include* limits the check to the elements a CSS selector matches. Only
    violations get node details: axe skips that work for passes.
    """
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    response = axe_run(page, {"runOnly": run_only, "resultTypes": ["violations"]}, include)
    return [
        f"{where}: {item['id']} ({item['impact']}): {item['help']} at "
        f"{' '.join(map(str, node['target']))}{_axe_detail(node)}"
        for item in response["violations"]
        for node in item["nodes"]
    ]


def _axe_detail(node: dict[str, Any]) -> str:
    """What axe measured, e.g. the contrast ratio and colours it found."""
    messages = [check["message"] for check in node.get("any", []) if check.get("message")]
    return f" ({messages[0]})" if messages else ""


@dataclass
class Site:
    """The built site and the address it is served on."""

    url: str
    root: Path

    def page_url(self, path: str = "decision-tree/", fragment: str = "") -> str:
        """Return the address of *path* with an optional #fragment."""
        return self.url + path + (f"#{fragment}" if fragment else "")


#: The cookie that gets a test the real search index from the test server (conftest.py).
FULL_SEARCH_COOKIE = "dt-full-search"


def full_search(context: BrowserContext, site: Site) -> None:
    """Have pages of *context* load the site's real search index (for tests that search)."""
    context.add_cookies([{"name": FULL_SEARCH_COOKIE, "value": "1", "url": site.url}])


# Material's instant navigation takes over a click only once it has read the site's
# sitemap.xml (its list of the pages it may load in place): a click before that is an
# ordinary full load. Wait for the sitemap's response, then for the tasks that parse it.
_SITEMAP_FETCHED = (
    "() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/sitemap.xml'))"
)
_NEXT_TASKS = """async () => {
  for (let i = 0; i < 3; i++) await new Promise(resolve => setTimeout(resolve, 0));
}"""


def wait_for_instant_navigation(page: Page) -> None:
    """Wait until a click on a link of the site is loaded in place (instant navigation)."""
    page.wait_for_function(_SITEMAP_FETCHED)
    page.evaluate(_NEXT_TASKS)


@dataclass
class Problems:
    """What went wrong in the browser during one test."""

    errors: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)


def watch(context: BrowserContext, problems: Problems | Callable[[], Problems]) -> None:
    """Record *context*'s console errors, page errors and stray requests into *problems*.

    *problems* may also be a function that returns the record to write to, for a
    context that several tests share one after another (conftest.py).
    """
    current = problems if callable(problems) else lambda: problems

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            current().errors.append(f"console: {message.text}")

    def on_route(route: Route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in ALLOWED_THIRD_PARTY:
            route.fulfill(status=200, content_type="application/json", body="{}")
            return
        current().third_party.append(route.request.url)
        route.abort()

    context.on("console", on_console)
    context.on("weberror", lambda error: current().errors.append(f"page: {error.error}"))
    context.route(lambda url: not url.startswith("http://127.0.0.1:"), on_route)
    # CSP violations are recorded in the page; tests read them back.
    context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )


# -----------------------------------------------------------------------------
# The tree on the page, and walking it like a reader
# -----------------------------------------------------------------------------

MARKER = re.compile(r"<!--\s*decision-tree:\s*(\S+)\s*-->")


def page_tree() -> Tree:
    """Return the tree that docs/decision-tree.md shows (found by its marker)."""
    match = MARKER.search((REPO / "docs" / "decision-tree.md").read_text(encoding="utf-8"))
    assert match, "docs/decision-tree.md has no decision-tree marker"
    for path in find_trees():
        tree = load_tree(path, docs_dir=REPO / "docs")
        if tree.id == match[1]:
            return tree
    raise AssertionError(f"no tree with id {match[1]!r}")


def fragment(tree: Tree, steps: Iterable[Step]) -> str:
    """Return the URL fragment (without #) the widget uses for *steps*."""
    parts = [f"{step.question}={'+'.join(step.options)}" for step in steps]
    return f"{tree.id}:{'/'.join(parts)}" if parts else ""


PREVIOUS_ANSWER = "Your previous answer"


def option_name(option: Option, *, previous: bool = False) -> str:
    """The accessible name of a single-choice answer's button: all its visible text.

    The label, then the hint, then (on the answer given before) the words that
    mark it as the previous answer.
    """
    words = [option.label, option.hint, PREVIOUS_ANSWER if previous else None]
    return " ".join(w for w in words if w)


class Reader:
    """Drives the step-by-step widget with the mouse, as a reader would."""

    def __init__(self, page: Page, tree: Tree) -> None:
        self.page = page
        self.tree = tree
        self.heading = page.locator(".dt-stage .dt-heading")
        self.live = page.locator(".dt-app > [aria-live=polite]")
        self.notice = page.locator(".dt-notice")

    def answer(self, step: Step) -> None:
        """Answer one question; the next heading must take focus."""
        question = self.tree.questions[step.question]
        expect(self.heading).to_have_text(question.text)
        if question.multiple:
            for option in question.options:
                box = self.page.get_by_role("checkbox", name=option.label, exact=True)
                box.set_checked(option.key in step.options)
            self.page.get_by_role("button", name="Continue", exact=True).click()
        else:
            (option,) = (o for o in question.options if o.key in step.options)
            # Either as first asked, or marked as the answer given before.
            names = (option_name(option), option_name(option, previous=True))
            name = re.compile("^(" + "|".join(map(re.escape, names)) + ")$")
            self.page.get_by_role("button", name=name).click()
        expect(self.heading).to_be_focused()

    def walk(self, steps: Iterable[Step]) -> None:
        """Answer *steps* in order."""
        for step in steps:
            self.answer(step)

    def expect_question(self, question_id: str) -> None:
        """Assert the widget shows question *question_id*."""
        expect(self.heading).to_have_text(self.tree.questions[question_id].text)

    def expect_outcome(self, outcome_id: str) -> None:
        """Assert the widget shows the result *outcome_id*."""
        expect(self.page.locator(".dt-screen--result .dt-heading")).to_have_text(
            self.tree.outcomes[outcome_id].title
        )


def paths_through_multiple(tree: Tree) -> list[TreePath]:
    """Return the sample paths (:func:`sample_paths`) through a ``multiple: true`` question."""
    return [
        path
        for path in sample_paths(tree)
        if any(tree.questions[step.question].multiple for step in path.steps)
    ]


def tick_all(tree: Tree, path: TreePath) -> tuple[Step, ...]:
    """Return *path*'s steps with every option of its multiple questions ticked."""
    return tuple(
        Step(step.question, tuple(o.key for o in tree.questions[step.question].options))
        if tree.questions[step.question].multiple
        else step
        for step in path.steps
    )


# -----------------------------------------------------------------------------
# A sample of the paths: the tree has thousands, a browser walks a few
# -----------------------------------------------------------------------------

_SAMPLES: dict[int, list[TreePath]] = {}


def sample_paths(tree: Tree) -> list[TreePath]:
    """The first path of each job, in file order, then the longest path.

    Together they ask every question and reach every outcome the job
    question leads to; iter_paths(tree) has thousands of paths.
    """
    if id(tree) not in _SAMPLES:
        found: dict[object, TreePath] = {}
        longest: TreePath | None = None
        for path in iter_paths(tree):
            found.setdefault(path.constraints.get("job"), path)
            if longest is None or len(path.steps) > len(longest.steps):
                longest = path
        assert longest is not None, "the tree has no paths"
        sample = list(found.values())
        if longest not in sample:
            sample.append(longest)
        _SAMPLES[id(tree)] = sample
    return _SAMPLES[id(tree)]


def longest_path(tree: Tree) -> TreePath:
    """The first path with the most questions."""
    return max(sample_paths(tree), key=lambda p: len(p.steps))


def with_answer(tree: Tree, path: TreePath, question: str, key: str) -> TreePath:
    """*path* with *question* answered *key* instead (the same questions follow)."""
    steps = tuple(Step(question, (key,)) if s.question == question else s for s in path.steps)
    sets: dict[str, object] = {}
    for step in steps:
        q = tree.questions[step.question]
        if not q.multiple:
            option = q.option(step.options[0])
            assert option is not None, (question, key)
            sets.update(option.sets)
    return TreePath(steps, path.outcome, sets)
