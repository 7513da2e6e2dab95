"""The one set of parameter checks (``models/_validate.py``): one rule for each kind of value, used everywhere.

Unit and property tests of the checks themselves, then the rule as the public model functions apply it (every
integer parameter refuses a whole float such as ``3.0``; every seed is an integer in [0, 2**32 - 1]), then a test
that no model module grows a private copy of a check again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scheming_companion.models as models
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models import (
    counting,
    goal_guarding,
    goal_space,
    model_organism,
    proxy_goals,
    simplicity_bias,
)
from scheming_companion.models._validate import (
    MAX_BATCH_NDIM,
    MAX_SEED,
    check_array,
    check_bool,
    check_broadcast,
    check_choice,
    check_int,
    check_int_array,
    check_real,
    check_seed,
)

FAST = settings(max_examples=200, deadline=None)

#: Values that are no kind of number at all.
NOT_NUMBERS: list[Any] = ["3", "", b"3", None, [3], (3,), {3}, {"n": 3}, object(), 3j, np.array([3])]
#: Values that are numbers but not integers under the one rule: floats (whole ones too) and bools.
NOT_INTEGERS: list[Any] = [
    3.0, -0.0, 3.5, np.float64(3.0), np.float32(2.0), math.nan, math.inf, -math.inf, True, False, np.True_,
    Fraction(3, 1), Decimal(3),
]

# Anything hypothesis can think of, for "returns or raises a ValueError naming the parameter".
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.binary(max_size=3),
    st.fractions(),
    st.complex_numbers(),
    st.lists(st.one_of(st.integers(), st.floats(allow_nan=True), st.booleans(), st.text(max_size=2)), max_size=5),
    st.lists(st.lists(st.integers(-5, 5), max_size=3), max_size=3),
    st.sampled_from([np.array([]), np.zeros((2, 2, 2, 2)), np.array([1, 2], dtype=np.uint64), np.int8(3),
                     np.array(["a"]), np.array([1.0, np.nan]), np.array([True]), np.datetime64("2024-01-01")]),
)


def _raises_naming(name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> ValueError:
    with pytest.raises(ValueError) as info:
        fn(*args, **kwargs)
    assert str(info.value).startswith(f"{name} "), f"message does not start with {name!r}: {info.value}"
    return info.value


# --------------------------------------------------------------------------------------------------------------
# Integers
# --------------------------------------------------------------------------------------------------------------


class TestCheckInt:
    @pytest.mark.parametrize(
        "value", [3, np.int8(3), np.int64(3), np.uint8(3), np.uint64(3), np.intc(3)], ids=lambda v: type(v).__name__
    )
    def test_python_and_numpy_integers_are_integers(self, value):
        out = check_int("n", value, 0, 5)
        assert out == 3 and type(out) is int

    def test_bounds_are_inclusive(self):
        assert check_int("n", 0, 0, 5) == 0 and check_int("n", 5, 0, 5) == 5
        for bad in (-1, 6, np.int64(-1), np.uint64(6)):
            _raises_naming("n", check_int, "n", bad, 0, 5)

    @pytest.mark.parametrize("bad", NOT_INTEGERS + NOT_NUMBERS, ids=lambda v: repr(v)[:20])
    def test_floats_bools_and_non_numbers_are_refused(self, bad):
        err = _raises_naming("steps", check_int, "steps", bad, 0, 10)
        assert "integer" in str(err)

    def test_a_whole_float_is_refused_and_the_message_says_why(self):
        assert "3.0 (a float)" in str(_raises_naming("runs", check_int, "runs", 3.0, 1, 10))
        assert "(a bool)" in str(_raises_naming("runs", check_int, "runs", True, 0, 10))

    def test_huge_integers_are_refused_with_a_short_message(self):
        for huge in (10**400, -(10**400), 2**64, np.uint64(2**64 - 1)):
            err = _raises_naming("n", check_int, "n", huge, 0, 10)
            assert len(str(err)) < 200, "a huge value is elided in the message, not printed in full"
        _raises_naming("n", check_int, "n", 10**5000, 0, 10)  # too long even to print as a decimal

    @FAST
    @given(st.integers(), st.integers(-(10**12), 10**12), st.integers(0, 10**12))
    def test_property_an_integer_passes_exactly_when_in_range(self, x, low, width):
        high = low + width
        if low <= x <= high:
            assert check_int("k", x, low, high) == x
        else:
            _raises_naming("k", check_int, "k", x, low, high)

    @FAST
    @given(st.floats(allow_nan=True, allow_infinity=True))
    def test_property_no_float_is_an_integer(self, x):
        _raises_naming("k", check_int, "k", x, -(10**400), 10**400)

    @FAST
    @given(ANYTHING)
    def test_property_anything_returns_an_int_or_raises_naming_the_parameter(self, value):
        try:
            out = check_int("count", value, -100, 100)
        except ValueError as err:
            assert str(err).startswith("count ")
        else:
            assert type(out) is int and -100 <= out <= 100
            assert isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


# --------------------------------------------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------------------------------------------


class TestCheckSeed:
    def test_the_seed_range_is_0_to_2_32_minus_1(self):
        assert MAX_SEED == 2**32 - 1
        assert check_seed("seed", 0) == 0 and check_seed("seed", MAX_SEED) == MAX_SEED
        assert check_seed("seed", np.uint32(MAX_SEED)) == MAX_SEED

    @pytest.mark.parametrize("bad", [-1, MAX_SEED + 1, 2**63, 2**64, -(2**63), np.int64(-1)], ids=repr)
    def test_negative_and_too_large_seeds_are_refused(self, bad):
        _raises_naming("seed", check_seed, "seed", bad)

    @pytest.mark.parametrize("bad", NOT_INTEGERS + NOT_NUMBERS, ids=lambda v: repr(v)[:20])
    def test_non_integer_seeds_are_refused(self, bad):
        _raises_naming("seed", check_seed, "seed", bad)

    def test_a_function_deriving_seeds_lowers_the_top(self):
        assert check_seed("seed", 100, high=100) == 100
        _raises_naming("seed", check_seed, "seed", 101, high=100)
        # The top can be lowered, never raised.
        assert check_seed("seed", MAX_SEED, high=2**40) == MAX_SEED
        _raises_naming("seed", check_seed, "seed", MAX_SEED + 1, high=2**40)

    @FAST
    @given(st.integers())
    def test_property_a_seed_passes_exactly_when_numpy_takes_it_as_32_bits(self, x):
        if 0 <= x <= MAX_SEED:
            assert check_seed("seed", x) == x
            np.random.default_rng(check_seed("seed", x))
        else:
            _raises_naming("seed", check_seed, "seed", x)


# --------------------------------------------------------------------------------------------------------------
# Real numbers
# --------------------------------------------------------------------------------------------------------------


class TestCheckReal:
    def test_integers_fractions_and_numpy_numbers_are_real(self):
        for value, expected in ((3, 3.0), (np.int64(3), 3.0), (np.float32(0.5), 0.5), (Fraction(1, 4), 0.25)):
            out = check_real("x", value, 0.0, 10.0)
            assert out == expected and type(out) is float

    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, True, np.False_, 10**400, *NOT_NUMBERS],
                             ids=lambda v: repr(v)[:20])
    def test_non_finite_bools_and_non_numbers_are_refused(self, bad):
        _raises_naming("x", check_real, "x", bad, -(10**9), 10**9)

    def test_closed_range_unless_open_at_the_bottom(self):
        assert check_real("x", 0.0, 0.0, 2.0) == 0.0 and check_real("x", 2.0, 0.0, 2.0) == 2.0
        err = _raises_naming("learning_rate", check_real, "learning_rate", 0.0, 0.0, 2.0, low_open=True)
        assert "(0.0, 2.0]" in str(err)
        assert check_real("learning_rate", 1e-300, 0.0, 2.0, low_open=True) == 1e-300
        assert check_real("learning_rate", 2.0, 0.0, 2.0, low_open=True) == 2.0

    @FAST
    @given(ANYTHING)
    def test_property_anything_returns_a_finite_float_or_raises_naming_the_parameter(self, value):
        try:
            out = check_real("weight", value, 0.0, 1.0)
        except ValueError as err:
            assert str(err).startswith("weight ")
        else:
            assert type(out) is float and 0.0 <= out <= 1.0


# --------------------------------------------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------------------------------------------


class TestCheckArray:
    def test_batch_parameters_keep_their_own_shape(self):
        assert check_array("p", 0.5, 0, 1, ndim=None).shape == ()
        assert check_array("p", [[0.5, 0.1]], 0, 1, ndim=None).shape == (1, 2)
        assert check_array("p", np.zeros((2,) * MAX_BATCH_NDIM), 0, 1, ndim=None).shape == (2,) * MAX_BATCH_NDIM
        err = _raises_naming("p", check_array, "p", np.zeros((1,) * (MAX_BATCH_NDIM + 1)), 0, 1, ndim=None)
        assert f"at most {MAX_BATCH_NDIM} dimensions" in str(err)

    @pytest.mark.parametrize(
        ("bad", "ndim"),
        [([[1.0, 2.0]], 1), ([1.0, 2.0], 2), (np.zeros((2, 2, 2)), 2), ([[1.0], [2.0, 3.0]], 2), ([], 1),
         (np.zeros((0, 3)), 2)],
        ids=repr,
    )
    def test_wrong_shapes_are_refused(self, bad, ndim):
        _raises_naming("arr", check_array, "arr", bad, ndim=ndim)

    @pytest.mark.parametrize(
        "bad",
        [[math.nan], [0.5, math.inf], [-math.inf], [True, 0.5], [np.True_], np.array([True]), ["0.5"], "0.5", None,
         [None], [10**400], [0.5, 1.5], [-0.1], [object()], {"a": 0.5}, np.array(["x"]), [1j]],
        ids=lambda v: repr(v)[:20],
    )
    def test_bad_entries_are_refused(self, bad):
        _raises_naming("arr", check_array, "arr", bad, 0.0, 1.0)

    def test_size_limit(self):
        assert check_array("arr", [0.0] * 5, max_size=5).size == 5
        _raises_naming("arr", check_array, "arr", [0.0] * 6, max_size=5)

    @FAST
    @given(ANYTHING, st.sampled_from([1, 2, None]))
    def test_property_anything_returns_a_finite_array_or_raises_naming_the_parameter(self, value, ndim):
        try:
            out = check_array("xs", value, -1e6, 1e6, ndim=ndim, max_size=50)
        except ValueError as err:
            assert str(err).startswith("xs ")
        else:
            assert out.dtype == float and 0 < out.size <= 50 and np.all(np.isfinite(out))
            assert out.ndim == ndim if ndim is not None else out.ndim <= MAX_BATCH_NDIM


class TestCheckIntArray:
    def test_integer_arrays_and_lists_of_integers(self):
        out = check_int_array("codes", [0, 1, np.int64(2)], 0, 2)
        assert out.dtype == np.int64 and out.tolist() == [0, 1, 2]
        assert check_int_array("codes", np.array([3], dtype=np.uint64), 0, 3).tolist() == [3]
        assert check_int_array("codes", 3, 0, 3).shape == (1,), "a scalar is a one-element vector when ndim=1"
        assert check_int_array("rank", np.arange(1, 9).reshape(2, 2, 2), 1, 8, ndim=None).shape == (2, 2, 2)
        assert check_int_array("rank", range(1, 4), 1, 3).tolist() == [1, 2, 3]

    @pytest.mark.parametrize(
        "bad",
        [[1.0, 2.0], np.array([1.0]), [1, 2.0], [True, 1], np.array([True]), [1, None], ["1"], "1", None, [math.nan],
         [3], [-1], [2**64], np.array([2**64 - 1], dtype=np.uint64), [[1], [1, 2]], [], np.zeros((2, 2), dtype=int)],
        ids=lambda v: repr(v)[:24],
    )
    def test_floats_bools_out_of_range_and_wrong_shapes_are_refused(self, bad):
        _raises_naming("codes", check_int_array, "codes", bad, 0, 2)

    def test_a_uint64_beyond_int64_does_not_wrap_round_into_range(self):
        err = _raises_naming("codes", check_int_array, "codes", np.array([2**63 + 1], dtype=np.uint64), 0, 10)
        assert str(2**63 + 1) in str(err)

    @FAST
    @given(st.lists(st.integers(-(2**70), 2**70), min_size=1, max_size=6))
    def test_property_a_list_of_integers_passes_exactly_when_every_one_is_in_range(self, xs):
        if all(0 <= x <= 1000 for x in xs):
            assert check_int_array("ks", xs, 0, 1000).tolist() == xs
        else:
            _raises_naming("ks", check_int_array, "ks", xs, 0, 1000)

    @FAST
    @given(ANYTHING)
    def test_property_anything_returns_an_int_array_or_raises_naming_the_parameter(self, value):
        try:
            out = check_int_array("ks", value, -5, 5, ndim=None, max_size=20)
        except ValueError as err:
            assert str(err).startswith("ks ")
        else:
            assert out.dtype == np.int64 and out.size > 0 and np.all(np.abs(out) <= 5)


def test_check_broadcast_names_every_parameter():
    a, b = np.zeros(2), np.zeros((3, 1))
    assert check_broadcast({"a": a, "b": b}, 10) == (3, 2)
    with pytest.raises(ValueError, match=r"^a, c must broadcast together, got shapes a \(2,\), c \(3,\)"):
        check_broadcast({"a": a, "c": np.zeros(3)}, 10)
    with pytest.raises(ValueError, match=r"^a, b broadcast to 6 settings; at most 5"):
        check_broadcast({"a": a, "b": b}, 5)


# --------------------------------------------------------------------------------------------------------------
# The rule, as the public model functions apply it
# --------------------------------------------------------------------------------------------------------------

CODES = np.array([0, 1, 1, 255, 3])
#: A good call of model_organism.train_networks: two networks of widths 2 and 3, padded to 3 hidden units.
TRAIN_CALL: dict[str, Any] = {
    "widths": [2, 3], "sample_weights": np.ones((2, 128)), "targets": np.zeros((2, 128)),
    "params": (np.full((2, 7, 3), 0.1), np.zeros((2, 3)), np.full((2, 3), 0.1), np.zeros(2)),
    "steps": 2, "learning_rate": 0.5, "weight_decay": [0.0, 0.01], "record": False,
}
#: (function, a good call, its integer parameters, its seed parameters and the top of each seed's range).
CALLS: dict[str, tuple[Callable[..., Any], dict[str, Any], tuple[str, ...], dict[str, int]]] = {
    "counting.enumerate_goals": (counting.enumerate_goals, {"n_concepts": 10, "n_proxies": 2, "ambition_levels": 2},
                                 ("n_concepts", "n_proxies", "ambition_levels"), {}),
    "counting.counting_shares": (counting.counting_shares, {"n_concepts": 10, "measure": "uniform", "n_proxies": 2},
                                 ("n_concepts", "n_proxies"), {}),
    "goal_guarding.goal_guarding_dynamics": (
        goal_guarding.goal_guarding_dynamics,
        {"entanglement": 0.5, "noise": 0.1, "decay": 0.0, "reliability": 1.0, "steps": 4, "runs": 2,
         "record_every": 2, "seed": 0},
        ("steps", "runs", "record_every"), {"seed": MAX_SEED}),
    "goal_guarding.goal_guarding_setup": (goal_guarding.goal_guarding_setup, {"seed": 0}, (), {"seed": MAX_SEED}),
    "goal_space.descend_goal_space": (
        goal_space.descend_goal_space,
        {"land": goal_space.Landscape(), "starts_x": [0.5], "starts_y": [0.1], "seed": 0, "n_steps": 3},
        ("n_steps",), {"seed": MAX_SEED}),
    "goal_space.random_starts": (goal_space.random_starts, {"n": 3, "seed": 0}, ("n",), {"seed": MAX_SEED}),
    "goal_space.path_dependence": (
        goal_space.path_dependence,
        {"land": goal_space.Landscape(), "centres": ((0.3, 0.1), (0.7, 0.2)), "spreads": [0.0, 0.5], "n_starts": 3,
         "seed": 0},
        ("n_starts",), {"seed": MAX_SEED - 1000 * goal_space.MAX_SPREADS}),
    "model_organism.backdoor_survival": (
        model_organism.backdoor_survival,
        {"hidden_units": 2, "safety_steps": 2, "seed": 0, "backdoor_steps": 2},
        ("hidden_units", "safety_steps", "backdoor_steps"), {"seed": MAX_SEED}),
    "model_organism.train_networks": (model_organism.train_networks, dict(TRAIN_CALL), ("steps",), {}),
    "proxy_goals.proxy_goal_lottery": (
        proxy_goals.proxy_goal_lottery, {"params": proxy_goals.LotteryParams(), "n_runs": 10, "seed": 0},
        ("n_runs",), {"seed": MAX_SEED}),
    "simplicity_bias.boolean_inputs": (simplicity_bias.boolean_inputs, {"n_bits": 3}, ("n_bits",), {}),
    "simplicity_bias.sample_network_functions": (
        simplicity_bias.sample_network_functions,
        {"n_bits": 3, "width": 2, "depth": 1, "n_samples": 5, "seed": 0},
        ("n_bits", "width", "depth", "n_samples"), {"seed": MAX_SEED}),
    "simplicity_bias.truth_table_bits": (simplicity_bias.truth_table_bits, {"code": 5, "n_inputs": 8},
                                         ("code", "n_inputs"), {}),
    "simplicity_bias.named_functions": (simplicity_bias.named_functions, {"n_bits": 3, "seed": 0}, ("n_bits",),
                                        {"seed": MAX_SEED}),
    "simplicity_bias.training_inputs": (simplicity_bias.training_inputs, {"n_bits": 3, "n_train": 4, "seed": 0},
                                        ("n_bits", "n_train"), {"seed": MAX_SEED}),
    "simplicity_bias.generalisation_of_prior": (
        simplicity_bias.generalisation_of_prior,
        {"codes": CODES, "target": 1, "train_inputs": np.array([0, 1, 2, 3]), "n_bits": 3},
        ("target", "n_bits"), {}),
    "simplicity_bias.mean_generalisation": (
        simplicity_bias.mean_generalisation,
        {"codes": CODES, "target": 1, "n_bits": 3, "n_train": 4, "n_splits": 3, "seed": 0},
        ("target", "n_bits", "n_train", "n_splits"), {"seed": MAX_SEED - 3}),
}
INT_PARAMS = [(key, p) for key, (_, _, ints, seeds) in CALLS.items() for p in (*ints, *seeds)]
SEED_PARAMS = [(key, p) for key, (_, _, _, seeds) in CALLS.items() for p in seeds]
#: Parameters that are arrays of integers: (function key, parameter, a good value).
INT_ARRAYS = [
    ("counting.elias_gamma_bits", counting.elias_gamma_bits, {}, "rank", [1, 2, 3]),
    ("proxy_goals.lottery_shares_by_seed", proxy_goals.lottery_shares_by_seed,
     {"params": proxy_goals.LotteryParams(), "n_runs": 10}, "seeds", [0, 1]),
    ("simplicity_bias.function_frequencies", simplicity_bias.function_frequencies, {"n_bits": 3}, "codes", CODES),
    ("simplicity_bias.generalisation_of_prior", simplicity_bias.generalisation_of_prior,
     {"codes": CODES, "target": 1, "n_bits": 3}, "train_inputs", [0, 1, 2, 3]),
    ("model_organism.train_networks", model_organism.train_networks,
     {k: v for k, v in TRAIN_CALL.items() if k != "widths"}, "widths", [2, 3]),
]


@pytest.mark.parametrize(("key", "param"), INT_PARAMS, ids=[f"{k}:{p}" for k, p in INT_PARAMS])
def test_every_integer_parameter_takes_numpy_integers_and_refuses_whole_floats(key, param):
    fn, good, _, _ = CALLS[key]
    fn(**good)
    fn(**{**good, param: np.int64(good[param])})
    for bad in (float(good[param]), np.float64(good[param]), True, str(good[param])):
        err = _raises_naming(param, fn, **{**good, param: bad})
        assert "integer" in str(err)


@pytest.mark.parametrize(("key", "param"), SEED_PARAMS, ids=[f"{k}:{p}" for k, p in SEED_PARAMS])
def test_every_seed_is_an_integer_up_to_2_32_minus_1(key, param):
    fn, good, _, seeds = CALLS[key]
    top = seeds[param]
    assert MAX_SEED - 50_000 <= top <= MAX_SEED, "only a function that derives seeds lowers the top, a little"
    fn(**{**good, param: top})
    for bad in (-1, top + 1, 2**63, 2**64):
        _raises_naming(param, fn, **{**good, param: bad})


@pytest.mark.parametrize(("key", "fn", "others", "param", "good"), INT_ARRAYS, ids=[r[0] for r in INT_ARRAYS])
def test_every_integer_array_refuses_floats_and_bools(key, fn, others, param, good):
    fn(**others, **{param: good})
    fn(**others, **{param: np.asarray(good, dtype=np.int32)})
    for bad in (np.asarray(good, dtype=float), [float(v) for v in good], [True] * len(good), [str(v) for v in good]):
        _raises_naming(param, fn, **others, **{param: bad})


def test_every_public_function_with_an_integer_parameter_is_in_this_table():
    # A parameter named like a count or a seed in a public model function must be covered above.
    countish = re.compile(r"^(n|n_(?!bits_)\w+|seed|seeds|steps|runs|record_every|width|depth|code|target|rank|"
                          r"hidden_units|backdoor_steps|safety_steps|ambition_levels|train_inputs)$")
    covered = {(k, p) for k, p in INT_PARAMS} | {(r[0], r[3]) for r in INT_ARRAYS}
    missing = []
    for mod_name in ("counting", "goal_guarding", "goal_space", "model_organism", "proxy_goals", "simplicity_bias"):
        module = getattr(models, mod_name)
        for name in getattr(module, "__all__", None) or dir(module):
            fn = getattr(module, name)
            if name.startswith("_") or not callable(fn) or getattr(fn, "__module__", "") != module.__name__:
                continue
            if isinstance(fn, type) or not hasattr(fn, "__code__"):
                continue
            for p in fn.__code__.co_varnames[: fn.__code__.co_argcount + fn.__code__.co_kwonlyargcount]:
                if countish.match(p) and (f"{mod_name}.{name}", p) not in covered:
                    missing.append(f"{mod_name}.{name}:{p}")
    # Functions that only pass a count on to a covered one are fine to leave out: list them here explicitly.
    passed_on = {
        "counting.class_counts:n_concepts", "counting.class_counts:n_proxies", "counting.class_counts:ambition_levels",
        "counting.counting_shares:ambition_levels", "counting.counts_and_shares:n_concepts",
        "counting.counts_and_shares:n_proxies", "counting.counts_and_shares:ambition_levels",
        "counting.all_measure_shares:n_concepts", "counting.all_measure_shares:n_proxies",
        "counting.all_measure_shares:ambition_levels", "counting.schemer_share:n_concepts",
        "goal_guarding.goal_guarding_scenarios:seed", "model_organism.backdoor_survival_grid:safety_steps",
        "model_organism.backdoor_survival_grid:seed", "model_organism.backdoor_survival_grid:hidden_units",
        "model_organism.backdoor_survival_grid:backdoor_steps", "proxy_goals.lottery_shares_by_seed:n_runs",
        "simplicity_bias.function_frequencies:n_bits",
    }
    assert sorted(set(missing) - passed_on) == [], "cover these in CALLS or INT_ARRAYS"
    assert sorted(passed_on - set(missing)) == [], "stale entries in passed_on"


# --------------------------------------------------------------------------------------------------------------
# One home: no private copies
# --------------------------------------------------------------------------------------------------------------

MODELS = Path(models.__file__).parent
#: Names of the private validators that drifted apart before there was one set (issue 14), and any like them.
PRIVATE_COPY = re.compile(
    r"^\s*def (_check_(int|integer|seed|whole|runs|real|float|number|prob\w*|array|bool|choice|setting)\b"
    r"|_checked\b|_check\b|_valid\w*)\s*\(",
    re.MULTILINE,
)
#: A type test for bools or integers outside _validate.py is a validator in the making.
TYPE_TEST = re.compile(r"np\.bool_|np\.integer|is_integer\(|!= int\(|== np\.floor\(")


@pytest.mark.parametrize("path", sorted(p.name for p in MODELS.glob("*.py") if p.name != "_validate.py"))
def test_no_model_module_defines_its_own_validator(path):
    source = (MODELS / path).read_text()
    copies = [m.group(1) for m in PRIVATE_COPY.finditer(source)]
    assert not copies, f"{path} defines {copies}: use check_int, check_seed, check_real, check_array … from _validate"
    tests = sorted({m.group(0) for m in TYPE_TEST.finditer(source)})
    assert not tests, f"{path} tests types itself ({tests}): use the checks in _validate.py"


def test_the_grep_would_catch_the_old_copies():
    old = ("def _check_int(name, value, low, high):", "def _check_seed(seed: object) -> int:",
           "def _check_whole(name, value, low, high):", "def _check_runs(n_runs: object) -> int:",
           "def _checked(values):", "def _check(name, value):", "def _check_setting(name, value, high):")
    for line in old:
        assert PRIVATE_COPY.search(line), line
    for allowed in ("def _check_universe(n_concepts, n_proxies):", "def _check_bit_string(s):", "def check_int("):
        assert not PRIVATE_COPY.search(allowed), allowed


# --------------------------------------------------------------------------------------------------------------
# Validators
# --------------------------------------------------------------------------------------------------------------


class TestValidators:
    def test_check_bool(self):
        assert check_bool("flag", True) is True and check_bool("flag", False) is False
        assert check_bool("flag", np.bool_(True)) is True, "numpy bools are accepted and become Python bools"
        for bad in (0, 1, 1.0, "True", None, [], np.int8(1)):
            with pytest.raises(ValueError, match="flag"):
                check_bool("flag", bad)

    def test_check_choice(self):
        assert check_choice("kind", "a", ("a", "b")) == "a"
        for bad in ("c", "A", "", None, 1, ("a",)):
            with pytest.raises(ValueError, match="kind.*'a', 'b'"):
                check_choice("kind", bad, ("a", "b"))

    def test_check_real_accepts(self):
        assert check_real("x", 3) == 3.0 and type(check_real("x", 3)) is float
        assert check_real("x", np.float32(0.5)) == 0.5
        assert check_real("x", np.int64(-2)) == -2.0
        assert check_real("x", Fraction(1, 4), 0, 1) == 0.25
        assert check_real("x", 0.0, 0.0, 1.0) == 0.0 and check_real("x", 1.0, 0.0, 1.0) == 1.0, "bounds inclusive"

    @pytest.mark.parametrize(
        "bad", [math.nan, math.inf, -math.inf, -0.01, 1.01, True, np.bool_(True), "0.5", None, [0.5],
                np.array(0.5), 1j],
        ids=lambda v: repr(v)[:16],
    )
    def test_check_real_rejects(self, bad):
        with pytest.raises(ValueError, match="^weight "):
            check_real("weight", bad, 0.0, 1.0)

    @FAST
    @given(st.floats(allow_nan=True, allow_infinity=True), st.floats(-10, 10), st.floats(0, 10))
    def test_check_real_property(self, x, low, width):
        high = low + width
        if math.isfinite(x) and low <= x <= high:
            assert check_real("v", x, low, high) == x
        else:
            with pytest.raises(ValueError, match="^v "):
                check_real("v", x, low, high)

    def test_check_array_accepts(self):
        arr = check_array("a", [1, 2, 3], 0, 3)
        assert arr.dtype == float and arr.shape == (3,)
        assert check_array("a", 2.5).shape == (1,), "a scalar becomes a one-element array"
        assert check_array("m", [[1.0, 2.0]], ndim=2).shape == (1, 2)
        assert check_array("a", np.array([0.0, 1.0]), 0.0, 1.0).tolist() == [0.0, 1.0]

    @pytest.mark.parametrize(
        "bad", ["1", b"1", None, [], [math.nan], [math.inf], [-1.0], [2.0], [[1.0]], ["x"], object(), {"a": 1}],
        ids=lambda v: repr(v)[:16],
    )
    def test_check_array_rejects(self, bad):
        with pytest.raises(ValueError, match="^arr "):
            check_array("arr", bad, 0.0, 1.0)

    def test_check_array_size_and_ndim(self):
        with pytest.raises(ValueError, match="at most 3"):
            check_array("arr", [1, 2, 3, 4], max_size=3)
        with pytest.raises(ValueError, match="2-dimensional"):
            check_array("arr", [1.0, 2.0], ndim=2)

    def test_check_real_huge_int(self):
        with pytest.raises(ValueError, match="x"):
            check_real("x", 10**400)

    def test_check_array_rejects_bools(self):
        with pytest.raises(ValueError, match="arr"):
            check_array("arr", [True, False])
