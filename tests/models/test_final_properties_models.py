"""Tests of the chapter-4 models (report §4): counting enumerator, simplicity-bias experiment, selection model
and cost calculator. Unit tests, known limiting cases, property tests and bad-input tests."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models import selection_under_slack
from scheming_companion.models import simplicity_bias as sb
from scheming_companion.models.costs import REPORT_SPEED_COST, cost_comparison, pointer_bits, serial_share
from scheming_companion.models.counting import (
    MEASURES,
    all_measure_shares,
    class_counts,
    counting_shares,
    elias_gamma_bits,
    enumerate_goals,
    measure_shares,
    schemer_share,
)
from scheming_companion.models.selection import (
    DEFAULT_MODEL_BITS,
    DEFAULT_PRESSURE,
    FRAMES,
    ILLUSTRATIVE_PRESET,
    SelectionInputs,
    class_inputs,
    priors_and_gaps,
    selection_shares,
)

FAST = settings(max_examples=60, deadline=None)
BAD_REALS = [float("nan"), float("inf"), -float("inf"), True, "3", None, [1.0], 10**400]


def assert_distribution(shares: np.ndarray) -> None:
    shares = np.asarray(shares)
    assert np.all(np.isfinite(shares)) and np.all(shares >= 0) and np.all(shares <= 1)
    np.testing.assert_allclose(shares.sum(axis=-1), 1.0, atol=1e-12)


# ------------------------------------------------------------------------------------------------------------
# Counting enumerator (§4.2)
# ------------------------------------------------------------------------------------------------------------


class TestCounting:
    def test_enumerator_lists_every_goal_once(self):
        u = enumerate_goals(10, 2, 5.0, 3)
        assert u.size == 10 * 2 * 3
        triples = set(zip(u.objects.tolist(), u.beyond.tolist(), range(u.size)))
        assert len(triples) == u.size

    @pytest.mark.parametrize("n, a", [(4, 2), (16, 2), (16, 8), (1024, 16)])
    def test_counts_match_the_closed_form(self, n, a):
        # Saint, reward seeker: A goals each; two proxies: 2A; schemer: one goal per concept.
        np.testing.assert_array_equal(class_counts(n, 2, a), [a, 2 * a, a, n])

    @pytest.mark.parametrize("n, a", [(16, 2), (16, 8), (4096, 4)])
    def test_uniform_share_is_n_over_n_plus_4a(self, n, a):
        assert schemer_share(n, "uniform", ambition_levels=a) == pytest.approx(n / (n + 4 * a), rel=1e-12)

    def test_pointer_equals_uniform_and_zero_strength_simplicity_is_uniform(self):
        for n in (4, 64, 1000):
            u = counting_shares(n, "uniform", spec_bits=7)
            np.testing.assert_allclose(counting_shares(n, "pointer", spec_bits=7), u, rtol=1e-12)
            np.testing.assert_allclose(counting_shares(n, "simplicity", spec_bits=7, strength=0.0), u, rtol=1e-12)

    @pytest.mark.parametrize("w", [0.0, 0.3, 0.5, 1.0])
    def test_hazy_mixes_the_count_and_simplicity_once_each(self, w):
        # The pointer measure equals the count in this universe: the hazy mixture must not count it twice.
        count = counting_shares(200, "uniform", spec_bits=4, strength=1.5)
        simple = counting_shares(200, "simplicity", spec_bits=4, strength=1.5)
        hazy = counting_shares(200, "hazy", spec_bits=4, strength=1.5, simplicity_weight=w)
        np.testing.assert_allclose(hazy, (1 - w) * count + w * simple, rtol=1e-12)

    def test_hazy_default_weighs_the_two_distinct_measures_equally(self):
        count, simple, pointer, hazy = all_measure_shares(1024)
        np.testing.assert_allclose(pointer, count, rtol=1e-12)
        np.testing.assert_allclose(hazy, (count + simple) / 2, rtol=1e-12)
        # The old average of three would have been (2 * count + simple) / 3: uniform twice.
        assert not np.allclose(hazy, (2 * count + simple) / 3)

    @pytest.mark.parametrize("n", [4, 8, 16, 32, 64, 256, 1024, 4096, 1 << 16])
    @pytest.mark.parametrize("a", [2, 4, 8, 16])
    def test_default_simplicity_measure_does_not_hand_schemers_the_win(self, n, a):
        # With the default content length the specified goal is as short as the shortest other concept, so the
        # simplicity measure gives the schemer under half at every universe size and carving.
        assert schemer_share(n, "simplicity", ambition_levels=a) < 0.5

    def test_bad_simplicity_weight_raises(self):
        for bad in (-0.1, 1.5, float("nan"), "0.5", None):
            with pytest.raises(ValueError, match="simplicity_weight"):
                counting_shares(50, "hazy", simplicity_weight=bad)

    def test_all_measure_shares_agrees_with_one_at_a_time(self):
        table = all_measure_shares(300, spec_bits=8, strength=2.0, ambition_levels=4)
        for row, m in zip(table, MEASURES):
            np.testing.assert_allclose(row, counting_shares(300, m, spec_bits=8, strength=2.0, ambition_levels=4))

    def test_strong_simplicity_concentrates_on_the_simplest_goals(self):
        # spec_bits = 0: the specified goal and the reward process are the only 0-bit concepts. With a very strong
        # bias only their goals count: A within-episode goals each and one schemer goal each.
        a = 4
        shares = counting_shares(1000, "simplicity", spec_bits=0, strength=10.0, ambition_levels=a)
        np.testing.assert_allclose(shares, [a / (2 * a + 2), 0, a / (2 * a + 2), 2 / (2 * a + 2)], atol=2e-3)

    def test_complex_specified_goal_hands_simplicity_measure_to_schemers(self):
        assert schemer_share(1024, "simplicity", spec_bits=32) > 0.999
        assert schemer_share(1024, "simplicity", spec_bits=0, strength=2.0) < 0.5

    def test_schemer_uniform_share_grows_with_universe(self):
        shares = [schemer_share(n, "uniform") for n in (4, 16, 64, 256, 4096)]
        assert shares == sorted(shares) and shares[0] < 0.34 and shares[-1] > 0.99

    def test_elias_gamma_lengths(self):
        np.testing.assert_array_equal(elias_gamma_bits(np.array([1, 2, 3, 4, 7, 8])), [1, 3, 3, 5, 5, 7])

    @FAST
    @given(n=st.integers(4, 3000), a=st.integers(2, 16), bits=st.floats(0, 60), strength=st.floats(0, 5),
           measure=st.sampled_from(MEASURES))
    def test_shares_are_a_distribution(self, n, a, bits, strength, measure):
        assert_distribution(counting_shares(n, measure, spec_bits=bits, strength=strength, ambition_levels=a))

    @pytest.mark.parametrize("kwargs", [
        {"n_concepts": 3}, {"n_concepts": 2.5}, {"n_concepts": float("nan")}, {"n_concepts": True},
        {"n_concepts": "100"}, {"n_concepts": 2**30}, {"n_proxies": -1}, {"n_proxies": 1.5},
        {"spec_bits": -1.0}, {"spec_bits": float("inf")}, {"ambition_levels": 1}, {"ambition_levels": 3.5},
        {"ambition_levels": 65}, {"n_concepts": 2**20, "ambition_levels": 64},
    ])
    def test_bad_universe_raises(self, kwargs):
        args = {"n_concepts": 100, "n_proxies": 2, "spec_bits": 5.0, "ambition_levels": 2, **kwargs}
        with pytest.raises(ValueError):
            enumerate_goals(**args)

    @pytest.mark.parametrize("bad", ["Uniform", 3, None, "count"])
    def test_bad_measure_raises(self, bad):
        with pytest.raises(ValueError, match="measure"):
            counting_shares(100, bad)

    @pytest.mark.parametrize("bad", [-0.1, 11.0, float("nan"), False, "1"])
    def test_bad_strength_raises(self, bad):
        with pytest.raises(ValueError, match="strength"):
            counting_shares(100, "simplicity", strength=bad)

    def test_measure_shares_is_the_step_counting_shares_takes(self):
        u = enumerate_goals(300, n_proxies=3, spec_bits=2.0, ambition_levels=3)
        for m in MEASURES[:3]:
            np.testing.assert_array_equal(
                measure_shares(u, m, 0.7), counting_shares(300, m, n_proxies=3, spec_bits=2.0, strength=0.7,
                                                           ambition_levels=3))

    @pytest.mark.parametrize(("kwargs", "name"), [
        ({"universe": 300}, "universe"), ({"universe": None}, "universe"), ({"measure": "hazy"}, "measure"),
        ({"measure": "Uniform"}, "measure"), ({"strength": -0.1}, "strength"), ({"strength": float("nan")}, "strength"),
    ])
    def test_measure_shares_checks_its_arguments(self, kwargs, name):
        args = {"universe": enumerate_goals(100), "measure": "simplicity", "strength": 1.0, **kwargs}
        with pytest.raises(ValueError, match=f"^{name} "):
            measure_shares(**args)


# ------------------------------------------------------------------------------------------------------------
# Simplicity-bias experiment (§4.3.2)
# ------------------------------------------------------------------------------------------------------------


class TestSimplicityBias:
    def test_boolean_inputs_are_binary_counting(self):
        x = sb.boolean_inputs(3)
        assert x.shape == (8, 3)
        np.testing.assert_array_equal(x[5], [1, -1, 1])

    def test_lz76_known_value(self):
        # Kaspar & Schuster's worked example parses into 0 . 001 . 10 . 100 . 1000 . 101: six phrases.
        assert sb.lz76_phrases("0001101001000101") == 6
        assert sb.lz76_phrases("0") == 1

    def test_lz_complexity_orders_simple_before_complex(self):
        assert sb.lz_complexity("0" * 16) == 4.0 == sb.lz_complexity("1" * 16)
        assert sb.lz_complexity("0" * 16) < sb.lz_complexity("0" * 8 + "1" * 8) < sb.lz_complexity("0110100110010110")

    @pytest.mark.parametrize("bad", ["", "012", "abc"])
    def test_lz_bad_string_raises(self, bad):
        with pytest.raises(ValueError):
            sb.lz_complexity(bad)

    def test_sampling_is_seeded(self):
        a = sb.sample_network_functions(3, n_samples=500, seed=5)
        b = sb.sample_network_functions(3, n_samples=500, seed=5)
        c = sb.sample_network_functions(3, n_samples=500, seed=6)
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, c)
        assert a.max() < 2**8

    def test_perceptron_without_bias_on_one_bit_monte_carlo(self):
        # Known limit: sign(w * x) with w ~ N(0, 1) computes the identity or its negation, each with probability 1/2.
        codes = sb.sample_network_functions(1, depth=0, n_samples=20_000, bias_scale=0.0, seed=1)
        counts = np.bincount(codes.astype(int), minlength=4)
        assert counts[0] == counts[3] == 0
        assert abs(counts[2] / 20_000 - 0.5) < 4 * math.sqrt(0.25 / 20_000)

    def test_negation_symmetry_monte_carlo(self):
        # Flipping the sign of the output layer maps f to not-f and leaves the Gaussian measure unchanged.
        codes = sb.sample_network_functions(2, n_samples=40_000, seed=3)
        counts = np.bincount(codes.astype(int), minlength=16)
        for f in range(16):
            p, q = counts[f] / 40_000, counts[15 - f] / 40_000
            assert abs(p - q) < 5 * math.sqrt(max(p, 1e-4) / 40_000) + 1e-3

    def test_uniform_measure_generalises_at_chance(self):
        # Every 4-bit function exactly once is the uniform measure: held-out accuracy is exactly 1/2.
        every = np.arange(2**16, dtype=np.uint64)
        for target in sb.named_functions(4).values():
            acc, n = sb.generalisation_of_prior(every, target, [0, 3, 5, 6, 9, 10, 12, 15], 4)
            assert acc == 0.5 and n == 2**8

    def test_network_prior_beats_chance_on_a_simple_target(self):
        codes = sb.sample_network_functions(4, n_samples=30_000, seed=0)
        target = sb.named_functions(4)["first AND second"]
        assert sb.mean_generalisation(codes, target, 4, n_train=8, n_splits=10, seed=1) > 0.55

    def test_frequencies_are_sorted_and_complete(self):
        codes = sb.sample_network_functions(3, n_samples=2000, seed=2)
        f = sb.function_frequencies(codes, 3)
        assert f.counts.sum() == 2000 and np.all(np.diff(f.counts) <= 0)
        assert f.uniform_probability == 2.0**-8
        assert f.complexity.shape == f.codes.shape

    def test_training_inputs_are_distinct_and_seeded(self):
        a = sb.training_inputs(4, 8, seed=3)
        assert len(set(a.tolist())) == 8 and np.array_equal(a, sb.training_inputs(4, 8, seed=3))

    @pytest.mark.parametrize("kwargs", [
        {"n_bits": 0}, {"n_bits": 6}, {"n_bits": 2.5}, {"n_bits": True}, {"width": 0}, {"depth": 5},
        {"n_samples": 0}, {"n_samples": 10**9}, {"weight_scale": -1.0}, {"bias_scale": float("nan")},
        {"seed": -1}, {"seed": 1.5}, {"width": "8"},
    ])
    def test_bad_sampler_input_raises(self, kwargs):
        args = {"n_bits": 3, "n_samples": 10, **kwargs}
        with pytest.raises(ValueError):
            sb.sample_network_functions(**args)

    def test_bad_generalisation_input_raises(self):
        codes = sb.sample_network_functions(3, n_samples=100, seed=0)
        with pytest.raises(ValueError, match="train_inputs"):
            sb.generalisation_of_prior(codes, 3, [0, 0, 1], 3)
        with pytest.raises(ValueError, match="train_inputs"):
            sb.generalisation_of_prior(codes, 3, list(range(8)), 3)
        with pytest.raises(ValueError, match="target"):
            sb.generalisation_of_prior(codes, 256, [0, 1], 3)
        with pytest.raises(ValueError, match="codes"):
            sb.function_frequencies(np.array([300]), 3)
        with pytest.raises(ValueError, match="codes"):
            sb.function_frequencies(np.array([], dtype=int), 3)


# ------------------------------------------------------------------------------------------------------------
# Selection model (§4.1–§4.6)
# ------------------------------------------------------------------------------------------------------------


class TestSelection:
    def test_reduces_to_the_slack_toy(self):
        inputs = SelectionInputs((1.0, 3.0, 2.0, 4.0), (10.0,) * 4, (0.0,) * 4, (0.0, 0.01, 0.005, 0.02))
        for frame in FRAMES:
            np.testing.assert_allclose(
                selection_shares(inputs, 50.0, frame),
                selection_under_slack([0.1, 0.3, 0.2, 0.4], [0.0, 0.01, 0.005, 0.02], 50.0), rtol=1e-12)

    def test_no_pressure_gives_the_counting_prior_in_contributors_frame(self):
        inputs = class_inputs(1e3, 20.0, 0.05, 0.01)
        np.testing.assert_allclose(selection_shares(inputs, 0.0, "contributors"), np.array([1, 10, 1, 1e3]) / 1012)

    def test_extra_criteria_without_passion_ignore_slack(self):
        inputs = class_inputs(1e6, 5.0, 0.01, 0.0)
        shares = selection_shares(inputs, np.logspace(-1, 6, 15), "extra-criteria")
        np.testing.assert_allclose(shares, np.broadcast_to(shares[0], shares.shape), rtol=1e-12)

    def test_extra_criteria_priors(self):
        priors, gaps = priors_and_gaps(class_inputs(100.0, 3.0, 0.002, 0.0), "extra-criteria", speed_prior=1000.0)
        np.testing.assert_allclose(priors / priors[0], [1, 10, 1, 100 * 2**3 * math.exp(-2)])
        np.testing.assert_array_equal(gaps, 0.0)

    def test_contributors_gap_prices_bits_by_model_size(self):
        _, gaps = priors_and_gaps(class_inputs(1.0, 5.0, 0.0, 0.0), "contributors")
        assert gaps[3] == 0.0 and gaps[0] == pytest.approx(5 / DEFAULT_MODEL_BITS)

    def test_contributors_frame_strict_training_removes_a_slow_schemer(self):
        inputs = class_inputs(1e6, 50.0, 0.01, 0.0)
        assert selection_shares(inputs, 1e-1, "contributors")[3] > 0.99
        assert selection_shares(inputs, 1e5, "contributors")[3] < 1e-6

    def test_exercise_crossover_at_the_preset(self):
        # Chapter 4, exercise 4: the schemer (10 goals, gap 0.001) and the saint (1 goal, no gap) are equally
        # likely at ln(10) / 0.001 in the contributors frame (the one saved bit moves this in the 10th digit).
        s = math.log(10) / 0.001
        shares = selection_shares(class_inputs(**ILLUSTRATIVE_PRESET), s, "contributors")
        assert shares[3] == pytest.approx(shares[0], rel=1e-6)
        assert f"{s:.0f}" == "2303"

    def test_preset_speed_push_outweighs_its_simplicity_push(self):
        # The author's ranking: simplicity a small push towards schemers, speed costs a larger push against.
        p = ILLUSTRATIVE_PRESET
        for frame, pressure in (("extra-criteria", 0.0), ("contributors", DEFAULT_PRESSURE)):
            counted = selection_shares(class_inputs(p["schemer_count_ratio"], 0.0, 0.0), pressure, frame)[3]
            simpler = selection_shares(class_inputs(p["schemer_count_ratio"], p["schemer_bits_saved"], 0.0),
                                       pressure, frame)[3]
            both = selection_shares(class_inputs(**p), pressure, frame)[3]
            assert counted > 0.4, "counting gives schemers real weight"
            assert simpler >= counted and both < counted, frame
            assert counted - both > simpler - counted, frame

    @FAST
    @given(ratio=st.floats(1, 1e9), bits=st.floats(0, 60), speed=st.floats(0, 1), passion=st.floats(0, 1),
           frame=st.sampled_from(FRAMES))
    def test_schemer_share_moves_with_pressure_as_its_gap_says(self, ratio, bits, speed, passion, frame):
        inputs = class_inputs(ratio, bits, speed, passion)
        shares = selection_shares(inputs, np.logspace(-1, 6, 12), frame)
        assert_distribution(shares)
        _, gaps = priors_and_gaps(inputs, frame)
        step = np.diff(shares[:, 3])
        if gaps[3] >= gaps.max():  # the schemer falls furthest short: pressure can only hurt it
            assert np.all(step <= 1e-12)
        if gaps[3] <= gaps.min():  # it falls least short (it saved bits and pays nothing): pressure can only help
            assert np.all(step >= -1e-12)

    @pytest.mark.parametrize("name", ["schemer_count_ratio", "schemer_bits_saved", "schemer_speed_cost", "passion_gap",
                                      "misgeneralized_count"])
    @pytest.mark.parametrize("bad", [*BAD_REALS, -1.0, 1e13])
    def test_bad_class_inputs_raise(self, name, bad):
        with pytest.raises(ValueError, match=name):
            class_inputs(**{name: bad})

    @pytest.mark.parametrize("bad", ["contributor", None, 1])
    def test_bad_frame_raises(self, bad):
        with pytest.raises(ValueError, match="frame"):
            selection_shares(class_inputs(), 1.0, bad)

    @pytest.mark.parametrize("bad", [-1.0, 1e7, float("nan"), "10"])
    def test_bad_pressure_raises(self, bad):
        with pytest.raises(ValueError, match="pressure"):
            selection_shares(class_inputs(), bad)

    def test_mismatched_inputs_raise(self):
        with pytest.raises(ValueError, match="same length"):
            priors_and_gaps(SelectionInputs((1.0, 2.0), (1.0,), (0.0,), (0.0,)))
        with pytest.raises(ValueError, match="model_bits"):
            priors_and_gaps(class_inputs(), model_bits=0.0)
        with pytest.raises(ValueError, match="speed_prior"):
            priors_and_gaps(class_inputs(), "extra-criteria", speed_prior=-1.0)


# ------------------------------------------------------------------------------------------------------------
# Cost calculator (§4.3.4, §4.4)
# ------------------------------------------------------------------------------------------------------------


class TestCosts:
    def test_pointer_bits(self):
        assert pointer_bits(2**20) == 20.0 and pointer_bits(1) == 0.0

    def test_book_arithmetic(self):
        # The book's illustration: 1e6 concepts ~ 20 bits, 1e15 ~ 50 bits; 1.8e12 params x 16 bits ~ 2.9e13 bits.
        assert round(pointer_bits(1e6)) == 20 and round(pointer_bits(1e15)) == 50
        c = cost_comparison(1e15, 1.8e12, 16, 0.001)
        assert c.model_bits == pytest.approx(2.88e13)
        assert f"{c.bits_fraction:.1e}" == "1.7e-12" and f"{c.ratio:.0e}" == "6e+08"
        assert f"{c.pointer_bits:.1f}" == "49.8"

    def test_report_speed_calculation_is_the_default(self):
        # §4.4: 10 deciding steps out of fewer than 10,000 serial steps (1,000 layers) is about 0.1% of compute.
        assert serial_share() == REPORT_SPEED_COST == pytest.approx(0.001)
        assert cost_comparison().compute_fraction == REPORT_SPEED_COST
        assert class_inputs().speed_costs[3] == REPORT_SPEED_COST
        with pytest.raises(ValueError, match="deciding_steps"):
            serial_share(20, 10)
        with pytest.raises(ValueError, match="serial_steps"):
            serial_share(1, 0)

    def test_ratio_is_infinite_when_bits_are_free(self):
        assert cost_comparison(1, 1e9, 16, 0.01).ratio == math.inf

    @pytest.mark.parametrize("name", ["n_concepts", "n_params", "bits_per_param", "extra_reasoning"])
    @pytest.mark.parametrize("bad", [*BAD_REALS, -1.0, 0.5e-3])
    def test_bad_input_raises(self, name, bad):
        if name == "extra_reasoning" and bad == 0.5e-3:
            return  # a valid share
        with pytest.raises(ValueError, match=name):
            cost_comparison(**{name: bad})


# ------------------------------------------------------------------------------------------------------------
# Every preset labelled as the author's view lands in his region (report §4.7, §5: roughly 25%)
# ------------------------------------------------------------------------------------------------------------

AUTHOR_REGION = (0.10, 0.40)


def _author_view_presets() -> list[tuple[str, str, dict, float]]:
    import importlib
    import pkgutil

    import scheming_companion.models as pkg

    found = []
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for name, (preset, pressure) in getattr(module, "AUTHOR_VIEW_PRESETS", {}).items():
            found.append((info.name, name, preset, pressure))
    return found


AUTHOR_VIEW = _author_view_presets()


def test_author_view_presets_are_registered():
    # Every module-level *PRESET* dict in the models must be registered, so none escapes the range test below.
    import importlib
    import pkgutil

    import scheming_companion.models as pkg

    registered = {(m, n) for m, n, _, _ in AUTHOR_VIEW}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for name, value in vars(module).items():
            if name.isupper() and "PRESET" in name and name != "AUTHOR_VIEW_PRESETS" and isinstance(value, dict):
                assert (info.name, name) in registered, f"models.{info.name}.{name} is not in AUTHOR_VIEW_PRESETS"
    assert ("selection", "ILLUSTRATIVE_PRESET") in registered


@pytest.mark.parametrize(("module", "name", "preset", "pressure"), AUTHOR_VIEW,
                         ids=[f"{m}.{n}" for m, n, _, _ in AUTHOR_VIEW])
@pytest.mark.parametrize("frame", FRAMES)
def test_author_view_preset_lands_in_his_region(module, name, preset, pressure, frame):
    assert module == "selection", "add the computation for a new model's author-view preset here"
    share = selection_shares(class_inputs(**preset), pressure, frame)[3]
    lo, hi = AUTHOR_REGION
    assert lo <= share <= hi, f"{module}.{name} in the {frame} frame gives P(schemer) = {share:.1%}"
