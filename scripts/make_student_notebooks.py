"""Write the student notebooks: ``students/<chapter>.ipynb`` for every chapter, solutions removed.

Generated, never hand-edited: ``tests/site/test_students.py`` regenerates them and compares. ``make outputs`` runs
this after storing the chapters' outputs. Binder opens the folder (see the front page's link).

Usage: python scripts/make_student_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from scheming_companion.book.student import bib_citations, student_notebook

ROOT = Path(__file__).resolve().parent.parent
STUDENTS = ROOT / "students"


def _intro(stem: str) -> str:
    return (
        "*This is the student notebook of one chapter of the book: the same text, models and quiz, with the "
        "worked solutions left in the book. Run it top to bottom (Run → Run All Cells); the live panels then "
        "respond to their controls. Try each exercise before you look up its solution in the book, where it "
        "sits in a collapsed dropdown. A † marks a heading or detail that is not checked against the report's "
        "full text (the book's About this book page explains).*"
    )


def student_notebooks(root: Path = ROOT) -> dict[Path, nbformat.NotebookNode]:
    """Every student notebook, by the path it is written to."""
    citations = bib_citations(root / "references.bib")
    return {
        root / "students" / chapter.name: student_notebook(chapter, citations, _intro)
        for chapter in sorted((root / "chapters").glob("[0-9][0-9]*.ipynb"))
    }


def main() -> None:
    STUDENTS.mkdir(exist_ok=True)
    wanted = student_notebooks()
    for stale in set(STUDENTS.glob("*.ipynb")) - set(wanted):
        stale.unlink()
    for path, nb in wanted.items():
        nbformat.write(nb, path)
        print(f"{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
