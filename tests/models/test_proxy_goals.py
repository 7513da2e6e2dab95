"""Tests of the §3.1 proxy-goal lottery: the transition matrices, the exact chain, and the Monte Carlo, which is
checked against hand-derived limiting cases and against the exact chain (never against a stored snapshot)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models.proxy_goals import (
    CLASSES,
    N_STEPS,
    STATES,
    LotteryParams,
    lottery_shares_by_seed,
    proxy_goal_expected_shares,
    proxy_goal_lottery,
    transition_matrix,
)

FAST = settings(max_examples=40, deadline=None)
SCHEMER = CLASSES.index("Schemer")
SAINT = CLASSES.index("Training saint")
REWARD = CLASSES.index("Reward-on-the-episode seeker")
probs = st.floats(0.0, 1.0)


@st.composite
def lottery_params(draw):
    names = list(LotteryParams.__dataclass_fields__)
    return LotteryParams(**{n: draw(probs) for n in names})


def within_sampling_error(sim: np.ndarray, exact: np.ndarray, n: int, z: float = 5.0) -> None:
    """Each simulated share lies within z standard errors (plus a hair for shares near 0 or 1) of the exact one."""
    exact = np.clip(exact, 0.0, 1.0)
    se = np.sqrt(exact * (1 - exact) / n)
    ok = np.abs(sim - exact) <= z * se + 2.0 / n
    assert np.all(ok), f"simulated {np.round(sim, 4)} vs exact {np.round(exact, 4)}"


# --------------------------------------------------------------------------------------------------------------
# Transition matrices and the exact chain
# --------------------------------------------------------------------------------------------------------------


@FAST
@given(lottery_params(), st.booleans())
def test_transition_matrices_are_stochastic(params, aware):
    m = transition_matrix(params, aware)
    assert m.shape == (len(STATES), len(STATES))
    assert np.all(m >= -1e-15), m
    np.testing.assert_allclose(m.sum(axis=1), 1.0, atol=1e-12)


@FAST
@given(lottery_params())
def test_expected_shares_are_a_distribution(params):
    e = proxy_goal_expected_shares(params)
    assert e.shape == (len(CLASSES),)
    assert np.all(e >= 0) and np.all(e <= 1)
    assert e.sum() == pytest.approx(1.0, abs=1e-12)


def test_exact_schemer_share_is_the_product_of_the_first_links():
    # SA from the start, goals never change, goal-guarding certain: schemer iff the first goal is beyond & ambitious.
    for pb, pa in [(0.4, 0.5), (0.1, 0.9), (1.0, 1.0), (0.0, 0.7)]:
        p = LotteryParams(sa_time=0.0, p_form=0.0, p_goal_guarding=1.0, p_beyond=pb, p_ambitious=pa)
        assert proxy_goal_expected_shares(p)[SCHEMER] == pytest.approx(pb * pa, abs=1e-12)


@pytest.mark.parametrize("sa_time", [0.1, 0.3, 0.5, 0.9])
@pytest.mark.parametrize("adversarial, sacrifice", [(0.05, 0.03), (0.2, 0.0), (0.0, 0.1)])
def test_exact_survival_until_sa_is_geometric(sa_time, adversarial, sacrifice):
    p = LotteryParams(sa_time=sa_time, adversarial=adversarial, sacrifice=sacrifice, p_form=0.0, p_goal_guarding=1.0)
    k = p.sa_step
    expected = p.p_beyond * p.p_ambitious * ((1 - adversarial) * (1 - sacrifice)) ** k
    assert proxy_goal_expected_shares(p)[SCHEMER] == pytest.approx(expected, rel=1e-12, abs=1e-15)


@FAST
@given(lottery_params())
def test_no_sa_during_training_means_no_training_gamers(params):
    p = LotteryParams(**{**params.__dict__, "sa_time": 1.0})
    e = proxy_goal_expected_shares(p)
    assert e[SCHEMER] == 0 and e[REWARD] == 0


@FAST
@given(lottery_params(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_more_early_adversarial_training_never_raises_the_schemer_share(params, d1, d2):
    lo, hi = sorted((d1, d2))
    e_lo = proxy_goal_expected_shares(LotteryParams(**{**params.__dict__, "adversarial": lo}))
    e_hi = proxy_goal_expected_shares(LotteryParams(**{**params.__dict__, "adversarial": hi}))
    assert e_hi[SCHEMER] <= e_lo[SCHEMER] + 1e-12


def test_sa_step_rounds_to_the_step_grid():
    assert LotteryParams(sa_time=0.3).sa_step == 12
    assert LotteryParams(sa_time=0.0).sa_step == 0 and LotteryParams(sa_time=1.0).sa_step == N_STEPS


# --------------------------------------------------------------------------------------------------------------
# Monte Carlo: limiting cases and agreement with the exact chain
# --------------------------------------------------------------------------------------------------------------


def test_monte_carlo_limiting_case_product_of_links():
    p = LotteryParams(sa_time=0.0, p_form=0.0, p_goal_guarding=1.0)
    n = 40_000
    r = proxy_goal_lottery(p, n, seed=1)
    target = p.p_beyond * p.p_ambitious
    assert abs(r.shares[SCHEMER] - target) <= 5 * math.sqrt(target * (1 - target) / n)


def test_monte_carlo_limiting_case_geometric_survival():
    p = LotteryParams(sa_time=0.3, adversarial=0.05, sacrifice=0.03, p_form=0.0, p_goal_guarding=1.0)
    n = 40_000
    r = proxy_goal_lottery(p, n, seed=2)
    target = 0.4 * 0.5 * (0.95 * 0.97) ** 12
    assert abs(r.shares[SCHEMER] - target) <= 5 * math.sqrt(target * (1 - target) / n)


def test_monte_carlo_exact_zeros():
    assert proxy_goal_lottery(LotteryParams(p_beyond=0.0), 5000, 3).shares[SCHEMER] == 0
    r = proxy_goal_lottery(LotteryParams(sa_time=1.0), 5000, 3)
    assert r.shares[SCHEMER] == 0 and r.shares[REWARD] == 0
    # Adversarial training that catches every beyond-episode goal at once, and no new proxies: nothing survives.
    r = proxy_goal_lottery(LotteryParams(adversarial=1.0, p_form=0.0, sa_time=0.5), 5000, 3)
    assert r.shares[SCHEMER] == 0
    assert r.caught_before_sa == pytest.approx(0.4, abs=0.05), "every beyond-episode start is caught"
    # Everything corrected to the specified goal at the first step, before any new proxy: all saints.
    r = proxy_goal_lottery(LotteryParams(p_beyond=0.0, p_specified=1.0, sa_time=0.5), 2000, 3)
    assert r.shares[SAINT] == 1


@settings(max_examples=25, deadline=None)
@given(lottery_params(), st.integers(0, 2**32 - 1))
def test_monte_carlo_agrees_with_exact_chain(params, seed):
    n = 6000
    r = proxy_goal_lottery(params, n, seed)
    within_sampling_error(r.shares, proxy_goal_expected_shares(params), n)
    assert r.shares.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(r.half_width, 1.959963984540054 * np.sqrt(r.shares * (1 - r.shares) / n))


def test_monte_carlo_state_shares_agree_with_exact_states():
    # Check the seven states, not only the four classes (the exact chain's state distribution, by hand).
    from scheming_companion.models.proxy_goals import _initial, _schedule

    p = LotteryParams()
    dist = _initial(p)
    for m in _schedule(p):
        dist = dist @ m
    n = 40_000
    within_sampling_error(proxy_goal_lottery(p, n, 9).state_shares(), dist, n)


def test_seeds_reproduce_and_differ():
    p = LotteryParams()
    a, b = proxy_goal_lottery(p, 3000, 5), proxy_goal_lottery(p, 3000, 5)
    np.testing.assert_array_equal(a.final_states, b.final_states)
    assert a.caught_before_sa == b.caught_before_sa
    c = proxy_goal_lottery(p, 3000, 6)
    assert not np.array_equal(a.final_states, c.final_states)


def test_caught_before_sa_needs_adversarial_training():
    assert proxy_goal_lottery(LotteryParams(adversarial=0.0), 3000, 1).caught_before_sa == 0
    assert proxy_goal_lottery(LotteryParams(adversarial=0.3), 3000, 1).caught_before_sa > 0.2
    assert proxy_goal_lottery(LotteryParams(adversarial=0.3, sa_time=0.0), 3000, 1).caught_before_sa == 0


def test_shares_by_seed():
    rows = lottery_shares_by_seed(LotteryParams(), 500, [1, 2, 3])
    assert rows.shape == (3, len(CLASSES))
    np.testing.assert_allclose(rows.sum(axis=1), 1.0)
    assert len({tuple(r) for r in rows}) > 1, "different seeds give different batches"
    with pytest.raises(ValueError, match="seeds"):
        lottery_shares_by_seed(LotteryParams(), 500, [])


# --------------------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(LotteryParams.__dataclass_fields__))
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, -0.01, 1.01, True, "0.5", None, 10**400])
def test_bad_probabilities(name, bad):
    with pytest.raises(ValueError, match=name):
        LotteryParams(**{name: bad})


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "10", None, math.nan, 10**7])
def test_bad_n_runs(bad):
    with pytest.raises(ValueError, match="n_runs"):
        proxy_goal_lottery(LotteryParams(), bad, 0)


@pytest.mark.parametrize("bad", [-1, 0.5, True, "1", None, math.inf, 2**32])
def test_bad_seed(bad):
    with pytest.raises(ValueError, match="seed"):
        proxy_goal_lottery(LotteryParams(), 100, bad)


@pytest.mark.parametrize("bad", [None, {"sa_time": 0.3}, 0.3])
def test_params_must_be_lottery_params(bad):
    with pytest.raises(ValueError, match="params"):
        proxy_goal_lottery(bad)
    with pytest.raises(ValueError, match="params"):
        proxy_goal_expected_shares(bad)


def test_one_run_and_accepts_numpy_numbers():
    r = proxy_goal_lottery(LotteryParams(sa_time=np.float64(0.2)), np.int64(1), np.int32(4))
    assert r.n_runs == 1 and r.shares.sum() == 1


@pytest.mark.parametrize("d, q", [(0.1, 0.0), (0.1, 0.03), (0.02, 0.2)])
def test_caught_before_sa_limiting_case(d, q):
    # No new proxies: a beyond-episode start is caught at most once, at a step where it survived until then.
    p = LotteryParams(adversarial=d, sacrifice=q, p_form=0.0, sa_time=0.3)
    r_step = 1 - (1 - d) * (1 - q)
    target = p.p_beyond * d * (1 - (1 - r_step) ** p.sa_step) / r_step
    n = 40_000
    got = proxy_goal_lottery(p, n, 8).caught_before_sa
    assert abs(got - target) <= 5 * math.sqrt(target * (1 - target) / n), (got, target)


@FAST
@given(lottery_params(), st.lists(st.floats(0.0, 1.0), min_size=1, max_size=8))
def test_expected_shares_by_sa_match_one_at_a_time(params, times):
    from scheming_companion.models.proxy_goals import proxy_goal_expected_shares_by_sa

    got = proxy_goal_expected_shares_by_sa(params, times)
    want = [proxy_goal_expected_shares(LotteryParams(**{**params.__dict__, "sa_time": t})) for t in times]
    np.testing.assert_allclose(got, want, atol=1e-12)
    with pytest.raises(ValueError, match="sa_times"):
        proxy_goal_expected_shares_by_sa(params, [1.5])


def test_default_is_the_story_with_its_defences_down_and_far_from_25_percent():
    # Issue 13: the lottery's default must not sit near the report's ~25%, so it cannot be read as support for
    # it. The default is the story as usually told: early SA, no pre-SA adversarial training, goal-guarding holds.
    p = LotteryParams()
    assert (p.sa_time, p.adversarial, p.p_goal_guarding) == (0.1, 0.0, 1.0)
    schemer = proxy_goal_expected_shares(p)[SCHEMER]
    assert abs(schemer - 0.25) >= 0.1
    # Each defence the explorable offers lowers the schemer share from there.
    for change in ({"sa_time": 0.5}, {"adversarial": 0.2}, {"p_goal_guarding": 0.7}):
        assert proxy_goal_expected_shares(LotteryParams(**{**p.__dict__, **change}))[SCHEMER] < schemer
