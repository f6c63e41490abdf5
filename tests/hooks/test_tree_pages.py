"""hooks/tree_pages.py on small fixture sites built with mkdocs build --strict."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from decision_tree import TreeError, load_tree

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


@dataclass
class Build:
    """A finished fixture build."""

    returncode: int
    output: str
    site: Path
    root: Path

    def page(self, path: str) -> str:
        """Return the built HTML of *path* (such as ``tree/index.html``)."""
        return (self.site / path).read_text(encoding="utf-8")


def build(tmp_path: Path, tree: str, *, marker: str | None = None, home: str = "") -> Build:
    """Build a fixture site showing tree file *tree* (marker id *marker*, default the tree's).

    *home* is Markdown added to the home page.
    """
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "docs", root / "docs")
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n" + home)
    (root / "trees").mkdir()
    shutil.copy(FIXTURES / "trees" / f"{tree}.yaml", root / "trees")
    page = root / "docs" / "tree.md"
    page.write_text(page.read_text().replace("TREE-ID", marker or tree))
    config = {
        "site_name": "Fixture",
        "site_url": "http://127.0.0.1:8000/",
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides")},
        "hooks": [str(REPO / "hooks" / "tree_pages.py")],
        "plugins": ["search"],
        "extra": {"decision_tree": {"trees_dir": "trees"}},
        "nav": ["index.md", "tree.md", {"Guides": ["guides/one.md", "guides/two.md"]}],
        "validation": {"links": {"anchors": "warn"}},
    }
    (root / "mkdocs.yml").write_text(json.dumps(config))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr, root / "site", root)


class Elements(HTMLParser):
    """Collects every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def widget_html(html: str) -> str:
    """Return the part of a built page from the tree's root element to the end of the article."""
    start = html.index('<div class="dt"')
    return html[start : html.index("</article>", start)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(tmp_path_factory.mktemp("sample"), "sample")
    assert result.returncode == 0, result.output
    return result


def test_marker_becomes_sections_map_and_data(sample: Build) -> None:
    html = sample.page("tree/index.html")
    assert "<!-- decision-tree:" not in html
    tree = load_tree(FIXTURES / "trees" / "sample.yaml", docs_dir=FIXTURES / "docs")
    for question in tree.questions.values():
        assert f'<h2 id="dt-sample--q-{question.id}">{question.text}</h2>' in html
    for outcome in tree.outcomes.values():
        assert f'<h2 id="dt-sample--o-{outcome.id}">{outcome.title}</h2>' in html
    # Guide pages and Markdown links resolve to the built pages, relative to the tree page.
    assert 'href="../guides/one/"' in html
    assert 'href="../guides/two/#top"' in html
    assert "data-dt-map" in html
    elements = Elements()
    elements.feed(widget_html(html))
    (root,) = [attrs for tag, attrs in elements.tags if "data-dt-data" in attrs]
    data = json.loads(root["data-dt-data"] or "")
    assert data["start"] == tree.start
    assert set(data["questions"]) == set(tree.questions)


def test_a_page_without_the_marker_is_untouched(sample: Build, tmp_path: Path) -> None:
    html = sample.page("index.html")
    assert "dt-" not in html.split("<article", 1)[1].split("</article>", 1)[0]
    assert "A page without a decision-tree marker." in html


def test_search_indexes_every_question_and_outcome(sample: Build) -> None:
    index = json.loads((sample.site / "search" / "search_index.json").read_text())
    entries = {doc["location"]: doc for doc in index["docs"]}
    tree = load_tree(FIXTURES / "trees" / "sample.yaml", docs_dir=FIXTURES / "docs")
    for question in tree.questions.values():
        entry = entries[f"tree/#dt-sample--q-{question.id}"]
        assert entry["title"] == question.text
        for option in question.options:
            assert option.label in entry["text"]
    for outcome in tree.outcomes.values():
        assert entries[f"tree/#dt-sample--o-{outcome.id}"]["title"] == outcome.title
    # The map repeats the questions: it stays out of the index.
    assert not any("map" in location for location in entries)


def test_a_broken_tree_stops_the_build_with_located_errors(tmp_path: Path) -> None:
    result = build(tmp_path, "broken")
    assert result.returncode != 0
    with pytest.raises(TreeError) as error:
        load_tree(result.root / "trees" / "broken.yaml", docs_dir=result.root / "docs")
    expected = str(error.value)
    assert ":12:15: error: 'next' of option 1" in expected
    for line in expected.splitlines():
        assert line.strip() in result.output, result.output


def test_an_unknown_tree_id_stops_the_build_naming_page_and_id(tmp_path: Path) -> None:
    result = build(tmp_path, "sample", marker="no-such-tree")
    assert result.returncode != 0
    assert "tree.md" in result.output
    assert "'no-such-tree'" in result.output
    assert "sample" in result.output  # the trees that do exist


def test_an_unknown_tree_id_in_a_models_by_machine_marker_stops_the_build(tmp_path: Path) -> None:
    result = build(tmp_path, "sample", home="<!-- decision-tree-models: no-such-tree -->\n")
    assert result.returncode != 0
    assert "index.md: the decision-tree-models marker names tree 'no-such-tree'" in result.output
    assert "known trees: sample" in result.output


def test_a_marker_inside_a_paragraph_is_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "inline"
    result = build(root, "sample")
    assert result.returncode == 0, result.output
    page = result.root / "docs" / "index.md"
    page.write_text(page.read_text() + "\nText then <!-- decision-tree: sample --> inline.\n")
    again = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(result.site)],
        cwd=result.root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode != 0
    assert "index.md" in again.stderr
    assert "must stand alone on its own line" in again.stderr


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    result = build(tmp_path, "hostile")
    assert result.returncode == 0, result.output
    html = widget_html(result.page("tree/index.html"))
    elements = Elements()
    elements.feed(html)
    tags = {tag for tag, _ in elements.tags}
    assert not tags & {"script", "svg", "img", "iframe", "template", "b", "fieldset"}
    for tag, attrs in elements.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name == "href":
                assert not (value or "").lower().startswith(("javascript:", "data:")), value
    text = "".join(elements.text)
    tree = load_tree(result.root / "trees" / "hostile.yaml", docs_dir=result.root / "docs")
    # Every hostile string arrives as visible text, unchanged.
    assert tree.questions["first"].text in text
    assert tree.outcomes["end"].title in text
    for option in tree.questions["first"].options:
        assert option.label in text
    assert "{{ config }}" in text
    # And the widget data holds the same strings for the script to set as text.
    (root,) = [attrs for tag, attrs in elements.tags if "data-dt-data" in attrs]
    data = json.loads(root["data-dt-data"] or "")
    assert data["outcomes"]["end"]["title"] == tree.outcomes["end"].title


def test_other_pages_may_link_to_the_trees_anchors(tmp_path: Path) -> None:
    links = "[a result](tree.md#dt-sample--o-one) [a question](tree.md#dt-sample--q-kind)"
    links += " [the map](tree.md#dt-sample--map) [a map entry](tree.md#dt-sample--map-extras)"
    result = build(tmp_path / "good", "sample", home=links)
    assert result.returncode == 0, result.output
    broken = build(tmp_path / "bad", "sample", home="[gone](tree.md#dt-sample--o-nope)")
    assert broken.returncode != 0
    assert "dt-sample--o-nope" in broken.output
