"""Turn a :class:`~decision_tree.model.Tree` into what a web page shows.

Pure Python, no MkDocs: a front end passes a :class:`DocsLinks` that knows
where guide pages live, and gets back a :class:`TreeView` (plain data plus
sanitised HTML for the Markdown fields) that a template lays out, and the JSON
the interactive widget reads.

Tree files arrive through pull requests, so every string is untrusted:
Markdown is rendered with raw HTML switched off and then cleaned by ``nh3``
down to a few tags and http/https/mailto/relative URLs; plain strings stay
plain (the template escapes them) and URLs pass :func:`safe_url`.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .model import Option, Outcome, Question, Tree

if TYPE_CHECKING:
    from .catalogue_model import Catalogue
    from .catalogue_view import ModelRow

#: Tags Markdown fields may keep after cleaning; everything else is stripped.
ALLOWED_TAGS = frozenset(
    {"a", "p", "em", "strong", "code", "pre", "ul", "ol", "li", "br", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


ROUTE_TEXT = "The recommendation for the job you chose"
"""How a route reads on the page: it leads to the outcome of the reader's job."""


class DocsLinks(Protocol):
    """Where pages of the documentation live, as seen from the page showing the tree."""

    def url(self, path: str) -> str | None:
        """Return the URL of docs-relative *path* (``a/b.md#anchor``), or None if no such page."""
        ...

    def title(self, path: str) -> str | None:
        """Return the title of the page at docs-relative *path*, or None if unknown."""
        ...


# ---------------------------------------------------------------------------
# Markdown and URLs


# Whitespace (``\s`` is str.isspace()), control characters, quotes, brackets, backslash.
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f<>\"'`\\]")


def safe_url(url: str) -> str | None:
    """Return *url* if it is http(s), mailto or relative, else None (``javascript:`` ...).

    Whitespace and control characters anywhere reject it: browsers drop tabs
    and newlines inside URLs, so ``java<TAB>script:`` would run as script.
    """
    if not url or _UNSAFE_IN_URL.search(url):
        return None
    scheme = urlsplit(url).scheme.lower()
    if scheme:
        return url if scheme in URL_SCHEMES else None
    return url


def _is_docs_link(href: str) -> bool:
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and parts.path.endswith(".md")


class _LinkProcessor(Treeprocessor):
    """Check every link; point ``[text](page.md#x)`` at the built page (paths relative to docs/)."""

    def __init__(self, md: markdown.Markdown, links: DocsLinks | None) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: ET.Element) -> None:
        for anchor in root.iter("a"):
            href = safe_url(anchor.get("href", ""))
            if href is not None and _is_docs_link(href):
                path = posixpath.normpath(href)
                href = self.links.url(path) if self.links and not path.startswith("..") else None
            if href is None:
                anchor.attrib.pop("href", None)
            else:
                anchor.set("href", href)


@functools.cache
def _converter() -> tuple[markdown.Markdown, _LinkProcessor]:
    """Return the one Markdown converter every field shares.

    Setting up Python-Markdown's pipeline costs more than converting a short
    field, so it is built once and reset between fields.
    """
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    processor = _LinkProcessor(md, None)
    md.treeprocessors.register(processor, "dt_links", 1)
    return md, processor


class _Rendered:
    """The HTML of texts already rendered through one *links* resolver, the last one used.

    The resolver is held (not just its id), so another object can never be
    mistaken for it; a new resolver starts an empty cache.
    """

    links: DocsLinks | None = None
    html: dict[str, Markup] = {}  # noqa: RUF012 (one cache, shared on purpose)
    LIMIT = 10_000
    """Most texts kept; a bigger set starts over."""


