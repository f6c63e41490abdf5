/* Adds the scripts of the tree, the catalogue filters and the memory calculator where they are, once (see tests/built_site/test_page_weight.py). */
(function () {
  "use strict";
  var base = document.currentScript.src.replace(/[^/]*$/, "");
  var parts = [
    ["[data-dt-tree]", ["decision-tree-recs.js", "decision-tree-render.js", "decision-tree.js"]],
    ["[data-dt-model-list]", ["../catalogue/catalogue.js"]],
    ["[data-dt-calc]", ["../catalogue/calculator.js"]]
  ];
  var done = {};
  function add(tag, attrs) {
    document.body.appendChild(Object.assign(document.createElement(tag), attrs));
  }
  function load() {
    // In <body>: Material drops <head> tags the next page lacks.
    if (document.querySelector("[data-dt-tree]") && !document.querySelector('link[href$="/decision-tree.css"]')) {
      add("link", { rel: "stylesheet", href: base + "decision-tree.css" });
    }
    parts.forEach(function (part) {
      if (done[part[0]] || !document.querySelector(part[0])) return;
      done[part[0]] = true;
      part[1].forEach(function (name) {
        add("script", { src: base + name, async: false });
      });
    });
  }
  if (window.document$) window.document$.subscribe(load);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
