"""Material's purged stylesheets style every element exactly as the originals do.

decision_tree/css_purge.py drops the rules of Material's stylesheets that no
page can use. Here each page is styled by the published stylesheets, every
element's computed style (and its ::before, ::after and ::marker) is read,
then the same page, untouched, is switched to Material's original files from
the installed package and read again: a rule dropped wrongly shows up as the
element and property it changes. The states cover what scripts add at run
time: the tree's result screen, the search dialog with results, and the phone
layout in dark colours with the navigation drawer open.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from browsing import Site, fragment, full_search, longest_path
from playwright.sync_api import Page, Route, expect

from decision_tree import Tree

ORIGINALS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
STEM = re.compile(r"assets/stylesheets/([a-z]+)\.[0-9a-f]{8}\.min\.css")

# Per element and pseudo-element (::before/::after where they exist): a hash of
# every property but custom ones (dropping unread custom properties is the
# point), kept in the page; called again, returns what changed since.
STYLES = """(compare) => {
  const read = (el, pseudo) => {
    const cs = getComputedStyle(el, pseudo);
    if (pseudo === '::marker' && !el.matches('li, summary')) return null;
    if (pseudo && pseudo !== '::marker' && cs.content === 'none') return null;
    const props = [];
    for (let k = 0; k < cs.length; k++) {
      if (!cs[k].startsWith('--')) props.push(cs[k] + ': ' + cs.getPropertyValue(cs[k]));
    }
    return props;
  };
  const hash = (props) => {
    let h = 2166136261;
    const text = props ? props.join(';') : '';
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return h;
  };
  // Not what a hidden attribute hides (the tree's sections for readers without
  // JavaScript, checked by the page's no-JS tests): the same elements both times.
  const els = window.__els || (window.__els = [...document.querySelectorAll('*')]
    .filter((el) => !el.closest('[hidden]')));
  const pseudos = [null, '::before', '::after', '::marker'];
  if (!compare) {
    window.__styles = els.map((el) => pseudos.map((p) => {
      const r = read(el, p);
      return [hash(r), r];
    }));
    return [];
  }
  const found = [];
  els.forEach((el, i) => pseudos.forEach((p, j) => {
    const [before, props] = window.__styles[i][j];
    const now = read(el, p);
    if (hash(now) === before) return;
    const changed = (now || []).filter((x, k) => !props || x !== props[k]).slice(0, 3);
    const names = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
    const cls = names.filter(Boolean).map((n) => '.' + n).join('');
    const where = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + (p || '');
    found.push(where + ': ' + changed.join('; '));
  }));
  return found;
}"""

SWAP = """async () => {
  const links = [...document.querySelectorAll('link[rel=stylesheet]')]
    .filter((l) => /assets\\/stylesheets\\/[a-z]+\\.[0-9a-f]{8}\\.min\\.css/.test(l.href));
  await Promise.all(links.map((link) => new Promise((resolve, reject) => {
    const stem = /assets\\/stylesheets\\/([a-z]+)\\./.exec(link.href)[1];
    link.addEventListener('load', resolve, {once: true});
    link.addEventListener('error', reject, {once: true});
    link.href = '/__material__/' + stem + '.css';
  })));
  return links.length;
}"""


# Colours fade and the drawer slides: read styles once every animation has ended.
SETTLED = "() => Promise.all(document.getAnimations().map((a) => a.finished))"


def _serve_originals(page: Page) -> None:
    def fulfil(route: Route) -> None:
        stem = route.request.url.rsplit("/", 1)[1].removesuffix(".css")
        (original,) = ORIGINALS.glob(f"{stem}.*.min.css")
        route.fulfill(body=original.read_text(encoding="utf-8"), content_type="text/css")

    page.route("**/__material__/*.css", fulfil)


def _differences(page: Page) -> list[str]:
    page.evaluate(STYLES, False)
    assert page.evaluate(SWAP) == 2, "the page links Material's main and palette stylesheets"
    page.evaluate(SETTLED)
    found: list[str] = page.evaluate(STYLES, True)
    return found


def test_the_published_stylesheets_are_purged(site: Site) -> None:
    html = (site.root / "index.html").read_text(encoding="utf-8")
    names = {m.group(0).rsplit("/", 1)[1] for m in STEM.finditer(html)}
    originals = {p.name for p in ORIGINALS.glob("*.min.css")}
    assert len(names) == 2
    assert not names & originals, "the home page still links Material's unpurged stylesheets"


@pytest.mark.parametrize(
    ("path", "state"),
    [
        ("", "search"),
        ("decision-tree/", "result"),
        ("model-types/reasoning-models/", "phone-dark-drawer"),
    ],
)
def test_purged_stylesheets_style_every_element_as_materials_do(
    page: Page, site: Site, tree: Tree, path: str, state: str
) -> None:
    phone = state.startswith("phone")
    page.set_viewport_size(
        {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    )
    page.emulate_media(color_scheme="dark" if "dark" in state else "light")
    _serve_originals(page)
    if state == "search":
        full_search(page.context, site)
    target = site.url + path
    if state == "result":
        target += "#" + fragment(tree, longest_path(tree).steps)
    page.goto(target)
    if state == "result":
        expect(page.locator(".dt-picks, .dt-picks__none, .dt-picks__note").first).to_be_visible()
    elif state == "search":
        page.locator(".md-search__input").click()
        expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
        page.locator(".md-search__input").press_sequentially("memory", delay=10)
        expect(page.locator(".md-search-result__item").first).to_be_visible()
    else:
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        # Not a mouse click: the drawer slides in under the pointer, and whether
        # Chromium has applied :hover to it yet (Material colours the hovered
        # sidebar's scrollbar) would depend on timing, not on the stylesheets.
        page.locator("label.md-header__button[for='__drawer']").dispatch_event("click")
        expect(page.locator(".md-nav--primary").first).to_be_visible()
    page.evaluate(SETTLED)
    found = _differences(page)
    assert not found, f"{len(found)} element(s) styled differently:\n" + "\n".join(found[:20])
