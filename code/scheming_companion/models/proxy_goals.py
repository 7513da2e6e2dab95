"""The proxy-goal lottery with a situational-awareness clock (report §3.1): a Monte Carlo of many training runs.

This is the book's own toy, not a model from the report. It turns the training-game-independent story of
§3.1 into a chain of chance events, so that a reader can see that the story needs every link to hold:

* a run starts with a freshly formed proxy goal; while the goal is not fixed, a new proxy forms now and then
  (probability ``p_form`` a step). A new proxy reaches beyond the episode with probability ``p_beyond``, and
  such a goal is *suitably ambitious* with probability ``p_ambitious``;
* before situational awareness (SA), training may correct a within-episode proxy to the specified goal
  (``p_specified`` a step), and a beyond-episode goal may be removed, by adversarial training that tempts it to
  give up reward on the episode (``adversarial`` a step) or because it gives up reward anyway (``sacrifice``);
* from the step at which SA arrives (``sa_time``, a fraction of training), an ambitious beyond-episode goal
  makes the model training-game for the sake of that goal: it becomes a schemer. Goal-guarding holds with
  probability ``p_goal_guarding``; when it holds the goal is locked in, when it fails training keeps
  replacing the goal as it did before, so the schemer can turn into something else;
* after SA, a within-episode proxy may instead turn into valuing reward on the episode (``p_reward`` a step);
  adversarial training no longer removes anything, because a training-gaming model sees through the tests.

Each run is a Markov chain over seven goal states, so the same transition matrices drive both the Monte Carlo
(:func:`proxy_goal_lottery`) and the exact expected shares (:func:`proxy_goal_expected_shares`); tests check
that the sampled shares agree with the exact ones and with hand-derived limiting cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import MAX_SEED, check_array, check_bool, check_int, check_int_array, check_real, check_seed

#: Goal states of one run. "Schemer (locked)" has its goal guarded; "schemer (drifting)" does not.
STATES: tuple[str, ...] = (
    "within-episode proxy",
    "specified goal",
    "beyond-episode, not ambitious",
    "beyond-episode, ambitious",
    "schemer (goal locked in)",
    "schemer (goal still drifting)",
    "reward on the episode",
)
WITHIN, SPECIFIED, BEYOND, AMBITIOUS, LOCKED, DRIFTING, REWARD = range(7)

#: The model classes a run can end in, in the book's usual order.
CLASSES: tuple[str, ...] = (
    "Training saint",
    "Misgeneralized non-training-gamer",
    "Reward-on-the-episode seeker",
    "Schemer",
)
#: Class of each state at the end of training. An ambitious goal that never met SA is not (yet) a schemer.
CLASS_OF_STATE = np.array([1, 0, 1, 1, 3, 3, 2])

#: Number of training steps in every run.
N_STEPS = 40
#: Most runs one call accepts (10,000 runs take a few milliseconds).
MAX_RUNS = 200_000
#: z-value of the two-sided 95% interval reported with every share.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class LotteryParams:
    """Parameters of the §3.1 lottery; every probability is in [0, 1]. Defaults are illustrative, not the report's.

    The three reader-facing defaults give the story as it is usually told, with its defences down: SA arrives
    early (after 10% of training), nothing tests for beyond-episode goals before it, and goal-guarding always
    holds. The schemer share they give (about 45%) is deliberately far from the report's ~25% credence, which
    the lottery does not estimate.
    """

    sa_time: float = 0.1
    adversarial: float = 0.0
    p_form: float = 0.15
    p_beyond: float = 0.4
    p_ambitious: float = 0.5
    p_specified: float = 0.04
    sacrifice: float = 0.03
    p_goal_guarding: float = 1.0
    p_reward: float = 0.02

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            object.__setattr__(self, name, check_real(name, getattr(self, name), 0.0, 1.0))

    @property
    def sa_step(self) -> int:
        """Step at which situational awareness arrives (``N_STEPS`` means never during training)."""
        return int(round(self.sa_time * N_STEPS))


def _new_proxy_row(p: LotteryParams, aware: bool) -> np.ndarray:
    """Distribution over states of a freshly formed proxy goal, before or after SA."""
    row = np.zeros(7)
    row[WITHIN] = 1 - p.p_beyond
    row[BEYOND] = p.p_beyond * (1 - p.p_ambitious)
    amb = p.p_beyond * p.p_ambitious
    if aware:  # an ambitious goal meets SA at once: the model starts scheming
        row[LOCKED] = amb * p.p_goal_guarding
        row[DRIFTING] = amb * (1 - p.p_goal_guarding)
    else:
        row[AMBITIOUS] = amb
    return row


def transition_matrix(p: LotteryParams, aware: bool) -> np.ndarray:
    """One training step of the lottery as a 7×7 row-stochastic matrix (before or after SA), report §3.1."""
    if not isinstance(p, LotteryParams):
        raise ValueError(f"p must be a LotteryParams, got {p!r}")
    aware = check_bool("aware", aware)
    new = _new_proxy_row(p, aware)
    m = np.zeros((7, 7))
    m[SPECIFIED, SPECIFIED] = 1.0
    m[LOCKED, LOCKED] = 1.0
    m[REWARD, REWARD] = 1.0
    # Within-episode proxy: correction to the specified goal, (after SA) reward-seeking, or a new proxy.
    go_reward = p.p_reward if aware else 0.0
    m[WITHIN, SPECIFIED] += p.p_specified
    m[WITHIN, REWARD] += (1 - p.p_specified) * go_reward
    stay = (1 - p.p_specified) * (1 - go_reward)
    m[WITHIN] += stay * p.p_form * new
    m[WITHIN, WITHIN] += stay * (1 - p.p_form)
    # Beyond-episode goals that are not training-gaming give up reward now and then; before SA, adversarial
    # training can also expose them. Either way the goal is trained back to a within-episode proxy.
    caught = 1 - (1 - p.sacrifice) * (1 - (0.0 if aware else p.adversarial))
    for s in (BEYOND, AMBITIOUS):
        m[s, WITHIN] += caught
        m[s] += (1 - caught) * p.p_form * new
        m[s, s] += (1 - caught) * (1 - p.p_form)
    if aware:  # no ambitious goal waits after SA: it starts scheming (see _sa_arrives)
        m[AMBITIOUS] = 0.0
        m[AMBITIOUS, LOCKED] = p.p_goal_guarding
        m[AMBITIOUS, DRIFTING] = 1 - p.p_goal_guarding
    # A schemer whose goal-guarding fails keeps drifting like any unguarded goal (never caught: it plays along).
    m[DRIFTING] = p.p_form * new
    m[DRIFTING, DRIFTING] += 1 - p.p_form
    return m


def _sa_arrives(p: LotteryParams) -> np.ndarray:
    """The moment SA arrives: ambitious beyond-episode goals start scheming, guarded or not."""
    m = np.eye(7)
    m[AMBITIOUS] = 0.0
    m[AMBITIOUS, LOCKED] = p.p_goal_guarding
    m[AMBITIOUS, DRIFTING] = 1 - p.p_goal_guarding
    return m


def _schedule(p: LotteryParams) -> list[np.ndarray]:
    """The matrices applied in order: the pre-SA steps, SA's arrival (if it comes), the post-SA steps."""
    pre, post = transition_matrix(p, aware=False), transition_matrix(p, aware=True)
    k = p.sa_step
    mats = [pre] * k
    if k < N_STEPS:
        mats.append(_sa_arrives(p))
        mats += [post] * (N_STEPS - k)
    return mats


