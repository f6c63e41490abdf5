/* On pages with a tree, adds the widget's JS once, and its CSS unless linked (instant navigation parses the tree's <noscript> link). */
(function () {
  "use strict";
  var base = document.currentScript.src.replace(/[^/]*$/, "");
  var done = false;
  function add(tag, attrs) {
    document.body.appendChild(Object.assign(document.createElement(tag), attrs));
  }
  function load() {
    if (!document.querySelector("[data-dt-tree]")) return;
    // In <body>: Material drops <head> tags the next page lacks.
    if (!document.querySelector('link[href$="/decision-tree.css"]')) {
      add("link", { rel: "stylesheet", href: base + "decision-tree.css" });
    }
    if (done) return;
    done = true;
    ["decision-tree-recs.js", "decision-tree-render.js", "decision-tree.js"].forEach(function (name) {
      add("script", { src: base + name, async: false });
    });
  }
  if (window.document$) window.document$.subscribe(load);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
