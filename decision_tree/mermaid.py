"""A tree as a Mermaid flowchart, for reviews and for the docs.

Questions are diamonds, outcomes rounded boxes; each edge carries its option's
label. Solid edges are ``next`` links; dotted edges are ``adds`` (a companion
outcome ticked in a ``multiple: true`` question), and the unlabelled solid edge
out of such a question is its own ``next``. Node ids are prefixed (``q_``,
``o_``) so ids like ``end`` cannot clash with Mermaid keywords, and text is
escaped with Mermaid's ``#code;`` entities.
"""

from __future__ import annotations

from .model import Tree

_ESCAPES = str.maketrans(
    {
        '"': "#quot;",
        "#": "#35;",
        "&": "#amp;",
        "<": "#lt;",
        ">": "#gt;",
        "|": "#124;",
        "`": "#96;",
        "\n": " ",
        "\r": " ",
        "\t": " ",
    }
)


def escape(text: str) -> str:
    """Return *text* safe inside a double-quoted Mermaid label."""
    return " ".join(text.translate(_ESCAPES).split())


def node_name(tree: Tree, node_id: str) -> str:
    """Return the Mermaid node name of a question or outcome id."""
    prefix = "q" if node_id in tree.questions else "r" if node_id in tree.routes else "o"
    return f"{prefix}_{node_id.replace('-', '_')}"


def to_mermaid(tree: Tree) -> str:
    """Return the Mermaid ``flowchart TD`` source of *tree* (deterministic, file order)."""
    lines = ["flowchart TD"]
    for qid, question in tree.questions.items():
        lines.append(f'    {node_name(tree, qid)}{{"{escape(question.text)}"}}')
    for oid, outcome in tree.outcomes.items():
        lines.append(f'    {node_name(tree, oid)}(["{escape(outcome.title)}"])')
    for qid, question in tree.questions.items():
        here = node_name(tree, qid)
        for option in question.options:
            label = escape(option.label)
            if option.adds:
                lines.append(f'    {here} -.->|"{label}"| {node_name(tree, option.adds)}')
            if option.next:
                lines.append(f'    {here} -->|"{label}"| {node_name(tree, option.next)}')
        if question.next:
            skipped = question.when and not question.multiple
            arrow = '-->|"skipped for other jobs"|' if skipped else "-->"
            lines.append(f"    {here} {arrow} {node_name(tree, question.next)}")
    for rid, route in tree.routes.items():
        here = node_name(tree, rid)
        lines.append(f'    {here}[["{escape("by " + route.on)}"]]')
        for value, target in route.cases.items():
            lines.append(f'    {here} -->|"{escape(value)}"| {node_name(tree, target)}')
    return "\n".join(lines) + "\n"
