"""The counting argument (report §4.2) over a small, explicit goal universe, weighed under several measures.

The book's own toy, not a calculation from the report. A goal is a triple (object, horizon, ambition):

* ``object`` is one of ``n_concepts`` concepts in the model's world model. Concept 0 is the specified goal
  ("gold coins"), concept 1 the reward process, concepts 2 .. ``n_proxies + 1`` are misgeneralized proxies
  that coincide with the specified goal on the training distribution, and the rest are everything else
  the model knows about;
* ``horizon`` is within the episode or beyond it; ``ambition`` is one of ``ambition_levels`` levels, of
  which only the top one makes power later worth the trouble of scheming.

Once the model is situationally aware, these goals earn (near-)maximal reward, each in one class:

* training saint: the specified object, within the episode (any ambition);
* reward-on-the-episode seeker: the reward process, within the episode (any ambition);
* misgeneralized non-training-gamer: a proxy, within the episode (any ambition);
* schemer: any object at all, beyond the episode, at the top ambition level (it plays the training game).

Every other goal is counted as not max-reward. ``ambition_levels`` sets how finely the same goals are
carved up: with more levels, each non-schemer object gets more goals and the schemer's count stays put,
which is the principle-of-indifference worry about counts in miniature.

The enumerator lists the goals, sorts them into classes and weighs each class under a measure:

* ``uniform``: every goal weighs the same (the strict count);
* ``simplicity``: a goal weighs ``2 ** (-strength * description_length)``. The specified goal, the reward
  process and the proxies have a content length ``spec_bits`` (proxies one bit more: they are variants of
  the specified goal); the other concepts are coded by their rank with Elias's gamma code
  (``2 * floor(log2 k) + 1`` bits for rank ``k``), so a few are very simple and most are not;
* ``pointer``: each goal points at a concept the world model already holds, and every pointer costs
  ``log2(n_concepts)`` bits (§4.3.4), so content no longer matters. In this universe every concept gets
  one pointer of the same length, so the pointer measure equals the uniform one;
* ``hazy``: a mixture of the two *distinct* measures, the count (uniform, which is also the pointer
  measure) and the simplicity measure, with weight ``simplicity_weight`` on the latter: a stand-in for not
  knowing which measure is right. The pointer measure is not added a second time.

Defaults. The specified goal's content length ``spec_bits`` defaults to :data:`DEFAULT_SPEC_BITS`, one
bit: as short as the shortest other concept, so that the simplicity measure does not hand schemers the
win before anything is measured (with a longer specified goal, the few very short unrelated concepts
would). The hazy mixture weighs the two measures equally by default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ._validate import check_choice, check_int, check_int_array, check_real

#: Classes of max-reward goals, in the book's usual order.
COUNTING_CLASSES = ("Training saint", "Misgeneralized non-training-gamer", "Reward-on-the-episode seeker", "Schemer")
MEASURES = ("uniform", "simplicity", "pointer", "hazy")
MAX_CONCEPTS = 1 << 20
MAX_PROXIES = 1000
MAX_SPEC_BITS = 200.0
MAX_STRENGTH = 10.0
MAX_AMBITION_LEVELS = 64
#: Largest universe the enumerator lists (goals, not concepts).
MAX_GOALS = 1 << 22
#: Default content length of the specified goal, in bits: the shortest codeword the other concepts get, so
#: that the simplicity measure starts without a thumb on the scale.
DEFAULT_SPEC_BITS = 1.0
#: Default weight of the simplicity measure in the hazy mixture (the count takes the rest).
DEFAULT_SIMPLICITY_WEIGHT = 0.5

# Class codes inside the enumerator (-1: not a max-reward goal).
_SAINT, _MISGEN, _REWARD, _SCHEMER = range(4)


@dataclass(frozen=True)
class GoalUniverse:
    """Every goal of the §4.2 toy as parallel arrays, with the class each max-reward goal falls in."""

    objects: np.ndarray  # concept index of each goal
    beyond: np.ndarray  # True if the goal reaches beyond the episode
    ambitious: np.ndarray  # True if the goal is at the top ambition level
    cls: np.ndarray  # class code in COUNTING_CLASSES order, -1 if not max-reward
    content_bits: np.ndarray  # description length of each goal's content, in bits
    object_bits: np.ndarray  # description length of each concept, in bits (content_bits = object_bits[objects])

    @property
    def size(self) -> int:
        return int(self.objects.size)

    @property
    def n_concepts(self) -> int:
        return int(self.object_bits.size)

    @cached_property
    def max_reward(self) -> np.ndarray:
        """Indices of the max-reward goals."""
        return np.flatnonzero(self.cls >= 0)

    def counts(self) -> np.ndarray:
        """Number of max-reward goals in each class, in COUNTING_CLASSES order."""
        return np.bincount(self.cls[self.max_reward], minlength=len(COUNTING_CLASSES))


def _check_universe(n_concepts: object, n_proxies: object) -> tuple[int, int]:
    """A goal universe's size: n_concepts and n_proxies, integers with room for the proxies."""
    m = check_int("n_proxies", n_proxies, 0, MAX_PROXIES)
    n = check_int("n_concepts", n_concepts, 2, MAX_CONCEPTS)
    if n < m + 2:
        # The bound comes from n_proxies: name both, since either can be the one to fix.
        raise ValueError(
            f"n_concepts must be at least n_proxies + 2 = {m + 2} (the specified goal, the reward process "
            f"and n_proxies={m} proxies), got n_concepts={n_concepts!r}"
        )
    return n, m


