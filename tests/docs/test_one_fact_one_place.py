"""One fact, one place: a catalogued model's figures come from the catalogue, never from a page.

Every parameter count, context length, licence and memory figure of a model in
``decision_tree/models/`` reaches the reader through a marker the build expands
(``<!-- models: ... -->``, ``<!-- model-sizes: ... -->``, ``<!-- model-catalogue -->``).
A page that types such a figure next to the model's name goes stale the day the
catalogue is corrected, so this test finds every line of ``docs/`` that names a
catalogued model and also carries a figure of those kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pytest
from docs_content import DOCS

from decision_tree.catalogue import load_catalogue
from decision_tree.catalogue_model import Licence, Model

# --- What a line is allowed to say -------------------------------------------------------

ALLOWED: dict[tuple[str, str], str] = {
    # (page, a piece of the line's text) -> why the figure is written there by hand.
    ("practical/memory.md", "DeepSeek-V3 has 671 billion parameters"): (
        "the input of the memory rule's second worked example (DeepSeek-V3, multi-head latent "
        "attention, 70,272 bytes per token): the arithmetic rows below it reuse the parameter "
        "count and the checkpoint size, so the example cannot be read without them"
    ),
}
"""Explicit exceptions, each with its reason. Keep it short: prefer rewriting the line.

The sizing rule's other documented figures (Llama 3.1 8B's 131,072 bytes = 128 KiB per
token, DeepSeek-V3's 70,272 bytes) stand on lines that name no model, so they need no entry.
"""

# --- Reading the pages -------------------------------------------------------------------

FENCE_OPEN = re.compile(r"^[ \t]*(```|~~~)")
MARKER_LINE = re.compile(r"^[ \t]*<!--[ \t]*(?:models|model-sizes|model-catalogue)\b.*-->[ \t]*$")
LINK_TARGET = re.compile(r"\]\([^)\s]*\)|<https?://[^>]*>|https?://\S+")
SEP = r"[\s_-]{0,3}"
"""Between the words of a name: a space, a hyphen, an underscore or nothing."""
END = r"(?![a-z0-9]|\.\d)"
"""A name ends where no letter, digit or '.digit' goes on ("GLM-5" is not "GLM-5.1")."""
START = r"(?<![a-z0-9.])"
# A size inside a model's own name (Llama-3.1-8B, 30B-A3B, E2B) is part of the name.
SIZE_TOKEN = re.compile(r"^[a-z]?\d+(?:\.\d+)?[bmk]$")
DROPPED_TOKENS = {"instruct", "it", "chat", "base", "hf"}
VERSION = re.compile(r"^\d+\.\d+$")
"""A version such as 1.0; a release date (0905, 2507) stays, as "Kimi K2" is a whole family."""
NAME_LIKE = re.compile(
    r"\b[A-Za-z][\w.]*(?:-[\w.]+)*-[A-Za-z]?\d+(?:\.\d+)?[BbMm]\b(?:-[\w.]+)*",
)
"""A hyphenated model name carrying its size (gemma-4-12B-it, Qwen3.5-397B-A17B)."""
NAME_PIECE = re.compile(r"`[A-Za-z]?\d+(?:\.\d+)?[BbMm]`")
"""A size quoted from a name as code (`8B`, `A3B`), as a page that decodes names does."""

FIGURES: dict[str, re.Pattern[str]] = {
    # "a few billion" is no count; "20 billion" and "eight billion" are.
    "parameter count": re.compile(
        r"(?<![\w.])\d+(?:[.,]\d+)?\s?[BMT]\b"
        r"|(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty"
        r"|forty|fifty|sixty|seventy|eighty|ninety|hundred))[\s-]*(?:[Bb]|[Tt]r)illions?\b",
        re.IGNORECASE,
    ),
    "memory size": re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s?(?:[KMGT]i?B)\b"),
    "context length": re.compile(
        r"(?<![\w.])\d+(?:\.\d+)?\s?[Kk]\b"
        r"|(?<![\w.])\d[\d,]*(?:\.\d+)?[\s-](?:K[\s-])?tokens?\b"
        r"|\bcontext (?:window |length )?(?:of |up to )?(?:about |around )?\d",
    ),
}


@dataclass(frozen=True)
class Finding:
    page: str
    line: int
    model: str
    kind: str
    text: str

    def __str__(self) -> str:
        return (
            f"docs/{self.page}:{self.line}: model {self.model} with a hand-typed figure "
            f"({self.kind}): {self.text.strip()!r}"
        )


def normalise(text: str) -> str:
    """Lower-case *text*, with brackets and emphasis as spaces (every character keeps its place)."""
    return re.sub(r"[\[\]()*`]", " ", text.lower())


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s_/-]+", normalise(name)) if w]


def _pattern(words: list[str]) -> str:
    return START + SEP.join(re.escape(w) for w in words) + END


def _forms(words: list[str]) -> set[tuple[str, ...]]:
    """The written name and its stem: up to the first size, or without a trailing "base"."""
    if len(words) < 2:
        return {tuple(words)} if words else set()
    forms = {tuple(words)}
    sizes = [i for i, w in enumerate(words) if SIZE_TOKEN.match(w)]
    if sizes and sizes[0] >= 1:
        # qwen3 coder 30b of qwen3-coder-30b-a3b-instruct
        forms.add(tuple(words[: sizes[0] + 1]))
        return forms
    # stable diffusion xl of stable-diffusion-xl-base-1.0; deepseek v3 of deepseek-v3-base
    stem = list(words)
    while len(stem) > 3 and (stem[-1] in DROPPED_TOKENS or VERSION.match(stem[-1])):
        stem.pop()
    if len(stem) > 2 and stem[-1] in DROPPED_TOKENS:
        stem.pop()
    forms.add(tuple(stem))
    return forms


def name_patterns(model: Model) -> list[str]:
    """Ways a page writes *model*'s name: its name, its id, and its family-and-size stem.

    "Llama 3.1 8B" names Llama-3.1-8B-Instruct; "Qwen3" alone names no model.
    """
    forms: set[tuple[str, ...]] = set()
    for written in [*model.name.split(" / "), model.id, model.hf_repo.split("/")[-1]]:
        words = _words(written)
        # "Llama 3 8B" names Meta-Llama-3-8B-Instruct too.
        for variant in [words, words[1:]] if words[:1] == ["meta"] else [words]:
            forms |= _forms(variant)
        # A bracketed variant with its size is named alone: "[klein] 4B" of FLUX.2 [klein] 4B.
        if "[" in written:
            tail = _words(written[written.index("[") :])
            if len(tail) >= 2 and any(SIZE_TOKEN.match(w) for w in tail):
                forms.add(tuple(tail))
    return sorted({_pattern(list(form)) for form in forms}, key=len, reverse=True)


LICENCE_ALIASES = {
    "apache-2.0": ["Apache"],
    "kimi-modified-mit": ["modified MIT"],
    "mistral-modified-mit": ["modified MIT"],
    "openrail-plus-plus": ["OpenRAIL++", "Open RAIL++-M", "RAIL++-M"],
    "coqui-cpml": ["CPML"],
    "cc-by-nc-4.0": ["CC BY-NC", "CC-BY-NC"],
    "cc-by-4.0": ["CC BY", "CC-BY"],
}
"""Short forms of licence names that pages use and the catalogue's name and id do not show."""
LICENCE_WORDS = r"(?:licen[cs]e(?: agreement)?|terms(?: of use)?)"


