"""Which max-reward goal is nearest? A two-dimensional goal space after situational awareness (report §3.2).

This is the book's own toy, not a model from the report and not a model of real SGD. A goal is a point
``(content, horizon)`` in the unit square:

* ``content`` (x) is how close the goal's content is to the specified goal (1 = the specified goal);
* ``horizon`` (y) is how far past the episode the goal reaches (0 = within the episode, 1 = unbounded).

Once the model is situationally aware, reward over this space has a few *max-reward regions*:

* a narrow disc for the specified goal (the training saint) at content 1 and a short horizon;
* small discs for reward on the episode and for one misgeneralized proxy that happens to earn full reward;
* a wide band ``horizon >= y_crit`` at every content: any goal that reaches far enough past the episode makes
  the model training-game, so it earns full reward whatever the goal is about (the schemer region).

Between short horizons and the schemer band a dip of depth ``barrier`` stands for half-formed schemers whose
horizon is long enough to cost reward but not long enough to make them play along. Outside the regions a gentle
slope rewards better content (what pre-SA training was already doing).

Two rules move a goal:

* ``incremental=True``: noisy gradient ascent in which a step is taken only if it raises reward (SGD's
  incrementalism, §3.2);
* ``incremental=False``: the goal moves in a straight line to the nearest max-reward region, whatever reward
  does on the way (pure "nearness" in goal space).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import MAX_SEED, check_array, check_bool, check_int, check_real, check_seed

#: Classes a goal can end in: the four max-reward classes, or stuck outside every max-reward region.
GOAL_CLASSES: tuple[str, ...] = (
    "Training saint",
    "Misgeneralized non-training-gamer",
    "Reward-on-the-episode seeker",
    "Schemer",
    "Not max-reward (stuck)",
)
SAINT, MISGEN, REWARD_SEEKER, SCHEMER, STUCK = range(5)

#: Centres (content, horizon) and radii of the small max-reward discs besides the specified goal.
REWARD_SEEKER_CENTRE = (0.65, 0.08)
MISGEN_CENTRE = (0.3, 0.02)
SMALL_RADIUS = 0.03
SPECIFIED_CENTRE = (0.95, 0.05)
#: How far the pull of a disc reaches outside it (width of its Gaussian skirt).
SKIRT = 0.03
#: Horizon up to which a goal stays within the episode; the ramp toward the schemer band starts here.
EPISODE_EDGE = 0.1
#: Reward the horizon ramp adds just below the schemer band.
RAMP = 0.5
#: Slope of the background reward along content (pre-SA training's pull toward the specified goal).
CONTENT_SLOPE = 0.25
#: Steps of the dynamics, step size, and the most starting points one call accepts.
N_STEPS = 40
STEP = 0.04
MAX_STARTS = 20_000
#: Most spreads :func:`path_dependence` compares in one call.
MAX_SPREADS = 50
#: Tolerance of the region edges: a goal this close to a region counts as inside it (for reward and class alike).
EDGE_TOL = 1e-9


@dataclass(frozen=True)
class Landscape:
    """The reward landscape after SA (§3.2 toy). Defaults are illustrative."""

    y_crit: float = 0.45
    barrier: float = 0.3
    saint_radius: float = 0.05

    def __post_init__(self) -> None:
        object.__setattr__(self, "y_crit", check_real("y_crit", self.y_crit, 0.2, 0.9))
        object.__setattr__(self, "barrier", check_real("barrier", self.barrier, 0.0, 1.0))
        object.__setattr__(self, "saint_radius", check_real("saint_radius", self.saint_radius, 0.01, 0.3))

    def discs(self) -> list[tuple[int, float, float, float]]:
        """(class, centre x, centre y, radius) of each disc-shaped max-reward region."""
        return [
            (SAINT, *SPECIFIED_CENTRE, self.saint_radius),
            (MISGEN, *MISGEN_CENTRE, SMALL_RADIUS),
            (REWARD_SEEKER, *REWARD_SEEKER_CENTRE, SMALL_RADIUS),
        ]


def _bump(x: np.ndarray, y: np.ndarray, cx: float, cy: float, r: float) -> tuple[np.ndarray, ...]:
    """Flat-topped bump: 1 inside the disc, a Gaussian skirt outside; value and gradient."""
    dx, dy = x - cx, y - cy
    d = np.sqrt(dx * dx + dy * dy)
    out = np.maximum(d - r, 0.0)
    v = np.exp(-0.5 * (out / SKIRT) ** 2)
    k = -v * out / (SKIRT**2 * np.maximum(d, 1e-12))
    return v, k * dx, k * dy


def _in_band(land: Landscape, y: np.ndarray) -> np.ndarray:
    """Whether horizons ``y`` reach the schemer band; the one test ``reward`` and ``classify_goals`` share."""
    return y >= land.y_crit - EDGE_TOL


def _check_land(land: object) -> Landscape:
    if not isinstance(land, Landscape):
        raise ValueError(f"land must be a Landscape, got {land!r}")
    return land


def _check_goals(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Goals ``(x, y)``: arrays of equal shape with values in [0, 1]."""
    try:
        nx, ny = np.ndim(x) or 1, np.ndim(y) or 1  # type: ignore[arg-type]
    except ValueError:  # ragged nesting
        nx = ny = 1
    xa = check_array("x", x, 0.0, 1.0, ndim=nx)
    ya = check_array("y", y, 0.0, 1.0, ndim=ny)
    if xa.shape != ya.shape:
        raise ValueError(f"x and y must have the same shape, got {xa.shape} and {ya.shape}")
    return xa, ya


