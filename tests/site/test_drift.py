"""Tests that would catch drift: stored outputs are really compared, and the build is reproducible.

1. Change one model constant in a copy of the package and strict nbval over chapter 1 must fail on output
   mismatches and nothing else (the unchanged chapter passes strict nbval in the same run). If nbval ever
   stopped comparing outputs, this test would fail.
2. Two clean builds of the committed sources must give byte-identical sites, apart from the short list of
   volatile files below.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..support import ROOT

# Builds the book twice and re-executes a chapter: part of `make test`, too slow for `make check`.
pytestmark = pytest.mark.build

CHAPTER = "01-scheming-and-its-significance.ipynb"
CONSTANT = "priors=(0.2, 0.3, 0.1, 0.4),"  # DEFAULT_CLASSES in models/slack.py: the slack toy's priors

# What two builds of the same sources may legitimately differ in. Keep this list short and say why.
VOLATILE = {
    ".buildinfo",  # Sphinx writes a hash of the config, which includes absolute source paths
}


def _copy(dst: Path, *parts: str) -> None:
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dst / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, dst / part)


def _nbval(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "code")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-q", "-p", "no:cacheprovider", "--rootdir", str(tree),
         str(tree / "chapters" / CHAPTER)],
        cwd=tree, env=env, capture_output=True, text=True, timeout=600,
    )


def test_changing_a_model_constant_makes_nbval_fail(tmp_path: Path) -> None:
    # The unchanged chapter passes strict nbval in the same `make test` run (it collects chapters/), so only
    # the changed copy runs here; the assertions below make sure it failed on a mismatch, not on an error.
    (tmp_path / "chapters").mkdir()
    _copy(tmp_path, "code")
    shutil.copy2(ROOT / "chapters" / CHAPTER, tmp_path / "chapters" / CHAPTER)
    slack = tmp_path / "code" / "scheming_companion" / "models" / "slack.py"
    source = slack.read_text("utf-8")
    assert source.count(CONSTANT) == 1, "the constant this test changes has moved: update CONSTANT"
    slack.write_text(source.replace(CONSTANT, "priors=(0.25, 0.3, 0.1, 0.4),"), "utf-8")
    changed = _nbval(tmp_path)
    assert changed.returncode != 0, "strict nbval passed although a model constant changed"
    out = changed.stdout
    assert "mismatch" in out.lower() or "differ" in out.lower(), out[-3000:]
    # A broken copy (a missing file, an import error) would also fail: only output mismatches may fail here.
    assert "Error" not in out.replace("NbCellError", ""), f"the changed copy failed on an error:\n{out[-3000:]}"


def _clean_build(tree: Path) -> Path:
    """A clean strict build of the committed sources (as a fresh clone has them) in ``tree``."""
    tree.mkdir()
    git = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if git.returncode == 0:
        for f in filter(None, git.stdout.split("\0")):
            if (ROOT / f).is_file():
                (tree / f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / f, tree / f)
    else:  # not a git checkout (the benchmark's copy): everything but what is built or installed
        shutil.rmtree(tree)
        shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(
            "_build", ".venv", "node_modules", ".git", "__pycache__", ".hypothesis", "*.egg-info"))
    jb = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", ".", "--builder", "html", "-W", "-n", "--keep-going"], cwd=tree,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    return tree / "_build" / "html"


def _comparable(path: Path) -> bytes:
    """A built file's bytes; for the notebook copy of a MyST page (``_sources/**/x.ipynb`` made from ``x.md``),
    without its cell ids, which nbformat draws at random each time it reads a text notebook."""
    data = path.read_bytes()
    parts = path.parts
    if path.suffix == ".ipynb" and "_sources" in parts:
        rel = Path(*parts[parts.index("_sources") + 1:]).with_suffix(".md")
        if (ROOT / rel).exists():
            nb = json.loads(data)
            for cell in nb.get("cells", []):
                cell.pop("id", None)
            return json.dumps(nb, sort_keys=True).encode()
    return data


def test_two_clean_builds_are_identical(tmp_path: Path) -> None:
    # Two clean builds, not this checkout's _build: an incremental Sphinx build legitimately differs from a
    # clean one (cache-busting checksums on static links; a search index rebuilt from cached documents).
    first, second = _clean_build(tmp_path / "first"), _clean_build(tmp_path / "second")
    ours = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    theirs = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    assert ours == theirs, f"only in one build: {sorted(ours ^ theirs)[:20]}"
    differ = [str(p) for p in sorted(ours)
              if str(p) not in VOLATILE and _comparable(first / p) != _comparable(second / p)]
    assert not differ, f"files that differ between two clean builds of the same sources: {differ[:20]}"
