/*
 * Decision-tree widget: one question per screen, answers kept in the URL.
 *
 * The page holds the whole tree as linked sections (hooks/tree_pages.py); this
 * script hides them and builds the step-by-step view from the root's
 * data-dt-data JSON, copying rich text (intro, help, summaries) from the page.
 * State lives only in the fragment, #TREE:QUESTION=KEY/QUESTION=KEY+KEY...
 * (#TREE:@NODE/... when a link opened a question or outcome directly), so
 * Back, reload and shared links all work. The sections' own anchors (search
 * results) open that question or outcome; other element ids are left alone.
 *
 * Vanilla script, no build step, no eval, no inline handlers: works under
 * Content-Security-Policy: script-src 'self'. Material for MkDocs swaps pages
 * without reloading (instant navigation), so mounting follows its document$,
 * a page swap releases the listeners of the page it replaced, and same-page
 * links (which Material turns into silent pushState calls) arrive via its
 * location$. Material also re-fetches the current page on the first Back
 * after a full load: the new copy picks up the old one's state and focus.
 */
(function () {
  "use strict";

  var TEXT = {
    question: "Question ",
    answered: function (n) {
      return n === 1 ? "1 answer so far" : n + " answers so far";
    },
    fromLink: "You opened this question from a link",
    resultLabel: "Your recommendation",
    yourAnswers: "Your answers",
    why: "Why this recommendation",
    whyLead: "You answered:",
    whyDirect:
      "You opened this recommendation from a link, so there are no answers to show. " +
      "Answer the questions to check that it fits.",
    partial: "Questions before this one were skipped: you opened it from a link.",
    keeping: "Your later answers are kept wherever they still apply.",
    none: "None of these",
    change: "Change",
    changeHidden: function (question) {
      return " your answer to: " + question;
    },
    startAgain: "Start again",
    continueLabel: "Continue",
    previous: "Your previous answer",
    guide: "Read the guide: ",
    models: "Models that fit",
    companions: "Add to your application",
    companionsLead: "Your other answers add these models beside the main one:",
    alternatives: "Also worth a look",
    resources: "Further reading",
    print: "Print this result",
    announceQuestion: function (n, text) {
      return "Question " + n + ": " + text;
    },
    announceResult: function (title) {
      return "Recommendation: " + title;
    },
    invalid:
      "The link you followed no longer matches the questions, so the tree starts again " +
      "from the first question.",
    mapAnswer: " (your answer)",
    mapHere: " (you are here)"
  };

  var SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
  var SEGMENT = new RegExp("^(" + SLUG + ")=((?:" + SLUG + ")(?:\\+" + SLUG + ")*)?$");
  var ENTRY = new RegExp("^@(" + SLUG + ")$");

  /* --------------------------------------------------------------------------
   * The tree and its states
   * ------------------------------------------------------------------------ */

  /** Turn the JSON data into Maps (ids may be words like "constructor"). */
  function compile(data) {
    var questions = new Map();
    Object.keys(data.questions).forEach(function (id) {
      var q = data.questions[id];
      questions.set(id, {
        id: id,
        text: q.text,
        multiple: q.multiple === true,
        next: q.next || null,
        options: q.options,
        byKey: new Map(q.options.map(function (o) { return [o.key, o]; }))
      });
    });
    var outcomes = new Map();
    Object.keys(data.outcomes).forEach(function (id) {
      var o = data.outcomes[id];
      o.id = id;
      outcomes.set(id, o);
    });
    return { id: data.id, start: data.start, questions: questions, outcomes: outcomes };
  }

  function isNode(tree, id) {
    return tree.questions.has(id) || tree.outcomes.has(id);
  }

  /** Where answering question `id` with `keys` leads, or null if that is not an answer. */
  function advance(tree, id, keys) {
    var q = tree.questions.get(id);
    if (!q) return null;
    if (!q.multiple) {
      var option = keys.length === 1 ? q.byKey.get(keys[0]) : undefined;
      return option && isNode(tree, option.next) ? option.next : null;
    }
    var unique = new Set(keys);
    if (unique.size !== keys.length) return null;
    for (var i = 0; i < keys.length; i++) if (!q.byKey.has(keys[i])) return null;
    return isNode(tree, q.next) ? q.next : null;
  }

  /** Keys in the order the question lists its options. */
  function sortKeys(tree, id, keys) {
    var order = tree.questions.get(id).options.map(function (o) { return o.key; });
    return keys.slice().sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
  }

  function initial(tree) {
    return { entry: tree.start, answers: [], node: tree.start };
  }

  /** The fragment naming `state` ("" for the first question with no answers). */
  function format(tree, state) {
    var parts = [];
    if (state.entry !== tree.start) parts.push("@" + state.entry);
    state.answers.forEach(function (a) { parts.push(a.q + "=" + a.keys.join("+")); });
    return parts.length ? tree.id + ":" + parts.join("/") : "";
  }

  /**
   * Read a fragment (without "#"). Returns {state} for a state of this tree,
   * {other: true} for an id of some element on the page, {invalid: true} else.
   */
  function parse(tree, rootId, raw) {
    if (raw === "") return { state: initial(tree) };
    if (raw === rootId) return { other: true };
    var prefix = tree.id + ":";
    if (raw.indexOf(prefix) !== 0) {
      // The server-rendered sections' anchors: open that question or outcome.
      var anchor = new RegExp("^" + rootId + "--[qo]-(" + SLUG + ")$").exec(raw);
      if (anchor && isNode(tree, anchor[1])) {
        return { state: { entry: anchor[1], answers: [], node: anchor[1] } };
      }
      // Another tree on the same page owns this fragment.
      var owner = new RegExp("^(" + SLUG + "):").exec(raw);
      if (owner && document.querySelector('[data-dt-tree="' + owner[1] + '"]')) return { other: true };
      var id = raw;
      try { id = decodeURIComponent(raw); } catch (e) { /* keep it encoded */ }
      return document.getElementById(id) ? { other: true } : { invalid: true };
    }
    var segments = raw.slice(prefix.length).split("/");
    if (segments.length === 1 && segments[0] === "") segments = [];
    var entry = tree.start;
    var first = segments.length ? ENTRY.exec(segments[0]) : null;
    if (first) {
      if (!isNode(tree, first[1])) return { invalid: true };
      entry = first[1];
      segments.shift();
    }
    var node = entry;
    var answers = [];
    for (var i = 0; i < segments.length; i++) {
      var m = SEGMENT.exec(segments[i]);
      if (!m || m[1] !== node || !tree.questions.has(node)) return { invalid: true };
      var keys = m[2] ? m[2].split("+") : [];
      var next = advance(tree, node, keys);
      if (next === null) return { invalid: true };
      answers.push({ q: node, keys: sortKeys(tree, node, keys) });
      node = next;
    }
    return { state: { entry: entry, answers: answers, node: node } };
  }

  /* --------------------------------------------------------------------------
   * DOM helpers
   * ------------------------------------------------------------------------ */

  /** Create an element; children are nodes or strings (always set as text). */
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      el.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function hidden(text) {
    return h("span", { class: "dt-visually-hidden" }, [text]);
  }

  /** A link to `url` (made absolute, so printouts show a usable address). */
  function link(url, text, cls) {
    if (!url) return h("span", { class: cls }, [text]);
    return h("a", { href: new URL(url, location.href).href, class: cls }, [text]);
  }

  /* --------------------------------------------------------------------------
   * One mounted tree
   * ------------------------------------------------------------------------ */

  function mount(root, carried) {
    var tree = compile(JSON.parse(root.getAttribute("data-dt-data")));
    // The same page again, swapped in by Material: keep what the reader did.
    var carry = carried.get(tree.id);
    if (carry && carry.pathname !== location.pathname) carry = null;
    var rootId = root.id;
    var staticView = root.querySelector("[data-dt-static]");
    var map = root.querySelector("[data-dt-map]");
    var intro = root.querySelector("[data-dt-rich=intro]");

    var rich = new Map();
    root.querySelectorAll("[data-dt-rich]").forEach(function (el) {
      rich.set(el.getAttribute("data-dt-rich"), el);
    });
    var mapNodes = new Map();
    var mapAnswers = new Map();
    var mapThens = new Map();
    if (map) {
      map.querySelectorAll("[data-dt-then]").forEach(function (el) {
        mapThens.set(el.getAttribute("data-dt-then"), el);
      });
      map.querySelectorAll("[data-dt-node]").forEach(function (el) {
        mapNodes.set(el.getAttribute("data-dt-node"), el);
      });
      map.querySelectorAll("[data-dt-answer]").forEach(function (el) {
        mapAnswers.set(el.getAttribute("data-dt-answer"), el);
      });
    }

    var notice = h("p", { class: "dt-notice", role: "status" });
    var stage = h("div", { class: "dt-stage" });
    var live = h("p", { class: "dt-visually-hidden", "aria-live": "polite" });
    var app = h("div", { class: "dt-app" }, [notice, stage, live]);

    var pathname = location.pathname;
    var current = null;      // the state on screen
    var currentFragment = null;
    var memory = carry ? carry.memory : new Map();  // question id -> keys last chosen
    var pending = null;      // {q, replay}: a "Change" in progress

    function copyRich(key, cls) {
      var source = rich.get(key);
      if (!source) return null;
      var copy = source.cloneNode(true);
      copy.removeAttribute("data-dt-rich");
      copy.className = cls;
      return copy;
    }

    function headingId(suffix) {
      return rootId + "--stage-" + suffix;
    }

    /* ---------------- navigation ---------------- */

    function go(state, how, moved) {
      var fragment = format(tree, state);
      var url = location.pathname + location.search + (fragment ? "#" + fragment : "");
      if (how === "push") history.pushState(null, "", url);
      else if (how === "replace") history.replaceState(history.state, "", url);
      current = state;
      currentFragment = fragment;
      render(moved);
    }

    function choose(keys) {
      var q = current.node;
      var answers = current.answers.concat([{ q: q, keys: sortKeys(tree, q, keys) }]);
      var node = advance(tree, q, keys);
      memory.set(q, keys);
      if (pending && pending.q === q) {
        // Keep later answers for the questions the new route still asks.
        var later = new Map(pending.replay.map(function (a) { return [a.q, a.keys]; }));
        while (tree.questions.has(node) && later.has(node)) {
          var replayed = later.get(node);
          var next = advance(tree, node, replayed);
          if (next === null) break;
          answers.push({ q: node, keys: replayed });
          later.delete(node);
          node = next;
        }
      }
      pending = null;
      notice.textContent = "";
      go({ entry: current.entry, answers: answers, node: node }, "push", true);
    }

    function change(index) {
      var answers = current.answers;
      pending = { q: answers[index].q, replay: answers.slice(index + 1) };
      notice.textContent = "";
      go({ entry: current.entry, answers: answers.slice(0, index), node: answers[index].q },
        "push", true);
    }

    function startAgain() {
      pending = null;
      notice.textContent = "";
      go(initial(tree), "push", true);
    }

    /** Follow the URL after Back/Forward, an edited fragment or a same-page link. */
    function sync() {
      // Material announces a move to another page before it swaps the content.
      if (location.pathname !== pathname) return;
      var raw = location.hash.slice(1);
      if (raw === currentFragment) return;
      var result = parse(tree, rootId, raw);
      if (result.other) return;
      pending = null;
      if (result.invalid) {
        notice.textContent = TEXT.invalid;
        go(initial(tree), "replace", true);
        return;
      }
      notice.textContent = "";
      var canonical = format(tree, result.state);
      go(result.state, canonical === raw ? "none" : "replace", true);
    }

    /* ---------------- rendering ---------------- */

    function render(moved) {
      var screen = tree.questions.has(current.node) ? questionScreen() : resultScreen();
      if (intro) intro.hidden = current.answers.length > 0 || current.entry !== tree.start;
      stage.replaceChildren(screen.element);
      highlightMap();
      if (moved) {
        screen.heading.focus();
        live.textContent = screen.announce;
      }
    }

    function progress() {
      var parts = [h("span", {}, [TEXT.question + (current.answers.length + 1)])];
      if (current.answers.length) {
        parts.push(h("span", { class: "dt-progress__count" }, [TEXT.answered(current.answers.length)]));
      }
      if (current.entry !== tree.start) {
        parts.push(h("span", { class: "dt-progress__count" }, [TEXT.fromLink]));
      }
      return h("p", { class: "dt-progress" }, parts);
    }

    function questionScreen() {
      var q = tree.questions.get(current.node);
      var heading = h("h2", { id: headingId("heading"), class: "dt-heading", tabindex: "-1" }, [q.text]);
      var previous = memory.get(q.id) || [];
      var fieldset = h("fieldset", { class: "dt-fieldset" }, [
        h("legend", { class: "dt-legend" }, [heading]),
        copyRich("help:" + q.id, "dt-help")
      ]);
      var body;
      if (q.multiple) {
        var boxes = [];
        var list = h("ul", { class: "dt-options dt-options--multiple" });
        q.options.forEach(function (option, i) {
          var labelId = headingId("option-" + i);
          var hintId = option.hint ? headingId("hint-" + i) : null;
          var box = h("input", {
            type: "checkbox",
            class: "dt-check__box",
            value: option.key,
            "aria-labelledby": labelId,
            "aria-describedby": hintId
          });
          box.checked = previous.indexOf(option.key) !== -1;
          boxes.push(box);
          list.appendChild(h("li", {}, [
            h("label", { class: "dt-check" + (option.unsure ? " dt-check--unsure" : "") }, [
              box,
              h("span", { class: "dt-check__text" }, [
                h("span", { id: labelId, class: "dt-option__label" }, [option.label]),
                hintId ? h("span", { id: hintId, class: "dt-option__hint" }, [option.hint]) : null
              ])
            ])
          ]));
        });
        fieldset.appendChild(list);
        var form = h("form", { class: "dt-form", novalidate: true }, [
          fieldset,
          h("button", { type: "submit", class: "dt-button dt-button--primary" }, [TEXT.continueLabel])
        ]);
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          choose(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
        });
        body = form;
      } else {
        var options = h("ul", { class: "dt-options" });
        var previousId = headingId("previous");
        q.options.forEach(function (option, i) {
          var labelId = headingId("option-" + i);
          var hintId = option.hint ? headingId("hint-" + i) : null;
          var chosen = previous.length === 1 && previous[0] === option.key;
          var described = [hintId, chosen ? previousId : null].filter(Boolean).join(" ");
          var button = h("button", {
            type: "button",
            class: "dt-option" + (option.unsure ? " dt-option--unsure" : "") +
              (chosen ? " dt-option--previous" : ""),
            "aria-labelledby": labelId,
            "aria-describedby": described || null
          }, [
            h("span", { id: labelId, class: "dt-option__label" }, [option.label]),
            hintId ? h("span", { id: hintId, class: "dt-option__hint" }, [option.hint]) : null,
            chosen ? h("span", { id: previousId, class: "dt-option__previous" }, [TEXT.previous]) : null
          ]);
          button.addEventListener("click", function () { choose([option.key]); });
          options.appendChild(h("li", {}, [button]));
        });
        fieldset.appendChild(options);
        body = h("div", { class: "dt-form" }, [fieldset]);
      }
      var parts = [progress(), body];
      if (current.answers.length || current.entry !== tree.start || pending) {
        parts.push(answersPanel());
      }
      return {
        element: h("div", { class: "dt-screen dt-screen--question" }, parts),
        heading: heading,
        announce: TEXT.announceQuestion(current.answers.length + 1, q.text)
      };
    }

    /** The reader's answers, each with a Change button. */
    function answerList() {
      var list = h("ol", { class: "dt-answers__list" });
      current.answers.forEach(function (answer, index) {
        var q = tree.questions.get(answer.q);
        var labels = answer.keys.map(function (key) { return q.byKey.get(key).label; });
        var button = h("button", { type: "button", class: "dt-link-button" }, [
          TEXT.change, hidden(TEXT.changeHidden(q.text))
        ]);
        button.addEventListener("click", function () { change(index); });
        list.appendChild(h("li", { class: "dt-answers__item" }, [
          h("span", { class: "dt-answers__question" }, [q.text]),
          h("span", { class: "dt-answers__answer" }, [labels.length ? labels.join(", ") : TEXT.none]),
          button
        ]));
      });
      return list;
    }

    function startAgainButton(cls) {
      var button = h("button", { type: "button", class: "dt-button " + cls }, [TEXT.startAgain]);
      button.addEventListener("click", startAgain);
      return button;
    }

    function answersPanel() {
      var id = headingId("answers");
      return h("section", { class: "dt-answers", "aria-labelledby": id }, [
        h("h2", { id: id, class: "dt-answers__title" }, [TEXT.yourAnswers]),
        current.entry !== tree.start ? h("p", { class: "dt-answers__note" }, [TEXT.partial]) : null,
        pending && pending.replay.length
          ? h("p", { class: "dt-answers__note" }, [TEXT.keeping])
          : null,
        current.answers.length ? answerList() : null,
        startAgainButton("dt-button--secondary")
      ]);
    }

    function section(key, title, children) {
      var id = headingId(key);
      return h("section", { class: "dt-result__section dt-result__" + key, "aria-labelledby": id },
        [h("h3", { id: id }, [title])].concat(children));
    }

    function companionsOf(outcomeId) {
      var seen = [];
      current.answers.forEach(function (answer) {
        var q = tree.questions.get(answer.q);
        if (!q.multiple) return;
        answer.keys.forEach(function (key) {
          var adds = q.byKey.get(key).adds;
          if (adds && adds !== outcomeId && tree.outcomes.has(adds) && seen.indexOf(adds) === -1) {
            seen.push(adds);
          }
        });
      });
      return seen.map(function (id) { return tree.outcomes.get(id); });
    }

    function resultScreen() {
      var outcome = tree.outcomes.get(current.node);
      var heading = h("h2", { id: headingId("heading"), class: "dt-heading", tabindex: "-1" },
        [outcome.title]);
      var parts = [
        h("p", { class: "dt-progress" }, [TEXT.resultLabel]),
        heading,
        copyRich("summary:" + outcome.id, "dt-summary"),
        h("p", { class: "dt-guide" }, [TEXT.guide, link(outcome.guide.url, outcome.guide.text)])
      ];
      parts.push(section("why", TEXT.why, current.answers.length
        ? [h("p", {}, [TEXT.whyLead]), answerList()]
        : [h("p", {}, [TEXT.whyDirect])]));
      if (outcome.models.length) {
        parts.push(section("models", TEXT.models, [copyRich("models:" + outcome.id, "dt-models-list")]));
      }
      var companions = companionsOf(outcome.id);
      if (companions.length) {
        parts.push(section("companions", TEXT.companions, [h("p", {}, [TEXT.companionsLead])].concat(
          companions.map(function (c) {
            return h("article", { class: "dt-companion" }, [
              h("h4", {}, [c.title]),
              copyRich("summary:" + c.id, "dt-summary"),
              h("p", { class: "dt-guide" }, [TEXT.guide, link(c.guide.url, c.guide.text)])
            ]);
          }))));
      }
      var alternatives = outcome.alternatives.filter(function (id) { return tree.outcomes.has(id); });
      if (alternatives.length) {
        parts.push(section("alternatives", TEXT.alternatives, [h("ul", {},
          alternatives.map(function (id) {
            var alt = tree.outcomes.get(id);
            return h("li", {}, [link(alt.guide.url, alt.title)]);
          }))]));
      }
      parts.push(section("resources", TEXT.resources, [h("ul", {},
        outcome.resources.map(function (r) { return h("li", {}, [link(r.url, r.text)]); }))]));
      var printButton = h("button", { type: "button", class: "dt-button dt-button--secondary" },
        [TEXT.print]);
      printButton.addEventListener("click", function () { window.print(); });
      parts.push(h("div", { class: "dt-actions" }, [startAgainButton("dt-button--primary"), printButton]));
      return {
        element: h("div", { class: "dt-screen dt-screen--result" }, parts),
        heading: heading,
        announce: TEXT.announceResult(outcome.title)
      };
    }

    /** Mark the reader's route on the map (text for screen readers, not colour alone). */
    function highlightMap() {
      if (!map) return;
      map.querySelectorAll("[data-dt-mark]").forEach(function (el) { el.remove(); });
      map.querySelectorAll(".dt-map--path").forEach(function (el) { el.classList.remove("dt-map--path"); });
      map.querySelectorAll("[aria-current]").forEach(function (el) { el.removeAttribute("aria-current"); });
      function mark(el, text) {
        if (!el) return;
        el.classList.add("dt-map--path");
        if (!text) return;
        var span = hidden(text);
        span.setAttribute("data-dt-mark", "");
        var head = el.querySelector(":scope > .dt-map__head");
        (head || el).appendChild(span);
      }
      var last = null;
      current.answers.forEach(function (answer) {
        mark(mapNodes.get(answer.q));
        answer.keys.forEach(function (key) {
          last = mapAnswers.get(answer.q + "=" + key);
          mark(last, TEXT.mapAnswer);
        });
        var then = tree.questions.get(answer.q).multiple ? mapThens.get(answer.q) : null;
        if (then) {
          last = then;
          mark(then);
        }
      });
      // An outcome sits on the line of the answer that led to it.
      var here = tree.questions.has(current.node) || !last ? mapNodes.get(current.node) : last;
      if (here) {
        mark(here, TEXT.mapHere);
        here.setAttribute("aria-current", "step");
      }
    }

    /* ---------------- start ---------------- */

    var raw = location.hash.slice(1);
    var first = parse(tree, rootId, raw);
    root.insertBefore(app, staticView);
    if (staticView) staticView.hidden = true;
    root.setAttribute("data-dt-mounted", "");
    if (carry) notice.textContent = carry.notice;
    if (first.invalid) {
      notice.textContent = TEXT.invalid;
      go(initial(tree), "replace", false);
    } else if (first.other) {
      go(carry ? carry.state : initial(tree), "none", false);
    } else {
      // Material re-fetches the page on the first Back after a full load, which
      // drops the focus: give it back to the heading.
      var focusLost = !document.activeElement || document.activeElement === document.body;
      var canonical = format(tree, first.state);
      go(first.state, canonical === raw ? "none" : "replace", Boolean(carry) && focusLost);
    }

    window.addEventListener("popstate", sync);
    window.addEventListener("hashchange", sync);
    // Material turns same-page links into pushState calls, which fire no event.
    var subscription = window.location$ && typeof window.location$.subscribe === "function"
      ? window.location$.subscribe(sync)
      : null;
    return {
      root: root,
      keep: function () {
        return { pathname: pathname, state: current, memory: memory, notice: notice.textContent };
      },
      destroy: function () {
        window.removeEventListener("popstate", sync);
        window.removeEventListener("hashchange", sync);
        if (subscription) subscription.unsubscribe();
      }
    };
  }

  /* --------------------------------------------------------------------------
   * Mounting, page after page
   * ------------------------------------------------------------------------ */

  var mounted = [];

  function onDocument() {
    // Release trees that an instant page swap took away.
    var carried = new Map();
    mounted = mounted.filter(function (entry) {
      if (entry.root.isConnected) return true;
      carried.set(entry.root.getAttribute("data-dt-tree"), entry.keep());
      entry.destroy();
      return false;
    });
    document.querySelectorAll("[data-dt-tree]:not([data-dt-mounted])").forEach(function (root) {
      mounted.push(mount(root, carried));
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onDocument);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onDocument);
  } else {
    onDocument();
  }
})();
