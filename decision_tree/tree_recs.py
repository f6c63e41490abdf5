"""Every recommendation a tree can give, computed once at build time by :func:`recommend`.

The tree page's widget never sizes a model or filters a licence itself: it
looks up the answer the build computed for the reader's answers. For each job
the answers that matter are the options of the questions on that job's path
(its *dimensions*); every combination of them is run through the recommender,
identical answers are stored once, and a mixed-radix table maps a combination
to its answer. Companions (the models a ``multiple`` question adds) depend on
the machine, the licence and the language only, so they get one table per
companion over those three questions.

:func:`build_recs` returns plain data, which the site publishes as a JSON file
beside the widget (``<tree>.recs.json``) and which tests compare, path by path,
with :func:`recommend` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

from .catalogue_model import Catalogue
from .catalogue_view import format_gb, format_tokens, model_row
from .commands import tool_flags
from .memory import PRECISION_LABELS
from .model import Question, Tree
from .paths import iter_paths
from .recommend import COMPANIONS, JOBS, Constraints, Pick, job_line, recommend

MACHINE = "memory_gb"
COMPANION_DIMS = ("languages", MACHINE, "commercial")
"""The constraints a companion's models depend on (the question that sets each is a dimension)."""

FORMAT = 1


@dataclass(frozen=True)
class Dim:
    """A question whose answer changes the recommendation, and the answer that sets nothing."""

    question: str
    unset: int | None
    """Index of the option that sets nothing (the one used when the question was skipped)."""


def constraints_of(job: str, sets: dict[str, Any], companions: tuple[str, ...] = ()) -> Constraints:
    """Turn what a path's answers set into the recommender's :class:`Constraints`."""
    languages = sets.get("languages") or ()
    return Constraints(
        job=job,
        companions=companions,
        memory_gb=sets.get("memory_gb"),
        gpus=int(sets.get("gpus", 1)),
        device=sets.get("device") if int(sets.get("gpus", 1)) == 0 else None,
        commercial=sets.get("commercial"),
        languages=tuple(languages),
        context_tokens=sets.get("context_tokens"),
        streaming=sets.get("streaming"),
    )


def _effective(question: Question) -> list[int]:
    """Map each option to the first one with the same ``sets`` (answers that agree count once)."""
    seen: list[dict[str, Any]] = []
    mapping = []
    for option in question.options:
        if option.sets not in seen:
            seen.append(option.sets)
        mapping.append(seen.index(option.sets))
    return mapping


def _unset(question: Question) -> int | None:
    effective = _effective(question)
    for index, option in enumerate(question.options):
        if not option.sets:
            return effective[index]
    return None


def job_dims(tree: Tree) -> dict[str, list[Dim]]:
    """Return, for each job the tree can reach, the questions whose answers matter, in order.

    A question matters when it is on the job's path, is not a ``multiple``
    question and its options set constraints other than the job itself.
    """
    found: dict[str, list[Dim]] = {}
    for path in iter_paths(tree):
        job = path.constraints.get("job")
        if not isinstance(job, str) or job in found:
            continue
        dims = []
        for step in path.steps:
            question = tree.questions[step.question]
            if question.multiple:
                continue
            if all(set(o.sets) <= {"job"} for o in question.options):
                continue
            dims.append(Dim(question.id, _unset(question)))
        found[job] = dims
    return found


def _distinct_sets(question: Question) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for option in question.options:
        if option.sets not in found:
            found.append(option.sets)
    return found


def _sets_for(tree: Tree, dims: list[Dim], choice: tuple[int, ...]) -> dict[str, Any]:
    sets: dict[str, Any] = {}
    for dim, index in zip(dims, choice, strict=True):
        sets.update(_distinct_sets(tree.questions[dim.question])[index])
    return sets


class _Store:
    """Deduplicates models, picks, strings and answers into index tables."""

    def __init__(self) -> None:
        self.model_index: dict[str, int] = {}
        self.models: list[dict[str, Any]] = []
        self.string_index: dict[str, int] = {}
        self.strings: list[str] = []
        self.pick_index: dict[str, int] = {}
        self.picks_table: list[list[Any]] = []
        self.result_index: dict[str, int] = {}
        self.results: list[list[Any]] = []

    def text(self, value: str) -> int:
        if value not in self.string_index:
            self.string_index[value] = len(self.strings)
            self.strings.append(value)
        return self.string_index[value]

    def model(self, pick: Pick) -> int:
        model = pick.model
        if model.id not in self.model_index:
            row = model_row(model)
            self.model_index[model.id] = len(self.models)
            self.models.append(
                {
                    "id": model.id,
                    "name": row.name,
                    "anchor": row.anchor,
                    "card": row.card_url,
                    "params": row.params,
                    "context": row.context,
                    "licence": row.licence,
                    "licence_url": row.licence_url,
                    "commercial": row.commercial,
                    "commercial_text": row.commercial_text,
                }
            )
        return self.model_index[model.id]

    def pick(self, pick: Pick) -> int:
        entry: list[Any] = [
            self.model(pick),
            self.text(PRECISION_LABELS[pick.precision]),
            self.text(format_gb(pick.needs_gb)),
            self.text(format_gb(pick.usable_gb)) if pick.usable_gb is not None else -1,
            self.text(format_tokens(pick.sized_context)) if pick.sized_context else -1,
        ]
        if pick.caveats or pick.runs:
            entry.append([self.text(c) for c in pick.caveats])
        if pick.runs:
            entry.append(
                [[self.text(r.tool), self.text(r.command), self.text(r.why)] for r in pick.runs]
            )
        key = repr(entry)
        if key not in self.pick_index:
            self.pick_index[key] = len(self.picks_table)
            self.picks_table.append(entry)
        return self.pick_index[key]

    def result(self, picks: tuple[Pick, ...], notes: tuple[str, ...]) -> int:
        value: list[Any] = [self.pick(p) for p in picks]
        if notes:
            value = [value, [self.text(n) for n in notes]]
        key = repr(value)
        if key not in self.result_index:
            self.result_index[key] = len(self.results)
            self.results.append(value)
        return self.result_index[key]


