/*
 * Model catalogue filters: job, hardware, language, commercial use.
 *
 * The page already lists every model (hooks/tree_pages.py renders the
 * <!-- model-catalogue --> marker); each row carries what the build computed:
 * data-types, data-fits (the hardware tiers it fits at the default context),
 * data-languages and data-commercial. This script only compares those with
 * the form: it sizes nothing itself. The filter lives in the query string
 * (?job=coder&fits=gpu-24), so a filtered list can be shared and survives
 * reload; the fragment stays free for the per-model anchors.
 *
 * Mounts through Material's document$ (instant navigation) and is idempotent.
 */
(function () {
  "use strict";

  var FIELDS = ["job", "fits", "language", "commercial"];

  function matches(row, state) {
    function has(attr, value) {
      return (" " + (row.getAttribute(attr) || "") + " ").indexOf(" " + value + " ") !== -1;
    }
    return (!state.job || has("data-types", state.job)) &&
      (!state.fits || has("data-fits", state.fits)) &&
      (!state.language || has("data-languages", state.language)) &&
      (!state.commercial || row.getAttribute("data-commercial") === "yes");
  }

  function mount(root) {
    if (root.hasAttribute("data-dt-mounted")) return;
    root.setAttribute("data-dt-mounted", "");
    var form = root.querySelector("[data-dt-filter]");
    var count = root.querySelector("[data-dt-count]");
    var none = root.querySelector("[data-dt-none]");
    var rows = Array.prototype.slice.call(root.querySelectorAll("tr[data-dt-model]"));
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-dt-group]"));
    var total = rows.length;

    function read() {
      var state = {};
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        state[name] = field.type === "checkbox" ? (field.checked ? "yes" : "") : field.value;
      });
      return state;
    }

    function write(state) {
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        var value = state[name] || "";
        if (field.type === "checkbox") {
          field.checked = value === "yes";
        } else {
          var known = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
          field.value = known ? value : "";
        }
      });
    }

    function apply(updateUrl) {
      var state = read();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = matches(row, state);
        row.hidden = !ok;
        var detail = row.nextElementSibling;
        if (detail && detail.hasAttribute("data-dt-detail")) detail.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("tr[data-dt-model]:not([hidden])");
      });
      count.textContent = shown === total ? total + " models" : shown + " of " + total + " models shown";
      none.hidden = shown !== 0;
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        FIELDS.forEach(function (name) {
          if (state[name]) params.set(name, state[name]); else params.delete(name);
        });
        var query = params.toString();
        history.replaceState(history.state, "",
          window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var initial = {};
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) { initial[name] = params.get(name) || ""; });
    write(initial);
    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      // The form resets its fields after this event; read them once it has.
      window.setTimeout(function () { apply(true); }, 0);
    });
    apply(false);
  }

  function mountAll() {
    document.querySelectorAll("[data-dt-model-list]").forEach(mount);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
