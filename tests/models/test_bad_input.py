"""Bad input cannot pass: every public model function, fed random, extreme and invalid values.

For each public function of ``scheming_companion.models`` there is one good call below. Hypothesis then
replaces one argument at a time with NaN, infinities, negatives, out-of-range numbers, huge or empty sizes,
wrong types and random values. Each call must either return a valid result (every number in it finite, no
numpy warning on the way) or raise a ``ValueError`` whose message names the argument. Anything else (a
TypeError or IndexError from deep inside numpy, a silent NaN, an overflow warning) fails.

A new public model function without an entry in ``GOOD_CALLS`` fails ``test_every_public_model_function_is_fuzzed``.
Every live panel is also driven to the extremes of its controls.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import itertools
import math
import pkgutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scheming_companion.models as models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scheming_companion.explore import live_panel
from scheming_companion.explore.explorable import Slider
from scheming_companion.figures import EXPLORABLES
from scheming_companion.models import (
    DEFAULT_CLASSES,
    costs,
    counting,
    credence,
    empowerment,
    goal_guarding,
    goal_space,
    later_results,
    model_organism,
    proxy_goals,
    selection,
    simplicity_bias,
    situational_awareness,
    verdict,
)

#: One good call per public model function: (function, keyword arguments). Keys are "module.function".
GOOD_CALLS: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    "slack.selection_under_slack": (
        models.selection_under_slack, {"priors": [0.2, 0.3, 0.1, 0.4], "gaps": [0, 0.01, 0.005, 0.02], "pressure": 10.0}
    ),
    "slack.slack_crossover_pressure": (
        models.slack_crossover_pressure, {"prior_a": 0.4, "gap_a": 0.02, "prior_b": 0.2, "gap_b": 0.0}
    ),
    "slack.ModelClassWeights.with_class": (DEFAULT_CLASSES.with_class, {"name": "Schemer", "prior": 0.3, "gap": 0.01}),
    "costs.cost_comparison": (costs.cost_comparison, {"n_concepts": 1e6, "n_params": 1.8e12, "bits_per_param": 16.0,
                                                     "extra_reasoning": 0.001}),
    "costs.pointer_bits": (costs.pointer_bits, {"n_concepts": 1e6}),
    "costs.serial_share": (costs.serial_share, {"deciding_steps": 10, "serial_steps": 10_000}),
    "counting.GoalUniverse.counts": (counting.enumerate_goals(10).counts, {}),
    "counting.all_measure_shares": (counting.all_measure_shares, {"n_concepts": 10, "n_proxies": 2, "spec_bits": 1.0,
                                                                  "strength": 1.0, "ambition_levels": 2,
                                                                  "simplicity_weight": 0.5}),
    "counting.class_counts": (counting.class_counts, {"n_concepts": 10, "n_proxies": 2, "ambition_levels": 2}),
    "counting.counting_shares": (counting.counting_shares, {"n_concepts": 10, "measure": "hazy", "n_proxies": 2,
                                                            "spec_bits": 1.0, "strength": 1.0, "ambition_levels": 2,
                                                            "simplicity_weight": 0.5}),
    "counting.counts_and_shares": (counting.counts_and_shares, {"n_concepts": 10, "n_proxies": 2, "spec_bits": 1.0,
                                                                "strength": 1.0, "ambition_levels": 2,
                                                                "simplicity_weight": 0.5}),
    "counting.elias_gamma_bits": (counting.elias_gamma_bits, {"rank": np.arange(1, 6)}),
    "counting.enumerate_goals": (counting.enumerate_goals, {"n_concepts": 10, "n_proxies": 2, "spec_bits": 10.0,
                                                            "ambition_levels": 2}),
    "counting.schemer_share": (counting.schemer_share, {"n_concepts": 10, "measure": "pointer"}),
    "counting.measure_shares": (counting.measure_shares, {"universe": counting.enumerate_goals(10, spec_bits=3.0),
                                                          "measure": "simplicity", "strength": 1.0}),
    "credence.credence_breakdown": (credence.credence_breakdown, {"factors": dict(credence.DEFAULT_FACTORS)}),
    "credence.credence_from": (credence.credence_from, {"factors": dict(credence.DEFAULT_FACTORS)}),
    "credence.credence_sensitivity": (credence.credence_sensitivity, {"factors": dict(credence.DEFAULT_FACTORS),
                                                                      "swing": 0.1}),
    "credence.scheming_credence": (credence.scheming_credence, dict(credence.DEFAULT_FACTORS)),
    "empowerment.break_even": (empowerment.break_even, {"parameter": "p_takeover", "p_survive": 0.5, "power_share": 0.5,
                                                        "future_weight": 0.5, "reward_given_up": 0.1,
                                                        "coordination": 0.0}),
    "empowerment.scheming_payoff": (empowerment.scheming_payoff, {"p_survive": 0.5, "p_takeover": 0.2,
                                                                  "power_share": 0.5, "future_weight": 0.5,
                                                                  "reward_given_up": 0.1, "coordination": 0.1}),
    "goal_guarding.goal_guarding_dynamics": (goal_guarding.goal_guarding_dynamics, {
        "entanglement": 0.5, "noise": 0.1, "decay": 0.01, "reliability": 0.9, "steps": 10, "learning_rate": 0.75,
        "runs": 2, "record_every": 2, "seed": 0}),
    "goal_space.Landscape": (goal_space.Landscape, {"y_crit": 0.45, "barrier": 0.3, "saint_radius": 0.05}),
    "goal_space.Landscape.discs": (goal_space.Landscape().discs, {}),
    "goal_space.GoalPaths.shares": (goal_space.descend_goal_space(goal_space.Landscape(), [0.5], [0.5]).shares, {}),
    "goal_space.classify_goals": (goal_space.classify_goals, {"land": goal_space.Landscape(), "x": np.array([0.2, 0.9]),
                                                              "y": np.array([0.05, 0.6])}),
    "goal_space.descend_goal_space": (goal_space.descend_goal_space, {
        "land": goal_space.Landscape(), "starts_x": [0.2, 0.5], "starts_y": [0.1, 0.3], "incremental": True,
        "noise": 0.01, "seed": 0, "n_steps": 10}),
    "goal_space.path_dependence": (goal_space.path_dependence, {
        "land": goal_space.Landscape(), "centres": ((0.3, 0.1), (0.7, 0.2)), "spreads": [0.0, 0.5],
        "incremental": True, "n_starts": 20, "seed": 0}),
    "goal_space.random_starts": (goal_space.random_starts, {"n": 10, "seed": 0, "centre": (0.5, 0.1), "spread": 0.5,
                                                            "max_horizon": 0.35}),
    "goal_space.reward": (goal_space.reward, {"land": goal_space.Landscape(), "x": [0.2, 0.9], "y": [0.05, 0.6]}),
    "goal_space.total_variation": (goal_space.total_variation, {"p": [0.5, 0.5], "q": [0.25, 0.75]}),
    "proxy_goals.LotteryParams": (proxy_goals.LotteryParams, {"sa_time": 0.3, "adversarial": 0.05, "p_form": 0.15,
                                                              "p_beyond": 0.4, "p_ambitious": 0.5, "p_specified": 0.04,
                                                              "sacrifice": 0.03, "p_goal_guarding": 0.7,
                                                              "p_reward": 0.02}),
    "proxy_goals.LotteryResult.state_shares": (
        proxy_goals.proxy_goal_lottery(proxy_goals.LotteryParams(), n_runs=100).state_shares, {}),
    "proxy_goals.lottery_shares_by_seed": (proxy_goals.lottery_shares_by_seed, {
        "params": proxy_goals.LotteryParams(), "n_runs": 100, "seeds": [0, 1]}),
    "proxy_goals.proxy_goal_expected_shares": (proxy_goals.proxy_goal_expected_shares,
                                               {"params": proxy_goals.LotteryParams()}),
    "proxy_goals.proxy_goal_expected_shares_by_sa": (proxy_goals.proxy_goal_expected_shares_by_sa, {
        "params": proxy_goals.LotteryParams(), "sa_times": [0.1, 0.5]}),
    "proxy_goals.proxy_goal_lottery": (proxy_goals.proxy_goal_lottery, {"params": proxy_goals.LotteryParams(),
                                                                        "n_runs": 200, "seed": 0}),
    "proxy_goals.transition_matrix": (proxy_goals.transition_matrix, {"p": proxy_goals.LotteryParams(),
                                                                      "aware": True}),
    "goal_guarding.goal_guarding_scenarios": (goal_guarding.goal_guarding_scenarios, {"seed": 0}),
    "goal_guarding.goal_guarding_setup": (goal_guarding.goal_guarding_setup, {"seed": 0}),
    "later_results.results_bearing_on": (later_results.results_bearing_on,
                                         {"question": later_results.QUESTION_KEYS[0]}),
    "model_organism.backdoor_survival": (model_organism.backdoor_survival, {
        "hidden_units": 4, "safety_steps": 20, "safety_data": "look-alikes", "weight_decay": 0.001, "seed": 0,
        "backdoor_steps": 60, "learning_rate": 0.5}),
    "model_organism.backdoor_survival_grid": (model_organism.backdoor_survival_grid, {
        "hidden_units": [2, 4], "safety_data": ["absent"], "weight_decay": [0.0], "safety_steps": 20, "seed": 0,
        "backdoor_steps": 60, "learning_rate": 0.5}),
    "model_organism.train_networks": (model_organism.train_networks, {
        "widths": [2, 3], "sample_weights": np.ones((2, 128)),
        "targets": np.tile(model_organism.TRIGGERED, (2, 1)) * 1.0,
        "params": tuple(np.random.default_rng(0).normal(0.0, 0.5, shape)
                        for shape in ((2, 7, 3), (2, 3), (2, 3), (2,))),
        "steps": 5, "learning_rate": 0.5, "weight_decay": [0.0, 0.01], "record": True}),
    "selection.class_inputs": (selection.class_inputs, {"schemer_count_ratio": 10.0, "schemer_bits_saved": 1.0,
                                                        "schemer_speed_cost": 0.001, "passion_gap": 0.0,
                                                        "misgeneralized_count": 10.0}),
    "selection.priors_and_gaps": (selection.priors_and_gaps, {"inputs": selection.class_inputs(),
                                                              "frame": "extra-criteria",
                                                              "model_bits": 2.88e13, "speed_prior": 2000.0}),
    "selection.selection_shares": (selection.selection_shares, {"inputs": selection.class_inputs(), "pressure": 10.0,
                                                                "frame": "contributors", "model_bits": 2.88e13,
                                                                "speed_prior": 2000.0}),
    "simplicity_bias.boolean_inputs": (simplicity_bias.boolean_inputs, {"n_bits": 3}),
    "simplicity_bias.function_frequencies": (simplicity_bias.function_frequencies, {
        "codes": np.array([0, 1, 1, 255, 3]), "n_bits": 3}),
    "simplicity_bias.generalisation_of_prior": (simplicity_bias.generalisation_of_prior, {
        "codes": np.array([0, 1, 1, 255, 3]), "target": 1, "train_inputs": np.array([0, 1, 2, 3]), "n_bits": 3}),
    "simplicity_bias.lz76_phrases": (simplicity_bias.lz76_phrases, {"s": "0110"}),
    "simplicity_bias.lz_complexity": (simplicity_bias.lz_complexity, {"s": "0110"}),
    "simplicity_bias.mean_generalisation": (simplicity_bias.mean_generalisation, {
        "codes": np.array([0, 1, 1, 255, 3]), "target": 1, "n_bits": 3, "n_train": 4, "n_splits": 3, "seed": 0}),
    "simplicity_bias.named_functions": (simplicity_bias.named_functions, {"n_bits": 3, "seed": 0}),
    "simplicity_bias.sample_network_functions": (simplicity_bias.sample_network_functions, {
        "n_bits": 3, "width": 4, "depth": 1, "n_samples": 50, "weight_scale": 1.0, "bias_scale": 1.0, "seed": 0}),
    "simplicity_bias.training_inputs": (simplicity_bias.training_inputs, {"n_bits": 3, "n_train": 4, "seed": 0}),
    "simplicity_bias.truth_table_bits": (simplicity_bias.truth_table_bits, {"code": 5, "n_inputs": 8}),
    "situational_awareness.training_posterior": (situational_awareness.training_posterior, {
        "prior": 0.5, "observed": [True, False, False, True], "disguise": 0.0}),
    "verdict.check_answers": (verdict.check_answers, {"answers": {"ch02": {"beyond_episode_goal": 0.3}},
                                                      "name": "answers"}),
    "verdict.is_probability": (verdict.is_probability, {"value": 0.5}),
    "verdict.effective_factors": (verdict.effective_factors, {"answers": {"ch04": {"survives_selection": 0.2}}}),
    "verdict.bottom_line": (verdict.bottom_line, {"answers": {"ch04": {"survives_selection": 0.2}}}),
    "verdict.trail": (verdict.trail, {"answers": {"ch01": {"survives_selection": 0.9}}}),
    "verdict.class_summary": (verdict.class_summary, {"answers": [{}, {"ch02": {"beyond_episode_goal": 1}}]}),
    "taxonomy.classify_model": (
        models.classify_model,
        {"situationally_aware": True, "training_gaming": True, "pursues_specified_goal": False,
         "motive": "instrumental", "for_power_later": True, "guards_goals": True},
    ),
}

#: Functions whose documented answer can be +inf (e.g. "these two classes never cross"); NaN is still refused.
DOCUMENTED_INF = {"slack.slack_crossover_pressure"}

BATTERY: list[Any] = [
    math.nan, math.inf, -math.inf, -1, -1e-9, 0, 1.5, 2, 1e308, -1e308, 10**400, 5e-324, 10**9,
    True, False, np.True_, "0.5", "", None, [], (), {}, object(), np.array([]), np.array([np.nan]),
    np.array([[0.1, 0.2], [0.3, 0.4]]), [math.nan], [1.0, -1.0], [0.5] * 10_000, np.float32(math.inf),
]
VALUES = st.one_of(
    st.sampled_from(BATTERY),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=6),
    st.text(max_size=4),
)


def _public_functions() -> set[str]:
    """Every public function and public method of a public class in ``scheming_companion.models``."""
    found = set()
    for info in pkgutil.iter_modules(models.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                found.add(f"{info.name}.{name}")
            elif inspect.isclass(obj):
                for meth, fn in vars(obj).items():
                    if not meth.startswith("_") and inspect.isfunction(fn):
                        found.add(f"{info.name}.{name}.{meth}")
    return found


#: Model modules whose input is a whole document rather than numbers, fuzzed by their own test file instead:
#: module -> that file (it must hold hypothesis tests of corrupted input).
OWN_FUZZ = {"argmap": "test_argmap.py"}


def test_every_public_model_function_is_fuzzed() -> None:
    missing = {f for f in _public_functions() - set(GOOD_CALLS) if f.split(".")[0] not in OWN_FUZZ}
    assert not missing, f"add a good call to GOOD_CALLS for: {sorted(missing)}"
    for module, file in OWN_FUZZ.items():
        text = (Path(__file__).parent / file).read_text("utf-8")
        assert "@given" in text and "ValueError" in text, f"{file} must fuzz {module} with corrupted input"


def _finite(obj: Any, where: str = "result", allow_inf: bool = False) -> None:
    """Every number reachable in ``obj`` is finite (or +inf, where that is a documented answer)."""
    if isinstance(obj, (bool, np.bool_, str, type(None))):
        return
    if isinstance(obj, (int, float, np.number)):
        assert math.isfinite(float(obj)) or (allow_inf and float(obj) == math.inf), f"{where} = {obj}"
    elif isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc":
            assert np.all(np.isfinite(obj)), f"{where} has non-finite entries"
        elif obj.dtype == object:
            for i, x in enumerate(obj.flat):
                _finite(x, f"{where}[{i}]")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _finite(getattr(obj, f.name), f"{where}.{f.name}")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _finite(v, f"{where}[{k!r}]")
    elif isinstance(obj, (list, tuple)):
        for i, x in enumerate(obj):
            _finite(x, f"{where}[{i}]")


def _check_call(key: str, param: str, value: Any) -> None:
    fn, good = GOOD_CALLS[key]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow or invalid-value warning from numpy is a failure too
        try:
            result = fn(**{**good, param: value})
        except ValueError as err:
            assert param in str(err), f"{key}({param}={value!r}): ValueError does not name {param!r}: {err}"
            return
    _finite(result, f"{key}({param}={value!r})", allow_inf=key in DOCUMENTED_INF)


@pytest.mark.parametrize("key", sorted(GOOD_CALLS))
def test_good_call_is_valid(key: str) -> None:
    fn, good = GOOD_CALLS[key]
    _finite(fn(**good))
    assert key not in DOCUMENTED_INF or math.isfinite(fn(**good)), "the good call should give a finite answer"


PARAMS = [(key, p) for key in sorted(GOOD_CALLS) for p in GOOD_CALLS[key][1]]


@pytest.mark.parametrize(("key", "param"), PARAMS, ids=[f"{k}:{p}" for k, p in PARAMS])
def test_battery_of_bad_values(key: str, param: str) -> None:
    for value in BATTERY:
        _check_call(key, param, value)


@pytest.mark.parametrize(("key", "param"), PARAMS, ids=[f"{k}:{p}" for k, p in PARAMS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=VALUES)
def test_random_values(key: str, param: str, value: Any) -> None:
    _check_call(key, param, value)


@pytest.mark.parametrize("name", sorted(EXPLORABLES))
def test_live_panel_survives_the_extremes_of_its_controls(name: str) -> None:
    ex = EXPLORABLES[name]()
    panel = live_panel(ex)
    sliders = [p for p in ex.params if isinstance(p, Slider)]
    corners = list(itertools.product(*[(p.values[0], p.values[-1]) for p in sliders]))[:64]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for corner in corners:
            values = dict(zip((p.name for p in sliders), corner))
            panel.set(**values)
            assert panel.readout.value, f"{name} at {values}: empty readout"
            for trace in panel.figure.data:
                for axis in ("x", "y", "z"):
                    data = getattr(trace, axis, None)
                    if data is not None and np.asarray(data).dtype.kind == "f":
                        assert np.all(np.isfinite(np.asarray(data))), f"{name} at {values}: non-finite {axis}"
