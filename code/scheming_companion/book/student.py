"""Student notebooks: each chapter without its solutions, in Markdown that plain JupyterLab renders.

``scripts/make_student_notebooks.py`` writes ``students/<chapter>.ipynb`` from ``chapters/<chapter>.ipynb``
with :func:`student_notebook`; a test regenerates them and demands that the committed files match, so the
student version is never edited by hand. The book's MyST markup is turned into plain Markdown:
solutions are dropped (or, for the chapter notebooks opened in JupyterLab, folded into a closed
``<details>``: :mod:`scheming_companion.book.lab`), exercises and admonitions become bold-titled text and block
quotes, each exercise gets an answer cell, the quiz becomes questions with collapsible answers, glossary terms
link to the glossary, citations become "Author (year)" linked to the work, and other cross-reference roles become
their text. Links point at the built book when ``_config.yml`` names its address (``html.baseurl``), else
relatively into the repository. Markup this module does not know is an error, so a new directive cannot slip
through unconverted.

Each model appears once: the chapter's ``X = factory()`` / ``X.static_html(...)`` cell and its
``live_panel(X)`` cell become one *panel cell*, ``X = factory()`` / ``live_panel(X)``, stored with the still
figure as its output, so the notebook shows the still figure until it is run and the live panel after.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .argmap import argmap_markdown, load_argmap
from .outline import MARKER_KINDS, MARKER_ROLE
from .quiz import load_quiz, quiz_markdown

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*?)\s*$")
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<body>[^`]+)`")
ADMONITIONS = {"note": "Note", "tip": "Tip", "warning": "Warning", "important": "Important", "seealso": "See also",
               "hint": "Hint", "caution": "Caution", "attention": "Attention"}

Citations = Mapping[str, tuple[str, ...]]  # bib key -> (authors for text, year[, url of the work])
#: Where an exercise ends inside a converted cell: the student notebook puts an answer cell there.
ANSWER_HERE = "\x00answer\x00"
PANEL = re.compile(r"^live_panel\((?P<var>\w+)\)\s*$")


@dataclass(frozen=True)
class Links:
    """Where the notebooks' links go: the built book at ``site`` (``html.baseurl``), or, when that is empty,
    the repository's own files, relative to a notebook one folder down (``students/`` or ``chapters/``)."""

    site: str = ""

    def _page(self, name: str) -> str:
        site = self.site.rstrip("/")
        return f"{site}/chapters/{name}.html" if site else f"../chapters/{name}.{'md' if name in MD_PAGES else 'ipynb'}"

    def chapter(self, stem: str) -> str:
        """The chapter's page in the book (or its notebook)."""
        return self._page(stem)

    def term(self, term: str) -> str:
        """The glossary entry of ``term``."""
        anchor = "#term-" + re.sub(r"\s+", "-", term.strip()) if self.site else ""
        return self._page("glossary") + anchor

    def glossary(self) -> str:
        """The book's glossary."""
        return self._page("glossary")

    def about_sourcing(self) -> str:
        """The book's note on what the dagger marks."""
        return self._page("about") + ("#sourcing" if self.site else "")

    def bibliography(self) -> str:
        """The book's list of references."""
        return self._page("bibliography")


MD_PAGES = ("glossary", "bibliography", "about")


def _split_block(lines: list[str], start: int) -> tuple[str, str, list[str], int]:
    """The directive opening at ``lines[start]``: its name, argument, body lines (options dropped) and the
    index just past its closing fence."""
    m = FENCE.match(lines[start])
    assert m is not None
    fence = m["fence"]
    end = start + 1
    while end < len(lines):
        line = lines[end].strip()
        if line and set(line) == {fence[0]} and len(line) >= len(fence):
            break
        end += 1
    else:
        raise ValueError(f"directive {m['name']!r} opened on line {start + 1} is never closed")
    body = lines[start + 1 : end]
    while body and re.match(r"^:[\w-]+:", body[0]):
        body = body[1:]
    return m["name"], m["arg"], body, end + 1


def _cite(citations: Citations, key: str, text: str, links: Links | None) -> str:
    if links is None:
        return text
    url = citations[key][2] if len(citations[key]) > 2 and citations[key][2] else links.bibliography()
    return f"[{text}]({url})"


