"""Chapter 2's pages in headless Chromium: their figures draw and their own controls work without a kernel."""

from __future__ import annotations

from typing import Any

import pytest
from scheming_companion.figures.goal_guarding import goal_guarding_explorable
from scheming_companion.figures.situational_awareness import cue_explorable

from .test_browser import PageProbe, _page_data

pytestmark = pytest.mark.browser

PAGE_I = "chapters/02-requirements-for-scheming.html"
PAGE_II = "chapters/02b-goal-guarding.html"


@pytest.fixture()
def probe(browser: Any, site_url: str) -> Any:
    p = PageProbe(browser, site_url)
    yield p
    p.close()


def _drawn(page: Any, fig_id: str) -> None:
    page.wait_for_function(f"() => document.getElementById('{fig_id}-plot').dataset.scDrawn === 'true'")


@pytest.mark.parametrize("path, fig_ids", [(PAGE_I, ("training-cues", "fig-2-2")),
                                           (PAGE_II, ("goal-guarding-dynamics", "scheming-payoff"))])
def test_chapter_two_pages_have_their_figures(probe: PageProbe, site_url: str, path: str, fig_ids: tuple) -> None:
    page = probe.open(f"{site_url}/{path}")
    for fig_id in fig_ids:
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"
        assert fig.locator("figcaption").text_content().startswith("Figure 2.")
    assert probe.errors == []


def test_cue_toggles_update_the_posterior(probe: PageProbe, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE_I}")
    ex = cue_explorable()
    before = page.locator("figure#training-cues .sc-readout").text_content()
    assert before == ex.readout()
    page.check("input[name='training-cues-rubric'][value='0']")  # present
    _drawn(page, "training-cues")
    after = page.locator("figure#training-cues .sc-readout").text_content()
    assert after == ex.readout(rubric=True) and after != before
    assert _page_data(page, "training-cues")[1]["y"][1] > 0.95
    assert probe.errors == []


def test_goal_guarding_slider_moves_the_goal_and_the_marker(probe: PageProbe, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE_II}")
    ex = goal_guarding_explorable()
    before = _page_data(page, "goal-guarding-dynamics")
    assert before[0]["y"][-1] == pytest.approx(1.0)
    slider = page.locator("#goal-guarding-dynamics-entanglement")
    slider.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    _drawn(page, "goal-guarding-dynamics")
    after = _page_data(page, "goal-guarding-dynamics")
    assert after[5]["x"] == [4], "the heatmap marker follows the entanglement slider"
    expected = ex.patch(entanglement=1.0).data[0]["y"][-1]
    assert after[0]["y"][-1] == pytest.approx(expected, abs=1e-5) and expected < 0.6
    assert page.locator("#goal-guarding-dynamics-entanglement-value").text_content() == "1"
    assert probe.errors == []


def test_payoff_axes_choice_changes_the_axes(probe: PageProbe, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE_II}")
    title = "() => document.getElementById('scheming-payoff-plot').layout.xaxis.title.text"
    assert page.evaluate(title).startswith("chance of a successful escape")
    page.check("input[name='scheming-payoff-axes'][value='2']")  # survival × coordination
    _drawn(page, "scheming-payoff")
    assert page.evaluate(title) == "chance the goals survive training"
    ytype = page.evaluate("() => document.getElementById('scheming-payoff-plot').layout.yaxis.type")
    assert ytype == "linear"
    assert probe.errors == []
