"""Write the student notebooks: ``students/<chapter>.ipynb`` for every chapter, solutions removed.

Generated, never hand-edited: ``tests/site/test_students.py`` regenerates them and compares. ``make outputs`` runs
this after storing the chapters' outputs. Binder opens the folder (see the front page's link).

Usage: python scripts/make_student_notebooks.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat
import yaml
from scheming_companion.book.student import Links, bib_citations, student_notebook

ROOT = Path(__file__).resolve().parent.parent
STUDENTS = ROOT / "students"


def site_address(root: Path = ROOT) -> str:
    """The built book's address, ``html.baseurl`` in ``_config.yml`` ("" when unset: links are relative)."""
    config = yaml.safe_load((root / "_config.yml").read_text("utf-8")) or {}
    return str((config.get("html") or {}).get("baseurl") or "").strip()


def _intro(links: Links) -> Callable[[str], str]:
    def intro(stem: str) -> str:
        page = links.chapter(stem)
        return (
            "> **Your notebook for this chapter.** The same text, models and quiz as the book's chapter "
            f"([this chapter in the book]({page})), without the worked solutions, and with a cell under each "
            "exercise for your own answer.\n>\n"
            "> **To run it:** choose *Run → Run All Cells*. Each model's still figure then becomes a live panel: "
            "move its sliders and buttons (with the mouse, or Tab and the arrow keys) and the figure and the text "
            "under the controls redraw from the model. If a panel stops responding, choose *Kernel → Restart "
            "Kernel and Run All Cells*.\n>\n"
            f"> **Solutions:** try each exercise first; its worked solution is under the same exercise in "
            f"[the book's chapter]({page}), folded away until you open it. Linked words lead to the "
            f"[glossary]({links.glossary()}). A † marks a detail not checked against the report's full text "
            f"([About this book]({links.about_sourcing()}))."
        )

    return intro


def student_notebooks(root: Path = ROOT) -> dict[Path, nbformat.NotebookNode]:
    """Every student notebook, by the path it is written to."""
    citations = bib_citations(root / "references.bib")
    links = Links(site_address(root))
    return {
        root / "students" / chapter.name: student_notebook(chapter, citations, _intro(links), links)
        for chapter in sorted((root / "chapters").glob("[0-9][0-9]*.ipynb"))
    }


def main() -> None:
    STUDENTS.mkdir(exist_ok=True)
    wanted = student_notebooks()
    for stale in set(STUDENTS.glob("*.ipynb")) - set(wanted):
        stale.unlink()
    for path, nb in wanted.items():
        nbformat.validate(nb)
        nbformat.write(nb, path)
        print(f"{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
