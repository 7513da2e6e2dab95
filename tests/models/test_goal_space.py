"""Tests of the §3.2 goal-space toy and the path-dependence measure: geometry, the two step rules, limiting cases
and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models.goal_space import (
    GOAL_CLASSES,
    MISGEN,
    MISGEN_CENTRE,
    REWARD_SEEKER,
    REWARD_SEEKER_CENTRE,
    SAINT,
    SCHEMER,
    SPECIFIED_CENTRE,
    STUCK,
    Landscape,
    classify_goals,
    descend_goal_space,
    path_dependence,
    random_starts,
    reward,
    total_variation,
)

FAST = settings(max_examples=40, deadline=None)
unit = st.floats(0.0, 1.0)
landscapes = st.builds(Landscape, y_crit=st.floats(0.2, 0.9), barrier=st.floats(0.0, 1.0),
                       saint_radius=st.floats(0.01, 0.3))
CENTRES = ((0.8, 0.05), (0.45, 0.08), (0.35, 0.18))


# --------------------------------------------------------------------------------------------------------------
# The landscape
# --------------------------------------------------------------------------------------------------------------


def test_regions_earn_full_reward_and_are_classified():
    land = Landscape()
    pts = {SAINT: SPECIFIED_CENTRE, MISGEN: MISGEN_CENTRE, REWARD_SEEKER: REWARD_SEEKER_CENTRE,
           SCHEMER: (0.1, 0.9)}
    for cls, (x, y) in pts.items():
        assert reward(land, [x], [y])[0] == pytest.approx(1.0)
        assert classify_goals(land, np.array([x]), np.array([y]))[0] == cls
    assert classify_goals(land, np.array([0.5]), np.array([0.3]))[0] == STUCK


@FAST
@given(landscapes, st.lists(st.tuples(unit, unit), min_size=1, max_size=30))
def test_reward_is_one_exactly_in_the_regions(land, pts):
    x, y = np.array(pts).T
    r = reward(land, x, y)
    inside = classify_goals(land, x, y) != STUCK
    assert np.all(np.isfinite(r))
    np.testing.assert_allclose(r[inside], 1.0, atol=1e-9)
    assert np.all(r[~inside] < 1.0)


def test_band_edge_is_one_region_for_reward_and_class():
    # Found by the fuzzer: y_crit = 0.2 + 1 ulp made y = 0.2 a schemer with reward 0.5.
    land = Landscape(y_crit=0.20000000000000004, barrier=0.0, saint_radius=0.25)
    x, y = np.array([0.0]), np.array([0.2])
    assert classify_goals(land, x, y)[0] == SCHEMER
    assert reward(land, x, y)[0] == 1.0


def test_barrier_lowers_reward_between_short_horizons_and_the_band():
    x, y = np.array([0.5]), np.array([0.2])  # the middle of the dip when y_crit = 0.3
    assert reward(Landscape(y_crit=0.3, barrier=0.6), x, y)[0] < reward(Landscape(y_crit=0.3, barrier=0.0), x, y)[0]


def test_reward_accepts_grids():
    gx, gy = np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 4))
    assert reward(Landscape(), gx, gy).shape == (4, 5)


# --------------------------------------------------------------------------------------------------------------
# Dynamics
# --------------------------------------------------------------------------------------------------------------


@FAST
@given(landscapes, st.integers(0, 2**31), st.floats(0.0, 0.05))
def test_incremental_steps_never_lower_reward(land, seed, noise):
    x, y = random_starts(40, seed)
    paths = descend_goal_space(land, x, y, incremental=True, noise=noise, seed=seed)
    r = np.stack([reward(land, paths.xs[t], paths.ys[t]) for t in range(paths.xs.shape[0])])
    assert np.all(np.diff(r, axis=0) >= -1e-12)
    np.testing.assert_array_equal(paths.classes, classify_goals(land, paths.xs[-1], paths.ys[-1]))


@FAST
@given(landscapes, st.integers(0, 2**31))
def test_nearest_rule_reaches_the_nearest_region_in_a_straight_line(land, seed):
    x, y = random_starts(30, seed, max_horizon=1.0)
    paths = descend_goal_space(land, x, y, incremental=False)
    assert np.all(paths.classes != STUCK), "the straight-line rule always ends in a max-reward region"
    # Distance actually travelled equals the distance to the nearest region (edge of a disc or of the band).
    travelled = np.hypot(paths.xs[-1] - x, paths.ys[-1] - y)
    dists = [np.maximum(land.y_crit - y, 0.0)]
    for _, cx, cy, r in land.discs():
        dists.append(np.maximum(np.hypot(x - cx, y - cy) - r, 0.0))
    np.testing.assert_allclose(travelled, np.min(dists, axis=0), atol=1e-9)
    # Straight: every point of the path lies on the segment from start to end.
    f = np.linspace(0, 1, paths.xs.shape[0])[:, None]
    np.testing.assert_allclose(paths.xs, x + f * (paths.xs[-1] - x), atol=1e-12)


@FAST
@given(landscapes, st.booleans())
def test_goals_in_a_region_stay_there(land, incremental):
    x = np.array([SPECIFIED_CENTRE[0], MISGEN_CENTRE[0], REWARD_SEEKER_CENTRE[0], 0.5])
    y = np.array([SPECIFIED_CENTRE[1], MISGEN_CENTRE[1], REWARD_SEEKER_CENTRE[1], 0.95])
    paths = descend_goal_space(land, x, y, incremental=incremental, noise=0.0)
    np.testing.assert_array_equal(paths.classes, [SAINT, MISGEN, REWARD_SEEKER, SCHEMER])
    np.testing.assert_allclose(paths.xs[-1], x)


def test_barrier_blocks_the_band_only_under_the_step_rule():
    # Just below the middle of the dip (y_crit 0.3): the ramp carries the goal up without a barrier, the dip pushes
    # it down with one; the straight-line rule ignores the barrier.
    def end(barrier, incremental):
        p = descend_goal_space(Landscape(y_crit=0.3, barrier=barrier), [0.5], [0.15], incremental=incremental, seed=11)
        return p.classes[0]

    assert end(0.0, True) == SCHEMER
    assert end(0.3, True) == REWARD_SEEKER
    assert end(0.0, False) == end(0.6, False) == REWARD_SEEKER


def test_higher_barrier_fewer_schemers_from_random_starts():
    x, y = random_starts(400, 7, max_horizon=0.25)
    shares = [descend_goal_space(Landscape(y_crit=0.3, barrier=b), x, y, seed=11).shares()[SCHEMER]
              for b in (0.0, 0.3, 0.6)]
    assert shares[0] > shares[1] >= shares[2], shares


def test_wider_saint_basin_more_saints():
    x, y = random_starts(400, 7, max_horizon=0.25)
    s = [descend_goal_space(Landscape(y_crit=0.3, saint_radius=r), x, y, seed=11).shares()[SAINT]
         for r in (0.03, 0.2)]
    assert s[1] > s[0]


def test_seeded_and_shaped():
    x, y = random_starts(50, 3)
    a = descend_goal_space(Landscape(), x, y, seed=4, n_steps=12)
    b = descend_goal_space(Landscape(), x, y, seed=4, n_steps=12)
    assert a.xs.shape == (13, 50) and a.classes.shape == (50,)
    np.testing.assert_array_equal(a.xs, b.xs)
    assert a.shares().sum() == pytest.approx(1.0) and a.shares().shape == (len(GOAL_CLASSES),)
    c = descend_goal_space(Landscape(), x, y, seed=5, n_steps=12)
    assert not np.array_equal(a.xs, c.xs)


# --------------------------------------------------------------------------------------------------------------
# Starts, total variation, path dependence
# --------------------------------------------------------------------------------------------------------------


@FAST
@given(st.integers(1, 300), st.integers(0, 2**31), unit, unit, st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_random_starts(n, seed, cx, cy, spread, top):
    x, y = random_starts(n, seed, centre=(cx, cy), spread=spread, max_horizon=top)
    assert x.shape == y.shape == (n,)
    assert np.all((x >= 0) & (x <= 1) & (y >= 0) & (y <= top))
    if spread == 0:
        assert np.all(x == cx) and np.all(y == min(cy, top))


@FAST
@given(st.lists(unit, min_size=2, max_size=6), st.lists(unit, min_size=2, max_size=6))
def test_total_variation(a, b):
    k = min(len(a), len(b))
    p = np.array(a[:k]) + 1e-9
    q = np.array(b[:k]) + 1e-9
    p, q = p / p.sum(), q / q.sum()
    d = total_variation(p, q)
    assert 0 <= d <= 1 + 1e-12
    assert d == pytest.approx(total_variation(q, p))
    assert total_variation(p, p) == 0


def test_path_dependence_common_start_vs_spread():
    shares, movement = path_dependence(Landscape(y_crit=0.3), CENTRES, [0.0, 0.4], n_starts=100, seed=5)
    assert shares.shape == (2, 3, len(GOAL_CLASSES))
    np.testing.assert_allclose(shares.sum(axis=-1), 1.0)
    assert np.all((movement >= 0) & (movement <= 1))
    # One common start per region: each region's runs all land in one class, and the regions land in different ones.
    assert np.all(shares[0].max(axis=-1) == 1.0)
    assert movement[0] == 1.0
    assert movement[1] < 0.6, "widely spread starts overlap, so the start decides less"


def test_path_dependence_movement_is_the_largest_pairwise_distance():
    shares, movement = path_dependence(Landscape(), CENTRES, [0.1], n_starts=50, seed=1, incremental=False)
    pairs = [total_variation(shares[0, a], shares[0, b]) for a in range(3) for b in range(a + 1, 3)]
    assert movement[0] == pytest.approx(max(pairs))


# --------------------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field, bad", [
    ("y_crit", 0.1), ("y_crit", 0.95), ("y_crit", math.nan), ("y_crit", True), ("barrier", -0.1), ("barrier", 1.5),
    ("barrier", "0.3"), ("saint_radius", 0.0), ("saint_radius", math.inf), ("saint_radius", None),
])
def test_bad_landscape(field, bad):
    with pytest.raises(ValueError, match=field):
        Landscape(**{field: bad})


@pytest.mark.parametrize("kwargs, match", [
    ({"starts_x": [0.5, math.nan]}, "starts_x"),
    ({"starts_x": [1.5, 0.2]}, "starts_x"),
    ({"starts_y": [-0.1, 0.2]}, "starts_y"),
    ({"starts_x": [0.5]}, "same length"),
    ({"starts_x": [], "starts_y": []}, "starts_x"),
    ({"starts_x": "0.5"}, "starts_x"),
    ({"starts_x": [True, 0.5]}, "starts_x"),
    ({"starts_x": np.zeros(30_000), "starts_y": np.zeros(30_000)}, "starts_x"),
    ({"incremental": "yes"}, "incremental"),
    ({"incremental": 1}, "incremental"),
    ({"noise": 0.5}, "noise"),
    ({"noise": -0.01}, "noise"),
    ({"seed": -1}, "seed"),
    ({"seed": 1.5}, "seed"),
    ({"n_steps": 0}, "n_steps"),
    ({"n_steps": 2.5}, "n_steps"),
    ({"land": "flat"}, "land"),
])
def test_bad_descend_input(kwargs, match):
    args = {"land": Landscape(), "starts_x": [0.5, 0.2], "starts_y": [0.1, 0.2], **kwargs}
    land = args.pop("land")
    with pytest.raises(ValueError, match=match):
        descend_goal_space(land, **args)


@pytest.mark.parametrize("kwargs, match", [
    ({"n": 0}, "n"), ({"n": 2.5}, "n"), ({"seed": -3}, "seed"), ({"spread": 2.0}, "spread"),
    ({"centre": (1.5, 0.1)}, "centre"), ({"centre": ("a", 0.1)}, "centre"), ({"max_horizon": -1}, "max_horizon"),
])
def test_bad_random_starts(kwargs, match):
    args = {"n": 10, "seed": 0, **kwargs}
    with pytest.raises(ValueError, match=match):
        random_starts(**args)


@pytest.mark.parametrize("kwargs, match", [
    ({"centres": ((0.5, 0.1),)}, "centres"),
    ({"centres": ((0.5,), (0.2, 0.1))}, "centre"),
    ({"centres": "abc"}, "centres"),
    ({"spreads": [1.5]}, "spreads"),
    ({"spreads": []}, "spreads"),
    ({"n_starts": 0}, "n_starts"),
    ({"n_starts": 5000}, "n_starts"),
    ({"seed": -1}, "seed"),
])
def test_bad_path_dependence(kwargs, match):
    args = {"centres": CENTRES, "spreads": [0.0], "n_starts": 10, **kwargs}
    with pytest.raises(ValueError, match=match):
        path_dependence(Landscape(), **args)


@pytest.mark.parametrize("p, q", [([0.5, 0.5], [1.0]), ([0.5, math.nan], [0.5, 0.5]), ([1.5], [0.5])])
def test_bad_total_variation(p, q):
    with pytest.raises(ValueError):
        total_variation(p, q)


def test_bad_reward_input():
    with pytest.raises(ValueError, match="x"):
        reward(Landscape(), [1.2], [0.1])
    with pytest.raises(ValueError, match="same shape"):
        reward(Landscape(), [0.2, 0.3], [0.1])
