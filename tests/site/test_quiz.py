"""Self-check quizzes: the YAML source is checked, every chapter ends with its quiz, and the quizzes work in
the built book with no kernel (mouse and keyboard)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from scheming_companion.book.quiz import load_quiz, parse_quiz, quiz_html, quiz_markdown

from ..support import PAGES, ROOT, SITE

QUIZZES = ROOT / "chapters" / "quizzes"
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]*.ipynb"))
QUIZ_CELL = re.compile(r"^```\{quiz\} (quizzes/[\w.-]+\.yml)\s*$", re.M)

GOOD = [{"question": "Q?", "options": ["a", "b", "c"], "answer": 2, "why": "Because.", "section": "§2.3.1"}]


def _quiz_cells(path: Path) -> list[tuple[int, str]]:
    nb = nbformat.read(path, as_version=4)
    return [(i, m) for i, c in enumerate(nb.cells) if c.cell_type == "markdown" for m in QUIZ_CELL.findall(c.source)]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_ends_with_its_quiz(path: Path) -> None:
    cells = _quiz_cells(path)
    assert [m for _, m in cells] == [f"quizzes/{path.stem}.yml"], f"{path.name}: quiz cells {cells}"
    n_cells = len(nbformat.read(path, as_version=4).cells)
    assert cells[0][0] >= n_cells - 3, f"{path.name}: the quiz should close the chapter"


def test_every_quiz_file_belongs_to_a_chapter() -> None:
    stems = {p.stem for p in CHAPTERS}
    files = sorted(QUIZZES.glob("*.yml"))
    assert files
    for f in files:
        assert f.stem in stems, f"{f.name} has no chapter"


@pytest.mark.parametrize("path", sorted(QUIZZES.glob("*.yml")), ids=lambda p: p.stem)
def test_quiz_files_are_valid(path: Path) -> None:
    questions = load_quiz(path)
    assert 4 <= len(questions) <= 8
    # Not every answer in the same place: a quiz whose answer is always (a) teaches nothing.
    assert len({q.answer for q in questions}) > 1, f"{path.name}: every answer is option {questions[0].answer}"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answer": 3}, "'answer' must be an integer index in [0, 2]"),
        ({"answer": True}, "'answer' must be an integer"),
        ({"answer": "1"}, "'answer' must be an integer"),
        ({"options": ["only one"]}, "'options' must be a list of 2 to 6"),
        ({"options": ["a", "a"]}, "'options' must all differ"),
        ({"options": ["a", ""]}, "'options' must be a list"),
        ({"question": ""}, "'question' must be a non-empty string"),
        ({"why": None}, "'why' must be a non-empty string"),
        ({"section": "2.3"}, "'section' must look like '§2.3.1'"),
        ({"hint": "x"}, "unknown keys ['hint']"),
    ],
)
def test_bad_quiz_is_refused_with_a_clear_message(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_quiz([{**GOOD[0], **change}], where="t.yml")


@pytest.mark.parametrize("items", [None, [], {"question": "Q?"}, ["text"]])
def test_quiz_must_be_a_list_of_mappings(items: Any) -> None:
    with pytest.raises(ValueError, match="t.yml"):
        parse_quiz(items, where="t.yml")


def test_quiz_html_and_markdown() -> None:
    q = parse_quiz([{**GOOD[0], "question": "Is <b> & safe?"}])
    h = quiz_html("02-x", q)
    assert 'id="quiz-02-x-1"' in h and 'data-answer="2"' in h and "&lt;b&gt; &amp; safe?" in h
    assert h.count('type="radio"') == 3 and "<details" in h and "(§2.3.1)" in h
    md = quiz_markdown(q)
    assert "- (c) c" in md and "(c) c. Because." in md and "<details>" in md
    two = quiz_markdown(parse_quiz([GOOD[0], GOOD[0]]))
    assert re.search(r"</details>\n\n+---\n\n+\*\*2\.", two), "no rule between one answer and the next question"
    with pytest.raises(ValueError, match="quiz id"):
        quiz_html("Bad Id", q)


QUIZ_PAGES = [p for p in PAGES if 'class="sc-quiz"' in (SITE / p).read_text("utf-8")]


@pytest.mark.browser
def test_every_chapter_page_has_a_quiz() -> None:
    chapters = {f"chapters/{p.stem}.html" for p in CHAPTERS}
    assert chapters and chapters <= set(QUIZ_PAGES), sorted(chapters - set(QUIZ_PAGES))


@pytest.mark.browser
@pytest.mark.parametrize("path", QUIZ_PAGES)
def test_quiz_checks_answers_without_a_kernel(probe: Any, site_url: str, path: str) -> None:
    questions = load_quiz(QUIZZES / f"{Path(path).stem}.yml")
    page = probe.open(f"{site_url}/{path}", draw=False)
    forms = page.locator("form.sc-quiz-question")
    assert forms.count() == len(questions)
    for n, q in enumerate(questions):
        form = forms.nth(n)
        feedback = form.locator(".sc-quiz-feedback")
        form.locator(".sc-quiz-check").click()
        assert feedback.text_content() == "Pick an option first."
        wrong = next(i for i in range(len(q.options)) if i != q.answer)
        form.locator(f"input[value='{wrong}']").check()
        form.locator(".sc-quiz-check").click()
        assert feedback.text_content() == f"Not quite. The answer is \u201c{q.answer_text}\u201d. {q.why}"
        form.locator(f"input[value='{q.answer}']").check()
        form.locator(".sc-quiz-check").click()
        assert feedback.text_content() == f"Right. {q.why}"
        assert not form.locator(".sc-quiz-reveal").evaluate("d => d.open")
        form.locator(".sc-quiz-reveal summary").click()
        assert q.why in form.locator(".sc-quiz-reveal").inner_text()
    assert probe.errors == []


@pytest.mark.browser
def test_quiz_works_with_the_keyboard(probe: Any, site_url: str) -> None:
    path = QUIZ_PAGES[0]
    q = load_quiz(QUIZZES / f"{Path(path).stem}.yml")[0]
    page = probe.open(f"{site_url}/{path}", draw=False)
    form = page.locator("form.sc-quiz-question").first
    form.locator("input[value='0']").focus()
    for _ in range(q.answer):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # implicit submission from a radio button
    assert form.locator(".sc-quiz-feedback").text_content() == f"Right. {q.why}"
    label = form.locator("legend").text_content()
    assert q.question in label


@pytest.mark.browser
def test_quiz_without_javascript_shows_no_dead_button(browser: Any, site_url: str) -> None:
    path = QUIZ_PAGES[0]
    q = load_quiz(QUIZZES / f"{Path(path).stem}.yml")[0]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{path}", wait_until="load")
        form = page.locator("form.sc-quiz-question").first
        assert not form.locator(".sc-quiz-check").is_visible(), "a check button with no script behind it"
        form.locator(".sc-quiz-reveal summary").click()  # the answer still opens
        assert q.why in form.locator(".sc-quiz-reveal").inner_text()
    finally:
        context.close()
