"""Chapters 0 and 5 and the front page in headless Chromium: the credence explorer's in-page arithmetic
against the Python model, its controls (all live at once, keyboard, labels), and the argument map's links."""

from __future__ import annotations

import random
from typing import Any

import pytest
from scheming_companion.book.outline import load_outline
from scheming_companion.explore.render import figure_json, round_sig
from scheming_companion.figures.argument_map import CONSIDERATIONS
from scheming_companion.figures.credence import credence_explorable
from scheming_companion.models.credence import FACTOR_NAMES, credence_breakdown, credence_from, credence_sensitivity

from .conftest import ROOT, SITE
from .test_browser import PAGES, _assert_close, _page_data, probe  # noqa: F401  (probe is a fixture)

pytestmark = pytest.mark.browser

CH0 = "chapters/00-summary.html"
CH5 = "chapters/05-summing-up.html"
EX = "credence-explorer"
OUTLINE = load_outline(ROOT)
JS_MODEL = "window.SchemingModels.models.credence"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _drawn(page: Any) -> None:
    page.wait_for_function(f"() => document.getElementById('{EX}-plot').dataset.scDrawn === 'true'")


def test_model_script_only_where_needed() -> None:
    for path in PAGES:
        html = (SITE / path).read_text(encoding="utf-8")
        assert ("scheming-models.js" in html) == (path == CH5), path


