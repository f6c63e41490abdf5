"""MkDocs hook: put an interactive decision tree where a page asks for one.

A page asks with a marker, an HTML comment alone on its line::

    <!-- decision-tree: choose-model -->

``choose-model`` is the ``id`` of a tree file in ``decision_tree/trees/``
(another folder with ``extra: {decision_tree: {trees_dir: PATH}}`` in
mkdocs.yml, PATH relative to mkdocs.yml). The comment survives Markdown as raw
HTML; on the HTML stage (``on_page_content``) it is replaced by the
server-rendered tree: every question and outcome as linked sections (readable,
searchable and walkable without JavaScript), a map of the whole tree, and the
data the widget script (``overrides/assets/decision-tree/``) builds its
one-question-per-screen view from. The markup comes from the theme template
``partials/decision-tree.html``, rendered with autoescaping.

An invalid tree stops the build with the same ``PATH:LINE:COL: error:`` lines
``python -m decision_tree check`` prints; so does a marker naming no known
tree. Links that lead nowhere are warnings (errors under ``--strict``).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from decision_tree import TREES_DIR, Tree, TreeError, find_trees, load_tree
from decision_tree.render import build_view

log = get_plugin_logger(__name__)

MARKER = re.compile(r"^[ \t]*<!--[ \t]*decision-tree:[ \t]*(?P<id>[^\s>]*)[ \t]*-->[ \t]*$", re.M)
# Any comment that looks like a marker, to catch ones the strict pattern misses.
LOOSE_MARKER = re.compile(r"<!--\s*decision-tree\s*:")
TEMPLATE = "partials/decision-tree.html"

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_page_content(
    html: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    """Replace each decision-tree marker of *page* with the rendered tree."""
    if not LOOSE_MARKER.search(html):
        return html

    trees: dict[str, Tree] | None = None
    shown: list[Tree] = []

    def replace(match: re.Match[str]) -> str:
        nonlocal trees
        trees = trees if trees is not None else _load_trees(config)
        tree_id = match["id"]
        tree = trees.get(tree_id)
        if tree is None:
            known = ", ".join(sorted(trees)) or "none"
            raise PluginError(
                f"{page.file.src_uri}: the decision-tree marker names tree {tree_id!r}, "
                f"which does not exist (known trees: {known})"
            )
        shown.append(tree)
        return _render(tree, page, config, files)

    html = MARKER.sub(replace, html)
    if LOOSE_MARKER.search(html):
        log.warning(
            f"{page.file.src_uri}: a 'decision-tree:' comment was left as it is: the marker "
            "must stand alone on its own line, as <!-- decision-tree: TREE-ID -->"
        )
    if trees is not None:
        _check_toc(page, config)
    if shown:
        _edit_tree_not_page(page, shown[0], config)
    return html


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


def _trees_dir(config: MkDocsConfig) -> Path:
    """Return the folder of tree files for this site."""
    settings = config.extra.get("decision_tree") or {}
    if "trees_dir" in settings:
        return Path(config.config_file_path).parent / str(settings["trees_dir"])
    return TREES_DIR


def _load_trees(config: MkDocsConfig) -> dict[str, Tree]:
    """Load every tree of the site, keyed by id; an invalid one aborts the build."""
    trees: dict[str, Tree] = {}
    for path in find_trees(_trees_dir(config)):
        try:
            tree = load_tree(path, docs_dir=Path(config.docs_dir))
        except TreeError as exc:
            raise PluginError(str(exc)) from None
        trees[tree.id] = tree
    return trees


class _PageLinks:
    """Resolves docs-relative paths for one page (the render module's DocsLinks)."""

    def __init__(self, tree: Tree, page: Page, files: Files) -> None:
        self.tree = tree
        self.page = page
        self.files = files

    def _file(self, path: str) -> File | None:
        return self.files.get_file_from_path(posixpath.normpath(path))

    def url(self, path: str) -> str | None:
        path, _, anchor = path.partition("#")
        file = self._file(path)
        if file is None:
            log.warning(
                f"{self.tree.source or self.tree.id}: '{path}' (used on "
                f"{self.page.file.src_uri}) is not a page of this site"
            )
            return None
        url = file.url_relative_to(self.page.file)
        return f"{url}#{anchor}" if anchor else url

    def title(self, path: str) -> str | None:
        file = self._file(path)
        page = file.page if file is not None else None
        return page.title if page is not None else None


def _render(tree: Tree, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Return the HTML of *tree* as shown on *page*."""
    view = build_view(tree, _PageLinks(tree, page, files))
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= view.anchor_ids
    env = jinja2.Environment(
        loader=config.theme.get_env().loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(TEMPLATE).render(tree=view)


def _edit_tree_not_page(page: Page, tree: Tree, config: MkDocsConfig) -> None:
    """Point *page*'s "Edit this page" button at *tree*'s YAML file.

    The page's Markdown holds only the marker; what a contributor wants to
    change is the tree. The page keeps its own link when the tree's cannot be told.
    """
    url = tree_edit_url(tree, config)
    if url is not None and page.edit_url is not None:
        page.edit_url = url


def tree_edit_url(tree: Tree, config: MkDocsConfig) -> str | None:
    """Return the address that edits *tree*'s file in the repository, or None.

    MkDocs makes a page's address from ``repo_url`` + ``edit_uri`` + the page's
    path in the docs folder, and ``edit_uri`` ends with that folder's path from
    the repository root (``edit/main/docs/``). Swapping the folder for the tree
    file's path from the root (where mkdocs.yml is) gives
    ``<repo_url>/edit/main/decision_tree/trees/<file>``. None without
    ``repo_url``/``edit_uri``, with ``edit_uri_template``, or when the tree file
    or the docs folder lies outside the repository root.
    """
    if tree.source is None or not config.repo_url or not config.edit_uri:
        return None
    if config.edit_uri_template:
        return None
    root = Path(config.config_file_path).parent.resolve()
    try:
        docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        source = tree.source.resolve().relative_to(root).as_posix()
    except ValueError:
        return None
    docs_part = docs.strip("/") + "/"
    if not config.edit_uri.endswith(docs_part):
        return None
    repo_url = config.repo_url if config.repo_url.endswith("/") else config.repo_url + "/"
    return urljoin(repo_url, config.edit_uri[: -len(docs_part)] + source)


def _check_toc(page: Page, config: MkDocsConfig) -> None:
    """Warn when Material would overwrite the widget's URL fragment while the reader scrolls.

    With ``navigation.tracking`` Material replaces the fragment with the heading
    in view, which would drop the reader's answers from the URL; it only does so
    on pages whose table of contents has entries below the title.
    """
    if "navigation.tracking" not in (config.theme.get("features") or []):
        return
    items = list(page.toc)
    if len(items) == 1 and items[0].level == 1:
        items = list(items[0].children)
    if items:
        log.warning(
            f"{page.file.src_uri}: a page with a decision tree must not have headings below "
            "its title: with navigation.tracking, Material would replace the reader's "
            "answers in the URL with the heading in view"
        )
