"""Chapter 1 (report §1): the numbers its prose states (which must be the numbers the package computes), and its
page in headless Chromium (its figures draw and its own controls work without a kernel; marker ``browser``)."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest
from scheming_companion.models import DEFAULT_CLASSES, selection_under_slack, slack_crossover_pressure

from ..support import chapter_markdown, page_data

STEM = "01-scheming-and-its-significance"


def test_chapter_one_slack_exercise_numbers_come_from_the_model() -> None:
    text = chapter_markdown(STEM)
    c = DEFAULT_CLASSES
    saint, misgen, schemer = (c.names.index(n) for n in ("Training saint", "Misgeneralized non-training-gamer",
                                                            "Schemer"))
    s_star = slack_crossover_pressure(c.priors[schemer], c.gaps[schemer], c.priors[saint], c.gaps[saint])
    assert f"≈ {s_star:.1f}" in text, f"the exercise should state s* ≈ {s_star:.1f}"
    s_saint = slack_crossover_pressure(c.priors[misgen], c.gaps[misgen], c.priors[saint], c.gaps[saint])
    assert f"≈ {s_saint:.1f}" in text, f"the exercise should state the saint overtakes at ≈ {s_saint:.1f}"
    shares = selection_under_slack(c.priors, c.gaps, s_star)
    stated = [float(x) for x in re.search(r"probabilities are about (\d\.\d+), (\d\.\d+), (\d\.\d+) and (\d\.\d+)",
                                          text).groups()]
    assert np.allclose(stated, shares, atol=0.006), f"stated {stated}, model {np.round(shares, 3)}"
    assert math.isclose(shares[schemer], shares[saint], rel_tol=1e-9)
    assert shares[misgen] == pytest.approx(max(shares))


# --------------------------------------------------------------------------------------------------
# In the browser


@pytest.mark.browser
def test_chapter_one_has_its_figures(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/chapters/01-scheming-and-its-significance.html")
    for fig_id in ("fig-1-1", "fake-alignment-views", "fig-1-3", "fig-1-4", "classifier", "slack-toy"):
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"


@pytest.mark.browser
def test_slider_moves_with_keyboard_and_changes_figure(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/chapters/01-scheming-and-its-significance.html", draw=("slack-toy",))
    before = page_data(page, "slack-toy")
    slider = page.locator("#slack-toy-pressure")
    label = page.locator("label[for='slack-toy-pressure']").text_content()
    assert label and "pressure" in label.lower()
    slider.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.getElementById('slack-toy-plot').dataset.scDrawn === 'true'")
    after = page_data(page, "slack-toy")
    assert after[-1]["y"] != before[-1]["y"], "moving the pressure slider did not change the bars"
    assert page.locator("#slack-toy-pressure-value").text_content() == "100"


@pytest.mark.browser
def test_classifier_highlights_the_chosen_class(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/chapters/01-scheming-and-its-significance.html", draw=("classifier",))
    page.check("input[name='classifier-training-gaming'][value='1']")  # No
    page.check("input[name='classifier-pursues-specified-goal'][value='0']")  # Yes
    readout = page.locator("figure#classifier .sc-readout").text_content()
    assert readout.startswith("Lands in: Training saint")
    path = page_data(page, "classifier")[2]
    assert path["x"][-2] == pytest.approx(0.9), "the highlighted path must end at the training saint node"


@pytest.mark.browser
def test_nested_sets_views_work_without_a_kernel_by_keyboard(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/chapters/01-scheming-and-its-significance.html", draw=("fake-alignment-views",))
    layout = "document.getElementById('fake-alignment-views-plot').layout"
    assert page.evaluate(f"() => {layout}.shapes[0].visible") is False
    first = page.locator("input[name='fake-alignment-views-view'][value='0']")
    first.focus()
    page.keyboard.press("ArrowRight")  # radio group: the arrow key selects "Add liars"
    page.wait_for_function(f"() => {layout}.shapes[0].visible === true")
    page.keyboard.press("ArrowRight")  # "Flawed-reward caveat"
    page.wait_for_function(f"() => {layout}.annotations[0].visible === true && {layout}.shapes[0].visible === false")
    assert "flawed" in page.locator("figure#fake-alignment-views .sc-readout").text_content()
    assert probe.errors == []
