"""The glossary: every term the book defines is linked from where it is used, and every link has a term."""

from __future__ import annotations

import re

import nbformat

from ..support import ROOT

ROLE = re.compile(r"\{term\}`(?:[^`<]*<([^>]+)>|([^`]+))`")


def _entries() -> list[tuple[list[str], str]]:
    """Each glossary entry as (its term names, its definition); an entry may give several term lines."""
    text = (ROOT / "chapters" / "glossary.md").read_text("utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    entries = []
    for block in re.split(r"\n\s*\n", body):
        lines = [line for line in block.split("\n") if line.strip() and not line.startswith(":")]
        names = [line for line in lines if not line.startswith(" ")]
        if names:
            entries.append((names, " ".join(line.strip() for line in lines if line.startswith(" "))))
    return entries


def _terms() -> list[str]:
    return [name for names, _ in _entries() for name in names]


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
    for names, definition in _entries():
        assert definition, f"{names!r}: no definition"
        assert "§" in definition, f"{names!r}: say which report section defines it or where the book uses it"


def test_crystallization_is_one_entry_under_both_names() -> None:
    # Chapters link to both names; they must reach one definition, not two that can drift apart.
    entries = [names for names, _ in _entries() if any(n.startswith("Crystallization") for n in names)]
    assert entries == [["Crystallization hypothesis", "Crystallization"]]


def test_terms_the_chapters_need_are_defined() -> None:
    # Technical words the book uses beyond what the introduction promises (issue 13).
    needed = {"AUROC", "Cosine similarity", "Orthogonal", "Kolmogorov complexity", "Prefix code",
              "Lempel\u2013Ziv complexity", "Log-odds"}
    assert needed <= set(_terms())


def test_every_term_is_linked_from_the_book() -> None:
    assert sorted({t.lower() for t in _terms()} - _linked()) == []


def test_every_link_names_a_term() -> None:
    assert sorted(_linked() - {t.lower() for t in _terms()}) == []