def render_markdown(text: str, *, links: DocsLinks | None = None) -> Markup:
    """Render untrusted Markdown *text* to clean HTML.

    Raw HTML in the source is shown as text, never as markup. Links to ``.md``
    files are resolved through *links* (dropped when it does not know them).
    Each distinct text is rendered once for a given *links* object: a big
    tree repeats the same help and summary texts many times.
    """
    if links is not _Rendered.links or len(_Rendered.html) >= _Rendered.LIMIT:
        _Rendered.links, _Rendered.html = links, {}
    found = _Rendered.html.get(text)
    if found is None:
        found = _Rendered.html[text] = _render_markdown(text, links)
    return found


def _render_markdown(text: str, links: DocsLinks | None) -> Markup:
    md, processor = _converter()
    processor.links = links
    try:
        html = md.reset().convert(text)
    finally:
        processor.links = None
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
    )
    return Markup(cleaned)  # safe: nh3 cleaned it just above


# ---------------------------------------------------------------------------
# Element ids


def root_id(tree_id: str) -> str:
    """Return the id of the element holding the whole tree."""
    return f"dt-{tree_id}"


def node_id(tree: Tree, node: str) -> str:
    """Return the element id of question or outcome *node* in the server-rendered list.

    The double hyphen cannot come out of a heading slug, so these never clash
    with ids Markdown gives headings.
    """
    kind = "q" if node in tree.questions else "o"
    return f"{root_id(tree.id)}--{kind}-{node}"


def map_id(tree: Tree, node: str) -> str:
    """Return the element id of *node* in the map of the tree."""
    return f"{root_id(tree.id)}--map-{node}"


# ---------------------------------------------------------------------------
# The view


@dataclass(frozen=True)
class Link:
    """A link with its text; ``url`` None means "show the text only"."""

    text: str
    url: str | None


@dataclass(frozen=True)
class OptionView:
    """One answer in the server-rendered list: a link to where it leads (or what it adds)."""

    label: str
    key: str
    hint: str | None
    unsure: bool
    target: Link


@dataclass(frozen=True)
class QuestionView:
    """A question as the server-rendered list shows it."""

    id: str
    element_id: str
    text: str
    help: Markup | None
    multiple: bool
    options: tuple[OptionView, ...]
    continue_to: Link | None


@dataclass(frozen=True)
class ModelLink:
    """A recommended model: its catalogue row and its address in the catalogue."""

    row: ModelRow
    url: str | None


@dataclass(frozen=True)
class PickView:
    """One fitting model in an outcome's table of hardware tiers."""

    name: str
    url: str | None
    precision: str
    needs: str
    commercial: str
    commercial_text: str
    command: str | None = None
    """The first command that runs it on that machine, if any."""


@dataclass(frozen=True)
class TierView:
    """The models that fit one kind of machine (the answers of the hardware question)."""

    label: str
    picks: tuple[PickView, ...]


@dataclass(frozen=True)
class OutcomeView:
    """A recommendation with its links already resolved."""

    id: str
    element_id: str
    title: str
    summary: Markup
    guide: Link
    models: tuple[ModelLink, ...]
    resources: tuple[Link, ...]
    alternatives: tuple[Link, ...]
    tiers: tuple[TierView, ...] = ()
    """Without JavaScript: for each machine, the models that fit at the default context.

    Left empty on the tree page itself (see :attr:`by_machine`): the tables are
    long, so they are laid out on a page of their own by the
    ``decision-tree-models`` marker.
    """
    by_machine: bool = False
    """Whether the outcome has such tables (a job or a companion, and a hardware question)."""


@dataclass(frozen=True)
class MapNode:
    """One entry of the map.

    A "question" is written out in full the first time the walk meets it; a
    later meeting is a "ref", a link back to it. An "outcome" is short, so it
    is written out each time; only the first carries the element id
    (``first``).
    """

    kind: Literal["question", "outcome", "ref"]
    id: str
    text: str
    element_id: str
    link: Link | None = None
    branches: tuple[MapBranch, ...] = ()
    then: MapNode | None = None
    first: bool = True


@dataclass(frozen=True)
class MapBranch:
    """An answer in the map, with the node it leads to or the outcome it adds."""

    question: str
    key: str
    label: str
    unsure: bool
    child: MapNode | None = None
    adds: Link | None = None


