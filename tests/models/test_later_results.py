"""Tests of the later-results data and the timeline explorable (chapter 7's numbers and the quizzes of chapters 6
and 7 are in tests/chapters/test_chapter_06_07.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from scheming_companion.explore import figure_json
from scheming_companion.figures import EXPLORABLES
from scheming_companion.figures.later_results import (
    LANE,
    covert_actions_figure,
    estimates_figure,
    timeline_explorable,
)
from scheming_companion.models import LATER_RESULTS, QUESTION_KEYS, results_bearing_on
from scheming_companion.models.later_results import COVERT_ACTION_RATES, ESTIMATES, REPORT_DATE

from ..support import ROOT, chapter_markdown

BIB = (ROOT / "references.bib").read_text(encoding="utf-8")
BIB_KEYS = re.findall(r"^@\w+\{([^,]+),", BIB, re.M)
#: Chapter 7 cites every later result and states the numbers the static figures draw.
CH7 = chapter_markdown("07-since-the-report")
CH7_FLAT = re.sub(r"\s+", " ", CH7)


def test_bibliography_keys_are_unique():
    assert len(BIB_KEYS) == len(set(BIB_KEYS)), sorted(k for k in BIB_KEYS if BIB_KEYS.count(k) > 1)


def test_every_later_result_is_well_formed_and_cited():
    keys = [r.key for r in LATER_RESULTS]
    assert len(keys) == len(set(keys))
    for r in LATER_RESULTS:
        date = dt.date.fromisoformat(r.date)
        assert date > dt.date.fromisoformat(REPORT_DATE), f"{r.key} is not after the report"
        assert r.questions and set(r.questions) <= set(QUESTION_KEYS), r.key
        assert r.cite in BIB_KEYS, f"{r.cite} is not in references.bib"
        assert f"`{r.cite}`" in CH7, f"chapter 7 does not cite {r.cite}"
        assert r.title and r.who and r.finding and r.date_note


def test_full_citations_carry_a_year_and_a_venue_or_identifier():
    for r in LATER_RESULTS:
        entry = re.search(r"@\w+\{" + re.escape(r.cite) + r",(.*?)\n\}", BIB, re.S)
        assert entry, r.cite
        body = entry.group(1)
        assert re.search(r"^\s*author\s*=", body, re.M) and re.search(r"^\s*title\s*=", body, re.M), r.cite
        assert re.search(r"^\s*year\s*=\s*\{20(23|24|25|26)\}", body, re.M), r.cite
        assert re.search(r"eprint|howpublished|booktitle", body), f"{r.cite} says neither where nor which arXiv id"


def test_approximate_dates_are_flagged():
    for r in (*LATER_RESULTS, *ESTIMATES):
        exact = re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 20\d\d", r.date_note)
        assert bool(exact) != r.approximate, r.date_note
        # A date the reader sees is a date, a month or a year: never a remark about what is known of it.
        assert re.fullmatch(r"(\d{1,2} )?([A-Z][a-z]{2} )?20\d\d", r.date_note), r.date_note
    assert [t.marker.symbol for t in estimates_figure().data] == [
        "circle-open" if e.approximate else "circle" for e in ESTIMATES]


@pytest.mark.parametrize("question", ["all", *QUESTION_KEYS])
def test_results_bearing_on(question):
    chosen = results_bearing_on(question)
    assert chosen, question
    assert [r.date for r in chosen] == sorted(r.date for r in chosen)
    if question != "all":
        assert all(question in r.questions for r in chosen)
        assert {r.key for r in chosen} == {r.key for r in LATER_RESULTS if question in r.questions}


@pytest.mark.parametrize("bad", ["", "goal guarding", None, 3, True, ["all"]])
def test_results_bearing_on_bad_input(bad):
    with pytest.raises(ValueError, match="question must be one of"):
        results_bearing_on(bad)


def test_timeline_explorable_highlights_exactly_the_linked_results():
    assert "later-results-timeline" in EXPLORABLES
    ex = timeline_explorable()
    base = figure_json(ex.figure())
    assert len(base["data"][1]["x"]) == sum(len(r.questions) for r in LATER_RESULTS), "one dot per link"
    for q in QUESTION_KEYS:
        patch = ex.patch(question=q)
        hi = patch.data[2]
        assert len(hi["x"]) == len(results_bearing_on(q))
        assert set(hi["y"]) == {LANE[q]}
        assert patch.readout.startswith(ex.params[0].labels()[ex.params[0].index(q)])
        assert len(patch.layout["shapes"]) == 2, "the report line and the lane band"
    first, last = (dt.date.fromisoformat(d).strftime("%B %Y") for d in (min(r.date for r in LATER_RESULTS),
                                                                           max(r.date for r in LATER_RESULTS)))
    assert ex.readout() == f"All {len(LATER_RESULTS)} later results, from {first} to {last}."
    assert first == "December 2023", "the first later result is AI Control, just after the report"
    assert len(ex.static_html().to_html().encode()) < 200_000


def test_static_figures_use_the_papers_numbers():
    bars = covert_actions_figure()
    assert list(bars.data[0].y) == [13.0, 8.7] and list(bars.data[1].y) == [0.4, 0.3]
    assert "13% to 0.4%" in CH7_FLAT and "8.7% to 0.3%" in CH7_FLAT
    assert COVERT_ACTION_RATES == {"o3": (13.0, 0.4), "o4-mini": (8.7, 0.3)}
    points = estimates_figure()
    assert [t.y[0] for t in points.data] == [e.percent for e in ESTIMATES]
    assert all(t.mode == "markers+text" for t in points.data), "separate points, never a joined series"