def _roles(text: str, citations: Citations, links: Links | None = None) -> str:
    def one(m: re.Match[str]) -> str:
        name, body = m["name"], m["body"]
        if name == "term" and links is not None:
            label = re.match(r"^(.*?)\s*<([^>]+)>$", body, re.S)
            shown, term = (label[1], label[2]) if label else (body, body)
            return f"[{shown}]({links.term(term)})"
        if name in ("term", "doc", "ref", "numref", "download"):
            label = re.match(r"^(.*?)\s*<[^>]+>$", body, re.S)
            return label[1] if label else body
        if name == MARKER_ROLE:  # the sourcing marker: a plain dagger, explained in the notebook's header
            if body.strip() not in MARKER_KINDS:
                raise ValueError(f"{{{MARKER_ROLE}}} takes one of {', '.join(MARKER_KINDS)}, got {body!r}")
            return "\u2020"
        if name.startswith("cite"):
            keys = [k.strip() for k in body.split(",")]
            unknown = [k for k in keys if k not in citations]
            if unknown:
                raise ValueError(f"citation keys {unknown} are not in references.bib")
            if name in ("cite:t", "cite:ct"):
                return "; ".join(_cite(citations, k, f"{citations[k][0]} ({citations[k][1]})", links) for k in keys)
            cited = (_cite(citations, k, f"{citations[k][0]} {citations[k][1]}", links) for k in keys)
            return "(" + "; ".join(cited) + ")"
        raise ValueError(f"role {{{name}}} has no plain-Markdown form in the student notebooks")

    text = re.sub(r"[ \t]+(?=\{" + MARKER_ROLE + r"\}`)", "", text)  # the dagger sits right after its word
    return ROLE.sub(one, text)


def plain_markdown(
    source: str, citations: Citations, quiz_dir: Path, counter: list[int] | None = None, *,
    links: Links | None = None, solutions: str = "drop", answers: bool = False,
) -> str:
    """One markdown cell of a chapter as plain Markdown. ``counter`` numbers exercises across the cells of one
    notebook. With ``links``, glossary terms and citations become links. ``solutions`` is ``"drop"`` (the
    student notebooks) or ``"fold"`` (a closed ``<details>``, for the chapter notebooks in JupyterLab). With
    ``answers``, :data:`ANSWER_HERE` marks the end of every exercise (where the student's answer cell goes)."""
    if solutions not in ("drop", "fold"):
        raise ValueError(f"solutions must be 'drop' or 'fold', got {solutions!r}")
    counter = counter if counter is not None else [0]
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if re.match(r"^\(\S+\)=\s*$", lines[i]):  # a MyST target label: nothing to show
            i += 1
            continue
        if not FENCE.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        name, arg, body, i = _split_block(lines, i)
        inner = plain_markdown("\n".join(body), citations, quiz_dir, counter, links=links, solutions=solutions,
                               answers=answers).strip("\n")
        if name == "solution":
            if solutions == "fold":
                out += ["<details><summary>Show the worked solution</summary>", "", inner, "", "</details>", ""]
            continue
        if name == "exercise":
            counter[0] += 1
            title = f"Exercise {counter[0]}" + (f": {arg}" if arg else "")
            out += [f"**{title}**", "", inner]
            if answers:
                out += ["", ANSWER_HERE, ""]
        elif name == "admonition" or name in ADMONITIONS:
            title = arg if name == "admonition" else ADMONITIONS[name]
            quoted = [f"> {line}" if line else ">" for line in inner.split("\n")]
            out += [f"> **{title}**", ">", *quoted]
        elif name == "quiz":
            out.append(quiz_markdown(load_quiz(quiz_dir / arg)))
        elif name == "argmap":  # the map as a nested list (book/argmap.py); the live map is argmap_panel
            out.append(argmap_markdown(load_argmap(quiz_dir / arg), cite=lambda k: citations[k][0]))
        else:
            raise ValueError(f"directive {{{name}}} has no plain-Markdown form in the student notebooks")
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", _roles(text, citations, links))


