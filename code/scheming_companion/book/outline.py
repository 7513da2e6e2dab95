"""The report's structure and the book's chapters, read from the files that own them.

The report's sections (numbers, titles, and the chapter page that restates each) come from
``chapters/report-outline.yml`` (:func:`load_outline`); the book's chapter pages from ``_toc.yml``, each
with the number and title of its notebook's first heading (:func:`load_chapters`). Nothing in the package
types a chapter list of its own.

That file is the single source for the book: a chapter heading that names a report section ("§3.3 …") must
give the section's title as listed there (``tests/test_outline.py``), and a title not checked against the
report's own text carries the book's marker (:data:`MARKER_ROLE`). Prose citations such as "§2.3.1.2.3" are
checked against the same numbers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

#: Where the outline lives, relative to the book's root.
OUTLINE_FILE = Path("chapters") / "report-outline.yml"
#: The book's table of contents, relative to its root: the one list of its pages.
TOC_FILE = Path("_toc.yml")
#: A chapter notebook's first heading: "# 2b. Title (§2.3–§2.4)". The sections in brackets are not part of
#: the title.
CHAPTER_HEADING = re.compile(r"^#\s+(?P<number>[0-9]+[a-z]?)\.\s+(?P<title>.+?)(?:\s+\(§[^)]*\))?\s*$")
#: The MyST role that marks a heading or detail not checked against the report's text (rendered by
#: ``sphinx_ext`` as a superscript dagger linking to the About page).
MARKER_ROLE = "unchecked"
#: What the marker may say it marks: a heading's title, a single detail, or a whole section's content.
MARKER_KINDS = ("title", "detail", "section")
#: The About page (a path in ``_toc.yml``) and the anchor the marker links to.
ABOUT_PAGE = "chapters/about"
ABOUT_ANCHOR = "sourcing"
#: The marker's tooltip, said once here and used by the book and the student notebooks.
MARKER_TITLE = "Not checked against the full text of the report: see About this book"

NUMBER = re.compile(r"^(0|[1-9])(\.[1-9][0-9]?)*$")
#: A heading that names a report section: "## §3.3 Title".
SECTION_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+§(?P<number>[0-9]+(?:\.[0-9]+)*)\s+(?P<title>.+?)\s*$")
#: A section cited in prose: "§2.3.1.2" (a trailing full stop belongs to the sentence).
SECTION_CITATION = re.compile(r"§\s?(?P<number>[0-9]+(?:\.[0-9]+)*)")


@dataclass(frozen=True)
class Section:
    """One section of the report: its number ("2.3.1"), title, page in the book and whether its title is
    checked against the report's text."""

    number: str
    title: str
    page: str
    checked: bool

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    @property
    def parent(self) -> str | None:
        return self.number.rpartition(".")[0] or None


def parse_outline(data: object, source: str = "report-outline.yml") -> dict[str, Section]:
    """Validate the outline's parsed YAML and return its sections by number, in the file's order.

    Raises ``ValueError`` naming the file, the entry and the field for: a missing or malformed number, a
    duplicate, a section whose parent is not listed before it, an empty title, a top-level section with no
    page, or a ``checked`` that is not true or false.
    """
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list) or not data["sections"]:
        raise ValueError(f"{source}: expected a mapping with a non-empty list 'sections'")
    out: dict[str, Section] = {}
    for i, entry in enumerate(data["sections"], start=1):
        where = f"{source}: section entry {i}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected a mapping, got {type(entry).__name__}")
        unknown = set(entry) - {"number", "title", "page", "checked"}
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
        number = entry.get("number")
        if not isinstance(number, str) or not NUMBER.match(number):
            raise ValueError(f"{where}: 'number' must be a string such as \"2.3.1\", got {number!r}")
        where = f"{source}: §{number}"
        if number in out:
            raise ValueError(f"{where}: listed twice")
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip() or title != title.strip():
            raise ValueError(f"{where}: 'title' must be non-empty text without surrounding spaces")
        checked = entry.get("checked", True)
        if not isinstance(checked, bool):
            raise ValueError(f"{where}: 'checked' must be true or false, got {checked!r}")
        parent = number.rpartition(".")[0] or None
        if parent is not None and parent not in out:
            raise ValueError(f"{where}: its parent §{parent} is not listed before it")
        page = entry.get("page", out[parent].page if parent else None)
        if not isinstance(page, str) or not page.startswith("chapters/"):
            raise ValueError(f"{where}: 'page' must name a chapter page such as chapters/03-path-arguments")
        out[number] = Section(number, title, page, checked)
    return out


def load_outline(root: Path | str = ".") -> dict[str, Section]:
    """The report's sections, by number, from ``<root>/chapters/report-outline.yml``."""
    path = Path(root) / OUTLINE_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({err})") from err
    return parse_outline(data, str(path))


def heading_title(text: str) -> tuple[str, bool]:
    """A heading's title text without the marker role, and whether the marker was there."""
    role = re.compile(r"\s*\{" + MARKER_ROLE + r"\}`[^`]*`")
    return role.sub("", text).strip(), bool(role.search(text))


@dataclass(frozen=True)
class Chapter:
    """A chapter page of the book: its path in ``_toc.yml`` ("chapters/02b-goal-guarding"), and the number
    ("2b") and title of its notebook's first heading."""

    page: str
    number: str
    title: str

    @property
    def stem(self) -> str:
        """The page's file name without folder or extension (what a link from another chapter names)."""
        return self.page.rpartition("/")[2]

    @property
    def name(self) -> str:
        """How the book names the chapter in a list: "Chapter 2b: <title>"."""
        return f"Chapter {self.number}: {self.title}"


def book_root(start: Path | str = ".") -> Path:
    """The book's root: ``start`` or the nearest folder above it that holds ``_toc.yml`` (a chapter runs in
    ``chapters/``, a student notebook in ``students/``)."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / TOC_FILE).is_file():
            return folder
    raise FileNotFoundError(f"no {TOC_FILE} in {here} or any folder above it")


def toc_files(root: Path | str = ".") -> list[str]:
    """Every page of ``<root>/_toc.yml`` in reading order (the root page first), as written there."""
    path = Path(root) / TOC_FILE
    toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(toc, dict) or not isinstance(toc.get("root"), str):
        raise ValueError(f"{path}: expected a mapping with a 'root' page")
    files = [toc["root"]]

    def walk(entries: object) -> None:
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                if isinstance(entry.get("file"), str):
                    files.append(entry["file"])
                walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def _first_heading(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            return text.lstrip().splitlines()[0] if text.strip() else ""
    return ""


def load_chapters(root: Path | str = ".") -> dict[str, Chapter]:
    """The book's chapter pages, by page, in ``_toc.yml`` order: every page that is a notebook, with the
    number and title of its first heading. Raises ``ValueError`` naming a notebook whose first heading is not
    "# N. Title"."""
    out: dict[str, Chapter] = {}
    for page in toc_files(root):
        path = Path(root) / f"{page}.ipynb"
        if not path.is_file():
            continue
        heading = _first_heading(path)
        match = CHAPTER_HEADING.match(heading)
        if not match:
            raise ValueError(f"{path}: the first heading must read '# N. Title', got {heading!r}")
        out[page] = Chapter(page, match["number"], match["title"])
    return out