def _why_for(catalogue: Catalogue, job: str, question: Question, store: _Store) -> list[list[int]]:
    """Return the why-lines each distinct answer of *question* contributes for *job*."""
    lines = []
    for sets in _distinct_sets(question):
        answer = recommend(catalogue, constraints_of(job, sets))
        lines.append([store.text(line) for line in answer.why[1:]])
    return lines


def build_recs(tree: Tree, catalogue: Catalogue) -> dict[str, Any]:
    """Return every answer the tree can lead to, as compact JSON-ready data."""
    store = _Store()
    jobs: dict[str, Any] = {}
    for job, dims in job_dims(tree).items():
        sizes = [len(_distinct_sets(tree.questions[d.question])) for d in dims]
        table = []
        for choice in product(*(range(n) for n in sizes)):
            answer = recommend(catalogue, constraints_of(job, _sets_for(tree, dims, choice)))
            table.append(store.result(answer.models, answer.notes))
        jobs[job] = {
            "companions": list(JOBS[job].companions),
            "dims": [[d.question, d.unset] for d in dims],
            "table": table,
            "job": store.text(job_line(JOBS[job])),
            "why": {
                d.question: _why_for(catalogue, job, tree.questions[d.question], store)
                for d in dims
            },
        }
    companions: dict[str, Any] = {}
    dims = _companion_dims(tree)
    sizes = [len(_distinct_sets(tree.questions[d.question])) for d in dims]
    added = sorted(
        {o.companion for o in tree.outcomes.values() if o.companion and o.companion in COMPANIONS}
    )
    for name in added:
        table = []
        for choice in product(*(range(n) for n in sizes)):
            sets = _sets_for(tree, dims, choice)
            answer = recommend(catalogue, constraints_of("chat", sets, (name,)))
            (found,) = [c for c in answer.companions if c.name == name]
            table.append(store.result(found.models, found.notes))
        companions[name] = {"dims": [[d.question, d.unset] for d in dims], "table": table}
    used = {d[0] for t in (*jobs.values(), *companions.values()) for d in t["dims"]}
    return {
        "format": FORMAT,
        "tree": tree.id,
        "machine": machine_question(tree),
        "options": {q: _effective(tree.questions[q]) for q in sorted(used)},
        "sizes": {q: len(_distinct_sets(tree.questions[q])) for q in sorted(used)},
        "jobs": jobs,
        "companions": companions,
        "results": store.results,
        "picks": store.picks_table,
        "models": store.models,
        "strings": store.strings,
        "tools": {name: entry.get("install") for name, entry in tool_flags().items()},
    }


def machine_question(tree: Tree) -> str | None:
    """Return the id of the question that sets the reader's memory, or None.

    Only a question some table depends on counts. The widget's parts are split
    by its answer (see :func:`split_recs`): a reader fetches the answers for
    their own machine only.
    """
    tables = [*job_dims(tree).values(), _companion_dims(tree)]
    used = {d.question for dims in tables for d in dims}
    for question in tree.questions.values():
        if question.id in used and any(MACHINE in o.sets for o in question.options):
            return question.id
    return None


def _companion_dims(tree: Tree) -> list[Dim]:
    """Return the questions that set the machine, the licence and the language."""
    dims = []
    for name in COMPANION_DIMS:
        for question in tree.questions.values():
            if any(name in o.sets for o in question.options):
                dims.append(Dim(question.id, _unset(question)))
                break
    return dims


def lookup(recs: dict[str, Any], table: dict[str, Any], answers: dict[str, int]) -> int:
    """Return the result index for *answers* (question id -> option index), as the widget does.

    A dimension the reader was not asked uses its option that sets nothing.
    """
    index = 0
    for question, unset in table["dims"]:
        size = _size(recs, table, question)
        option = answers.get(question)
        chosen = recs["options"][question][option] if option is not None else unset
        if chosen is None:
            raise KeyError(f"no answer for {question} and no option that sets nothing")
        index = index * size + chosen
    value: int = table["table"][index]
    return value


