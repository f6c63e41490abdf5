/*
 * Opens the content tab that the URL fragment (or, with content.tabs.link,
 * the reader's last choice) points at. Material does this in an inline
 * <script>; a file keeps a strict CSP happy. Runs again on each instant page.
 */
(function () {
  "use strict";
  if (document.currentScript && document.currentScript.hasAttribute("data-tabs-link")) {
    var tabs = window.__md_get("__tabs");
    if (Array.isArray(tabs)) {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        var labels = set.querySelector(".tabbed-labels");
        var match = tabs.map(function (tab) {
          return Array.from(labels.getElementsByTagName("label")).find(function (label) {
            return label.innerText.trim() === tab;
          });
        }).find(Boolean);
        if (match) document.getElementById(match.htmlFor).checked = true;
      });
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
