/*
 * Material for MkDocs defines these helpers in an inline <script>; this file
 * does the same so the site also runs under Content-Security-Policy:
 * script-src 'self'. Loaded in <head> by overrides/partials/javascripts/base.html.
 */
(function () {
  "use strict";
  // Scripts run: stylesheets may keep room for what they will show (no layout shift).
  // Material's bundle swaps "no-js" for "js", and its focus-visible polyfill adds
  // "js-focus-visible", after the page is parsed: each class change on <html>
  // restyles every element (the catalogue page: about 300 ms on a slowed phone).
  // Set here, before <body> is parsed, those later changes find nothing to change.
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("dt-js", "js", "js-focus-visible");
  var scope = new URL(document.currentScript.getAttribute("data-scope"), location);
  window.__md_scope = scope;
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) {
      /* storage full or disabled: the setting is simply not kept */
    }
  };
})();