def panel_cells(cells: list[nbformat.NotebookNode]) -> dict[int, int]:
    """Each ``live_panel(X)`` code cell's index, mapped to the index of the earlier cell that made ``X`` and
    called ``X.static_html(...)``."""
    pairs = {}
    for i, cell in enumerate(cells):
        m = PANEL.match(cell.source) if cell.cell_type == "code" else None
        if m is None:
            continue
        made = [j for j in range(i) if cells[j].cell_type == "code"
                and re.search(rf"^{m['var']}\.static_html\(", cells[j].source, re.M)]
        if not made:
            raise ValueError(f"cell {i} ({cell.source!r}) has no earlier {m['var']}.static_html(...) cell")
        pairs[i] = made[-1]
    return pairs


def panel_source(static_source: str, panel_source: str) -> str:
    """The student's panel cell: the chapter's lines before ``X.static_html(``, then ``live_panel(X)``."""
    var = PANEL.match(panel_source)
    assert var is not None
    lines = static_source.split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith(f"{var['var']}.static_html("))
    return "\n".join([*lines[:cut], panel_source.strip()])


def _answer_cell(cell_id: str, number: int) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(
        f"*Your answer to exercise {number} (double-click this cell to write in it; it is yours to keep):*\n",
        id=cell_id, metadata={"tags": ["answer"]},
    )


def student_notebook(
    chapter: Path, citations: Citations, intro: Callable[[str], str], links: Links | None = None
) -> nbformat.NotebookNode:
    """The student version of one chapter notebook: code cells and their stored outputs are the chapter's,
    except that each model's two cells become one panel cell (:func:`panel_source`), stored with the still
    figure; markdown in plain Markdown with links, solutions dropped, and an answer cell after each exercise."""
    nb = nbformat.read(chapter, as_version=4)
    student = copy.deepcopy(nb)
    links = links if links is not None else Links()
    pairs = panel_cells(student.cells)
    counter = [0]
    cells = []
    for i, cell in enumerate(student.cells):
        if i in pairs.values():  # the static cell: its place goes to the panel cell below
            continue
        if i in pairs:
            static = student.cells[pairs[i]]
            cell.id = static.id
            cell.source = panel_source(static.source, cell.source)
            cell.outputs = static.outputs
            cell.execution_count = static.execution_count
            cell.metadata = {"tags": ["panel"]}
        if cell.cell_type == "markdown":
            before = counter[0]
            text = plain_markdown(cell.source, citations, chapter.parent, counter, links=links, answers=True)
            parts = text.split(ANSWER_HERE)
            for k, part in enumerate(parts):
                if part.strip():
                    piece = copy.deepcopy(cell)
                    piece.source = part.strip("\n")
                    piece.id = cell.id if k == 0 else f"{cell.id}-{k}"
                    cells.append(piece)
                if k < len(parts) - 1:
                    cells.append(_answer_cell(f"{cell.id}-answer-{k + 1}", before + k + 1))
            continue
        cells.append(cell)
    note = nbformat.v4.new_markdown_cell(intro(chapter.stem), id="student-note")
    student.cells = [cells[0], note, *cells[1:]]
    return student


def bib_citations(bib: Path) -> dict[str, tuple[str, str, str]]:
    """Author text, year and the work's address (its ``url``, else its arXiv page, else "") for every entry of
    ``references.bib``: "Carlsmith", "Park et al.", "Hilton and Olah"."""
    from pybtex.database import parse_file

    out = {}
    for key, entry in parse_file(str(bib)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        last = [" ".join(p.last_names) for p in people]
        if not last:
            authors = entry.fields.get("organization") or entry.fields.get("publisher") or key
        elif len(last) == 1:
            authors = last[0]
        elif len(last) == 2:
            authors = f"{last[0]} and {last[1]}"
        else:
            authors = f"{last[0]} et al."
        url = entry.fields.get("url") or (f"https://arxiv.org/abs/{entry.fields['eprint']}"
                                          if entry.fields.get("archiveprefix", "arXiv").lower() == "arxiv"
                                          and entry.fields.get("eprint") else "")
        out[key] = (authors.replace("{", "").replace("}", ""), entry.fields.get("year", "n.d."), url)
    return out
