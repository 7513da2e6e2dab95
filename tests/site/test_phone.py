"""Every built page on a phone (390 x 844, touch) and a tablet (768 x 1024): every drawn figure's labels are legible
(at least 9 CSS px), apart (no two overlap by more than a fifth of the smaller) and inside their figure; no page
scrolls sideways; every control is a touch target of at least 24 x 24 CSS px with its readout beside it; and on one
explorer per chapter a tap or a drag on a control changes the figure.

Figures are scrolled into view one by one and waited for, so the checks hold whether a page draws its figures at
once or as they come into view. One browser context per device is shared by every page (the session's Chromium).
Screenshots of every figure on the phone go to ``_build/artefacts/phone/`` (git-ignored) for a reviewer to look at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from ..support import (
    LABELS_JS,
    MIN_TARGET_PX,
    PAGES,
    PHONE,
    READOUTS_JS,
    ROOT,
    SIDEWAYS_JS,
    SITE,
    TABLET,
    TARGETS_JS,
    label_problems,
    wait_scripts,
)

pytestmark = pytest.mark.browser

ARTEFACTS = ROOT / "_build" / "artefacts" / "phone"
# The phone in dark mode, the tablet in light: the theme pads outputs in dark mode after the figures drew, so the
# figures must follow their column's width, not only the window's.
DEVICES = {"phone": {**PHONE, "color_scheme": "dark"}, "tablet": {**TABLET, "color_scheme": "light"}}
#: Every page but redirects (the front page's index.html sends the reader on to intro.html, checked itself).
SCREEN_PAGES = [p for p in PAGES if 'http-equiv="refresh"' not in (SITE / p).read_text("utf-8").lower()]
FIGURES_JS = "() => [...document.querySelectorAll('.sc-plot')].map(d => d.id.slice(0, -'-plot'.length))"


class Device:
    """One browser context for a device, one page reused for every built page, with its JavaScript errors."""

    def __init__(self, browser: Any, site_url: str, name: str):
        self.name = name
        self.context = browser.new_context(**DEVICES[name])
        self.page = self.context.new_page()
        self.site_url = site_url
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url)
                        else route.abort())

    def open(self, path: str, only: str | None = None) -> list[str]:
        """Open a page; scroll each figure (or only the figure with id ``only``) into view and wait until it is
        drawn, at the width the column has now (a late change of width redraws it); return the figures' ids."""
        self.errors.clear()
        self.page.goto(f"{self.site_url}/{path}", wait_until="load")
        wait_scripts(self.page)
        figures: list[str] = self.page.evaluate(FIGURES_JS) if only is None else [only]
        for fig_id in figures:
            self.page.locator(f"#{fig_id}").scroll_into_view_if_needed()
            self.page.wait_for_function(
                """(ids) => ids.every(id => { const d = document.getElementById(id + '-plot');
                     return d.dataset.scDrawn === 'true' && d._scFitWidth === d.clientWidth; })""",
                arg=figures[: figures.index(fig_id) + 1], timeout=15_000)
        return figures


@pytest.fixture(scope="module", params=list(DEVICES))
def device(request: pytest.FixtureRequest, browser: Any, site_url: str) -> Iterator[Device]:
    d = Device(browser, site_url, request.param)
    yield d
    d.context.close()


@pytest.mark.parametrize("path", SCREEN_PAGES)
def test_page_reads_on_a_small_screen(device: Device, path: str) -> None:
    figures = device.open(path)
    page = device.page
    problems: list[str] = []
    for fig_id in figures:
        drawn = page.evaluate(LABELS_JS, fig_id)
        assert drawn is not None and drawn["labels"], f"{path}: figure {fig_id} drew no labels"
        for kind, found in label_problems(drawn, fig_id).items():
            problems += [f"{kind}: {p}" for p in found]
        # A figure with a phone layout uses it on the phone and keeps its wide layout on the tablet.
        has_narrow = page.evaluate(
            f"() => Boolean((document.getElementById('{fig_id}-plot')._scSpec.layout.meta || {{}}).narrow)")
        used = page.evaluate(f"() => document.getElementById('{fig_id}-plot').dataset.scLayout")
        if has_narrow:
            assert used == ("narrow" if device.name == "phone" else "wide"), f"{path}: {fig_id} drew {used}"
        if device.name == "phone":
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            page.locator(f"#{fig_id}").screenshot(path=str(ARTEFACTS / f"{fig_id}.png"))
    assert problems == [], f"{path} at {device.name} size: {len(problems)} bad labels:\n" + "\n".join(problems)
    assert page.evaluate(SIDEWAYS_JS) <= 0, f"{path} scrolls sideways on a {device.name}"
    assert page.evaluate(TARGETS_JS, MIN_TARGET_PX) == [], f"{path}: controls too small to touch"
    assert page.evaluate(READOUTS_JS) == [], f"{path}: a slider's readout is not beside it"
    assert device.errors == [], f"{path}: JavaScript errors {device.errors}"


def _figure_state(page: Any, fig_id: str) -> str:
    spec = page.evaluate(f"() => {{ const s = document.getElementById('{fig_id}-plot')._scSpec;"
                         f" return {{data: s.data, layout: s.layout}}; }}")
    return json.dumps(spec, sort_keys=True)


EXPLORER_PAGES = [p for p in PAGES
                  if p.startswith("chapters/") and 'class="sc-explorer"' in (SITE / p).read_text("utf-8")]


@pytest.fixture(scope="module")
def phone(browser: Any, site_url: str) -> Iterator[Device]:
    d = Device(browser, site_url, "phone")
    yield d
    d.context.close()


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_a_touch_on_a_control_changes_the_figure(phone: Device, path: str) -> None:
    device = phone
    fig_id = re.search(r'<figure class="sc-explorer" id="([^"]+)"', (SITE / path).read_text("utf-8"))[1]
    device.open(path, only=fig_id)
    page = device.page
    before = _figure_state(page, fig_id)
    radio = page.locator(f"figure#{fig_id} input[type=radio]:not(:checked)")
    if radio.count():
        label = radio.first.locator("xpath=ancestor::label")
        label.scroll_into_view_if_needed()
        box = label.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    else:
        slider = page.locator(f"figure#{fig_id} input[type=range]").first
        slider.scroll_into_view_if_needed()
        box = slider.bounding_box()
        value = slider.input_value()
        # A tap near the end of the track away from the thumb moves it there.
        x = box["x"] + (box["width"] - 6 if value == slider.get_attribute("min") else 6)
        page.touchscreen.tap(x, box["y"] + box["height"] / 2)
        assert slider.input_value() != value, f"{path}: a tap on {fig_id}'s slider did not move it"
    page.wait_for_function(f"() => document.getElementById('{fig_id}-plot').dataset.scDrawn === 'true'")
    assert _figure_state(page, fig_id) != before, f"{path}: a tap on {fig_id}'s control did not change the figure"
    assert device.errors == []