#: Largest rank :func:`elias_gamma_bits` takes: every integer up to it is exact as a float.
MAX_RANK = 2**53


def _gamma_bits(rank: np.ndarray) -> np.ndarray:
    return 2 * np.floor(np.log2(rank)) + 1


def elias_gamma_bits(rank: object) -> np.ndarray:
    """Length in bits of Elias's gamma code for positive integers ``rank`` (a prefix-free code).

    ``rank`` is an integer or an array of integers (at most 3 dimensions, at most ``MAX_CONCEPTS``
    entries), each in [1, 2**53]; the result has its shape.
    """
    arr = check_int_array("rank", rank, 1, MAX_RANK, ndim=None, max_size=MAX_CONCEPTS)
    return _gamma_bits(arr.astype(float))


def enumerate_goals(
    n_concepts: object, n_proxies: object = 2, spec_bits: object = DEFAULT_SPEC_BITS, ambition_levels: object = 2
) -> GoalUniverse:
    """List every (object, horizon, ambition) goal and sort the max-reward ones into classes (§4.2).

    Parameters
    ----------
    n_concepts
        Concepts in the world model, an integer in [n_proxies + 2, 2**20].
    n_proxies
        Misgeneralized proxies that match the specified goal in training, an integer in [0, 1000].
    spec_bits
        Description length of the specified goal's content in bits, in [0, 200] (the reward process is
        given the same length; proxies one bit more).
    ambition_levels
        Levels of ambition, an integer in [2, 64]; only the top level schemes.
    """
    n, m = _check_universe(n_concepts, n_proxies)
    k = check_real("spec_bits", spec_bits, 0.0, MAX_SPEC_BITS)
    levels = check_int("ambition_levels", ambition_levels, 2, MAX_AMBITION_LEVELS)
    if n * 2 * levels > MAX_GOALS:
        raise ValueError(f"n_concepts * 2 * ambition_levels must be at most {MAX_GOALS} goals, got {n * 2 * levels}")
    bits = np.empty(n)
    bits[:2] = k
    bits[2 : 2 + m] = k + 1
    bits[2 + m :] = _gamma_bits(np.arange(1, n - 1 - m))
    # Goals object-major, then horizon (within first), then ambition (lowest first): 2 * levels per concept.
    per = 2 * levels
    objects = np.repeat(np.arange(n), per)
    beyond = np.tile(np.repeat(np.array([False, True]), levels), n)
    top = np.tile(np.arange(levels) == levels - 1, 2 * n)
    cls = np.full(objects.size, -1)
    within = ~beyond
    cls[within & (objects == 0)] = _SAINT
    cls[within & (objects == 1)] = _REWARD
    cls[within & (objects >= 2) & (objects < 2 + m)] = _MISGEN
    cls[beyond & top] = _SCHEMER
    return GoalUniverse(objects, beyond, top, cls, bits[objects], bits)


def _shares(u: GoalUniverse, object_weights: np.ndarray) -> np.ndarray:
    """Class shares when each goal weighs what its object weighs."""
    idx = u.max_reward
    totals = np.bincount(u.cls[idx], weights=object_weights[u.objects[idx]], minlength=len(COUNTING_CLASSES))
    return totals / totals.sum()


def class_counts(n_concepts: object, n_proxies: object = 2, ambition_levels: object = 2) -> np.ndarray:
    """Number of max-reward goals in each class (§4.2 strict count), in COUNTING_CLASSES order."""
    return enumerate_goals(n_concepts, n_proxies, DEFAULT_SPEC_BITS, ambition_levels).counts()


def counting_shares(
    n_concepts: object,
    measure: object = "uniform",
    *,
    n_proxies: object = 2,
    spec_bits: object = DEFAULT_SPEC_BITS,
    strength: object = 1.0,
    ambition_levels: object = 2,
    simplicity_weight: object = DEFAULT_SIMPLICITY_WEIGHT,
) -> np.ndarray:
    """Share of the measure on max-reward goals that falls in each class (§4.2, §4.3.4).

    Parameters
    ----------
    n_concepts, n_proxies, spec_bits, ambition_levels
        The goal universe, as in :func:`enumerate_goals`.
    measure
        ``"uniform"``, ``"simplicity"``, ``"pointer"`` or ``"hazy"`` (the count and the simplicity measure
        mixed; the pointer measure equals the count here and is not counted twice).
    strength
        Strength of the simplicity bias in [0, 10]: a goal of ``L`` bits weighs ``2 ** (-strength * L)``.
        0 makes the simplicity measure uniform. Used only by ``"simplicity"`` and ``"hazy"``.
    simplicity_weight
        Weight of the simplicity measure in the hazy mixture, in [0, 1]; the count gets the rest. Used only
        by ``"hazy"``.

    Returns
    -------
    numpy.ndarray
        Shape ``(4,)`` in COUNTING_CLASSES order, summing to 1.
    """
    kind = check_choice("measure", measure, MEASURES)
    a = check_real("strength", strength, 0.0, MAX_STRENGTH)
    w = check_real("simplicity_weight", simplicity_weight, 0.0, 1.0)
    u = enumerate_goals(n_concepts, n_proxies, spec_bits, ambition_levels)
    if kind == "hazy":
        return _hazy(measure_shares(u, "uniform", a), measure_shares(u, "simplicity", a), w)
    return measure_shares(u, kind, a)


