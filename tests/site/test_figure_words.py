"""The chapter owns its figures' words (HOUSE-STYLE.md; issue 14).

- No module under code/ types a figure number ("Figure 4.4", ``number="4.4"``) or a list of the chapters.
- Every figure a chapter shows gets its number, caption and alt text in the chapter's cell: ``show(fig, name=...,
  number=..., caption=..., alt=...)`` for a plain figure and ``explorable.static_html(number=..., caption=...)``
  for an explorable, whose alt text defaults to its builder's description (``alt=...`` overrides it).
- Numbers run 1, 2, 3 … through each chapter in reading order (chapter 2 spans two pages), every registered
  explorable is shown by exactly one chapter, and every "Figure N.N" the prose cites exists.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import nbformat
import pytest
from scheming_companion.book.outline import load_chapters, toc_files
from scheming_companion.figures import EXPLORABLES

from ..support import ROOT

CODE = ROOT / "code"
CHAPTERS = load_chapters(ROOT)
#: Source files of the package a figure number could hide in (plotly.js itself is not ours).
CODE_FILES = sorted(p for ext in ("py", "js", "css", "html") for p in CODE.rglob(f"*.{ext}")
                    if p.name != "plotly.min.js")
FIGURE_NUMBER = re.compile(r"""number\s*=\s*["']\d+\.\d+|Figure\s+\d+\.\d+""")
#: A figure number cited in a chapter's prose.
CITED = re.compile(r"Figures?\s+(\d+\.\d+)")
SOURCE_TALK = re.compile(r"not known|unconfirmed|not confirmed|could not|our notes|whose exact")


@dataclass(frozen=True)
class FigureCall:
    """One ``show(...)`` or ``<explorable>.static_html(...)`` call in a chapter's code cell."""

    page: str  # "chapters/01-scheming-and-its-significance"
    kind: str  # "show" or "static_html"
    keywords: dict[str, ast.expr]
    factory: str | None  # the explorable builder the receiver was made by (static_html only)

    def text(self, key: str) -> str | None:
        """The keyword's value as text when it is a plain (possibly implicitly joined) string literal."""
        node = self.keywords.get(key)
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    @property
    def where(self) -> str:
        return f"{self.page}: {self.kind}(number={self.text('number')!r})"


def _figure_calls(page: str) -> list[FigureCall]:
    nb = nbformat.read(ROOT / f"{page}.ipynb", as_version=4)
    calls: list[FigureCall] = []
    made_by: dict[str, str] = {}  # variable -> builder that made it ("nested_sets" -> "fake_alignment_explorable")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and isinstance(node.value.func, ast.Name) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)):
                made_by[node.targets[0].id] = node.value.func.id
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            if isinstance(node.func, ast.Name) and node.func.id == "show":
                calls.append(FigureCall(page, "show", keywords, None))
            elif isinstance(node.func, ast.Attribute) and node.func.attr == "static_html":
                receiver = node.func.value
                factory = made_by.get(receiver.id) if isinstance(receiver, ast.Name) else None
                calls.append(FigureCall(page, "static_html", keywords, factory))
    return calls


CALLS = {page: _figure_calls(page) for page in CHAPTERS}
ALL_CALLS = [call for calls in CALLS.values() for call in calls]


def _chapter_of(page: str) -> str:
    """The number the page's figures carry: chapter 2's second page ("2b") numbers on from the first."""
    return CHAPTERS[page].number.rstrip("abcdefghijklmnopqrstuvwxyz")


# --------------------------------------------------------------------------------------------- the package


def test_the_package_types_no_figure_number() -> None:
    assert CODE_FILES, "no package sources found"
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in CODE_FILES
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             if FIGURE_NUMBER.search(line)]
    assert not found, "figure numbers belong to the chapters, not code/:\n" + "\n".join(found)


def test_the_package_types_no_chapter_list() -> None:
    # A module may name a chapter page as an example; three or more of them is a list the toc already keeps.
    stems = {page.rpartition("/")[2] for page in CHAPTERS}
    for path in CODE_FILES:
        named = {s for s in stems if s in path.read_text(encoding="utf-8")}
        assert len(named) < 3, f"{path.relative_to(ROOT)} lists chapter pages {sorted(named)}: read _toc.yml"


