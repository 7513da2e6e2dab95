"""Chapters 0 and 5 (report §0, §5): the argument map of chapter 0, the numbers chapter 5 states in prose (which
must be what the credence model computes), both chapters' figure numbers and quizzes, and, in headless Chromium
(marker ``browser``), the credence explorer's in-page arithmetic against the Python model, its controls (all live
at once, keyboard, labels), and the argument map's links from chapters 0 and 5 and the front page."""

from __future__ import annotations

import math
import random
import re
from html import escape
from typing import Any

import pytest
from scheming_companion.book.outline import load_chapters, load_outline
from scheming_companion.explore.render import PlotlyFigure, figure_json, round_sig
from scheming_companion.figures.argument_map import (
    COMFORT,
    CONSIDERATIONS,
    WORRY,
    argument_map_figure,
    argument_table,
)
from scheming_companion.figures.credence import credence_explorable
from scheming_companion.models.credence import (
    DEFAULT_FACTORS,
    FACTOR_NAMES,
    credence_breakdown,
    credence_from,
    credence_sensitivity,
)

from ..support import PAGES, ROOT, SITE, assert_close, chapter_markdown, chapter_notebook, page_data

OUTLINE = load_outline(ROOT)
CHAPTERS = load_chapters(ROOT)


# ------------------------------------------------------------------------------------------ argument map


class TestArgumentMap:
    def test_considerations(self):
        keys = [c.key for c in CONSIDERATIONS]
        assert len(keys) == len(set(keys))
        assert {c.direction for c in CONSIDERATIONS} == {WORRY, COMFORT}
        assert {c.chapter for c in CONSIDERATIONS} == {1, 2, 3, 4}, "every section §1-§4 is on the map"
        for c in CONSIDERATIONS:
            assert re.fullmatch(r"§[1-4](\.\d+)*", c.section), c.section
            assert c.href(OUTLINE) == f"{c.page(OUTLINE)}.html#{c.anchor}"
            # Chapter 2 spans two pages: §2.3 and §2.4 are on the second (the outline says so).
            expected = ("02b-goal-guarding" if c.section.startswith(("§2.3", "§2.4"))
                        else OUTLINE[str(c.chapter)].page.removeprefix("chapters/"))
            assert c.page(OUTLINE) == expected, (c.key, c.page(OUTLINE))
            assert c.gloss.endswith(".") and len(c.label) <= 32

    def test_figure_uses_only_the_bundle_and_links_every_node(self):
        fig = PlotlyFigure(argument_map_figure(OUTLINE), name="m", alt="map")
        texts = " ".join(a["text"] for a in fig.spec()["layout"]["annotations"])
        for c in CONSIDERATIONS:
            assert f'<a href="{c.href(OUTLINE)}">' in texts, c.key
        markers = [t for t in fig.spec()["data"] if t.get("mode") == "markers"]
        assert sum(len(t["x"]) for t in markers) == len(CONSIDERATIONS) + 1

    def test_table_has_a_link_per_consideration(self):
        html = argument_table(OUTLINE, CHAPTERS, caption="The considerations").to_html()
        assert html.count("<tr>") == len(CONSIDERATIONS) + 1
        assert html.count("<a href=") == len(CONSIDERATIONS)
        assert "<caption>The considerations</caption>" in html
        assert "<caption>" not in argument_table(OUTLINE, CHAPTERS).to_html(), "the caption is the chapter's"

    def test_table_names_each_page_by_its_heading(self):
        # The chapters' names come from _toc.yml and each notebook's first heading, not from a list in code.
        table = argument_table(OUTLINE, CHAPTERS)
        html = table.to_html()
        for c in CONSIDERATIONS:
            chapter = CHAPTERS[f"chapters/{c.page(OUTLINE)}"]
            assert table.page_name(c) == chapter.name
            assert ">" + escape(chapter.name) + "</a>" in html
        assert table.page_name(next(c for c in CONSIDERATIONS if c.key == "goal-guarding")) == (
            "Chapter 2b: What scheming requires (II): goal-guarding and other routes to power")

    def test_a_section_outside_the_outline_or_toc_is_refused(self):
        with pytest.raises(ValueError, match="not a section"):
            CONSIDERATIONS[0].page({})
        with pytest.raises(ValueError, match="not a chapter page"):
            argument_table(OUTLINE, {})

    def test_anchors_on_existing_chapters_exist(self):
        for c in CONSIDERATIONS:
            stem = c.page(OUTLINE)
            assert c.anchor, f"{c.key}: every consideration links to its section, not just a page"
            nb = chapter_notebook(stem)
            headings = [line for cell in nb.cells if cell.cell_type == "markdown"
                        for line in cell.source.splitlines() if line.startswith("#")]
            slugs = {re.sub(r"[^a-z0-9]+", "-", re.sub(r"^#+\s*(§[\d.]+\s*)?", "", h).lower()).strip("-")
                     for h in headings}
            assert c.anchor in slugs, f"{c.key}: no heading with id {c.anchor!r} in {stem}"


