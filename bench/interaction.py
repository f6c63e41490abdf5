"""Interaction latency of the decision-tree widget: from an answer click to the next screen painted.

Walks paths of the site's tree (:func:`decision_tree.paths.iter_paths`; at most
:data:`MAX_PATHS`, spread evenly over them, plus the longest, when the tree has
more, as the site's does since the constraint questions) in
Chromium through Playwright, one fresh page load per path as a reader would
arrive, clicking each answer (and "Continue" on a tick-any question). The walk
is repeated (``rounds``) and each click's figures are the median over the
rounds, so that a burst of other work on a shared machine does not pass for
the widget's worst case. For every click the page records, with
``performance.now()`` timestamps:

* ``event``: the click's own timestamp (``Event.timeStamp``);
* ``started``: when the first click listener ran (a capture listener the page
  gets before its own scripts): *input delay* = started - event, the wait for
  a task that held the main thread when the click came;
* ``handled``: when the last click/submit listener returned (the widget's
  work is synchronous: it has already replaced the screen);
* ``frame``: the first ``requestAnimationFrame`` callback after the click;
* ``painted``: a ``setTimeout(0)`` queued from that callback, which runs once
  the browser has done that frame's style, layout and paint;
* the Event Timing API's entry for the click (``PerformanceObserver``,
  ``durationThreshold: 16``, the lowest it allows): its processing time and
  its duration up to the frame being presented on screen.

The widget moves focus to the new heading, announces it and marks the route
on the map in a task of its own after that frame (it records the task as the
``dt:after-paint`` performance measure): its duration is reported as *after
paint*, the work an answer still costs once the next screen is on screen.

The button is held for :data:`HOLD_MS` between press and release, as a person's
press spans frames: with Playwright's default (no hold) the press, the release
and the click reach the page in the same instant and the click would queue
behind the press's own work (hit test, focus, ``:active`` styles), a wait no
reader has. The press is measured the same way, from its ``pointerdown``
(*press*: its listeners plus the style, layout and paint of its frame).

From these: *work* = (handled - event) + (painted - frame), the main-thread
time an answer costs, which must fit in one 16.7 ms frame at 60 Hz; and
*click to paint* = painted - event, which also holds the wait for the next
frame (up to one frame, however little work there is). A baseline of clicks
on text that does nothing measures that wait on this machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from common import CHROMIUM, CHROMIUM_ARGS, median
from playwright.sync_api import Page, sync_playwright

from decision_tree import Tree
from decision_tree.paths import TreePath, iter_paths

FRAME_MS = 1000 / 60
HOLD_MS = 50
"""Milliseconds between pressing and releasing the button (three frames at 60 Hz)."""
MAX_PATHS = 40
"""Paths walked per round: the site's tree has thousands, each a fresh page load."""


def chosen_paths(tree: Tree, limit: int = MAX_PATHS) -> list[TreePath]:
    """Every path of *tree* if there are at most *limit*; else *limit* spread evenly, and the
    longest (the most answers in one walk)."""
    paths = list(iter_paths(tree))
    if len(paths) <= limit:
        return paths
    step = len(paths) / limit
    chosen = [paths[int(i * step)] for i in range(limit)]
    longest = max(paths, key=lambda p: len(p.steps))
    return chosen if longest in chosen else [*chosen, longest]


INIT_SCRIPT = r"""
(() => {
  const clicks = [];
  const events = [];
  let frames = 0;
  const tick = () => { frames += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  document.addEventListener('click', (e) => {
    // The first listener to run (capture, registered before the page's own): until
    // now the click waited for whatever task held the main thread.
    const rec = {event: e.timeStamp, started: performance.now(), frameAtClick: frames,
                 handled: null, frame: null, frameIndex: null, painted: null};
    clicks.push(rec);
    requestAnimationFrame(() => {
      rec.frame = performance.now();
      rec.frameIndex = frames;
      setTimeout(() => { rec.painted = performance.now(); }, 0);
    });
  }, true);
  const presses = [];
  document.addEventListener('pointerdown', (e) => {
    const rec = {event: e.timeStamp, handled: null, frame: null, painted: null};
    presses.push(rec);
    requestAnimationFrame(() => {
      rec.frame = performance.now();
      setTimeout(() => { rec.painted = performance.now(); }, 0);
    });
  }, true);
  window.addEventListener('pointerdown', () => {
    const r = presses[presses.length - 1];
    if (r) r.handled = performance.now();
  });
  const handled = () => {
    const r = clicks[clicks.length - 1];
    if (r) r.handled = performance.now();
  };
  window.addEventListener('click', handled);
  window.addEventListener('submit', handled);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name === 'click') {
        events.push({start: e.startTime, processing: e.processingEnd - e.processingStart,
                     duration: e.duration});
      }
    }
  }).observe({type: 'event', durationThreshold: 16, buffered: true});
  window.__bench = {clicks, events, presses};
})();
"""

