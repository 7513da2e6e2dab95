"""Tests of the pure models of chapter 1: the §1.5 slack toy and the §1.2.4 taxonomy classifier (the shared
validators are tested in test_validate.py)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scheming_companion.models import (
    DEFAULT_CLASSES,
    MODEL_CLASSES,
    TAXONOMY,
    ModelClassWeights,
    classify_model,
    selection_under_slack,
    slack_crossover_pressure,
)
from scheming_companion.models.slack import MAX_GAP, MAX_PRESSURE

FAST = settings(max_examples=150, deadline=None)

# Priors in a range where ratios are well conditioned (at most 1e6), zero allowed for "absent" classes.
prior_values = st.one_of(st.just(0.0), st.floats(1e-3, 1e3))
# Gaps on a 0.01 grid, so distinct gaps differ by at least 0.01 (1e4 in log-weight at pressure 1e6).
grid_gaps = st.integers(0, 100).map(lambda i: i / 100)


@st.composite
def classes(draw, min_size=1, max_size=6, gaps=grid_gaps):
    """(priors, gaps) of equal length with at least one positive prior."""
    k = draw(st.integers(min_size, max_size))
    priors = draw(st.lists(prior_values, min_size=k, max_size=k))
    assume(any(p > 0 for p in priors))
    return np.array(priors), np.array(draw(st.lists(gaps, min_size=k, max_size=k)))


pressures = st.floats(0.0, MAX_PRESSURE)


def assert_distribution(shares: np.ndarray, k: int, what: str = "shares") -> None:
    shares = np.asarray(shares)
    assert shares.shape[-1] == k, f"{what}: expected {k} classes, got shape {shares.shape}"
    assert np.all(np.isfinite(shares)), f"{what} contain non-finite values: {shares}"
    assert np.all((shares >= 0) & (shares <= 1)), f"{what} fall outside [0, 1]: {shares}"
    np.testing.assert_allclose(shares.sum(axis=-1), 1.0, rtol=0, atol=1e-12, err_msg=f"{what} do not sum to 1")


# --------------------------------------------------------------------------------------------------------------
# selection_under_slack: behaviour
# --------------------------------------------------------------------------------------------------------------


class TestSelectionUnderSlack:
    def test_default_classes_worked_example(self):
        shares = selection_under_slack(DEFAULT_CLASSES.priors, DEFAULT_CLASSES.gaps, 100.0)
        w = np.array(DEFAULT_CLASSES.priors) * np.exp(-100.0 * np.array(DEFAULT_CLASSES.gaps))
        np.testing.assert_allclose(shares, w / w.sum(), rtol=1e-12, err_msg="shares differ from the closed form")
        assert shares.shape == (4,), f"scalar pressure must give shape (k,), got {shares.shape}"

    @FAST
    @given(classes(), pressures)
    def test_shares_are_a_distribution(self, pg, s):
        priors, gaps = pg
        assert_distribution(selection_under_slack(priors, gaps, s), len(priors))

    @FAST
    @given(classes(), pressures)
    def test_matches_closed_form(self, pg, s):
        priors, gaps = pg
        logw = np.where(priors > 0, np.log(np.where(priors > 0, priors, 1.0)), -np.inf) - s * gaps
        w = np.exp(logw - logw.max())
        np.testing.assert_allclose(selection_under_slack(priors, gaps, s), w / w.sum(), rtol=1e-9, atol=1e-12)

    @FAST
    @given(classes())
    def test_pressure_zero_returns_normalised_priors(self, pg):
        priors, gaps = pg
        np.testing.assert_allclose(
            selection_under_slack(priors, gaps, 0.0), priors / priors.sum(), rtol=1e-12, atol=1e-15,
            err_msg="at zero pressure the shares must be the normalised priors",
        )

    @FAST
    @given(classes())
    def test_smallest_gap_wins_at_large_pressure(self, pg):
        priors, gaps = pg
        alive = priors > 0
        best = alive & (gaps == gaps[alive].min())
        shares = selection_under_slack(priors, gaps, MAX_PRESSURE)
        assert shares[best].sum() > 1 - 1e-9, (
            f"classes with the smallest gap {gaps[best]} should take everything at pressure 1e6, got {shares}"
        )
        if best.sum() == 1:
            assert shares[np.argmax(best)] == pytest.approx(1.0, abs=1e-9)
        assert np.all(shares[~alive] == 0), f"classes with zero prior must stay at 0, got {shares}"

    def test_smallest_gap_wins_even_with_tiny_prior(self):
        shares = selection_under_slack([1e-3, 1e3, 1e3], [0.0, 0.01, 0.5], [0.0, 1e3, 1e4, 1e6])
        assert shares[0, 0] < 1e-5, f"at pressure 0 the tiny prior should be negligible, got {shares[0]}"
        assert shares[-1, 0] == pytest.approx(1.0), f"at pressure 1e6 the zero-gap class should win, got {shares[-1]}"
        assert np.all(np.diff(shares[:3, 0]) > 0), f"the zero-gap class should gain strictly: {shares[:, 0]}"
        assert shares[2, 0] <= shares[3, 0], f"and never lose: {shares[:, 0]}"

    @FAST
    @given(classes(min_size=2), st.lists(pressures, min_size=2, max_size=30))
    def test_min_gap_share_is_monotone_in_pressure(self, pg, ss):
        priors, gaps = pg
        alive = priors > 0
        best = np.flatnonzero(alive & (gaps == gaps[alive].min()))
        grid = np.sort(np.array(ss))
        shares = selection_under_slack(priors, gaps, grid)
        for i in best:
            steps = np.diff(shares[:, i])
            # Rounding of pressure * gap (up to 1e6) allows ~1e-10 of noise, no more.
            assert np.all(steps >= -1e-9), f"share of min-gap class {i} fell along {grid}: {shares[:, i]}"

    @FAST
    @given(classes(), pressures, st.floats(1e-3, 1e3))
    def test_scaling_priors_changes_nothing(self, pg, s, c):
        priors, gaps = pg
        np.testing.assert_allclose(
            selection_under_slack(priors * c, gaps, s), selection_under_slack(priors, gaps, s), rtol=1e-9, atol=1e-12,
            err_msg=f"multiplying all priors by {c} changed the shares",
        )

    @FAST
    @given(classes(), st.lists(pressures, min_size=1, max_size=20))
    def test_vectorised_equals_scalar_rows(self, pg, ss):
        priors, gaps = pg
        table = selection_under_slack(priors, gaps, np.array(ss))
        assert table.shape == (len(ss), len(priors)), f"vector pressure must give shape (n, k), got {table.shape}"
        for row, s in zip(table, ss):
            np.testing.assert_allclose(row, selection_under_slack(priors, gaps, s), rtol=1e-12, atol=1e-15)

    def test_list_pressure_and_zero_dim_array(self):
        one = selection_under_slack([1, 1], [0, 0.5], np.array(2.0))
        assert one.shape == (2,), f"0-d array pressure counts as scalar, got shape {one.shape}"
        many = selection_under_slack([1, 1], [0, 0.5], [2.0])
        assert many.shape == (1, 2), f"a one-element list of pressures is a vector, got shape {many.shape}"
        np.testing.assert_allclose(many[0], one)

    @pytest.mark.parametrize("gaps", [[0.0, 1.0], [1.0, 0.0], [0.0, 1e-12], [1.0, 1.0], [0.3, 0.7, 1.0]])
    @pytest.mark.parametrize("priors_kind", ["big", "tiny", "zero"])
    def test_huge_pressure_has_no_nan(self, gaps, priors_kind):
        k = len(gaps)
        priors = {"big": [1e12] * k, "tiny": [1e-300] * k, "zero": [0.0] * (k - 1) + [1.0]}[priors_kind]
        shares = selection_under_slack(priors, gaps, [MAX_PRESSURE, 1e5, 0.0])
        assert_distribution(shares, k, f"shares for priors={priors}, gaps={gaps}")

    def test_equal_gaps_keep_priors_at_any_pressure(self):
        shares = selection_under_slack([1, 3], [0.4, 0.4], [0.0, 1.0, 1e6])
        np.testing.assert_allclose(shares, [[0.25, 0.75]] * 3, rtol=1e-9)

    def test_numpy_scalar_and_integer_inputs(self):
        ref = selection_under_slack([1.0, 2.0], [0.0, 0.5], 3.0)
        np.testing.assert_allclose(selection_under_slack(np.array([1, 2]), (0, 0.5), np.int64(3)), ref)
        np.testing.assert_allclose(selection_under_slack([1, 2], [0, Fraction(1, 2)], np.float32(3)), ref)


# --------------------------------------------------------------------------------------------------------------
# selection_under_slack: bad input
# --------------------------------------------------------------------------------------------------------------

GOOD_P, GOOD_G, GOOD_S = [0.5, 0.5], [0.0, 0.1], 1.0

BAD_ARRAY_VALUES = {
    "nan": [math.nan, 0.5],
    "+inf": [math.inf, 0.5],
    "-inf": [-math.inf, 0.5],
    "negative": [-0.1, 0.5],
    "empty": [],
    "string": "0.5",
    "bytes": b"0.5",
    "None": None,
    "list of words": ["a", "b"],
    "two-dimensional": [[0.5, 0.5]],
    "dict": {"a": 1},
    "object": object(),
    "mixed list": [0.5, "x"],
    "nested ragged": [[0.5], [0.5, 0.5]],
}


@pytest.mark.parametrize("bad", list(BAD_ARRAY_VALUES.values()), ids=list(BAD_ARRAY_VALUES))
@pytest.mark.parametrize("param", ["priors", "gaps"])
def test_selection_rejects_bad_arrays(param, bad):
    kwargs = {"priors": GOOD_P, "gaps": GOOD_G, "pressure": GOOD_S, param: bad}
    with pytest.raises(ValueError, match=param):
        selection_under_slack(**kwargs)


@pytest.mark.parametrize(
    "bad",
    [math.nan, math.inf, -math.inf, -1.0, -1e-12, 2e6, MAX_PRESSURE * 1.0001, [], "1", "abc", None, ["a"], [[1.0]],
     [1.0, math.nan], [1.0, -1.0], np.array([np.inf]), {"s": 1}, object()],
    ids=lambda v: repr(v)[:20],
)
def test_selection_rejects_bad_pressure(bad):
    with pytest.raises(ValueError, match="pressure"):
        selection_under_slack(GOOD_P, GOOD_G, bad)


@pytest.mark.parametrize("priors, gaps", [([0.5, 0.5], [0.1]), ([0.5], [0.1, 0.2]), ([1, 2, 3], [0, 0])])
def test_selection_rejects_mismatched_lengths(priors, gaps):
    with pytest.raises(ValueError, match="priors and gaps"):
        selection_under_slack(priors, gaps, 1.0)


def test_selection_rejects_out_of_range_values():
    with pytest.raises(ValueError, match="gaps"):
        selection_under_slack([1, 1], [0.0, 1.5], 1.0)  # a gap is a fraction of maximal reward: at most 1
    with pytest.raises(ValueError, match="priors"):
        selection_under_slack([2e12, 1], [0.0, 0.5], 1.0)
    with pytest.raises(ValueError, match="priors"):
        selection_under_slack([0, 0, 0], [0.0, 0.5, 1.0], 1.0)  # no positive weight
    with pytest.raises(ValueError, match="pressure"):
        selection_under_slack([1, 1], [0, 0.5], np.zeros(1_000_001))  # over the size cap


def test_selection_accepts_boundary_values():
    assert_distribution(selection_under_slack([0, 1e12], [MAX_GAP, 0.0], MAX_PRESSURE), 2)


@pytest.mark.parametrize(
    "param, bad",
    [("pressure", True), ("pressure", np.bool_(False)), ("priors", [True, False]), ("gaps", [False, True])],
    ids=["pressure=True", "pressure=np.False_", "priors=[True,False]", "gaps=[False,True]"],
)
def test_selection_rejects_bools_as_numbers(param, bad):
    kwargs = {"priors": GOOD_P, "gaps": GOOD_G, "pressure": GOOD_S, param: bad}
    with pytest.raises(ValueError, match=param):
        selection_under_slack(**kwargs)


@pytest.mark.parametrize("param, bad", [("priors", ["0.5", "0.5"]), ("gaps", ["0", "0.1"]), ("pressure", ["1"])])
def test_selection_rejects_lists_of_numeric_strings(param, bad):
    kwargs = {"priors": GOOD_P, "gaps": GOOD_G, "pressure": GOOD_S, param: bad}
    with pytest.raises(ValueError, match=param):
        selection_under_slack(**kwargs)


@pytest.mark.parametrize("param, bad", [("pressure", 10**400), ("pressure", [10**400]), ("priors", [10**400, 1])],
                         ids=["pressure=10**400", "pressure=[10**400]", "priors=[10**400,1]"])
def test_selection_rejects_huge_ints_with_value_error(param, bad):
    kwargs = {"priors": GOOD_P, "gaps": GOOD_G, "pressure": GOOD_S, param: bad}
    with pytest.raises(ValueError, match=param):
        selection_under_slack(**kwargs)


# Arbitrary inputs: either a finite distribution or a ValueError. Python ints are kept within float range here;
# larger ints are the known OverflowError bug above.
_scalars = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**300), 10**300),
    st.booleans(),
    st.none(),
    st.text(max_size=5),
    st.binary(max_size=5),
    st.complex_numbers(max_magnitude=10),
    st.fractions(max_denominator=10),
)
_objects = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=5),
    st.lists(st.lists(st.floats(), max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=2), _scalars, max_size=2),
    st.tuples(st.floats(), st.floats()),
    st.builds(object),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=5).map(np.array),
)


def _returns_distribution_or_value_error(priors, gaps, pressure):
    try:
        out = selection_under_slack(priors, gaps, pressure)
    except ValueError:
        return
    out = np.asarray(out)
    assert out.dtype.kind == "f", f"result should be a float array, got {out.dtype}"
    assert np.all(np.isfinite(out)), f"non-finite result {out} for {priors!r}, {gaps!r}, {pressure!r}"
    assert np.all((out >= 0) & (out <= 1)), f"result outside [0, 1]: {out}"
    np.testing.assert_allclose(out.sum(axis=-1), 1.0, atol=1e-12, err_msg=f"rows do not sum to 1: {out}")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=5),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=5),
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.lists(st.floats(), max_size=4)),
)
def test_selection_with_arbitrary_floats(priors, gaps, pressure):
    _returns_distribution_or_value_error(priors, gaps, pressure)


@settings(max_examples=200, deadline=None)
@given(_objects, _objects, _objects)
def test_selection_with_arbitrary_objects(priors, gaps, pressure):
    _returns_distribution_or_value_error(priors, gaps, pressure)


@settings(max_examples=150, deadline=None)
@given(_objects)
def test_selection_with_one_arbitrary_argument(bad):
    # With two good arguments the third one is what gets exercised (not masked by an earlier error).
    for kwargs in ({"priors": bad, "gaps": GOOD_G, "pressure": GOOD_S},
                   {"priors": GOOD_P, "gaps": bad, "pressure": GOOD_S},
                   {"priors": GOOD_P, "gaps": GOOD_G, "pressure": bad}):
        _returns_distribution_or_value_error(**kwargs)


# --------------------------------------------------------------------------------------------------------------
# slack_crossover_pressure
# --------------------------------------------------------------------------------------------------------------


class TestCrossover:
    @settings(max_examples=200, deadline=None)
    @given(st.floats(1e-3, 1e3), st.floats(0, 1), st.floats(1e-3, 1e3), st.floats(0, 1))
    def test_crossover_equalises_the_two_shares(self, pa, ga, pb, gb):
        s = slack_crossover_pressure(pa, ga, pb, gb)
        assert s >= 0, f"crossover must be a non-negative pressure, got {s}"
        # Priors a few ulps apart give shares that are 0.5 to float precision; the lead checks need a real gap.
        distinct = abs(math.log(pa / pb)) > 1e-6
        if math.isinf(s):
            # Never equal: one class leads at every pressure (it has the larger prior and no larger gap).
            assert pa != pb, "equal priors start equal, so the crossover should be 0"
            grid = np.concatenate([[0.0], np.logspace(-3, 6, 40)])
            shares = selection_under_slack([pa, pb], [ga, gb], grid)
            diff = shares[:, 0] - shares[:, 1]
            assert np.all(diff >= 0) or np.all(diff <= 0), f"inf crossover but the lead changes: {diff}"
            if distinct:
                assert np.all(diff != 0), f"inf crossover but the shares meet: {diff}"
            return
        assume(s <= MAX_PRESSURE)
        at = selection_under_slack([pa, pb], [ga, gb], s)
        assert at[0] == pytest.approx(at[1], abs=1e-7), f"shares at the crossover s={s} are not equal: {at}"
        assert at[0] == pytest.approx(0.5, abs=1e-7)
        if s > 0 and ga != gb and distinct:
            low, high = selection_under_slack([pa, pb], [ga, gb], [s * 0.5, min(s * 2, MAX_PRESSURE)])
            small_gap = 0 if ga < gb else 1
            assert high[small_gap] > 0.5 > low[small_gap], (
                f"the smaller-gap class should trail below s={s} and lead above it: {low}, {high}"
            )

    def test_known_values(self):
        assert slack_crossover_pressure(0.4, 0.02, 0.2, 0.0) == pytest.approx(math.log(2) / 0.02)
        assert slack_crossover_pressure(0.2, 0.0, 0.4, 0.02) == pytest.approx(math.log(2) / 0.02)
        assert slack_crossover_pressure(0.3, 0.1, 0.3, 0.5) == 0.0, "equal priors start equal"
        assert slack_crossover_pressure(0.5, 0.1, 0.2, 0.1) == math.inf, "equal gaps, unequal priors never cross"
        assert slack_crossover_pressure(0.5, 0.0, 0.2, 0.3) == math.inf, "bigger prior and smaller gap never cross"
        assert slack_crossover_pressure(np.float64(0.4), Fraction(1, 50), Fraction(1, 5), np.int64(0)) == pytest.approx(
            math.log(2) / 0.02
        )

    def test_default_schemer_vs_saint(self):
        names = DEFAULT_CLASSES.names
        i, j = names.index("Schemer"), names.index("Training saint")
        s = slack_crossover_pressure(DEFAULT_CLASSES.priors[i], DEFAULT_CLASSES.gaps[i],
                                     DEFAULT_CLASSES.priors[j], DEFAULT_CLASSES.gaps[j])
        assert s == pytest.approx(math.log(0.4 / 0.2) / 0.02)

    @pytest.mark.parametrize("param", ["prior_a", "gap_a", "prior_b", "gap_b"])
    @pytest.mark.parametrize(
        "bad",
        [math.nan, math.inf, -math.inf, -0.1, "0.5", None, True, False, np.bool_(True), [0.5], np.array([0.5]),
         object(), 1 + 0j],
        ids=lambda v: repr(v)[:16],
    )
    def test_bad_values_name_the_parameter(self, param, bad):
        kwargs = {"prior_a": 0.4, "gap_a": 0.02, "prior_b": 0.2, "gap_b": 0.0, param: bad}
        with pytest.raises(ValueError, match=param):
            slack_crossover_pressure(**kwargs)

    @pytest.mark.parametrize("param, bad", [("prior_a", 2e12), ("prior_b", 1e13), ("gap_a", 1.5), ("gap_b", 1.0001)])
    def test_out_of_range_values(self, param, bad):
        kwargs = {"prior_a": 0.4, "gap_a": 0.02, "prior_b": 0.2, "gap_b": 0.0, param: bad}
        with pytest.raises(ValueError, match=param):
            slack_crossover_pressure(**kwargs)

    @pytest.mark.parametrize("param", ["prior_a", "prior_b"])
    def test_zero_prior_is_rejected(self, param):
        kwargs = {"prior_a": 0.4, "gap_a": 0.02, "prior_b": 0.2, "gap_b": 0.0, param: 0.0}
        with pytest.raises(ValueError, match=param):
            slack_crossover_pressure(**kwargs)

    def test_huge_int_is_a_value_error(self):
        with pytest.raises(ValueError, match="prior_a"):
            slack_crossover_pressure(10**400, 0.0, 0.2, 0.5)

    @pytest.mark.parametrize("pa, ga, pb, gb", [(1e12, 0.5, 5e-324, 0.0), (5e-324, 0.0, 1e12, 0.5)])
    def test_extreme_prior_ratio(self, pa, ga, pb, gb):
        expected = (math.log(pa) - math.log(pb)) / (ga - gb)  # about 1544, well inside the toy's range
        assert slack_crossover_pressure(pa, ga, pb, gb) == pytest.approx(expected), "wrong crossover"

    @pytest.mark.parametrize("pa, ga, pb, gb", [(1e12, 0.5, 5e-324, 0.0), (5e-324, 0.0, 1e12, 0.5)])
    def test_extreme_prior_ratio_reference_value(self, pa, ga, pb, gb):
        # The value the test above expects really is the crossover (selection copes with these priors).
        expected = (math.log(pa) - math.log(pb)) / (ga - gb)
        assert 1500 < expected < 1600
        at = selection_under_slack([pa, pb], [ga, gb], expected)
        assert at[0] == pytest.approx(at[1], abs=1e-6), f"shares at {expected}: {at}"


# --------------------------------------------------------------------------------------------------------------
# ModelClassWeights.with_class
# --------------------------------------------------------------------------------------------------------------


class TestWithClass:
    def test_replaces_only_the_named_class(self):
        new = DEFAULT_CLASSES.with_class("Schemer", prior=0.7, gap=0.05)
        i = DEFAULT_CLASSES.names.index("Schemer")
        assert new.priors[i] == 0.7 and new.gaps[i] == 0.05, f"Schemer not updated: {new}"
        for j, _ in enumerate(DEFAULT_CLASSES.names):
            if j != i:
                assert (new.priors[j], new.gaps[j]) == (DEFAULT_CLASSES.priors[j], DEFAULT_CLASSES.gaps[j])
        assert new.names == DEFAULT_CLASSES.names
        assert DEFAULT_CLASSES.priors[i] == 0.4, "the original must not be modified"
        assert isinstance(new, ModelClassWeights)

    def test_one_field_at_a_time(self):
        p = DEFAULT_CLASSES.with_class("Training saint", prior=0.9)
        assert p.priors[0] == 0.9 and p.gaps == DEFAULT_CLASSES.gaps
        g = DEFAULT_CLASSES.with_class("Training saint", gap=0.3)
        assert g.gaps[0] == 0.3 and g.priors == DEFAULT_CLASSES.priors
        assert DEFAULT_CLASSES.with_class("Training saint") == DEFAULT_CLASSES, "no change requested, no change made"

    def test_values_are_stored_as_floats(self):
        new = DEFAULT_CLASSES.with_class("Schemer", prior=np.int64(1), gap=Fraction(1, 4))
        i = DEFAULT_CLASSES.names.index("Schemer")
        assert type(new.priors[i]) is float and type(new.gaps[i]) is float

    @FAST
    @given(st.sampled_from(DEFAULT_CLASSES.names), st.floats(0, 1), st.floats(0, MAX_GAP))
    def test_result_feeds_selection(self, name, prior, gap):
        new = DEFAULT_CLASSES.with_class(name, prior=prior, gap=gap)
        assert_distribution(selection_under_slack(new.priors, new.gaps, 10.0), len(new.names))

    @pytest.mark.parametrize("name", ["schemer", "Nope", "", None, 3, ["Schemer"]], ids=repr)
    def test_unknown_name(self, name):
        with pytest.raises(ValueError, match="name"):
            DEFAULT_CLASSES.with_class(name, prior=0.5)

    @pytest.mark.parametrize(
        "bad", [math.nan, math.inf, -math.inf, -0.1, 1.5, "0.5", True, np.bool_(False), [0.5], object()],
        ids=lambda v: repr(v)[:16],
    )
    @pytest.mark.parametrize("param", ["prior", "gap"])
    def test_bad_prior_or_gap(self, param, bad):
        with pytest.raises(ValueError, match=param):
            DEFAULT_CLASSES.with_class("Schemer", **{param: bad})

    def test_huge_int_prior(self):
        with pytest.raises(ValueError, match="prior"):
            DEFAULT_CLASSES.with_class("Schemer", prior=10**400)


# --------------------------------------------------------------------------------------------------------------
# classify_model
# --------------------------------------------------------------------------------------------------------------

PARAMS = ("situationally_aware", "training_gaming", "pursues_specified_goal", "motive", "for_power_later",
          "guards_goals")
DOMAINS = {p: (True, False) for p in PARAMS} | {"motive": ("terminal", "instrumental")}
ALL_COMBOS = [dict(zip(PARAMS, combo)) for combo in itertools.product(*(DOMAINS[p] for p in PARAMS))]
PARENT = {n.id: n.parent for n in TAXONOMY}


def expected_class(a: dict) -> str:
    """Independent statement of the report's decision tree."""
    if not (a["training_gaming"] and a["situationally_aware"]):
        return "training_saint" if a["pursues_specified_goal"] else "misgeneralized"
    if a["motive"] == "terminal":
        return "reward_seeker"
    if not a["for_power_later"]:
        return "other_instrumental"
    return "goal_guarding_schemer" if a["guards_goals"] else "schemer"


