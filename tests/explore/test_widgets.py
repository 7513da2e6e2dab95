"""Tests of the live ipywidgets panel (no frontend needed: controls are moved programmatically)."""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import numpy as np
import pytest
from scheming_companion.explore import LivePanel, figure_json, live_panel
from scheming_companion.explore.explorable import Choice, Slider
from scheming_companion.figures import EXPLORABLES
from scheming_companion.figures.slack import slack_classes, slack_explorable
from scheming_companion.figures.taxonomy import classifier_explorable
from scheming_companion.models import selection_under_slack

FACTORIES = EXPLORABLES


@pytest.fixture(params=list(FACTORIES))
def panel(request):
    return live_panel(FACTORIES[request.param]())


@pytest.fixture
def slack_panel():
    return live_panel(slack_explorable())


@pytest.fixture
def classifier_panel():
    return live_panel(classifier_explorable())


def bars(p: LivePanel) -> np.ndarray:
    trace = p.figure.data[-1]
    assert trace.type == "bar", f"last trace of the slack figure should be the bars, got {trace.type}"
    return np.asarray(trace.y, dtype=float)


def assert_finite_figure(p: LivePanel, context: str) -> None:
    for i, trace in enumerate(p.figure.data):
        for attr in ("x", "y"):
            values = getattr(trace, attr, None)
            if values is None:
                continue
            nums = [v for v in values if v is not None and not isinstance(v, str)]  # None separates segments
            assert np.all(np.isfinite(np.asarray(nums, dtype=float))), f"{context}: trace {i}.{attr} not finite"


def test_construction(panel):
    assert isinstance(panel, LivePanel) and isinstance(panel, widgets.VBox)
    ex = panel.explorable
    assert list(panel.controls) == [p.name for p in ex.params]
    assert panel.values() == ex.defaults, "the panel starts at the explorable's defaults"
    assert figure_json(panel.figure) == figure_json(ex.figure()), "the panel draws the same figure as the page"
    assert html.escape(ex.readout()) in panel.readout.value, "the readout shows the model's text, HTML-escaped"
    assert len(panel.children) == len(ex.params) + 2, "controls, readout and output"


def test_control_kinds(panel):
    for p in panel.explorable.params:
        c = panel.controls[p.name]
        if isinstance(p, Choice):
            assert isinstance(c, widgets.ToggleButtons) and c.value == p.default
        else:
            assert isinstance(c, widgets.FloatLogSlider if p.log else widgets.FloatSlider)
            assert c.value == pytest.approx(p.default)


#: Log sliders whose grid no even division of the exponent range can hold while keeping the default exact:
#: the default is held and the other grid values are reached to within one step.
GRID_NOT_HELD = {("cost-calculator", "n_params")}  # default 1.8e12 between decades


def test_slider_steps_hold_the_default_and_the_page_grid(panel):
    """The frontend snaps a slider's value to min + k * step: an off-grid default would move the panel off the
    page's starting point (a prior of 0.1 showed as 0.0995), and grid values the text mentions would be
    unreachable."""
    for p in panel.explorable.params:
        if isinstance(p, Choice):
            continue
        c = panel.controls[p.name]
        to_axis = math.log10 if p.log else float
        lo, hi = to_axis(p.values[0]), to_axis(p.values[-1])
        assert (c.min, c.max) == pytest.approx((lo, hi))
        if p.step is None:
            assert (hi - lo) / c.step >= 100, f"{p.name}: fewer than 100 positions"
        else:  # the model resolves whole steps only: the slider moves in exactly those
            assert c.step == p.step
        k = (to_axis(p.default) - lo) / c.step
        assert abs(k - round(k)) < 1e-6, f"{p.name}: default {p.default} is not a slider position"
        held = (panel.explorable.name, p.name) not in GRID_NOT_HELD
        for v in p.values:
            k = (to_axis(v) - lo) / c.step
            reached = lo + round(k) * c.step
            value = 10**reached if p.log else reached
            tol = 1e-3 if held else 10 ** c.step - 1 if p.log else c.step
            assert value == pytest.approx(v, rel=tol, abs=1e-12), f"{p.name}: page value {v} unreachable"


def test_repr_is_stable_text(panel):
    text = repr(panel)
    assert panel.explorable.title in text, text
    assert "model_id" not in text and "0x" not in text, f"repr must not contain ids: {text}"
    for p in panel.explorable.params:
        assert p.label in text, f"control {p.label!r} missing from {text!r}"
    assert text == repr(live_panel(panel.explorable)), "repr must be the same for a new panel"
    panel.redraw()
    assert repr(panel) == text, "repr must not change after a redraw"


def test_last_seconds(panel):
    assert math.isfinite(panel.last_seconds) and panel.last_seconds > 0, panel.last_seconds
    panel.redraw()
    assert math.isfinite(panel.last_seconds) and 0 < panel.last_seconds < 5, panel.last_seconds


def test_set_pressure_redraws(slack_panel):
    before_bars, before_readout = bars(slack_panel), slack_panel.readout.value
    slack_panel.set(pressure=100.0)
    after = bars(slack_panel)
    assert not np.allclose(after, before_bars), f"bars did not change: {before_bars} -> {after}"
    assert slack_panel.readout.value != before_readout
    assert "s = 100" in slack_panel.readout.value, slack_panel.readout.value
    classes = slack_classes(0.4, 0.02)
    # drawn to 6 significant digits
    np.testing.assert_allclose(after, selection_under_slack(classes.priors, classes.gaps, 100.0), rtol=1e-5)
    assert slack_panel.figure.data[4].x[0] == pytest.approx(100.0), "the dashed marker moves to the pressure"
    assert math.isfinite(slack_panel.last_seconds) and slack_panel.last_seconds > 0


