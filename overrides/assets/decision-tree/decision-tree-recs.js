/*
 * Decision-tree widget, part 1 of 3: the recommendations.
 *
 * Every answer the tree can give, computed by the build (tree_recs.py) and
 * published per job and companion (<tree>/jobs/JOB.recs.json and
 * <tree>/companions/NAME.recs.json), and each of those again per answer to
 * the machine question (JOB/QUESTION-N.recs.json, N the option's index):
 * fetched once each, looked up as tree_recs.lookup() does. No fit rule is
 * computed here.
 */
(function () {
  "use strict";

  var ns = (window.dtWidget = window.dtWidget || {});
  if (ns.recs) return;

  var cache = new Map(); // absolute URL -> {promise, value}

  /** Fetch the recommendations at `url` (same origin), once per page load. */
  function load(url) {
    var entry = cache.get(url);
    if (!entry) {
      entry = { value: null };
      entry.promise = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (recs) {
          if (!recs || recs.format !== 1 || !recs.jobs) throw new Error("unknown format");
          entry.value = recs;
          return recs;
        });
      // A failure is not cached: the next result screen tries again.
      entry.promise.catch(function () { cache.delete(url); });
      cache.set(url, entry);
    }
    return entry;
  }

  /**
   * The result index of `table` for `answers` (question id -> option index),
   * or null when a dimension was not asked and no option sets nothing.
   */
  function lookup(recs, table, answers) {
    var index = 0;
    for (var i = 0; i < table.dims.length; i++) {
      var question = table.dims[i][0];
      var option = answers.get(question);
      var chosen = option !== undefined ? recs.options[question][option] : table.dims[i][1];
      if (chosen === null || chosen === undefined) return null;
      index = index * recs.sizes[question] + chosen;
    }
    var result = table.table[index];
    return result === undefined ? null : result;
  }

  function text(recs, i) {
    return i === -1 || i === undefined ? null : recs.strings[i];
  }

  /** The words of Python's pick_line, from the same parts. */
  function pickLine(precision, needs, usable, context) {
    var line = precision + ", " + needs + (usable ? " of your " + usable + " usable" : "");
    return line + (context ? ", with a " + context + "-token context" : "");
  }

  /** {picks: [{model, line, caveats, runs: [{tool, command, why, install}]}], notes} for a result index. */
  function result(recs, index) {
    var value = recs.results[index] || [];
    var withNotes = Array.isArray(value[0]);
    var picks = withNotes ? value[0] : value;
    return {
      picks: picks.map(function (p) {
        var pick = recs.picks[p];
        return {
          model: recs.models[pick[0]],
          line: pickLine(text(recs, pick[1]), text(recs, pick[2]), text(recs, pick[3]), text(recs, pick[4])),
          caveats: (pick[5] || []).map(function (s) { return recs.strings[s]; }),
          runs: (pick[6] || []).map(function (r) {
            var tool = recs.strings[r[0]];
            return { tool: tool, command: recs.strings[r[1]], why: recs.strings[r[2]], install: (recs.tools || {})[tool] };
          })
        };
      }),
      notes: (withNotes ? value[1] : []).map(function (s) { return recs.strings[s]; })
    };
  }

  /** The job's models, its effect lines and its own companions; null if it cannot be looked up. */
  function forJob(recs, job, answers) {
    var table = Object.prototype.hasOwnProperty.call(recs.jobs, job) ? recs.jobs[job] : null;
    if (!table) return null;
    var index = lookup(recs, table, answers);
    if (index === null) return null;
    var why = [recs.strings[table.job]];
    table.dims.forEach(function (dim) {
      var option = answers.get(dim[0]);
      if (option === undefined) return;
      (table.why[dim[0]][recs.options[dim[0]][option]] || []).forEach(function (s) {
        why.push(recs.strings[s]);
      });
    });
    var found = result(recs, index);
    found.why = why;
    found.companions = table.companions || [];
    return found;
  }

  /** A companion's models for the same answers; null if there is no table for it. */
  function forCompanion(recs, name, answers) {
    var table = Object.prototype.hasOwnProperty.call(recs.companions, name) ? recs.companions[name] : null;
    var index = table ? lookup(recs, table, answers) : null;
    return index === null ? null : result(recs, index);
  }

  ns.recs = { load: load, lookup: lookup, pickLine: pickLine, forJob: forJob, forCompanion: forCompanion };
})();
