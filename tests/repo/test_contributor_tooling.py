"""Contributor tooling that cannot run here (workflows, pre-commit, VS Code), checked statically."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def load_yaml(path: Path) -> Any:
    # PyYAML reads the key `on` as True (YAML 1.1); normalise it back.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def uses(step_list: list[dict[str, Any]]) -> list[str]:
    return [s["uses"] for s in step_list if "uses" in s]


def runs(step_list: list[dict[str, Any]]) -> str:
    return "\n".join(s.get("run", "") for s in step_list)


@pytest.mark.parametrize(
    ("schema", "pattern"),
    [
        ("vendor.github-workflows", ".github/workflows/*.yml"),
        ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/[!c]*.yml"),
        ("vendor.github-issue-config", ".github/ISSUE_TEMPLATE/config.yml"),
    ],
)
def test_github_files_match_githubs_schemas(schema: str, pattern: str) -> None:
    files = sorted(str(p) for p in ROOT.glob(pattern))
    assert files, f"no files match {pattern}"
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_make_test_on_pull_requests_and_pushes_with_chromium() -> None:
    ci = load_yaml(WORKFLOWS / "ci.yml")
    assert "pull_request" in ci["on"]
    assert ci["on"]["push"]["branches"] == ["main"]
    job_steps = steps(ci, "test")
    script = runs(job_steps)
    assert "chromium" in script
    assert re.search(r"^make test$", script, re.MULTILINE)
    assert script.index("chromium") < script.index("make test")


def test_deploy_builds_strict_and_publishes_with_the_official_pages_actions() -> None:
    deploy = load_yaml(WORKFLOWS / "deploy.yml")
    build = steps(deploy, "build")
    assert "make build" in runs(build)  # `make build` is `mkdocs build --strict`
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses(build))
    assert any(u.startswith("actions/deploy-pages@") for u in uses(steps(deploy, "deploy")))
    assert deploy["permissions"]["pages"] == "write"
    assert deploy["permissions"]["id-token"] == "write"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^build:.*\n\t.*mkdocs build --strict$", makefile, re.MULTILINE)


def test_link_check_is_scheduled_and_only_reports_failures() -> None:
    links = load_yaml(WORKFLOWS / "links.yml")
    assert links["on"]["schedule"], "the link check must run on a schedule"
    job_steps = steps(links, "links")
    assert any(u.startswith("lycheeverse/lychee-action@") for u in uses(job_steps))
    report = next(s for s in job_steps if "create-issue" in s.get("uses", ""))
    assert "exit_code != 0" in report["if"], "an issue must be opened only when links are broken"


def test_every_action_is_pinned_to_a_version() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        workflow = load_yaml(path)
        for job in workflow["jobs"]:
            for ref in uses(steps(workflow, job)):
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v?\d+\.\d+\.\d+", ref), f"{path.name}: {ref}"


def test_pre_commit_config_is_valid_and_runs_the_project_checks() -> None:
    config_path = ROOT / ".pre-commit-config.yaml"
    result = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", str(config_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = load_yaml(config_path)
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "check-yaml"} <= hooks.keys()
    assert re.search(hooks["check-yaml"]["exclude"], "mkdocs.yml")
    entries = " ".join(h.get("entry", "") for h in hooks.values())
    assert "decision_tree check" in entries
    assert "decision_tree paths --check" in entries
    # `make lint` must run the same project checks for people without pre-commit.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "decision_tree check" in lint
    assert "decision_tree paths --check" in lint
    assert "ruff check" in lint
    assert "ruff format --check" in lint


def test_vscode_maps_every_tree_file_to_the_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    schema_path, glob = next(iter(mapping.items()))
    assert (ROOT / schema_path).resolve() == ROOT / "decision_tree" / "schema.json"
    trees = sorted((ROOT / "decision_tree" / "trees").glob("*.yaml"))
    assert trees
    for tree in trees:
        assert tree.match(glob), f"{tree.name} is not covered by {glob}"
        first_line = tree.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=../schema.json"
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