_BENCH_DATA = """() => ({
  ...window.__bench,
  after: performance.getEntriesByName('dt:after-paint')
    .map((m) => ({start: m.startTime, duration: m.duration})),
})"""

_LAST_PAINTED = """() => {
  const c = window.__bench.clicks;
  return c.length > 0 && c[c.length - 1].painted !== null;
}"""


@dataclass
class Click:
    """Timings of one click, in milliseconds."""

    work: float
    to_paint: float
    processing: float
    frames: int
    first_after_load: bool
    event_timing: float | None = None
    """Event Timing duration (to presentation), when the browser reported one (>= 16 ms)."""
    after_paint: float | None = None
    """The widget's task after the paint (focus, announcement, map), when it ran one."""
    input_delay: float = 0.0
    """Part of *processing*: the wait for the main thread before any listener ran."""
    press: float | None = None
    """The press's work (``pointerdown`` listeners and its frame), for a pointer click."""


@dataclass
class Interaction:
    """Every answer click of a full walk, and the do-nothing baseline."""

    paths: int
    rounds: int
    answers: list[Click] = field(default_factory=list)
    baseline: list[Click] = field(default_factory=list)
    chromium: str = ""

    def summary(self) -> dict[str, Any]:
        """Return medians and worst cases, in ms."""

        def stats(clicks: list[Click]) -> dict[str, float]:
            if not clicks:
                return {}
            timed = [c.event_timing for c in clicks if c.event_timing is not None]
            after = [c.after_paint for c in clicks if c.after_paint is not None]
            press = [c.press for c in clicks if c.press is not None]
            return {
                "press_median": median(press) if press else 0.0,
                "press_worst": max(press) if press else 0.0,
                "after_paint_median": median(after) if after else 0.0,
                "after_paint_worst": max(after) if after else 0.0,
                "count": len(clicks),
                "work_median": median([c.work for c in clicks]),
                "work_worst": max(c.work for c in clicks),
                "to_paint_median": median([c.to_paint for c in clicks]),
                "to_paint_worst": max(c.to_paint for c in clicks),
                "processing_median": median([c.processing for c in clicks]),
                "processing_worst": max(c.processing for c in clicks),
                "input_delay_median": median([c.input_delay for c in clicks]),
                "input_delay_worst": max(c.input_delay for c in clicks),
                "frames_worst": max(c.frames for c in clicks),
                "event_timing_reported": len(timed),
                "event_timing_median": median(timed) if timed else 0.0,
                "event_timing_worst": max(timed) if timed else 0.0,
            }

        first = [c for c in self.answers if c.first_after_load]
        later = [c for c in self.answers if not c.first_after_load]
        return {
            "paths": self.paths,
            "rounds": self.rounds,
            "hold_ms": HOLD_MS,
            "all": stats(self.answers),
            "first": stats(first),
            "later": stats(later),
            "baseline": stats(self.baseline),
        }


def _records(page: Page, first_index: int) -> list[Click]:
    data = page.evaluate(_BENCH_DATA)
    events = data["events"]
    after = data["after"]
    clicks = []
    presses = [p for p in data["presses"] if p["painted"] is not None]
    for index, rec in enumerate(data["clicks"]):
        # The press that began this click: the last one before its release.
        pressed = [p for p in presses if p["event"] <= rec["event"]]
        press = pressed[-1] if pressed else None
        # The Event Timing entry of this click, if the browser reported one.
        match = [e for e in events if abs(e["start"] - rec["event"]) < 1]
        # The widget's after-paint task that followed this click (before the next click).
        until = data["clicks"][index + 1]["event"] if index + 1 < len(data["clicks"]) else None
        tasks = [
            a["duration"]
            for a in after
            if a["start"] > rec["event"] and (until is None or a["start"] < until)
        ]
        clicks.append(
            Click(
                work=(rec["handled"] - rec["event"]) + (rec["painted"] - rec["frame"]),
                to_paint=rec["painted"] - rec["event"],
                processing=rec["handled"] - rec["event"],
                input_delay=max(0.0, rec["started"] - rec["event"]),
                frames=rec["frameIndex"] - rec["frameAtClick"],
                first_after_load=len(clicks) == first_index,
                event_timing=match[0]["duration"] if match else None,
                after_paint=sum(tasks) if tasks else None,
                press=(press["handled"] - press["event"]) + (press["painted"] - press["frame"])
                if press
                else None,
            )
        )
    return clicks