def test_set_off_grid_values(slack_panel):
    # The live panel calls the model directly: values between the static grid points work too.
    slack_panel.set(pressure=37.0, schemer_gap=0.013, schemer_prior=0.55)
    classes = slack_classes(0.55, 0.013)
    np.testing.assert_allclose(bars(slack_panel), selection_under_slack(classes.priors, classes.gaps, 37.0),
                               rtol=1e-5)


def test_classifier_controls(classifier_panel):
    assert "Goal-guarding schemer" in classifier_panel.readout.value
    classifier_panel.set(training_gaming=False, pursues_specified_goal=False)
    assert "Misgeneralized non-training-gamer" in classifier_panel.readout.value, classifier_panel.readout.value
    path_x = [x for x in classifier_panel.figure.data[2].x if x is not None]
    assert path_x, "the path to the class is highlighted"
    classifier_panel.set(pursues_specified_goal=True)
    assert "Training saint" in classifier_panel.readout.value
    classifier_panel.set(training_gaming=True, motive="terminal")
    assert "Reward-on-the-episode seeker" in classifier_panel.readout.value


def test_every_choice_option(classifier_panel):
    for name, c in classifier_panel.controls.items():
        for _, value in c.options:
            classifier_panel.set(**{name: value})
            assert classifier_panel.values()[name] == value
            assert classifier_panel.readout.value.count("Lands in:") == 1
            assert_finite_figure(classifier_panel, f"{name}={value!r}")


def test_sliders_at_extremes(slack_panel):
    ex = slack_panel.explorable
    for p in ex.params:
        assert isinstance(p, Slider)
        c = slack_panel.controls[p.name]
        lo, hi = (10**c.min, 10**c.max) if isinstance(c, widgets.FloatLogSlider) else (c.min, c.max)
        assert lo == pytest.approx(p.values[0]) and hi == pytest.approx(p.values[-1]), "range matches the grid"
        for value in (lo, hi):
            slack_panel.set(**{p.name: value})
            assert_finite_figure(slack_panel, f"{p.name}={value}")
            b = bars(slack_panel)
            assert b.sum() == pytest.approx(1.0) and np.all((b >= 0) & (b <= 1)), f"{p.name}={value}: bars {b}"
            assert "%" in slack_panel.readout.value
    # All at once: every slider at its maximum, then every slider at its minimum.
    for pick in (max, min):
        for p in ex.params:
            c = slack_panel.controls[p.name]
            end = pick(c.min, c.max)
            slack_panel.set(**{p.name: 10**end if isinstance(c, widgets.FloatLogSlider) else end})
        assert_finite_figure(slack_panel, f"all sliders at {pick.__name__}")
        assert bars(slack_panel).sum() == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [{"bogus": 1}, {"Pressure": 1.0}, {"": 0}])
def test_unknown_control(panel, bad):
    with pytest.raises(ValueError, match="unknown control"):
        panel.set(**bad)


def test_set_with_unknown_control_after_known_one(slack_panel):
    with pytest.raises(ValueError, match="bogus"):
        slack_panel.set(pressure=1.0, bogus=1)


def test_a_stepped_slider_changes_the_result_at_every_step() -> None:
    """Chapter 3's situational-awareness slider: the model resolves 2.5% steps, so the live slider moves in
    those steps, and every position gives a different readout, in step with the slider's own number."""
    from scheming_companion.figures.proxy_goals import lottery_explorable

    panel = live_panel(lottery_explorable())
    c = panel.controls["sa_time"]
    assert c.step == pytest.approx(0.025) and c.readout_format == ".1%"
    seen = []
    for k in range(3, 8):
        panel.set(sa_time=k * 0.025)
        seen.append(panel.readout.value)
        assert f"after {format(k * 0.025, '.1%').replace('.0%', '%')} of training" in panel.readout.value
    assert len(set(seen)) == len(seen)


@pytest.mark.parametrize(
    ("fmt", "log", "step", "expected"),
    [("{:g}", False, None, ".12"), ("{:.2g}", False, None, ".2"), ("{:.0%}", False, None, ".0%"),
     ("{:g}", True, None, ".3r"), ("{:.0%}", False, 0.025, ".1%"), ("{:.2f}", False, None, ".2f"),
     ("{:.0e}", True, None, ".0e")],
)
def test_slider_readout_format_follows_the_book(fmt: str, log: bool, step: float | None, expected: str) -> None:
    from scheming_companion.explore.explorable import Slider
    from scheming_companion.explore.panel import readout_format

    assert readout_format(Slider("x", "x", (0.1, 0.2, 1.0), 0.2, log=log, fmt=fmt, step=step)) == expected


@pytest.mark.parametrize("step", [0.0, -0.1, 5.0])
def test_slider_step_out_of_range_is_refused(step: float) -> None:
    from scheming_companion.explore.explorable import Slider

    with pytest.raises(ValueError, match="step of slider 'x'"):
        Slider("x", "x", (0.0, 0.5, 1.0), 0.5, step=step)


def test_panel_labels_sit_above_their_controls() -> None:
    from scheming_companion.figures.proxy_goals import lottery_explorable

    panel = live_panel(lottery_explorable())
    for row, p in zip(panel.children, panel.explorable.params):
        label, control = row.children
        assert p.label.split(":")[0] in label.value and control is panel.controls[p.name]
        assert not control.description
