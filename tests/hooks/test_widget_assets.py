"""The widget's script and styles follow the rules a strict CSP and both palettes need."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ASSETS = REPO / "overrides" / "assets"
SCRIPTS = [*ASSETS.glob("decision-tree/*.js"), *ASSETS.glob("theme/csp-*.js")]
STYLES = sorted(ASSETS.glob("decision-tree/*.css"))


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_scripts_need_no_unsafe_eval_or_inline_code(path: Path) -> None:
    code = path.read_text(encoding="utf-8")
    for pattern in [r"\beval\s*\(", r"new\s+Function\b", r"setTimeout\s*\(\s*[\"']"]:
        assert not re.search(pattern, code), f"{path.name}: {pattern}"
    # Markup is built with createElement and textContent, never parsed from strings.
    parsing = [r"\.innerHTML\b", r"\.outerHTML\s*=", r"insertAdjacentHTML", r"document\.write"]
    for pattern in parsing:
        assert not re.search(pattern, code), f"{path.name}: {pattern}"
    assert not re.search(r"setAttribute\(\s*[\"']on", code), f"{path.name}: inline handler"
    assert not re.search(r"https?://", code), f"{path.name}: third-party URL"


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.name)
def test_widget_colours_come_from_the_palette(path: Path) -> None:
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    # No colour literals: every colour is a Material palette variable.
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b", css)
    assert not re.findall(r"\b(?:rgba?|hsla?|hwb|lab|lch|oklch|color)\(", css)
    names = {"white", "black", "red", "blue", "green", "grey", "gray", "silver"}
    assert not [w for w in re.findall(r":\s*([a-z]+)\s*[;}]", css) if w in names]
    for variable in set(re.findall(r"var\((--[a-z0-9-]+)", css)):
        assert variable.startswith(("--md-", "--dt-")), variable
    # Own class prefix only: never restyle Material's own components here.
    for selector in re.findall(r"([^{}]+)\{", css):
        for name in re.findall(r"\.([a-zA-Z][\w-]*)", selector):
            assert name.startswith("dt") or name == "md-typeset", (name, selector.strip())
