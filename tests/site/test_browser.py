"""The built book in headless Chromium, site-wide: every page loads cleanly, every figure draws, every control works
(each chapter's own page checks are in tests/chapters/).

The static explorers are checked against the Python model: for random settings of their controls, the
figure the page draws must equal the figure the package computes (the Epoch-style agreement test).
"""

from __future__ import annotations

import functools
import random
import re
from typing import Any

import pytest
from scheming_companion.explore.explorable import Choice, Explorable
from scheming_companion.explore.render import figure_json
from scheming_companion.figures import EXPLORABLES

from ..support import PAGES, SITE, assert_close, page_data

pytestmark = pytest.mark.browser


def test_site_has_pages() -> None:
    assert "intro.html" in PAGES
    assert any(p.startswith("chapters/01-") for p in PAGES), PAGES


def _set_control(page: Any, ex: Explorable, name: str, index: int) -> None:
    param = next(p for p in ex.params if p.name == name)
    cid = f"{ex.name}-{name.replace('_', '-')}"
    if isinstance(param, Choice):
        page.check(f"input[name='{cid}'][value='{index}']")
    else:
        page.fill(f"#{cid}", str(index))


def _page_showing(fig_id: str) -> str:
    pages = [p for p in PAGES if f'<figure class="sc-explorer" id="{fig_id}">' in (SITE / p).read_text("utf-8")]
    assert len(pages) == 1, f"explorable {fig_id!r} should appear on exactly one page, found {pages}"
    return pages[0]


# Set an explorer's controls in one step: each control takes its value (a radio button is chosen), then each
# fires the input event the page listens to. How the controls answer the mouse, keyboard and touch is checked in
# each chapter's tests and the phone test; here the question is whether the page's table gives Python's figure.
SET_CONTROLS_JS = """([figId, settings]) => {
  const fig = document.getElementById(figId);
  const inputs = settings.map(([cid, index, choice]) => {
    const input = choice ? fig.querySelector(`input[name='${cid}'][value='${index}']`) : document.getElementById(cid);
    if (choice) input.checked = true; else input.value = String(index);
    return input;
  });
  inputs.forEach(input => input.dispatchEvent(new Event('input', {bubbles: true})));
}"""


@pytest.mark.parametrize("name", sorted(EXPLORABLES))
def test_static_explorer_agrees_with_python_model(probe: Any, site_url: str, name: str) -> None:
    ex = EXPLORABLES[name]()
    page = probe.open(f"{site_url}/{_page_showing(ex.name)}")
    rng = random.Random(20231114)
    # Six random settings per explorer (90 in all): every explorer shares the page's look-up and merge code, and
    # the Python tests check the tables themselves against the model (tests/explore/test_figures.py and each
    # chapter's tests).
    for _ in range(6):
        values, settings = {}, []
        for p in ex.params:
            i = rng.randrange(len(p.values))
            values[p.name] = p.values[i]
            settings.append([f"{ex.name}-{p.name.replace('_', '-')}", i, isinstance(p, Choice)])
        page.evaluate(SET_CONTROLS_JS, [ex.name, settings])
        page.wait_for_function(f"() => document.getElementById('{ex.name}-plot').dataset.scDrawn === 'true'")
        expected = figure_json(ex.figure(**values))["data"]
        assert_close(page_data(page, ex.name), expected, f"{name} at {values}")
        readout = page.locator(f"figure#{ex.name} .sc-readout").text_content()
        assert readout == ex.readout(**values), f"{name} at {values}: readout {readout!r}"
    assert probe.errors == []


def test_search_finds_chapter_text(probe: Any, site_url: str) -> None:
    page = probe.page
    page.goto(f"{site_url}/search.html?q=schemer", wait_until="load")
    page.wait_for_selector("ul.search li", timeout=15_000)
    assert page.locator("ul.search li").count() > 0
    assert probe.errors == []


