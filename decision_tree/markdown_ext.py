"""Python-Markdown extension: put a decision tree, or catalogue tables, where a page asks.

A page asks with a marker, an HTML comment alone on its line::

    <!-- decision-tree: choose-model -->
    <!-- decision-tree-models: choose-model -->   its models that fit each machine
    <!-- models: qwen3-8b gemma-4-12b-it -->     a table of those catalogued models
    <!-- model-catalogue -->                      the whole catalogue, with filters
    <!-- model-sizes: qwen3-32b -->               weights at each precision, KV cache
    <!-- memory-calculator -->                    what a model needs, where it fits

Any generator that runs Python-Markdown extensions listed under
``markdown_extensions`` expands them (MkDocs and Zensical both do)::

    markdown_extensions:
      - decision_tree.markdown_ext:
          trees_dir: decision_tree/trees     # the defaults
          models_dir: decision_tree/models
          docs_dir: docs
          templates: overrides/partials

Relative paths are taken from the project root (Zensical's, else the working
folder). A preprocessor replaces each marker line, after fenced code is set
aside and before raw HTML is, with the server-rendered HTML (the theme
templates under ``partials/``, autoescaped), kept whole as a raw-HTML block.
Links in it are final page-relative addresses, worked out from the page's
path the way MkDocs and Zensical make addresses (``a/b.md`` -> ``a/b/``),
so they need no rewriting and the widget's data attributes hold the same.

The data files the widget and readers fetch (each tree's ``.recs.json``, and
the same split per job and companion under ``<tree>/``, which the widget
fetches; ``models.json``) are not pages: :func:`published` returns them, the MkDocs
hook adds them to the build, and ``python -m decision_tree.markdown_ext
publish SITE_DIR`` writes them after any other generator has built the site
(and, as the hook does after a build, minifies the site's own CSS and JS:
see decision_tree.minify).

A front end with more to say (MkDocs: nav titles, its own file list, its
strict-mode errors, anchor registration) passes ``site`` (a :class:`Site`)
and ``page`` (a :class:`MarkerPage`) as options. Without them the extension
reads what it needs from the docs folder, and an invalid tree or an unknown
model id raises :class:`MarkerError` with the located message. Never imports
MkDocs.
"""

from __future__ import annotations

import argparse
import json
import logging
import posixpath
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, Protocol

import jinja2
import markdown
import yaml
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .catalogue import MODELS_DIR, load_catalogue
from .catalogue_model import Catalogue
from .catalogue_view import (
    calculator_data,
    catalogue_view,
    model_anchor,
    rows_for,
    size_rows,
    tier_rows,
)
from .diagnostics import TreeError
from .export import EXPORT_SCHEMA_PATH, export
from .loader import TREES_DIR, find_trees, load_tree
from .memory import DEFAULT_CONTEXT
from .minify import minify_site
from .model import Tree
from .render import DocsLinks, OutcomeView, TierView, build_view
from .tree_recs import build_recs, machine_question, split_recs
from .wording import did_you_mean

log = logging.getLogger(__name__)

KINDS = (
    "decision-tree",
    "decision-tree-models",
    "models",
    "model-catalogue",
    "model-sizes",
    "memory-calculator",
)
#: Markers that name no model.
WHOLE_CATALOGUE = ("model-catalogue", "memory-calculator")
# Longest first: "decision-tree" must not match the start of "decision-tree-models".
_KIND = "|".join(re.escape(kind) for kind in sorted(KINDS, key=len, reverse=True))
MARKER = re.compile(
    rf"^(?P<indent>[ \t]*)<!--[ \t]*(?P<kind>{_KIND})[ \t]*"
    r"(?::[ \t]*(?P<id>[^>]*?))?[ \t]*-->[ \t]*$"
)
#: Any comment that looks like a marker, to catch ones the strict pattern misses.
LOOSE_MARKER = re.compile(rf"<!--\s*(?:{_KIND})\b")
_CODE_SPAN = re.compile(r"(`+).+?\1")
TREE_TEMPLATE = "partials/decision-tree.html"
BY_MACHINE_TEMPLATE = "partials/decision-tree-models.html"
CATALOGUE_PAGE = "models.md"
BY_MACHINE_PAGE = "models-by-machine.md"
"""The page with each tree's ``decision-tree-models`` marker, which the tree page links to."""
SIZING_PAGE = "practical/memory.md"
JSON_FILE = "models.json"
JSON_SCHEMA_FILE = "models.schema.json"
LOOSE_WARNING = (
    "a marker comment was left as it is: a marker must stand alone on its own line, "
    "as <!-- decision-tree: TREE-ID --> or <!-- models: ID ID -->"
)


