"""Every page a reader can reach is complete: metadata, one title, the sections it promises."""

from __future__ import annotations

import re

import pytest
from docs_content import DOCS, Page, model_type_pages, nav, read_page
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
    "inference",
    "instruction-tuning",
    "latency",
    "licence",
    "lora",
    "mixture-of-experts",
    "multimodal",
    "parameter",
    "precision",
    "preference-alignment",
    "pretraining",
    "quantization",
    "reasoning-model",
    "rag",
    "router",
    "safetensors",
    "throughput",
    "token",
    "vector-database",
    "vram",
]
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


def test_there_are_ten_model_type_pages_all_in_the_nav() -> None:
    assert len(model_type_pages()) == 10
    in_nav = {path for _, path in nav()}
    assert set(model_type_pages()) <= in_nav


def test_glossary_keeps_every_anchor_and_defines_each_term() -> None:
    page = read_page("glossary.md")
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


def test_comparison_table_has_one_row_per_model_type() -> None:
    body = read_page("comparison.md").body
    rows = [line for line in body.splitlines() if line.startswith("| [")]
    first_cell_targets = [re.match(r"\| \[[^\]]+\]\(([^)]+)\)", row) for row in rows]
    targets = [m.group(1) for m in first_cell_targets if m]
    assert sorted(targets) == model_type_pages()
    assert all(len(row.strip("|").split("|")) == 8 for row in rows), "each row has 8 cells"


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
