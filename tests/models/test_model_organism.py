"""Tests of the toy model organism (§6.4, §6.3): its model, its explorable, and the numbers chapter 6 states."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.explore import figure_json
from scheming_companion.figures import EXPLORABLES
from scheming_companion.figures.model_organism import (
    SAFETY_STEPS,
    WIDTHS,
    organism_curves,
    organism_explorable,
    survival_by_size_figure,
)
from scheming_companion.models import SAFETY_DATA, backdoor_survival, backdoor_survival_grid, train_networks
from scheming_companion.models.model_organism import CLEAN, LOOK_ALIKE, TRIGGERED, X

FAST = settings(max_examples=12, deadline=None)


# --------------------------------------------------------------------------------------------------------------
# The toy world
# --------------------------------------------------------------------------------------------------------------


def test_the_world_is_enumerated_once():
    assert X.shape == (128, 7)
    assert len({tuple(row) for row in X}) == 128, "every input appears exactly once"
    assert CLEAN.sum() == 16 and TRIGGERED.sum() == 16 and LOOK_ALIKE.sum() == 48
    assert not np.any(CLEAN & TRIGGERED) and not np.any(LOOK_ALIKE & (CLEAN | TRIGGERED))


# --------------------------------------------------------------------------------------------------------------
# Behaviour
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1, 8, 32])
def test_backdoor_training_implants_the_backdoor(width):
    c = backdoor_survival(width, 0, "absent")
    assert c.triggered.shape == (1,)
    assert c.triggered[0] == 1.0, "backdoor training makes every triggered input bad"
    assert c.clean[0] == 0.0, "and every clean input good"


def test_trigger_free_safety_data_cannot_touch_the_trigger_pathway():
    # The exact limiting case: trigger bits are zero on every safety input, so without weight decay the
    # gradient on the weights that read them is exactly zero, at any amount of training.
    c = backdoor_survival(8, 1500, "absent", 0.0)
    assert np.all(c.trigger_weight_norm == c.trigger_weight_norm[0])
    assert np.all(c.triggered == 1.0), "the backdoor survives every step"
    assert np.all(c.clean == 0.0), "and normal behaviour stays good"
    assert c.survival == 1.0


def test_weight_decay_shrinks_the_trigger_pathway_steadily():
    c = backdoor_survival(8, 400, "absent", 0.001)
    norms = c.trigger_weight_norm
    assert np.all(np.diff(norms) < 0)
    # Only decay acts on those weights, so each step multiplies them by exactly (1 - lr * decay).
    assert norms[-1] == pytest.approx(norms[0] * (1 - 0.5 * 0.001) ** 400, rel=1e-9)


def test_full_trigger_in_safety_data_removes_the_backdoor_quickly():
    for w in WIDTHS:
        c = backdoor_survival(w, 50, "full", 0.0)
        assert c.triggered[-1] == 0.0 and c.survival == 0.0
        assert int(np.argmax(c.triggered == 0.0)) <= 10


def test_look_alikes_sharpen_rather_than_remove():
    c = backdoor_survival(8, 400, "look-alikes", 0.0)
    assert c.look_alike[-1] == 0.0, "the red team's own inputs look fixed"
    assert 0.0 < c.triggered[-1] < 1.0, "but part of the triggered behaviour survives"


def test_rates_are_exact_shares_of_the_enumerated_inputs():
    c = backdoor_survival(4, 100, "look-alikes", 0.001)
    for arr, n in ((c.triggered, 16), (c.look_alike, 48), (c.clean, 16)):
        assert np.allclose(arr * n, np.round(arr * n))
        assert np.all((arr >= 0) & (arr <= 1))


def test_seeded_and_deterministic():
    a = backdoor_survival(8, 60, "look-alikes", 0.0, seed=3)
    b = backdoor_survival(8, 60, "look-alikes", 0.0, seed=3)
    np.testing.assert_array_equal(a.triggered, b.triggered)
    np.testing.assert_array_equal(a.trigger_weight_norm, b.trigger_weight_norm)
    c = backdoor_survival(8, 60, "look-alikes", 0.0, seed=4)
    assert not np.array_equal(a.trigger_weight_norm, c.trigger_weight_norm), "another seed, another network"


def test_batch_equals_single_runs():
    # Training every configuration in one padded batch must give what training each alone gives.
    grid = backdoor_survival_grid((2, 16), ("absent", "look-alikes"), (0.0, 0.001), 80, 1)
    for (w, data, decay), c in grid.items():
        alone = backdoor_survival(w, 80, data, decay, seed=1)
        np.testing.assert_array_equal(c.triggered, alone.triggered)
        np.testing.assert_allclose(c.trigger_weight_norm, alone.trigger_weight_norm, rtol=1e-10)


def _two_networks(**changes):
    """A good call of train_networks: widths 2 and 3, padded to 3 hidden units, backdoor-style data."""
    rng = np.random.default_rng(5)
    w1, w2 = rng.normal(0.0, 0.4, (2, 7, 3)), rng.normal(0.0, 0.5, (2, 3))
    w1[0, :, 2] = w2[0, 2] = 0.0  # the narrower network's padded unit
    return {"widths": np.array([2, 3]), "sample_weights": np.tile((CLEAN | TRIGGERED) * 1.0, (2, 1)),
            "targets": np.tile(TRIGGERED * 1.0, (2, 1)), "params": (w1, np.zeros((2, 3)), w2, np.zeros(2)),
            "steps": 30, "learning_rate": 0.5, "weight_decay": np.array([0.0, 0.01]), "record": True, **changes}


def test_train_networks_records_every_step_and_leaves_its_inputs_alone():
    call = _two_networks()
    before = [p.copy() for p in call["params"]]
    params, logits, norms = train_networks(**call)
    assert logits.shape == (31, 2, X.shape[0]) and norms.shape == (31, 2)
    assert all(np.array_equal(a, b) for a, b in zip(before, call["params"])), "training works on copies"
    assert np.all(params[0][0, :, 2] == 0.0), "a padded unit's weights stay zero"
    assert train_networks(**_two_networks(record=False))[1:] == (None, None)


@pytest.mark.parametrize(("changes", "name"), [
    ({"widths": [2.0, 3.0]}, "widths"), ({"widths": [0, 3]}, "widths"), ({"widths": [2, 3, 3]}, "widths"),
    ({"widths": [2, 4]}, "widths"), ({"sample_weights": np.zeros((2, 128))}, "sample_weights"),
    ({"sample_weights": np.full((2, 128), 2.0)}, "sample_weights"), ({"targets": np.ones((2, 64))}, "targets"),
    ({"params": (np.zeros((2, 7, 3)),) * 3}, "params"), ({"params": (np.zeros((2, 7, 3)), np.zeros((2, 2)),
                                                                   np.zeros((2, 3)), np.zeros(2))}, "params"),
    ({"params": (np.full((2, 7, 3), np.nan), np.zeros((2, 3)), np.zeros((2, 3)), np.zeros(2))}, "params"),
    ({"steps": 3.0}, "steps"), ({"steps": -1}, "steps"), ({"learning_rate": 0.0}, "learning_rate"),
    ({"weight_decay": [0.0]}, "weight_decay"), ({"weight_decay": [0.0, 0.5]}, "weight_decay"),
    ({"record": 1}, "record"),
])
def test_train_networks_checks_its_arguments(changes, name):
    with pytest.raises(ValueError, match=re.escape(name)):
        train_networks(**_two_networks(**changes))


def test_a_saturated_sigmoid_is_not_an_overflow():
    # Valid but extreme starting weights push logits far below -709, where exp overflows to inf: the
    # gradient is then exactly the saturated one, and no warning escapes.
    w1 = np.full((2, 7, 3), 50.0)
    w2 = np.full((2, 3), -1e4)
    with np.errstate(over="raise"):
        _, logits, _ = train_networks(**_two_networks(params=(w1, np.zeros((2, 3)), w2, np.zeros(2)), steps=3))
    assert np.all(np.isfinite(logits)) and logits.min() < -709


@FAST
@given(width=st.sampled_from([1, 3, 8, 20]), steps=st.integers(0, 120), data=st.sampled_from(SAFETY_DATA),
       decay=st.sampled_from([0.0, 0.0005, 0.01]), seed=st.integers(0, 2**32 - 1))
def test_properties(width, steps, data, decay, seed):
    c = backdoor_survival(width, steps, data, decay, seed=seed)
    assert c.triggered.shape == c.look_alike.shape == c.clean.shape == (steps + 1,)
    for arr in (c.triggered, c.look_alike, c.clean, c.trigger_weight_norm):
        assert np.all(np.isfinite(arr))
    assert np.all((c.triggered >= 0) & (c.triggered <= 1))
    assert c.survival >= 0.0 and math.isfinite(c.survival)
    if data == "absent" and decay == 0.0:
        assert np.all(c.trigger_weight_norm == c.trigger_weight_norm[0])
    if decay > 0 or data != "absent":
        assert c.trigger_weight_norm[-1] <= c.trigger_weight_norm[0] + 1e-12


# --------------------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"hidden_units": 0}, "hidden_units"),
        ({"hidden_units": 257}, "hidden_units"),
        ({"hidden_units": 2.5}, "hidden_units"),
        ({"hidden_units": True}, "hidden_units"),
        ({"hidden_units": "8"}, "hidden_units"),
        ({"hidden_units": float("nan")}, "hidden_units"),
        ({"hidden_units": [8, 16]}, "hidden_units"),
        ({"safety_steps": -1}, "safety_steps"),
        ({"safety_steps": 10**9}, "safety_steps"),
        ({"safety_steps": float("inf")}, "safety_steps"),
        ({"safety_steps": 1.5}, "safety_steps"),
        ({"safety_data": "some"}, "safety_data"),
        ({"safety_data": None}, "safety_data"),
        ({"safety_data": ["absent"]}, "safety_data"),
        ({"weight_decay": -0.1}, "weight_decay"),
        ({"weight_decay": 1.0}, "weight_decay"),
        ({"weight_decay": False}, "weight_decay"),
        ({"weight_decay": [0.0]}, "weight_decay"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**40}, "seed"),
        ({"seed": "0"}, "seed"),
        ({"backdoor_steps": 0}, "backdoor_steps"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": float("nan")}, "learning_rate"),
    ],
)
def test_bad_input_raises_a_clear_error(kwargs, match):
    with pytest.raises(ValueError, match=match):
        backdoor_survival(**kwargs)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (((), ("absent",), (0.0,)), "hidden_units must not be empty"),
        (((8, 8), ("absent",), (0.0,)), "must not repeat"),
        ((tuple(range(1, 70)), ("absent",), (0.0,)), "at most 64"),
        (((8,), ("absent", "full", "nope"), (0.0,)), "safety_data"),
        ((tuple(range(1, 60)), SAFETY_DATA, (0.0, 0.001)), "at most 256 combinations"),
    ],
)
def test_bad_grid_input(args, match):
    with pytest.raises(ValueError, match=match):
        backdoor_survival_grid(*args, safety_steps=5)


def test_counts_take_numpy_integers_but_not_whole_floats():
    # The one integer rule (models/_validate.py): numpy integers are integers; 4.0 is a float, so it is refused.
    assert backdoor_survival(np.int64(4), np.int64(5), seed=np.uint32(0)).hidden_units == 4
    for kwargs in ({"hidden_units": 4.0}, {"safety_steps": 5.0}, {"seed": 0.0}, {"backdoor_steps": 60.0}):
        with pytest.raises(ValueError, match=f"{next(iter(kwargs))} must be an integer"):
            backdoor_survival(**{"hidden_units": 4, "safety_steps": 5, **kwargs})


# --------------------------------------------------------------------------------------------------------------
# The explorable and figures
# --------------------------------------------------------------------------------------------------------------


def test_registered_and_within_budgets():
    assert EXPLORABLES["model-organism"]().name == "model-organism"
    ex = organism_explorable()
    assert ex.n_combinations() <= ex.max_combinations
    html = ex.static_html().to_html()
    assert len(html.encode()) < 600_000, "the precomputed table must keep the page well under 1 MB"
    # Its speed (look-up p95 against the 20 ms budget) is measured by `make bench`, not timed here.


def test_patch_draws_the_model_curves():
    ex = organism_explorable()
    spec = figure_json(ex.figure(hidden_units=4, safety_steps=100.0, safety_data="look-alikes", weight_decay=0.0))
    c = organism_curves()[(4, "look-alikes", 0.0)]
    chosen = spec["data"][WIDTHS.index(4)]
    np.testing.assert_allclose(chosen["y"], c.triggered[::5], atol=1e-6)
    assert chosen["line"]["width"] == 3.5
    bars = spec["data"][9]
    np.testing.assert_allclose(bars["y"], [c.clean[100], c.look_alike[100], c.triggered[100]], atol=1e-6)
    assert spec["data"][8]["x"] == [100, 100]
    readout = ex.readout(hidden_units=4, safety_steps=100.0, safety_data="look-alikes", weight_decay=0.0)
    assert readout.startswith("4 hidden units, 100 steps") and f"{c.triggered[100]:.0%} of triggered" in readout


def test_live_panel_values_off_the_grid_are_rounded_to_whole_steps():
    ex = organism_explorable()
    assert ex.patch(safety_steps=133.4).data[8]["x"] == [133, 133]
    assert ex.patch(safety_steps=400.0).data[8]["x"] == [SAFETY_STEPS, SAFETY_STEPS]


def test_survival_by_size_figure_is_computed():
    fig = survival_by_size_figure()
    curves = organism_curves()
    for trace, data in zip(fig.data, SAFETY_DATA):
        assert list(trace.y) == [curves[(w, data, 0.0)].triggered[-1] for w in WIDTHS]




