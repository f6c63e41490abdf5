"""decision_tree.css_purge: which of Material's rules a site keeps; how the files are swapped."""

from __future__ import annotations

from pathlib import Path

from decision_tree.css_purge import Usage, purge_css, purge_site


def usage(*classes: str, prefixes: tuple[str, ...] = (), **colours: str) -> Usage:
    return Usage(
        classes=set(classes),
        prefixes=set(prefixes),
        colours={f"data-md-color-{k}": {v} for k, v in colours.items()},
    )


def test_a_rule_needing_an_unused_class_goes_and_a_used_one_stays() -> None:
    css = ".md-used{color:red}.md-unused{color:blue}.md-used .md-unused{margin:0}"
    assert purge_css(css, usage("md-used")) == ".md-used{color:red}\n"


def test_only_the_selectors_that_can_match_are_kept_in_a_list() -> None:
    css = ".a,.b,p{color:red}"
    assert purge_css(css, usage("b")) == ".b,p{color:red}\n"


def test_classes_inside_functions_never_drop_a_selector() -> None:
    # :not(.x) matches every element when no page uses .x.
    css = "p:not(.x){color:red}.y:is(.z){color:blue}"
    assert purge_css(css, usage("y")) == css + "\n"


def test_a_media_block_with_no_rule_left_goes() -> None:
    css = "@media screen and (min-width:10em){.gone{color:red}}@media print{.kept{color:red}}"
    assert purge_css(css, usage("kept")) == "@media print{.kept{color:red}}\n"


def test_template_prefixes_from_scripts_keep_their_classes() -> None:
    css = ".md-tag--x{color:red}.md-tagged{color:blue}"
    assert purge_css(css, usage(prefixes=("md-tag--",))) == ".md-tag--x{color:red}\n"


def test_unused_palette_values_go_and_the_one_in_use_stays() -> None:
    css = (
        "[data-md-color-primary=red]{--c:red}"
        "[data-md-color-primary=indigo]{--c:indigo}a{color:var(--c)}"
    )
    assert purge_css(css, usage(primary="indigo")) == (
        "[data-md-color-primary=indigo]{--c:indigo}a{color:var(--c)}\n"
    )


def test_unread_custom_properties_go_even_through_a_chain() -> None:
    # --b is read only by --a, which nothing reads: both go; --c is read by a kept rule.
    css = ":root{--a:var(--b);--b:1px;--c:2px;--d:3px}.gone{margin:var(--d)}p{margin:var(--c)}"
    assert purge_css(css, usage()) == ":root{--c:2px}p{margin:var(--c)}\n"


def test_custom_properties_read_elsewhere_stay() -> None:
    css = ":root{--x:1px;--y:2px}"
    kept = Usage(custom={"--x"})
    assert purge_css(css, kept, also_read=["--y"]) == ":root{--x:1px;--y:2px}\n"


def test_unknown_at_rules_and_important_flags_are_kept() -> None:
    css = (
        "@font-face{font-family:x;src:url(x.woff2)}"
        "@keyframes k{0%{opacity:0}}p{color:red!important}"
    )
    assert purge_css(css, usage()) == css + "\n"


def _site(root: Path, css: str = ".md-a{color:red}.md-b{color:blue}") -> Path:
    folder = root / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "main.0123abcd.min.css").write_text(css, encoding="utf-8")
    (folder / "main.0123abcd.min.css.map").write_text("{}", encoding="utf-8")
    (folder / "palette.89abcdef.min.css").write_text(":root{--unread:1}", encoding="utf-8")
    (folder / "palette.89abcdef.min.css.map").write_text("{}", encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "index.html").write_text(
        '<link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">'
        '<link rel="stylesheet" href="../assets/stylesheets/palette.89abcdef.min.css">'
        '<p class="md-a">x</p>',
        encoding="utf-8",
    )
    return folder


def test_purge_site_renames_by_content_and_repoints_every_page(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    done = purge_site(tmp_path)
    assert [d.original for d in done] == ["main.0123abcd.min.css", "palette.89abcdef.min.css"]
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2, names
    assert not any(n.endswith(".map") for n in names), names
    main = next(d.published for d in done if d.original.startswith("main"))
    assert (folder / main).read_text(encoding="utf-8") == ".md-a{color:red}\n"
    page = (tmp_path / "sub" / "index.html").read_text(encoding="utf-8")
    assert f"../assets/stylesheets/{main}" in page
    assert "0123abcd" not in page
    assert "89abcdef" not in page
    # Running again finds no original: nothing changes.
    assert purge_site(tmp_path) == []
    assert sorted(p.name for p in folder.iterdir()) == names


def test_a_dirty_rebuild_starts_again_from_the_fresh_original(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    first = {d.original: d.published for d in purge_site(tmp_path)}
    # MkDocs copies the original back; a new page uses .md-b; the old page keeps its links.
    (folder / "main.0123abcd.min.css").write_text(".md-a{color:red}.md-b{color:blue}")
    (folder / "main.0123abcd.min.css.map").write_text("{}")
    (tmp_path / "new.html").write_text(
        '<link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css"><i class="md-b">',
        encoding="utf-8",
    )
    second = {d.original: d.published for d in purge_site(tmp_path)}
    main = second["main.0123abcd.min.css"]
    assert main != first["main.0123abcd.min.css"]
    assert (folder / main).read_text(encoding="utf-8") == ".md-a{color:red}.md-b{color:blue}\n"
    for page in (tmp_path / "sub" / "index.html", tmp_path / "new.html"):
        assert main in page.read_text(encoding="utf-8"), page
    assert not (folder / first["main.0123abcd.min.css"]).exists()
