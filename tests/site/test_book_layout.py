"""The book's contracts that are not about any one model: layout, stored outputs, pins and CI (the numbers each
chapter states in prose are checked in tests/chapters/)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from ..support import ROOT

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())


def _toc_files() -> list[str]:
    files = [TOC["root"]]
    for part in TOC.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


def _chapter_notebooks() -> list[Path]:
    return sorted((ROOT / "chapters").glob("*.ipynb"))


def test_every_toc_entry_exists() -> None:
    for f in _toc_files():
        matches = [p for p in (ROOT / Path(f).parent).glob(Path(f).name + ".*") if p.suffix in {".md", ".ipynb"}]
        assert len(matches) == 1, f"_toc.yml entry {f!r} has {len(matches)} source files"


def test_every_chapter_notebook_is_in_the_toc_and_stored_with_outputs() -> None:
    notebooks = _chapter_notebooks()
    assert notebooks, "no chapter notebooks"
    toc = set(_toc_files())
    for path in notebooks:
        assert f"chapters/{path.stem}" in toc, f"{path.name} is not in _toc.yml"
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        missing = [i for i, c in enumerate(code) if c.execution_count is None]
        assert not missing, f"{path.name}: code cells without stored outputs (run `make outputs`): {missing}"
        assert "widgets" not in nb.metadata, f"{path.name} stores widget state (it would load a CDN in the book)"
        for c in code:
            for out in c.get("outputs", []):
                assert out.output_type != "error", f"{path.name}: a stored output is an error"
                data = out.get("data", {})
                if "application/vnd.plotly.v1+json" in data:
                    assert "text/html" in data, f"{path.name}: a figure bypassed show() and would vanish from the book"


def test_live_panels_are_hidden_in_the_book() -> None:
    for path in _chapter_notebooks():
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            if c.cell_type == "code" and "live_panel(" in c.source:
                assert "remove-output" in c.metadata.get("tags", []), (
                    f"{path.name}: a live panel's output would show a dead control in the book"
                )


def test_requirements_are_pinned_exactly() -> None:
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#") or line in {"-e .", "-r requirements.txt"}:
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", line), f"{name}: not pinned: {line!r}"
    pins = dict(
        line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line
    )
    assert pins["jupyter-book"].startswith("1."), "the design pins Jupyter Book 1.x"
    assert pins["Sphinx"].startswith("7.4") and pins["myst-nb"].startswith("1.4")


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    assert "make book" in first_block and "make test" in first_block
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    for f in ("Makefile", "pyproject.toml", ".ci/run"):
        assert "--nbval" + "-lax" not in (ROOT / f).read_text(), f"{f} must use strict nbval"
    assert "--nbval" in (ROOT / "Makefile").read_text()


def test_figure_numbers_are_unique_and_in_order() -> None:
    for path in _chapter_notebooks():
        nb = nbformat.read(path, as_version=4)
        numbers = []
        for c in nb.cells:
            for out in c.get("outputs", []) if c.cell_type == "code" else []:
                html = out.get("data", {}).get("text/html", "")
                numbers += re.findall(r'class="sc-caption-number">Figure ([\d.]+)\.', html)
        assert numbers, f"{path.name} shows no numbered figure"
        assert len(set(numbers)) == len(numbers), f"{path.name}: duplicate figure numbers {numbers}"
        keys = [tuple(int(x) for x in n.split(".")) for n in numbers]
        assert keys == sorted(keys), f"{path.name}: figures out of order {numbers}"
        assert all(k[0] == int(path.name[:2]) for k in keys), f"{path.name}: figure numbers {numbers}"


GETSOURCE = re.compile(r"inspect\.getsource\(\s*([\w.]+)\s*\)")


def test_shown_code_is_public():
    # A cell that prints a model's source prints a public, documented function, never a private helper
    # (issue 14): every name in what it passes to inspect.getsource, and every def it printed, is public.
    shown = []
    for path in _chapter_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for name in GETSOURCE.findall(cell.source):
                shown.append(name)
                private = [part for part in name.split(".") if part.startswith("_")]
                assert not private, f"{path.name} ({cell.get('id')}) prints the source of private {name}"
            if GETSOURCE.search(cell.source):
                printed = "".join(o.get("text", "") for o in cell.get("outputs", [])
                                  if o.get("output_type") == "stream")
                for name in re.findall(r"^def (\w+)", printed, re.MULTILINE):
                    assert not name.startswith("_"), f"{path.name} ({cell.get('id')}) shows def {name}"
    assert len(shown) >= 7, f"expected the chapters' getsource cells, found {shown}"


def test_the_shown_code_check_would_catch_a_private_helper():
    assert GETSOURCE.findall("print(inspect.getsource(counting_model._measure_shares))") == [
        "counting_model._measure_shares"]


# The package's folders name its layers, and dependencies point one way: models <- explore <- figures; `book` is
# the build's machinery and imports none of them but itself. An import against that direction fails here.
LAYER_MAY_IMPORT = {
    "models": {"models"},
    "explore": {"models", "explore"},
    "figures": {"models", "explore", "figures"},
    "book": {"book"},
}
OUTSIDE_PACKAGES = {"models": {"plotly", "ipywidgets", "IPython"}, "book": {"plotly", "ipywidgets"}}
#: The one exception: the {argmap} directive (book/argmap.py) reads maps with the pure argument-map model.
BOOK_MAY_IMPORT = {"scheming_companion.models.argmap"}


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported at run time (not under `if TYPE_CHECKING:`), as absolute dotted names."""
    import ast

    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    package = ".".join(path.relative_to(ROOT / "code").with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            prefix = ".".join(base[: len(base) - node.level + 1]) if node.level else ""
            found.add(".".join(p for p in (prefix, node.module or "") if p))
    return found


@pytest.mark.parametrize("layer", sorted(LAYER_MAY_IMPORT))
def test_layers_import_only_downwards(layer: str) -> None:
    for path in sorted((ROOT / "code" / "scheming_companion" / layer).rglob("*.py")):
        for name in _runtime_imports(path):
            parts = name.split(".")
            if layer == "book" and name in BOOK_MAY_IMPORT:
                continue
            if parts[0] == "scheming_companion" and len(parts) > 1 and parts[1] in LAYER_MAY_IMPORT:
                assert parts[1] in LAYER_MAY_IMPORT[layer], f"{path.name} ({layer}) imports {name}"
            assert parts[0] not in OUTSIDE_PACKAGES.get(layer, set()), f"{path.name} ({layer}) imports {name}"