def test_dark_mode_keeps_figures_legible(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/chapters/01-scheming-and-its-significance.html")
    page.locator("button.theme-switch-button").first.click()
    if page.evaluate("() => document.documentElement.dataset.theme") != "dark":
        page.locator("button.theme-switch-button").first.click()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    for fig_id in ("fig-1-4", "slack-toy"):
        colours = page.evaluate(
            f"""() => {{ const f = document.getElementById('{fig_id}');
                const r = f.querySelector('.sc-readout') || f.querySelector('figcaption');
                return [getComputedStyle(f).backgroundColor, getComputedStyle(r).color,
                        document.getElementById('{fig_id}-plot')._fullLayout.font.color]; }}"""
        )
        assert colours[0] == "rgb(255, 255, 255)", f"{fig_id}: card background {colours[0]} in dark mode"
        assert colours[1] in {"rgb(34, 34, 34)", "rgb(68, 68, 68)"}, f"{fig_id}: text colour {colours[1]}"
        assert colours[2].lower() == "#333333"
    assert probe.errors == []


def test_launch_and_download_buttons(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/chapters/01-scheming-and-its-significance.html")
    binder = page.locator("a[href*='mybinder.org']")
    assert binder.count() >= 1, "no Binder launch button"
    href = binder.first.get_attribute("href")
    # It opens the chapter's student notebook (plain Markdown), which JupyterLab renders; see sphinx_ext.py.
    assert href.endswith("?urlpath=lab/tree/students/01-scheming-and-its-significance.ipynb"), href
    assert page.locator("a[href$='.ipynb'][download], a[href*='_sources/chapters/01']").count() >= 1


def test_no_page_references_a_cdn_script() -> None:
    for path in PAGES:
        html = (SITE / path).read_text(encoding="utf-8")
        srcs = re.findall(r"<script[^>]+src=\"([^\"]+)\"", html)
        remote = [s for s in srcs if s.startswith(("http:", "https:", "//"))]
        assert remote == [], f"{path} loads scripts from the network: {remote}"
        assert html.count("plotly.min.js") <= 1, f"{path} references plotly.js more than once"
        # plotly.js is large: only pages that draw figures load it, and only when a figure comes near (the
        # drawing script names it in data-plotly and fetches it then); never as a blocking script. The book's
        # own scripts load after the page (book/late.py): the head holds inert placeholders naming them.
        assert not re.search(r'<script[^>]* src="[^"]*scheming-', html), f"{path}: a book script loads at once"
        if "plotly.min.js" in html:
            assert 'class="sc-plot"' in html, f"{path} loads plotly.js but draws no figure"
            assert re.search(r'<script class="sc-late" data-plotly="[./]*_static/plotly\.min\.js\?v=[0-9a-f]{8}" '
                             r'data-src="[./]*_static/scheming-book\.js\?v=[0-9a-f]{8}" type="text/plain">', html), path
        elif 'class="sc-plot"' in html:
            raise AssertionError(f"{path} draws figures but does not load plotly.js")
        assert "widget-state+json" not in html, f"{path} embeds ipywidgets state (dead weight, random ids)"


def test_plotly_js_is_shipped_once() -> None:
    copies = list(SITE.rglob("plotly*.js"))
    assert [p.name for p in copies] == ["plotly.min.js"], copies


def test_explorer_follows_controls_the_browser_restores(probe: Any, site_url: str) -> None:
    """After a reload the browser may put the controls back where the reader left them: the figure must
    show what the controls show, not the defaults."""
    ex = EXPLORABLES["slack-toy"]()
    page = probe.open(f"{site_url}/{_page_showing(ex.name)}")
    _set_control(page, ex, "pressure", 2)
    page.goto(f"{site_url}/intro.html", wait_until="load")
    page.go_back(wait_until="load")
    page.wait_for_function(f"() => document.getElementById('{ex.name}-plot').dataset.scDrawn === 'true'")
    shown = int(page.locator(f"#{ex.name}-pressure").input_value())
    assert shown == 2, "the browser did not restore the control, so this test checks nothing"
    values = {**ex.defaults, "pressure": ex.params[0].values[shown]}
    assert_close(page_data(page, ex.name), figure_json(ex.figure(**values))["data"], f"after going back, at {values}")
    assert page.locator(f"figure#{ex.name} .sc-readout").text_content() == ex.readout(**values)


# Text of a figure that runs past the figure's box (plotly never wraps; the page fits titles to the width).
OVERFLOW_JS = """(selector) => {
  const out = [];
  document.querySelectorAll('.sc-plot').forEach(div => {
    const svg = div.querySelector('svg.main-svg');
    if (!svg) return;
    const boxes = [svg, div, div.closest('figure')].map(e => e.getBoundingClientRect());
    const left = Math.max(...boxes.map(b => b.left)), right = Math.min(...boxes.map(b => b.right));
    div.querySelectorAll(selector).forEach(t => {
      const r = t.getBoundingClientRect();
      if (r.width > 0 && (r.right > right + 1 || r.left < left - 1)) out.push(div.id + ': ' + t.textContent);
    });
  });
  return out;
}"""
ALL_TEXT = ".gtitle, .annotation-text, .legendtext, .xtitle, .ytitle, .g-xtitle, .g-ytitle"
# Every icon the page shows in a Font Awesome family (the theme draws them as ::before/::after text): where, the
# family, and the code points of the text.
ICONS_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) for (const pseudo of ['::before', '::after']) {
    const style = getComputedStyle(el, pseudo);
    if (!/Font Awesome/.test(style.fontFamily) || !style.content.startsWith('"')) continue;
    const text = JSON.parse(style.content);
    if (text) out.push({where: el.tagName + '.' + el.className + pseudo, family: style.fontFamily,
                        points: [...text].map(c => c.codePointAt(0))});
  }
  return out;
}"""


@functools.cache
def icon_font_points(name: str) -> frozenset[int]:
    """The code points the built site's cut-down icon font ``name`` has glyphs for (book/icons.py)."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(SITE / "_static" / name)).getBestCmap())