def _heading(page: Page) -> str:
    return page.locator(".dt-stage .dt-heading").inner_text().strip()


def _click_and_wait(page: Page, selector: Any) -> None:
    selector.click(delay=HOLD_MS)
    page.wait_for_function(_LAST_PAINTED)


def _median_click(clicks: list[Click]) -> Click:
    """Combine one click's measurements from several rounds (median of each figure)."""
    timed = [c.event_timing for c in clicks if c.event_timing is not None]
    after = [c.after_paint for c in clicks if c.after_paint is not None]
    press = [c.press for c in clicks if c.press is not None]
    return Click(
        press=median(press) if press else None,
        after_paint=median(after) if after else None,
        work=median([c.work for c in clicks]),
        to_paint=median([c.to_paint for c in clicks]),
        processing=median([c.processing for c in clicks]),
        input_delay=median([c.input_delay for c in clicks]),
        frames=max(c.frames for c in clicks),
        first_after_load=clicks[0].first_after_load,
        event_timing=median(timed) if timed else None,
    )


def measure(site_url: str, tree: Tree, rounds: int = 3, baseline_clicks: int = 20) -> Interaction:
    """Walk the paths of *tree* (:func:`chosen_paths`) *rounds* times; return the timings."""
    url = site_url + "decision-tree/"
    paths = chosen_paths(tree)
    result = Interaction(paths=len(paths), rounds=rounds)
    per_click: dict[tuple[int, int], list[Click]] = {}
    baseline: dict[int, list[Click]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        result.chromium = browser.version
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # Nothing may leave loopback (Material's repository widget would ask GitHub).
        context.route(re.compile(r"^https://api\.github\.com/"), lambda route: route.abort())
        context.add_init_script(INIT_SCRIPT)
        page = context.new_page()
        for _ in range(rounds):
            _walk(page, url, tree, paths, per_click)
            # Baseline: clicks on the page title, which change nothing.
            page.goto(url)
            page.locator(".dt[data-dt-mounted]").wait_for()
            title = page.locator("article h1").first
            for _ in range(baseline_clicks):
                _click_and_wait(page, title)
            for index, click in enumerate(_records(page, first_index=-1)):
                baseline.setdefault(index, []).append(click)
        browser.close()
    result.answers = [_median_click(clicks) for clicks in per_click.values()]
    result.baseline = [_median_click(clicks) for clicks in baseline.values()]
    return result


def _walk(
    page: Page,
    url: str,
    tree: Tree,
    paths: list[TreePath],
    found: dict[tuple[int, int], list[Click]],
) -> None:
    """Walk every path once, adding each click's figures to *found* under (path, step)."""
    for number, path in enumerate(paths):
        page.goto(url)
        page.locator(".dt[data-dt-mounted]").wait_for()
        for step in path.steps:
            question = tree.questions[step.question]
            shown = _heading(page)
            if shown != question.text:
                raise SystemExit(f"expected the question {question.text!r}, saw {shown!r}")
            if question.multiple:
                target = page.locator(".dt-stage form button[type=submit]")
            else:
                option = question.option(step.options[0])
                assert option is not None
                label = re.compile("^" + re.escape(option.label) + "$")
                target = page.locator(".dt-stage button.dt-option").filter(
                    has=page.locator(".dt-option__label", has_text=label)
                )
            _click_and_wait(page, target)
        if _heading(page) != tree.outcomes[path.outcome].title:
            raise SystemExit(f"path to {path.outcome} ended on {_heading(page)!r}")
        for step, click in enumerate(_records(page, first_index=0)):
            found.setdefault((number, step), []).append(click)