def test_the_chapter_list_is_read_from_the_toc() -> None:
    notebooks = [f for f in toc_files(ROOT) if (ROOT / f"{f}.ipynb").is_file()]
    assert list(CHAPTERS) == notebooks
    assert [c.number for c in CHAPTERS.values()] == ["0", "1", "2", "2b", "3", "4", "5", "6", "7"]
    assert CHAPTERS["chapters/05-summing-up"].title == "Summing up", "the sections in brackets are not the title"


def test_an_explorable_holds_no_number_or_caption() -> None:
    for name, factory in EXPLORABLES.items():
        ex = factory()
        assert not hasattr(ex, "number") and not hasattr(ex, "caption"), name
        assert ex.alt.strip(), f"{name}: the builder's default alt text is empty"


# -------------------------------------------------------------------------------------------- the chapters


def test_the_chapters_show_figures() -> None:
    assert len([c for c in ALL_CALLS if c.kind == "show"]) >= 10
    assert len([c for c in ALL_CALLS if c.kind == "static_html"]) == len(EXPLORABLES)


@pytest.mark.parametrize("call", ALL_CALLS, ids=lambda c: c.where)
def test_every_figure_gets_its_words_in_the_chapter(call: FigureCall) -> None:
    number, caption = call.text("number"), call.text("caption")
    assert number and re.fullmatch(r"\d+\.\d+", number), f"{call.where}: number= must be a string like '4.4'"
    assert caption and caption.strip(), f"{call.where}: caption= must be the chapter's text"
    assert not SOURCE_TALK.search(caption), f"{call.where}: the caption talks about sources: {caption}"
    if call.kind == "show":
        assert "alt" in call.keywords and "name" in call.keywords, f"{call.where}: show() needs name= and alt="
    alt = call.text("alt")
    if alt is not None:  # an f-string (computed from data) is fine too; a literal must say something
        assert alt.strip() and not SOURCE_TALK.search(alt), call.where


def test_numbers_run_in_order_through_each_chapter() -> None:
    seen: dict[str, list[int]] = {}
    for page, calls in CALLS.items():
        chapter = _chapter_of(page)
        for call in calls:
            number = call.text("number") or ""
            assert number.startswith(f"{chapter}."), f"{call.where}: a figure of chapter {chapter}"
            seen.setdefault(chapter, []).append(int(number.split(".")[1]))
    for chapter, numbers in seen.items():
        assert numbers == list(range(1, len(numbers) + 1)), f"chapter {chapter}: figures numbered {numbers}"


def test_every_explorable_is_shown_by_one_chapter() -> None:
    shown = [c.factory for c in ALL_CALLS if c.kind == "static_html"]
    assert sorted(shown, key=str) == sorted(f.__name__ for f in EXPLORABLES.values())


def test_every_cited_figure_exists() -> None:
    numbers = {c.text("number") for c in ALL_CALLS}
    for page in CHAPTERS:
        nb = nbformat.read(ROOT / f"{page}.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                for cited in CITED.findall(cell.source):
                    assert cited in numbers, f"{page} cites Figure {cited}, which no chapter shows"


def test_shown_figures_and_page_words_meet() -> None:
    # The explorable's page HTML carries what the chapter wrote, and its builder's alt text by default.
    from scheming_companion.figures.slack import slack_explorable

    ex = slack_explorable()
    page = ex.static_html(number="9.9", caption="Words <here>").to_html()
    assert '<figcaption><span class="sc-caption-number">Figure 9.9.</span> Words &lt;here&gt;</figcaption>' in page
    assert f'aria-label="{ex.alt[:40]}' in page.replace("&#x27;", "'")
    override = ex.static_html(number="9.9", caption="c", alt="A chapter's own description").to_html()
    assert 'aria-label="A chapter&#x27;s own description"' in override
    with pytest.raises(ValueError, match="alt"):
        ex.static_html(alt="  ")
