"""MkDocs hook that turns a decision-tree marker into the interactive tree.

PROVISIONAL: the marker is left as it is until the widget lands.
"""

from __future__ import annotations

from typing import Any


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Return the page's Markdown (markers not yet rendered)."""
    return markdown
