"""The glossary: every term the book defines is linked from where it is used, and every link has a term."""

from __future__ import annotations

import re

import nbformat

from .conftest import ROOT

ROLE = re.compile(r"\{term\}`(?:[^`<]*<([^>]+)>|([^`]+))`")


def _terms() -> list[str]:
    text = (ROOT / "chapters" / "glossary.md").read_text("utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    return re.findall(r"^(\S[^\n]*)\n  ", body, re.M)


def _linked() -> set[str]:
    pages = [p for p in (ROOT / "chapters").glob("*") if p.suffix in (".ipynb", ".md") and p.stem != "glossary"]
    linked = set()
    for page in [*pages, ROOT / "intro.md"]:
        if page.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.read(page, as_version=4).cells if c.cell_type == "markdown")
        else:
            text = page.read_text("utf-8")
        linked |= {(a or b).strip().lower() for a, b in ROLE.findall(text)}
    return linked


def test_glossary_terms_are_unique_and_defined_with_a_section() -> None:
    terms = _terms()
    assert len(terms) >= 80
    assert len({t.lower() for t in terms}) == len(terms)
    text = (ROOT / "chapters" / "glossary.md").read_text("utf-8")
    for term in terms:
        definition = text.split(f"\n{term}\n", 1)[1].split("\n\n", 1)[0]
        assert "§" in definition, f"{term!r}: say which report section defines it"


def test_every_term_is_linked_from_the_book() -> None:
    assert sorted({t.lower() for t in _terms()} - _linked()) == []