def test_in_page_arithmetic_agrees_with_python_on_random_draws(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{CH5}")
    rng = random.Random(20231129)
    draws = [{n: rng.random() for n in FACTOR_NAMES} for _ in range(300)]
    draws += [{n: rng.choice([0.0, 1.0, 0.5, rng.random()]) for n in FACTOR_NAMES} for _ in range(100)]
    swings = [rng.choice([0.05, 0.1, 0.37, 0.5, rng.uniform(0.001, 0.5)]) for _ in draws]
    got = page.evaluate(
        f"""([draws, swings]) => draws.map((f, i) => ({{
              p: {JS_MODEL}.estimate(f), b: {JS_MODEL}.breakdown(f), rows: {JS_MODEL}.sensitivity(f, swings[i]) }}))""",
        [draws, swings],
    )
    for f, swing, g in zip(draws, swings, got, strict=True):
        assert _close(g["p"], credence_from(f)), (f, g["p"])
        b = credence_breakdown(f)
        assert _close(g["b"]["classic_route"], b.classic_route) and _close(g["b"]["other_routes"], b.other_routes)
        rows = credence_sensitivity(f, swing)
        assert [r["name"] for r in g["rows"]] == [r.name for r in rows], (f, swing)
        for r_js, r_py in zip(g["rows"], rows, strict=True):
            for key in ("low_setting", "high_setting", "low", "high"):
                assert _close(r_js[key], getattr(r_py, key)), (f, swing, key)
    assert probe.errors == []


def test_rounding_and_formatting_match_python(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{CH5}")
    rng = random.Random(4)
    xs = [rng.random() * 10 ** rng.randint(-9, 0) for _ in range(300)]
    xs += [0.001953125, 0.125, 0.0625, 0.140625, 0.1125, 2.5e-05, 0.5, 1.0, 0.0, 123456.5, 0.25 / 3]
    got = page.evaluate(
        """(xs) => xs.map(x => [window.SchemingModels.roundSig(x, 6),
                                 window.SchemingModels.toFixedHalfEven(x * 100, 1),
                                 window.SchemingModels.toFixedHalfEven(x * 100, 0)])""",
        xs,
    )
    for x, (r, f1, f0) in zip(xs, got, strict=True):
        assert r == round_sig(x), x
        assert f1 + "%" == f"{x:.1%}" and f0 + "%" == f"{x:.0%}", x


def test_page_figure_equals_python_figure_with_every_slider_moved(probe: Any, site_url: str) -> None:  # noqa: F811
    ex = credence_explorable()
    page = probe.open(f"{site_url}/{CH5}")
    rng = random.Random(7)
    for _ in range(15):
        values = {}
        for p in ex.params:  # every control moves before the check: all sliders are live together
            i = rng.randrange(len(p.values))
            page.fill(f"#{EX}-{p.name.replace('_', '-')}", str(i))
            values[p.name] = p.values[i]
        _drawn(page)
        _assert_close(_page_data(page, EX), figure_json(ex.figure(**values))["data"], f"at {values}")
        assert page.locator(f"figure#{EX} .sc-readout").text_content() == ex.readout(**values)
        for p in ex.params:
            cid = f"{EX}-{p.name.replace('_', '-')}"
            label = p.labels()[p.values.index(values[p.name])]
            assert page.locator(f"#{cid}-value").text_content() == label
            assert page.locator(f"#{cid}").get_attribute("aria-valuetext") == label
    assert probe.errors == []


def test_keyboard_operation(probe: Any, site_url: str) -> None:  # noqa: F811
    ex = credence_explorable()
    page = probe.open(f"{site_url}/{CH5}")
    slider = page.locator(f"#{EX}-beyond-episode-goal")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _drawn(page)
    assert page.locator(f"#{EX}-beyond-episode-goal-value").text_content() == "53%"
    assert page.locator(f"figure#{EX} .sc-readout").text_content() == ex.readout(beyond_episode_goal=0.53)
    page.keyboard.press("End")
    _drawn(page)
    assert page.locator(f"figure#{EX} .sc-readout").text_content() == ex.readout(beyond_episode_goal=1.0)
    # Tab moves to the next slider, which then answers the keyboard too; the first keeps its value.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == f"{EX}-ambitious"
    page.keyboard.press("Home")
    _drawn(page)
    expected = ex.readout(beyond_episode_goal=1.0, ambitious=0.0)
    assert page.locator(f"figure#{EX} .sc-readout").text_content() == expected
    _assert_close(_page_data(page, EX), figure_json(ex.figure(beyond_episode_goal=1.0, ambitious=0.0))["data"],
                  "after keyboard moves")
    assert probe.errors == []


def test_every_control_is_labelled(probe: Any, site_url: str) -> None:  # noqa: F811
    ex = credence_explorable()
    page = probe.open(f"{site_url}/{CH5}")
    for p in ex.params:
        cid = f"{EX}-{p.name.replace('_', '-')}"
        label = page.locator(f"label[for='{cid}']").text_content()
        assert label == p.label and label.strip()
        assert page.locator(f"#{cid}").evaluate("el => el.labels.length") == 1
    assert page.locator(f"figure#{EX} .sc-readout").get_attribute("aria-live") == "polite"
    assert page.locator(f"#{EX}-plot").get_attribute("aria-label")
    assert page.locator("form.sc-controls[aria-label]").count() >= 1


def test_argument_map_and_table_links(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{CH0}")
    assert page.locator("#fig-0-1 svg.main-svg").count() >= 1
    map_links = page.locator("#fig-0-1 a").evaluate_all(  # SVG links keep their target in xlink:href
        "els => els.map(e => e.getAttribute('href') || e.getAttributeNS('http://www.w3.org/1999/xlink', 'href'))")
    table_links = page.locator("#argument-table a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    for c in CONSIDERATIONS:
        assert c.href(OUTLINE) in map_links, f"map has no link for {c.key}"
        assert c.href(OUTLINE) in table_links, f"table has no link for {c.key}"
    # Links to chapters that exist in this build must resolve, anchors included.
    for c in CONSIDERATIONS:
        page_name = c.page(OUTLINE)
        html = (SITE / "chapters" / f"{page_name}.html").read_text(encoding="utf-8")
        assert f'<section id="{c.anchor}">' in html, f"{c.key}: no section {c.anchor!r} on {page_name}"
    assert probe.errors == []


def test_front_page_links_every_built_chapter(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/intro.html")
    hrefs = page.locator("main a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    for stem in ("00-summary", "01-scheming-and-its-significance", "05-summing-up"):
        assert any(h and h.startswith(f"chapters/{stem}.html") for h in hrefs), stem
    text = page.locator("main").text_content()
    assert "25%" in text and "Binder" in text and "maybe 20%" in text
