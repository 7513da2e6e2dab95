"""The package stays lint-clean and type-checks (ruff over code, scripts, benchmarks and tests; mypy over the
package; configured in pyproject.toml), and the installed requirements are consistent."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..support import ROOT

# `make check` runs ruff and mypy itself (with mypy's cache); `make test` runs them here.
pytestmark = pytest.mark.static


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff() -> None:
    result = _run("ruff", "check", "code", "scripts", "benchmarks", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = _run("mypy", "code/scheming_companion")
    assert result.returncode == 0, result.stdout + result.stderr


def test_installed_requirements_are_consistent() -> None:
    result = _run("pip", "check")
    assert result.returncode == 0, result.stdout + result.stderr
