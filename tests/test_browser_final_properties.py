"""Chapter 4's page in headless Chromium: its figures draw and its own controls work without a kernel."""

from __future__ import annotations

from typing import Any

import pytest

from .test_browser import _page_data, probe  # noqa: F401  (probe is a fixture)

pytestmark = pytest.mark.browser
PAGE = "chapters/04-final-properties-arguments.html"


def _drawn(page: Any, fig_id: str) -> None:
    page.wait_for_function(f"() => document.getElementById('{fig_id}-plot').dataset.scDrawn === 'true'")


def test_chapter_four_has_its_figures(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{PAGE}")
    for fig_id in ("counting-measures", "fig-4-2", "fig-4-3", "cost-calculator", "selection-frames", "fig-4-6"):
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"
    assert probe.errors == []


def test_frame_switch_changes_the_schemer_share(probe: Any, site_url: str) -> None:  # noqa: F811
    # The page's numbers and readout in both frames are the Python model's at the same settings (the author's
    # region at the default: some weight to schemers, not near-certainty).
    from scheming_companion.figures import EXPLORABLES

    ex = EXPLORABLES["selection-frames"]()
    settings = {p.name: p.default for p in ex.params}
    expected = {frame: ex.patch(**{**settings, "frame": frame}) for frame in ("contributors", "extra-criteria")}
    page = probe.open(f"{site_url}/{PAGE}")
    before = _page_data(page, "selection-frames")[-1]["y"][3]
    page.check("input[name='selection-frames-frame'][value='1']")
    _drawn(page, "selection-frames")
    after = _page_data(page, "selection-frames")[-1]["y"][3]
    assert before == pytest.approx(expected["contributors"].data[-1]["y"][3], rel=1e-5)
    assert after == pytest.approx(expected["extra-criteria"].data[-1]["y"][3], rel=1e-5)
    assert before != pytest.approx(after, abs=0.01) and 0.10 <= min(before, after) <= max(before, after) <= 0.40
    readout = page.locator("figure#selection-frames .sc-readout").text_content()
    assert readout == expected["extra-criteria"].readout
    assert probe.errors == []


def test_counting_slider_moves_with_keyboard(probe: Any, site_url: str) -> None:  # noqa: F811
    page = probe.open(f"{site_url}/{PAGE}")
    slider = page.locator("#counting-measures-n-concepts")
    slider.focus()
    for _ in range(6):
        page.keyboard.press("ArrowLeft")
    _drawn(page, "counting-measures")
    assert page.locator("#counting-measures-n-concepts-value").text_content() == "4"
    uniform = _page_data(page, "counting-measures")[0]["y"]
    assert uniform[3] == pytest.approx(1 / 3, rel=1e-5)
    assert probe.errors == []
