/*
 * Decision-tree widget, part 3 of 3: the tree, its states, the URL and mounting.
 *
 * This script hides the page's linked sections and shows one question per
 * screen from data-dt-data. Navigation follows Tree.resolve in model.py:
 * answers set constraints, a question whose `when` fails is skipped to its
 * `next`, and a route leads to the outcome of the job chosen earlier.
 * State lives only in the fragment, #TREE:QUESTION=KEY/QUESTION=KEY+KEY...
 * (#TREE:@NODE/... when a link opened a question or outcome directly), so
 * Back, reload and shared links all work. The sections' own anchors (search
 * results) open that question or outcome; other element ids are left alone.
 *
 * Vanilla scripts, no eval, no inline handlers (CSP script-src 'self').
 * Material's instant navigation swaps pages without reloading: mounting
 * follows its document$, a swap releases the replaced page's listeners, and
 * same-page links (silent pushState calls there) arrive via its location$.
 * Material re-fetches the page on the first Back after a full load: the new
 * copy picks up the old one's state and focus.
 */
(function () {
  "use strict";

  var ns = (window.dtWidget = window.dtWidget || {});
  if (ns.state || !ns.render || !ns.recs) return;

  var TEXT = {
    invalid:
      "The link you followed no longer matches the questions, so the tree starts again " +
      "from the first question.",
    needJob:
      "To finish, tell us the main job first: the answers you gave are kept and not asked again."
  };

  var SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
  var SEGMENT = new RegExp("^(" + SLUG + ")=((?:" + SLUG + ")(?:\\+" + SLUG + ")*)?$");
  var ENTRY = new RegExp("^@(" + SLUG + ")$");
  var has = Function.prototype.call.bind(Object.prototype.hasOwnProperty);

  /* --------------------------------------------------------------------------
   * The tree and its states
   * ------------------------------------------------------------------------ */

  /** Turn the JSON data into Maps (ids may be words like "constructor"). */
  function compile(data) {
    function toMap(object, fn) {
      return new Map(Object.keys(object || {}).map(function (id) { return [id, fn(object[id], id)]; }));
    }
    return {
      id: data.id,
      start: data.start,
      questions: toMap(data.questions, function (q, id) {
        return {
          id: id,
          text: q.text,
          multiple: q.multiple === true,
          next: q.next || null,
          when: q.when || null,
          options: q.options,
          byKey: new Map(q.options.map(function (o, i) { o.index = i; return [o.key, o]; }))
        };
      }),
      outcomes: toMap(data.outcomes, function (o, id) { o.id = id; return o; }),
      routes: toMap(data.routes, function (r) { return r; })
    };
  }

  function isNode(tree, id) {
    return tree.questions.has(id) || tree.outcomes.has(id);
  }

  /** Whether question `q` is asked, given the constraints set so far (Question.applies). */
  function applies(q, constraints) {
    return !q.when || Object.keys(q.when).every(function (name) {
      return has(constraints, name) && q.when[name].indexOf(constraints[name]) !== -1;
    });
  }

  /** Follow routes and skip questions that do not apply (Tree.resolve); null for a dead end. */
  function resolve(tree, id, constraints) {
    for (var seen = 0; id !== null && seen <= tree.questions.size + tree.routes.size; seen++) {
      var route = tree.routes.get(id);
      if (route) {
        var value = String(constraints[route.on]);
        id = has(constraints, route.on) && has(route.cases, value) ? route.cases[value] : null;
        continue;
      }
      var q = tree.questions.get(id);
      if (q && !applies(q, constraints)) {
        id = q.next;
        continue;
      }
      return isNode(tree, id) ? id : null;
    }
    return null;
  }

  /** The merge, in order, of the `sets` of the answered single-choice options. */
  function constraintsOf(tree, answers) {
    var constraints = {};
    answers.forEach(function (a) {
      var q = tree.questions.get(a.q);
      var sets = q.multiple ? null : q.byKey.get(a.keys[0]).sets;
      Object.keys(sets || {}).forEach(function (name) { constraints[name] = sets[name]; });
    });
    return constraints;
  }

  /**
   * Where answering question `id` with `keys` leads once `answers` (this one
   * included) are given: a node, null for a dead end, undefined if `keys` is
   * not an answer to it.
   */
  function advance(tree, id, keys, answers) {
    var q = tree.questions.get(id);
    if (!q) return undefined;
    var next;
    if (!q.multiple) {
      var option = keys.length === 1 ? q.byKey.get(keys[0]) : undefined;
      if (!option) return undefined;
      next = option.next;
    } else {
      if (new Set(keys).size !== keys.length) return undefined;
      for (var i = 0; i < keys.length; i++) if (!q.byKey.has(keys[i])) return undefined;
      next = q.next;
    }
    return resolve(tree, next || null, constraintsOf(tree, answers));
  }

  /** Keys in the order the question lists its options. */
  function sortKeys(tree, id, keys) {
    var q = tree.questions.get(id);
    return keys.slice().sort(function (a, b) { return q.byKey.get(a).index - q.byKey.get(b).index; });
  }

  function initial(tree) {
    return { entry: tree.start, answers: [], node: resolve(tree, tree.start, {}) };
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
   * {other: true} for an id of some element on the page, {invalid: true} else:
   * an answer to a question the path does not ask at that point is tampering.
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
    var node = initial(tree).node;
    var first = segments.length ? ENTRY.exec(segments[0]) : null;
    if (first) {
      if (!isNode(tree, first[1])) return { invalid: true };
      entry = node = first[1];
      segments.shift();
    }
    var answers = [];
    for (var i = 0; i < segments.length; i++) {
      var m = SEGMENT.exec(segments[i]);
      if (!m || m[1] !== node || !tree.questions.has(node)) return { invalid: true };
      var keys = m[2] ? m[2].split("+") : [];
      var answer = { q: node, keys: keys };
      answers.push(answer);
      node = advance(tree, answer.q, keys, answers);
      if (!node) return { invalid: true };
      answer.keys = sortKeys(tree, answer.q, keys);
    }
    return { state: { entry: entry, answers: answers, node: node } };
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
    var pathname = location.pathname;
    var currentFragment = null;
    var recsUrl = root.getAttribute("data-dt-recs");
    var ctx = {
      tree: tree,
      root: root,
      rootId: rootId,
      current: null, // the state on screen
      memory: carry ? carry.memory : new Map(), // question id -> keys last chosen
      pending: null, // question id -> keys: later answers a Change keeps where still asked
      recsUrl: recsUrl ? new URL(recsUrl, location.href).href : null,
      machine: root.getAttribute("data-dt-machine"), // the question the parts are split by
      catalogueUrl: root.getAttribute("data-dt-catalogue") || null,
      constraints: function () { return constraintsOf(tree, ctx.current.answers); },
      /** Question id -> index of the single-choice option answered. */
      answers: function () {
        var found = new Map();
        ctx.current.answers.forEach(function (a) {
          var q = tree.questions.get(a.q);
          if (!q.multiple) found.set(a.q, q.byKey.get(a.keys[0]).index);
        });
        return found;
      },
      choose: choose,
      change: change,
      startAgain: startAgain
    };
    var view = ns.render.create(ctx);
    var h = ns.render.h;
    var notice = h("p", { class: "dt-notice", role: "status" });
    var app = h("div", { class: "dt-app" }, [notice, view.stage, view.live]);

    // A new history entry waits until the new screen is painted (pushState
    // costs the browser a round trip); Back before then cancels it. `from` is
    // the fragment the address still shows meanwhile.
    var push = null;

    function go(state, how, moved) {
      var fragment = format(tree, state);
      var url = location.pathname + location.search + (fragment ? "#" + fragment : "");
      push = null;
      if (how === "replace") history.replaceState(history.state, "", url);
      ctx.current = state;
      currentFragment = fragment;
      if (how !== "push") {
        view.render(moved);
        return;
      }
      var entry = (push = { url: url, from: location.hash.slice(1) });
      view.render(moved, function () {
        if (push !== entry) return;
        push = null;
        history.pushState(null, "", url);
      });
    }

    function choose(keys) {
      var current = ctx.current;
      var q = current.node;
      var answers = current.answers.concat([{ q: q, keys: sortKeys(tree, q, keys) }]);
      var node = advance(tree, q, keys, answers);
      var later = ctx.pending;
      ctx.memory.set(q, keys);
      // Answers given before a Change: replay them wherever their questions come up.
      while (later && tree.questions.has(node) && later.has(node)) {
        var replayed = later.get(node);
        later.delete(node);
        var step = { q: node, keys: replayed };
        var next = advance(tree, node, replayed, answers.concat([step]));
        if (!next) break;
        answers.push(step);
        node = next;
      }
      notice.textContent = "";
      if (!node) {
        // A route with no job: the reader started from a link past the job
        // question. Ask it, keeping every answer for when its question comes.
        ctx.pending = new Map(answers.map(function (a) { return [a.q, a.keys]; }));
        notice.textContent = TEXT.needJob;
        go(initial(tree), "push", true);
        return;
      }
      if (!tree.questions.has(node) || !later || !later.size) ctx.pending = null;
      go({ entry: current.entry, answers: answers, node: node }, "push", true);
    }

    function change(index) {
      var answers = ctx.current.answers;
      ctx.pending = new Map(answers.slice(index + 1).map(function (a) { return [a.q, a.keys]; }));
      notice.textContent = "";
      go({ entry: ctx.current.entry, answers: answers.slice(0, index), node: answers[index].q }, "push", true);
    }

    function startAgain() {
      ctx.pending = null;
      notice.textContent = "";
      go(initial(tree), "push", true);
    }

    /** Follow the URL after Back/Forward, an edited fragment or a same-page link. */
    function sync() {
      // Material announces a move to another page before it swaps the content.
      if (location.pathname !== pathname) return;
      var raw = location.hash.slice(1);
      // The address has not moved since the reader's last answer: a late event
      // (Material's location$, a hashchange still queued) must not undo it.
      if (push && raw === push.from) return;
      push = null;
      if (raw === currentFragment) return;
      var result = parse(tree, rootId, raw);
      if (result.other) return;
      ctx.pending = null;
      if (result.invalid) {
        notice.textContent = TEXT.invalid;
        go(initial(tree), "replace", true);
        return;
      }
      notice.textContent = "";
      var canonical = format(tree, result.state);
      go(result.state, canonical === raw ? "none" : "replace", true);
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
        return { pathname: pathname, state: ctx.current, memory: ctx.memory, notice: notice.textContent };
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

  ns.state = { compile: compile, resolve: resolve, parse: parse, format: format, constraintsOf: constraintsOf };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onDocument);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onDocument);
  } else {
    onDocument();
  }
})();
