"""Goal-guarding training dynamics (report §2.3.1.1): does training-gaming stop training from changing a goal?

The book's own toy, not a model from the report. A tiny learner has two blocks of weights: ``u`` (goal
weights) and ``v`` (capability weights). What the model wants is read out as

    g = u + entanglement * M v

where ``M`` is a fixed random matrix: with ``entanglement = 0`` the goal sits in its own weights ("clean"
goal-directedness, §2.2.3); the larger it is, the more the goal read-out also depends on the weights that
carry capability ("messy" goal-directedness). Capability is how close ``v`` is to a skill target ``v*``:
``q = exp(-|v - v*|^2 / 2)``.

Each step the model acts in a direction ``d`` and earns reward ``R = q * <d, s>``, where ``s`` is the specified
goal (unit vector). A model that acts on its own goal has ``d = g/|g|``. A training-gamer aims at whatever
earns reward, whatever its goal: ``d = normalise(r * s + (1 - r) * g/|g|)``, where ``r`` is how reliably it games
(``r = 1``: perfectly; ``r = 0``: the same as acting on its own goal). Training is gradient ascent on ``R``
with weight decay (regularisation) and Gaussian update noise. Nothing in the update rule mentions goal
protection: whether the goal survives is whatever the gradients, the decay and the noise do to ``u`` and
``v``.

The goal starts orthogonal to ``s``: a goal of the model's own, ``g0 = e`` with ``e`` a unit vector at right
angles to ``s`` (in general ``g0 = cos(a) s + sin(a) e`` with ``cos(a) =`` :data:`INITIAL_ALIGNMENT`, which is 0).
"Retention" is how much of the goal's own part survives, ``<g_t/|g_t|, e> / sin(a)``; with the goal starting
orthogonal to ``s`` this is simply the cosine between ``g_t`` and ``g0``: 1 when the goal's direction is
unchanged, 0 when it has become the specified goal or has drifted somewhere unrelated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._validate import check_array, check_broadcast, check_int, check_real, check_seed

#: Dimensions of the goal space and of the capability weights (small: the toy must run in milliseconds).
GOAL_DIM = 6
CAPABILITY_DIM = 6
#: Cosine between the initial goal and the specified goal: 0, a goal of the model's own, so that
#: "how much of the original goal survives" is simply cos(g_t, g0).
INITIAL_ALIGNMENT = 0.0
#: Norm of the capability target: how much capability training still has to learn.
CAPABILITY_TARGET_NORM = 1.5
#: Limits of the public parameters.
MAX_ENTANGLEMENT = 2.0
MAX_NOISE = 1.0
MAX_DECAY = 0.2
MAX_STEPS = 2000
MAX_RUNS = 256
MAX_BATCH = 4096
MAX_LEARNING_RATE = 2.0


@dataclass(frozen=True)
class GoalGuardingRun:
    """Result of :func:`goal_guarding_dynamics` (batch shape ``B`` is the broadcast of the parameters)."""

    steps: np.ndarray
    """Steps at which the trajectory was recorded, shape ``(n_record,)`` (0 and every ``record_every``)."""
    retention: np.ndarray
    """Mean over runs of the goal's retention at each recorded step, shape ``B + (n_record,)``."""
    alignment: np.ndarray
    """Mean over runs of cos(g_t, s) at each recorded step, shape ``B + (n_record,)``."""
    final_retention: np.ndarray
    """Retention after the last step for every run, shape ``B + (runs,)``."""
    final_goal: np.ndarray
    """The goal read-out g after the last step for every run, shape ``B + (runs, GOAL_DIM)``."""
    initial_goal: np.ndarray
    """The initial goal g0, shape ``(GOAL_DIM,)`` (the same for every run and setting)."""
    own_direction: np.ndarray
    """The unit vector e: the part of the initial goal that is not the specified goal, shape ``(GOAL_DIM,)``."""
    specified_goal: np.ndarray
    """The specified goal s (unit vector), shape ``(GOAL_DIM,)``."""
    mixing: np.ndarray
    """The fixed matrix M that entangles capability weights with the goal read-out, shape ``(GOAL_DIM,
    CAPABILITY_DIM)``."""
    capability_target: np.ndarray
    """The skill target v*, shape ``(CAPABILITY_DIM,)``."""


