"""Every page a reader can reach is complete: metadata, one title, the sections it promises."""

from __future__ import annotations

import datetime
import re

import pytest
from docs_content import DOCS, Page, external_links, model_type_pages, nav, read_page
from markdown.extensions.toc import slugify

MODEL_TYPE_SECTIONS = {
    "what-it-is",
    "when-to-choose-it",
    "when-not-to",
    "what-it-costs-to-run",
    "example-open-models",
    "combines-well-with",
    "further-reading",
}
# Anchors other pages link to; a glossary edit must never drop one.
GLOSSARY_ANCHORS = [
    "active-parameters",
    "context-window",
    "dense-model",
    "diffusion-model",
    "distillation",
    "embedding",
    "expert",
    "few-shot",
    "fine-tuning",
    "gated-model",
    "gguf",
    "guard-model",
    "inference",
    "instruction-tuning",
    "latency",
    "licence",
    "lora",
    "mixture-of-experts",
    "multimodal",
    "ocr",
    "parameter",
    "precision",
    "preference-alignment",
    "pretraining",
    "quantization",
    "reasoning-model",
    "rag",
    "reranker",
    "router",
    "safetensors",
    "structured-output",
    "throughput",
    "token",
    "tool-calling",
    "vector-database",
    "vram",
]
# Pages hold at most this many table columns, so that a table fits a phone screen.
MAX_TABLE_COLUMNS = 4
HEADING = re.compile(r"^(#{1,6}) +(.+?)(?: *\{#([\w-]+)\})? *$", re.MULTILINE)
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019.-][A-Za-z0-9]+)*")


def headings(page: Page, level: int) -> list[tuple[str, str]]:
    """(text, anchor) of the headings of one level, outside code blocks."""
    found = []
    for hashes, text, anchor in HEADING.findall(page.body_without_code()):
        if len(hashes) == level:
            found.append((text, anchor or slugify(text, "-")))
    return found


def word_count(page: Page) -> int:
    """Words a reader reads: front matter, code and link targets excluded."""
    text = re.sub(r"\]\([^)]*\)", "]", page.body_without_code())
    return len(WORD.findall(text))


def test_nav_lists_every_page_once() -> None:
    in_nav = [path for _, path in nav()]
    on_disk = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert sorted(in_nav) == on_disk
    assert len(set(in_nav)) == len(in_nav)


def test_every_nav_page_has_description_keywords_and_one_title() -> None:
    problems = []
    for _, path in nav():
        page = read_page(path)
        description = page.meta.get("description")
        keywords = page.meta.get("keywords")
        if not isinstance(description, str) or len(description.split()) < 5:
            problems.append(f"{path}: front matter needs a description of a sentence or more")
        if not isinstance(keywords, list) or not keywords:
            problems.append(f"{path}: front matter needs a non-empty keywords list")
        elif not all(isinstance(k, str) for k in keywords):
            problems.append(f"{path}: every keyword must be a string")
        titles = headings(page, 1)
        if len(titles) != 1:
            problems.append(f"{path}: expected exactly one '# Title', found {len(titles)}")
    assert not problems, "\n".join(problems)


def test_no_page_is_left_as_a_placeholder() -> None:
    placeholders = [
        path
        for _, path in nav()
        if re.search(r"This page is being written|Definition to be written", read_page(path).body)
    ]
    assert not placeholders


@pytest.mark.parametrize("path", model_type_pages())
def test_model_type_page_is_substantial_and_has_every_section(path: str) -> None:
    page = read_page(path)
    words = word_count(page)
    assert words >= 400, f"{path} has {words} words; a model-type page needs at least 400"
    anchors = {anchor for _, anchor in headings(page, 2)}
    missing = MODEL_TYPE_SECTIONS - anchors
    assert not missing, f"{path} lacks the sections {sorted(missing)}"


def test_there_are_fourteen_model_type_pages_all_in_the_nav() -> None:
    assert len(model_type_pages()) == 14
    in_nav = {path for _, path in nav()}
    assert set(model_type_pages()) <= in_nav


def test_glossary_keeps_every_anchor_and_defines_each_term() -> None:
    page = read_page("glossary.md")
    # The closing Sources section cites the glossary's facts; it is not an entry.
    terms, _sources = page.body_and_sources()
    page = Page(page.path, page.meta, terms)
    entries = headings(page, 2)
    anchors = [anchor for _, anchor in entries]
    assert set(GLOSSARY_ANCHORS) <= set(anchors)
    titles = [title.lower() for title, _ in entries]
    assert titles == sorted(titles), "glossary entries must be in alphabetical order"
    # Each entry: its heading, then a definition that points to a page explaining more.
    sections = re.split(r"^## .*$", page.body, flags=re.MULTILINE)[1:]
    for (title, _), text in zip(entries, sections, strict=True):
        words = len(WORD.findall(text))
        assert 12 <= words <= 110, f"glossary entry {title!r} has {words} words"
        assert re.search(r"\]\((?!#)[^)]+\.md", text), f"{title!r} links to no page"


def test_comparison_has_one_narrow_section_per_model_type() -> None:
    # One section per type, each a short definition list, so it reads on a 390 px phone.
    page = read_page("comparison.md")
    body, _sources = page.body_and_sources()
    sections = re.split(r"^## .*$", body, flags=re.MULTILINE)[1:]
    linked = []
    for (title, _), text in zip(headings(page, 2), sections, strict=False):
        targets = re.findall(r"\]\((model-types/[\w-]+\.md)\)", text)
        if title == "Notes":
            continue
        assert len(targets) == 1, f"section {title!r} must link to one model-type page"
        assert len(re.findall(r"^:   ", text, flags=re.MULTILINE)) >= 5, f"{title!r}: few lines"
        linked += targets
    assert sorted(linked) == model_type_pages()
    assert not re.search(r"^\|", body, flags=re.MULTILINE), "the comparison page has no tables"


def test_combining_models_has_every_recipe() -> None:
    page = read_page("combining-models.md")
    anchors = {anchor for _, anchor in headings(page, 2)}
    assert {
        "rag-chatbot",
        "voice-agent",
        "creative-assistant",
        "document-understanding",
        "on-device-assistant-with-cloud-fallback",
        "coding-or-agentic-assistant",
    } <= anchors


def test_every_page_has_a_valid_review_date_not_in_the_future() -> None:
    problems = []
    for _, path in nav():
        reviewed = read_page(path).meta.get("reviewed")
        if not isinstance(reviewed, datetime.date):
            problems.append(f"{path}: front matter needs `reviewed: YYYY-MM-DD`, got {reviewed!r}")
        elif reviewed > datetime.date.today():
            problems.append(f"{path}: reviewed {reviewed} is in the future")
    assert not problems, "\n".join(problems)


def test_every_page_ends_with_its_sources() -> None:
    problems = []
    for _, path in nav():
        page = read_page(path)
        _before, sources = page.body_and_sources()
        if not sources:
            problems.append(f"{path}: no closing Sources section")
        elif headings(Page(path, {}, sources), 2)[1:]:
            problems.append(f"{path}: the Sources section must come last")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", model_type_pages())
def test_model_type_page_cites_an_outside_source(path: str) -> None:
    page = read_page(path)
    _, sources = page.body_and_sources()
    assert external_links(page, sources), f"{path}: its Sources section links to no outside page"


@pytest.mark.parametrize("path", [path for _, path in nav()])
def test_tables_fit_a_phone(path: str) -> None:
    for line in read_page(path).body_without_code().splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            columns = len(line.strip().strip("|").split("|"))
            assert columns <= MAX_TABLE_COLUMNS, f"{path}: a table row has {columns} columns"
