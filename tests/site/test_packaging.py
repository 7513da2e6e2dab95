"""Honest packaging: `pip install .` in a fresh environment brings everything the package imports.

pyproject.toml declares the package's imports as dependencies and the book's build tools (Sphinx, via Jupyter
Book) as the `book` extra. This test installs the package, not in editable mode, with that extra into a fresh
virtual environment (pinned to requirements.txt's versions, so it installs what Binder installs) and imports
every module from the installed copy, far from the source tree. It needs the package registry, so it runs in
`make test`'s Binder stage.
"""

from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from ..support import ROOT

pytestmark = [pytest.mark.binder, pytest.mark.timeout(1200)]

IMPORT_ALL = """
import importlib, pkgutil, sys
import scheming_companion
names = sorted(m.name for m in pkgutil.walk_packages(scheming_companion.__path__, "scheming_companion."))
for name in names:
    importlib.import_module(name)
print("imported", len(names), "modules from", scheming_companion.__file__)
"""


def test_fresh_install_of_the_package_imports_every_module(tmp_path: Path) -> None:
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # requirements.txt's pins as constraints (pip allows no editable line there), so the versions are Binder's.
    pins = [ln for ln in (ROOT / "requirements.txt").read_text("utf-8").splitlines() if not ln.startswith("-e")]
    (tmp_path / "pins.txt").write_text("\n".join(pins) + "\n", "utf-8")
    # Install from a copy of what the package is built from, so that setuptools' build/ and egg-info never land in
    # the working tree.
    src = tmp_path / "src"
    shutil.copytree(ROOT / "code", src / "code", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", str(tmp_path / "pins.txt"),
         f"{src}[book,lab]"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    run = subprocess.run([str(py), "-c", IMPORT_ALL], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                         env={"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert str(env_dir) in run.stdout and str(ROOT) not in run.stdout, run.stdout
    expected = {p.stem for p in (ROOT / "code" / "scheming_companion").rglob("*.py") if p.stem != "__init__"}
    assert int(run.stdout.split()[1]) >= len(expected), run.stdout
    check = subprocess.run([str(py), "-m", "pip", "check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
