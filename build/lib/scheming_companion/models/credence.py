"""The credence explorer (report §0, §5): P(scheming | the report's conditions) split into factors from §2-§4.

This decomposition is the book's own teaching device, not the report's. The report gives one holistic
number, about 25% (§0, §5), later "maybe 20%" (the author's February 2024 slides), and says it did not
come from multiplying factors. The book splits the question into six judgements a reader can make one at
a time, all conditional on the report's conditions (a coherently goal-directed, situationally aware,
somewhat-better-than-human model trained with baseline methods on diverse, long-horizon, real-world tasks):

* ``beyond_episode_goal`` - the model ends up with a goal that reaches past the episode (§2.2; the
  path arguments of §3.1-§3.2 and the counting argument of §4.2 bear on it);
* ``ambitious`` - that goal is ambitious enough for later power to matter to it (§2.3.1.2, §3.1);
* ``goal_guarding`` - training-gaming would keep the goal close enough to intact (§2.3.1.1);
* ``empowerment`` - the guarded goal can expect enough power later to make the plan worth it (§2.3.1.2);
* ``non_classic`` - if the classic goal-guarding story fails, some non-classic story (AI coordination,
  similar values) still makes scheming pay (§2.3.2);
* ``survives_selection`` - training's pressure on the final model (speed costs against simplicity, under
  the training's slack) does not remove the schemer (§4.3-§4.6, §1.5).

The combination is

    classic = ambitious * goal_guarding * empowerment
    pays    = 1 - (1 - classic) * (1 - non_classic)
    P       = beyond_episode_goal * pays * survives_selection

A chain of "and"s (a product) shrinks fast; an "or" of routes (the second line) pushes back. The same
arithmetic, in the same order of operations, runs in the static book's page (``static/scheming-models.js``)
and is checked against this module in the browser test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import check_array, check_real

#: The factors, in the order the explorer shows them.
FACTOR_NAMES: tuple[str, ...] = (
    "beyond_episode_goal",
    "ambitious",
    "goal_guarding",
    "empowerment",
    "non_classic",
    "survives_selection",
)

#: Short labels (for sliders and the tornado chart) and the report sections each factor draws on.
FACTOR_LABELS: dict[str, str] = {
    "beyond_episode_goal": "Beyond-episode goal arises",
    "ambitious": "Goal ambitious enough",
    "goal_guarding": "Goal-guarding works",
    "empowerment": "Adequate future empowerment",
    "non_classic": "Non-classic route instead",
    "survives_selection": "Survives selection",
}
FACTOR_SECTIONS: dict[str, str] = {
    "beyond_episode_goal": "§2.2, §3.1–§3.2, §4.2",
    "ambitious": "§2.3.1.2, §3.1",
    "goal_guarding": "§2.3.1.1",
    "empowerment": "§2.3.1.2",
    "non_classic": "§2.3.2",
    "survives_selection": "§4.3–§4.6, §1.5",
}

#: The book's starting point: every factor at a coin flip. Not the author's numbers (he gives none).
DEFAULT_FACTORS: dict[str, float] = dict.fromkeys(FACTOR_NAMES, 0.5)

#: The author's holistic credences (not products of factors): the report (Nov 2023) and, later, his
#: February 2024 slides ("maybe 20%").
REPORT_CREDENCE = 0.25
LATER_CREDENCE = 0.20

#: Largest swing the sensitivity chart accepts (a factor moved this far down and up, clipped to [0, 1]).
MAX_SWING = 0.5


def _probability(name: str, value: object) -> Any:
    # Scalars stay Python floats (exactly what the page computes); arrays are validated as a whole.
    try:
        ndim = np.ndim(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # ragged nested lists
        raise ValueError(f"{name} must be a probability in [0, 1] or an array of them, got {value!r}") from None
    if ndim == 0 and not isinstance(value, np.ndarray):
        return check_real(name, value, 0.0, 1.0)
    return check_array(name, value, 0.0, 1.0, ndim=ndim)


def scheming_credence(
    beyond_episode_goal: object,
    ambitious: object,
    goal_guarding: object,
    empowerment: object,
    non_classic: object,
    survives_selection: object,
) -> Any:
    """P(scheming | the report's conditions) from the book's six factors (teaching device for §0 and §5).

    Parameters
    ----------
    beyond_episode_goal, ambitious, goal_guarding, empowerment, non_classic, survives_selection
        Probabilities in [0, 1] (see the module docstring for what each one is and which sections it draws
        on). Scalars give a float; arrays (any shape, broadcast together, at most a million entries) give
        an array.

    Returns
    -------
    float or numpy.ndarray
        ``beyond_episode_goal * (1 - (1 - ambitious * goal_guarding * empowerment) * (1 - non_classic))
        * survives_selection``, in [0, 1].
    """
    names = FACTOR_NAMES
    raw = (beyond_episode_goal, ambitious, goal_guarding, empowerment, non_classic, survives_selection)
    vals = [_probability(n, v) for n, v in zip(names, raw, strict=True)]
    if any(isinstance(v, np.ndarray) for v in vals):
        try:
            vals = list(np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in vals]))
        except ValueError:
            shapes = ", ".join(f"{n} {np.shape(v)}" for n, v in zip(names, vals, strict=True))
            raise ValueError(f"the factors' shapes must broadcast together, got {shapes}") from None
        if vals[0].size > 1_000_000:
            raise ValueError(f"the factors must have at most 1000000 entries together, got {vals[0].size}")
    beg, amb, gg, emp, nc, surv = vals
    # Order of operations matters for bit-for-bit agreement with the page's script: keep it in step.
    classic = amb * gg * emp
    pays = 1.0 - (1.0 - classic) * (1.0 - nc)
    return beg * pays * surv


def credence_from(factors: Mapping[str, object]) -> Any:
    """``scheming_credence`` from a mapping of factor name to value (missing factors take the defaults)."""
    if not isinstance(factors, Mapping):
        raise ValueError(f"factors must be a mapping of factor names to probabilities, got {factors!r}")
    unknown = sorted(set(factors) - set(FACTOR_NAMES))
    if unknown:
        raise ValueError(f"unknown factor(s) {unknown}; factors are {', '.join(FACTOR_NAMES)}")
    merged = {**DEFAULT_FACTORS, **factors}
    return scheming_credence(*(merged[n] for n in FACTOR_NAMES))


@dataclass(frozen=True)
class Breakdown:
    """The estimate and how much of it runs through the classic goal-guarding route."""

    total: float
    classic_route: float
    other_routes: float


def credence_breakdown(factors: Mapping[str, object]) -> Breakdown:
    """The total estimate, the part through the classic goal-guarding story alone (§2.3.1), and the rest.

    ``classic_route`` is the estimate with ``non_classic`` set to 0; ``other_routes`` is what the
    non-classic stories (§2.3.2) add on top.
    """
    total = float(credence_from(factors))
    classic = float(credence_from({**dict(factors), "non_classic": 0.0}))
    return Breakdown(total=total, classic_route=classic, other_routes=total - classic)


@dataclass(frozen=True)
class Sensitivity:
    """One bar of the tornado chart: a factor moved down and up by the swing, the others held."""

    name: str
    low_setting: float
    high_setting: float
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def credence_sensitivity(factors: Mapping[str, object], swing: object = 0.1) -> tuple[Sensitivity, ...]:
    """Tornado analysis of the credence: each factor moved by ``swing`` down and up (clipped to [0, 1]).

    Parameters
    ----------
    factors
        Factor name -> probability in [0, 1] (missing factors take the defaults, 0.5).
    swing
        How far each factor is moved each way, in (0, 0.5].

    Returns
    -------
    tuple of Sensitivity
        One row per factor, largest effect (``high - low``) first; ties keep the order of ``FACTOR_NAMES``.
    """
    s = check_real("swing", swing, 0.0, MAX_SWING)
    if s <= 0:
        raise ValueError(f"swing must be a finite number in (0, {MAX_SWING}], got {swing!r}")
    if not isinstance(factors, Mapping):
        raise ValueError(f"factors must be a mapping of factor names to probabilities, got {factors!r}")
    credence_from(factors)  # validates names and values
    base = {n: float(v) for n, v in {**DEFAULT_FACTORS, **factors}.items()}  # type: ignore[arg-type]
    rows = []
    for name in FACTOR_NAMES:
        lo_set = max(0.0, base[name] - s)
        hi_set = min(1.0, base[name] + s)
        low = float(credence_from({**base, name: lo_set}))
        high = float(credence_from({**base, name: hi_set}))
        rows.append(Sensitivity(name, lo_set, hi_set, low, high))
    return tuple(sorted(rows, key=lambda r: -r.width))  # sorted() is stable: ties keep factor order
