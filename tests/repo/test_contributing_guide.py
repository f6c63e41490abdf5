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


def apply_example(tmp_path: Path, sets_key: str) -> Path:
    """Follow step 1 on a copy of the tree; return the new tree file."""
    (option,) = fenced_blocks(worked_example(), "yaml")
    tree = TREE.read_text(encoding="utf-8")
    # Step 1: the new answer goes at the end of the `languages` question's options.
    question = tree.index("\n  languages:\n")
    end_of_question = tree.index("\n\n", question)
    option = option.replace("sets: {languages:", f"sets: {{{sets_key}:")
    tree = tree[:end_of_question] + "\n" + option.rstrip("\n") + tree[end_of_question:]
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
    tree = apply_example(tmp_path, sets_key="languages")
    result = check(tree, ROOT / "docs")
    assert result.returncode == 0, result.stderr
    recommend = subprocess.run(
        [
            sys.executable,
            "-m",
            "decision_tree",
            "recommend",
            "--job",
            "chat",
            "--memory-gb",
            "24",
            "--language",
            "ko",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert recommend.returncode == 0, "the catalogue has models that name Korean"


def test_the_error_shown_for_a_typo_is_the_one_the_checker_prints(tmp_path: Path) -> None:
    shown = fenced_blocks(worked_example(), "text")[0]
    message = shown.split(": error: ", 1)[1].strip()
    tree = apply_example(tmp_path, sets_key="language")
    result = check(tree, ROOT / "docs")
    assert result.returncode == 1
    assert re.search(r"choose-model\.yaml:\d+:\d+: error: ", result.stderr)
    assert message in result.stderr


# ---------------------------------------------------------------------------
# "Adding or correcting a model": the catalogue's worked example.

MODELS = ROOT / "decision_tree" / "models"


def model_example() -> str:
    return GUIDE.split("### Worked example: add a model", 1)[1].split("\n### ", 1)[0]


def example_entry() -> str:
    """The YAML block of the example that holds the new entry."""
    blocks = [b for b in fenced_blocks(model_example(), "yaml") if "hf_repo:" in b]
    assert len(blocks) == 1, "the example shows one model entry"
    return blocks[0]


def apply_model_example(tmp_path: Path, entry: str) -> Path:
    """Copy the real catalogue and add *entry* where the guide says; return the copy's folder."""
    models = tmp_path / "decision_tree" / "models"
    shutil.copytree(MODELS, models)
    target = re.search(r"goes in\s+`([^`]+\.yaml)`", model_example())
    assert target, "the example names the file the entry goes in"
    path = models / target.group(1)
    text = path.read_text(encoding="utf-8")
    assert text.rstrip("\n").splitlines()[-1].startswith("    "), "the file ends in its models list"
    path.write_text(text.rstrip("\n") + "\n" + entry, encoding="utf-8")
    return models


def models_check(models: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decision_tree", "models", "check", "--models-dir", str(models)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_following_the_model_example_gives_a_valid_catalogue(tmp_path: Path) -> None:
    entry = example_entry()
    model_id = re.search(r"- id: (\S+)", entry)
    assert model_id
    assert model_id.group(1) not in MODELS.joinpath("small-and-mid.yaml").read_text("utf-8")
    models = apply_model_example(tmp_path, entry)
    result = models_check(models, tmp_path)
    assert result.returncode == 0, result.stderr
    assert " error: " not in result.stderr
    assert result.stdout.startswith("decision_tree/models: OK ("), result.stdout
    # The sizes the guide quotes are the ones `models list` computes for the entry.
    listing = subprocess.run(
        [sys.executable, "-m", "decision_tree", "models", "list", "--models-dir", str(models)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    row = next(r for r in listing.stdout.splitlines() if r.startswith(model_id.group(1) + "\t"))
    bf16, q4 = row.split("\t")[-2:]
    assert f"{bf16} GB at BF16 and {q4} GB at Q4_K_M" in " ".join(model_example().split())


def test_the_error_shown_for_a_wrong_licence_is_the_one_models_check_prints(
    tmp_path: Path,
) -> None:
    shown = fenced_blocks(model_example(), "text")[0]
    typed = re.search(r"Had you typed\s+`(\w+): ([^`]+)`", model_example())
    assert typed, "the guide says which mistake produces the error it shows"
    key, wrong = typed.groups()
    entry = example_entry()
    right = re.search(rf"^\s*{key}: (\S+)$", entry, re.MULTILINE)
    assert right
    broken = entry.replace(f"{key}: {right.group(1)}\n", f"{key}: {wrong}\n", 1)
    assert broken != entry
    models = apply_model_example(tmp_path, broken)
    result = models_check(models, tmp_path)
    assert result.returncode == 1
    lines = shown.strip().splitlines()
    place, message = lines[0].split(": error: ", 1)
    printed = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(printed) == 1, result.stderr
    assert printed[0].startswith(place.rsplit(":", 2)[0] + ":")
    assert printed[0].endswith(": error: " + message)
    # The hint under the error, and the count that ends the output.
    printed_lines = result.stderr.splitlines()
    assert printed_lines[printed_lines.index(printed[0]) + 1] == lines[1]
    assert re.fullmatch(r"catalogue: 1 error, \d+ warnings", printed_lines[-1])
