"""The same sources build a working site under Zensical, which runs no MkDocs hooks.

Zensical takes its site and docs folders from beside its config file and
refuses ones outside it, so the sources are copied into a temporary project
first. The markers are expanded by the Markdown extension
``decision_tree.markdown_ext``; the data files the MkDocs hook would publish
are written afterwards by ``python -m decision_tree.markdown_ext publish``.
A missing Zensical fails these tests, saying how to install it.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from decision_tree import find_trees, load_tree
from decision_tree.paths import iter_paths

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

REPO = Path(__file__).resolve().parents[2]
VERSION = "0.0.73"
INSTALL = (
    "Zensical is not installed: run `make install`, which installs the dev extra "
    f"(it pins zensical=={VERSION})"
)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@dataclass
class ZensicalBuild:
    """A finished Zensical build (and publish step)."""

    returncode: int
    output: str
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def copy_sources(root: Path) -> Path:
    """Copy mkdocs.yml, docs/ and overrides/ into *root*."""
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def zensical_build(root: Path, *, site_url: str | None = None) -> ZensicalBuild:
    """Build the sources copied into *root* with Zensical, then publish the data files."""
    if importlib.util.find_spec("zensical") is None:
        pytest.fail(INSTALL, pytrace=False)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if site_url is not None:
        env["SITE_URL"] = site_url
    steps = [
        ([sys.executable, "-m", "zensical", "build", "-f", str(root / "mkdocs.yml")], root),
        ([sys.executable, "-m", "decision_tree.markdown_ext", "publish", str(root / "site")], REPO),
    ]
    output = ""
    for command, cwd in steps:
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        output += result.stdout + result.stderr
        if result.returncode != 0:
            return ZensicalBuild(result.returncode, output, root)
    return ZensicalBuild(0, output, root)


#: The site_url the shared build is made for (its canonical links and sitemap).
SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="session")
def built(once_per_run: Callable[[str, Callable[[Path], object]], Path]) -> ZensicalBuild:
    """The site built by Zensical, once per test run (see the repository's conftest.py)."""
    return ZensicalBuild(0, "", once_per_run("zensical", _build_or_fail))


def _build_or_fail(root: Path) -> None:
    copy_sources(root)
    result = zensical_build(root, site_url=SITE_URL)
    if result.returncode != 0:
        pytest.fail(f"zensical build failed:\n{result.output}", pytrace=False)


@pytest.fixture(scope="session")
def served(built: ZensicalBuild) -> Iterator[str]:
    """The address this worker serves the Zensical build on (its pages link relatively)."""
    handler = functools.partial(_Quiet, directory=str(built.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_tree_page_holds_the_rendered_tree(built: ZensicalBuild) -> None:
    html = built.page("decision-tree/index.html")
    assert "<!-- decision-tree:" not in html
    (path,) = [p for p in find_trees() if load_tree(p).id == "choose-model"]
    tree = load_tree(path, docs_dir=REPO / "docs")
    for question in tree.questions.values():
        assert f'<h2 id="dt-{tree.id}--q-{question.id}">' in html
    assert 'data-dt-recs="../assets/decision-tree/choose-model/" data-dt-machine="hardware"' in html
    assert 'data-dt-catalogue="../models/"' in html
    # Guide links: written relative to the source file, rewritten by Zensical to the page.
    assert 'href="../model-types/embedding-models/"' in html
    local = [h for h in re.findall(r'href="([^"]*)"', html) if "://" not in h]
    assert not [h for h in local if ".md" in h]


def test_model_tables_render_on_a_model_type_page(built: ZensicalBuild) -> None:
    html = built.page("model-types/base-models/index.html")
    assert "<!-- models:" not in html
    assert 'data-dt-model="qwen3.5-0.8b-base"' in html
    assert 'href="../../models/#model-qwen3-5-0-8b-base"' in html
    assert 'href="../../practical/memory/"' in html
    catalogue = built.page("models/index.html")
    assert 'id="model-qwen3-5-0-8b-base"' in catalogue


def test_the_data_files_are_published_beside_the_pages(built: ZensicalBuild) -> None:
    recs = json.loads(built.page("assets/decision-tree/choose-model.recs.json"))
    assert recs["format"] == 1
    # The parts the widget fetches, one per job and one per companion.
    for job in recs["jobs"]:
        part = json.loads(built.page(f"assets/decision-tree/choose-model/jobs/{job}.recs.json"))
        assert list(part["jobs"]) == [job]
        # And per machine, as the tree page's data-dt-machine says the widget asks.
        last = len(recs["options"]["hardware"]) - 1
        machine = f"assets/decision-tree/choose-model/jobs/{job}/hardware-{last}.recs.json"
        assert list(json.loads(built.page(machine))["jobs"]) == [job]
    for name in recs["companions"]:
        part = json.loads(
            built.page(f"assets/decision-tree/choose-model/companions/{name}.recs.json")
        )
        assert list(part["companions"]) == [name]
    assert isinstance(json.loads(built.page("models.json")), list)


def test_an_unknown_model_id_fails_the_build_with_its_place(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    page = root / "docs" / "glossary.md"
    lines = page.read_text(encoding="utf-8").count("\n")
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- models: qwen3-8bb -->\n")
    result = zensical_build(root)
    assert result.returncode != 0
    expected = f"docs/glossary.md:{lines + 2}:1: error: the models marker names model 'qwen3-8bb'"
    assert expected in result.output, result.output


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.browser
def test_a_reader_walks_the_zensical_tree_to_a_result(served: str, playwright: Playwright) -> None:
    # pytest-playwright's own Playwright (a second sync_playwright() in the same
    # worker would clash with its event loop), with the system Chromium.
    from playwright.sync_api import expect

    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make browser`", pytrace=False)
    (path,) = [p for p in find_trees() if load_tree(p).id == "choose-model"]
    tree = load_tree(path, docs_dir=REPO / "docs")
    # A job's outcome: its models come from the published answers.
    route = next(p for p in iter_paths(tree) if tree.outcomes[p.outcome].job)
    errors: list[str] = []
    missing: list[str] = []
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.on("pageerror", lambda error: errors.append(f"{error}\n{error.stack}"))
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(served + "decision-tree/")
        page.locator(".dt[data-dt-mounted]").wait_for()
        heading = page.locator(".dt-stage .dt-heading")
        for step in route.steps:
            question = tree.questions[step.question]
            expect(heading).to_have_text(question.text)
            if question.multiple:
                for option in question.options:
                    box = page.get_by_role("checkbox", name=option.label, exact=True)
                    box.set_checked(option.key in step.options)
                page.get_by_role("button", name="Continue", exact=True).click()
            else:
                (option,) = (o for o in question.options if o.key in step.options)
                # Named by all its visible text: the label, then the hint.
                name = " ".join(filter(None, (option.label, option.hint)))
                page.get_by_role("button", name=name, exact=True).click()
        result = page.locator(".dt-screen--result")
        expect(result.locator(".dt-heading")).to_have_text(tree.outcomes[route.outcome].title)
        # The models come from the published recs JSON: the fetch worked.
        expect(result.locator("a[href*='models/#model-']").first).to_be_visible()
        guide = result.locator(".dt-guide a").first
        href = guide.evaluate("link => link.href")
        assert href.startswith(served), href
        assert page.request.get(href).ok, href
    finally:
        browser.close()
    # Nothing the page asks for is missing, the theme's own files included, and
    # no script fails (Material's document$ is there for the widget to mount on).
    assert not missing, missing
    assert not errors, errors


# The site overrides no theme template that names hashed asset files (MkDocs'
# hooks/theme_html.py edits Material's markup instead), so Zensical's pages load
# its own theme's stylesheets and bundle.
def test_every_theme_asset_resolves_under_zensical(built: ZensicalBuild) -> None:
    html = built.page("decision-tree/index.html")
    refs = re.findall(r'(?:href|src)="(\.\./assets/[^"?#]+)', html)
    # The theme's stylesheet and bundle are among them, under the names it ships.
    assert any("/stylesheets/" in ref for ref in refs), refs
    assert any("/javascripts/bundle." in ref for ref in refs), refs
    for ref in refs:
        assert (built.site / "decision-tree" / ref).resolve().is_file(), ref
