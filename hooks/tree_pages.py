"""MkDocs hook: the MkDocs side of the decision-tree and catalogue markers.

A page asks for a tree or a table with a marker, an HTML comment alone on its line::

    <!-- decision-tree: choose-model -->
    <!-- models: qwen3-8b gemma-4-12b-it -->     a table of those catalogued models
    <!-- model-catalogue -->                      the whole catalogue, with filters
    <!-- model-sizes: qwen3-32b -->               weights at each precision, KV cache
    <!-- memory-calculator -->                    what a model needs, where it fits

The Python-Markdown extension ``decision_tree.markdown_ext`` expands them
(under MkDocs and under Zensical, which runs no hooks); see its documentation.
This hook adds what only MkDocs can give it:

- the extension itself, if mkdocs.yml does not list it under ``markdown_extensions``;
- the trees (``extra: {decision_tree: {trees_dir: PATH}}``, PATH relative to
  mkdocs.yml; the catalogue likewise with ``models_dir``), loaded once per build:
  an invalid one stops the build with the same ``PATH:LINE:COL: error:`` lines
  ``python -m decision_tree check`` prints, as does a marker naming no known
  tree or an unknown model id;
- page addresses and titles from MkDocs' own file list and navigation; links
  that lead nowhere, and markers not alone on their line, are warnings (errors
  under ``--strict``);
- the ids the rendered HTML defines, so other pages may link to them;
- the tree page's "Edit this page" button, pointed at the tree's YAML file;
- the published data: ``models.json`` beside its JSON Schema
  ``models.schema.json``, and each tree's answers (``<id>.recs.json``, and
  split per job and companion under ``<id>/`` for the widget);
- after the build, the site's own CSS and JS rewritten without comments.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from decision_tree import TREES_DIR, Tree, TreeError
from decision_tree.catalogue import MODELS_DIR
from decision_tree.css_purge import purge_site
from decision_tree.markdown_ext import Site, published
from decision_tree.markdown_ext import recs_path as recs_path
from decision_tree.minify import minify_site
from decision_tree.render import DocsLinks

log = get_plugin_logger(__name__)

EXTENSION = "decision_tree.markdown_ext"
PARTIALS = "partials"


class _Build:
    """What one build reads once, and what each page's markers showed.

    A plain class: tests load this file without registering it as a module,
    which dataclasses need.
    """

    def __init__(self) -> None:
        self.site: Site | None = None
        self.options: dict[str, Any] = {}
        self.pages: dict[str, _MkDocsPage] = {}


_build = _Build()


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Make sure the marker extension runs, and keep the options mkdocs.yml gives it."""
    if EXTENSION not in config.markdown_extensions:
        config.markdown_extensions.append(EXTENSION)
    _build.options = dict(config.mdx_configs.get(EXTENSION) or {})
    return config


def on_pre_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    """Forget the previous build's trees and catalogue (hooks live as long as the process)."""
    _build.site = None
    _build.pages = {}


def on_files(files: Files, *, config: MkDocsConfig, **kwargs: Any) -> Files:
    """Publish the catalogue as ``models.json`` with its schema, and each tree's answers."""
    site = _site(config)
    try:
        data = published(site)
    except TreeError as exc:
        raise PluginError(str(exc)) from None
    for path, text in data.items():
        files.append(File.generated(config, path, content=text))
    return files


def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    """Publish the site's own CSS and JS minified, and Material's stylesheets purged.

    decision_tree.minify drops comments; decision_tree.css_purge drops the rules of
    Material's stylesheets that no page of this build can use.
    """
    minify_site(Path(config.site_dir))
    for done in purge_site(Path(config.site_dir)):
        log.debug(
            "%s published as %s: %.1f KB gzipped, was %.1f KB",
            done.original,
            done.published,
            done.after / 1024,
            done.before / 1024,
        )


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    """Hand the extension this build's trees and this page (MkDocs renders pages one by one)."""
    shown = _MkDocsPage(page, files)
    _build.pages[page.file.src_uri] = shown
    config.mdx_configs[EXTENSION] = {**_build.options, "site": _site(config), "page": shown}
    return markdown


