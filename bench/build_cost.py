"""Build cost: ``mkdocs build`` of the whole site, and the tree hook's share of it.

Two temporary configs inherit mkdocs.yml (``INHERIT``): one as it is, one with
``hooks: []`` and the Markdown extension ``decision_tree.markdown_ext`` left
out of ``markdown_extensions`` (it expands the markers since the site also
builds under Zensical). Under INHERIT, MkDocs merges mappings but replaces
lists, so the second build leaves the decision-tree marker unrendered; the benchmark
checks that it did, and that the first rendered the tree. Relative paths in
an inherited config are read from the child config's folder, so the child
restates them as absolute paths. Builds alternate between the two configs
(ABBA order) so that a change in machine load hits both alike.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from common import REPO, Build, build_site, median
from mkdocs.utils import yaml_load

MARKER = "<!-- decision-tree: "
RENDERED = "data-dt-tree="
TREE_PAGE = Path("decision-tree") / "index.html"
EXTENSION = "decision_tree.markdown_ext"


@dataclass
class BuildCost:
    """Medians (seconds) of the builds with and without the hook."""

    runs: int
    with_hook: list[Build]
    without_hook: list[Build]

    def summary(self) -> dict[str, float]:
        """Return the medians, their ratio and the hook's share."""
        wall_with = median([b.wall for b in self.with_hook])
        wall_without = median([b.wall for b in self.without_hook])
        own_with = median([b.reported for b in self.with_hook])
        own_without = median([b.reported for b in self.without_hook])
        return {
            "runs": self.runs,
            "wall_with": wall_with,
            "wall_without": wall_without,
            "reported_with": own_with,
            "reported_without": own_without,
            "ratio": wall_with / wall_without,
            "hook_share": (own_with - own_without) / own_with,
            "hook_seconds": own_with - own_without,
        }


def _configs(folder: Path) -> tuple[Path, Path]:
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml_load(handle)
    absolute: dict[str, Any] = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(REPO / raw.get("docs_dir", "docs")),
        "watch": [str(REPO / p) for p in raw.get("watch", [])],
    }
    custom_dir = (raw.get("theme") or {}).get("custom_dir")
    if custom_dir:
        absolute["theme"] = {"custom_dir": str(REPO / custom_dir)}
    with_hook = folder / "with-hook.yml"
    without_hook = folder / "without-hook.yml"
    hooks = [str(REPO / p) for p in raw.get("hooks", [])]
    with_hook.write_text(yaml.safe_dump({**absolute, "hooks": hooks}), encoding="utf-8")
    extensions = [
        e
        for e in raw.get("markdown_extensions", [])
        if not (e == EXTENSION or (isinstance(e, dict) and EXTENSION in e))
    ]
    without_hook.write_text(
        yaml.safe_dump({**absolute, "hooks": [], "markdown_extensions": extensions}),
        encoding="utf-8",
    )
    return with_hook, without_hook


def measure(runs: int, site_url: str) -> BuildCost:
    """Build the site *runs* times with and without the hook (plus one warm-up each)."""
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        folder = Path(tmp)
        with_hook, without_hook = _configs(folder)
        site_with, site_without = folder / "with", folder / "without"
        # Warm-up builds, also proof that the configs do what they claim.
        build_site(site_with, site_url, with_hook)
        build_site(site_without, site_url, without_hook, strict=False)
        page_with = (site_with / TREE_PAGE).read_text(encoding="utf-8")
        page_without = (site_without / TREE_PAGE).read_text(encoding="utf-8")
        if RENDERED not in page_with or MARKER in page_with:
            raise SystemExit("the build with the hook did not render the decision tree")
        if MARKER not in page_without or RENDERED in page_without:
            raise SystemExit("hooks: [] under INHERIT did not drop the hook")
        cost = BuildCost(runs, [], [])
        for index in range(runs):
            order = [True, False] if index % 2 == 0 else [False, True]
            for hooked in order:
                # Both without --strict: it only changes the exit status, not the work.
                if hooked:
                    cost.with_hook.append(build_site(site_with, site_url, with_hook, strict=False))
                else:
                    cost.without_hook.append(
                        build_site(site_without, site_url, without_hook, strict=False)
                    )
        return cost
