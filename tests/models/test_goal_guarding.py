"""Tests of the goal-guarding training-dynamics toy (§2.3.1.1): limiting cases, properties and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models import goal_guarding_dynamics, goal_guarding_scenarios, goal_guarding_setup
from scheming_companion.models.goal_guarding import CAPABILITY_TARGET_NORM, GOAL_DIM

FAST = settings(max_examples=40, deadline=None)


def test_setup_geometry():
    s, e, g0, mix, v_star = goal_guarding_setup(0)
    assert np.linalg.norm(s) == pytest.approx(1) and np.linalg.norm(g0) == pytest.approx(1)
    assert s @ g0 == pytest.approx(0, abs=1e-12), "the goal starts orthogonal to the specified goal"
    np.testing.assert_allclose(mix.T @ mix, np.eye(mix.shape[1]), atol=1e-12)
    drag = mix @ v_star
    assert np.linalg.norm(drag) == pytest.approx(CAPABILITY_TARGET_NORM)
    assert drag @ s == pytest.approx(0, abs=1e-12) and drag @ g0 == pytest.approx(0, abs=1e-12)


def test_retention_is_the_cosine_with_the_starting_goal_as_the_docstring_says():
    """The docstring says the goal starts orthogonal to s, so retention is cos(g_t, g0): pin both."""
    from scheming_companion.models import goal_guarding

    assert goal_guarding.INITIAL_ALIGNMENT == 0.0 and "starts orthogonal" in goal_guarding.__doc__
    assert "partly aligned" not in goal_guarding.__doc__
    run = goal_guarding_dynamics(0.7, 0.05, 0.02, 0.8, steps=30, runs=4, record_every=30, seed=3)
    np.testing.assert_array_equal(run.own_direction, run.initial_goal)
    g = run.final_goal
    cosines = (g @ run.initial_goal) / np.linalg.norm(g, axis=-1)
    np.testing.assert_allclose(run.final_retention, cosines, atol=1e-12)


def test_clean_noiseless_perfect_gamer_crystallizes():
    """The crystallization limit: behaviour does not depend on the goal, so the goal never moves."""
    run = goal_guarding_dynamics(0.0, 0.0, 0.0, 1.0, steps=200)
    np.testing.assert_allclose(run.retention, 1.0, atol=1e-12)
    np.testing.assert_allclose(run.final_goal[0], run.initial_goal, atol=1e-12)


def test_model_acting_on_its_goal_loses_it_to_the_specified_goal():
    run = goal_guarding_dynamics(0.0, 0.0, 0.0, 0.0, steps=200)
    assert run.retention[-1] == pytest.approx(0.0, abs=1e-6)
    assert run.alignment[-1] == pytest.approx(1.0, abs=1e-6)
    assert run.alignment[0] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("lam", [0.25, 0.5, 1.0, 2.0])
def test_entanglement_drag_has_the_closed_form(lam):
    """Perfect gamer, no noise or decay: g_T = g0 + lam M v*, so cos(g_T, g0) = 1/sqrt(1 + (1.5 lam)^2)."""
    run = goal_guarding_dynamics(lam, 0.0, 0.0, 1.0, steps=400)
    assert run.retention[-1] == pytest.approx(1 / math.sqrt(1 + (CAPABILITY_TARGET_NORM * lam) ** 2), abs=1e-6)


def test_decay_alone_shrinks_but_does_not_turn_the_goal():
    mu, eta, steps = 0.03, 0.5, 60
    run = goal_guarding_dynamics(0.0, 0.0, mu, 1.0, steps=steps, learning_rate=eta)
    np.testing.assert_allclose(run.retention, 1.0, atol=1e-12)
    np.testing.assert_allclose(run.final_goal[0], (1 - eta * mu) ** steps * run.initial_goal, rtol=1e-10)


def test_noise_is_a_random_walk_for_a_perfect_gamer():
    """Monte Carlo check of a known limit: with no reward gradient on the goal, the goal weights do an unbiased
    Gaussian random walk, so the final goal has mean g0 and per-coordinate variance sigma^2 * steps."""
    sigma, steps, runs = 0.05, 100, 256
    run = goal_guarding_dynamics(0.0, sigma, 0.0, 1.0, steps=steps, runs=runs, seed=7)
    goals = run.final_goal
    expected_var = sigma**2 * steps
    se_mean = math.sqrt(expected_var / runs)
    assert np.all(np.abs(goals.mean(axis=0) - run.initial_goal) < 5 * se_mean)
    var = goals.var(axis=0, ddof=1)
    # The sample variance of 256 normal draws has relative standard error sqrt(2/255), about 9%.
    assert np.all(np.abs(var / expected_var - 1) < 5 * math.sqrt(2 / (runs - 1)))


def test_imperfect_gaming_erodes_in_order_of_reliability():
    final = goal_guarding_dynamics(0.0, 0.0, 0.0, np.array([1.0, 0.9, 0.8, 0.7, 0.5, 0.0])).retention[:, -1]
    assert np.all(np.diff(final) <= 1e-9), final
    assert final[0] == pytest.approx(1.0) and final[-1] == pytest.approx(0.0, abs=1e-6)


def test_gaming_protects_more_than_acting_openly_on_the_chapter_scenarios():
    for label, gamer, own in goal_guarding_scenarios():
        assert gamer > own + 0.3, label


def test_batch_equals_separate_runs_and_is_seeded():
    lam = np.array([0.0, 0.5])
    batch = goal_guarding_dynamics(lam, 0.02, 0.01, 0.9, seed=3)
    for i, value in enumerate(lam):
        one = goal_guarding_dynamics(value, 0.02, 0.01, 0.9, seed=3)
        np.testing.assert_allclose(batch.retention[i], one.retention, rtol=1e-12, atol=1e-12)
    again = goal_guarding_dynamics(lam, 0.02, 0.01, 0.9, seed=3)
    np.testing.assert_array_equal(batch.final_goal, again.final_goal)
    other = goal_guarding_dynamics(lam, 0.02, 0.01, 0.9, seed=4)
    assert not np.array_equal(batch.final_goal, other.final_goal)


def test_shapes_and_recorded_steps():
    run = goal_guarding_dynamics(np.zeros((2, 1)), np.zeros(3), 0.0, 1.0, steps=10, record_every=4, runs=5)
    assert list(run.steps) == [0, 4, 8, 10]
    assert run.retention.shape == (2, 3, 4) and run.alignment.shape == (2, 3, 4)
    assert run.final_retention.shape == (2, 3, 5) and run.final_goal.shape == (2, 3, 5, GOAL_DIM)


@FAST
@given(lam=st.floats(0, 2), sigma=st.floats(0, 1), mu=st.floats(0, 0.2), rel=st.floats(0, 1),
       steps=st.integers(1, 40), eta=st.floats(0.01, 2), seed=st.integers(0, 2**31))
def test_outputs_are_finite_cosines(lam, sigma, mu, rel, steps, eta, seed):
    run = goal_guarding_dynamics(lam, sigma, mu, rel, steps=steps, learning_rate=eta, runs=3, seed=seed)
    for arr in (run.retention, run.alignment, run.final_retention):
        assert np.all(np.isfinite(arr)) and np.all(np.abs(arr) <= 1 + 1e-9)
    assert run.retention[0] == pytest.approx(1.0) and run.alignment[0] == pytest.approx(0.0, abs=1e-12)


@FAST
@given(lam=st.floats(0, 2), mu=st.floats(0, 0.2))
def test_a_perfect_noiseless_gamer_never_moves_towards_the_specified_goal(lam, mu):
    run = goal_guarding_dynamics(lam, 0.0, mu, 1.0, steps=30)
    np.testing.assert_allclose(run.alignment, 0.0, atol=1e-9)


GOOD = dict(entanglement=0.0, noise=0.0, decay=0.0, reliability=1.0)
BAD_VALUES = [math.nan, math.inf, -math.inf, -0.1, 2.5, "0.5", b"1", None, True, np.bool_(False), [], {"a": 1},
              object(), ["a"], [[0.5], [0.5, 0.5]], 10**400, np.zeros((1, 1, 1, 1))]


@pytest.mark.parametrize("bad", BAD_VALUES, ids=lambda v: repr(v)[:20])
@pytest.mark.parametrize("param", list(GOOD))
def test_rejects_bad_settings(param, bad):
    with pytest.raises(ValueError, match=param):
        goal_guarding_dynamics(**{**GOOD, param: bad})


@pytest.mark.parametrize("param, limit", [("noise", 1.0), ("decay", 0.2), ("reliability", 1.0)])
def test_rejects_settings_just_out_of_range(param, limit):
    with pytest.raises(ValueError, match=param):
        goal_guarding_dynamics(**{**GOOD, param: limit * 1.0001})
    goal_guarding_dynamics(**{**GOOD, param: limit}, steps=2)  # the limit itself is allowed


@pytest.mark.parametrize(
    "kwargs, name",
    [({"steps": 0}, "steps"), ({"steps": 2.5}, "steps"), ({"steps": True}, "steps"), ({"steps": 10**6}, "steps"),
     ({"runs": 0}, "runs"), ({"runs": 1000}, "runs"), ({"runs": "4"}, "runs"),
     ({"learning_rate": 0.0}, "learning_rate"), ({"learning_rate": math.nan}, "learning_rate"),
     ({"learning_rate": 3.0}, "learning_rate"), ({"record_every": 0}, "record_every"),
     ({"record_every": 2001}, "record_every"), ({"seed": -1}, "seed"), ({"seed": 1.5}, "seed"),
     ({"seed": True}, "seed")],
)
def test_rejects_bad_options(kwargs, name):
    with pytest.raises(ValueError, match=name):
        goal_guarding_dynamics(**GOOD, **kwargs)


def test_rejects_non_broadcasting_and_huge_batches():
    with pytest.raises(ValueError, match="broadcast"):
        goal_guarding_dynamics(np.zeros(2), np.zeros(3), 0.0, 1.0)
    with pytest.raises(ValueError, match="settings"):
        goal_guarding_dynamics(np.zeros((100, 1)), np.zeros((1, 100)), 0.0, 1.0)
