"""The further-reading page collects every outside link the guide recommends."""

from __future__ import annotations

import pytest
from docs_content import external_links, model_type_pages, nav, read_page, tree

# Pages whose outside links the further-reading page must collect, besides the model types.
OTHER_PAGES = [
    "combining-models.md",
    "practical/reading-model-names.md",
    "practical/where-to-get-models.md",
    "practical/weight-formats.md",
]


# Tree links to a project under its old address, with the address the pages use instead.
# GitHub redirects the old one; the tree's owners update it, and then the entry goes.
RENAMED: dict[str, str] = {}
"""Old address -> new one, for a tree link not yet updated after a rename (none today)."""


def further_reading_links() -> set[str]:
    return set(external_links(read_page("further-reading.md")))


def test_every_tree_resource_is_in_further_reading() -> None:
    listed = further_reading_links()
    urls = {r.url for o in tree().outcomes.values() for r in o.resources}
    missing = sorted({RENAMED.get(url, url) for url in urls} - listed)
    assert not missing, "add these tree resources to further-reading.md:\n" + "\n".join(missing)
    stale = sorted(set(RENAMED) - urls)
    assert not stale, "the tree no longer links these; remove them from RENAMED:\n" + "\n".join(
        stale
    )


@pytest.mark.parametrize("path", model_type_pages() + OTHER_PAGES)
def test_every_external_link_of_a_page_is_in_further_reading(path: str) -> None:
    # A page's closing Sources section cites where its facts come from (model cards,
    # licence texts); those are evidence, not reading the guide recommends.
    page = read_page(path)
    recommended, _sources = page.body_and_sources()
    missing = sorted(set(external_links(page, recommended)) - further_reading_links())
    assert not missing, f"add the links of {path} to further-reading.md:\n" + "\n".join(missing)


def test_further_reading_has_a_section_per_model_type() -> None:
    body = read_page("further-reading.md").body
    titles = {title for title, path in nav() if path in model_type_pages()}
    sections = {line[3:].strip() for line in body.splitlines() if line.startswith("## ")}
    missing = titles - sections
    assert not missing, f"further-reading.md lacks the sections {sorted(missing)}"
    assert {"Combining models", "Practical"} <= sections
