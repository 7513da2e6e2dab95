"""Tests of the "does scheming pay?" expected-value toy (§2.3.1.2, §2.3.2)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models import PAYOFF_PARAMETERS, break_even, scheming_payoff

FAST = settings(max_examples=200, deadline=None)
unit = st.floats(0, 1)
DEFAULT = dict(p_survive=0.5, p_takeover=0.1, power_share=0.1, future_weight=0.5, reward_given_up=0.01,
               coordination=0.0)


def test_worked_example():
    r = scheming_payoff(**DEFAULT)
    assert float(r.value_scheme) == pytest.approx(0.0025)
    assert float(r.margin) == pytest.approx(-0.0075)
    assert not r.pays
    with_coordination = scheming_payoff(**{**DEFAULT, "coordination": 0.9})
    assert float(with_coordination.value_scheme) == pytest.approx(0.5 * 0.1 * 0.1 * 0.95)


def test_coordination_makes_survival_irrelevant_at_one():
    a = scheming_payoff(**{**DEFAULT, "coordination": 1.0, "p_survive": 0.0}).value_scheme
    b = scheming_payoff(**{**DEFAULT, "coordination": 1.0, "p_survive": 1.0}).value_scheme
    assert float(a) == pytest.approx(float(b))


def test_broadcasting_over_a_grid():
    x = np.linspace(0, 1, 5)[:, None]
    y = np.linspace(0, 1, 4)[None, :]
    r = scheming_payoff(x, y, 0.1, 0.5, 0.01)
    assert r.margin.shape == (5, 4) and r.pays.dtype == bool
    np.testing.assert_allclose(r.value_scheme, 0.5 * x * y * 0.1)


@FAST
@given(st.fixed_dictionaries({name: unit for name in PAYOFF_PARAMETERS}))
def test_value_is_a_probability_weighted_share_and_monotone(values):
    r = scheming_payoff(**values)
    assert 0 <= float(r.value_scheme) <= 1
    for name in PAYOFF_PARAMETERS:
        if name == "reward_given_up":
            continue
        up = scheming_payoff(**{**values, name: min(1.0, values[name] + 0.1)}).value_scheme
        assert float(up) >= float(r.value_scheme) - 1e-15, name


@FAST
@given(st.fixed_dictionaries({name: unit for name in PAYOFF_PARAMETERS}), st.sampled_from(PAYOFF_PARAMETERS))
def test_break_even_zeroes_the_margin(values, parameter):
    others = {k: v for k, v in values.items() if k != parameter}
    try:
        x = float(break_even(parameter, **others))
    except ValueError:  # the margin does not depend on this parameter here: no break-even value
        m0 = scheming_payoff(**{**others, parameter: 0.0}).margin
        m1 = scheming_payoff(**{**others, parameter: 1.0}).margin
        assert float(m0) == pytest.approx(float(m1), abs=1e-15)
        return
    if 0 <= x <= 1:
        assert float(scheming_payoff(**{**others, parameter: x}).margin) == pytest.approx(0, abs=1e-12)


def test_break_even_takeover_chance_of_the_exercise():
    others = {k: v for k, v in DEFAULT.items() if k != "p_takeover"}
    assert float(break_even("p_takeover", **others)) == pytest.approx(0.4)
    # Coordination defaults to zero when not given.
    del others["coordination"]
    assert float(break_even("p_takeover", **others)) == pytest.approx(0.4)


BAD = [math.nan, math.inf, -0.01, 1.01, "0.5", None, True, [], ["x"], {"a": 1}, object(), 10**400,
       [[0.5], [0.5, 0.5]], np.zeros((1, 1, 1, 1))]


@pytest.mark.parametrize("bad", BAD, ids=lambda v: repr(v)[:20])
@pytest.mark.parametrize("param", PAYOFF_PARAMETERS)
def test_rejects_bad_values(param, bad):
    with pytest.raises(ValueError, match=param):
        scheming_payoff(**{**DEFAULT, param: bad})


def test_rejects_bad_break_even_calls():
    others = {k: v for k, v in DEFAULT.items() if k != "p_survive"}
    with pytest.raises(ValueError, match="parameter"):
        break_even("luck", **others)
    with pytest.raises(ValueError, match="unknown"):
        break_even("p_survive", **others, charm=1.0)
    del others["power_share"]
    with pytest.raises(ValueError, match="missing"):
        break_even("p_survive", **others)
    with pytest.raises(ValueError, match="broadcast"):
        scheming_payoff(np.zeros(2), np.zeros(3), 0.1, 0.1, 0.1)
