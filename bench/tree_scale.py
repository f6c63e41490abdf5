"""Tree scale: synthetic trees of about 100, 1,000 and 10,000 nodes through load, check and render.

*load + check* is :func:`decision_tree.load_tree`, what the hook calls for each
tree file (reading, the schema, graph and Markdown checks, and the model);
*render* is what the hook then does with the tree: :func:`build_view` and the
theme's ``partials/decision-tree.html`` template, with the same Jinja options.
The trees come from :mod:`synthetic`; a 10,000-node tree is about 4 MiB of
YAML and 85,000 values, beyond the engine's deliberate limits for one file
(1 MiB, 50,000 values), so those two limits are raised while this runs and
restored after. For the explanation, each size is also timed stage by stage.

The yardstick is PyYAML's C loader alone, ``yaml.load(text,
Loader=yaml.CSafeLoader)`` on the same file, timed in the same run, in turn
with the load and the render: load + check + render should take at most
:data:`RATIO_TARGET` times as long. ``python bench/tree_scale.py [NODES ...]``
runs just this benchmark and prints the figures.
"""

from __future__ import annotations

import functools
import posixpath
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import synthetic
import yaml
from common import REPO, median
from mkdocs.theme import Theme

from decision_tree import Tree, load_tree, yaml_source
from decision_tree.catalogue import MODELS_DIR, load_catalogue
from decision_tree.catalogue_model import Catalogue
from decision_tree.graph_check import check_graph
from decision_tree.markdown_check import check_markdown
from decision_tree.render import build_view
from decision_tree.schema_check import check_schema
from decision_tree.tree_recs import machine_question

SIZES = (100, 1_000, 10_000)
RATIO_TARGET = 2.0
"""Load, check and render of the largest tree: at most this many bare C loads."""
DOCS = REPO / "docs"
TEMPLATE = "partials/decision-tree.html"
PAGE = "decision-tree/index.html"
"""Where the tree is shown, for relative links."""


class _Links:
    """Docs links as seen from the tree page (the hook asks MkDocs' file list instead)."""

    def url(self, path: str) -> str | None:
        page, _, anchor = path.partition("#")
        target = page.removesuffix("index.md").removesuffix(".md")
        target = target + "/" if target and not target.endswith("/") else target
        url = posixpath.relpath(target or ".", posixpath.dirname(PAGE)) + "/"
        return f"{url}#{anchor}" if anchor else url

    def title(self, path: str) -> str | None:
        return None


