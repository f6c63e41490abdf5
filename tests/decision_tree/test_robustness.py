"""Hostile or broken input always ends in located errors, never a crash or a hang.

The large cases are generated here rather than committed.
"""

from __future__ import annotations

from pathlib import Path

from conftest import BROKEN, FIXTURE_DOCS

from decision_tree import check_file
from decision_tree.yaml_source import MAX_BYTES, MAX_NESTING

BASE = (BROKEN.parent / "golden" / "sample.yaml").read_text(encoding="utf-8")


def _check(tmp_path: Path, content: str | bytes, name: str = "tree.yaml"):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return check_file(path, docs_dir=FIXTURE_DOCS)


def test_file_over_the_size_limit_is_reported_at_1_1(tmp_path):
    big = "# padding\n" * (MAX_BYTES // 10 + 1) + BASE
    (found,) = _check(tmp_path, big)
    assert (found.line, found.column) == (1, 1)
    assert "larger than 1024 KiB" in found.message


def test_file_of_several_megabytes_is_not_read_whole(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"a: [" + b"1, " * (3 * MAX_BYTES) + b"1]\n")
    (found,) = check_file(path)
    assert "larger than" in found.message


def test_deeply_nested_lists_stop_at_the_nesting_limit(tmp_path):
    depth = 100_000
    (found,) = _check(tmp_path, "intro: " + "[" * depth + "]" * depth + "\n")
    # The root mapping is level 1, so the 50th bracket opens level 51.
    assert (found.line, found.column) == (1, 8 + MAX_NESTING - 1)
    assert f"deeper than {MAX_NESTING} levels" in found.message


def test_deeply_nested_mappings_stop_at_the_nesting_limit(tmp_path):
    text = "".join(" " * level + f"k{level}:\n" for level in range(500))
    (found,) = _check(tmp_path, text)
    assert (found.line, found.column) == (MAX_NESTING, MAX_NESTING)
    assert "nesting" in found.message


def test_alias_bomb_is_rejected_at_its_first_alias_before_expansion(tmp_path):
    # The "billion laughs": fully expanded it would hold 10**9 strings.
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        aliases = ", ".join([f"*a{level - 1}"] * 10)
        rows.append(f"a{level}: &a{level} [{aliases}]")
    found = _check(tmp_path, "\n".join(rows) + "\n")
    first_alias = next(d for d in found if "alias" in d.message)
    assert (first_alias.line, first_alias.column) == (2, 10)
    assert first_alias.message == "alias '*a0' is not allowed"
    first_anchor = next(d for d in found if "anchor" in d.message)
    assert (first_anchor.line, first_anchor.column) == (1, 5)
    assert first_anchor.message == "anchor '&a0' is not allowed"
    # Bounded output, ending with a count of what was left out.
    assert len(found) <= 101
    assert "more errors not shown" in found[-1].message


def test_bad_utf8_at_the_very_start(tmp_path):
    (found,) = _check(tmp_path, b"\xff\xfeversion: 1\n")
    assert (found.line, found.column, found.message) == (1, 1, "byte 0xff is not valid UTF-8")


def test_bad_utf8_column_counts_characters_not_bytes(tmp_path):
    (found,) = _check(tmp_path, "title: Caf\u00e9 \u00e9t\u00e9 ".encode() + b"\xc3(\n")
    assert (found.line, found.column) == (1, 17)


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    assert _check(tmp_path, b"\xef\xbb\xbf" + BASE.encode()) == []


def test_crlf_line_endings_are_read_like_lf(tmp_path):
    assert _check(tmp_path, BASE.replace("\n", "\r\n").encode()) == []


def test_a_line_break_editors_do_not_show_is_located_by_editor_lines(tmp_path):
    # YAML would end a line at NEL or a lone CR, so every later line number
    # would disagree with the contributor's editor: the file is refused there.
    for odd, name in (("\x85", "U+0085"), ("\r", "carriage return"), ("\u2028", "U+2028")):
        lines = BASE.splitlines(keepends=True)
        lines[3] = lines[3].replace(" ", odd, 1)
        (found,) = _check(tmp_path, "".join(lines))
        assert (found.line, found.column) == (4, lines[3].index(odd) + 1)
        assert name in found.message


def test_a_directory_is_reported_not_raised(tmp_path):
    (found,) = check_file(tmp_path)
    assert (found.line, found.column) == (1, 1)
    assert "cannot read the file" in found.message


def test_many_values_are_bounded(tmp_path):
    text = "intro: [" + ", ".join(["1"] * 60_000) + "]\n"
    (found,) = _check(tmp_path, text)
    assert "more than 50000 values" in found.message


def test_scalar_types_outside_strings_do_not_crash(tmp_path):
    text = BASE.replace("title: A big model", "title: [1, {a: 2}]").replace(
        "summary: Draws pictures.", "summary: 1.0e+400"
    )
    found = _check(tmp_path, text)
    assert [d.message for d in found] == [
        "'title' of outcome 'big' must be text, not a list",
        "'summary' of outcome 'pictures' must be text, not the number inf",
    ]


def test_non_string_keys_are_read_as_written(tmp_path):
    # `yes:` as an outcome id is the id "yes", not the boolean true (a value
    # `yes` stays a boolean, hence the quotes).
    text = BASE.replace("next: pictures", 'next: "yes"').replace("  pictures:", "  yes:")
    assert _check(tmp_path, text) == []


def test_complex_and_tagged_keys_are_errors(tmp_path):
    text = BASE.replace("start: kind\n", "start: kind\n? [a, b]\n: c\n!x tagged: 1\n")
    found = _check(tmp_path, text)
    assert [(d.line, d.message) for d in found] == [
        (10, "a key must be plain text, not a list or a mapping"),
        (12, "the tag '!x' is not allowed"),
        (12, "unknown key 'tagged' in the tree"),
    ]


def test_explicit_core_tag_with_a_bad_value(tmp_path):
    text = BASE.replace("version: 1", "version: !!int one")
    messages = [d.message for d in _check(tmp_path, text)]
    assert messages[0] == "'one' cannot be read as !!int"


def test_timestamps_stay_text(tmp_path):
    text = BASE.replace("- label: Voice", "- label: 2024-01-01")
    assert _check(tmp_path, text) == []