class MarkerError(Exception):
    """A marker cannot be expanded: an invalid tree, an unknown tree or model id."""


def recs_path(tree: Tree) -> str:
    """Where the site publishes every answer *tree* can give (see decision_tree.tree_recs)."""
    return f"assets/decision-tree/{tree.id}.recs.json"


def recs_parts_dir(tree: Tree) -> str:
    """Return the folder of *tree*'s answers split per job and companion (what the widget fetches).

    ``jobs/JOB.recs.json`` and ``companions/NAME.recs.json`` inside it, and
    each per answer to the machine question (``jobs/JOB/QUESTION-N.recs.json``),
    from :func:`decision_tree.tree_recs.split_recs`.
    """
    return f"assets/decision-tree/{tree.id}/"


# ---------------------------------------------------------------------------
# Addresses


def page_url(path: str, *, directory_urls: bool = True) -> str:
    """Return the site-relative address of docs file *path*, as MkDocs and Zensical make it.

    ``a/b.md`` -> ``a/b/`` (``a/b.html`` without directory URLs), ``a/index.md``
    (or ``README.md``) -> ``a/``, the home page -> ``""``; other files keep their path.
    """
    if not path.endswith(".md"):
        return path
    folder, name = posixpath.split(path[:-3])
    if name in ("index", "README"):
        if directory_urls or not folder:
            return f"{folder}/" if folder else ""
        return f"{folder}/index.html"
    stem = posixpath.join(folder, name)
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(url: str, base: str) -> str:
    """Return site-relative *url* as seen from the page at site-relative *base* (MkDocs' rule)."""
    if base:
        head, tail = posixpath.split(base)
        base = head if "." in tail else base
    relative = posixpath.relpath("/" + url, "/" + base)
    return relative + "/" if url.endswith("/") else relative


# ---------------------------------------------------------------------------
# What markers render from


def _loader(templates: Path | jinja2.BaseLoader) -> jinja2.BaseLoader:
    if isinstance(templates, jinja2.BaseLoader):
        return templates
    # The templates import each other as "partials/NAME.html", as in the theme.
    return jinja2.PrefixLoader({"partials": jinja2.FileSystemLoader(str(templates))})


@dataclass
class Site:
    """The trees, catalogue and templates markers render from, each loaded on first use.

    *templates* is the theme's ``partials`` folder, or a Jinja loader that
    knows ``partials/NAME.html``. Loading raises :class:`TreeError` with
    located errors for an invalid tree or catalogue.
    """

    trees_dir: Path = TREES_DIR
    models_dir: Path = MODELS_DIR
    docs_dir: Path = Path("docs")
    templates: Path | jinja2.BaseLoader = Path("overrides/partials")
    _trees: dict[str, Tree] | None = field(default=None, init=False, repr=False)
    _catalogue: Catalogue | None = field(default=None, init=False, repr=False)
    _environment: jinja2.Environment | None = field(default=None, init=False, repr=False)

    def catalogue(self) -> Catalogue:
        """Return the model catalogue."""
        if self._catalogue is None:
            self._catalogue = load_catalogue(self.models_dir)
        return self._catalogue

    def trees(self) -> dict[str, Tree]:
        """Return every tree, keyed by id."""
        if self._trees is None:
            trees = {}
            for path in find_trees(self.trees_dir):
                tree = load_tree(path, docs_dir=self.docs_dir, models_dir=self.models_dir)
                trees[tree.id] = tree
            self._trees = trees
        return self._trees

    def environment(self) -> jinja2.Environment:
        """Return a Jinja environment over the templates that escapes every value."""
        if self._environment is None:
            self._environment = jinja2.Environment(
                loader=_loader(self.templates),
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
            )
        return self._environment

    def fingerprint(self) -> tuple[tuple[str, int], ...]:
        """Return the files loading reads, with their modification times (a cache key)."""
        found = []
        for folder in (self.trees_dir, self.models_dir):
            for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                if path.is_file():
                    found.append((str(path), path.stat().st_mtime_ns))
        return tuple(found)


