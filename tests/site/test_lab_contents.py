"""The chapter notebooks as the Jupyter server serves them to JupyterLab (``book/lab.py``): no MyST, solutions
folded, the quiz written out, read-only; every other file served as it is on disk."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import nbformat
import pytest
from scheming_companion.book.lab import ChapterContentsManager, is_chapter
from tornado.web import HTTPError

from ..support import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]*.ipynb"))


T = TypeVar("T")


def _run(coro: Coroutine[Any, Any, T]) -> T:
    # On its own thread: a browser test that ran earlier in the same pytest worker leaves Playwright's event loop
    # running on this one, where asyncio.run refuses to start another.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _get(path: str) -> dict[str, Any]:
    return _run(ChapterContentsManager(root_dir=str(ROOT)).get(path))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_served_without_markup_or_visible_solutions(chapter: Path) -> None:
    model = _get(f"chapters/{chapter.name}")
    assert model["writable"] is False
    nb = model["content"]
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not re.search(r"```\{|:::\{|\{[\w:-]+\}`|^:(class|label):", text, re.M), "MyST left"
    original = nbformat.read(chapter, as_version=4)
    solutions = re.findall(r"```+\{solution\}", "\n".join(c.source for c in original.cells))
    assert solutions and text.count("<summary>Show the worked solution</summary>") == len(solutions)
    assert "Show the answer" in text, "the quiz is written out"
    code = [(c.source, c.outputs) for c in original.cells if c.cell_type == "code"]
    assert [(c.source, c.outputs) for c in nb.cells if c.cell_type == "code"] == code, "code cells are untouched"


def test_saving_a_chapter_is_refused_and_other_files_are_served_as_they_are() -> None:
    cm = ChapterContentsManager(root_dir=str(ROOT))
    model = _run(cm.get("chapters/01-scheming-and-its-significance.ipynb"))
    with pytest.raises(HTTPError) as refused:
        _run(cm.save(model, "chapters/01-scheming-and-its-significance.ipynb"))
    assert refused.value.status_code == 403
    student = _get("students/01-scheming-and-its-significance.ipynb")
    assert student["writable"] is True
    on_disk = nbformat.read(ROOT / "students" / "01-scheming-and-its-significance.ipynb", 4)
    assert [c.source for c in student["content"].cells] == [c.source for c in on_disk.cells]


@pytest.mark.parametrize(("path", "chapter"), [
    ("chapters/03-path-arguments.ipynb", True), ("/chapters/03-path-arguments.ipynb", True),
    ("chapters/glossary.md", False), ("students/03-path-arguments.ipynb", False), ("x/chapters/03-a.ipynb", False),
])
def test_which_files_are_chapters(path: str, chapter: bool) -> None:
    assert is_chapter(path) is chapter


def test_binder_reads_the_contents_manager_from_the_repository() -> None:
    # Binder's home folder is the repository (repo2docker copies it to REPO_DIR, which defaults to $HOME), so
    # Jupyter's user configuration folder ~/.jupyter is the repository's .jupyter.
    from repo2docker.buildpacks.base import TEMPLATE

    assert "ARG REPO_DIR=${HOME}" in TEMPLATE
    config = json.loads((ROOT / ".jupyter" / "jupyter_server_config.json").read_text("utf-8"))
    assert config["ServerApp"]["contents_manager_class"] == "scheming_companion.book.lab.ChapterContentsManager"
