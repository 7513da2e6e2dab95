"""Give a chapter notebook its self-check quiz cell (once): ``python scripts/add_quiz_cell.py chapters/NN-x.ipynb``.

The cell goes just before "Further reading" (or at the end) and renders ``chapters/quizzes/<stem>.yml``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

TEXT = (
    "## Self-check\n\n"
    "A few quick questions on this chapter. Pick an answer, then check it (in the book, press **Check "
    "answer**; in a student notebook, open **Show the answer**): you see whether it is right, and why. Nothing is "
    "recorded.\n\n"
    "```{{quiz}} quizzes/{stem}.yml\n```"
)


def add_quiz_cell(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    if any("{quiz}" in c.source for c in nb.cells if c.cell_type == "markdown"):
        return False
    where = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                  and c.source.lstrip().startswith("## Further reading")), len(nb.cells))
    prefix = (nb.cells[0].get("id") or "cell").rsplit("-", 1)[0]
    nb.cells.insert(where, nbformat.v4.new_markdown_cell(TEXT.format(stem=path.stem), id=f"{prefix}-quiz"))
    nbformat.write(nb, path)
    return True


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(arg, "added" if add_quiz_cell(Path(arg)) else "already has a quiz")
