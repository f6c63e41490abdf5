"""MkDocs hook: put an interactive decision tree, or catalogue tables, where a page asks.

A page asks with a marker, an HTML comment alone on its line::

    <!-- decision-tree: choose-model -->
    <!-- models: qwen3-8b gemma-4-12b-it -->     a table of those catalogued models
    <!-- model-catalogue -->                      the whole catalogue, with filters
    <!-- model-sizes: qwen3-32b -->               weights at each precision, KV cache

Model ids are those of ``decision_tree/models/``; an unknown one stops the
build with the page's ``PATH:LINE:COL``. The hook also publishes the catalogue
as ``models.json`` beside its JSON Schema ``models.schema.json``.

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

import json
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
from decision_tree.catalogue import MODELS_DIR, load_catalogue
from decision_tree.catalogue_model import Catalogue
from decision_tree.catalogue_view import catalogue_view, model_anchor, rows_for, size_rows
from decision_tree.export import EXPORT_SCHEMA_PATH, export
from decision_tree.memory import DEFAULT_CONTEXT
from decision_tree.render import build_view
from decision_tree.tree_recs import build_recs
from decision_tree.wording import did_you_mean

log = get_plugin_logger(__name__)

KINDS = ("decision-tree", "models", "model-catalogue", "model-sizes")
_KIND = "|".join(re.escape(kind) for kind in KINDS)
MARKER = re.compile(
    rf"^[ \t]*<!--[ \t]*(?P<kind>{_KIND})[ \t]*(?::[ \t]*(?P<id>[^>]*?))?[ \t]*-->[ \t]*$", re.M
)
# Any comment that looks like a marker, to catch ones the strict pattern misses.
LOOSE_MARKER = re.compile(rf"<!--\s*(?:{_KIND})\b")
TEMPLATE = "partials/decision-tree.html"
CATALOGUE_PAGE = "models.md"
SIZING_PAGE = "practical/memory.md"
JSON_FILE = "models.json"
JSON_SCHEMA_FILE = "models.schema.json"


class _Build:
    """What one build reads once: the catalogue (loaded on first use)."""

    catalogue: Catalogue | None = None


_build = _Build()


def on_pre_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    """Forget the previous build's catalogue (hooks live as long as the process)."""
    _build.catalogue = None


def on_files(files: Files, *, config: MkDocsConfig, **kwargs: Any) -> Files:
    """Publish the catalogue as ``models.json`` with its schema, and each tree's answers."""
    catalogue = _catalogue(config)
    text = json.dumps(export(catalogue), ensure_ascii=False, indent=1) + "\n"
    files.append(File.generated(config, JSON_FILE, content=text))
    for tree in _load_trees(config).values():
        recs = json.dumps(build_recs(tree, catalogue), ensure_ascii=False, separators=(",", ":"))
        files.append(File.generated(config, recs_path(tree), content=recs))
    files.append(
        File.generated(
            config, JSON_SCHEMA_FILE, content=EXPORT_SCHEMA_PATH.read_text(encoding="utf-8")
        )
    )
    return files


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_page_content(
    html: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    """Replace each marker of *page* with the rendered tree or table."""
    if not LOOSE_MARKER.search(html):
        return html

    trees: dict[str, Tree] | None = None
    shown: list[Tree] = []

    def replace(match: re.Match[str]) -> str:
        nonlocal trees
        if match["kind"] != "decision-tree":
            return _render_catalogue(match, page, config, files)
        trees = trees if trees is not None else _load_trees(config)
        tree_id = match["id"] or ""
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
            f"{page.file.src_uri}: a marker comment was left as it is: a marker "
            "must stand alone on its own line, as <!-- decision-tree: TREE-ID --> or "
            "<!-- models: ID ID -->"
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


def _models_dir(config: MkDocsConfig) -> Path:
    """Return the catalogue folder for this site."""
    settings = config.extra.get("decision_tree") or {}
    if "models_dir" in settings:
        return Path(config.config_file_path).parent / str(settings["models_dir"])
    return MODELS_DIR


def _catalogue(config: MkDocsConfig) -> Catalogue:
    """Return this build's catalogue; an invalid one aborts the build with located errors."""
    if _build.catalogue is None:
        try:
            _build.catalogue = load_catalogue(_models_dir(config))
        except TreeError as exc:
            raise PluginError(str(exc)) from None
    return _build.catalogue


def _load_trees(config: MkDocsConfig) -> dict[str, Tree]:
    """Load every tree of the site, keyed by id; an invalid one aborts the build."""
    trees: dict[str, Tree] = {}
    for path in find_trees(_trees_dir(config)):
        try:
            tree = load_tree(path, docs_dir=Path(config.docs_dir), models_dir=_models_dir(config))
        except TreeError as exc:
            raise PluginError(str(exc)) from None
        trees[tree.id] = tree
    return trees


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


def _render_catalogue(match: re.Match[str], page: Page, config: MkDocsConfig, files: Files) -> str:
    """Return the HTML of a ``models``, ``model-sizes`` or ``model-catalogue`` marker."""
    catalogue = _catalogue(config)
    kind = match["kind"]
    ids = (match["id"] or "").split()
    unknown = [i for i in ids if i not in catalogue.models]
    if unknown or (kind != "model-catalogue" and not ids):
        place = _marker_place(page, match.group(0))
        if not ids:
            raise PluginError(f"{place}: error: the {kind} marker names no model")
        lines = [
            f"{place}: error: the {kind} marker names model '{i}', which is not in the catalogue"
            + (f" ({hint})" if (hint := did_you_mean(i, catalogue.models)) else "")
            for i in unknown
        ]
        raise PluginError("\n".join(lines))
    sizing = _page_url(page, files, SIZING_PAGE) or ""
    catalogue_url = _page_url(page, files, CATALOGUE_PAGE)
    links = [
        f"{catalogue_url}#{model_anchor(i)}" if catalogue_url is not None else None for i in ids
    ]
    env = _environment(config)
    if kind == "model-catalogue":
        view = catalogue_view(catalogue)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= {g.anchor for g in view.groups}
            page.present_anchor_ids |= {model_anchor(m.id) for m in catalogue}
        return env.get_template("partials/model-catalogue.html").render(
            view=view,
            sizing=sizing,
            anchors={m.id: model_anchor(m.id) for m in catalogue},
            names={m.id: m.name for m in catalogue},
        )
    if kind == "model-sizes":
        return env.get_template("partials/model-sizes.html").render(
            rows=size_rows(catalogue, ids), links=links
        )
    return env.get_template("partials/model-table.html").render(
        rows=rows_for(catalogue, ids),
        links=links,
        catalogue=catalogue_url or "",
        sizing=sizing,
        context=DEFAULT_CONTEXT,
    )


def _environment(config: MkDocsConfig) -> jinja2.Environment:
    """Return a Jinja environment over the theme's templates that escapes every value."""
    return jinja2.Environment(
        loader=config.theme.get_env().loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


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


def recs_path(tree: Tree) -> str:
    """Where the site publishes every answer *tree* can give (see decision_tree.tree_recs)."""
    return f"assets/decision-tree/{tree.id}.recs.json"


def _render(tree: Tree, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Return the HTML of *tree* as shown on *page*."""
    view = build_view(tree, _PageLinks(tree, page, files), _catalogue(config))
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= view.anchor_ids
    return (
        _environment(config)
        .get_template(TEMPLATE)
        .render(
            tree=view,
            recs_url=_page_url(page, files, recs_path(tree)),
            catalogue_url=_page_url(page, files, CATALOGUE_PAGE),
        )
    )


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
