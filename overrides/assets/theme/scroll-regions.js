/*
 * Tables wider than the page scroll sideways inside Material's
 * .md-typeset__scrollwrap, which a keyboard cannot reach (WCAG 2.1.1; axe's
 * scrollable-region-focusable). Material makes wide code blocks focusable but
 * not tables: give each table wrapper that overflows a tab stop and a name,
 * and take them away when the window grows wide enough.
 */
(function () {
  "use strict";
  var LABEL = "Table, scrolls sideways";

  function mark(wrap, wide) {
    if (wide) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", LABEL);
    } else if (wrap.hasAttribute("tabindex")) {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }

  // The observer reports each wrapper once when observed and again when it
  // resizes, after layout. Every width is read before any attribute is
  // written: a read after a write would restyle and lay out the page again.
  var resized = new ResizeObserver(function (entries) {
    var wide = entries.map(function (entry) {
      return entry.target.scrollWidth > entry.target.clientWidth + 1;
    });
    entries.forEach(function (entry, index) { mark(entry.target, wide[index]); });
  });

  function scan() {
    resized.disconnect();
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      resized.observe(wrap);
    });
  }

  // Material wraps the tables while it mounts each page (also on instant navigation).
  window.document$.subscribe(scan);
})();
