"""Does scheming pay? An expected-value view of adequate future empowerment (report §2.3.1.2, §2.3.2).

The book's own toy, not a calculation from the report. A situationally aware model with a beyond-episode
goal compares two policies, in units where "its goals get all the power there is, in the future it cares
about" is worth 1:

* **scheme** (training-game to guard its goals): its goals survive training with probability
  ``p_survive`` (the goal-guarding hypothesis, §2.3.1.1); an escape or takeover that pays off within its
  goals' horizon happens with probability ``p_takeover`` (§2.3.1.2.3-4); its values then get a share
  ``power_share`` of the power (§2.3.1.2.5); and it weighs that future against the present by
  ``future_weight`` (§2.3.1.2.1-2). If its own goals do not survive, other AIs it helped may still give
  its values a share: the ``coordination`` pull (a non-classic story, §2.3.2) is the chance of that.

      value(scheme) = future_weight * p_takeover * power_share * (p_survive + (1 - p_survive) * coordination)

* **not scheme**: it acts on its goals now and gets ``reward_given_up``: what training-gaming would cost
  it, such as the side goals it would have to forgo, or a deal it could take (§2.3.1.2.6).

Scheming pays when value(scheme) > reward_given_up. The margin is affine in every parameter, so the
decision boundary over any parameter has a closed form (:func:`break_even`).
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass

import numpy as np

from ._validate import check_array, check_broadcast, check_choice

#: The parameters of the calculator, in order, with their allowed ranges (all in [0, 1]).
PAYOFF_PARAMETERS: tuple[str, ...] = (
    "p_survive",
    "p_takeover",
    "power_share",
    "future_weight",
    "reward_given_up",
    "coordination",
)
MAX_SIZE = 1_000_000


@dataclass(frozen=True)
class SchemingPayoff:
    """Result of :func:`scheming_payoff`; every field has the broadcast shape of the inputs."""

    value_scheme: np.ndarray
    value_not: np.ndarray
    margin: np.ndarray
    """value_scheme - value_not: positive where scheming pays."""
    pays: np.ndarray
    """Boolean: does scheming pay (strictly)?"""


def _probabilities(values: dict[str, object]) -> tuple[dict[str, np.ndarray], tuple[int, ...]]:
    """Each named value as an array of probabilities (a scalar, or up to 3-d), and the shape they broadcast to."""
    out = {name: check_array(name, value, 0.0, 1.0, ndim=None, max_size=MAX_SIZE) for name, value in values.items()}
    return out, check_broadcast(out, MAX_SIZE)


def _value_scheme(p: dict[str, np.ndarray]) -> np.ndarray:
    keep = p["p_survive"] + (1.0 - p["p_survive"]) * p["coordination"]
    return np.asarray(p["future_weight"] * p["p_takeover"] * p["power_share"] * keep)


def scheming_payoff(
    p_survive: object,
    p_takeover: object,
    power_share: object,
    future_weight: object,
    reward_given_up: object,
    coordination: object = 0.0,
) -> SchemingPayoff:
    """Expected value of scheming versus not scheming (book's toy for report §2.3.1.2 and §2.3.2).

    Parameters (each a number or an array in [0, 1]; arrays broadcast)
    ----------
    p_survive
        Probability that training-gaming carries the model's goals through training (and on to the payoff).
    p_takeover
        Probability that an escape or takeover happens within the goals' horizon and succeeds.
    power_share
        Share of the resulting power that the model's values get.
    future_weight
        How much the model values that future relative to the present (1: not discounted at all).
    reward_given_up
        Value to the model of not training-gaming (acting on its goals now, or a deal), in units of "its goals
        get all the power".
    coordination
        Chance that, if its own goals do not survive, AIs it helped still give its values their share.
    """
    p, shape = _probabilities(
        dict(p_survive=p_survive, p_takeover=p_takeover, power_share=power_share, future_weight=future_weight,
             reward_given_up=reward_given_up, coordination=coordination)
    )
    scheme = np.broadcast_to(_value_scheme(p), shape).astype(float)
    not_ = np.broadcast_to(p["reward_given_up"], shape).astype(float)
    margin = scheme - not_
    return SchemingPayoff(value_scheme=scheme, value_not=not_, margin=margin, pays=margin > 0)


#: For each parameter, what its break-even value is undefined for: the margin's slope in that parameter is
#: the product of these factors (and the margin does not depend on the parameter where it is 0).
_SLOPE_FACTORS: dict[str, str] = {
    "p_survive": "future_weight, p_takeover, power_share or 1 - coordination",
    "p_takeover": "future_weight, power_share or p_survive + (1 - p_survive) * coordination",
    "power_share": "future_weight, p_takeover or p_survive + (1 - p_survive) * coordination",
    "future_weight": "p_takeover, power_share or p_survive + (1 - p_survive) * coordination",
    "reward_given_up": "",  # the margin always falls one for one with the value given up
    "coordination": "future_weight, p_takeover, power_share or 1 - p_survive",
}
UNDEFINED_CHOICES = ("raise", "nan")


def break_even(parameter: str, *, undefined: object = "raise", **others: object) -> np.ndarray:
    """The value of ``parameter`` at which scheming and not scheming are worth the same (report §2.3.1.2).

    ``others`` gives the other five parameters (numbers or broadcasting arrays in [0, 1]; ``coordination``
    defaults to 0). The margin is affine in each parameter, so the answer is exact: ``-m(0) / (m(1) - m(0))``
    where ``m(x)`` is the margin with ``parameter = x``. The result may lie outside [0, 1] (no boundary in
    range).

    Where the margin does not depend on ``parameter`` at all (its slope ``m(1) - m(0)`` is 0, e.g. for
    ``p_takeover`` when ``future_weight``, ``power_share`` or ``p_survive + (1 - p_survive) * coordination``
    is 0) there is no break-even value. With ``undefined="raise"`` (the default) that is a ValueError naming
    the parameters that make it undefined, as is a slope so small that the answer is too large for a float;
    with ``undefined="nan"`` those entries are ``nan`` instead, for callers that sweep a grid and handle the
    flat columns themselves.
    """
    parameter = check_choice("parameter", parameter, PAYOFF_PARAMETERS)
    mode = check_choice("undefined", undefined, UNDEFINED_CHOICES)
    expected = set(PAYOFF_PARAMETERS) - {parameter}
    given = dict(others)
    if parameter != "coordination":
        given.setdefault("coordination", 0.0)
    unknown = set(given) - expected
    missing = expected - set(given)
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)}; break_even needs {sorted(expected)}")
    if missing:
        raise ValueError(f"missing parameter(s) {sorted(missing)} for break_even({parameter!r})")
    m0 = scheming_payoff(**{**given, parameter: 0.0}).margin  # type: ignore[arg-type]
    m1 = scheming_payoff(**{**given, parameter: 1.0}).margin  # type: ignore[arg-type]
    slope = m1 - m0
    if mode == "nan":
        with np.errstate(divide="ignore", invalid="ignore"):
            x = np.where(slope != 0, -m0 / np.where(slope != 0, slope, 1.0), np.nan)
        return np.asarray(x, dtype=float)
    flat = slope == 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = np.where(~flat, -m0 / np.where(flat, 1.0, slope), np.nan)
    if np.any(flat) or not np.all(np.isfinite(x)):
        settings = ", ".join(f"{k}={reprlib.repr(v)}" for k, v in sorted(given.items()))
        why = (f"the margin does not depend on {parameter} when {_SLOPE_FACTORS[parameter]} is 0"
               if np.any(flat) else
               f"the margin depends so little on {parameter} that its break-even value is too large for a float")
        raise ValueError(
            f"break_even({parameter!r}) is undefined: {why} (or their product is too small for a float); "
            f"got {settings}. Pass undefined='nan' to get nan there instead."
        )
    return np.asarray(x, dtype=float)