def _check_point(name: str, point: object) -> tuple[float, float]:
    """A (content, horizon) pair in [0, 1]²."""
    if isinstance(point, (str, bytes)) or not isinstance(point, (tuple, list, np.ndarray)) or len(point) != 2:
        raise ValueError(f"{name} must be a (content, horizon) pair in [0, 1]², got {point!r}")
    return check_real(f"{name} content", point[0], 0.0, 1.0), check_real(f"{name} horizon", point[1], 0.0, 1.0)


def reward(land: Landscape, x: object, y: object) -> np.ndarray:
    """Reward after SA at goals ``(x, y)``, report §3.2 toy: 1 in every max-reward region, below 1 elsewhere.

    ``x`` and ``y`` are arrays of equal shape with values in [0, 1].
    """
    xa, ya = _check_goals(x, y)
    return _reward_and_grad(_check_land(land), xa, ya)[0]


def _reward_and_grad(land: Landscape, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Outside the regions: R = best + (1 - best) * rest, where best is the largest disc bump (1 inside a disc)
    # and rest = content slope + horizon ramp - dip. The ramp says a goal reaching a little further past the
    # episode earns a little more (partial training-gaming); the dip, centred between short horizons and the
    # band, is the cost of half-formed schemers. In the band (horizon >= y_crit) R = 1.
    vals, gxs, gys = zip(*(_bump(x, y, cx, cy, r) for _, cx, cy, r in land.discs()), strict=True)
    v_all = np.stack(vals)
    pick = np.expand_dims(np.argmax(v_all, axis=0), 0)
    best = np.take_along_axis(v_all, pick, 0)[0]
    bx = np.take_along_axis(np.stack(gxs), pick, 0)[0]
    by = np.take_along_axis(np.stack(gys), pick, 0)[0]
    span = land.y_crit - EPISODE_EDGE
    t = np.clip((y - EPISODE_EDGE) / span, 0.0, 1.0)
    ramp_slope = np.where((y > EPISODE_EDGE) & (y < land.y_crit), RAMP / span, 0.0)
    mid, width = EPISODE_EDGE + 0.5 * span, 0.25 * span
    dip = land.barrier * np.exp(-0.5 * ((y - mid) / width) ** 2)
    rest = CONTENT_SLOPE * x + RAMP * t - dip
    u = 1.0 - best
    r = best + u * rest
    gx = bx * (1.0 - rest) + u * CONTENT_SLOPE
    gy = by * (1.0 - rest) + u * (ramp_slope + dip * (y - mid) / width**2)
    band = _in_band(land, y)
    return np.where(band, 1.0, r), np.where(band, 0.0, gx), np.where(band, 0.0, gy)


def classify_goals(land: Landscape, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Class index (``GOAL_CLASSES`` order) of goals ``(x, y)``: the max-reward region they sit in, or stuck."""
    land = _check_land(land)
    x, y = _check_goals(x, y)
    cls = np.full(np.shape(x), STUCK)
    for c, cx, cy, r in land.discs():
        cls = np.where(np.hypot(x - cx, y - cy) <= r + EDGE_TOL, c, cls)
    return np.where(_in_band(land, y), SCHEMER, cls)


def _nearest_targets(land: Landscape, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest point of the nearest max-reward region to each goal (straight-line distance)."""
    cand_x = [x.copy()]
    cand_y = [np.maximum(y, land.y_crit)]
    for _, cx, cy, r in land.discs():
        dx, dy = x - cx, y - cy
        d = np.hypot(dx, dy)
        s = np.where(d > r, r / np.maximum(d, 1e-12), 1.0)
        cand_x.append(cx + dx * s)
        cand_y.append(cy + dy * s)
    cx_all, cy_all = np.stack(cand_x), np.stack(cand_y)
    dist = np.hypot(cx_all - x, cy_all - y)
    i = np.expand_dims(np.argmin(dist, axis=0), 0)
    return np.take_along_axis(cx_all, i, 0)[0], np.take_along_axis(cy_all, i, 0)[0]


@dataclass(frozen=True)
class GoalPaths:
    """Where each starting goal went: the path (every step), the end point and its class."""

    xs: np.ndarray  #: shape (n_steps + 1, n_starts)
    ys: np.ndarray  #: shape (n_steps + 1, n_starts)
    classes: np.ndarray  #: class index of each end point, shape (n_starts,)

    def shares(self) -> np.ndarray:
        """Share of starts ending in each class (``GOAL_CLASSES`` order)."""
        return np.bincount(self.classes, minlength=len(GOAL_CLASSES)) / self.classes.size


def descend_goal_space(
    land: Landscape,
    starts_x: object,
    starts_y: object,
    *,
    incremental: bool = True,
    noise: float = 0.01,
    seed: int = 0,
    n_steps: int = N_STEPS,
) -> GoalPaths:
    """Move each starting goal by SGD-like steps after SA and report where it ends (report §3.2 toy).

    Parameters
    ----------
    land
        The reward landscape (:class:`Landscape`).
    starts_x, starts_y
        Starting content and horizon of each goal, 1-d arrays of equal length (1 to 20000) in [0, 1].
    incremental
        True: noisy gradient ascent that takes a step only if it raises reward. False: a straight line to the
        nearest max-reward region, whatever reward does on the way.
    noise
        Standard deviation of the random part of each step, in [0, 0.1] (goal-space units).
    seed
        Seed of the random generator, an integer in [0, 2**32 - 1].
    n_steps
        Number of steps, an integer in [1, 400].
    """
    if not isinstance(land, Landscape):
        raise ValueError(f"land must be a Landscape, got {land!r}")
    x = check_array("starts_x", starts_x, 0.0, 1.0, max_size=MAX_STARTS)
    y = check_array("starts_y", starts_y, 0.0, 1.0, max_size=MAX_STARTS)
    if x.shape != y.shape:
        raise ValueError(f"starts_x and starts_y must have the same length, got {x.size} and {y.size}")
    inc = check_bool("incremental", incremental)
    sd = check_real("noise", noise, 0.0, 0.1)
    s = check_seed("seed", seed)
    steps = check_int("n_steps", n_steps, 1, 400)
    xs, ys = np.empty((steps + 1, x.size)), np.empty((steps + 1, x.size))
    xs[0], ys[0] = x, y
    if not inc:
        # Straight to the nearest max-reward region, in equal steps (no noise: nearness alone decides).
        tx, ty = _nearest_targets(land, x, y)
        f = np.linspace(0.0, 1.0, steps + 1)[:, None]
        xs[:] = x + f * (tx - x)
        ys[:] = y + f * (ty - y)
        return GoalPaths(xs, ys, classify_goals(land, tx, ty))
    rng = np.random.default_rng(s)
    x, y = x.copy(), y.copy()
    r, gx, gy = _reward_and_grad(land, x, y)
    # Goals inside a max-reward region (reward 1) can never take a step that raises reward: only the others move.
    act = np.flatnonzero(r < 1.0)
    ax, ay, ar, agx, agy = x[act], y[act], r[act], gx[act], gy[act]
    for t in range(1, steps + 1):
        if act.size:
            norm = np.maximum(np.hypot(agx, agy), 1e-12)  # steps of fixed length along the gradient
            nx = np.clip(ax + STEP * agx / norm + sd * rng.standard_normal(act.size), 0.0, 1.0)
            ny = np.clip(ay + STEP * agy / norm + sd * rng.standard_normal(act.size), 0.0, 1.0)
            nr, ngx, ngy = _reward_and_grad(land, nx, ny)
            ok = nr > ar  # incrementalism: only steps that raise reward are taken
            ax, ay = np.where(ok, nx, ax), np.where(ok, ny, ay)
            ar, agx, agy = np.where(ok, nr, ar), np.where(ok, ngx, agx), np.where(ok, ngy, agy)
            x[act], y[act] = ax, ay
            keep = ar < 1.0
            if not keep.all():
                act, ax, ay, ar, agx, agy = act[keep], ax[keep], ay[keep], ar[keep], agx[keep], agy[keep]
        xs[t], ys[t] = x, y
    return GoalPaths(xs, ys, classify_goals(land, x, y))


def random_starts(n: int, seed: int, *, centre: tuple[float, float] | None = None, spread: float = 1.0,
                  max_horizon: float = 0.35) -> tuple[np.ndarray, np.ndarray]:
    """Seeded starting goals: uniform over content × [0, max_horizon], or Gaussian around ``centre``.

    ``spread`` (in [0, 1]) is the standard deviation around ``centre``; 0 puts every start at the centre.
    Starts are clipped to the unit square (and horizons to ``max_horizon``): they stand for goals before SA.
    ``n`` is an integer in [1, 20000] and ``seed`` one in [0, 2**32 - 1].
    """
    m = check_int("n", n, 1, MAX_STARTS)
    s = check_seed("seed", seed)
    sp = check_real("spread", spread, 0.0, 1.0)
    top = check_real("max_horizon", max_horizon, 0.0, 1.0)
    rng = np.random.default_rng(s)
    if centre is None:
        return rng.random(m), rng.random(m) * top
    cx, cy = _check_point("centre", centre)
    z = rng.standard_normal((2, m))
    return np.clip(cx + sp * z[0], 0.0, 1.0), np.clip(cy + sp * z[1], 0.0, top)


def total_variation(p: object, q: object) -> float:
    """Total variation distance between two class distributions: half the sum of absolute differences."""
    a = check_array("p", p, 0.0, 1.0)
    b = check_array("q", q, 0.0, 1.0)
    if a.shape != b.shape:
        raise ValueError(f"p and q must have the same length, got {a.size} and {b.size}")
    return float(0.5 * np.abs(a - b).sum())


def path_dependence(
    land: Landscape,
    centres: tuple[tuple[float, float], ...],
    spreads: object,
    *,
    incremental: bool = True,
    n_starts: int = 300,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """How much the final class distribution moves with the starting goal (report §3 and §3.4, book's toy).

    For each spread and each centre, ``n_starts`` goals start around the centre (spread 0: one common start)
    and move as in :func:`descend_goal_space`. Returns ``(shares, movement)``: ``shares`` has shape
    ``(len(spreads), len(centres), 5)``; ``movement[i]`` is the largest total variation distance between the
    final distributions of two centres at spread ``i`` (1 = the start decides everything, 0 = it does not matter).

    ``centres`` holds 2 to 10 (content, horizon) pairs in [0, 1]², ``spreads`` 1 to 50 spreads in [0, 1],
    ``n_starts`` is an integer in [1, 2000] and ``seed`` one in [0, 2**32 - 1 - 50000] (the starts around centre
    ``j`` at spread ``i`` use seed ``seed + 1000 * i + j``).
    """
    sp = check_array("spreads", spreads, 0.0, 1.0, max_size=MAX_SPREADS)
    n = check_int("n_starts", n_starts, 1, 2000)
    # Starts around centre j at spread i use seed + 1000 * i + j: keep every one of them a valid seed.
    sd = check_seed("seed", seed, high=MAX_SEED - 1000 * MAX_SPREADS)
    if not isinstance(centres, (tuple, list)) or not 2 <= len(centres) <= 10:
        raise ValueError(f"centres must hold 2 to 10 (content, horizon) pairs, got {centres!r}")
    for k, c in enumerate(centres):
        _check_point(f"centres[{k}]", c)
    xs, ys = [], []
    for i, s in enumerate(sp):
        for j, c in enumerate(centres):
            x, y = random_starts(n, sd + 1000 * i + j, centre=c, spread=float(s))
            xs.append(x)
            ys.append(y)
    # One vectorised run for every spread and centre together.
    paths = descend_goal_space(land, np.concatenate(xs), np.concatenate(ys), incremental=incremental, seed=sd)
    cls = paths.classes.reshape(sp.size, len(centres), n)
    counts = np.stack([np.bincount(c, minlength=len(GOAL_CLASSES)) for c in cls.reshape(-1, n)])
    shares = counts.reshape(sp.size, len(centres), len(GOAL_CLASSES)) / n
    movement = np.array([
        max(0.5 * np.abs(shares[i, a] - shares[i, b]).sum() for a in range(len(centres))
            for b in range(a + 1, len(centres)))
        for i in range(sp.size)
    ])
    return shares, movement
