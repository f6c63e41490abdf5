"""Checks beyond the one-error corpus: many errors at once, graph checks next to schema errors,
Markdown link forms, cycles and the depth limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURE_DOCS, GOLDEN

from decision_tree import TreeError, check_file, find_trees, load_tree
from decision_tree.graph_check import MAX_DEPTH

SAMPLE = (GOLDEN / "sample.yaml").read_text(encoding="utf-8")


def _check(tmp_path: Path, text: str):
    path = tmp_path / "tree.yaml"
    path.write_text(text, encoding="utf-8")
    return check_file(path, docs_dir=FIXTURE_DOCS)


def _where(found):
    return [(d.line, d.column, d.message) for d in found]


def test_committed_trees_are_valid():
    trees = find_trees()
    assert trees
    for path in trees:
        assert check_file(path) == [], path
        assert load_tree(path).start in load_tree(path).questions


def test_sample_is_valid():
    assert load_tree(GOLDEN / "sample.yaml", docs_dir=FIXTURE_DOCS).id == "sample"


def test_a_path_given_as_text_is_read_the_same(tmp_path):
    # Scripts pass paths as strings too: the same tree, or the same located errors.
    sample = GOLDEN / "sample.yaml"
    assert load_tree(str(sample), docs_dir=FIXTURE_DOCS) == load_tree(sample, docs_dir=FIXTURE_DOCS)
    broken = tmp_path / "tree.yaml"
    broken.write_text(SAMPLE.replace("version: 1", "version: 3"), encoding="utf-8")
    with pytest.raises(TreeError) as raised:
        load_tree(str(broken), docs_dir=FIXTURE_DOCS)
    assert str(raised.value).startswith(f"{broken}:"), str(raised.value)
    assert check_file(str(broken), docs_dir=FIXTURE_DOCS) == check_file(
        broken, docs_dir=FIXTURE_DOCS
    )


def test_all_errors_of_a_file_come_in_one_run_sorted_by_position(tmp_path):
    text = (
        SAMPLE.replace("version: 1", "version: 3")
        .replace("next: pictures", "next: picture")
        .replace(
            "guide: pages/right.md\n    resources:\n      - title: About small",
            "guide: x.md\n    resources:\n      - title: About small",
        )
        .replace("summary: Speaks answers.", "summary: Speaks <em>answers</em>.")
        .replace("  voice:", "  voice:\n    colour: blue")
    )
    found = _check(tmp_path, text)
    assert [(d.line, d.column) for d in found] == [
        (4, 10),
        (20, 15),
        (59, 12),
        (65, 3),
        (82, 5),
        (84, 21),
    ]
    messages = [d.message for d in found]
    assert messages[0] == "'version' must be 1, not 3"
    assert "names 'picture', which is not a question or an outcome" in messages[1]
    assert "the guide page 'x.md' of outcome 'small'" in messages[2]
    assert "outcome 'pictures' cannot be reached" in messages[3]
    assert "unknown key 'colour' in outcome 'voice'" in messages[4]
    assert "contains raw HTML ('<em>" in messages[5]


def test_graph_checks_run_while_the_schema_check_fails_elsewhere(tmp_path):
    # The schema fails on the question text and on a whole outcome's shape;
    # the cycle and the bad target are still found.
    text = (
        SAMPLE.replace("text: How big can the model be?", "text: [not, text]")
        .replace("next: small", "next: kind")
        .replace("next: big", "next: bigg")
        .replace("    title: An image model\n", "")
    )
    found = _check(tmp_path, text)
    messages = "\n".join(d.format() for d in found)
    assert "'text' of question 'size' must be text, not a list" in messages
    assert "outcome 'pictures' has no 'title'" in messages
    assert "the answers loop back: kind -> extras -> size -> kind" in messages
    assert "names 'bigg', which is not a question or an outcome" in messages


def test_each_separate_loop_is_reported_once(tmp_path):
    text = (
        SAMPLE.replace("next: small", "next: size").replace(  # size -> size
            "next: pictures", "next: kind"
        )  # kind -> kind
    )
    loops = [d for d in _check(tmp_path, text) if "loop back" in d.message]
    assert [(d.line, d.message) for d in loops] == [
        (20, "the answers loop back: kind -> kind"),
        (44, "the answers loop back: size -> size"),
    ]


def _chain(questions: int) -> str:
    rows = ["version: 1", "id: chain", "title: A chain", "start: q1", "questions:"]
    for i in range(1, questions + 1):
        target = f"q{i + 1}" if i < questions else "end"
        rows += [
            f"  q{i}:",
            f"    text: Question {i}",
            "    options:",
            "      - label: Go on",
            f"        next: {target}",
        ]
    rows += [
        "outcomes:",
        "  end:",
        "    title: The end",
        "    summary: Done.",
        "    guide: pages/left.md",
        "    resources:",
        "      - title: A page",
        "        url: https://example.org/",
    ]
    return "\n".join(rows) + "\n"


def test_a_path_of_exactly_the_depth_limit_is_fine(tmp_path):
    assert _check(tmp_path, _chain(MAX_DEPTH)) == []


def test_a_path_over_the_depth_limit_is_reported_with_the_whole_path(tmp_path):
    (found,) = _check(tmp_path, _chain(MAX_DEPTH + 3))
    assert found.message.endswith(" -> ".join(f"q{i}" for i in range(1, MAX_DEPTH + 4)))
    assert (found.line, found.column) == (6 + 5 * MAX_DEPTH, 3)  # the key of q13


def _with_summary(markdown: str) -> str:
    """The sample tree with *markdown* as the 'pictures' summary (a literal block)."""
    block = "summary: |\n      " + markdown.replace("\n", "\n      ")
    return SAMPLE.replace("summary: Draws pictures.", block)


@pytest.mark.parametrize(
    ("markdown", "fragment"),
    [
        ("[x](javascript:alert(1))", "'javascript:' address"),
        ("[x](  JaVaScRiPt:alert(1))", "'JaVaScRiPt:' address"),
        ("[x](<javascript:alert(1)>)", "'javascript:' address"),
        ("<javascript:alert(1)>", "'javascript:' address"),
        ("[x](javascript&colon;alert(1))", "'javascript:' address"),
        ("[x](&#x6A;avascript:alert(1))", "'javascript:' address"),
        ("[x](java\\script:alert(1))", "'javascript:' address"),
        ("![x](data:image/png;base64,AAAA)", "'data:' address"),
        ("[x][r]\n\n[r]: vbscript:msgbox", "'vbscript:' address"),
        ("[x](file:///etc/passwd)", "'file:' address"),
        ("<script>alert(1)</script>", "raw HTML ('<script>"),
        ("Hi <img src=x onerror=alert(1)>", "raw HTML ('<img"),
        ("<!-- hidden -->", "raw HTML ('<!--"),
        ("[x](../outside.md)", "outside the docs folder"),
        ("[x](pages/none.md#part)", "'pages/none.md', which is not a page"),
        ("[x](/pages/right.md)", "'/pages/right.md', an absolute path"),
    ],
)
def test_unsafe_markdown_is_reported(tmp_path, markdown, fragment):
    found = _check(tmp_path, _with_summary(markdown))
    assert len(found) == 1, "\n".join(d.format() for d in found)
    assert fragment in found[0].message
    assert "'summary' of outcome 'pictures'" in found[0].message


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](https://example.org/a?b=c)",
        "[mail](mailto:someone@example.org)",
        "[x](#a-heading)",
        "[x](pages/left.md#part)",
        "[x](./pages/right.md)",
        "Compare `<div>` with `<span>`.",
        "```\n<script>shown, not run</script>\n```",
        "2 < 3 and 5 > 4",
        "<https://example.org/>",
        "[x](pages/picture.png)",
    ],
)
def test_safe_markdown_is_accepted(tmp_path, markdown):
    assert _check(tmp_path, _with_summary(markdown)) == []


def test_paths_in_messages_are_as_given(tmp_path):
    path = tmp_path / "tree.yaml"
    path.write_text("version: 2\n", encoding="utf-8")
    relative = Path(os.path.relpath(path))
    found = check_file(relative, docs_dir=FIXTURE_DOCS)
    assert found
    assert all(d.path == str(relative) for d in found)
    assert found[0].format().startswith(f"{relative}:1:1: error: ")


def test_markdown_errors_point_inside_a_literal_block(tmp_path):
    text = _with_summary("Draws pictures.\n\nSee [this](javascript:void(0)) first.")
    (found,) = _check(tmp_path, text)
    # The block's third content line; its text is indented by six spaces.
    summary_line = SAMPLE.splitlines().index("    summary: Draws pictures.") + 1
    assert (found.line, found.column) == (summary_line + 3, 6 + len("See [this](") + 1)


def test_markdown_errors_point_inside_a_quoted_string(tmp_path):
    text = SAMPLE.replace("summary: Draws pictures.", "summary: 'Draws <i>pictures</i>.'")
    (found,) = _check(tmp_path, text)
    summary_line = SAMPLE.splitlines().index("    summary: Draws pictures.") + 1
    assert (found.line, found.column) == (summary_line, len("    summary: 'Draws ") + 1)


def test_markdown_errors_fall_back_to_the_value_start_when_folded(tmp_path):
    text = SAMPLE.replace(
        "summary: Draws pictures.", "summary: >\n      Draws\n      <i>pictures</i>."
    )
    (found,) = _check(tmp_path, text)
    summary_line = SAMPLE.splitlines().index("    summary: Draws pictures.") + 1
    assert (found.line, found.column) == (summary_line, len("    summary: ") + 1)
