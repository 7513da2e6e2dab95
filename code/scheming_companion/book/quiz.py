"""Self-check quizzes: multiple-choice questions kept in ``chapters/quizzes/<chapter>.yml``.

One source, three forms: the book's kernel-free HTML quiz (the ``{quiz}`` directive of
:mod:`scheming_companion.book.sphinx_ext`, checked in the page by ``static/scheming-quiz.js``), and plain
Markdown with a collapsible answer for the student notebooks (``scripts/make_student_notebooks.py``),
which JupyterLab renders without any extension. Without JavaScript the HTML form still works: each
answer sits in a ``<details>`` element the reader can open.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SECTION = re.compile(r"^§\d+(\.\d+)*$")


@dataclass(frozen=True)
class QuizQuestion:
    """One multiple-choice question: its options, the index of the right one, and a one-line why."""

    question: str
    options: tuple[str, ...]
    answer: int
    why: str
    section: str

    @property
    def answer_text(self) -> str:
        return self.options[self.answer]


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    return value.strip()


def parse_quiz(items: Any, where: str = "quiz") -> list[QuizQuestion]:
    """Check and convert the YAML list of questions; every problem is a ``ValueError`` naming its place."""
    if not isinstance(items, list) or not items:
        raise ValueError(f"{where}: expected a non-empty list of questions")
    questions = []
    for n, item in enumerate(items, start=1):
        at = f"{where}, question {n}"
        if not isinstance(item, dict):
            raise ValueError(f"{at}: expected a mapping with question, options, answer, why, section")
        unknown = set(item) - {"question", "options", "answer", "why", "section"}
        if unknown:
            raise ValueError(f"{at}: unknown keys {sorted(unknown)}")
        options = item.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= 6 or not all(
            isinstance(o, str) and o.strip() for o in options
        ):
            raise ValueError(f"{at}: 'options' must be a list of 2 to 6 non-empty strings")
        if len({o.strip() for o in options}) != len(options):
            raise ValueError(f"{at}: 'options' must all differ")
        answer = item.get("answer")
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(options):
            raise ValueError(f"{at}: 'answer' must be an integer index in [0, {len(options) - 1}], got {answer!r}")
        section = _text(item, "section", at)
        if not SECTION.match(section):
            raise ValueError(f"{at}: 'section' must look like '§2.3.1', got {section!r}")
        questions.append(QuizQuestion(_text(item, "question", at), tuple(o.strip() for o in options), answer,
                                      _text(item, "why", at), section))
    return questions


def load_quiz(path: str | Path) -> list[QuizQuestion]:
    """Read and check a quiz file."""
    path = Path(path)
    return parse_quiz(yaml.safe_load(path.read_text("utf-8")), where=str(path.name))


def quiz_html(quiz_id: str, questions: list[QuizQuestion]) -> str:
    """The book's quiz: one form per question, radio options, a check button, a live feedback line and a
    ``<details>`` answer that works even without JavaScript. The check button starts hidden and the quiz
    script shows it, so a page whose script did not run shows no button that does nothing."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", quiz_id):
        raise ValueError(f"quiz id must be lower-case letters, digits and hyphens, got {quiz_id!r}")
    e = html.escape
    parts = [f'<div class="sc-quiz" id="quiz-{quiz_id}">']
    for n, q in enumerate(questions, start=1):
        qid = f"quiz-{quiz_id}-{n}"
        options = "".join(
            f'<label><input type="radio" name="{qid}" value="{i}"> {e(o)}</label>' for i, o in enumerate(q.options)
        )
        parts.append(
            f'<form class="sc-quiz-question" id="{qid}" data-answer="{q.answer}">'
            f'<fieldset><legend><span class="sc-quiz-number">{n}.</span> {e(q.question)} '
            f'<span class="sc-quiz-section">({e(q.section)})</span></legend>{options}</fieldset>'
            f'<button type="submit" class="sc-quiz-check" hidden>Check answer</button>'
            f'<p class="sc-quiz-feedback" role="status" aria-live="polite"></p>'
            f'<details class="sc-quiz-reveal"><summary>Show the answer</summary>'
            f'<p><strong>{e(q.answer_text)}</strong>. <span class="sc-quiz-why">{e(q.why)}</span></p></details>'
            f"</form>"
        )
    parts.append("</div>")
    return "".join(parts)


def quiz_markdown(questions: list[QuizQuestion]) -> str:
    """Plain Markdown of the quiz for notebooks: lettered options and a collapsible answer per question, a rule
    between questions (JupyterLab puts no space after a closed ``<details>``)."""
    e = html.escape
    lines = []
    for n, q in enumerate(questions, start=1):
        if n > 1:
            lines.append("\n---\n")
        lines.append(f"**{n}. {q.question}** ({q.section})\n")
        lines += [f"- ({chr(97 + i)}) {o}" for i, o in enumerate(q.options)]
        lines.append(
            f"\n<details><summary>Show the answer</summary>\n\n"
            f"({chr(97 + q.answer)}) {e(q.answer_text)}. {e(q.why)}\n\n</details>\n"
        )
    return "\n".join(lines)
