"""When a page draws its figures (issue 20): the ones near the first screen at load, the rest as the reader
scrolls to them, every one before printing; an explorer's table is read only when it first draws; a figure's
box has its final height before it draws, so nothing on the page moves; the theme logs nothing on a first visit.
"""

from __future__ import annotations

from typing import Any

import pytest

from ..support import ALL_DRAWN_JS, PageProbe, draw_all, wait_scripts

pytestmark = pytest.mark.browser

#: The longest chapter: six figures, three of them explorers with big packed tables.
PAGE = "chapters/04-final-properties-arguments.html"

STATE_JS = """() => [...document.querySelectorAll('.sc-plot')].map(d => ({
  id: d.id,
  drawn: d.dataset.scDrawn === 'true',
  top: d.getBoundingClientRect().top + window.scrollY,
  height: d.getBoundingClientRect().height,
  near: d.getBoundingClientRect().top < window.innerHeight + 400,
}))"""
NEAR_DRAWN_JS = """() => [...document.querySelectorAll('.sc-plot')]
  .filter(d => d.getBoundingClientRect().top < window.innerHeight + 400)
  .every(d => d.dataset.scDrawn === 'true')"""
#: Sum of the layout shifts (not caused by input) of the article's own content from now on, in
#: window.__scShift. The theme's sidebars are left out: its table of contents expands the section being read.
LAYOUT_SHIFT_JS = """() => {
  window.__scShift = 0;
  window.__scShifted = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => {
    const inArticle = e.sources.some(s => s.node && s.node.closest && s.node.closest("article.bd-article"));
    if (!e.hadRecentInput && inArticle) {
      window.__scShift += e.value;
      window.__scShifted.push(e.value.toFixed(4) + " " + e.sources.map(s => s.node
        ? (s.node.id || s.node.nodeName) + "." + (s.node.className || "") : "?").join(", "));
    }
  })).observe({type: "layout-shift"});
}"""
#: Explorers whose table has been read (scheming-book.js keeps the parsed table in _table).
SCRIPT_TIMING_JS = """() => [performance.getEntriesByType('navigation')[0].loadEventStart,
  (performance.getEntriesByType('resource').find(r => r.name.includes('/scheming-book.js')) || {}).startTime]"""
TABLE_FILES_JS = """() => Object.fromEntries(Object.keys(SchemingBook.explorers).map(id => [id,
  (document.querySelector('#' + id + ' script.sc-explorer-data').dataset.src || '').split('/').pop()]))"""
PARSED_JS = "() => Object.entries(SchemingBook.explorers).filter(([, ex]) => ex._table).map(([id]) => id)"


def _load(probe: PageProbe, url: str) -> Any:
    page = probe.page
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto(url, wait_until="load")
    # The theme's "on this page" list moves its own entries as the reader scrolls, and the browser reports such a
    # move together with any shift in the article in one entry: hidden (its space kept), it leaves only the
    # article's own shifts to measure.
    page.add_style_tag(content=".bd-sidebar-secondary { visibility: hidden !important; }")
    # Every book script has run (they load after the page, book/late.py): the argument maps' and quizzes' controls
    # appear when theirs does, which would count as a shift in the measurement below.
    wait_scripts(page)
    # The figures near the first screen draw (plotly.js is fetched first), the others wait.
    page.wait_for_function(NEAR_DRAWN_JS, timeout=15_000)
    # Fonts have arrived (a late icon font changes the width of what it draws, which is no figure's doing).
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_timeout(300)
    return page


def test_only_figures_near_the_first_screen_draw_at_load(probe: PageProbe, site_url: str) -> None:
    page = _load(probe, f"{site_url}/{PAGE}")
    state = page.evaluate(STATE_JS)
    assert len(state) == 6, state
    far = [s for s in state if not s["near"]]
    assert far, "the page should have figures far below the first screen"
    assert not any(s["drawn"] for s in far), f"figures far below the first screen drew at load: {far}"
    assert all(s["drawn"] for s in state if s["near"]), state
    parsed = page.evaluate(PARSED_JS)
    far_explorers = {s["id"].removesuffix("-plot") for s in far} & set(page.evaluate(
        "() => Object.keys(SchemingBook.explorers)"))
    assert far_explorers and not far_explorers & set(parsed), f"undrawn explorers read their tables: {parsed}"
    # The book's scripts are fetched once the page has loaded (book/late.py), not alongside its stylesheets.
    loaded, fetched_at = page.evaluate(SCRIPT_TIMING_JS)
    assert fetched_at is not None and fetched_at >= loaded, (loaded, fetched_at)
    # A packed table lives in a file of its own (book/sphinx_ext.py's external_tables), fetched when it is needed.
    fetched = {u.split("?")[0].rsplit("/", 1)[-1] for u in probe.requested if "/_static/tables/" in u}
    files = page.evaluate(TABLE_FILES_JS)
    assert all(files.values()), f"every explorer on this page has its table in a file: {files}"
    assert not {files[e] for e in far_explorers} & fetched, f"undrawn explorers' tables were fetched: {fetched}"
    assert {files[e] for e in parsed} <= fetched, "a drawn explorer's table came from its file"


def test_scrolling_draws_the_rest_without_moving_anything(probe: PageProbe, site_url: str) -> None:
    page = _load(probe, f"{site_url}/{PAGE}")
    before = {s["id"]: s for s in page.evaluate(STATE_JS)}
    page.evaluate(LAYOUT_SHIFT_JS)
    draw_all(page)
    after = {s["id"]: s for s in page.evaluate(STATE_JS)}
    assert all(s["drawn"] for s in after.values())
    for fid, s in after.items():
        # The box held the figure's height before it drew (plus any line a long title wraps onto).
        assert 0 <= s["height"] - before[fid]["height"] <= 60, (fid, before[fid], s)
    shift = page.evaluate("() => window.__scShift")
    assert shift < 0.02, (f"figures drawing as the page scrolled moved what the reader sees: CLS {shift}: "
                          f"{page.evaluate('() => window.__scShifted')}")


def test_touching_an_undrawn_explorer_draws_it(probe: PageProbe, site_url: str) -> None:
    page = _load(probe, f"{site_url}/{PAGE}")
    far = [s["id"] for s in page.evaluate(STATE_JS) if not s["near"]]
    explorers = page.evaluate("() => Object.keys(SchemingBook.explorers)")
    target = next(f.removesuffix("-plot") for f in far if f.removesuffix("-plot") in explorers)
    slider = page.locator(f"#{target} input[type=range]").first
    slider.evaluate("s => { s.value = s.max; s.dispatchEvent(new Event('input')); }")
    page.wait_for_function(f"() => document.getElementById('{target}-plot').dataset.scDrawn === 'true'")
    assert target in page.evaluate(PARSED_JS)


def test_every_figure_draws_before_printing(probe: PageProbe, site_url: str) -> None:
    page = _load(probe, f"{site_url}/{PAGE}")
    assert not page.evaluate(ALL_DRAWN_JS)
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(ALL_DRAWN_JS, timeout=15_000)


@pytest.mark.parametrize("path", ["intro.html", PAGE])
def test_a_first_visit_logs_nothing(probe: PageProbe, site_url: str, path: str) -> None:
    # A fresh browser context has empty local storage: the theme's first-visit path (its default mode).
    probe.open(f"{site_url}/{path}")
    assert probe.page.evaluate("() => document.documentElement.dataset.mode") == "auto"
    assert probe.errors == []