def _size(recs: dict[str, Any], table: dict[str, Any], question: str) -> int:
    sizes: dict[str, int] = recs["sizes"]
    return sizes[question]


def split_recs(recs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Split *recs* (from :func:`build_recs`) into the parts the widget fetches.

    ``jobs/JOB`` holds one job's table and its own companions' tables (a RAG
    result always shows an embedding model); ``companions/NAME`` holds one
    companion's table, for the readers who tick it. Each part has the format
    of *recs*, with only the results, picks, models and strings its tables
    reach, renumbered, so a reader fetches the data of their own answer alone.

    A part also comes once per option of the machine question (``recs["machine"]``),
    as ``jobs/JOB/QUESTION-N`` and ``companions/NAME/QUESTION-N`` with N the
    option's index: the same data for readers who gave that answer only. Its
    tables keep their dimensions, but the machine question has a single value
    there (size 1; the option answered, and any other option with the same
    effect, maps to it, every other option to null), so :func:`lookup` and the
    widget read a split part exactly as they read the whole file.
    """
    parts = {}
    cuts = [(name, _one_machine(recs, recs["machine"], n)) for n, name in _machine_parts(recs)]
    for suffix, source in [("", recs), *cuts]:
        for job, table in source["jobs"].items():
            own = [c for c in table["companions"] if c in source["companions"]]
            parts[f"jobs/{job}{suffix}"] = _part(source, {job: table}, own)
        for name in source["companions"]:
            parts[f"companions/{name}{suffix}"] = _part(source, {}, [name])
    return parts


def _machine_parts(recs: dict[str, Any]) -> list[tuple[int, str]]:
    """Return each option index of the machine question with its parts' name suffix."""
    machine = recs.get("machine")
    if not machine:
        return []
    return [(n, f"/{machine}-{n}") for n in range(len(recs["options"][machine]))]


def _one_machine(recs: dict[str, Any], question: str, option: int) -> dict[str, Any]:
    """Return *recs* with *question* fixed to what its option *option* sets."""
    value = recs["options"][question][option]
    width = recs["sizes"]

    def cut(table: dict[str, Any]) -> dict[str, Any]:
        names = [d[0] for d in table["dims"]]
        if question not in names:
            return table
        at = names.index(question)
        stride = 1
        for name in names[at + 1 :]:
            stride *= width[name]
        size = width[question]
        out = {
            **table,
            "dims": [
                [q, (0 if u == value else None) if q == question else u] for q, u in table["dims"]
            ],
            "table": [r for i, r in enumerate(table["table"]) if (i // stride) % size == value],
        }
        if "why" in table:
            out["why"] = {**table["why"], question: [table["why"][question][value]]}
        return out

    return {
        **recs,
        "options": {
            **recs["options"],
            question: [0 if v == value else None for v in recs["options"][question]],
        },
        "sizes": {**width, question: 1},
        "jobs": {job: cut(table) for job, table in recs["jobs"].items()},
        "companions": {name: cut(table) for name, table in recs["companions"].items()},
    }


def _part(recs: dict[str, Any], jobs: dict[str, Any], companions: list[str]) -> dict[str, Any]:
    """Return *recs* cut down to *jobs* and the tables of *companions*."""
    results: dict[int, int] = {}
    picks: dict[int, int] = {}
    models: dict[int, int] = {}
    strings: dict[int, int] = {}

    def text(index: int) -> int:
        return -1 if index == -1 else strings.setdefault(index, len(strings))

    def result(index: int) -> int:
        return results.setdefault(index, len(results))

    def pick(index: int) -> int:
        return picks.setdefault(index, len(picks))

    out_jobs = {
        job: {
            **table,
            "table": [result(i) for i in table["table"]],
            "job": text(table["job"]),
            "why": {
                question: [[text(i) for i in line] for line in lines]
                for question, lines in table["why"].items()
            },
        }
        for job, table in jobs.items()
    }
    out_companions = {
        name: {
            **recs["companions"][name],
            "table": [result(i) for i in recs["companions"][name]["table"]],
        }
        for name in companions
    }
    out_results: list[Any] = []
    for index in results:  # in the order first reached, which is their new number
        value = recs["results"][index]
        if value and isinstance(value[0], list):
            out_results.append([[pick(p) for p in value[0]], [text(n) for n in value[1]]])
        else:
            out_results.append([pick(p) for p in value])
    out_picks: list[Any] = []
    for index in picks:
        entry = recs["picks"][index]
        new: list[Any] = [models.setdefault(entry[0], len(models)), *(text(i) for i in entry[1:5])]
        if len(entry) > 5:
            new.append([text(i) for i in entry[5]])
        if len(entry) > 6:
            new.append([[text(i) for i in run] for run in entry[6]])
        out_picks.append(new)
    return {
        "format": recs["format"],
        "tree": recs["tree"],
        "machine": recs.get("machine"),
        "options": recs["options"],
        "sizes": recs["sizes"],
        "jobs": out_jobs,
        "companions": out_companions,
        "results": out_results,
        "picks": out_picks,
        "models": [recs["models"][i] for i in models],
        "strings": [recs["strings"][i] for i in strings],
        "tools": recs["tools"],
    }