def _initial(p: LotteryParams) -> np.ndarray:
    return _new_proxy_row(p, aware=False)


def proxy_goal_expected_shares(params: LotteryParams) -> np.ndarray:
    """Exact expected share of runs ending in each class (``CLASSES`` order), report §3.1; no sampling."""
    if not isinstance(params, LotteryParams):
        raise ValueError(f"params must be a LotteryParams, got {params!r}")
    dist = _initial(params)
    for m in _schedule(params):
        dist = dist @ m
    shares = np.bincount(CLASS_OF_STATE, weights=dist, minlength=len(CLASSES))
    return np.clip(shares, 0.0, 1.0)  # sums of 40 matrix products can stray past 0 or 1 by a rounding error


def proxy_goal_expected_shares_by_sa(params: LotteryParams, sa_times: object) -> np.ndarray:
    """Exact expected class shares for each SA time in ``sa_times`` (values in [0, 1]), shape ``(n, 4)``, §3.1.

    Equals calling :func:`proxy_goal_expected_shares` with ``sa_time`` replaced, but shares the matrix powers:
    the state at SA is ``start @ pre**k``, and what follows depends only on the steps left.
    """
    if not isinstance(params, LotteryParams):
        raise ValueError(f"params must be a LotteryParams, got {params!r}")
    times = check_array("sa_times", sa_times, 0.0, 1.0, max_size=1000)
    steps = [LotteryParams(**{**params.__dict__, "sa_time": float(t)}).sa_step for t in times]
    pre, post = transition_matrix(params, aware=False), transition_matrix(params, aware=True)
    arrive = _sa_arrives(params)
    at_sa = [_initial(params)]
    for _ in range(N_STEPS):
        at_sa.append(at_sa[-1] @ pre)
    # after[j]: what SA's arrival and j post-SA steps do to a state distribution.
    after = [arrive]
    for _ in range(N_STEPS):
        after.append(after[-1] @ post)
    out = np.empty((times.size, len(CLASSES)))
    for i, k in enumerate(steps):
        dist = at_sa[k] if k == N_STEPS else at_sa[k] @ after[N_STEPS - k]
        out[i] = np.bincount(CLASS_OF_STATE, weights=dist, minlength=len(CLASSES))
    return np.clip(out, 0.0, 1.0)


