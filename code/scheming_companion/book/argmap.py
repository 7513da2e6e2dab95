"""Argument maps in the book: ``chapters/argmaps/<name>.yml``, checked against the book and rendered by the
``{argmap}`` directive.

The map's structure and the rules for what stands or falls are the pure model
:mod:`scheming_companion.models.argmap`. This module adds what needs the book:

- every section a map cites (the argument's, each premise's and step's, each report objection's, and where the
  book discusses an objection) must be a section of ``chapters/report-outline.yml`` that has a heading
  ("## §4.2 …") in its chapter; a ``discussed`` that is not a number must be a label ``(name)=`` in a chapter;
- every later source must be a key of ``references.bib``.

A malformed map fails the build with a ``ValueError`` naming the file and the field. In the page the map is
a nested list (a plain outline without JavaScript); ``static/scheming-argmap.js`` adds the checkboxes and
statuses. Student notebooks get the same map as plain Markdown (:func:`argmap_markdown`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..models.argmap import SECTION_NUMBER, ArgMap, argmap_html, argmap_markdown, parse_argmap
from .outline import SECTION_HEADING, TOC_FILE, heading_title, load_outline

#: Where the maps live, relative to the book's root.
ARGMAP_DIR = Path("chapters") / "argmaps"
LABEL = re.compile(r"^\((?P<label>[A-Za-z0-9][\w-]*)\)=\s*$(?:\n#+\s+(?P<title>.+))?", re.M)

__all__ = ["ARGMAP_DIR", "BookIndex", "argmap_markdown", "book_index", "check_argmap", "load_argmap",
           "render_argmap"]


@dataclass(frozen=True)
class BookIndex:
    """What a map may point at: report sections with a heading in the book (number -> (page, anchor)), labels
    in the chapters (label -> page), and the bibliography's keys with their authors' names."""

    headings: dict[str, tuple[str, str]]
    labels: dict[str, str]
    citations: dict[str, str]
    #: The title of the heading right after each label.
    titles: dict[str, str] = field(default_factory=dict)

    def target(self, ref: str) -> tuple[str, str] | None:
        """(page, anchor) of a section number or a label, or None."""
        if SECTION_NUMBER.match(ref):
            return self.headings.get(ref)
        page = self.labels.get(ref)
        return (page, ref) if page else None


def _anchor(title: str) -> str:
    """The id Sphinx gives a heading: docutils' ``make_id`` of its text (the sourcing marker drops out)."""
    return nodes.make_id(heading_title(title)[0])


def book_index(root: Path | str = ".") -> BookIndex:
    """Scan the chapter notebooks (the pages the outline names) for section headings and labels, and
    ``references.bib`` for its keys."""
    root = Path(root)
    outline = load_outline(root)
    headings: dict[str, tuple[str, str]] = {}
    labels: dict[str, str] = {}
    titles: dict[str, str] = {}
    for page in dict.fromkeys(s.page for s in outline.values()):
        path = root / f"{page}.ipynb"
        if not path.exists():
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for line in cell.source.split("\n"):
                m = SECTION_HEADING.match(line)
                if m and m["number"] in outline:
                    headings.setdefault(m["number"], (page, _anchor(f"§{m['number']} {m['title']}")))
            for m in LABEL.finditer(cell.source):
                labels[m["label"]] = page
                if m["title"]:
                    titles[m["label"]] = heading_title(m["title"])[0]
    citations = {}
    bib = root / "references.bib"
    if bib.exists():
        from .student import bib_citations

        citations = {key: cited[0] for key, cited in bib_citations(bib).items()}
    return BookIndex(headings, labels, citations, titles)


def check_argmap(argmap: ArgMap, index: BookIndex, where: str) -> None:
    """Every section reference resolves to a heading, every label to a chapter, every source to the
    bibliography; otherwise a ``ValueError`` naming ``where`` and the field."""
    for name, number in argmap.sections():
        if number not in index.headings:
            raise ValueError(f"{where}: {name} §{number} resolves to no heading of the report outline in the book")
    for o in argmap.objections:
        if not SECTION_NUMBER.match(o.discussed) and o.discussed not in index.labels:
            raise ValueError(f"{where}: objection {o.id!r}: discussed {o.discussed!r} is no label in the chapters")
        if o.later and o.source not in index.citations:
            raise ValueError(f"{where}: objection {o.id!r}: source {o.source!r} is not a key of references.bib")


def load_argmap(path: Path | str, index: BookIndex | None = None) -> ArgMap:
    """Read, check and return one map file; with ``index``, also check it against the book."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as err:
        raise ValueError(f"{path.name}: not valid YAML ({err})") from err
    argmap = parse_argmap(data, name=path.stem, where=path.name)
    if index is not None:
        check_argmap(argmap, index, path.name)
    return argmap


def render_argmap(argmap: ArgMap, index: BookIndex, page: str, interactive: bool = True) -> str:
    """The map's HTML on chapter page ``page`` ("chapters/04-…"): section and label references link to the
    heading that discusses them (same page: just the anchor), sources name their authors."""
    folder = page.rpartition("/")[0]

    def link(ref: str) -> tuple[str, str] | None:
        target = index.target(ref)
        if target is None:
            return None
        other, anchor = target
        title = index.titles.get(ref, "")
        if other == page:
            return f"#{anchor}", title
        same_folder = other.rpartition("/")[0] == folder
        return f"{other.rpartition('/')[2] if same_folder else '../' * page.count('/') + other}.html#{anchor}", title

    return argmap_html(argmap, link=link, cite=lambda key: index.citations.get(key, key), interactive=interactive)


def find_root(start: Path) -> Path:
    """The book's root above ``start`` (the folder holding ``_toc.yml``)."""
    for folder in (start, *start.parents):
        if (folder / TOC_FILE).is_file():
            return folder
    raise FileNotFoundError(f"no {TOC_FILE} above {start}")


# --- The {argmap} directive (registered by sphinx_ext.setup through setup_argmap) --------------------------

_INDEX: dict[str, BookIndex] = {}


def _cached_index(root: Path) -> BookIndex:
    key = str(root.resolve())
    if key not in _INDEX:
        _INDEX[key] = book_index(root)
    return _INDEX[key]


class ArgmapDirective(SphinxDirective):
    """``{argmap} argmaps/<name>.yml``: an argument map, kernel-free (see the module)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        rel = self.arguments[0]
        path = Path(self.env.doc2path(self.env.docname)).parent / rel
        self.env.note_dependency(str(path))
        try:
            index = _cached_index(find_root(Path(self.env.doc2path(self.env.docname)).parent))
            argmap = load_argmap(path, index)
            html = render_argmap(argmap, index, self.env.docname)
        except (OSError, ValueError) as err:
            raise self.error(f"argmap {rel}: {err}") from err
        return [nodes.raw("", html, format="html")]


def setup_argmap(app: Any) -> None:
    """Register the directive (its script and styles are added to the pages with a map by sphinx_ext.py)."""
    app.add_directive("argmap", ArgmapDirective)
