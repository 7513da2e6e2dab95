"""Tests of the "am I being trained?" cue toy (§2.1)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models import DEFAULT_CUES, Cue, training_posterior

FAST = settings(max_examples=200, deadline=None)
NO_CUES = [False] * len(DEFAULT_CUES)


def brute_force(prior, observed, cues, disguise):
    """Bayes' rule on the joint probability of everything observed (independent cues)."""
    like_t = like_d = 1.0
    for cue, seen in zip(cues, observed):
        pt = (1 - disguise) * cue.p_training + disguise * cue.p_deployment
        like_t *= pt if seen else 1 - pt
        like_d *= cue.p_deployment if seen else 1 - cue.p_deployment
    return prior * like_t / (prior * like_t + (1 - prior) * like_d)


@pytest.mark.parametrize("observed", list(itertools.product([True, False], repeat=len(DEFAULT_CUES))))
def test_matches_bayes_rule_on_every_cue_pattern(observed):
    for prior, disguise in [(0.5, 0.0), (0.1, 0.3), (0.9, 0.75)]:
        got = training_posterior(prior, list(observed), disguise=disguise).posterior
        assert got == pytest.approx(brute_force(prior, observed, DEFAULT_CUES, disguise), rel=1e-12)


def test_exercise_worked_example():
    inf = training_posterior(0.5, [True, False, False, False])
    assert np.exp(inf.contributions) == pytest.approx([15, 0.6 / 0.9, 1.9, 1.5])
    assert inf.posterior == pytest.approx(28.5 / 29.5)


@FAST
@given(prior=st.floats(1e-6, 1 - 1e-6), observed=st.lists(st.booleans(), min_size=4, max_size=4))
def test_full_disguise_leaves_the_prior(prior, observed):
    inf = training_posterior(prior, observed, disguise=1.0)
    np.testing.assert_allclose(inf.contributions, 0.0, atol=1e-12)
    assert inf.posterior == pytest.approx(prior, rel=1e-9)


@FAST
@given(prior=st.floats(1e-6, 1 - 1e-6), observed=st.lists(st.booleans(), min_size=4, max_size=4),
       disguise=st.floats(0, 1))
def test_posterior_is_a_probability_and_monotone_in_the_prior(prior, observed, disguise):
    inf = training_posterior(prior, observed, disguise=disguise)
    assert 0 <= inf.posterior <= 1
    assert inf.posterior_log_odds == pytest.approx(inf.prior_log_odds + inf.contributions.sum())
    higher = training_posterior(min(1 - 1e-6, prior + 0.01), observed, disguise=disguise).posterior
    assert higher >= inf.posterior - 1e-12


def test_training_cues_point_to_training_and_deployment_cues_away():
    for i, cue in enumerate(DEFAULT_CUES):
        seen = NO_CUES.copy()
        seen[i] = True
        c = training_posterior(0.5, seen).contributions[i]
        assert (c > 0) == (cue.p_training > cue.p_deployment), cue.name


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, math.nan, math.inf, "0.5", None, True])
def test_rejects_bad_prior(bad):
    with pytest.raises(ValueError, match="prior"):
        training_posterior(bad, NO_CUES)


@pytest.mark.parametrize("bad", [-0.1, 1.1, math.nan, "0", None, True])
def test_rejects_bad_disguise(bad):
    with pytest.raises(ValueError, match="disguise"):
        training_posterior(0.5, NO_CUES, disguise=bad)


@pytest.mark.parametrize("bad", [[True] * 3, [True] * 5, [1, 0, 0, 0], ["yes"] * 4, "TTFF", None, 3, [None] * 4])
def test_rejects_bad_observations(bad):
    with pytest.raises(ValueError, match="observed"):
        training_posterior(0.5, bad)


@pytest.mark.parametrize("cues", [(), [DEFAULT_CUES[0]], ("rubric",), (Cue("x", "x", 0.0, 0.5),),
                                  (Cue("x", "x", 0.5, math.nan),)])
def test_rejects_bad_cues(cues):
    with pytest.raises(ValueError, match="cues|p_training|p_deployment"):
        training_posterior(0.5, [True] * max(1, len(cues)), cues=cues)