def _flexible(text: str) -> str:
    """A pattern for *text* written with spaces, hyphens or nothing between its words."""
    words = [re.escape(w) for w in re.split(r"[\s_-]+", normalise(text)) if w]
    return SEP.join(words).replace("license", "licen[cs]e")


def licence_patterns(licence: Licence, model: Model) -> list[tuple[re.Pattern[str], bool]]:
    """Ways a page names *licence*, each with whether it is matched with its capitals.

    Its name, its id when versioned (a bare "gemma" or "qwen" is the model family), short
    forms, "<core> licence" (Gemma terms, MIT licence), and the core alone when it cannot
    be the family's name (Apache 2.0, OpenMDW 1.1) or is an acronym (MIT).
    """
    core = re.sub(r"\([^)]*\)", " ", licence.name)
    core = re.sub(r"\b(?:Licen[cs]e|Agreement|Terms of Use)\b", " ", core, flags=re.IGNORECASE)
    core = " ".join(core.split())
    forms = [licence.name, *LICENCE_ALIASES.get(licence.id, [])]
    if re.search(r"\d", licence.id):
        forms.append(licence.id)
    patterns = [(re.compile(START + _flexible(f) + END), False) for f in forms]
    if core:
        patterns.append((re.compile(START + _flexible(core) + SEP + LICENCE_WORDS + END), False))
        family = normalise(model.name)
        if core.isupper() and len(core) >= 3:
            # An acronym (MIT): written in capitals, so "mit" inside a word is no licence.
            patterns.append((re.compile(rf"(?<![A-Za-z]){re.escape(core)}(?![A-Za-z])"), True))
        elif re.search(r"\d", core) and not family.startswith(normalise(core).split()[0]):
            patterns.append((re.compile(START + _flexible(core) + END), False))
    return patterns


@cache
def matchers() -> list[tuple[Model, re.Pattern[str], list[tuple[re.Pattern[str], bool]]]]:
    found = []
    for model in load_catalogue():
        names = re.compile("|".join(f"(?:{p})" for p in name_patterns(model)))
        found.append((model, names, licence_patterns(model.licence, model)))
    return found


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, text) of each line outside fenced code, without marker lines."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opened = FENCE_OPEN.match(line)
        if fence:
            if opened and opened.group(1) == fence:
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if MARKER_LINE.match(line):
            continue
        yield number, line


