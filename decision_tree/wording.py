"""Plain-English names for places in a tree ("'label' of option 2 of question 'q'")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .yaml_source import DataPath

_ITEM_NAMES = {
    "options": "option",
    "resources": "resource",
    "alternatives": "alternative",
    "models": "model",
    "sources": "source",
    "languages": "language",
    "also": "type",
}


def describe(path: DataPath) -> str:
    """Name the value at *path* the way an author would say it."""
    parts: list[str] = []
    index = 0
    while index < len(path):
        step = path[index]
        following = path[index + 1] if index + 1 < len(path) else None
        if (
            step in ("questions", "outcomes", "licences")
            and index == 0
            and isinstance(following, str)
        ):
            parts.append(f"{step[:-1]} '{following}'")
            index += 2
        elif isinstance(step, str) and step in _ITEM_NAMES and isinstance(following, int):
            parts.append(f"{_ITEM_NAMES[step]} {following + 1}")
            index += 2
        else:
            parts.append(f"'{step}'" if isinstance(step, str) else f"item {step + 1}")
            index += 1
    return " of ".join(reversed(parts)) if parts else "the tree"


def kind_of(value: Any) -> str:
    """Name the YAML type of *value* ("the boolean true", "a list")."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "empty (null)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return ``did you mean 'x'?`` for the closest of *choices*, or None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None