def goal_guarding_setup(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The fixed ingredients of the toy for a seed: s, e, g0, M and v* (see the module docstring).

    ``M`` is orthogonal, so an entanglement of 1 moves the goal read-out as far as the capability weights
    move; ``M v*`` is orthogonal to ``s`` and ``g0``.
    """
    seed = check_seed("seed", seed)
    rng = np.random.default_rng([seed, 0])
    s = np.zeros(GOAL_DIM)
    s[0] = 1.0
    e = np.zeros(GOAL_DIM)
    e[1] = 1.0
    sin_a = np.sqrt(1.0 - INITIAL_ALIGNMENT**2)
    g0 = INITIAL_ALIGNMENT * s + sin_a * e
    q, _ = np.linalg.qr(rng.standard_normal((GOAL_DIM, CAPABILITY_DIM)))
    # The skill target is chosen so that learning it drags the goal read-out (through M) in a direction
    # orthogonal to both s and g0: entanglement then moves the goal without favouring or opposing either,
    # and in the clean limit the goal's survival has a closed form (see the tests).
    f = rng.standard_normal(GOAL_DIM)
    f[:2] = 0.0
    f /= np.linalg.norm(f)
    v_star = CAPABILITY_TARGET_NORM * (q.T @ f)
    return s, e, g0, q, v_star


class _DynamicsParameters(NamedTuple):
    """The parameters of :func:`goal_guarding_dynamics`, checked: settings as arrays, counts as ints."""

    entanglement: np.ndarray
    noise: np.ndarray
    decay: np.ndarray
    reliability: np.ndarray
    batch: tuple[int, ...]
    steps: int
    learning_rate: float
    runs: int
    record_every: int
    seed: int


def _dynamics_parameters(
    entanglement: object,
    noise: object,
    decay: object,
    reliability: object,
    steps: object,
    learning_rate: object,
    runs: object,
    record_every: object,
    seed: object,
) -> _DynamicsParameters:
    """Check every parameter of :func:`goal_guarding_dynamics` (ranges in its docstring), else ValueError."""
    settings = {
        name: check_array(name, value, 0.0, high, ndim=None, max_size=MAX_BATCH)
        for name, value, high in (
            ("entanglement", entanglement, MAX_ENTANGLEMENT),
            ("noise", noise, MAX_NOISE),
            ("decay", decay, MAX_DECAY),
            ("reliability", reliability, 1.0),
        )
    }
    return _DynamicsParameters(
        entanglement=settings["entanglement"],
        noise=settings["noise"],
        decay=settings["decay"],
        reliability=settings["reliability"],
        batch=check_broadcast(settings, MAX_BATCH),
        steps=check_int("steps", steps, 1, MAX_STEPS),
        learning_rate=check_real("learning_rate", learning_rate, 0.0, MAX_LEARNING_RATE, low_open=True),
        runs=check_int("runs", runs, 1, MAX_RUNS),
        record_every=check_int("record_every", record_every, 1, MAX_STEPS),
        seed=check_seed("seed", seed),
    )


def goal_guarding_dynamics(
    entanglement: object,
    noise: object,
    decay: object,
    reliability: object,
    *,
    steps: int = 40,
    learning_rate: float = 0.75,
    runs: int = 6,
    record_every: int = 2,
    seed: int = 0,
) -> GoalGuardingRun:
    """Train the goal-plus-capability learner and track its goal (book's toy for report §2.3.1.1).

    The four behavioural parameters may be scalars or arrays; they broadcast to a batch of settings, all
    simulated at once with the same noise draws (common random numbers), so settings are comparable.

    Parameters
    ----------
    entanglement
        How much the goal read-out depends on the capability weights ("messiness", §2.2.3), in [0, 2].
    noise
        Standard deviation of the Gaussian noise added to every weight at every step, in [0, 1].
    decay
        Weight decay per step (regularisation): each step multiplies the weights by ``1 - learning_rate *
        decay`` before the gradient step, in [0, 0.2].
    reliability
        How reliably the model training-games, in [0, 1]: 0 acts purely on its own goal, 1 aims perfectly at
        reward whatever its goal.
    steps
        Number of gradient steps, an integer in [1, 2000].
    learning_rate
        Step size, in (0, 2].
    runs
        Independent noise realisations per setting, an integer in [1, 256].
    record_every
        Record the trajectory every this many steps (and always at the last step), an integer in [1, 2000].
    seed
        Seed of the fixed ingredients and of the noise, an integer in [0, 2**32 - 1].
    """
    # Checks live in _dynamics_parameters; the simulation stays here, in the public function whose loop
    # chapter 2b prints.
    p = _dynamics_parameters(entanglement, noise, decay, reliability, steps, learning_rate, runs, record_every, seed)
    lam, sig, mu, rel, batch = p.entanglement, p.noise, p.decay, p.reliability, p.batch
    steps, eta, runs, record_every, seed = p.steps, p.learning_rate, p.runs, p.record_every, p.seed
    n_batch = int(np.prod(batch, dtype=np.int64))

    s, e, g0, mix, v_star = goal_guarding_setup(seed)
    sin_a = float(e @ g0)
    # Flatten the batch; add axes for runs and vector components.
    shape = (n_batch, 1, 1)
    lam_b = np.broadcast_to(lam, batch).reshape(shape)
    sig_b = np.broadcast_to(sig, batch).reshape(shape)
    keep = 1.0 - eta * np.broadcast_to(mu, batch).reshape(shape)
    rel_b = np.broadcast_to(rel, batch).reshape(shape)
    own_share = 1.0 - rel_b  # the part of the behaviour that still follows the model's own goal

    u = np.broadcast_to(g0, (n_batch, runs, GOAL_DIM)).copy()
    v = np.zeros((n_batch, runs, CAPABILITY_DIM))
    rng = np.random.default_rng([seed, 1])
    record = list(range(0, steps + 1, record_every))
    if record[-1] != steps:
        record.append(steps)
    ret_hist = np.empty((len(record), n_batch))
    ali_hist = np.empty((len(record), n_batch))
    mix_t = mix.T

    def goal(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        return u + lam_b * (v @ mix_t)

    def measure(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        norm = np.sqrt((g * g).sum(-1))
        norm = np.maximum(norm, 1e-12)
        return (g @ e) / norm / sin_a, (g @ s) / norm

    k = 0
    for t in range(steps + 1):
        g = goal(u, v)
        if t == record[k]:
            r, a = measure(g)
            ret_hist[k] = r.mean(axis=1)
            ali_hist[k] = a.mean(axis=1)
            k += 1
        if t == steps:
            break
        # The direction the model acts in: a gamer mixes the specified goal s into its own goal's direction.
        gnorm = np.maximum(np.sqrt((g * g).sum(-1))[..., None], 1e-12)
        ghat = g / gnorm
        h = rel_b * s + own_share * ghat
        hnorm = np.maximum(np.sqrt((h * h).sum(-1))[..., None], 1e-12)
        hhat = h / hnorm
        aim = hhat @ s  # how well the action points at s
        diff = v - v_star
        skill = np.exp(-0.5 * (diff * diff).sum(-1))[..., None]
        # Gradient of reward = skill * aim. With respect to the goal g:
        # d aim / dg = (1 - r) / (|g| |h|) * (I - ghat ghat^T)(s - aim * hhat), zero for a perfect gamer.
        w = s - aim[..., None] * hhat
        w = w - (ghat * w).sum(-1)[..., None] * ghat
        grad_goal = (skill * own_share / (gnorm * hnorm)) * w
        # Capability weights get the skill gradient, plus the goal gradient through the entanglement M.
        grad_capability = -aim[..., None] * skill * diff + lam_b * (grad_goal @ mix)
        # One step: weight decay, gradient ascent, the same noise draw for every setting of the batch.
        xi = rng.standard_normal((runs, GOAL_DIM + CAPABILITY_DIM))
        u = keep * u + eta * grad_goal + sig_b * xi[:, :GOAL_DIM]
        v = keep * v + eta * grad_capability + sig_b * xi[:, GOAL_DIM:]

    g = goal(u, v)
    final_ret, _ = measure(g)
    return GoalGuardingRun(
        steps=np.asarray(record),
        retention=ret_hist.T.reshape(batch + (len(record),)),
        alignment=ali_hist.T.reshape(batch + (len(record),)),
        final_retention=final_ret.reshape(batch + (runs,)),
        final_goal=g.reshape(batch + (runs, GOAL_DIM)),
        initial_goal=g0,
        own_direction=e,
        specified_goal=s,
        mixing=mix,
        capability_target=v_star,
    )


#: Named settings for the chapter's comparison table: (label, entanglement, noise, decay, gamer reliability).
GOAL_GUARDING_SCENARIOS: tuple[tuple[str, float, float, float, float], ...] = (
    ("clean, noiseless, perfect gaming", 0.0, 0.0, 0.0, 1.0),
    ("messy (entanglement 1)", 1.0, 0.0, 0.0, 1.0),
    ("noisy updates (noise 0.08)", 0.0, 0.08, 0.0, 1.0),
    ("noise 0.08 with weight decay 0.03", 0.0, 0.08, 0.03, 1.0),
    ("imperfect gaming (reliability 0.8)", 0.0, 0.0, 0.0, 0.8),
)


def goal_guarding_scenarios(seed: int = 0) -> list[tuple[str, float, float]]:
    """For each of :data:`GOAL_GUARDING_SCENARIOS`: (label, gamer's final retention, own-goal model's final
    retention), from one batched run of :func:`goal_guarding_dynamics` with its default steps and runs."""
    lam, sig, mu, rel = (np.array([row[i] for row in GOAL_GUARDING_SCENARIOS]) for i in range(1, 5))
    gamer = goal_guarding_dynamics(lam, sig, mu, rel, seed=seed).retention[:, -1]
    own = goal_guarding_dynamics(lam, sig, mu, 0.0, seed=seed).retention[:, -1]
    return [(row[0], float(g), float(o)) for row, g, o in zip(GOAL_GUARDING_SCENARIOS, gamer, own)]