def findings_in(page: str, text: str) -> list[Finding]:
    """Every line of *text* that names a catalogued model next to a figure of it."""
    found = []
    for number, line in prose_lines(text):
        if any(page == p and piece in line for p, piece in ALLOWED):
            continue
        prose = LINK_TARGET.sub(lambda m: " " * len(m.group()), line)
        lowered = normalise(prose)
        named = [(m, names, lic) for m, names, lic in matchers() if names.search(lowered)]
        if not named:
            continue
        # Sizes inside names (Llama-3.1-8B, gemma-4-12B-it) are names, not figures.
        spans = [m.span() for _, names, _ in named for m in names.finditer(lowered)]
        rest = list(NAME_LIKE.sub(lambda m: " " * len(m.group()), prose))
        for match in NAME_PIECE.finditer(prose):
            spans.append(match.span())
        for start, end in spans:
            rest[start:end] = " " * (end - start)
        without_names = "".join(rest)
        kinds = [kind for kind, pattern in FIGURES.items() if pattern.search(without_names)]
        for model, _, licences in named:
            model_kinds = list(kinds)
            # A licence named by a model's own name ("Llama 3.1" in "Llama 3.1 8B") is no licence.
            hits = [
                m.span()
                for pattern, cased in licences
                for m in pattern.finditer(prose if cased else lowered)
            ]
            if any(not any(s <= a and b <= e for s, e in spans) for a, b in hits):
                model_kinds.append(f"licence {model.licence.name}")
            if model_kinds:
                found.append(Finding(page, number, model.name, ", ".join(model_kinds), line))
    return found


def pages() -> list[str]:
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def test_no_page_types_a_catalogued_models_figures_by_hand() -> None:
    problems = [
        str(f)
        for page in pages()
        for f in findings_in(page, (DOCS / page).read_text(encoding="utf-8"))
    ]
    assert not problems, (
        "a catalogued model's parameters, context, licence and memory come from the catalogue "
        "(markers <!-- models: ID -->, <!-- model-sizes: ID -->); say it without the figure "
        "or point to the table:\n" + "\n".join(problems)
    )


def test_every_allowed_entry_still_excuses_a_line() -> None:
    # An exception whose line was rewritten must go, or it would excuse a future line.
    unused = []
    for page, piece in ALLOWED:
        lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
        if not any(piece in line and findings_in("", line) for line in lines):
            unused.append(f"{page}: {piece!r}")
    assert not unused, "remove these entries from ALLOWED:\n" + "\n".join(unused)


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("gpt-oss-20b fits a 16 GB card.", True),
        ("Qwen3.6-27B has a 262K context.", True),
        ("Llama 3.1 8B has 8 billion parameters.", True),
        ("Llama-3.1-8B-Instruct is a fine default.", False),
        ("Qwen3-8B and gemma-4-12B-it are both good.", False),
        ("Qwen3 models come in 0.6B to 235B sizes.", False),
        ("Qwen3.6-27B is under Apache 2.0.", True),
        ("DeepSeek-V3.2 uses the MIT licence.", True),
        ("GLM-5 is large; so is GLM-5.1.", False),
        ("Llama 3.2 3B reads 128,000 tokens.", True),
        ("Llama Guard 3 1B screens prompts.", False),
        ("FLUX.1 [dev] weights are under the FLUX.1 [dev] Non-Commercial License.", True),
        ("<!-- models: gpt-oss-20b -->", False),
        ("Stable Diffusion XL fits an 8 GB card.", True),
        ("Kimi-K2.6 carries a modified MIT licence.", True),
        ("Llama 3 8B reads 8,192 tokens at most.", True),
        ('A large product must show "Kimi K2" under the modified MIT terms.', False),
        ("| Qwen3.6-35B-A3B | `35B` in total, `A3B` active |", False),
        ("gpt-oss-120b activates only a few billion parameters.", False),
        ("gpt-oss-120b holds about 117 billion parameters.", True),
        ("FLUX.2 [klein] 4B is the small one; [klein] 4B is permissive.", False),
        ("See [its card](https://huggingface.co/Qwen/Qwen3-8B-128K) for Qwen3-8B.", False),
    ],
)
def test_the_matcher_reads_lines_as_a_reviewer_would(line: str, flagged: bool) -> None:
    assert bool(findings_in("example.md", line)) is flagged, findings_in("example.md", line)


def test_code_blocks_are_not_prose() -> None:
    text = "```sh\nollama run gpt-oss-20b  # 16 GB\n```\n"
    assert findings_in("example.md", text) == []
