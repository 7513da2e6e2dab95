"""Chapter 7's entries: each later result has the chapter's three parts (the report's question with report sections
that exist, what was found, what it does not show), is in the timeline's data, and has a complete bibliography entry
(year, month where the date shown has one, and a URL or arXiv id). The timeline's range and alt text follow the data.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pybtex.database import parse_file
from scheming_companion.book.outline import load_outline
from scheming_companion.figures.later_results import (
    NEAR_DAYS,
    date_range,
    timeline_base_figure,
    timeline_explorable,
)
from scheming_companion.models.later_results import (
    ESTIMATES,
    LATER_RESULTS,
    QUESTION_SECTIONS,
    QUESTIONS,
    REPORT_DATE,
    results_bearing_on,
)

from ..support import ROOT, chapter_markdown

CH7 = chapter_markdown("07-since-the-report")
OUTLINE = load_outline(ROOT)
BIB = parse_file(str(ROOT / "references.bib")).entries
PARTS = ("**The report's question.**", "**What was found.**", "**What it does not show.**")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: Works whose only page found so far gives no URL or arXiv id (talk slides, a personal essay, a forum post):
#: they keep `howpublished`; every other later result needs a URL or an arXiv id.
NO_URL_YET = {"carlsmith2024slides", "carlsmith2024takes", "turner2024arguments"}


def entries(markdown: str) -> dict[str, str]:
    """Each `### ` entry of the chapter's later-results sections, by heading, with its text up to the next heading.

    Only the sections from "Model organisms" to the last report-question section hold entries; the exercises,
    takeaways and reading list come after the closing section and are left out.
    """
    start = markdown.index("## Model organisms and goal-guarding")
    end = markdown.index("## Where the evidence now points")
    body = markdown[start:end]
    blocks = re.split(r"^### ", body, flags=re.M)[1:]
    return {b.splitlines()[0].strip(): re.split(r"^## ", b, flags=re.M)[0] for b in blocks}


ENTRIES = entries(CH7)


def test_entries_are_found():
    assert len(ENTRIES) >= 25, sorted(ENTRIES)


@pytest.mark.parametrize("heading", sorted(ENTRIES))
def test_every_entry_has_the_three_parts_in_order(heading):
    text = ENTRIES[heading]
    where = [text.find(p) for p in PARTS]
    assert all(w >= 0 for w in where), f"{heading}: missing {[p for p, w in zip(PARTS, where) if w < 0]}"
    assert where == sorted(where), f"{heading}: the three parts are out of order"
    assert re.search(r"\{cite:[tp]\}`[^`]+`", text), f"{heading} cites nothing"


@pytest.mark.parametrize("heading", sorted(ENTRIES))
def test_every_entry_names_report_sections_that_exist(heading):
    text = ENTRIES[heading]
    question = text[text.index(PARTS[0]):text.index(PARTS[1])]
    sections = re.findall(r"§(\d+(?:\.\d+)*)", question)
    assert sections, f"{heading}: the report's question names no section"
    assert set(sections) <= set(OUTLINE), f"{heading}: {sorted(set(sections) - set(OUTLINE))} not in the outline"


def test_each_later_result_has_an_entry_and_each_entry_is_in_the_timeline():
    cited = {k for text in ENTRIES.values() for k in re.findall(r"\{cite:t\}`([^`]+)`", text.split(PARTS[0])[0])}
    data = {r.cite for r in LATER_RESULTS}
    assert data <= cited, f"in the timeline but without an entry: {sorted(data - cited)}"
    assert cited <= data, f"an entry the timeline leaves out: {sorted(cited - data)}"


def test_the_questions_sections_exist_and_the_labels_come_from_them():
    for key, name, sections in QUESTION_SECTIONS:
        assert set(sections) <= set(OUTLINE), key
        assert dict(QUESTIONS)[key] == f"{name} ({', '.join('§' + s for s in sections)})"
    sixes = [s for _, _, secs in QUESTION_SECTIONS for s in secs if s.startswith("6.")]
    assert sorted(sixes) == [f"6.{i}" for i in range(1, 9)], "each of §6.1–6.8 has exactly one lane"


@pytest.mark.parametrize("result", LATER_RESULTS, ids=lambda r: r.key)
def test_every_later_result_has_a_complete_bibliography_entry(result):
    entry = BIB[result.cite]
    fields = {k.lower(): v for k, v in entry.fields.items()}
    assert entry.persons.get("author"), result.cite
    date = dt.date.fromisoformat(result.date)
    if entry.type == "inproceedings":
        # A paper later printed in proceedings carries the proceedings' year; its arXiv id still dates it.
        assert int(fields["year"]) in (date.year, date.year + 1) and "eprint" in fields, result.cite
    else:
        assert fields.get("year") == str(date.year), f"{result.cite}: year {fields.get('year')} but dated {date}"
        shown_month = re.search(r"([A-Z][a-z]{2}) 20\d\d$", result.date_note)
        if shown_month:
            month = fields.get("month", "")[:3].lower()
            assert month == shown_month.group(1).lower(), f"{result.cite}: month {month!r}, shown {result.date_note}"
            assert MONTHS.index(month) + 1 == date.month, result.cite
    if result.cite not in NO_URL_YET:
        assert "url" in fields or "eprint" in fields, f"{result.cite} has neither a URL nor an arXiv id"
    if "eprint" in fields:
        assert fields["eprint"][:4] == f"{date.year % 100:02d}{date.month:02d}", (
            f"{result.cite}: arXiv id {fields['eprint']} is not from the month it is dated {result.date}")


def test_no_reader_facing_remark_about_what_was_checked():
    assert not re.search(r"not confirmed|unconfirmed|could not confirm|date unknown", CH7, re.I)


def test_timeline_range_covers_every_result_and_follows_the_data():
    lo, hi = timeline_base_figure().layout.xaxis.range
    for r in LATER_RESULTS:
        assert lo < r.date < hi, r.key
    assert lo < REPORT_DATE
    assert date_range(["2027-03-01"])[1] > "2027-03-01", "a later result widens the axis"
    assert date_range([e.date for e in ESTIMATES])[0] < REPORT_DATE


def test_timeline_alt_text_names_the_data_end():
    last = max(dt.date.fromisoformat(r.date) for r in LATER_RESULTS)
    assert str(last.year) in timeline_explorable().alt.split("Rows are")[0]


@pytest.mark.parametrize("bad", [[], ["2025-13-01"], ["not a date"]])
def test_date_range_rejects_bad_dates(bad):
    if bad:
        with pytest.raises(ValueError):
            date_range(bad)
    else:
        assert date_range(bad)[0] < REPORT_DATE < date_range(bad)[1], "no data: the axis still shows the report"


@pytest.mark.parametrize("question", [k for k, _ in QUESTIONS])
def test_highlighted_dots_are_numbered_and_named_in_the_readout(question):
    ex = timeline_explorable()
    patch = ex.patch(question=question)
    chosen = results_bearing_on(question)
    hi = patch.data[2]
    assert hi["text"] == [str(i) for i in range(1, len(chosen) + 1)]
    for i, r in enumerate(chosen, start=1):
        assert f"({i}) {r.title} ({r.date_note})" in patch.readout
    for i in range(1, len(hi["x"])):
        close = (dt.date.fromisoformat(hi["x"][i]) - dt.date.fromisoformat(hi["x"][i - 1])).days < NEAR_DAYS
        if close:
            assert hi["textposition"][i] != hi["textposition"][i - 1], f"{question}: numbers {i} and {i + 1} overprint"


def test_lane_names_sit_above_their_lanes_not_in_a_margin():
    fig = timeline_base_figure()
    assert fig.layout.yaxis.showticklabels is False and fig.layout.margin.l < 40
    names = {a.text: a.y for a in fig.layout.annotations if a.xref == "paper"}
    assert len(names) == len(QUESTIONS)
    lanes = sorted(names.values())
    assert all(b - a == pytest.approx(1) for a, b in zip(lanes, lanes[1:])), "one name per lane"
    assert all(0 < y - round(y) < 0.5 for y in lanes), "each name is between its lane and the next one up"
