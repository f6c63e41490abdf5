"""Command line: ``python -m decision_tree check|paths|walk|graph``.

PROVISIONAL: only ``check`` exists yet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import TreeError
from .loader import find_trees, load_tree


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 invalid tree, 2 usage)."""
    parser = argparse.ArgumentParser(prog="python -m decision_tree")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check tree files")
    check.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    status = 0
    for path in args.files or find_trees():
        try:
            load_tree(path)
        except TreeError as exc:
            print(exc, file=sys.stderr)
            status = 1
    return status