def applicable(a: dict) -> set[str]:
    """The answers that lie on the model's path through the tree."""
    out = set()
    # Gaming needs awareness: each of the two answers matters only when the other is yes.
    if a["situationally_aware"]:
        out.add("training_gaming")
    if a["training_gaming"]:
        out.add("situationally_aware")
    if not (a["training_gaming"] and a["situationally_aware"]):
        return out | {"pursues_specified_goal"}
    out.add("motive")
    if a["motive"] == "instrumental":
        out.add("for_power_later")
        if a["for_power_later"]:
            out.add("guards_goals")
    return out


def flipped(a: dict, p: str) -> dict:
    other = [v for v in DOMAINS[p] if v != a[p]][0]
    return {**a, p: other}


class TestClassify:
    def test_there_are_64_combinations(self):
        assert len(ALL_COMBOS) == 64

    @pytest.mark.parametrize("answers", ALL_COMBOS, ids=lambda a: "-".join(str(v)[0] for v in a.values()))
    def test_every_combination_has_a_valid_path(self, answers):
        c = classify_model(**answers)
        assert c.key in MODEL_CLASSES and c.model_class is MODEL_CLASSES[c.key]
        assert c.key == expected_class(answers), f"{answers} -> {c.key}, expected {expected_class(answers)}"
        assert c.path[0] == "root", f"path must start at the root: {c.path}"
        assert c.path[-1] == c.key, f"path must end at the class: {c.path}"
        for a, b in zip(c.path, c.path[1:]):
            assert PARENT.get(b) == a, f"{a} -> {b} is not a parent->child edge of TAXONOMY (path {c.path})"
        assert all(isinstance(n, str) and n for n in c.notes)

    def test_every_class_is_reachable(self):
        reached = {classify_model(**a).key for a in ALL_COMBOS}
        assert reached == set(MODEL_CLASSES), f"unreachable classes: {set(MODEL_CLASSES) - reached}"

    @pytest.mark.parametrize("answers", ALL_COMBOS, ids=lambda a: "-".join(str(v)[0] for v in a.values()))
    def test_answers_that_do_not_apply_do_not_matter(self, answers):
        base = classify_model(**answers)
        for p in PARAMS:
            other = classify_model(**flipped(answers, p))
            if p in applicable(answers):
                assert other.key != base.key, f"changing applicable answer {p} in {answers} kept {base.key}"
            else:
                assert (other.key, other.path) == (base.key, base.path), (
                    f"changing {p} (which does not apply) moved {answers} from {base.key} to {other.key}"
                )

    @FAST
    @given(st.fixed_dictionaries({p: st.sampled_from(DOMAINS[p]) for p in PARAMS}), st.data())
    def test_irrelevant_answers_property(self, answers, data):
        # Change several irrelevant answers at once. training_gaming stays fixed: it and situational awareness
        # are each irrelevant only while the other is "no", so they cannot both change together.
        irrelevant = sorted(set(PARAMS) - applicable(answers) - {"training_gaming"})
        changed = dict(answers)
        for p in irrelevant:
            changed[p] = data.draw(st.sampled_from(DOMAINS[p]), label=p)
        assert classify_model(**changed).key == classify_model(**answers).key

    def test_training_gaming_without_awareness(self):
        c = classify_model(False, True, True, "instrumental", True, True)
        assert not c.model_class.schemer and c.key == "training_saint", f"got {c.key}"
        assert "q_terminal" not in c.path, f"should not reach the gaming branch: {c.path}"
        assert any("situational awareness" in n for n in c.notes), f"no note about situational awareness: {c.notes}"
        c2 = classify_model(False, True, False, "terminal", False, False)
        assert c2.key == "misgeneralized", f"got {c2.key}"
        assert classify_model(True, True, True, "terminal", True, True).key == "reward_seeker"
        assert not any("situational awareness" in n for n in classify_model(True, False, True, "terminal", True,
                                                                            True).notes)

    @pytest.mark.parametrize(
        "answers, key",
        [
            ((True, True, False, "terminal", True, True), "reward_seeker"),
            ((True, True, True, "terminal", False, False), "reward_seeker"),
            ((True, True, True, "instrumental", True, True), "goal_guarding_schemer"),
            ((True, True, False, "instrumental", True, False), "schemer"),
            ((True, True, True, "instrumental", False, True), "other_instrumental"),
            ((True, False, True, "instrumental", True, True), "training_saint"),
            ((False, False, False, "terminal", True, True), "misgeneralized"),
        ],
    )
    def test_specific_cases(self, answers, key):
        c = classify_model(*answers)
        assert c.key == key, f"{answers} -> {c.key}, expected {key}"
        assert c.model_class.schemer == (key in {"schemer", "goal_guarding_schemer"})

    def test_notes_explain_what_was_ignored(self):
        notes = " ".join(classify_model(True, False, True, "terminal", True, True).notes)
        assert "motive" in notes and "goal-guarding" in notes, notes
        notes = " ".join(classify_model(True, True, True, "terminal", True, True).notes)
        assert "specified-goal" in notes and "power" in notes, notes
        notes = " ".join(classify_model(True, True, True, "instrumental", False, True).notes)
        assert "goal-guarding answer does not apply" in notes, notes

    def test_schemer_path_is_the_full_depth(self):
        c = classify_model(True, True, False, "instrumental", True, True)
        assert c.path == ("root", "q_training_gaming", "q_terminal", "q_power", "q_guarding", "goal_guarding_schemer")

    def test_numpy_bools_are_accepted(self):
        c = classify_model(np.bool_(True), np.True_, np.False_, "instrumental", np.bool_(True), np.bool_(False))
        assert c.key == "schemer"

    @pytest.mark.parametrize("param", [p for p in PARAMS if p != "motive"])
    @pytest.mark.parametrize("bad", [1, 0, 1.0, "True", "yes", None, [True], np.int64(1), math.nan],
                             ids=lambda v: repr(v)[:12])
    def test_non_bool_answers_are_rejected(self, param, bad):
        answers = {**ALL_COMBOS[0], param: bad}
        with pytest.raises(ValueError, match=param):
            classify_model(**answers)

    @pytest.mark.parametrize("bad", ["Terminal", "INSTRUMENTAL", "", None, True, 1, ["terminal"], b"terminal"],
                             ids=repr)
    def test_bad_motive(self, bad):
        with pytest.raises(ValueError, match="motive"):
            classify_model(True, True, True, bad, True, True)
