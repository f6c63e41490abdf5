/*
 * Memory calculator on the sizing page: choose a model, a context and a
 * precision; it shows what the build computed for that choice (memory needed
 * and the machines it fits). No sizing happens here: every figure is looked
 * up in data-dt-calc. Mounts through Material's document$, idempotently.
 */
(function () {
  "use strict";

  function option(value, text) {
    var el = document.createElement("option");
    el.value = String(value);
    el.textContent = text;
    return el;
  }

  function mount(root) {
    if (root.hasAttribute("data-dt-mounted")) return;
    root.setAttribute("data-dt-mounted", "");
    var data = JSON.parse(root.getAttribute("data-dt-calc"));
    var form = root.querySelector("[data-dt-calc-form]");
    var out = root.querySelector("[data-dt-calc-out]");
    var model = form.elements.model;
    var context = form.elements.context;
    var precision = form.elements.precision;
    data.models.forEach(function (m, i) { model.appendChild(option(i, m[0])); });
    data.contexts.forEach(function (c, i) { context.appendChild(option(i, c + " tokens")); });
    data.precisions.forEach(function (p, i) { precision.appendChild(option(i, p)); });
    context.value = "1";
    precision.value = String(data.precisions.length - 1);

    function show() {
      var entry = data.models[Number(model.value)];
      var cell = entry[2][Number(context.value)][Number(precision.value)];
      var fits = cell[1].map(function (i) { return data.tiers[i]; });
      out.textContent = entry[0] + " at " + data.precisions[Number(precision.value)] + " with " +
        data.contexts[Number(context.value)] + " tokens needs " + cell[0] + ". " +
        (fits.length ? "It fits: " + fits.join("; ") + "." : "It fits none of the machines below.");
    }

    form.hidden = false;
    form.addEventListener("change", show);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    show();
  }

  function mountAll() {
    document.querySelectorAll("[data-dt-calc]").forEach(mount);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
