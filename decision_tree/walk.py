"""Walk a tree in the terminal, one question at a time.

Options are numbered; the reader types a number (for a ``multiple: true``
question, several such as ``1,3``, or nothing for none), ``b`` to go back one
question or ``q`` to quit. The walk ends with the recommendation: title,
summary as plain text, guide page, examples, resources, the companions ticked
on the way and the alternatives. End of input quits cleanly.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any, TextIO

from .catalogue_model import Catalogue
from .model import Outcome, Question, Tree

_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_WIDTH = 76


def plain_text(markdown: str) -> str:
    """Return *markdown* as plain, wrapped text: links become ``text (address)``."""
    text = _LINK.sub(
        lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), markdown
    )
    text = _EMPHASIS.sub(r"\2", text)
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(textwrap.fill(p, _WIDTH) for p in paragraphs if p)


def _link_text(match: re.Match[str]) -> str:
    text, address = match.group(1), match.group(2)
    return f"{text} ({address})" if address else text


class _Walk:
    def __init__(
        self, tree: Tree, stdin: TextIO, stdout: TextIO, catalogue: Catalogue | None = None
    ) -> None:
        self.tree = tree
        self.catalogue = catalogue
        self.stdin = stdin
        self.stdout = stdout
        # Each answered question with the 0-based indexes of the options chosen.
        self.history: list[tuple[str, tuple[int, ...]]] = []

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def ask(self, prompt: str) -> str | None:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            return None
        return line.strip()

    def run(self) -> int:
        self.say(self.tree.title)
        if self.tree.intro:
            self.say()
            self.say(plain_text(self.tree.intro))
        self.say()
        self.say("Type the number of an answer; b goes back, q quits.")
        node: str = self.tree.resolve(self.tree.start, {}) or ""
        while node in self.tree.questions:
            question = self.tree.questions[node]
            self.show(question)
            chosen = self.answer(question)
            if chosen is None:
                self.say("Stopped. Run the walk again to start over.")
                return 0
            if isinstance(chosen, str):
                if self.history:
                    node = self.history.pop()[0]
                else:
                    self.say("This is the first question.")
                continue
            self.history.append((node, chosen))
            target = question.next if question.multiple else question.options[chosen[0]].next
            node = self.tree.resolve(target, self.constraints()) or ""
        self.recommend(self.tree.outcomes[node])
        return 0

    def constraints(self) -> dict[str, Any]:
        """Return what the answers so far set, in order."""
        sets: dict[str, Any] = {}
        for qid, chosen in self.history:
            question = self.tree.questions[qid]
            if not question.multiple:
                sets.update(question.options[chosen[0]].sets)
        return sets

    def ticked(self) -> tuple[str, ...]:
        """Return the companions the reader ticked."""
        names: list[str] = []
        for qid, chosen in self.history:
            question = self.tree.questions[qid]
            if question.multiple:
                for index in chosen:
                    adds = question.options[index].adds
                    outcome = self.tree.outcomes.get(adds or "")
                    if outcome is not None and outcome.companion:
                        names.append(outcome.companion)
        return tuple(dict.fromkeys(names))

    def show(self, question: Question) -> None:
        self.say()
        self.say(f"{len(self.history) + 1}. {question.text}")
        if question.help:
            self.say(textwrap.indent(plain_text(question.help), "   "))
        for number, option in enumerate(question.options, start=1):
            line = f"  {number}) {option.label}"
            self.say(line + (f": {option.hint}" if option.hint else ""))

    def answer(self, question: Question) -> tuple[int, ...] | str | None:
        """Return the chosen option indexes, "back", or None to stop."""
        count = len(question.options)
        prompt = "Numbers, e.g. 1,3 (Enter for none): " if question.multiple else "Number: "
        while True:
            reply = self.ask(prompt)
            if reply is None or reply.lower() == "q":
                return None
            if reply.lower() == "b":
                return "back"
            parts = [p for p in re.split(r"[,\s]+", reply) if p]
            if question.multiple or len(parts) == 1:
                numbers = [int(p) for p in parts if p.isdigit()]
                if len(numbers) == len(parts) and all(1 <= n <= count for n in numbers):
                    return tuple(dict.fromkeys(n - 1 for n in numbers))
            many = "numbers" if question.multiple else "one number"
            self.say(f"Please type {many} from 1 to {count}, b to go back or q to quit.")

    def companions(self, outcome: Outcome) -> list[Outcome]:
        found: dict[str, Outcome] = {}
        for qid, chosen in self.history:
            question = self.tree.questions[qid]
            if question.multiple:
                for index in chosen:
                    adds = question.options[index].adds
                    if adds and adds != outcome.id:
                        found.setdefault(adds, self.tree.outcomes[adds])
        return list(found.values())

    def recommend(self, outcome: Outcome) -> None:
        self.say()
        self.say(f"Recommendation: {outcome.title}")
        self.say()
        self.say(plain_text(outcome.summary))
        self.say()
        self.say(f"Guide page: {outcome.guide}")
        if outcome.models:
            self.say("Models (see the catalogue): " + ", ".join(outcome.models))
        if outcome.job and self.catalogue is not None:
            from .recommend import describe, recommend
            from .tree_recs import constraints_of

            answer = recommend(
                self.catalogue, constraints_of(outcome.job, self.constraints(), self.ticked())
            )
            self.say(describe(answer).rstrip())
        self.say("Further reading:")
        for resource in outcome.resources:
            self.say(f"  - {resource.title}: {resource.url}")
        extra = self.companions(outcome)
        if extra:
            self.say("Alongside it:")
            for companion in extra:
                self.say(f"  - {companion.title} (guide page: {companion.guide})")
        if outcome.alternatives:
            titles = [self.tree.outcomes[a].title for a in outcome.alternatives]
            self.say("Also worth a look: " + "; ".join(titles))


def walk(tree: Tree, stdin: TextIO, stdout: TextIO, catalogue: Catalogue | None = None) -> int:
    """Run the interactive walk over *stdin*/*stdout*; return the exit status (0).

    With a *catalogue*, an outcome that has a job ends with the models that fit
    the answers, from the same recommender the page uses.
    """
    return _Walk(tree, stdin, stdout, catalogue).run()