@dataclass(frozen=True)
class TreeView:
    """Everything a template needs to lay out one tree."""

    id: str
    element_id: str
    title: str
    intro: Markup | None
    questions: tuple[QuestionView, ...]
    outcomes: tuple[OutcomeView, ...]
    map: MapNode
    data: dict[str, Any] = field(repr=False)

    @property
    def anchor_ids(self) -> set[str]:
        """Return every element id the rendered tree defines (for link checkers)."""
        ids = {self.element_id, f"{self.element_id}--map", f"{self.element_id}--outcomes"}
        ids.update(q.element_id for q in self.questions)
        ids.update(o.element_id for o in self.outcomes)
        ids.update(node.element_id for node in _walk_map(self.map) if node.first)
        return ids

    @property
    def data_json(self) -> str:
        """Return :attr:`data` as compact JSON for the widget."""
        return json.dumps(self.data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _walk_map(node: MapNode) -> Iterator[MapNode]:
    yield node
    for branch in node.branches:
        if branch.child is not None:
            yield from _walk_map(branch.child)
    if node.then is not None:
        yield from _walk_map(node.then)


def reading_order(tree: Tree) -> list[str]:
    """Return question and outcome ids in the order a depth-first walk from the start meets them.

    Outcomes reachable only as companions, and anything unreachable, follow.
    """
    # A dict keeps insertion order with O(1) lookups (a list made big trees quadratic).
    seen: dict[str, None] = {}

    def visit(node: str) -> None:
        if node in seen or (node not in tree.questions and node not in tree.outcomes):
            return
        seen[node] = None
        question = tree.questions.get(node)
        if question is None:
            return
        for option in question.options:
            if option.next:
                visit(option.next)
        if question.next:
            visit(question.next)

    visit(tree.start)
    for question in tree.questions.values():
        for option in question.options:
            if option.adds:
                visit(option.adds)
    for node in [*tree.questions, *tree.outcomes]:
        visit(node)
    return list(seen)


class _ViewBuilder:
    def __init__(
        self, tree: Tree, links: DocsLinks, catalogue: Catalogue | None, *, tiers: bool = True
    ) -> None:
        self.tree = tree
        self.links = links
        self.catalogue = catalogue
        self.with_tiers = tiers
        # The question that sets the machine: the tables by machine have a row per answer.
        self.machine_question = next(
            (q for q in tree.questions.values() if any("memory_gb" in o.sets for o in q.options)),
            None,
        )
        self.guides: dict[str, Link] = {}

    def models(self, outcome: Outcome) -> tuple[ModelLink, ...]:
        from .catalogue_view import model_anchor, model_row

        if self.catalogue is None:
            return ()
        found = []
        for model_id in outcome.models:
            model = self.catalogue.models.get(model_id)
            if model is not None:
                found.append(
                    ModelLink(
                        model_row(model), self.links.url(f"models.md#{model_anchor(model_id)}")
                    )
                )
        return tuple(found)

    def md(self, text: str | None) -> Markup | None:
        return None if text is None else render_markdown(text, links=self.links)

    def guide(self, outcome: Outcome) -> Link:
        # Asked once per outcome: a missing page is reported once, not per use.
        if outcome.id not in self.guides:
            title = self.links.title(outcome.guide) or outcome.title
            self.guides[outcome.id] = Link(title, self.links.url(outcome.guide))
        return self.guides[outcome.id]

    def known(self, node: str | None) -> bool:
        return node is not None and (
            node in self.tree.questions or node in self.tree.outcomes or node in self.tree.routes
        )

    def text(self, node: str) -> str:
        if node in self.tree.questions:
            return self.tree.questions[node].text
        return self.tree.outcomes[node].title if node in self.tree.outcomes else node

    def in_page(self, node: str | None) -> Link:
        if node is not None and node in self.tree.routes:
            return Link(ROUTE_TEXT, f"#{root_id(self.tree.id)}--outcomes")
        if node is None or not self.known(node):
            return Link(node or "", None)
        return Link(self.text(node), f"#{node_id(self.tree, node)}")

    def static_target(self, option: Option) -> str | None:
        """Where an answer's link leads without JavaScript.

        An answer that sets the job goes straight to that job's outcome, whose
        section lists the models for every machine: the later questions only
        narrow that list, which needs the widget.
        """
        job = option.sets.get("job")
        if isinstance(job, str):
            for route in self.tree.routes.values():
                if route.on == "job" and job in route.cases:
                    return route.cases[job]
        return option.adds or option.next

    def question(self, question: Question) -> QuestionView:
        options = tuple(
            OptionView(
                label=option.label,
                key=option.key,
                hint=option.hint,
                unsure=option.unsure,
                target=self.in_page(self.static_target(option)),
            )
            for option in question.options
        )
        return QuestionView(
            id=question.id,
            element_id=node_id(self.tree, question.id),
            text=question.text,
            help=self.md(question.help),
            multiple=question.multiple,
            options=options,
            continue_to=self.in_page(question.next)
            if question.multiple and question.next
            else None,
        )

    def outcome(self, outcome: Outcome) -> OutcomeView:
        return OutcomeView(
            id=outcome.id,
            element_id=node_id(self.tree, outcome.id),
            title=outcome.title,
            summary=render_markdown(outcome.summary, links=self.links),
            guide=self.guide(outcome),
            models=self.models(outcome),
            resources=tuple(Link(r.title, safe_url(r.url)) for r in outcome.resources),
            alternatives=tuple(
                self.in_page(alt) for alt in outcome.alternatives if alt in self.tree.outcomes
            ),
            tiers=self.tiers(outcome) if self.with_tiers else (),
            by_machine=self.hardware(outcome) is not None,
        )

    def hardware(self, outcome: Outcome) -> Question | None:
        """Return the question that sets the machine, if *outcome* gets tables by machine."""
        if self.catalogue is None or not (outcome.job or outcome.companion):
            return None
        return self.machine_question

    def tiers(self, outcome: Outcome) -> tuple[TierView, ...]:
        """For each answer of the hardware question, the models that fit (no other filter)."""
        from .catalogue_view import COMMERCIAL_TEXT, format_gb, model_anchor
        from .memory import PRECISION_LABELS
        from .recommend import recommend
        from .tree_recs import constraints_of

        hardware = self.hardware(outcome)
        if hardware is None or self.catalogue is None:
            return ()
        rows = []
        seen: list[dict[str, Any]] = []
        for option in hardware.options:
            if option.unsure or option.sets in seen:
                continue
            seen.append(option.sets)
            if outcome.job:
                answer = recommend(self.catalogue, constraints_of(outcome.job, option.sets))
                picks = answer.models
            else:
                answer = recommend(
                    self.catalogue,
                    constraints_of("chat", option.sets, (outcome.companion or "",)),
                )
                picks = next(c.models for c in answer.companions if c.name == outcome.companion)
            rows.append(
                TierView(
                    option.label,
                    tuple(
                        PickView(
                            p.model.name,
                            self.links.url(f"models.md#{model_anchor(p.model.id)}"),
                            PRECISION_LABELS[p.precision],
                            format_gb(p.needs_gb),
                            p.model.licence.commercial,
                            COMMERCIAL_TEXT[p.model.licence.commercial],
                            p.runs[0].command if p.runs else None,
                        )
                        for p in picks[:3]
                    ),
                )
            )
        return tuple(rows)

    def map_node(self, node: str, seen: set[str]) -> MapNode:
        tree = self.tree
        first = node not in seen
        seen.add(node)
        if node in tree.routes:
            link = self.in_page(node)
            return MapNode("outcome", node, ROUTE_TEXT, map_id(tree, node), link, first=first)
        if node in tree.outcomes:
            outcome = tree.outcomes[node]
            link = Link(outcome.title, self.guide(outcome).url)
            return MapNode("outcome", node, outcome.title, map_id(tree, node), link, first=first)
        if not first:
            text = self.text(node)
            return MapNode(
                "ref",
                node,
                text,
                map_id(tree, node),
                Link(text, f"#{map_id(tree, node)}"),
                first=False,
            )
        question = tree.questions[node]
        branches = []
        for option in question.options:
            adds = None
            child = None
            if option.adds and option.adds in tree.outcomes:
                added = tree.outcomes[option.adds]
                adds = Link(added.title, self.guide(added).url)
            elif option.next and self.known(option.next):
                child = self.map_node(option.next, seen)
            branches.append(
                MapBranch(question.id, option.key, option.label, option.unsure, child, adds)
            )
        then = None
        if question.multiple and question.next and self.known(question.next):
            then = self.map_node(question.next, seen)
        return MapNode(
            "question",
            node,
            question.text,
            map_id(tree, node),
            branches=tuple(branches),
            then=then,
        )

    def data(self) -> dict[str, Any]:
        """Return the widget data: structure and plain text (rich text stays in the page)."""
        tree = self.tree
        questions = {}
        for question in tree.questions.values():
            options = []
            for option in question.options:
                item: dict[str, Any] = {"key": option.key, "label": option.label}
                if option.hint:
                    item["hint"] = option.hint
                if option.unsure:
                    item["unsure"] = True
                if option.next:
                    item["next"] = option.next
                if option.adds:
                    item["adds"] = option.adds
                if option.sets:
                    item["sets"] = option.sets
                options.append(item)
            entry: dict[str, Any] = {"text": question.text, "options": options}
            if question.multiple:
                entry["multiple"] = True
                entry["next"] = question.next
            if question.when:
                entry["when"] = {k: list(v) for k, v in question.when.items()}
                entry["next"] = question.next
            questions[question.id] = entry
        outcomes = {}
        for outcome in tree.outcomes.values():
            guide = self.guide(outcome)
            outcomes[outcome.id] = {
                "title": outcome.title,
                "guide": {"text": guide.text, "url": guide.url},
                "models": list(outcome.models),
                "resources": [{"text": r.title, "url": safe_url(r.url)} for r in outcome.resources],
                "alternatives": [a for a in outcome.alternatives if a in tree.outcomes],
            }
            if outcome.job:
                outcomes[outcome.id]["job"] = outcome.job
            if outcome.companion:
                outcomes[outcome.id]["companion"] = outcome.companion
        data: dict[str, Any] = {
            "version": 1,
            "id": tree.id,
            "title": tree.title,
            "start": tree.start,
            "questions": questions,
            "outcomes": outcomes,
        }
        if tree.routes:
            data["routes"] = {
                rid: {"on": route.on, "cases": dict(route.cases)}
                for rid, route in tree.routes.items()
            }
        return data

    def build(self) -> TreeView:
        order = reading_order(self.tree)
        return TreeView(
            id=self.tree.id,
            element_id=root_id(self.tree.id),
            title=self.tree.title,
            intro=self.md(self.tree.intro),
            questions=tuple(
                self.question(self.tree.questions[n]) for n in order if n in self.tree.questions
            ),
            outcomes=tuple(
                self.outcome(self.tree.outcomes[n]) for n in order if n in self.tree.outcomes
            ),
            map=self.map_node(self.tree.start, set()),
            data=self.data(),
        )


def build_view(
    tree: Tree, links: DocsLinks, catalogue: Catalogue | None = None, *, tiers: bool = True
) -> TreeView:
    """Return the :class:`TreeView` of *tree*, its links resolved through *links*.

    With a *catalogue*, each outcome's models come with their catalogue rows
    and, unless *tiers* is false, the models that fit each kind of machine.
    """
    return _ViewBuilder(tree, links, catalogue, tiers=tiers).build()
