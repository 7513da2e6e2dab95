"""Student notebooks: each chapter without its solutions, in Markdown that plain JupyterLab renders.

``scripts/make_student_notebooks.py`` writes ``students/<chapter>.ipynb`` from ``chapters/<chapter>.ipynb``
with :func:`student_notebook`; a test regenerates them and demands that the committed files match, so the
student version is never edited by hand. The book's MyST markup is turned into plain Markdown:
solutions are dropped, exercises and admonitions become bold-titled text and block quotes, the quiz becomes
questions with collapsible answers, and cross-reference roles become their text (citations become
"Author (year)"). Markup this module does not know is an error, so a new directive cannot slip through
unconverted.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import nbformat

from .argmap import argmap_markdown, load_argmap
from .outline import MARKER_KINDS, MARKER_ROLE
from .quiz import load_quiz, quiz_markdown

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*?)\s*$")
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<body>[^`]+)`")
ADMONITIONS = {"note": "Note", "tip": "Tip", "warning": "Warning", "important": "Important", "seealso": "See also",
               "hint": "Hint", "caution": "Caution", "attention": "Attention"}

Citations = Mapping[str, tuple[str, str]]  # bib key -> (authors for text, year)


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


def _roles(text: str, citations: Citations) -> str:
    def one(m: re.Match[str]) -> str:
        name, body = m["name"], m["body"]
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
                return "; ".join(f"{citations[k][0]} ({citations[k][1]})" for k in keys)
            return "(" + "; ".join(f"{citations[k][0]} {citations[k][1]}" for k in keys) + ")"
        raise ValueError(f"role {{{name}}} has no plain-Markdown form in the student notebooks")

    text = re.sub(r"[ \t]+(?=\{" + MARKER_ROLE + r"\}`)", "", text)  # the dagger sits right after its word
    return ROLE.sub(one, text)


def plain_markdown(source: str, citations: Citations, quiz_dir: Path, counter: list[int] | None = None) -> str:
    """One markdown cell of a chapter as plain Markdown, without solutions. ``counter`` numbers exercises
    across the cells of one notebook."""
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
        inner = plain_markdown("\n".join(body), citations, quiz_dir, counter).strip("\n")
        if name == "solution":
            continue
        if name == "exercise":
            counter[0] += 1
            title = f"Exercise {counter[0]}" + (f": {arg}" if arg else "")
            out += [f"**{title}**", "", inner]
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
    return re.sub(r"\n{3,}", "\n\n", _roles(text, citations))


def student_notebook(
    chapter: Path, citations: Citations, intro: Callable[[str], str]
) -> nbformat.NotebookNode:
    """The student version of one chapter notebook (outputs kept, so strict nbval compares them too)."""
    nb = nbformat.read(chapter, as_version=4)
    student = copy.deepcopy(nb)
    counter = [0]
    cells = []
    for cell in student.cells:
        if cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, citations, chapter.parent, counter)
            if not cell.source.strip():
                continue
        cells.append(cell)
    note = nbformat.v4.new_markdown_cell(intro(chapter.stem), id="student-note")
    student.cells = [cells[0], note, *cells[1:]]
    return student


def bib_citations(bib: Path) -> dict[str, tuple[str, str]]:
    """Author text and year for every entry of ``references.bib``: "Carlsmith", "Park et al.", "Hilton and
    Olah"."""
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
        out[key] = (authors.replace("{", "").replace("}", ""), entry.fields.get("year", "n.d."))
    return out