def assert_icons_drawn(probe: Any, path: str) -> None:
    """The page fetched the cut-down icon fonts only, and they hold a glyph for every icon it shows."""
    fonts = [u.split("?")[0].rsplit("/", 1)[-1] for u in probe.requested if ".woff" in u or ".ttf" in u]
    assert fonts and all(f.startswith("scheming-icons-") for f in fonts), f"{path}: fonts fetched: {fonts}"
    icons = probe.page.evaluate(ICONS_JS)
    assert icons, f"{path}: no icons found, so this check checks nothing"
    font = {"Brands": "scheming-icons-brands.woff2", "Free": "scheming-icons-solid.woff2"}
    missing = [i for i in icons for p in i["points"]
               if p not in icon_font_points(next(f for k, f in font.items() if k in i["family"]))]
    assert missing == [], f"{path}: icons without a glyph in the book's icon fonts (an empty box): {missing}"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_and_every_figure_draws_with_its_text_inside(probe: Any, site_url: str, path: str) -> None:
    # A laptop with both sidebars open gives the narrowest desktop column: every label fits there.
    probe.page.set_viewport_size({"width": 1200, "height": 900})
    page = probe.open(f"{site_url}/{path}")
    n_plots = page.locator(".sc-plot").count()
    n_svg = page.locator(".sc-plot svg.main-svg").count()
    assert n_svg >= n_plots, f"{path}: {n_plots} figures but {n_svg} drawn SVGs"
    assert probe.errors == [], f"{path}: JavaScript errors {probe.errors}"
    assert probe.failed_own == [], f"{path}: the book's own resources failed to load: {probe.failed_own}"
    # Widgets need a kernel: the static page must never show a widget (a dead control).
    assert page.locator(".jupyter-widgets, .widget-area").count() == 0, f"{path}: a dead widget is on the page"
    assert_icons_drawn(probe, path)
    if not n_plots:
        return
    assert page.evaluate(OVERFLOW_JS, ALL_TEXT) == []
    # On a phone the titles are wrapped to the width (tick and note labels may still be tight there).
    page.set_viewport_size({"width": 420, "height": 900})
    page.wait_for_function(
        "() => [...document.querySelectorAll('.sc-plot')].every(d => d._scFitWidth === d.clientWidth"
        " && d.dataset.scDrawn === 'true')", timeout=15_000)
    assert page.evaluate(OVERFLOW_JS, ".gtitle") == []
    assert probe.errors == []