def _template() -> jinja2.Template:
    theme = Theme(name="material", custom_dir=str(REPO / "overrides"))
    env = jinja2.Environment(
        loader=theme.get_env().loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(TEMPLATE)


@functools.cache
def _catalogue() -> Catalogue:
    return load_catalogue(MODELS_DIR)


def render(tree: Tree, template: jinja2.Template) -> str:
    """Return the tree's HTML as the tree page gets it (the tables by machine are elsewhere)."""
    return template.render(
        tree=build_view(tree, _Links(), _catalogue(), tiers=False),
        recs_url=f"../assets/decision-tree/{tree.id}/",
        machine=machine_question(tree),
        catalogue_url="../models/",
        by_machine_url="../models-by-machine/",
    )


def bare_load(path: Path) -> Any:
    """PyYAML's C loader on the file: no checks, no positions (the yardstick)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@contextmanager
def raised_limits() -> Iterator[None]:
    """Let the loader read files bigger than its limits allow (restored afterwards)."""
    saved = yaml_source.MAX_BYTES, yaml_source.MAX_NODES
    yaml_source.MAX_BYTES, yaml_source.MAX_NODES = 64 * 1024 * 1024, 10_000_000
    try:
        yield
    finally:
        yaml_source.MAX_BYTES, yaml_source.MAX_NODES = saved


def _timed(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return median(times), result


@dataclass
class Size:
    """Timings (seconds, medians) for one synthetic tree."""

    target: int
    questions: int
    outcomes: int
    file_bytes: int
    html_bytes: int
    repeat: int
    load: float
    render: float
    stages: dict[str, float] = field(default_factory=dict)
    libyaml_compose: float | None = None
    """For comparison only: libyaml's C composer on the same file (no checks, no positions)."""
    yaml_load: float | None = None
    """The yardstick: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same file, median
    of as many runs, taken in turn with the timed load and render."""

    @property
    def nodes(self) -> int:
        """Questions plus outcomes."""
        return self.questions + self.outcomes

    @property
    def total(self) -> float:
        """Load, check and render."""
        return self.load + self.render

    @property
    def load_ratio(self) -> float | None:
        """Load, check and render over the bare C load of the same file."""
        return self.total / self.yaml_load if self.yaml_load else None


def _stages(path: Path) -> dict[str, float]:
    """Time each stage once: reading, schema, graph checks, Markdown checks."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    source = yaml_source.read_source(path)
    times["read YAML"] = time.perf_counter() - start
    for name, check in (
        ("JSON Schema", lambda: check_schema(source)),
        ("graph checks", lambda: check_graph(source, DOCS)),
        ("Markdown checks", lambda: check_markdown(source, DOCS)),
    ):
        start = time.perf_counter()
        problems = check()
        times[name] = time.perf_counter() - start
        if problems:
            raise SystemExit(f"{path.name}: {problems[:3]}")
    return times


def measure(sizes: tuple[int, ...] = SIZES, quick: bool = False) -> list[Size]:
    """Time every size; fewer repeats for the larger trees (and in *quick* mode)."""
    template = _template()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-trees-") as tmp, raised_limits():
        for nodes in sizes:
            path = synthetic.write_tree(nodes, Path(tmp))
            repeat = 1 if quick else (9 if nodes <= 100 else 5 if nodes <= 1000 else 3)
            loads, renders, bare = [], [], []
            tree: Any = None
            html = ""
            for _ in range(repeat):
                # In turn, so that the load on the machine weighs on all three alike.
                if yaml.__with_libyaml__:
                    bare.append(_timed(lambda p=path: bare_load(p), 1)[0])
                seconds, tree = _timed(lambda p=path: load_tree(p, docs_dir=DOCS), 1)
                loads.append(seconds)
                seconds, html = _timed(lambda t=tree: render(t, template), 1)
                renders.append(seconds)
            load, rendered = median(loads), median(renders)
            size = Size(
                target=nodes,
                questions=len(tree.questions),
                outcomes=len(tree.outcomes),
                file_bytes=path.stat().st_size,
                html_bytes=len(html.encode("utf-8")),
                repeat=repeat,
                load=load,
                render=rendered,
                stages=_stages(path),
                yaml_load=median(bare) if bare else None,
            )
            size.stages["render (view + template)"] = size.render
            if yaml.__with_libyaml__:
                text = path.read_text(encoding="utf-8")
                start = time.perf_counter()
                yaml.compose(text, Loader=yaml.CSafeLoader)
                size.libyaml_compose = time.perf_counter() - start
            results.append(size)
    return results


def real_tree() -> tuple[int, float, float]:
    """Return (nodes, load seconds, render seconds) for the site's own tree, median of 9."""
    path = REPO / "decision_tree" / "trees" / "choose-model.yaml"
    load, tree = _timed(lambda: load_tree(path, docs_dir=DOCS), 9)
    rendered, _ = _timed(lambda: render(tree, _template()), 9)
    return len(tree.questions) + len(tree.outcomes), load, rendered


def main() -> None:
    """Run the tree-scale benchmark alone and print its figures."""
    import sys

    sizes = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    for size in measure(sizes):
        ratio = size.load_ratio
        verdict = "" if ratio is None else f", {ratio:.2f}x the bare C load"
        met = "" if ratio is None else (" (met)" if ratio <= RATIO_TARGET else " (not met)")
        print(
            f"{size.nodes:,} nodes ({size.file_bytes / 1024:,.0f} KB, {size.repeat} runs): "
            f"load + check {size.load:.3f} s, render {size.render:.3f} s, "
            f"total {size.total:.3f} s; yaml.load (CSafeLoader) "
            f"{size.yaml_load or 0:.3f} s{verdict}{met}"
        )
        print("  stages: " + ", ".join(f"{k} {v:.3f} s" for k, v in size.stages.items()))


if __name__ == "__main__":
    main()