def published(site: Site) -> dict[str, str]:
    """Return the data files the site publishes beside its pages, by site-relative path."""
    catalogue = site.catalogue()
    files = {
        JSON_FILE: json.dumps(export(catalogue), ensure_ascii=False, indent=1) + "\n",
        JSON_SCHEMA_FILE: EXPORT_SCHEMA_PATH.read_text(encoding="utf-8"),
    }
    for tree in site.trees().values():
        recs = build_recs(tree, catalogue)
        files[recs_path(tree)] = json.dumps(recs, ensure_ascii=False, separators=(",", ":"))
        for name, part in split_recs(recs).items():
            files[f"{recs_parts_dir(tree)}{name}.recs.json"] = json.dumps(
                part, ensure_ascii=False, separators=(",", ":")
            )
    return files


# ---------------------------------------------------------------------------
# The page being rendered


class MarkerPage(Protocol):
    """The page whose markers are being expanded, as its generator sees it."""

    @property
    def path(self) -> str:
        """Its source path in the docs folder (``a/b.md``)."""
        ...

    def links(self, tree: Tree | None) -> DocsLinks:
        """Return how docs-relative paths (``a.md#x``) resolve from this page.

        With a *tree* (whose links these are), a path that is no page is a warning;
        without one (tables, the catalogue's address) it is quietly None.
        """
        ...

    def asset_url(self, path: str) -> str | None:
        """Return the address of docs or published file *path* from this page, as is.

        For data attributes and the widget's data, which no generator rewrites
        (``links()`` gives what goes in ``href``).
        """
        ...

    def place(self, text: str) -> str:
        """Return ``PATH:LINE:COL`` of *text* in the page's Markdown."""
        ...

    def shown(self, tree: Tree | None, anchor_ids: set[str]) -> None:
        """Note that a marker was expanded, defining *anchor_ids* (and showing *tree*)."""
        ...

    def warn(self, message: str) -> None:
        """Report a problem that does not stop the build."""
        ...

    def fail(self, message: str) -> NoReturn:
        """Stop the build with *message*."""
        ...


class _FolderLinks:
    """Resolves docs-relative paths from one page by looking in the docs folder."""

    def __init__(self, page: FolderPage, tree: Tree | None) -> None:
        self.page = page
        self.tree = tree

    def url(self, path: str) -> str | None:
        path, _, anchor = path.partition("#")
        path = posixpath.normpath(path)
        if not (self.page.docs_dir / path).is_file():
            if self.tree is not None:
                self.page.warn(
                    f"{self.tree.source or self.tree.id}: '{path}' (used on {self.page.path}) "
                    "is not a page of this site"
                )
            return None
        # Relative to the page's source file: the generator rewrites it (Zensical
        # rewrites every relative link of the page, raw HTML included).
        url = posixpath.relpath(path, posixpath.dirname(self.page.path) or ".")
        return f"{url}#{anchor}" if anchor else url

    def title(self, path: str) -> str | None:
        path = posixpath.normpath(path)
        return self.page.titles.get(path) or _title_of(self.page.docs_dir / path)


