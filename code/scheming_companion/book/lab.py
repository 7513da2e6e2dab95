"""The chapter notebooks in JupyterLab: MyST read as plain Markdown, solutions folded away, quiz written out.

JupyterLab renders Markdown cells with its own Markdown renderer, which knows no MyST: a chapter notebook
opened there would show ``{term}`…` ``, ``:class: tip`` and ``{solution}`` blocks as raw text, every solution
in full, and nothing where the quiz is. :class:`ChapterContentsManager` is a Jupyter server contents manager
(``ServerApp.contents_manager_class``, set for Binder in ``.jupyter/jupyter_server_config.json``) that serves
every ``chapters/NN*.ipynb`` with its Markdown cells converted by
:func:`~scheming_companion.book.student.plain_markdown`: admonitions and exercises as bold titles and quotes,
each solution in a closed ``<details>``, the quiz as questions with collapsible answers, glossary terms and
citations as links. Code cells and their outputs are untouched, so the notebook runs as the book's does. The
chapter is the book's source, so the served copy is read-only: saving it is refused (``File → Save Notebook
As…`` keeps a copy, and ``students/`` holds the notebooks meant for writing in). Every other file is served
as usual.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from .student import Links, bib_citations, plain_markdown

CHAPTER = re.compile(r"chapters/\d\d[^/]*\.ipynb")


def is_chapter(path: str) -> bool:
    """Whether ``path`` (relative to the server's root) is a chapter notebook."""
    return CHAPTER.fullmatch(path.strip("/")) is not None


def lab_notebook(nb: nbformat.NotebookNode, root: Path, site: str = "") -> nbformat.NotebookNode:
    """``nb`` (a chapter notebook under ``root/chapters``) with its Markdown cells as plain Markdown and its
    solutions folded; changed in place and returned."""
    citations = bib_citations(root / "references.bib")
    counter = [0]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, citations, root / "chapters", counter,
                                         links=Links(site), solutions="fold")
    return nb


def _site(root: Path) -> str:
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text("utf-8")) if (root / "_config.yml").exists() else {}
    return str(((config or {}).get("html") or {}).get("baseurl") or "").strip()


class ChapterContentsManager(AsyncLargeFileManager):
    """Jupyter's file contents manager, serving the chapter notebooks readable and read-only."""

    async def get(self, path: Any, content: Any = True, type: Any = None,  # noqa: A002 - the server's API
                  format: Any = None, require_hash: Any = False) -> Any:  # noqa: A002
        model: dict[str, Any] = await super().get(path, content=content, type=type, format=format,
                                                  require_hash=require_hash)
        if is_chapter(path) and model.get("type") == "notebook":
            model["writable"] = False
            if content and model.get("content") is not None:
                root = Path(self.root_dir)
                model["content"] = lab_notebook(model["content"], root, _site(root))
        return model

    async def save(self, model: Any, path: Any = "") -> Any:
        if is_chapter(path) and model.get("type") == "notebook":
            from tornado.web import HTTPError

            raise HTTPError(403, "The chapter notebooks are the book's source and open read-only here: use "
                                 "File > Save Notebook As... for a copy, or the notebook in students/.")
        return await super().save(model, path)
