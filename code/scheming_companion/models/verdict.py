"""The reader's verdict (report §0, §5): answers to the credence explorer's factors, chapter by chapter.

At the end of chapters 1 to 4 the book asks readers where they stand on the factors of the chapter 5 credence
explorer (:mod:`.credence`) that the chapter bears on. A *verdict* is those answers, chapter by chapter; its
*bottom line* is :func:`.credence.scheming_credence` of the factors they set. A chapter answered later in the
book overrides an earlier chapter's answer to the same factor, and factors never answered stay at the book's
starting point (:data:`.credence.DEFAULT_FACTORS`; the author gives no per-factor numbers, only his holistic
25%, later "maybe 20%").

This module is pure: it checks a verdict's answers (:func:`check_answers`), gives their bottom line and trail, and
summarises a class's verdicts (:func:`class_summary`). The page's script (``book/static/scheming-verdict.js``)
applies the same rules and computes the same summary, operation for operation, and the browser test holds the
two to 1e-9. The file format and reading files are :mod:`scheming_companion.figures.verdict`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from .credence import (
    DEFAULT_FACTORS,
    FACTOR_LABELS,
    FACTOR_NAMES,
    LATER_CREDENCE,
    REPORT_CREDENCE,
    scheming_credence,
)

#: What the file says it is, and the version of its format this book reads and writes.
SCHEMA_NAME = "scheming-companion-verdict"
SCHEMA_VERSION = 1
#: Largest verdict file accepted, in bytes (a real one is well under 1 kB).
MAX_BYTES = 100_000
#: Largest book-version string accepted.
MAX_VERSION_CHARS = 40
#: How closely a file's stated bottom line must equal the one its answers give.
BOTTOM_LINE_TOLERANCE = 1e-9

#: The chapters that ask, in the book's order, each with the factors it bears on (the report sections in
#: brackets are the factors' own, see ``credence.FACTOR_SECTIONS``).
CHAPTER_FACTORS: dict[str, tuple[str, ...]] = {
    "ch01": ("survives_selection",),  # §1.5: slack in training
    "ch02": ("beyond_episode_goal",),  # §2.2: beyond-episode goals
    "ch02b": ("ambitious", "goal_guarding", "empowerment", "non_classic"),  # §2.3
    "ch03": ("beyond_episode_goal", "ambitious"),  # §3.1-§3.2: the path arguments
    "ch04": ("beyond_episode_goal", "survives_selection"),  # §4.2 counting; §4.3-§4.6 selection
}
#: How the page names each asking chapter.
CHAPTER_TITLES: dict[str, str] = {
    "ch01": "Chapter 1", "ch02": "Chapter 2", "ch02b": "Chapter 2b", "ch03": "Chapter 3", "ch04": "Chapter 4",
}
#: Histogram of the class's bottom lines: this many equal bins over [0, 1] (the last one closed).
HISTOGRAM_BINS = 20
#: How many factors of most disagreement become discussion prompts.
PROMPTS = 3
#: Most verdicts one class view pools.
MAX_CLASS = 10_000
#: The discussion prompt for a factor the class disagrees on (filled here and, from the page config, by the page).
PROMPT = ("{label}: the class ranges from {low} to {high} (standard deviation {sd} points). Ask a student near "
          "each end which chapter's argument moved them.")

Answers = dict[str, dict[str, float]]


def check_answers(answers: object, name: str = "answers") -> Answers:
    """Check a verdict's answers: chapter key -> factor name -> probability; ``ValueError`` naming ``name`` and
    the problem otherwise.

    Only the chapters of :data:`CHAPTER_FACTORS` may appear, each with only the factors it asks about, each a
    finite number (not a bool) in [0, 1]. Returns a plain copy with float values.
    """
    if not isinstance(answers, Mapping):
        raise ValueError(f"{name} must be an object of chapters, got {type(answers).__name__}")
    out: Answers = {}
    for chapter, given in answers.items():
        if chapter not in CHAPTER_FACTORS:
            raise ValueError(f"{name}: unknown chapter {chapter!r}; chapters are {', '.join(CHAPTER_FACTORS)}")
        if not isinstance(given, Mapping):
            raise ValueError(f"{name}.{chapter} must be an object of factors, got {type(given).__name__}")
        out[chapter] = {}
        for factor, value in given.items():
            if factor not in FACTOR_NAMES:
                raise ValueError(f"{name}.{chapter}: unknown factor {factor!r}; factors are "
                                 f"{', '.join(FACTOR_NAMES)}")
            if factor not in CHAPTER_FACTORS[chapter]:
                raise ValueError(f"{name}.{chapter}: {CHAPTER_TITLES[chapter]} does not ask about {factor!r} (it "
                                 f"asks about {', '.join(CHAPTER_FACTORS[chapter])})")
            if not is_probability(value):
                raise ValueError(f"{name}.{chapter}.{factor} must be a number from 0 to 1, got {value!r}")
            out[chapter][factor] = float(value)  # type: ignore[arg-type]
    return out


def is_probability(value: object) -> bool:
    """A finite int or float (not a bool) in [0, 1]."""
    # The range check alone excludes NaN and the infinities, and never converts a huge int to float.
    return isinstance(value, int | float) and not isinstance(value, bool) and 0.0 <= value <= 1.0


def effective_factors(answers: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """The factors a verdict sets: the book's start, overridden chapter by chapter in the book's order."""
    checked = check_answers(answers)
    factors = dict(DEFAULT_FACTORS)
    for chapter in CHAPTER_FACTORS:
        factors.update(checked.get(chapter, {}))
    return factors


def bottom_line(answers: Mapping[str, Mapping[str, float]]) -> float:
    """P(scheming | the report's conditions) from a verdict's answers (the credence explorer's arithmetic, §0,
    §5)."""
    f = effective_factors(answers)
    return float(scheming_credence(*(f[n] for n in FACTOR_NAMES)))


def trail(answers: Mapping[str, Mapping[str, float]]) -> list[dict[str, Any]]:
    """The bottom line after each asking chapter, from the book's start: one row per chapter, in book order.

    Each row has ``chapter``, ``before``, ``after`` and ``change`` (``after - before``); a chapter the reader
    did not answer changes nothing.
    """
    checked = check_answers(answers)
    rows = []
    applied: Answers = {}
    before = bottom_line(applied)
    for chapter in CHAPTER_FACTORS:
        applied[chapter] = checked.get(chapter, {})
        after = bottom_line(applied)
        rows.append({"chapter": chapter, "before": before, "after": after, "change": after - before})
        before = after
    return rows


def _pct(x: float) -> str:
    return f"{x:.0%}"


def class_summary(answers: Sequence[Mapping[str, Mapping[str, float]]]) -> dict[str, Any]:
    """What the class view draws from a class's answers, one verdict's answers each (the page's class view
    computes the same numbers; the browser test holds them to 1e-9).

    Returns a dict: ``n``; ``bottom_lines`` (in the given order); ``mean``, ``median``, ``min``, ``max``;
    ``at_least_report`` and ``at_least_later`` (how many bottom lines are at or above the author's 25% and
    20%); ``histogram`` (counts in :data:`HISTOGRAM_BINS` equal bins over [0, 1]); ``factors`` (per factor, in
    the explorer's order: ``name``, ``label``, ``mean``, ``sd`` (population), ``min``, ``max``);
    ``disagreement`` (factor names, largest standard deviation first, ties in the explorer's order) and
    ``prompts`` (discussion prompts for the first :data:`PROMPTS` of them).
    """
    if not isinstance(answers, Sequence) or isinstance(answers, str | bytes):
        raise ValueError(f"answers must be a list of verdicts' answers, got {type(answers).__name__}")
    if not answers:
        raise ValueError("answers must not be empty: the class view needs at least one verdict")
    if len(answers) > MAX_CLASS:
        raise ValueError(f"answers must hold at most {MAX_CLASS} verdicts, got {len(answers)}")
    sets = [effective_factors(check_answers(a, f"answers[{i}]")) for i, a in enumerate(answers)]
    n = len(sets)
    lines = [float(scheming_credence(*(f[k] for k in FACTOR_NAMES))) for f in sets]
    ordered = sorted(lines)
    mid = n // 2
    median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    histogram = [0] * HISTOGRAM_BINS
    for p in lines:
        histogram[min(math.floor(p * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)] += 1
    factors: list[dict[str, Any]] = []
    for name in FACTOR_NAMES:
        xs = [f[name] for f in sets]
        mean = _mean(xs)
        factors.append({"name": name, "label": FACTOR_LABELS[name], "mean": mean, "sd": _sd(xs, mean),
                        "min": min(xs), "max": max(xs)})
    ranked = sorted(factors, key=lambda f: -f["sd"])  # stable: ties keep the explorer's order
    prompts = [PROMPT.format(label=f["label"], low=_pct(f["min"]), high=_pct(f["max"]),
                             sd=f"{f['sd'] * 100:.0f}") for f in ranked[:PROMPTS]]
    return {
        "n": n, "bottom_lines": lines, "mean": _mean(lines), "median": median, "min": ordered[0],
        "max": ordered[-1], "at_least_report": sum(1 for p in lines if p >= REPORT_CREDENCE),
        "at_least_later": sum(1 for p in lines if p >= LATER_CREDENCE), "histogram": histogram,
        "factors": factors, "disagreement": [f["name"] for f in ranked], "prompts": prompts,
    }


def _mean(xs: Sequence[float]) -> float:
    total = 0.0
    for x in xs:  # left to right, as the page adds them
        total += x
    return total / len(xs)


def _sd(xs: Sequence[float], mean: float) -> float:
    total = 0.0
    for x in xs:
        total += (x - mean) * (x - mean)
    return math.sqrt(total / len(xs))


