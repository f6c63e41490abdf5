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

  function mark(wrap) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
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
  // resizes, after layout: reading its widths there forces no extra layout.
  var resized = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { mark(entry.target); });
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