# ------------------------------------------------------------------------------------------ chapters


def _markdown(stem: str) -> str:
    nb = chapter_notebook(stem)
    return " ".join(" ".join(c.source.split()) for c in nb.cells if c.cell_type == "markdown")  # reflowed


def test_chapter_five_numbers_come_from_the_model():
    text = _markdown("05-summing-up")
    start = credence_from(DEFAULT_FACTORS)
    assert f"coin-flip start at {start:.1%}" in text
    assert f"under {math.ceil(0.5 ** 6 * 100)}%" in text
    assert credence_from({**DEFAULT_FACTORS, "non_classic": 1.0}) == 0.25
    assert "P = 0.5 × 1 × 0.5 = 0.25" in text
    needed = 0.25 / (credence_from({**DEFAULT_FACTORS, "beyond_episode_goal": 1.0}))
    assert f"≈ {needed:.3f}, about {needed:.1%}" in text
    assert credence_from({**DEFAULT_FACTORS, "non_classic": 0.999}) < 0.25, "no value below 100% gets there"


def _solution(stem: str, label: str) -> str:
    text = chapter_markdown(stem)
    m = re.search(r"^(`{3,})\{solution\} " + re.escape(label) + r"\n(.*?)^\1\s*$", text, re.M | re.S)
    assert m, f"no solution {label} in chapter {stem}"
    return m[2]


def test_chapter_five_25_percent_solution_is_computed_by_the_models(capsys):
    # The solution's numbers are what its code prints when run against the book's models, and what it says
    # about them matches.
    sol = _solution("05-summing-up", "ch05-ex-5")
    code = re.search(r"```python\n(.*?)\n```", sol, re.S)[1]
    printed = re.search(r"```text\n(.*?)\n```", sol, re.S)[1]
    exec(compile(code, "ch05-ex-5", "exec"), {"__name__": "solution"})
    assert capsys.readouterr().out.strip() == printed.strip()
    assert "non-classic route at 100%: 25.0%" in printed
    prose = " ".join(sol.split())
    assert "near 89%" in prose and "near 60%" in prose and "23% and 18%" in prose
    assert "pressure about 900" in prose and "about 15 schemer goals" in prose


def test_chapters_zero_and_five_figure_numbers():
    for stem, prefix in (("00-summary", "0."), ("05-summing-up", "5.")):
        nb = chapter_notebook(stem)
        html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                       for o in c.get("outputs", []))
        numbers = re.findall(r'class="sc-caption-number">Figure ([\d.]+)\.', html)
        assert numbers and all(n.startswith(prefix) for n in numbers), numbers


def test_quizzes_are_well_formed():
    import yaml

    for stem in ("00-summary", "05-summing-up"):
        quiz = yaml.safe_load((ROOT / "chapters" / "quizzes" / f"{stem}.yml").read_text())
        assert 4 <= len(quiz) <= 5
        for q in quiz:
            assert set(q) == {"question", "options", "answer", "why", "section"}
            assert 0 <= q["answer"] < len(q["options"]) and len(q["options"]) >= 3
            assert re.fullmatch(r"§\d+(\.\d+)*", q["section"])


