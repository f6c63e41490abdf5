"""The site's own stylesheets and scripts, published without comments and spare space.

The sources under ``overrides/assets/`` are commented for contributors; a
reader needs none of that. After a build, :func:`minify_site` rewrites the
copies in the built site (the folders in :data:`OWN_ASSETS`) with rcssmin
and rjsmin, which drop comments and whitespace and change nothing else. It
runs from the MkDocs hook after every build and from ``python -m
decision_tree.markdown_ext publish`` after any other generator, so both
publish the same files. Material's own files are minified already and are
left alone. Running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

OWN_ASSETS = ("assets/theme", "assets/catalogue", "assets/decision-tree")
"""The built site's folders of files that come from ``overrides/assets/``."""


@dataclass(frozen=True)
class Minified:
    """One file rewritten: its site path and its size before and after, in bytes."""

    path: str
    before: int
    after: int


def minify_text(text: str, suffix: str) -> str:
    """Return CSS (``.css``) or JavaScript (``.js``) *text* without comments and spare space."""
    if suffix == ".css":
        return str(rcssmin.cssmin(text)) + "\n"
    if suffix == ".js":
        return str(rjsmin.jsmin(text)) + "\n"
    raise ValueError(f"cannot minify a {suffix!r} file")


def minify_site(site_dir: Path) -> list[Minified]:
    """Rewrite the site's own CSS and JS files in *site_dir* minified; return what changed."""
    done = []
    for folder in OWN_ASSETS:
        root = site_dir / folder
        if not root.is_dir():
            continue
        for file in sorted(root.rglob("*")):
            if file.suffix not in (".css", ".js") or not file.is_file():
                continue
            text = file.read_text(encoding="utf-8")
            small = minify_text(text, file.suffix)
            if small != text:
                file.write_text(small, encoding="utf-8")
                done.append(
                    Minified(
                        file.relative_to(site_dir).as_posix(),
                        len(text.encode()),
                        len(small.encode()),
                    )
                )
    return done
