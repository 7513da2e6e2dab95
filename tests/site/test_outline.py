"""The report's structure has one source (chapters/report-outline.yml), and the book agrees with it.

- every heading that names a report section ("## §3.3 …") gives the section's title exactly, and carries the
  sourcing marker exactly when the outline lists the title as not checked;
- every section cited anywhere the reader looks ("§2.3.1.2", in chapters, quizzes, student notebooks and the
  package's figure text) exists in the report;
- the reader-facing text never talks about how the book was researched ("our notes", "could not confirm"):
  the About page and the marker carry that.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from scheming_companion.book.outline import (
    MARKER_ROLE,
    SECTION_CITATION,
    SECTION_HEADING,
    heading_title,
    load_outline,
    parse_outline,
)

from ..support import ROOT, SITE

OUTLINE = load_outline(ROOT)
TOC_FILES = {c["file"] for part in yaml.safe_load((ROOT / "_toc.yml").read_text())["parts"] for c in part["chapters"]}


#: The student notebooks' header cell says what † means, as the marker's tooltip does in the book.
STUDENT_NOTE_ID = "student-note"


def _markdown_sources(folder: str) -> dict[str, str]:
    """Markdown text of every notebook (markdown cells but the student header) and .md page in ``folder``."""
    out = {}
    for path in sorted((ROOT / folder).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out[f"{folder}/{path.name}"] = "\n".join(
            c.source for c in nb.cells if c.cell_type == "markdown" and c.get("id") != STUDENT_NOTE_ID)
    for path in sorted((ROOT / folder).glob("*.md")):
        out[f"{folder}/{path.name}"] = path.read_text(encoding="utf-8")
    return out


CHAPTER_TEXT = _markdown_sources("chapters")
STUDENT_TEXT = _markdown_sources("students")
QUIZ_TEXT = {f"chapters/quizzes/{p.name}": p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "chapters" / "quizzes").glob("*.yml"))}
CODE_TEXT = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "code").rglob("*.py"))}


# ---------------------------------------------------------------------------------------------- the outline


def test_every_outline_page_is_in_the_toc() -> None:
    for section in OUTLINE.values():
        assert section.page in TOC_FILES, f"§{section.number}: page {section.page} is not in _toc.yml"


def test_outline_has_the_corrected_structure() -> None:
    # The report's §6 has eight subsections, §3 four (see ../shared/report/README.md, Corrections).
    assert [n for n in OUTLINE if n.startswith("6.") and n.count(".") == 1] == [f"6.{i}" for i in range(1, 9)]
    assert [n for n in OUTLINE if n.startswith("3.") and n.count(".") == 1] == [f"3.{i}" for i in range(1, 5)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "non-empty list 'sections'"),
        ({"sections": []}, "non-empty list 'sections'"),
        ({"sections": ["1"]}, "expected a mapping"),
        ({"sections": [{"number": 1, "title": "x", "page": "chapters/a"}]}, "'number'"),
        ({"sections": [{"number": "1.", "title": "x", "page": "chapters/a"}]}, "'number'"),
        ({"sections": [{"number": "1", "title": " ", "page": "chapters/a"}]}, "'title'"),
        ({"sections": [{"number": "1", "title": "x"}]}, "'page'"),
        ({"sections": [{"number": "1", "title": "x", "page": "elsewhere"}]}, "'page'"),
        ({"sections": [{"number": "1", "title": "x", "page": "chapters/a", "checked": "no"}]}, "'checked'"),
        ({"sections": [{"number": "1", "title": "x", "page": "chapters/a", "colour": "red"}]}, "unknown field"),
        ({"sections": [{"number": "1.1", "title": "x", "page": "chapters/a"}]}, "parent §1"),
        ({"sections": [{"number": "1", "title": "x", "page": "chapters/a"},
                       {"number": "1", "title": "y"}]}, "listed twice"),
    ],
)
def test_malformed_outline_is_refused_with_the_entry_named(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_outline(data, "outline.yml")


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                    max_leaves=12))
def test_any_malformed_outline_gives_a_value_error_not_a_crash(data: object) -> None:
    try:
        sections = parse_outline({"sections": data} if not isinstance(data, dict) else data)
    except ValueError:
        return
    assert all(s.title and s.page.startswith("chapters/") for s in sections.values())


# ------------------------------------------------------------------------------------------------ headings


def _section_headings() -> list[tuple[str, str, str, str]]:
    found = []
    for where, text in CHAPTER_TEXT.items():
        in_code = False
        for line in text.split("\n"):
            if line.lstrip().startswith(("```", "~~~")):
                in_code = not in_code
            m = None if in_code else SECTION_HEADING.match(line)
            if m:
                found.append((where, m["number"], m["title"], line))
    return found


HEADINGS = _section_headings()


def test_the_chapters_have_section_headings() -> None:
    assert len(HEADINGS) > 60


@pytest.mark.parametrize(("where", "number", "title", "line"), HEADINGS, ids=[f"{w}:§{n}" for w, n, _, _ in HEADINGS])
def test_section_heading_agrees_with_the_outline(where: str, number: str, title: str, line: str) -> None:
    assert number in OUTLINE, f"{where}: {line!r} names §{number}, which the report does not have"
    section = OUTLINE[number]
    text, marked = heading_title(title)
    assert text == section.title, f"{where}: §{number} is titled {section.title!r} in the report, not {text!r}"
    if section.checked:
        assert not marked, f"{where}: §{number}'s title is checked; drop the {{{MARKER_ROLE}}} marker"
    else:
        assert marked, f"{where}: §{number}'s title is not checked against the report: add {{{MARKER_ROLE}}}`title`"


def test_every_chapter_page_heads_its_sections_in_the_report_order() -> None:
    by_page: dict[str, list[str]] = {}
    for where, number, _, _ in HEADINGS:
        by_page.setdefault(where, []).append(number)
    order = list(OUTLINE)
    for where, numbers in by_page.items():
        positions = [order.index(n) for n in numbers if n in OUTLINE]
        assert positions == sorted(positions), f"{where}: section headings out of the report's order: {numbers}"


def test_the_path_chapter_has_all_four_subsections() -> None:
    numbers = [n for w, n, _, _ in HEADINGS if w == "chapters/03-path-arguments.ipynb"]
    assert {"3.1", "3.2", "3.3", "3.4"} <= set(numbers)


def test_the_empirical_chapter_has_the_eight_subsections() -> None:
    numbers = [n for w, n, _, _ in HEADINGS if w == "chapters/06-empirical-work.ipynb"]
    assert [n for n in numbers if n.startswith("6.")] == [f"6.{i}" for i in range(1, 9)]


# ----------------------------------------------------------------------------------------- cited sections

CITED = [
    (where, m["number"].rstrip("."))
    for where, text in {**CHAPTER_TEXT, **STUDENT_TEXT, **QUIZ_TEXT, **CODE_TEXT,
                        "intro.md": (ROOT / "intro.md").read_text(encoding="utf-8")}.items()
    for m in SECTION_CITATION.finditer(text)
]


def test_citations_were_found() -> None:
    assert len(CITED) > 300


def test_every_cited_section_exists_in_the_report() -> None:
    # "§6.10" or "§5.2" (the report's §5 has no subsections) would send a reader to a section that is not there.
    missing = sorted({f"{where}: §{number}" for where, number in CITED if number not in OUTLINE})
    assert not missing, "cited sections the report does not have:\n" + "\n".join(missing)


def test_the_citation_pattern_catches_a_wrong_section() -> None:
    text = "as §6.10 says, and §2.3.1.2."
    assert [m["number"].rstrip(".") for m in SECTION_CITATION.finditer(text)] == ["6.10", "2.3.1.2"]
    assert "6.10" not in OUTLINE


# ---------------------------------------------------------------------------- the book speaks to readers

#: Talk about how the book was researched. The About page says it once; the † marker does the rest.
META_TALK = re.compile(
    r"\b(?:our|the|these|those|my|book's|companion's) (?:research )?notes\b"
    r"|\bnotes (?:this|the) book\b|\bnotes behind\b|\bnotes we\b"
    r"|\b(?:we|i) (?:could|can)(?:not|n't| not)\b"
    r"|\b(?:could|can)(?:not|n't| not)(?: yet)? (?:be )?(?:confirm|check|verif|establish|pin down)"
    r"|\bunconfirmed\b|\bnot (?:been )?(?:confirmed|verified)\b"
    r"|\bnot (?:been )?checked against\b",
    re.IGNORECASE,
)
ABOUT_PAGES = {"chapters/about.md", "about.html"}


@pytest.mark.parametrize(
    "phrase",
    ["our notes", "The notes this book works from", "we could not confirm", "the date is unconfirmed",
     "could not be checked", "not checked against the report", "These notes say"],
)
def test_meta_talk_pattern_catches(phrase: str) -> None:
    assert META_TALK.search(phrase)


@pytest.mark.parametrize(
    "phrase", ["footnotes", "notes that the model", "she notes", "a confirmed result", "checked the answer"]
)
def test_meta_talk_pattern_leaves_ordinary_words(phrase: str) -> None:
    assert not META_TALK.search(phrase)


def _meta_talk(texts: dict[str, str]) -> list[str]:
    return [f"{where}: ...{text[max(0, m.start() - 40):m.end() + 40]}..."
            for where, text in texts.items() if where not in ABOUT_PAGES
            for m in META_TALK.finditer(text)]


def test_no_meta_talk_in_chapters_quizzes_and_student_notebooks() -> None:
    found = _meta_talk({**CHAPTER_TEXT, **STUDENT_TEXT, **QUIZ_TEXT,
                        "intro.md": (ROOT / "intro.md").read_text(encoding="utf-8")})
    assert not found, f"{len(found)} phrases about how the book was researched:\n" + "\n".join(found)


class _VisibleText(html.parser.HTMLParser):
    """The text a reader sees: no scripts, styles or attribute values (the marker's tooltip is allowed)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _built_pages() -> dict[str, str]:
    if not (SITE / "intro.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does it first)")
    out = {}
    for path in sorted(SITE.rglob("*.html")):
        if "_static" in path.parts or "_sources" in path.parts:
            continue
        parser = _VisibleText()
        parser.feed(path.read_text(encoding="utf-8"))
        out[path.name if path.parent == SITE / "chapters" else str(path.relative_to(SITE))] = " ".join(parser.parts)
    return out


@pytest.mark.site
def test_no_meta_talk_in_the_built_site() -> None:
    pages = _built_pages()
    about = pages.get("about.html", "")
    assert "\u2020" in about and "full text" in about, "the About page says what the marker means"
    found = _meta_talk(pages)
    assert not found, f"{len(found)} phrases about how the book was researched:\n" + "\n".join(found)


@pytest.mark.site
def test_the_marker_links_to_the_about_page_from_every_marked_heading() -> None:
    page = (SITE / "chapters" / "06-empirical-work.html").read_text(encoding="utf-8")
    markers = re.findall(r'<sup class="sc-unchecked"><a href="([^"]+)" title="([^"]+)"', page)
    assert len(markers) >= 8, "every §6 heading is marked"
    assert {href for href, _ in markers} == {"about.html#sourcing"}
    assert not re.search(r'\s<sup class="sc-unchecked">', page), "the dagger sits right after its word"
    about = (SITE / "chapters" / "about.html").read_text(encoding="utf-8")
    assert 'id="sourcing"' in about


def test_student_notebooks_explain_the_marker_once() -> None:
    for path in sorted((ROOT / "students").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        notes = [c.source for c in cells if c.get("id") == STUDENT_NOTE_ID]
        assert len(notes) == 1 and "\u2020" in notes[0] and "About this book" in notes[0], path.name


def test_student_notebooks_show_the_marker_as_a_dagger_and_refuse_an_unknown_kind() -> None:
    from scheming_companion.book.student import plain_markdown

    assert plain_markdown("## §6.5 Traps {unchecked}`title`", {}, Path(".")) == "## §6.5 Traps\u2020"
    with pytest.raises(ValueError, match="takes one of"):
        plain_markdown("§6.5 {unchecked}`maybe`", {}, Path("."))