def nav_titles(nav: Any) -> dict[str, str]:
    """Return the title the navigation gives each page, by docs path.

    Reads MkDocs' ``nav`` (``- Title: a.md``, nested lists) and Zensical's
    form of it (items with ``title``, ``url`` and ``children``).
    """
    titles: dict[str, str] = {}

    def visit(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                visit(child)
        elif isinstance(item, dict) and "children" in item:
            if isinstance(item.get("title"), str) and isinstance(item.get("url"), str):
                titles.setdefault(posixpath.normpath(item["url"]), item["title"])
            visit(item["children"])
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles.setdefault(posixpath.normpath(value.strip()), str(title))
                else:
                    visit(value)

    visit(nav)
    return titles


def _title_of(file: Path) -> str | None:
    """Return a page's title: its front matter's ``title``, else its first level-1 heading."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError:
        return None
    if text.startswith("---"):
        head, sep, rest = text[3:].partition("\n---")
        if sep:
            try:
                meta = yaml.safe_load(head)
            except yaml.YAMLError:
                meta = None
            if isinstance(meta, dict) and isinstance(meta.get("title"), str):
                return str(meta["title"])
            text = rest
    found = re.search(r"^#[ \t]+(.+?)[ \t#]*$", text, re.M)
    return found[1] if found else None


@dataclass
class FolderPage:
    """A page known only by its path in the docs folder (any generator).

    Links in the HTML are left as paths relative to the page's source file
    (``../models.md#x``) for the generator to turn into addresses; the
    addresses a script reads from data attributes, which no generator
    rewrites, are worked out here from *url*, the page's own address
    (computed from its path when the generator does not say).
    """

    path: str
    docs_dir: Path
    directory_urls: bool = True
    url: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    """Page titles the navigation gives, by docs path (else a page's own title)."""
    anchor_ids: set[str] = field(default_factory=set)
    trees: list[Tree] = field(default_factory=list)

    def url_of(self, path: str) -> str:
        """Return the address of docs file *path* (``a.md#x``) from this page."""
        path, _, anchor = path.partition("#")
        base = self.url
        if base is None:
            base = page_url(self.path, directory_urls=self.directory_urls)
        url = relative_url(
            page_url(posixpath.normpath(path), directory_urls=self.directory_urls), base
        )
        return f"{url}#{anchor}" if anchor else url

    def links(self, tree: Tree | None) -> DocsLinks:
        """Return the resolver of docs-relative paths from this page."""
        return _FolderLinks(self, tree)

    def asset_url(self, path: str) -> str | None:
        """Return the address of published file *path* from this page."""
        return self.url_of(path)

    def place(self, text: str) -> str:
        """Return ``PATH:LINE:COL`` of *text* in the page's source file."""
        file = self.docs_dir / self.path
        try:
            source = file.read_text(encoding="utf-8")
        except OSError:
            source = ""
        index = source.find(text.strip())
        line = source.count("\n", 0, index) + 1 if index >= 0 else 1
        column = index - source.rfind("\n", 0, index) if index >= 0 else 1
        try:
            shown = file.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            shown = file.as_posix()
        return f"{shown}:{line}:{column}"

    def shown(self, tree: Tree | None, anchor_ids: set[str]) -> None:
        """Note the ids and tree an expanded marker showed."""
        self.anchor_ids |= anchor_ids
        if tree is not None:
            self.trees.append(tree)

    def warn(self, message: str) -> None:
        """Log *message* as a warning."""
        log.warning(message)

    def fail(self, message: str) -> NoReturn:
        """Raise :class:`MarkerError` with *message*."""
        raise MarkerError(message)


# ---------------------------------------------------------------------------
# Rendering


def render_marker(site: Site, page: MarkerPage, kind: str, ids: str, text: str) -> str:
    """Return the HTML of one marker of *kind* naming *ids*; *text* is the marker as written."""
    try:
        if kind == "decision-tree":
            return _render_tree(site, page, ids.strip())
        if kind == "decision-tree-models":
            return _render_by_machine(site, page, ids.strip())
        return _render_catalogue(site, page, kind, ids.split(), text)
    except TreeError as error:
        page.fail(str(error))


def _named_tree(site: Site, page: MarkerPage, kind: str, tree_id: str) -> Tree:
    trees = site.trees()
    tree = trees.get(tree_id)
    if tree is None:
        known = ", ".join(sorted(trees)) or "none"
        page.fail(
            f"{page.path}: the {kind} marker names tree {tree_id!r}, "
            f"which does not exist (known trees: {known})"
        )
    return tree


def _render_tree(site: Site, page: MarkerPage, tree_id: str) -> str:
    tree = _named_tree(site, page, "decision-tree", tree_id)
    # The tables by machine are long: they live on a page of their own.
    view = build_view(tree, page.links(tree), site.catalogue(), tiers=False)
    # The widget's data is read by script, not rewritten: guide pages by address.
    for outcome_id, entry in view.data["outcomes"].items():
        if entry["guide"]["url"] is not None:
            entry["guide"]["url"] = page.asset_url(tree.outcomes[outcome_id].guide)
    page.shown(tree, view.anchor_ids)
    return (
        site.environment()
        .get_template(TREE_TEMPLATE)
        .render(
            tree=view,
            recs_url=_parts_url(page.asset_url(recs_path(tree)), tree),
            machine=machine_question(tree),
            catalogue_url=page.asset_url(CATALOGUE_PAGE),
            by_machine_url=page.links(None).url(BY_MACHINE_PAGE),
        )
    )


def _parts_url(recs_url: str | None, tree: Tree) -> str | None:
    """Return the address of *tree*'s parts folder, from its whole answers file beside it."""
    if recs_url is None:
        return None
    suffix = f"{tree.id}.recs.json"
    return recs_url[: -len(suffix)] + f"{tree.id}/" if recs_url.endswith(suffix) else None


def _render_by_machine(site: Site, page: MarkerPage, tree_id: str) -> str:
    tree = _named_tree(site, page, "decision-tree-models", tree_id)
    view = build_view(tree, page.links(tree), site.catalogue())
    # Jobs whose tables come out the same (several chat-like jobs, before the
    # questions that tell them apart) share one table, under all their names.
    groups: dict[tuple[TierView, ...], list[OutcomeView]] = {}
    for outcome in view.outcomes:
        if outcome.tiers:
            groups.setdefault(outcome.tiers, []).append(outcome)
    page.shown(None, {o.element_id for group in groups.values() for o in group})
    template = site.environment().get_template(BY_MACHINE_TEMPLATE)
    return template.render(tree=view, groups=[(group, tiers) for tiers, group in groups.items()])


def _render_catalogue(site: Site, page: MarkerPage, kind: str, ids: list[str], text: str) -> str:
    catalogue = site.catalogue()
    unknown = [i for i in ids if i not in catalogue.models]
    if unknown or (kind not in WHOLE_CATALOGUE and not ids):
        place = page.place(text)
        if not ids:
            page.fail(f"{place}: error: the {kind} marker names no model")
        page.fail(
            "\n".join(
                f"{place}: error: the {kind} marker names model '{i}', which is not in the "
                "catalogue" + (f" ({hint})" if (hint := did_you_mean(i, catalogue.models)) else "")
                for i in unknown
            )
        )
    links = page.links(None)
    sizing = links.url(SIZING_PAGE) or ""
    catalogue_url = links.url(CATALOGUE_PAGE)
    model_links = [
        f"{catalogue_url}#{model_anchor(i)}" if catalogue_url is not None else None for i in ids
    ]
    env = site.environment()
    if kind == "model-catalogue":
        view = catalogue_view(catalogue)
        anchors = {g.anchor for g in view.groups} | {model_anchor(m.id) for m in catalogue}
        page.shown(None, anchors)
        return env.get_template("partials/model-catalogue.html").render(
            view=view,
            sizing=sizing,
            anchors={m.id: model_anchor(m.id) for m in catalogue},
            names={m.id: m.name for m in catalogue},
        )
    page.shown(None, set())
    if kind == "memory-calculator":
        return env.get_template("partials/memory-calculator.html").render(
            data_json=json.dumps(
                calculator_data(catalogue), ensure_ascii=False, separators=(",", ":")
            ),
            catalogue=page.asset_url(CATALOGUE_PAGE) or "",
            tiers=tier_rows(),
        )
    if kind == "model-sizes":
        return env.get_template("partials/model-sizes.html").render(
            rows=size_rows(catalogue, ids), links=model_links
        )
    return env.get_template("partials/model-table.html").render(
        rows=rows_for(catalogue, ids),
        links=model_links,
        catalogue=catalogue_url or "",
        sizing=sizing,
        context=DEFAULT_CONTEXT,
    )


# ---------------------------------------------------------------------------
# The extension


class _SiteCache:
    """Sites loaded without a front end, kept while their files stay unchanged."""

    sites: dict[tuple[Any, ...], tuple[tuple[tuple[str, int], ...], Site]] = {}  # noqa: RUF012


def _shared_site(site: Site) -> Site:
    key = (site.trees_dir, site.models_dir, site.docs_dir, site.templates)
    fingerprint = site.fingerprint()
    found = _SiteCache.sites.get(key)
    if found is not None and found[0] == fingerprint:
        return found[1]
    _SiteCache.sites[key] = (fingerprint, site)
    return site


class MarkerPreprocessor(Preprocessor):
    """Replaces each marker line with its rendered HTML, kept as one raw-HTML block."""

    def __init__(self, md: markdown.Markdown, extension: DecisionTreeExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        """Return *lines* with each marker line replaced by a raw-HTML placeholder."""
        if not any(LOOSE_MARKER.search(line) for line in lines):
            return lines
        site, page = self.extension.context(self.md)
        out: list[str] = []
        for line in lines:
            match = MARKER.match(line)
            if match is None:
                if LOOSE_MARKER.search(_CODE_SPAN.sub("", line)):
                    page.warn(f"{page.path}: {LOOSE_WARNING}")
                out.append(line)
                continue
            html = render_marker(site, page, match["kind"], match["id"] or "", line)
            # Python-Markdown unwraps a stashed block from its <p> only when the
            # text starts with the tag: templates may start with blank lines.
            placeholder = self.md.htmlStash.store(html.strip())
            out.extend(["", match["indent"] + placeholder, ""])
        return out


class DecisionTreeExtension(Extension):
    """Expands decision-tree and catalogue markers (see the module's documentation)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "trees_dir": ["", "Folder of tree files (default: the package's trees)"],
            "models_dir": ["", "Folder of the model catalogue (default: the package's)"],
            "docs_dir": ["docs", "The docs folder"],
            "templates": ["overrides/partials", "Folder of the theme's partials/ templates"],
            "use_directory_urls": [True, "Pages are served as a/b/ rather than a/b.html"],
            # Not None: Python-Markdown would read a None-default option as a boolean.
            "site": ["", "A decision_tree.markdown_ext.Site (a front end passes its own)"],
            "page": ["", "A MarkerPage for the page being rendered (from a front end)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Register the marker preprocessor: after fenced code (25), before raw HTML (21)."""
        md.registerExtension(self)
        md.preprocessors.register(MarkerPreprocessor(md, self), "decision_tree_markers", 23)

    def context(self, md: markdown.Markdown) -> tuple[Site, MarkerPage]:
        """Return the site and page to render with: passed in, or read from the docs folder."""
        # Zensical keeps the page and its configuration on this preprocessor.
        rendering = next(
            (p for p in md.preprocessors if hasattr(p, "page") and hasattr(p, "config")), None
        )
        settings = getattr(rendering, "config", None) or {}
        root = Path(settings.get("root_dir") or ".")

        def folder(name: str, default: Path) -> Path:
            value = str(self.getConfig(name) or "")
            return root / value if value else default

        site = self.getConfig("site") or None
        if site is None:
            site = _shared_site(
                Site(
                    trees_dir=folder("trees_dir", TREES_DIR),
                    models_dir=folder("models_dir", MODELS_DIR),
                    docs_dir=folder("docs_dir", root / "docs"),
                    templates=folder("templates", root / "overrides/partials"),
                )
            )
        page = self.getConfig("page") or None
        if page is None:
            current = getattr(rendering, "page", None)
            url = getattr(current, "url", None)
            page = FolderPage(
                str(getattr(current, "path", "") or ""),
                site.docs_dir,
                bool(settings.get("use_directory_urls", self.getConfig("use_directory_urls"))),
                url if isinstance(url, str) else None,
                nav_titles(settings.get("nav")),
            )
        return site, page


def makeExtension(**kwargs: Any) -> DecisionTreeExtension:
    """Return the extension (Python-Markdown calls this for ``decision_tree.markdown_ext``)."""
    return DecisionTreeExtension(**kwargs)


# ---------------------------------------------------------------------------
# Publishing data files after a build


def _write(site_dir: Path, files: dict[str, str]) -> Iterator[Path]:
    for name, text in files.items():
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        yield target


def main(argv: Sequence[str] | None = None) -> int:
    """``publish SITE_DIR``: write the data files beside a site another generator built."""
    parser = argparse.ArgumentParser(prog="python -m decision_tree.markdown_ext")
    commands = parser.add_subparsers(dest="command", required=True)
    publish = commands.add_parser(
        "publish", help="write models.json and each tree's answers; minify the site's own files"
    )
    publish.add_argument("site_dir", type=Path)
    publish.add_argument("--trees-dir", type=Path, default=TREES_DIR)
    publish.add_argument("--models-dir", type=Path, default=MODELS_DIR)
    publish.add_argument("--docs-dir", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)
    site = Site(trees_dir=args.trees_dir, models_dir=args.models_dir, docs_dir=args.docs_dir)
    try:
        written = list(_write(args.site_dir, published(site)))
    except TreeError as error:
        print(error, file=sys.stderr)
        return 1
    minified = minify_site(args.site_dir)
    print(f"wrote {len(written)} files to {args.site_dir}, minified {len(minified)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
