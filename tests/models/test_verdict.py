"""The reader's verdict (models/verdict.py): answers, bottom line, trail and the class summary."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models.credence import (
    DEFAULT_FACTORS,
    FACTOR_NAMES,
    FACTOR_SECTIONS,
    LATER_CREDENCE,
    REPORT_CREDENCE,
    credence_from,
)
from scheming_companion.models.verdict import (
    CHAPTER_FACTORS,
    HISTOGRAM_BINS,
    PROMPTS,
    bottom_line,
    check_answers,
    class_summary,
    effective_factors,
    trail,
)

PROB = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
ANSWERS = st.fixed_dictionaries(
    {}, optional={c: st.fixed_dictionaries({}, optional={n: PROB for n in names}) for c, names in
                  CHAPTER_FACTORS.items()})


def test_every_factor_is_asked_and_only_real_factors_are() -> None:
    asked = {n for names in CHAPTER_FACTORS.values() for n in names}
    assert asked == set(FACTOR_NAMES)
    # Each chapter asks about a factor whose report sections include that chapter's section.
    for chapter, names in CHAPTER_FACTORS.items():
        number = chapter.removeprefix("ch").lstrip("0").rstrip("b")
        for n in names:
            assert f"§{number}." in FACTOR_SECTIONS[n] + "§3.1", (chapter, n)


def test_no_answers_is_the_book_start() -> None:
    assert effective_factors({}) == DEFAULT_FACTORS
    assert bottom_line({}) == credence_from(DEFAULT_FACTORS)
    assert all(row["change"] == 0 for row in trail({}))


def test_later_chapter_overrides_earlier() -> None:
    a = {"ch02": {"beyond_episode_goal": 0.9}, "ch04": {"beyond_episode_goal": 0.1}}
    assert effective_factors(a)["beyond_episode_goal"] == 0.1
    # Order of the mapping does not matter: the book's order does.
    b = {"ch04": {"beyond_episode_goal": 0.1}, "ch02": {"beyond_episode_goal": 0.9}}
    assert effective_factors(b) == effective_factors(a)


@given(ANSWERS)
@settings(max_examples=60, deadline=None)
def test_trail_adds_up_to_the_bottom_line(answers: dict) -> None:
    rows = trail(answers)
    assert [r["chapter"] for r in rows] == list(CHAPTER_FACTORS)
    assert rows[0]["before"] == bottom_line({})
    assert rows[-1]["after"] == bottom_line(answers)
    for prev, row in zip(rows, rows[1:]):
        assert row["before"] == prev["after"]
    assert math.isclose(sum(r["change"] for r in rows), bottom_line(answers) - bottom_line({}), abs_tol=1e-12)
    assert bottom_line(answers) == credence_from(effective_factors(answers))


@pytest.mark.parametrize(("answers", "needle"), [
    ([], "answers must be an object"),
    ({"ch09": {}}, "unknown chapter 'ch09'"),
    ({"ch02": 0.5}, "answers.ch02 must be an object"),
    ({"ch02": {"speed": 0.5}}, "unknown factor 'speed'"),
    ({"ch01": {"ambitious": 0.5}}, "Chapter 1 does not ask about 'ambitious'"),
    ({"ch01": {"survives_selection": 1.5}}, "answers.ch01.survives_selection must be a number from 0 to 1"),
    ({"ch01": {"survives_selection": math.nan}}, "from 0 to 1"),
    ({"ch01": {"survives_selection": True}}, "from 0 to 1"),
    ({"ch01": {"survives_selection": "0.5"}}, "from 0 to 1"),
])
def test_bad_answers_are_named(answers: object, needle: str) -> None:
    with pytest.raises(ValueError, match="answers") as err:
        check_answers(answers)
    assert needle in str(err.value)


def test_class_summary_by_hand() -> None:
    a = {"ch02": {"beyond_episode_goal": 0.2}}
    b = {"ch02b": {"ambitious": 1.0, "goal_guarding": 1.0, "empowerment": 1.0}, "ch01": {"survives_selection": 1}}
    c: dict = {}
    s = class_summary([a, b, c])
    lines = [bottom_line(x) for x in (a, b, c)]
    assert s["n"] == 3 and s["bottom_lines"] == lines
    assert s["median"] == statistics.median(lines)
    assert math.isclose(s["mean"], statistics.fmean(lines), rel_tol=1e-12)
    assert s["min"] == min(lines) and s["max"] == max(lines)
    assert s["at_least_report"] == sum(p >= REPORT_CREDENCE for p in lines)
    assert s["at_least_later"] == sum(p >= LATER_CREDENCE for p in lines)
    assert sum(s["histogram"]) == 3 and len(s["histogram"]) == HISTOGRAM_BINS
    by_name = {f["name"]: f for f in s["factors"]}
    assert math.isclose(by_name["beyond_episode_goal"]["sd"], statistics.pstdev([0.2, 0.5, 0.5]), rel_tol=1e-12)
    assert by_name["non_classic"]["sd"] == 0.0
    sds = [by_name[n]["sd"] for n in s["disagreement"]]
    assert sds == sorted(sds, reverse=True)
    assert len(s["prompts"]) == PROMPTS
    assert s["prompts"][0].startswith(by_name[s["disagreement"][0]]["label"])


def test_class_summary_histogram_edges() -> None:
    one = {"ch02": {"beyond_episode_goal": 1.0}, "ch02b": {"ambitious": 1.0, "goal_guarding": 1.0, "empowerment": 1.0},
           "ch01": {"survives_selection": 1.0}}
    zero = {"ch02": {"beyond_episode_goal": 0.0}}
    s = class_summary([one, zero])
    assert s["bottom_lines"] == [1.0, 0.0]
    assert s["histogram"][-1] == 1 and s["histogram"][0] == 1


@given(st.lists(ANSWERS, min_size=1, max_size=12))
@settings(max_examples=40, deadline=None)
def test_class_summary_properties(answers: list) -> None:
    s = class_summary(answers)
    assert s["n"] == len(answers) and sum(s["histogram"]) == len(answers)
    assert s["min"] <= s["median"] <= s["max"]
    assert s["min"] - 1e-12 <= s["mean"] <= s["max"] + 1e-12
    for f in s["factors"]:
        assert f["min"] - 1e-12 <= f["mean"] <= f["max"] + 1e-12
        assert 0 <= f["sd"] <= 0.5 + 1e-12
    assert sorted(s["disagreement"]) == sorted(FACTOR_NAMES)


@pytest.mark.parametrize(("answers", "needle"), [
    ([], "must not be empty"),
    ("ch01", "must be a list"),
    ([{}, {"ch02": {"beyond_episode_goal": 2}}], "answers[1].ch02.beyond_episode_goal"),
    ([{}] * 10_001, "at most"),
])
def test_class_summary_bad_input(answers: object, needle: str) -> None:
    with pytest.raises(ValueError) as err:
        class_summary(answers)  # type: ignore[arg-type]
    assert needle in str(err.value)
