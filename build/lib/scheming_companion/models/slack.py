"""Slack and selection pressure (report §1.5): how hard training optimises decides whether priors or
reward gaps pick the model class.

This is the book's own toy, not a model from the report and not a model of SGD. Training is treated as
repeated selection among a few model classes: each round multiplies a class's weight by
``exp(-beta * gap)``, where ``gap`` is how far the class's behaviour falls below maximal reward. After
``T`` rounds only the product ``pressure = beta * T`` matters, and

    P(class i) = prior_i * exp(-pressure * gap_i) / sum_j prior_j * exp(-pressure * gap_j).

High slack is small pressure (the prior decides); low slack is large pressure (the smallest gap wins).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validate import check_array, check_choice, check_real

#: Largest selection pressure the toy accepts; beyond it every share is already 0 or 1 to float precision.
MAX_PRESSURE = 1e6
#: Largest reward gap, as a fraction of maximal reward.
MAX_GAP = 1.0


@dataclass(frozen=True)
class ModelClassWeights:
    """A set of model classes with a prior weight and a reward gap each (§1.5 toy)."""

    names: tuple[str, ...]
    priors: tuple[float, ...]
    gaps: tuple[float, ...]

    def with_class(self, name: str, *, prior: float | None = None, gap: float | None = None) -> ModelClassWeights:
        """Return a copy with one class's prior and/or gap replaced."""
        i = self.names.index(check_choice("name", name, self.names))
        priors = list(self.priors)
        gaps = list(self.gaps)
        if prior is not None:
            priors[i] = check_real("prior", prior, 0.0, 1.0)
        if gap is not None:
            gaps[i] = check_real("gap", gap, 0.0, MAX_GAP)
        return ModelClassWeights(self.names, tuple(priors), tuple(gaps))


#: Illustrative defaults: the schemer has the largest prior (a counting-style intuition, §4.2) and the
#: largest reward gap (the cost of extra instrumental reasoning, §4.4). Both numbers are made up.
DEFAULT_CLASSES = ModelClassWeights(
    names=("Training saint", "Misgeneralized non-training-gamer", "Reward-on-the-episode seeker", "Schemer"),
    priors=(0.2, 0.3, 0.1, 0.4),
    gaps=(0.0, 0.01, 0.005, 0.02),
)


def selection_under_slack(priors: object, gaps: object, pressure: object) -> np.ndarray:
    """Probability of each model class after selection of a given strength (report §1.5).

    Parameters
    ----------
    priors
        Prior weight of each class, shape ``(k,)``, each in [0, 1e12]; at least one must be positive.
        They are normalised, so only their ratios matter.
    gaps
        Reward gap of each class below maximal reward, shape ``(k,)``, each in [0, 1] (fraction of the
        maximal reward).
    pressure
        Selection pressure ``beta * T`` (inverse slack), a scalar or a 1-d array of values in [0, 1e6].

    Returns
    -------
    numpy.ndarray
        Shape ``(k,)`` for a scalar pressure, ``(n, k)`` for ``n`` pressures; each row sums to 1.
    """
    p = check_array("priors", priors, 0.0, 1e12)
    g = check_array("gaps", gaps, 0.0, MAX_GAP)
    if p.shape != g.shape:
        raise ValueError(f"priors and gaps must have the same length, got {p.size} and {g.size}")
    if not np.any(p > 0):
        raise ValueError("priors must include at least one positive weight")
    scalar = np.ndim(pressure) == 0  # type: ignore[arg-type]  # any object; check_array vets it
    s = check_array("pressure", pressure, 0.0, MAX_PRESSURE)
    # Work in log space (log-sum-exp) so that huge pressures neither overflow nor give 0/0.
    with np.errstate(divide="ignore"):
        log_prior = np.log(p)
    logw = log_prior[None, :] - s[:, None] * g[None, :]
    logw -= logw.max(axis=1, keepdims=True)
    w = np.exp(logw)
    shares = w / w.sum(axis=1, keepdims=True)
    return shares[0] if scalar else shares


def slack_crossover_pressure(prior_a: float, gap_a: float, prior_b: float, gap_b: float) -> float:
    """Pressure at which class a and class b are equally likely in the §1.5 toy.

    Solves ``prior_a * exp(-s * gap_a) = prior_b * exp(-s * gap_b)`` for ``s``. Returns ``math.inf``
    when the two never cross at a non-negative pressure (equal gaps with unequal priors, or the class
    with the larger prior also has the smaller gap), and ``0.0`` when they start equal.
    """
    pa = check_real("prior_a", prior_a, 0.0, 1e12)
    pb = check_real("prior_b", prior_b, 0.0, 1e12)
    ga = check_real("gap_a", gap_a, 0.0, MAX_GAP)
    gb = check_real("gap_b", gap_b, 0.0, MAX_GAP)
    if pa <= 0 or pb <= 0:
        raise ValueError("prior_a and prior_b must be positive for a crossover to exist")
    if pa == pb:
        return 0.0
    if ga == gb:
        return math.inf
    s = (math.log(pa) - math.log(pb)) / (ga - gb)  # not log(pa / pb): the ratio can overflow
    return s if s >= 0 else math.inf
