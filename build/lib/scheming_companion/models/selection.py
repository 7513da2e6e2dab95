"""Selection among model classes by counting × simplicity × speed × slack (report §4.1–§4.6).

The book's own toy, built on the §1.5 slack toy (:func:`selection_under_slack`): each class gets a prior
weight and a reward gap, and ``P(class) ∝ prior × exp(-pressure × gap)``. What this module adds is where
the prior and the gap come from, and the two frames of §4.1:

* **counting** always enters the prior: a class of ``N`` goals weighs ``N`` times one goal (§4.2);
* **passion** (§4.5) is a difference in task performance, so it always enters the reward gap;
* in the **contributors-to-reward** frame, simplicity and speed matter only through reward: each bit of
  goal content costs ``1 / model_bits`` of reward (the parameters it uses cannot do other work), and a
  fraction ``s`` of compute spent on scheming reasoning costs a fraction ``s`` of reward;
* in the **extra-criteria** frame, they are inductive biases that do not pass through reward: a goal of
  ``K`` bits has prior weight ``2 ** -K`` and extra reasoning ``s`` has weight ``exp(-speed_prior × s)``.

Slack (the inverse of selection pressure) scales only the reward gaps, so it weakens the simplicity and
speed arguments in the first frame and leaves them untouched in the second. The exchange rates
(``model_bits``, ``speed_prior``, one unit of reward per unit of compute) are the book's assumptions; the
report gives none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validate import check_array, check_choice, check_real
from .costs import REPORT_SPEED_COST
from .slack import MAX_PRESSURE, selection_under_slack

SELECTION_CLASSES = ("Training saint", "Misgeneralized non-training-gamer", "Reward-on-the-episode seeker", "Schemer")
FRAMES = ("contributors", "extra-criteria")
#: Model size in bits used to price a bit of goal content in the contributors frame: 1.8e12 parameters at
#: 16 bits each (the book's illustration; see costs.py).
DEFAULT_MODEL_BITS = 1.8e12 * 16
#: Weight of the speed prior in the extra-criteria frame, in nats per unit of compute fraction (book's
#: assumption: the report's 0.1% of compute costs a factor e**2, about 7.4).
DEFAULT_SPEED_PRIOR = 2000.0
#: Selection pressure at which the explorable opens (book's choice: a reward gap of 0.1% costs a factor e).
DEFAULT_PRESSURE = 1000.0
#: Goal content of the non-schemer classes, in bits (book's assumption; only differences matter).
BASE_GOAL_BITS = 60.0


@dataclass(frozen=True)
class SelectionInputs:
    """Per-class inputs of the selection model, in SELECTION_CLASSES order."""

    counts: tuple[float, ...]
    goal_bits: tuple[float, ...]
    speed_costs: tuple[float, ...]
    passion_gaps: tuple[float, ...]


def class_inputs(
    schemer_count_ratio: object = 10.0,
    schemer_bits_saved: object = 1.0,
    schemer_speed_cost: object = REPORT_SPEED_COST,
    passion_gap: object = 0.0,
    *,
    misgeneralized_count: object = 10.0,
) -> SelectionInputs:
    """The four classes with the schemer's differences set (§4.2–§4.5).

    Saint and reward seeker count one goal each, the misgeneralized class ``misgeneralized_count``; all
    three have goals of ``BASE_GOAL_BITS`` bits, no extra reasoning and no passion gap. The schemer has
    ``schemer_count_ratio`` goals (in [1, 1e12]), goals ``schemer_bits_saved`` bits simpler (in [0, 60]),
    spends ``schemer_speed_cost`` of its compute on scheming reasoning (in [0, 1]) and loses
    ``passion_gap`` of reward for lacking task-directed drives (in [0, 1]).
    """
    n = check_real("schemer_count_ratio", schemer_count_ratio, 1.0, 1e12)
    dk = check_real("schemer_bits_saved", schemer_bits_saved, 0.0, BASE_GOAL_BITS)
    s = check_real("schemer_speed_cost", schemer_speed_cost, 0.0, 1.0)
    d = check_real("passion_gap", passion_gap, 0.0, 1.0)
    m = check_real("misgeneralized_count", misgeneralized_count, 1.0, 1e12)
    k = BASE_GOAL_BITS
    return SelectionInputs((1.0, m, 1.0, n), (k, k, k, k - dk), (0.0, 0.0, 0.0, s), (0.0, 0.0, 0.0, d))


def priors_and_gaps(
    inputs: SelectionInputs,
    frame: object = "contributors",
    *,
    model_bits: object = DEFAULT_MODEL_BITS,
    speed_prior: object = DEFAULT_SPEED_PRIOR,
) -> tuple[np.ndarray, np.ndarray]:
    """Prior weights (normalised, largest 1) and reward gaps of each class in one §4.1 frame."""
    if not isinstance(inputs, SelectionInputs):
        raise ValueError(f"inputs must be a SelectionInputs (as made by class_inputs), got {inputs!r}")
    fr = check_choice("frame", frame, FRAMES)
    mb = check_real("model_bits", model_bits, 1.0, 1e20)
    sp = check_real("speed_prior", speed_prior, 0.0, 1e4)
    counts = check_array("counts", inputs.counts, 1.0, 1e12)
    bits = check_array("goal_bits", inputs.goal_bits, 0.0, 1e3)
    speed = check_array("speed_costs", inputs.speed_costs, 0.0, 1.0)
    passion = check_array("passion_gaps", inputs.passion_gaps, 0.0, 1.0)
    if not counts.size == bits.size == speed.size == passion.size:
        raise ValueError("counts, goal_bits, speed_costs and passion_gaps must have the same length")
    logp = np.log(counts)
    # Only differences from the simplest goal matter: pricing bits relative to it keeps gaps in [0, 1].
    extra_bits = bits - bits.min()
    if fr == "contributors":
        gaps = np.minimum(extra_bits / mb + speed + passion, 1.0)
    else:
        logp = logp - extra_bits * math.log(2) - sp * speed
        gaps = passion
    priors = np.exp(logp - logp.max())
    return priors, gaps




def selection_shares(
    inputs: SelectionInputs,
    pressure: object,
    frame: object = "contributors",
    *,
    model_bits: object = DEFAULT_MODEL_BITS,
    speed_prior: object = DEFAULT_SPEED_PRIOR,
) -> np.ndarray:
    """Probability of each class after selection at ``pressure`` (in [0, 1e6]) in one §4.1 frame.

    ``inputs`` is a :class:`SelectionInputs`, as in :func:`priors_and_gaps`.

    Returns shape ``(4,)`` for a scalar pressure and ``(n, 4)`` for ``n`` pressures; rows sum to 1.
    """
    priors, gaps = priors_and_gaps(inputs, frame, model_bits=model_bits, speed_prior=speed_prior)
    return selection_under_slack(priors, gaps, pressure)


#: An illustration of the author's qualitative ranking (§4.7), not his numbers (the numbers are the book's
#: choice): counting gives schemers some weight (ten goals for every saint goal, so before anything else
#: they hold 10 of 22 parts of the prior), simplicity a small push their way (one bit, a factor of 2 in the
#: extra-criteria frame and next to nothing through reward), and the report's 0.1% speed cost a larger push
#: against them (a factor e**-2 in the extra-criteria frame, e**-1 through reward at DEFAULT_PRESSURE). No
#: weight on passion (he gives it little; zero keeps the frame contrast clean). At DEFAULT_PRESSURE the
#: schemer gets about 18% in the extra-criteria frame and 23% in the contributors frame: the region of his
#: roughly 25%, not near-certainty.
ILLUSTRATIVE_PRESET = {"schemer_count_ratio": 10.0, "schemer_bits_saved": 1.0,
                       "schemer_speed_cost": REPORT_SPEED_COST, "passion_gap": 0.0}
#: Every preset in this module that is labelled as the author's view, with the pressure it is read at: a
#: test pins each to his region (roughly 10-40%) in both frames.
AUTHOR_VIEW_PRESETS = {"ILLUSTRATIVE_PRESET": (ILLUSTRATIVE_PRESET, DEFAULT_PRESSURE)}
MAX_SELECTION_PRESSURE = MAX_PRESSURE
