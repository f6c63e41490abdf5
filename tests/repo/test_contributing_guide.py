"""CONTRIBUTING.md's worked example works as written: a newcomer following it gets a valid tree."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
TREE = ROOT / "decision_tree" / "trees" / "choose-model.yaml"


def worked_example() -> str:
    return GUIDE.split("### Worked example", 1)[1].split("\n### ", 1)[0]


def fenced_blocks(text: str, lang: str) -> list[str]:
    """Fenced blocks of *lang*, with the list indentation removed."""
    blocks = re.findall(rf"^( *)```{lang}\n(.*?)^\1```", text, re.MULTILINE | re.DOTALL)
    return [
        "\n".join(line[len(indent) :] for line in body.splitlines()) + "\n"
        for indent, body in blocks
    ]


def apply_example(tmp_path: Path, adds: str) -> Path:
    """Follow steps 1-3 on a copy of the repository's docs and tree; return the new tree file."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    page = re.search(r"Write the page `docs/([^`]+)`", worked_example())
    assert page, "step 1 names the page to write"
    (docs / page.group(1)).write_text("# Rerankers\n", encoding="utf-8")
    outcome, option = fenced_blocks(worked_example(), "yaml")
    tree = TREE.read_text(encoding="utf-8")
    # Step 3: the new answer goes at the end of the `extras` question's options.
    extras = tree.index("\n  extras:\n")
    end_of_extras = tree.index("\n\n", extras)
    option = option.replace("adds: reranker", f"adds: {adds}")
    tree = tree[:end_of_extras] + "\n" + option.rstrip("\n") + tree[end_of_extras:]
    # Step 2: the outcome goes under `outcomes:`.
    tree = tree.replace("\noutcomes:\n", "\noutcomes:\n" + outcome, 1)
    target = tmp_path / "choose-model.yaml"
    target.write_text(tree, encoding="utf-8")
    return target


def check(tree: Path, docs: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decision_tree", "check", "--docs-dir", str(docs), str(tree)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_following_the_worked_example_gives_a_valid_tree(tmp_path: Path) -> None:
    tree = apply_example(tmp_path, adds="reranker")
    result = check(tree, tmp_path / "docs")
    assert result.returncode == 0, result.stderr


def test_the_error_shown_for_a_typo_is_the_one_the_checker_prints(tmp_path: Path) -> None:
    shown = fenced_blocks(worked_example(), "text")[0]
    message = shown.split(": error: ", 1)[1].strip()
    tree = apply_example(tmp_path, adds="rerankr")
    result = check(tree, tmp_path / "docs")
    assert result.returncode == 1
    assert re.search(r"choose-model\.yaml:\d+:\d+: error: ", result.stderr)
    assert message in result.stderr
