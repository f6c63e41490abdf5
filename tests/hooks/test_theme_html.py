"""hooks/theme_html.py: Material's drawer and search toggles, made valid HTML."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import material

REPO = Path(__file__).resolve().parents[2]
MATERIAL_BASE = Path(material.__file__).parent / "templates" / "base.html"


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("theme_html", REPO / "hooks" / "theme_html.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_materials_template_still_writes_the_toggles_the_hook_fixes() -> None:
    # On a Material upgrade that changes this markup the hook would silently do
    # nothing; this says where to look.
    template = MATERIAL_BASE.read_text(encoding="utf-8")
    assert _hook().TOGGLES.strip() in template, "Material's toggles changed: update the hook"


def test_the_toggles_lose_autocomplete_and_join_a_form_that_has_it() -> None:
    template = MATERIAL_BASE.read_text(encoding="utf-8")
    start = template.index("<body")
    body = template[start : template.index('<label class="md-overlay"', start)]
    fixed = _hook().on_post_page(body, page=None, config=None)
    toggles = re.findall(r"<input [^>]*>", fixed)
    assert len(toggles) == 2
    for toggle in toggles:
        assert "autocomplete" not in toggle
        assert 'form="__md_toggles"' in toggle
    assert fixed.count('<form id="__md_toggles" autocomplete="off"></form>') == 1
    # The form comes first, at the toggles' indentation; nothing else changed.
    assert fixed.index("<form") < fixed.index("<input")
    assert re.sub(r'<form[^>]*></form>\s*| form="__md_toggles"', "", fixed) == re.sub(
        r' autocomplete="off"', "", body
    )


def test_a_page_without_the_toggles_is_left_alone() -> None:
    page = "<html><body><p>No theme here.</p></body></html>"
    assert _hook().on_post_page(page, page=None, config=None) == page