# --------------------------------------------------------------------------------------------------
# In the browser (marker ``browser``; from the former test_browser_credence.py)


CH0 = "chapters/00-summary.html"
CH5 = "chapters/05-summing-up.html"
EX = "credence-explorer"
JS_MODEL = "window.SchemingModels.models.credence"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _drawn(page: Any) -> None:
    page.wait_for_function(f"() => document.getElementById('{EX}-plot').dataset.scDrawn === 'true'")


@pytest.mark.browser
def test_model_script_only_where_needed() -> None:
    for path in PAGES:
        html = (SITE / path).read_text(encoding="utf-8")
        # The reader's verdict panels (figures/verdict.py) compute with the same in-page credence model.
        needed = path == CH5 or 'class="sc-verdict"' in html
        assert ("scheming-models.js" in html) == needed, path
        assert ("scheming-verdict.js" in html) == ('class="sc-verdict"' in html), path


@pytest.mark.browser
def test_in_page_arithmetic_agrees_with_python_on_random_draws(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{CH5}", draw=False)
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


@pytest.mark.browser
def test_rounding_and_formatting_match_python(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{CH5}", draw=False)
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


@pytest.mark.browser
def test_page_figure_equals_python_figure_with_every_slider_moved(probe: Any, site_url: str) -> None:
    ex = credence_explorable()
    page = probe.open(f"{site_url}/{CH5}", draw=(EX,))
    rng = random.Random(7)
    for _ in range(15):
        values = {}
        for p in ex.params:  # every control moves before the check: all sliders are live together
            i = rng.randrange(len(p.values))
            page.fill(f"#{EX}-{p.name.replace('_', '-')}", str(i))
            values[p.name] = p.values[i]
        _drawn(page)
        assert_close(page_data(page, EX), figure_json(ex.figure(**values))["data"], f"at {values}")
        assert page.locator(f"figure#{EX} .sc-readout").text_content() == ex.readout(**values)
        for p in ex.params:
            cid = f"{EX}-{p.name.replace('_', '-')}"
            label = p.labels()[p.values.index(values[p.name])]
            assert page.locator(f"#{cid}-value").text_content() == label
            assert page.locator(f"#{cid}").get_attribute("aria-valuetext") == label
    assert probe.errors == []


@pytest.mark.browser
def test_keyboard_operation(probe: Any, site_url: str) -> None:
    ex = credence_explorable()
    page = probe.open(f"{site_url}/{CH5}", draw=(EX,))
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
    assert_close(page_data(page, EX), figure_json(ex.figure(beyond_episode_goal=1.0, ambitious=0.0))["data"],
                  "after keyboard moves")
    assert probe.errors == []


@pytest.mark.browser
def test_every_control_is_labelled(probe: Any, site_url: str) -> None:
    ex = credence_explorable()
    page = probe.open(f"{site_url}/{CH5}", draw=False)
    for p in ex.params:
        cid = f"{EX}-{p.name.replace('_', '-')}"
        label = page.locator(f"label[for='{cid}']").text_content()
        assert label == p.label and label.strip()
        assert page.locator(f"#{cid}").evaluate("el => el.labels.length") == 1
    assert page.locator(f"figure#{EX} .sc-readout").get_attribute("aria-live") == "polite"
    assert page.locator(f"#{EX}-plot").get_attribute("aria-label")
    assert page.locator("form.sc-controls[aria-label]").count() >= 1


@pytest.mark.browser
def test_argument_map_and_table_links(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{CH0}", draw=("fig-0-1",))
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


@pytest.mark.browser
def test_front_page_links_every_built_chapter(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/intro.html", draw=False)
    hrefs = page.locator("main a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    for stem in ("00-summary", "01-scheming-and-its-significance", "05-summing-up"):
        assert any(h and h.startswith(f"chapters/{stem}.html") for h in hrefs), stem
    text = page.locator("main").text_content()
    assert "25%" in text and "Binder" in text and "maybe 20%" in text
