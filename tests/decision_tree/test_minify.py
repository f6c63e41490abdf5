"""decision_tree.minify: the site's own CSS and JS lose their comments and nothing else."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from decision_tree.minify import OWN_ASSETS, minify_site, minify_text

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "overrides" / "assets"


def test_comments_and_spare_space_go_strings_stay() -> None:
    css = '/* why */\n.a  >  .b {\n  content: "/* kept */";\n  color: red;\n}\n'
    assert minify_text(css, ".css") == '.a>.b{content:"/* kept */";color:red}\n'
    js = '// why\nvar url = "https://example.org/a"; /* note */\nvar re = /[^/]*$/;\n'
    small = minify_text(js, ".js")
    assert "why" not in small
    assert "note" not in small
    assert '"https://example.org/a"' in small
    assert "/[^/]*$/" in small


def test_another_kind_of_file_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'\.html'"):
        minify_text("<p>", ".html")


def test_the_sites_own_files_shrink_once_and_only_once(tmp_path: Path) -> None:
    # The built site's folders hold copies of overrides/assets/ (theme, catalogue, decision-tree).
    for folder in OWN_ASSETS:
        shutil.copytree(SOURCES / folder.removeprefix("assets/"), tmp_path / folder)
    (tmp_path / "assets" / "javascripts").mkdir()
    theirs = tmp_path / "assets" / "javascripts" / "bundle.min.js"
    theirs.write_text("/* Material's */ var a = 1;\n")
    done = minify_site(tmp_path)
    names = {d.path for d in done}
    assert "assets/decision-tree/decision-tree.js" in names
    assert "assets/theme/site.css" in names
    assert theirs.read_text() == "/* Material's */ var a = 1;\n", "Material's files are its own"
    before = sum(len(gzip.compress(Path(SOURCES, d.path[7:]).read_bytes())) for d in done)
    after = sum(len(gzip.compress((tmp_path / d.path).read_bytes())) for d in done)
    assert after < 0.75 * before, (before, after)
    assert minify_site(tmp_path) == [], "a second run changed something"
