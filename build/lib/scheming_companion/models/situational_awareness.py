"""\"Am I being trained?\": self-locating inference from cues in the input (report §2.1).

The book's own toy, not a model from the report. A model sees an input and asks whether it is in training
or evaluation (its behaviour is being scored or updated) or in real deployment. Each cue in the input,
present or absent, is evidence: a likelihood ratio ``P(what it sees | training) / P(what it sees |
deployment)``. Treating the cues as independent given the situation (naive Bayes),

    log-odds(training | cues) = log-odds(prior) + sum over cues of log(likelihood ratio).

``disguise`` is how well the people building tests make them look like deployment: each cue's chance in
training moves towards its chance in deployment, ``p_t' = (1 - disguise) * p_t + disguise * p_d``. At
``disguise = 1`` no cue carries any evidence and the model is left with its prior, the situation that
honest tests and convincing traps both need (§1.3.2.1, §4).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import check_bool, check_real

#: Probabilities are kept away from 0 and 1 so every log-odds is finite.
EPS = 1e-6


@dataclass(frozen=True)
class Cue:
    """A feature of an input and how often it appears in training/evaluation and in deployment."""

    name: str
    label: str
    p_training: float
    p_deployment: float
    short: str = ""
    """A short label for narrow figures (defaults to ``label``)."""

    def __post_init__(self) -> None:
        if not self.short:
            object.__setattr__(self, "short", self.label)


#: Illustrative cues; every number is made up for teaching, not measured and not from the report.
DEFAULT_CUES: tuple[Cue, ...] = (
    Cue("rubric", "Grading rubric in the prompt", 0.30, 0.02, "Grading rubric"),
    Cue("artificial", "Neat, artificial-looking scenario", 0.40, 0.10, "Artificial scenario"),
    Cue("late_date", "Date later than its training data", 0.05, 0.50, "Late date"),
    Cue("personal", "Messy details from a real user", 0.10, 0.40, "Real-user details"),
)


@dataclass(frozen=True)
class CueInference:
    """Result of :func:`training_posterior` (log-odds are natural logarithms)."""

    prior_log_odds: float
    contributions: np.ndarray
    """Log likelihood ratio of each cue as observed (positive: points towards training)."""
    posterior_log_odds: float
    posterior: float
    """Probability of being in training or evaluation, given the cues."""


def _logit(p: float) -> float:
    return float(np.log(p) - np.log1p(-p))


def training_posterior(
    prior: float,
    observed: object,
    cues: tuple[Cue, ...] = DEFAULT_CUES,
    disguise: float = 0.0,
) -> CueInference:
    """Posterior probability that the model is in training, from the cues it observes (report §2.1).

    Parameters
    ----------
    prior
        Prior probability of being in training or evaluation, in [1e-6, 1 - 1e-6].
    observed
        For each cue, True if the input shows it and False if not (a sequence of bools, one per cue).
    cues
        The cues with their chances in training and in deployment (each in [1e-6, 1 - 1e-6]).
    disguise
        How much tests are made to look like deployment, in [0, 1].
    """
    p0 = check_real("prior", prior, EPS, 1 - EPS)
    d = check_real("disguise", disguise, 0.0, 1.0)
    if not isinstance(cues, tuple) or not cues or not all(isinstance(c, Cue) for c in cues):
        raise ValueError(f"cues must be a non-empty tuple of Cue, got {cues!r}")
    if isinstance(observed, (str, bytes)) or not hasattr(observed, "__len__"):
        raise ValueError(f"observed must be a sequence of {len(cues)} bools, got {observed!r}")
    items: list[object] = list(observed)  # type: ignore[call-overload]  # any sized object; vetted below
    obs = [check_bool(f"observed[{i}]", o) for i, o in enumerate(items)]
    if len(obs) != len(cues):
        raise ValueError(f"observed must have one entry per cue ({len(cues)}), got {len(obs)}")
    contributions = np.empty(len(cues))
    for i, (cue, seen) in enumerate(zip(cues, obs)):
        pt = check_real(f"{cue.name}.p_training", cue.p_training, EPS, 1 - EPS)
        pd = check_real(f"{cue.name}.p_deployment", cue.p_deployment, EPS, 1 - EPS)
        pt = (1.0 - d) * pt + d * pd
        contributions[i] = np.log(pt / pd) if seen else np.log1p(-pt) - np.log1p(-pd)
    prior_lo = _logit(p0)
    post_lo = prior_lo + float(contributions.sum())
    posterior = float(1.0 / (1.0 + np.exp(-post_lo)))
    return CueInference(prior_lo, contributions, post_lo, posterior)
