"""MkDocs hook: one fix to Material's page markup, so every page is valid HTML.

Material puts ``autocomplete="off"`` on its drawer and search checkboxes, so
that Firefox does not reopen a drawer or search on reload. HTML allows that
attribute on a checkbox only through the checkbox's form (the Nu HTML Checker
reports it on every page, see ``tests/built_site/test_html_valid.py``). This
hook gives the two toggles an empty form with ``autocomplete="off"``, which
Firefox honours the same way; they stay where they were, siblings of
``.md-container``, as Material's CSS needs.

It edits the built page rather than overriding Material's ``base.html``: a copy
of that template would pin the theme's hashed asset names, which Zensical's
theme does not share. Zensical runs no hooks, so its pages keep the markup
its theme writes. A page without the toggles (Material changed them) is left
as it is, and the HTML test says so.
"""

from __future__ import annotations

from typing import Any

TOGGLES = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
    ' autocomplete="off">\n'
)
FORM = '<form id="__md_toggles" autocomplete="off"></form>\n'


def valid_toggles(output: str) -> str:
    """Return *output* with the theme's two toggles in a form with ``autocomplete="off"``."""
    drawer = output.find(TOGGLES)
    if drawer < 0:
        return output
    indent = output[output.rfind("\n", 0, drawer) + 1 : drawer]
    output = output.replace(
        'type="checkbox" id="__drawer" autocomplete="off">',
        'type="checkbox" id="__drawer" form="__md_toggles">',
        1,
    ).replace(
        'type="checkbox" id="__search" autocomplete="off">',
        'type="checkbox" id="__search" form="__md_toggles">',
        1,
    )
    return output[:drawer] + FORM + indent + output[drawer:]


def on_post_page(output: str, **kwargs: Any) -> str:
    """Fix the theme's toggles on every page (see the module's documentation)."""
    return valid_toggles(output)


def on_post_template(output_content: str, **kwargs: Any) -> str:
    """Fix the toggles on pages MkDocs renders from a template alone (404.html)."""
    return valid_toggles(output_content)
