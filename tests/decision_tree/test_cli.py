"""The ``python -m decision_tree`` command line: exit codes and output.

Most tests call ``decision_tree.cli.main``, the function ``python -m
decision_tree`` runs, in this process (with its own working folder, standard
input and output), which spares a Python start-up per case; the first tests
run the real command in a subprocess, so the entry point itself is covered.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BROKEN, FIXTURE_DOCS, GOLDEN, REPO

from decision_tree.cli import main

SAMPLE = GOLDEN / "sample.yaml"
DOCS = ["--docs-dir", str(FIXTURE_DOCS)]


def subprocess_run(
    *args: str, stdin: str = "", cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m decision_tree ARGS`` as a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "decision_tree", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def run(*args: str, stdin: str = "", cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the command line in this process, as ``python -m decision_tree ARGS`` would."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    saved_stdin = sys.stdin
    os.chdir(cwd)
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors and --help
                code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
    finally:
        sys.stdin = saved_stdin
        os.chdir(here)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def test_the_real_command_checks_the_committed_trees():
    result = subprocess_run("check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "decision_tree/trees/choose-model.yaml: OK (" in result.stdout


def test_the_real_command_fails_on_a_broken_file_with_no_traceback():
    result = subprocess_run("check", *DOCS, str(BROKEN / "cycle.yaml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cycle.yaml:" in result.stderr
    assert result.stdout == ""


def test_check_of_the_committed_trees_passes():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "decision_tree/trees/choose-model.yaml: OK (" in result.stdout


def test_check_of_a_valid_file_prints_an_ok_line():
    result = run("check", *DOCS, str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{SAMPLE}: OK (3 questions, 5 outcomes, 5 paths)\n"


def test_check_of_every_broken_file_fails_cleanly_in_one_run():
    files = sorted(str(p.relative_to(REPO)) for p in BROKEN.glob("*.yaml"))
    result = run("check", *DOCS, *files)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name in files:
        assert f"\n{name}:" in "\n" + result.stderr, name
    assert result.stderr.endswith(f"in {len(files)} of {len(files)} files\n")
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["paths", "graph", "walk"])
@pytest.mark.parametrize("case", ["empty", "cycle", "bad-utf8", "deep-nesting"])
def test_other_commands_fail_cleanly_on_a_broken_file(command, case):
    result = run(command, *DOCS, str(BROKEN / f"{case}.yaml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{case}.yaml:" in result.stderr
    assert result.stdout == ""


def test_diagnostics_format_with_hint_and_count(tmp_path):
    tree = tmp_path / "t.yaml"
    tree.write_text(
        SAMPLE.read_text(encoding="utf-8").replace('label: "Yes"', "label: Yes"), "utf-8"
    )
    result = run("check", *DOCS, "t.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "t.yaml:40:16: error: 'label' of option 1 of question 'size' must be text, "
        "not the boolean true\n"
        '    hint: put it in quotes: label: "Yes" (YAML reads unquoted Yes as the boolean true)\n'
        "1 error in 1 of 1 file\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("frobnicate",),
        ("check", "--no-such-option"),
        ("check", "no/such/file.yaml"),
        ("check", "--docs-dir", "no/such/dir"),
        ("paths", "--write", "--check"),
        ("graph", "no/such/file.yaml"),
    ],
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage:" in result.stderr


def test_help_documents_the_depth_limit():
    result = run("check", "--help")
    assert result.returncode == 0
    assert "at most 12" in result.stdout


def test_paths_prints_the_table():
    result = run("paths", *DOCS, str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / "sample.paths.md").read_text(encoding="utf-8")


def test_graph_prints_mermaid():
    result = run("graph", *DOCS, str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / "sample.mmd").read_text(encoding="utf-8")


def test_committed_paths_file_is_current():
    result = run("paths", "--check")
    assert result.returncode == 0, result.stderr


def test_paths_check_fails_on_a_stale_file_and_write_fixes_it(tmp_path):
    tree = tmp_path / "sample.yaml"
    shutil.copy(SAMPLE, tree)
    table = tmp_path / "sample.paths.md"
    table.write_text("stale\n", encoding="utf-8")
    stale = run("paths", "--check", *DOCS, str(tree))
    assert stale.returncode == 1
    assert "out of date" in stale.stderr
    assert "python -m decision_tree paths --write" in stale.stderr
    written = run("paths", "--write", *DOCS, str(tree))
    assert written.returncode == 0, written.stderr
    assert table.read_text(encoding="utf-8") == (GOLDEN / "sample.paths.md").read_text("utf-8")
    assert run("paths", "--check", *DOCS, str(tree)).returncode == 0


def test_paths_check_fails_when_the_table_is_missing(tmp_path):
    tree = tmp_path / "sample.yaml"
    shutil.copy(SAMPLE, tree)
    result = run("paths", "--check", *DOCS, str(tree))
    assert result.returncode == 1
    assert "sample.paths.md: out of date" in result.stderr


def test_walk_reaches_a_recommendation():
    result = run("walk", *DOCS, str(SAMPLE), stdin="1\n1,2\n2\n")
    assert result.returncode == 0, result.stderr
    assert "Recommendation: A small model" in result.stdout
    assert "A search model" in result.stdout
    assert "A voice model" in result.stdout


def test_walk_exits_cleanly_at_end_of_input():
    result = run("walk", *DOCS, str(SAMPLE), stdin="")
    assert result.returncode == 0
    assert result.stderr == ""
    assert "Stopped." in result.stdout
