"""Student notebooks: generated from the chapters (never hand-edited), without solutions, in plain Markdown."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from scheming_companion.book.student import Links, panel_cells, panel_source, plain_markdown

from ..support import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]*.ipynb"))
CITES = {"carlsmith2023scheming": ("Carlsmith", "2023", "https://arxiv.org/abs/2311.08379"),
         "park2023deception": ("Park et al.", "2023", "")}


def _generator():  # scripts/ is not a package: load the script as a module
    spec = importlib.util.spec_from_file_location("make_students", ROOT / "scripts" / "make_student_notebooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_student_notebooks_are_exactly_what_the_generator_writes() -> None:
    wanted = _generator().student_notebooks(ROOT)
    assert sorted(p.name for p in wanted) == sorted(p.name for p in CHAPTERS)
    committed = sorted((ROOT / "students").glob("*.ipynb"))
    assert sorted(committed) == sorted(wanted), "run `make outputs` (or scripts/make_student_notebooks.py)"
    for path, nb in wanted.items():
        committed_nb = nbformat.read(path, as_version=4)
        assert committed_nb == nb, f"{path.name} differs from its chapter: run scripts/make_student_notebooks.py"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebook_has_no_solutions_and_no_myst_markup(chapter: Path) -> None:
    student = nbformat.read(ROOT / "students" / chapter.name, as_version=4)
    text = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    assert not re.search(r"```\{|:::\{|\{[\w:-]+\}`", text), "MyST markup left in the student notebook"
    original = nbformat.read(chapter, as_version=4)
    solutions = re.findall(r"```+\{solution\}[^\n]*\n(.*?)\n```", "\n".join(c.source for c in original.cells), re.S)
    assert solutions, f"{chapter.name} has no solutions to remove"
    for body in solutions:
        lines = [ln for ln in body.split("\n") if len(ln.strip()) > 40 and not ln.startswith(":")]
        assert lines and not any(ln in text for ln in lines), "a solution leaked into the student notebook"
    exercises = len(re.findall(r"^```+\{exercise\}", "\n".join(c.source for c in original.cells), re.M))
    assert len(re.findall(r"^\*\*Exercise \d+", text, re.M)) == exercises
    answers = [c for c in student.cells if "answer" in c.get("metadata", {}).get("tags", [])]
    assert len(answers) == exercises and all(c.cell_type == "markdown" for c in answers), "one answer cell each"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_student_code_cells_are_the_chapters_own_or_its_panel_cells(chapter: Path) -> None:
    # Why strict nbval runs over chapters/ only. Every code cell of a student notebook is either a copy of its
    # chapter's cell (same id, source, execution count and stored outputs), or a *panel cell*: the chapter's
    # ``X = factory()`` lines and its ``live_panel(X)`` line joined, in place of the chapter's two cells
    # (``X.static_html(...)`` and ``live_panel(X)``), stored with the static cell's outputs (the still figure,
    # shown until the notebook runs). Both halves of a panel cell, and the outputs stored with it, are nbval'd
    # in the chapter; the cell itself is run in JupyterLab by tests/site/test_jupyterlab.py. Every other cell
    # the student notebook adds (its header and the answer cells) is Markdown.
    def code(c: nbformat.NotebookNode) -> tuple[str, str, object, list]:
        return (c.id, c.source, c.get("execution_count"), c.get("outputs"))

    original = nbformat.read(chapter, as_version=4)
    student = nbformat.read(ROOT / "students" / chapter.name, as_version=4)
    pairs = panel_cells(original.cells)
    wanted = []
    for i, c in enumerate(original.cells):
        if c.cell_type != "code" or i in pairs.values():
            continue
        if i in pairs:
            static = original.cells[pairs[i]]
            wanted.append((static.id, panel_source(static.source, c.source), static.execution_count, static.outputs))
        else:
            wanted.append(code(c))
    assert [code(c) for c in student.cells if c.cell_type == "code"] == wanted
    panels = [c for c in student.cells if "panel" in c.get("metadata", {}).get("tags", [])]
    assert len(panels) == len(pairs)
    new_ids = {c.id for c in student.cells} - {c.id for c in original.cells}
    assert all(c.cell_type == "markdown" for c in student.cells if c.id in new_ids), "an added cell must be Markdown"


def test_links_follow_the_site_address() -> None:
    site = Links("https://example.org/book/")
    assert site.chapter("03-path-arguments") == "https://example.org/book/chapters/03-path-arguments.html"
    assert site.term("Training gamer") == "https://example.org/book/chapters/glossary.html#term-Training-gamer"
    local = Links()
    assert local.chapter("03-path-arguments") == "../chapters/03-path-arguments.ipynb"
    assert local.term("Schemer") == "../chapters/glossary.md" and local.bibliography() == "../chapters/bibliography.md"
    src = "A {term}`schemer <Schemer>` per {cite:t}`carlsmith2023scheming` and {cite:p}`park2023deception`."
    out = plain_markdown(src, CITES, Path("."), links=site)
    assert out == ("A [schemer](https://example.org/book/chapters/glossary.html#term-Schemer) per "
                   "[Carlsmith (2023)](https://arxiv.org/abs/2311.08379) and "
                   "([Park et al. 2023](https://example.org/book/chapters/bibliography.html)).")


def test_panel_cell_needs_its_static_cell() -> None:
    cells = [nbformat.v4.new_code_cell("live_panel(x)")]
    with pytest.raises(ValueError, match=r"no earlier x\.static_html"):
        panel_cells(cells)


def test_solutions_fold_for_the_chapter_notebooks_in_jupyterlab(tmp_path: Path) -> None:
    src = "```{exercise}\n:label: e\nDo it.\n```\n\n````{solution} e\n:class: dropdown\n\nThe secret.\n````"
    folded = plain_markdown(src, CITES, tmp_path, solutions="fold")
    assert "<details><summary>Show the worked solution</summary>\n\nThe secret.\n\n</details>" in folded
    assert "The secret" not in plain_markdown(src, CITES, tmp_path)
    with pytest.raises(ValueError, match="solutions must be"):
        plain_markdown(src, CITES, tmp_path, solutions="show")


def test_plain_markdown_conversions(tmp_path: Path) -> None:
    (tmp_path / "q.yml").write_text(
        '- {question: "Q?", options: ["a", "b"], answer: 1, why: "Since.", section: "§1.1"}\n', "utf-8"
    )
    src = (
        "(label)=\n# Title\n\nSee {term}`schemers <Schemer>` and {cite:t}`carlsmith2023scheming`, also "
        "{cite:p}`carlsmith2023scheming,park2023deception`.\n\n"
        "```{exercise} Counting\n:label: ex-a\n\nDo it.\n```\n\n"
        "````{solution} ex-a\n:class: dropdown\n\n```python\nsecret = 1\n```\nThe secret answer.\n````\n\n"
        "```{admonition} Try this\n:class: tip\n\n- move it\n```\n\n```{quiz} q.yml\n```"
    )
    out = plain_markdown(src, CITES, tmp_path)
    assert "(label)=" not in out and "See schemers and Carlsmith (2023), also (Carlsmith 2023; Park et al. 2023)" in out
    assert "**Exercise 1: Counting**\n\nDo it." in out
    assert "secret" not in out and ":class:" not in out and ":label:" not in out
    assert "> **Try this**\n>\n> - move it" in out
    assert "**1. Q?** (§1.1)" in out and "(b) b. Since." in out


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("```{figure} x.png\n```", "directive {figure}"),
        ("{eq}`x`", "role {eq}"),
        ("{cite}`nobody2020`", "not in references.bib"),
        ("```{note}\nnever closed", "never closed"),
    ],
)
def test_unknown_markup_is_an_error(src: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plain_markdown(src, CITES, tmp_path)


@pytest.mark.site
def test_front_page_links_the_student_notebooks_on_binder() -> None:
    import yaml
    from scheming_companion.book.sphinx_ext import students_binder_url

    repo = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))["repository"]
    url = students_binder_url(repo["url"], repo["branch"])
    assert url.endswith("/main?urlpath=lab/tree/students")
    intro = ROOT / "_build" / "html" / "intro.html"
    if not intro.exists():
        pytest.fail("the book is not built: run `make book`")
    assert f'href="{url}"' in intro.read_text("utf-8")


@pytest.mark.parametrize("url", ["", "https://gitlab.com/a/b", "https://github.com/only-owner"])
def test_binder_url_needs_a_github_repository(url: str) -> None:
    from scheming_companion.book.sphinx_ext import students_binder_url

    with pytest.raises(ValueError, match="repository.url"):
        students_binder_url(url, "main")


@pytest.mark.site
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_binder_button_opens_its_student_notebook(chapter: Path) -> None:
    import html

    page = ROOT / "_build" / "html" / "chapters" / f"{chapter.stem}.html"
    if not page.exists():
        pytest.fail("the book is not built: run `make book`")
    links = [html.unescape(u) for u in re.findall(r'href="(https://mybinder\.org/[^"]+)"', page.read_text("utf-8"))]
    assert links, f"{page.name}: no Binder launch button"
    assert all(u.endswith(f"?urlpath=lab/tree/students/{chapter.stem}.ipynb") for u in links), links
    assert (ROOT / "students" / f"{chapter.stem}.ipynb").exists()
