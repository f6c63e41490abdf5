/*
 * Decision-tree widget, part 2 of 3: the screens.
 *
 * Builds one question or the result from the state decision-tree.js keeps,
 * copying rich text from the page's sections. Strings go in as text only.
 * Registers window.dtWidget.render; running twice changes nothing.
 */
(function () {
  "use strict";

  var ns = (window.dtWidget = window.dtWidget || {});
  if (ns.render) return;

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
    whyEffects: "What your answers changed:",
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
    loading: "Finding the models that fit your answers…",
    failed: "The list of models for your answers could not be loaded.",
    unanswered: "Answer the questions to see the models that fit your machine.",
    noFit: "Nothing in the catalogue fits these answers.",
    card: "model card",
    copy: "Copy",
    copyHidden: " command for ",
    copied: "Copied",
    selected: "Selected: press Ctrl+C to copy",
    companions: "Add to your application",
    companionsLead: "These models work beside the main one:",
    alternatives: "Also worth a look",
    resources: "Further reading",
    print: "Print this result",
    announceQuestion: function (n, text) {
      return "Question " + n + ": " + text;
    },
    announceResult: function (title) {
      return "Recommendation: " + title;
    },
    mapAnswer: " (your answer)",
    mapHere: " (you are here)"
  };

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

  /**
   * The screens of one mounted tree. `ctx` is kept by decision-tree.js:
   * tree, root, rootId, current (the state), memory, pending, answers(),
   * choose/change/startAgain, recsUrl, machine, catalogueUrl.
   */
  function create(ctx) {
    var tree = ctx.tree;
    var root = ctx.root;
    var rich = new Map();
    root.querySelectorAll("[data-dt-rich]").forEach(function (el) {
      rich.set(el.getAttribute("data-dt-rich"), el);
    });
    var map = root.querySelector("[data-dt-map]");
    var intro = root.querySelector("[data-dt-rich=intro]");
    var mapNodes = new Map();
    var mapAnswers = new Map();
    var mapThens = new Map();
    if (map) {
      [["data-dt-then", mapThens], ["data-dt-node", mapNodes], ["data-dt-answer", mapAnswers]]
        .forEach(function (pair) {
          map.querySelectorAll("[" + pair[0] + "]").forEach(function (el) {
            pair[1].set(el.getAttribute(pair[0]), el);
          });
        });
    }
    var stage = h("div", { class: "dt-stage" });
    var live = h("p", { class: "dt-visually-hidden", "aria-live": "polite" });

    function copy(el, cls) {
      if (!el) return null;
      var clone = el.cloneNode(true);
      clone.removeAttribute("data-dt-rich");
      clone.removeAttribute("data-dt-tiers");
      if (cls) clone.className = cls;
      return clone;
    }

    function copyRich(key, cls) {
      return copy(rich.get(key), cls);
    }

    function headingId(suffix) {
      return ctx.rootId + "--stage-" + suffix;
    }

    /**
     * Draw the screen for ctx.current; `moved`: the reader moved there (focus
     * and announce it); `then`: work that can wait until the screen is painted.
     */
    function render(moved, then) {
      var current = ctx.current;
      var screen = tree.questions.has(current.node) ? questionScreen() : resultScreen();
      if (intro) intro.hidden = current.answers.length > 0 || current.entry !== tree.start;
      stage.replaceChildren(screen.element);
      // Focus and the announcement wait for the new screen's first paint: a
      // focus() now would force the browser to lay the screen out inside the
      // click, and the reader would wait for that layout twice.
      if (moved || arrived) arrived = screen;
      if (then) waiting.push(then);
      afterPaint();
    }

    function progress() {
      var current = ctx.current;
      var parts = [h("span", {}, [TEXT.question + (current.answers.length + 1)])];
      if (current.answers.length) {
        parts.push(h("span", { class: "dt-progress__count" }, [TEXT.answered(current.answers.length)]));
      }
      if (current.entry !== tree.start) {
        parts.push(h("span", { class: "dt-progress__count" }, [TEXT.fromLink]));
      }
      return h("p", { class: "dt-progress" }, parts);
    }

    function option(q, item, i, previous) {
      var labelId = headingId("option-" + i);
      var hintId = item.hint ? headingId("hint-" + i) : null;
      var label = h("span", { id: labelId, class: "dt-option__label" }, [item.label]);
      var hint = hintId ? h("span", { id: hintId, class: "dt-option__hint" }, [item.hint]) : null;
      var unsure = item.unsure ? " dt-option--unsure" : "";
      if (q.multiple) {
        var box = h("input", {
          type: "checkbox",
          class: "dt-check__box",
          value: item.key,
          "aria-labelledby": labelId,
          "aria-describedby": hintId
        });
        box.checked = previous.indexOf(item.key) !== -1;
        return h("li", {}, [h("label", { class: "dt-check" + (item.unsure ? " dt-check--unsure" : "") }, [
          box, h("span", { class: "dt-check__text" }, [label, hint])
        ])]);
      }
      var previousId = headingId("previous");
      var chosen = previous.length === 1 && previous[0] === item.key;
      // The name holds all the button's visible text, the label first (WCAG 2.5.3, label
      // in name: a reader using speech may say any of it); spaces keep the words apart in
      // the text as in the name, though the hint shows on a line of its own.
      var button = h("button", {
        type: "button",
        class: "dt-option" + unsure + (chosen ? " dt-option--previous" : ""),
        "aria-labelledby": [labelId, hintId, chosen ? previousId : null].filter(Boolean).join(" ")
      }, [label, hint ? " " : null, hint, chosen ? " " : null,
        chosen ? h("span", { id: previousId, class: "dt-option__previous" }, [TEXT.previous]) : null]);
      button.addEventListener("click", function () { ctx.choose([item.key]); });
      return h("li", {}, [button]);
    }

    function questionScreen() {
      var current = ctx.current;
      var q = tree.questions.get(current.node);
      var heading = h("h2", { id: headingId("heading"), class: "dt-heading", tabindex: "-1" }, [q.text]);
      var previous = ctx.memory.get(q.id) || [];
      var list = h("ul", { class: "dt-options" + (q.multiple ? " dt-options--multiple" : "") },
        q.options.map(function (item, i) { return option(q, item, i, previous); }));
      var fieldset = h("fieldset", { class: "dt-fieldset" }, [
        h("legend", { class: "dt-legend" }, [heading]), copyRich("help:" + q.id, "dt-help"), list
      ]);
      var body;
      if (q.multiple) {
        body = h("form", { class: "dt-form", novalidate: true }, [fieldset,
          h("button", { type: "submit", class: "dt-button dt-button--primary" }, [TEXT.continueLabel])]);
        body.addEventListener("submit", function (event) {
          event.preventDefault();
          var boxes = Array.prototype.slice.call(list.querySelectorAll("input:checked"));
          ctx.choose(boxes.map(function (b) { return b.value; }));
        });
      } else {
        body = h("div", { class: "dt-form" }, [fieldset]);
      }
      var parts = [progress(), body];
      if (current.answers.length || current.entry !== tree.start || ctx.pending) parts.push(answersPanel());
      return {
        element: h("div", { class: "dt-screen dt-screen--question" }, parts),
        heading: heading,
        announce: TEXT.announceQuestion(current.answers.length + 1, q.text)
      };
    }

    /** The reader's answers, each with a Change button. */
    function answerList() {
      var list = h("ol", { class: "dt-answers__list" });
      ctx.current.answers.forEach(function (answer, index) {
        var q = tree.questions.get(answer.q);
        var labels = answer.keys.map(function (key) { return q.byKey.get(key).label; });
        var button = h("button", { type: "button", class: "dt-link-button" }, [
          TEXT.change, hidden(TEXT.changeHidden(q.text))
        ]);
        button.addEventListener("click", function () { ctx.change(index); });
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
      button.addEventListener("click", ctx.startAgain);
      return button;
    }

    function answersPanel() {
      var id = headingId("answers");
      var current = ctx.current;
      return h("section", { class: "dt-answers", "aria-labelledby": id }, [
        h("h2", { id: id, class: "dt-answers__title" }, [TEXT.yourAnswers]),
        current.entry !== tree.start ? h("p", { class: "dt-answers__note" }, [TEXT.partial]) : null,
        ctx.pending && ctx.pending.size ? h("p", { class: "dt-answers__note" }, [TEXT.keeping]) : null,
        current.answers.length ? answerList() : null,
        startAgainButton("dt-button--secondary")
      ]);
    }

    function section(key, title, children) {
      var id = headingId(key);
      return h("section", { class: "dt-result__section dt-result__" + key, "aria-labelledby": id },
        [h("h3", { id: id }, [title])].concat(children));
    }

    /** One fitting model, as the catalogue describes it. */
    function pickItem(pick) {
      var m = pick.model;
      var anchor = ctx.catalogueUrl ? ctx.catalogueUrl + "#" + m.anchor : null;
      return h("li", { class: "dt-pick", "data-dt-model": m.id }, [
        link(anchor, m.name, "dt-pick__name"), m.params ? " (" + m.params + "): " : ": ",
        h("span", { class: "dt-pick__memory" }, [pick.line]),
        h("span", { class: "dt-pick__licence" }, [
          h("span", { class: "dt-commercial dt-commercial--" + m.commercial }, [m.commercial_text]),
          " (", link(m.licence_url, m.licence), ")",
          m.card ? ", " : null, m.card ? link(m.card, TEXT.card) : null
        ]),
        pick.caveats.length
          ? h("ul", { class: "dt-pick__caveats" }, pick.caveats.map(function (c) { return h("li", {}, [c]); }))
          : null,
        pick.runs.length ? h("ul", { class: "dt-runs" }, pick.runs.map(run)) : null
      ]);
    }

    /** One command: the tool (linked to its install page), the command with a Copy button, what it does. */
    function run(r) {
      var code = h("code", {}, [r.command]);
      var button = h("button", { type: "button", class: "dt-button dt-button--secondary dt-run__copy" }, [
        TEXT.copy, hidden(TEXT.copyHidden + r.tool)
      ]);
      button.addEventListener("click", function () {
        function done(ok) {
          live.textContent = ok ? TEXT.copied : TEXT.selected;
        }
        function select() {
          var ok = false;
          getSelection().selectAllChildren(code);
          try { ok = document.execCommand("copy"); } catch (e) { /* selected only */ }
          done(ok);
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(r.command).then(function () { done(true); }, select);
        } else {
          select();
        }
      });
      return h("li", { class: "dt-run", "data-dt-tool": r.tool }, [
        link(r.install, r.tool, "dt-run__tool"),
        h("div", { class: "dt-run__code" }, [h("pre", {}, [code]), button]),
        h("span", { class: "dt-run__why" }, [r.why])
      ]);
    }

    /** The models of a lookup, or its notes when none fits. */
    function picks(found) {
      var parts = [];
      if (found.picks.length) parts.push(h("ul", { class: "dt-picks" }, found.picks.map(pickItem)));
      else if (!found.notes.length) parts.push(h("p", { class: "dt-picks__none" }, [TEXT.noFit]));
      found.notes.forEach(function (note) { parts.push(h("p", { class: "dt-picks__note" }, [note])); });
      return parts;
    }

    /** The note, then the static link to this job's models by machine. */
    function tiers(outcomeId, why) {
      var byMachine = root.querySelector('[data-dt-tiers="' + outcomeId + '"]');
      return [h("p", { class: "dt-picks__note" }, [why]), copy(byMachine)];
    }

    /** Companion outcomes: the job's own first, then the ticked ones, each once. */
    function companionsOf(outcome, jobCompanions) {
      var found = [];
      function add(o) {
        if (o && o.id !== outcome.id && found.indexOf(o) === -1) found.push(o);
      }
      jobCompanions.forEach(function (name) {
        var own = null;
        tree.outcomes.forEach(function (o) { if (!own && o.companion === name) own = o; });
        add(own);
      });
      ctx.current.answers.forEach(function (answer) {
        var q = tree.questions.get(answer.q);
        if (!q.multiple) return;
        answer.keys.forEach(function (key) { add(tree.outcomes.get(q.byKey.get(key).adds)); });
      });
      return found;
    }

    function resultScreen() {
      var current = ctx.current;
      var outcome = tree.outcomes.get(current.node);
      var heading = h("h2", { id: headingId("heading"), class: "dt-heading", tabindex: "-1" }, [outcome.title]);
      var answers = ctx.answers();
      var job = ctx.constraints().job || outcome.job;
      var effects = h("div", { class: "dt-why__effects" });
      var models = section("models", TEXT.models, []);
      var companionsBox = h("div", {});
      var parts = [
        h("p", { class: "dt-progress" }, [TEXT.resultLabel]),
        heading,
        copyRich("summary:" + outcome.id, "dt-summary"),
        h("p", { class: "dt-guide" }, [TEXT.guide, link(outcome.guide.url, outcome.guide.text)]),
        section("why", TEXT.why, current.answers.length
          ? [h("p", {}, [TEXT.whyLead]), answerList(), effects]
          : [h("p", {}, [TEXT.whyDirect])]),
        job || root.querySelector('[data-dt-tiers="' + outcome.id + '"]') ? models : null,
        companionsBox
      ];

      function companions(list, fill) {
        if (!list.length) return;
        companionsBox.replaceChildren(section("companions", TEXT.companions, [h("p", {}, [TEXT.companionsLead])].concat(
          list.map(function (c) {
            return h("article", { class: "dt-companion", "data-dt-companion": c.companion || c.id }, [
              h("h4", {}, [c.title]),
              copyRich("summary:" + c.id, "dt-summary"),
              h("p", { class: "dt-guide" }, [TEXT.guide, link(c.guide.url, c.guide.text)])
            ].concat(fill(c)));
          }))));
      }

      /** `parts`: the job's part, then the ticked companions' (null: not loaded). */
      function show(parts) {
        var recs = parts && parts[0];
        var found = recs && job ? ns.recs.forJob(recs, job, answers) : null;
        models.replaceChildren(models.firstChild);
        if (!found) {
          tiers(outcome.id, recs || !job ? TEXT.unanswered : TEXT.failed).forEach(function (el) {
            if (el) models.appendChild(el);
          });
          companions(companionsOf(outcome, []), function () { return []; });
          return;
        }
        picks(found).forEach(function (el) { models.appendChild(el); });
        if (current.answers.length) {
          effects.replaceChildren(h("p", {}, [TEXT.whyEffects]),
            h("ul", { class: "dt-why__list" }, found.why.map(function (line) { return h("li", {}, [line]); })));
        }
        companions(companionsOf(outcome, found.companions), function (c) {
          var extra = null;
          (c.companion ? parts : []).forEach(function (part) {
            extra = extra || ns.recs.forCompanion(part, c.companion, answers);
          });
          return extra ? [h("div", { class: "dt-companion__models" }, picks(extra))] : [];
        });
      }

      if (job && ctx.recsUrl) {
        // The job's part (with its own companions), then one per ticked companion;
        // each for the reader's machine alone once they have said what it is.
        var machine = ctx.machine ? answers.get(ctx.machine) : undefined;
        var suffix = machine === undefined ? "" : "/" + ctx.machine + "-" + machine;
        var entries = ["jobs/" + job].concat(companionsOf(outcome, [])
          .filter(function (c) { return c.companion; })
          .map(function (c) { return "companions/" + c.companion; })).map(function (name) {
            return ns.recs.load(ctx.recsUrl + name + suffix + ".recs.json");
          });
        if (entries.every(function (e) { return e.value; })) {
          show(entries.map(function (e) { return e.value; }));
        } else {
          models.appendChild(h("p", { class: "dt-picks__loading" }, [TEXT.loading]));
          companions(companionsOf(outcome, []), function () { return []; });
          Promise.all(entries.map(function (e) { return e.promise; })).then(function (parts) {
            if (ctx.current === current) show(parts);
          }, function () {
            if (ctx.current === current) show(null);
          });
        }
      } else {
        show(null);
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
      var printButton = h("button", { type: "button", class: "dt-button dt-button--secondary" }, [TEXT.print]);
      printButton.addEventListener("click", function () { window.print(); });
      parts.push(h("div", { class: "dt-actions" }, [startAgainButton("dt-button--primary"), printButton]));
      return {
        element: h("div", { class: "dt-screen dt-screen--result" }, parts),
        heading: heading,
        announce: TEXT.announceResult(outcome.title)
      };
    }

    // After the new screen is painted: move focus to its heading, announce it,
    // then mark the route on the map below. One task per frame, however many
    // renders came before it.
    var arrived = null;
    var waiting = [];
    var scheduled = false;
    function afterPaint() {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(function () {
        setTimeout(function () {
          scheduled = false;
          if (!root.isConnected) return;
          var start = performance.now();
          waiting.splice(0).forEach(function (fn) { fn(); });
          var screen = arrived;
          arrived = null;
          if (screen && screen.heading.isConnected) {
            screen.heading.focus();
            live.textContent = screen.announce;
          }
          highlightMap();
          // For the benchmark (bench/interaction.py): the cost of this task.
          try { performance.measure("dt:after-paint", { start: start }); } catch (e) { /* older browser */ }
        }, 0);
      });
    }

    /** Mark the reader's route on the map (text for screen readers, not colour alone). */
    function highlightMap() {
      if (!map) return;
      var current = ctx.current;
      map.querySelectorAll("[data-dt-mark]").forEach(function (el) { el.remove(); });
      map.querySelectorAll(".dt-map__head--path").forEach(function (el) {
        el.classList.remove("dt-map__head--path", "dt-map__head--here");
      });
      map.querySelectorAll("[aria-current]").forEach(function (el) { el.removeAttribute("aria-current"); });
      /** Mark an item's head as on the route, with *text* for screen readers; return the head. */
      function mark(el, text) {
        if (!el) return null;
        var head = el.querySelector(":scope > .dt-map__head") || el;
        head.classList.add("dt-map__head--path");
        if (text) {
          var span = hidden(text);
          span.setAttribute("data-dt-mark", "");
          head.appendChild(span);
        }
        return head;
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
        mark(here, TEXT.mapHere).classList.add("dt-map__head--here");
        here.setAttribute("aria-current", "step");
      }
    }

    return { stage: stage, live: live, render: render };
  }

  ns.render = { create: create, h: h };
})();