@dataclass(frozen=True)
class LotteryResult:
    """Outcome of a batch of simulated training runs."""

    final_states: np.ndarray  #: state index of every run at the end of training, shape (n_runs,)
    shares: np.ndarray  #: share of runs in each class, ``CLASSES`` order
    half_width: np.ndarray  #: half-width of the 95% interval of each share (normal approximation)
    caught_before_sa: float  #: share of runs in which early adversarial training removed at least one goal

    @property
    def n_runs(self) -> int:
        return int(self.final_states.size)

    def state_shares(self) -> np.ndarray:
        """Share of runs ending in each of the seven goal states (``STATES`` order)."""
        return np.bincount(self.final_states, minlength=len(STATES)) / self.n_runs


class _RowSampler:
    """Draws next states from a transition matrix for many runs at once, exactly and fast.

    A run in state ``s`` with uniform draw ``u`` moves to the number of cumulative probabilities of row ``s``
    below ``u``. A table over 2**12 equal bins of ``u`` answers at once wherever a bin lies inside one state's
    interval; the few draws in a bin that straddles a boundary are resolved by direct comparison.
    """

    BINS = 1 << 12

    def __init__(self, m: np.ndarray):
        cum = np.cumsum(m, axis=1)
        cum[:, -1] = 1.0  # rounding must not leave the last cumulative value a hair below 1
        self.cum = cum
        edges = np.arange(self.BINS + 1) / self.BINS
        first = np.stack([np.searchsorted(row, edges, side="left") for row in cum])
        # Flat tables indexed by state * BINS + bin; -1 marks a bin that straddles a boundary.
        self.table = np.where(first[:, :-1] == first[:, 1:], first[:, :-1], -1).astype(np.intp).ravel()

    def next_states(self, state: np.ndarray, u: np.ndarray) -> np.ndarray:
        out = self.table[state * self.BINS + (u * self.BINS).astype(np.intp)]
        hard = np.flatnonzero(out < 0)
        if hard.size:
            out[hard] = (u[hard, None] > self.cum[state[hard]]).sum(axis=1)
        return out


def proxy_goal_lottery(params: LotteryParams, n_runs: int = 10_000, seed: int = 0) -> LotteryResult:
    """Simulate ``n_runs`` independent training runs of the §3.1 proxy-goal story (Monte Carlo).

    Parameters
    ----------
    params
        The story's probabilities and the SA clock (:class:`LotteryParams`).
    n_runs
        Number of simulated runs, an integer in [1, 200000].
    seed
        Seed of the random generator, an integer in [0, 2**32 - 1]; the same seed gives the same runs.

    Returns
    -------
    LotteryResult
        Final state of every run, the class shares with 95% half-widths, and the share of runs in which
        adversarial training before SA removed a goal at least once.
    """
    if not isinstance(params, LotteryParams):
        raise ValueError(f"params must be a LotteryParams, got {params!r}")
    n = check_int("n_runs", n_runs, 1, MAX_RUNS)
    rng = np.random.default_rng(check_seed("seed", seed))
    adv = params.adversarial
    mats = _schedule(params)
    sa = params.sa_step
    samplers: dict[int, _RowSampler] = {}
    state = np.searchsorted(np.cumsum(_initial(params))[:-1], rng.random(n), side="right")
    caught = np.zeros(n, dtype=bool)
    beyond = np.array([False, False, True, True, False, False, False])
    # A beyond-episode goal moves to a within-episode proxy when it is removed (by adversarial training, with
    # probability adv, or for lost reward) or when a new within-episode proxy replaces it.
    to_within = float(transition_matrix(params, aware=False)[BEYOND, WITHIN])
    share_adv = min(1.0, adv / to_within) if to_within > 0 else 0.0
    draws = rng.random((len(mats), n))
    for step, m in enumerate(mats):
        if id(m) not in samplers:  # the schedule repeats the same three matrices
            samplers[id(m)] = _RowSampler(m)
        sampler = samplers[id(m)]
        before = state
        state = sampler.next_states(state, draws[step])
        if step < sa and adv > 0:
            # Which moves to a within-episode proxy were adversarial training's doing: each counts as a catch
            # with probability adv / (probability of the move).
            removed = beyond[before] & (state == WITHIN)
            if removed.any():
                caught |= removed & (rng.random(n) < share_adv)
    shares = np.bincount(CLASS_OF_STATE[state], minlength=len(CLASSES)) / n
    half = Z95 * np.sqrt(shares * (1 - shares) / n)
    return LotteryResult(final_states=state, shares=shares, half_width=half, caught_before_sa=float(caught.mean()))


def lottery_shares_by_seed(params: LotteryParams, n_runs: int, seeds: object) -> np.ndarray:
    """Class shares of one batch of ``n_runs`` runs per seed, shape ``(len(seeds), 4)`` (report §3.1).

    The spread of these rows shows how much a single batch of runs can differ from the expected shares.
    ``seeds`` holds 1 to 1000 integers in [0, 2**32 - 1]; ``n_runs`` is as for :func:`proxy_goal_lottery`.
    """
    seed_list = check_int_array("seeds", seeds, 0, MAX_SEED, max_size=1000).tolist()
    return np.array([proxy_goal_lottery(params, n_runs, s).shares for s in seed_list])