def _hazy(count: np.ndarray, simplicity: np.ndarray, weight: float) -> np.ndarray:
    """The hazy mixture: the count (= the pointer measure here) and the simplicity measure, each once."""
    return (1.0 - weight) * count + weight * simplicity


def measure_shares(universe: object, measure: object, strength: object) -> np.ndarray:
    """Share of one measure on the max-reward goals that falls in each class (§4.2, §4.3.4).

    The step that weighs the goals: :func:`counting_shares` and :func:`counts_and_shares` call it once per measure.

    Parameters
    ----------
    universe
        The goal universe, a :class:`GoalUniverse` as :func:`enumerate_goals` returns it (checked to be one).
    measure
        ``"uniform"``, ``"simplicity"`` or ``"pointer"``: one of the measures on its own (the ``"hazy"``
        mixture of :func:`counting_shares` mixes two results of this function).
    strength
        Strength of the simplicity bias in [0, 10], per bit of description length: a goal of ``L`` bits
        weighs ``2 ** (-strength * L)``. Used only by ``"simplicity"``.

    Returns
    -------
    numpy.ndarray
        Shape ``(4,)`` in COUNTING_CLASSES order, summing to 1.
    """
    u, kind, a = _check_measure_call(universe, measure, strength)
    # A goal's weight depends only on its object here, so weigh the concepts once and look each goal up.
    if kind == "simplicity":
        # Horizon and ambition cost the same bits for every goal; they cancel and are left out.
        logw = -a * u.object_bits * math.log(2)
        object_weights = np.exp(logw - logw.max())
    elif kind == "pointer":
        # Every pointer into the shared world model costs log2(n_concepts) bits, whatever the concept's content.
        object_weights = np.full(u.n_concepts, 1.0 / u.n_concepts)
    else:
        object_weights = np.ones(u.n_concepts)
    return _shares(u, object_weights)


def _check_measure_call(universe: object, measure: object, strength: object) -> tuple[GoalUniverse, str, float]:
    """The arguments of :func:`measure_shares`, checked: a GoalUniverse, a single measure, a strength."""
    if not isinstance(universe, GoalUniverse):
        raise ValueError(f"universe must be a GoalUniverse from enumerate_goals, got a {type(universe).__name__}")
    kind = check_choice("measure", measure, MEASURES[:3])
    a = check_real("strength", strength, 0.0, MAX_STRENGTH)
    return universe, kind, a


def schemer_share(n_concepts: object, measure: object = "uniform", **kwargs: object) -> float:
    """The schemer's share of the max-reward measure (§4.2): the counting argument's headline number."""
    return float(counting_shares(n_concepts, measure, **kwargs)[_SCHEMER])  # type: ignore[arg-type]


def all_measure_shares(
    n_concepts: object,
    *,
    n_proxies: object = 2,
    spec_bits: object = DEFAULT_SPEC_BITS,
    strength: object = 1.0,
    ambition_levels: object = 2,
    simplicity_weight: object = DEFAULT_SIMPLICITY_WEIGHT,
) -> np.ndarray:
    """Class shares under every measure at once, shape ``(4 measures, 4 classes)`` in MEASURES order.

    Same numbers as :func:`counting_shares` called once per measure, but the universe is listed once.
    """
    return counts_and_shares(n_concepts, n_proxies=n_proxies, spec_bits=spec_bits, strength=strength,
                             ambition_levels=ambition_levels, simplicity_weight=simplicity_weight)[1]


def counts_and_shares(
    n_concepts: object,
    *,
    n_proxies: object = 2,
    spec_bits: object = DEFAULT_SPEC_BITS,
    strength: object = 1.0,
    ambition_levels: object = 2,
    simplicity_weight: object = DEFAULT_SIMPLICITY_WEIGHT,
) -> tuple[np.ndarray, np.ndarray]:
    """The class counts and the ``(4, 4)`` table of :func:`all_measure_shares`, from one listing of the goals."""
    a = check_real("strength", strength, 0.0, MAX_STRENGTH)
    w = check_real("simplicity_weight", simplicity_weight, 0.0, 1.0)
    u = enumerate_goals(n_concepts, n_proxies, spec_bits, ambition_levels)
    three = np.array([measure_shares(u, m, a) for m in MEASURES[:3]])
    return u.counts(), np.vstack([three, _hazy(three[0], three[1], w)])
