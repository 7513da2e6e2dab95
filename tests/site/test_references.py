"""references.bib: one entry per work, and every citation in the book resolves to it."""

from __future__ import annotations

import re

import nbformat
from pybtex.database import parse_file

from ..support import ROOT


def test_no_work_is_entered_twice() -> None:
    seen: dict[str, str] = {}
    for key, entry in parse_file(str(ROOT / "references.bib")).entries.items():
        title = re.sub(r"[^a-z0-9]", "", entry.fields.get("title", "").lower())
        assert title not in seen, f"{key} and {seen[title]} are the same work: keep one key"
        seen[title] = key


def test_every_cited_key_is_in_the_bibliography() -> None:
    keys = set(parse_file(str(ROOT / "references.bib")).entries)
    pages = [*sorted((ROOT / "chapters").glob("*.ipynb")), *sorted((ROOT / "chapters").glob("*.md")), ROOT / "intro.md"]
    cited = set()
    for page in pages:
        if page.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.read(page, as_version=4).cells if c.cell_type == "markdown")
        else:
            text = page.read_text("utf-8")
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
            cited |= {k.strip() for k in group.split(",")}
    assert cited, "no citations found"
    assert sorted(cited - keys) == []
