"""Chapter 3 in headless Chromium: its figures draw, and its own controls work without a kernel."""

from __future__ import annotations

from typing import Any

import pytest
from scheming_companion.figures.goal_space import nearest_goal_explorable
from scheming_companion.figures.proxy_goals import lottery_explorable
from scheming_companion.models.proxy_goals import LotteryParams

from .test_browser import _page_data, probe  # noqa: F401 - probe is a fixture

pytestmark = pytest.mark.browser

PAGE = "chapters/03-path-arguments.html"


def _drawn(page: Any, fig_id: str) -> None:
    page.wait_for_function(f"() => document.getElementById('{fig_id}-plot').dataset.scDrawn === 'true'")


def test_chapter_three_has_its_figures(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{PAGE}")
    for fig_id in ("fig-3-1", "proxy-goal-lottery", "nearest-max-reward-goal", "path-dependence-view"):
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"
    numbers = page.locator(".sc-caption-number").all_text_contents()
    assert numbers == ["Figure 3.1.", "Figure 3.2.", "Figure 3.3.", "Figure 3.4."], numbers
    assert probe.errors == []


def test_sa_slider_moves_by_keyboard_and_changes_the_lottery(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{PAGE}")
    before = _page_data(page, "proxy-goal-lottery")[0]["y"]
    slider = page.locator("#proxy-goal-lottery-sa-time")
    slider.focus()
    for _ in range(round((1.0 - LotteryParams().sa_time) * 10)):
        page.keyboard.press("ArrowRight")  # default -> 100%, a tenth a press: SA never arrives during training
    _drawn(page, "proxy-goal-lottery")
    assert page.locator("#proxy-goal-lottery-sa-time-value").text_content() == "100%"
    after = _page_data(page, "proxy-goal-lottery")[0]["y"]
    assert after != before and after[3] == 0, "no schemers when SA never arrives"
    readout = page.locator("figure#proxy-goal-lottery .sc-readout").text_content()
    assert readout == lottery_explorable().readout(sa_time=1.0)
    assert probe.errors == []


def test_step_rule_switch_moves_the_path(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{PAGE}")
    page.fill("#nearest-max-reward-goal-start-x", "5")  # content 0.5
    page.fill("#nearest-max-reward-goal-start-y", "3")  # horizon 0.15
    page.fill("#nearest-max-reward-goal-barrier", "0")  # no barrier
    _drawn(page, "nearest-max-reward-goal")
    readout = page.locator("figure#nearest-max-reward-goal .sc-readout")
    assert "ends as Schemer" in readout.text_content()
    page.check("input[name='nearest-max-reward-goal-step-rule'][value='1']")
    _drawn(page, "nearest-max-reward-goal")
    expected = nearest_goal_explorable().readout(start_x=0.5, start_y=0.15, step_rule=False, barrier=0.0)
    assert readout.text_content() == expected and "ends as Reward-on-the-episode seeker" in expected
    assert probe.errors == []


def test_spread_slider_lowers_the_movement(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{PAGE}")
    marker = _page_data(page, "path-dependence-view")[4]
    assert marker["y"] == [1]
    page.fill("#path-dependence-view-spread", "5")
    _drawn(page, "path-dependence-view")
    marker = _page_data(page, "path-dependence-view")[4]
    assert marker["x"] == [0.4] and marker["y"][0] < 0.6
    assert probe.errors == []
