"""Launch the book the way Binder does: a fresh virtual environment with `pip install -r requirements.txt`
alone, then every chapter and every student notebook (what the Binder link opens) run top to bottom with its
own folder as the working directory."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.binder

RUN_CHAPTERS = """
import sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
for folder in ("chapters", "students"):
    for path in sorted(Path(folder).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
        print("ran", path)
import scheming_companion
print("package from", scheming_companion.__file__)
"""


def test_fresh_environment_from_requirements_runs_every_chapter(tmp_path: Path) -> None:
    env_dir = tmp_path / "binder-env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    # The kernel must be this environment's own Python, as on Binder.
    kernel = subprocess.run(
        [str(py), "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
        capture_output=True, text=True, timeout=120,
    )
    assert kernel.returncode == 0, kernel.stderr[-2000:]
    run = subprocess.run(
        [str(py), "-c", RUN_CHAPTERS], cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "JUPYTER_PLATFORM_DIRS": "1"},
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    notebooks = sorted(str(p.relative_to(ROOT)) for d in ("chapters", "students") for p in (ROOT / d).glob("*.ipynb"))
    assert any(n.startswith("students/") for n in notebooks), notebooks
    assert all(f"ran {n}" in run.stdout for n in notebooks), run.stdout
    assert str(ROOT / "code") in run.stdout, "the package must be importable from chapters/, installed from code/"
    assert sys.prefix not in run.stdout
