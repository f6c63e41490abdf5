"""Command line: ``python -m decision_tree check|paths|walk|graph|models``.

Exit status: 0 when every tree is valid (and, for ``paths --check``, its
committed paths file is current), 1 when a tree has errors, 2 for a usage
error such as a missing file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .catalogue import MODELS_DIR, check_and_load, load_catalogue
from .diagnostics import Diagnostic, TreeError
from .export import export
from .graph_check import MAX_DEPTH
from .loader import check_file, find_trees, load_tree
from .mermaid import to_mermaid
from .model import Tree
from .paths import REGENERATE, iter_paths, paths_file, paths_table
from .walk import walk
from .yaml_source import MAX_BYTES, MAX_NESTING

_RULES = f"""\
Besides the JSON Schema (decision_tree/schema.json), check enforces: every
next/adds/alternatives/start target exists and has the right kind; every
question and outcome is reachable from start; no cycles; at most {MAX_DEPTH}
questions on any path; distinct answer labels within a question; a guide page
in the docs folder and a resource for every outcome; Markdown without raw HTML
or non-http(s)/mailto links; files at most {MAX_BYTES // 1024} KiB, nested at
most {MAX_NESTING} deep, without anchors, aliases, tags or duplicate keys.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m decision_tree",
        description="Check, list, walk and draw the guide's decision trees.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    docs = argparse.ArgumentParser(add_help=False)
    docs.add_argument(
        "--docs-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder that guide pages and Markdown links are relative to (default: docs/)",
    )
    check = sub.add_parser(
        "check",
        parents=[docs],
        help="check tree files and report every error as PATH:LINE:COL",
        description="Check tree files; errors go to stderr as PATH:LINE:COL: error: message.",
        epilog=_RULES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE", help="default: every tree")
    paths = sub.add_parser(
        "paths",
        parents=[docs],
        help="print every path from start to an outcome as a Markdown table",
        description="Print every path as a Markdown table, or keep the committed "
        "<tree>.paths.md files current.",
    )
    paths.add_argument("file", nargs="?", type=Path, metavar="FILE", help="default: every tree")
    mode = paths.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the committed paths files")
    mode.add_argument(
        "--check", action="store_true", help="fail if a committed paths file is out of date"
    )
    walk_cmd = sub.add_parser("walk", parents=[docs], help="answer the questions in the terminal")
    walk_cmd.add_argument("file", nargs="?", type=Path, metavar="FILE", help="default: the tree")
    graph = sub.add_parser("graph", parents=[docs], help="print the tree as a Mermaid flowchart")
    graph.add_argument("file", nargs="?", type=Path, metavar="FILE", help="default: the tree")
    _models_parser(sub)
    _recommend_parser(sub)
    return parser


def _yes_no(value: str) -> bool:
    if value not in ("yes", "no"):
        raise argparse.ArgumentTypeError("say yes or no")
    return value == "yes"


def _recommend_parser(sub: Any) -> None:
    from .recommend import COMPANIONS, JOBS

    rec = sub.add_parser(
        "recommend",
        help="list the catalogue's models that fit a job and a machine",
        description="List the catalogued models that fit: the job, the memory, the licence, "
        "the languages, the input length and streaming. Memory is sized by the guide's rule "
        "(docs/practical/memory.md).",
    )
    rec.add_argument(
        "--job", required=True, choices=list(JOBS), metavar="JOB", help=", ".join(JOBS)
    )
    rec.add_argument(
        "--with",
        dest="companions",
        action="append",
        default=[],
        choices=list(COMPANIONS),
        metavar="COMPANION",
        help="a companion model as well: " + ", ".join(COMPANIONS),
    )
    rec.add_argument(
        "--memory-gb", type=float, metavar="N", help="memory of one GPU (or RAM with --gpus 0)"
    )
    rec.add_argument("--gpus", type=int, default=1, metavar="N", help="GPUs (0 = none; default 1)")
    rec.add_argument(
        "--device",
        choices=["apple", "cpu", "phone"],
        help="with --gpus 0: Apple unified memory, a plain CPU (default) or a phone",
    )
    rec.add_argument(
        "--commercial", type=_yes_no, metavar="yes|no", help="must commercial use be allowed?"
    )
    rec.add_argument(
        "--language",
        dest="languages",
        action="append",
        default=[],
        metavar="CODE",
        help="ISO 639-1 code of a language it must handle (repeatable)",
    )
    rec.add_argument("--context", type=int, metavar="TOKENS", help="longest input, in tokens")
    rec.add_argument("--streaming", type=_yes_no, metavar="yes|no", help="speech: must it stream?")
    rec.add_argument("--json", action="store_true", help="print the answer as JSON")
    rec.add_argument("--models-dir", type=Path, default=None, metavar="DIR", help=argparse.SUPPRESS)


def _models_parser(sub: Any) -> None:
    models = sub.add_parser(
        "models",
        help="check, list or verify the model catalogue",
        description="The model catalogue in decision_tree/models/.",
    )
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--models-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="the catalogue's folder (default: decision_tree/models/)",
    )
    verbs = models.add_subparsers(dest="verb", required=True, metavar="VERB")
    verbs.add_parser(
        "check",
        parents=[where],
        help="report every problem as PATH:LINE:COL (exit 1 on errors; warnings do not fail)",
    )
    listing = verbs.add_parser(
        "list", parents=[where], help="list the models, with their memory at each precision"
    )
    listing.add_argument("--json", action="store_true", help="print models.json")
    verify = verbs.add_parser(
        "verify",
        parents=[where],
        help="compare every entry with the Hugging Face Hub and print what differs",
    )
    verify.add_argument(
        "--tolerance",
        type=float,
        default=0.02,
        metavar="SHARE",
        help="report numbers that differ by more than this share (default 0.02)",
    )
    verify.add_argument("model_ids", nargs="*", metavar="ID", help="default: every model")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 invalid tree, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    docs_dir: Path | None = getattr(args, "docs_dir", None)
    if docs_dir is not None and not docs_dir.is_dir():
        parser.error(f"--docs-dir {docs_dir}: no such folder")
    if args.command == "check":
        return _check(parser, args.files or _default_trees(), docs_dir)
    if args.command == "models":
        return _models(parser, args)
    if args.command == "recommend":
        return _recommend(parser, args)
    files = [args.file] if args.file else _default_trees()
    for path in files:
        _require_file(parser, path)
    if args.command == "paths" and (args.write or args.check):
        return _paths_files(files, docs_dir, write=args.write)
    if len(files) != 1:
        parser.error("name the tree file to use")
    tree = _load(files[0], docs_dir)
    if tree is None:
        return 1
    if args.command == "paths":
        sys.stdout.write(paths_table(tree, files[0], _catalogue_or_none()))
        return 0
    if args.command == "graph":
        sys.stdout.write(to_mermaid(tree))
        return 0
    try:
        catalogue = load_catalogue()
    except TreeError as exc:
        _report(exc.diagnostics)
        return 1
    return walk(tree, sys.stdin, sys.stdout, catalogue)


def _default_trees() -> list[Path]:
    """Every committed tree, shown relative to the working folder when inside it."""
    here = Path.cwd()
    return [
        Path(os.path.relpath(path, here)) if path.is_relative_to(here) else path
        for path in find_trees()
    ]


def _require_file(parser: argparse.ArgumentParser, path: Path) -> None:
    if not path.is_file():
        parser.error(f"{path}: no such file")


def _report(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _load(path: Path, docs_dir: Path | None) -> Tree | None:
    """Load the tree, or print its diagnostics and return None."""
    diagnostics = check_file(path, docs_dir=docs_dir)
    if diagnostics:
        _report(diagnostics)
        print(f"{path}: {_count(len(diagnostics))}", file=sys.stderr)
        return None
    return load_tree(path, docs_dir=docs_dir)


def _count(errors: int) -> str:
    return f"{errors} error" + ("" if errors == 1 else "s")


def _check(parser: argparse.ArgumentParser, files: list[Path], docs_dir: Path | None) -> int:
    for path in files:
        _require_file(parser, path)
    errors = 0
    broken = 0
    for path in files:
        diagnostics = check_file(path, docs_dir=docs_dir)
        if diagnostics:
            _report(diagnostics)
            errors += len(diagnostics)
            broken += 1
        else:
            tree = load_tree(path, docs_dir=docs_dir)
            count = sum(1 for _ in iter_paths(tree))
            print(
                f"{path}: OK ({len(tree.questions)} questions, {len(tree.outcomes)} outcomes, "
                f"{count} paths)"
            )
    if errors:
        print(
            f"{_count(errors)} in {broken} of {len(files)} file{'s' if len(files) != 1 else ''}",
            file=sys.stderr,
        )
        return 1
    return 0


def _paths_files(files: list[Path], docs_dir: Path | None, *, write: bool) -> int:
    """Write or compare the committed ``<tree>.paths.md`` of each file."""
    status = 0
    for path in files:
        tree = _load(path, docs_dir)
        if tree is None:
            status = 1
            continue
        target = paths_file(path)
        text = paths_table(tree, path, _catalogue_or_none())
        if write:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
                print(f"wrote {target}")
        elif not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(
                f"{target}: out of date with {path}; regenerate it with: {REGENERATE}",
                file=sys.stderr,
            )
            status = 1
    return status


def _models(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run ``models check|list|verify``."""
    models_dir: Path = args.models_dir or MODELS_DIR
    if not models_dir.is_dir():
        parser.error(f"--models-dir {models_dir}: no such folder")
    if args.verb == "check":
        checked, diagnostics = check_and_load(models_dir, recommended=_recommended())
        _report(diagnostics)
        errors = sum(1 for d in diagnostics if d.severity == "error")
        warnings = len(diagnostics) - errors
        if errors or checked is None:
            print(f"catalogue: {_count(errors)}, {warnings} warnings", file=sys.stderr)
            return 1
        catalogue = checked
        print(
            f"{_relative(models_dir)}: OK ({len(catalogue)} models, "
            f"{len(catalogue.licences)} licences, {warnings} warnings)"
        )
        return 0
    try:
        catalogue = load_catalogue(models_dir)
    except TreeError as exc:
        _report(exc.diagnostics)
        return 1
    if args.verb == "list":
        if args.json:
            json.dump(export(catalogue), sys.stdout, indent=1, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(_models_table(catalogue))
        return 0
    from .verify import verify_catalogue

    return verify_catalogue(catalogue, args.model_ids, args.tolerance, sys.stdout)


def _relative(path: Path) -> str:
    here = Path.cwd().resolve()
    resolved = path.resolve()
    return str(resolved.relative_to(here)) if resolved.is_relative_to(here) else str(path)


def _recommended() -> dict[str, list[str]]:
    """Map each model id the committed trees can recommend to the outcomes that list it.

    The recommender lists models, so this asks it: every job on every machine
    of each tree's hardware question, with no other filter.
    """
    from .recommend import recommend
    from .tree_recs import constraints_of

    try:
        catalogue = load_catalogue()
    except TreeError:
        return {}
    found: dict[str, list[str]] = {}
    for path in find_trees():
        try:
            tree = load_tree(path, check_models=False)
        except TreeError:
            continue
        machines = [
            o.sets for q in tree.questions.values() for o in q.options if "memory_gb" in o.sets
        ]
        for outcome in tree.outcomes.values():
            named = list(outcome.models)
            if outcome.job:
                for sets in machines:
                    answer = recommend(catalogue, constraints_of(outcome.job, sets))
                    named += [p.model.id for p in answer.models]
            for model_id in dict.fromkeys(named):
                found.setdefault(model_id, []).append(f"'{outcome.id}'")
    return found


def _models_table(catalogue: Any) -> str:
    from .export import weights_table

    rows = ["id\ttype\tparams_b\tcontext\tcommercial\tbf16_gb\tq4_gb"]
    for model in catalogue:
        weights = weights_table(model)
        rows.append(
            f"{model.id}\t{model.type}\t{model.params_b:g}\t{model.context_tokens or '-'}\t"
            f"{model.licence.commercial}\t{weights['bf16']}\t{weights['q4']}"
        )
    return "\n".join(rows) + "\n"


def _recommend(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run ``recommend``: print the fitting models (exit 1 when none fits)."""
    from .recommend import ConstraintError, Constraints, describe, recommend

    try:
        constraints = Constraints(
            job=args.job,
            companions=tuple(args.companions),
            memory_gb=args.memory_gb,
            gpus=args.gpus,
            device=args.device,
            commercial=args.commercial,
            languages=tuple(args.languages),
            context_tokens=args.context,
            streaming=args.streaming,
        )
    except ConstraintError as exc:
        parser.error(str(exc))
    if args.gpus >= 1 and args.device:
        parser.error("--device goes with --gpus 0")
    try:
        catalogue = load_catalogue(args.models_dir or MODELS_DIR)
    except TreeError as exc:
        _report(exc.diagnostics)
        return 1
    answer = recommend(catalogue, constraints)
    if args.json:
        json.dump(answer.to_json(), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(describe(answer))
    return 0 if answer.models else 1


def _catalogue_or_none() -> Any:
    """Return the committed catalogue, or None when it has errors (``models check`` says)."""
    try:
        return load_catalogue()
    except TreeError:
        return None
