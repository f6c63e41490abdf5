"""Every built page carries its Content-Security-Policy in a meta tag, before any script.

GitHub Pages sends no CSP header, so the policy travels in the page
(overrides/main.html). A meta policy governs only what follows it, so it must
come before the first script and stylesheet. Scripts come from the site's own
files only: no 'unsafe-inline', no 'unsafe-eval', no other hosts.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _Head(HTMLParser):
    """The CSP meta tags of a page and what came before the first of them."""

    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.before: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "meta" and found.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(found.get("content", ""))
        elif not self.policies and (
            tag == "script" or (tag == "link" and found.get("rel") == "stylesheet")
        ):
            self.before.append(tag)


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def test_every_page_has_one_csp_meta_before_its_scripts(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 2, pages
    problems: list[str] = []
    for path in pages:
        head = _Head()
        head.feed(path.read_text(encoding="utf-8"))
        where = path.relative_to(built_site).as_posix()
        if len(head.policies) != 1:
            problems.append(f"{where}: {len(head.policies)} CSP meta tags, want 1")
            continue
        if head.before:
            problems.append(f"{where}: {', '.join(head.before)} before the CSP meta")
        scripts = directives(head.policies[0]).get("script-src")
        if scripts != ["'self'"]:
            problems.append(f"{where}: script-src is {scripts}, want only 'self'")
    assert not problems, "\n".join(problems)
