"""Valid HTML: the Nu HTML Checker over every built page, and the extension's fixes that make it pass.

The checker is vnu-jar (the version package-lock.json pins, installed by `make test` with `npm ci`), run on the
machine's Java; `make test` installs Java (default-jre-headless) when it runs as root. One Java process checks the
whole of _build/html. Errors fail; the checker's warnings and notes (sections without headings, trailing slashes on
void elements written by the theme) do not.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docutils import frontend, nodes, utils
from scheming_companion.book.sphinx_ext import redirect_page, template_sources, unique_exercise_ids
from sphinx_exercise.nodes import exercise_enumerable_node, solution_node

from ..support import ROOT, SITE

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Checked in the same run as the site, to show that the checker is live: it must report this page's duplicate id.
BROKEN = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p id="a"></p><p id="a"></p></body></html>'


def _vnu(*paths: Path) -> list[dict[str, Any]]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed: `make test` installs it as root (apt-get install default-jre-headless); "
                    "otherwise run `sudo apt-get install default-jre-headless`")
    if not VNU.exists():
        pytest.fail("the Nu HTML Checker (vnu-jar) is not installed: run `make test` (it runs `npm ci`)")
    run = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, paths)],
                         capture_output=True, text=True, timeout=600)
    try:
        return list(json.loads(run.stderr)["messages"])
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu exited {run.returncode} without a JSON report:\n{run.stderr[-2000:]}{run.stdout[-2000:]}")


def _file(message: dict[str, Any]) -> Path | None:
    """The checked file a message is about (vnu writes ``file:/path``)."""
    url = message.get("url", "")
    return Path("/" + url.removeprefix("file:").lstrip("/")) if url.startswith("file:") else None


def _where(message: dict[str, Any]) -> str:
    path = _file(message)
    page = path.relative_to(SITE) if path and path.is_relative_to(SITE) else message.get("url", "?")
    return f"{page}:{message.get('lastLine', '?')}: {message.get('message', '')}"


@pytest.mark.site
def test_every_page_is_valid_html(tmp_path: Path) -> None:
    if not (SITE / "intro.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does it first)")
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN, encoding="utf-8")
    messages = _vnu(SITE, broken)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    live = [m for m in errors if _file(m) == broken]
    assert any("Duplicate ID" in m.get("message", "") for m in live), f"vnu missed a duplicate id: {live}"
    site_errors = [m for m in errors if m not in live]
    if site_errors:
        pytest.fail(f"{len(site_errors)} HTML errors:\n" + "\n".join(map(_where, site_errors)), pytrace=False)


def _document() -> nodes.document:
    return utils.new_document("<fragment>", frontend.get_default_settings())


def test_exercise_and_solution_bodies_get_ids_of_their_own() -> None:
    """Two exercises with their solutions, as sphinx-exercise builds them: four bodies, two shared ids."""
    doc = _document()
    for n in (1, 2):
        exercise = exercise_enumerable_node(ids=[f"ch00-ex-{n}"])
        exercise += nodes.section(ids=["exercise-content"])
        solution = solution_node(ids=[f"chapters/00-summary-solution-{n}"])
        solution += nodes.section(ids=["solution-content"])
        doc += [exercise, solution]
    doc += nodes.section(ids=["exercise-content-ch00-ex-1-2"])  # an id the renaming must not reuse
    for node in doc.findall(nodes.Element):
        doc.ids.update(dict.fromkeys(node["ids"], node))

    renamed = unique_exercise_ids(doc)

    assert renamed == ["exercise-content-ch00-ex-1", "solution-content-chapters-00-summary-solution-1",
                       "exercise-content-ch00-ex-2", "solution-content-chapters-00-summary-solution-2"]
    ids = [i for node in doc.findall(nodes.Element) for i in node["ids"]]
    assert len(ids) == len(set(ids)), ids
    assert not {"exercise-content", "solution-content"} & set(ids) & set(doc.ids)
    assert all(doc.ids[i]["ids"] == [i] for i in renamed)
    assert unique_exercise_ids(doc) == []  # idempotent: a second pass finds nothing to rename


def test_clashing_or_unowned_bodies_still_get_unique_ids() -> None:
    doc = _document()
    taken = nodes.section(ids=["exercise-content-x"])
    exercise = exercise_enumerable_node(ids=["x"])
    exercise += nodes.section(ids=["exercise-content"])
    doc += [taken, exercise, nodes.section(ids=["exercise-content"]), nodes.section(ids=["exercise-content"])]
    renamed = unique_exercise_ids(doc)
    assert renamed == ["exercise-content-x-2", "exercise-content-2", "exercise-content-3"]


def test_redirect_page_is_a_whole_page() -> None:
    page = redirect_page("intro.html", "A <book> & more", "en", "https://example.org/intro.html")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<title>A &lt;book&gt; &amp; more</title>" in page
    assert '<meta http-equiv="refresh" content="0; url=intro.html">' in page
    assert '<link rel="canonical" href="https://example.org/intro.html">' in page
    assert '<a href="intro.html">' in page


def test_only_template_macro_files_are_dropped(tmp_path: Path) -> None:
    macros = tmp_path / "webpack-macros.html"
    macros.write_text("{% macro head() %}<link href=\"{{ pathto('x.css', 1) }}\">{% endmacro %}", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><title>t</title>", encoding="utf-8")
    assert template_sources([macros, page]) == [macros]


@pytest.mark.site
def test_the_built_site_has_the_fixes() -> None:
    """The fixes reached the site: no shared exercise ids, a whole redirect page, no theme macros in _static."""
    if not (SITE / "intro.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does it first)")
    summary = (SITE / "chapters" / "00-summary.html").read_text(encoding="utf-8")
    assert 'id="exercise-content-ch00-ex-1"' in summary and 'id="exercise-content"' not in summary
    assert (SITE / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list((SITE / "_static").glob("*macros.html"))