def on_page_content(
    html: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    """Register the ids the markers' HTML defines; point a tree page's edit link at its tree."""
    shown = _build.pages.pop(page.file.src_uri, None)
    if shown is None or not shown.expanded:
        return html
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= shown.anchor_ids
    if shown.trees:
        _check_toc(page, config)
        _edit_tree_not_page(page, shown.trees[0], config)
    return html


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


def _folder(config: MkDocsConfig, name: str, default: Path) -> Path:
    """Return folder setting *name* of ``extra.decision_tree`` (relative to mkdocs.yml)."""
    settings = config.extra.get("decision_tree") or {}
    if name in settings:
        return Path(config.config_file_path).parent / str(settings[name])
    return default


def _site(config: MkDocsConfig) -> Site:
    """Return this build's trees and catalogue; an invalid one aborts with located errors."""
    if _build.site is None:
        site = Site(
            trees_dir=_folder(config, "trees_dir", TREES_DIR),
            models_dir=_folder(config, "models_dir", MODELS_DIR),
            docs_dir=Path(config.docs_dir),
            templates=config.theme.get_env().loader or Path(PARTIALS),
        )
        try:
            site.catalogue()
            site.trees()
        except TreeError as exc:
            raise PluginError(str(exc)) from None
        _build.site = site
    return _build.site


def _page_url(page: Page, files: Files, path: str) -> str | None:
    """Return the address of docs-relative *path* (``a.md#x``) as seen from *page*."""
    path, _, anchor = path.partition("#")
    file = files.get_file_from_path(posixpath.normpath(path))
    if file is None:
        return None
    url = file.url_relative_to(page.file)
    return f"{url}#{anchor}" if anchor else url


def _marker_place(page: Page, text: str) -> str:
    """Return ``PATH:LINE:COL`` of *text* in the page's Markdown (the marker's place)."""
    source = page.markdown or ""
    index = source.find(text.strip())
    line = source.count("\n", 0, index) + 1 if index >= 0 else 1
    column = index - source.rfind("\n", 0, index) if index >= 0 else 1
    docs = Path(page.file.src_dir or ".")
    root = Path(page.file.abs_src_path or page.file.src_uri).resolve()
    try:
        shown = root.relative_to(Path.cwd().resolve())
    except ValueError:
        shown = docs / page.file.src_uri
    return f"{shown}:{line}:{column}"


class _PageLinks:
    """Resolves docs-relative paths for one page (the render module's DocsLinks).

    With a *tree*, a path that is no page of the site is a warning naming the tree file.
    """

    def __init__(self, tree: Tree | None, page: Page, files: Files) -> None:
        self.tree = tree
        self.page = page
        self.files = files

    def _file(self, path: str) -> File | None:
        return self.files.get_file_from_path(posixpath.normpath(path))

    def url(self, path: str) -> str | None:
        path, _, anchor = path.partition("#")
        file = self._file(path)
        if file is None:
            if self.tree is not None:
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


class _MkDocsPage:
    """The page being rendered, for the extension (a decision_tree.markdown_ext.MarkerPage)."""

    def __init__(self, page: Page, files: Files) -> None:
        self.page = page
        self.files = files
        self.anchor_ids: set[str] = set()
        self.trees: list[Tree] = []
        self.expanded = False

    @property
    def path(self) -> str:
        return self.page.file.src_uri

    def links(self, tree: Tree | None) -> DocsLinks:
        return _PageLinks(tree, self.page, self.files)

    def asset_url(self, path: str) -> str | None:
        return _page_url(self.page, self.files, path)

    def place(self, text: str) -> str:
        return _marker_place(self.page, text)

    def shown(self, tree: Tree | None, anchor_ids: set[str]) -> None:
        self.expanded = True
        self.anchor_ids |= anchor_ids
        if tree is not None:
            self.trees.append(tree)

    def warn(self, message: str) -> None:
        log.warning(message)

    def fail(self, message: str) -> NoReturn:
        raise PluginError(message)


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
