"""The benchmark's accounting of the test command (benchmarks/run.py): each later issue's tests are timed from
the command's own JUnit log, and the command's budget is the sum of the budgets the brief describes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from ..support import ROOT

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="5">
  <testcase classname="tests.site.test_phone" name="test_a[phone]" time="12.5"/>
  <testcase classname="tests.site.test_phone.TestTouch" name="test_b" time="2.5"/>
  <testcase classname="tests.models.test_argmap" name="test_c" time="0.25"/>
  <testcase classname="chapters.01-scheming-and-its-significance.ipynb" name="Cell 3" time="1.0"/>
  <testcase classname="tests.site.test_phone" name="test_skipped"/>
</testsuite></testsuites>
"""


@pytest.fixture(scope="module")
def run() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run as module  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    return module


def test_module_times_sums_each_module_across_its_classes(run: Any, tmp_path: Path) -> None:
    junit = tmp_path / "offline.xml"
    junit.write_text(JUNIT, encoding="utf-8")
    assert run.module_times(junit) == {"tests.site.test_phone": 15.0, "tests.models.test_argmap": 0.25,
                                       "chapters.01-scheming-and-its-significance.ipynb": 1.0}


def test_a_missing_or_broken_log_is_named(run: Any, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="offline.xml is missing"):
        run.module_times(tmp_path / "offline.xml")
    (tmp_path / "broken.xml").write_text("<testsuites><testcase", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.xml is not a readable JUnit log"):
        run.module_times(tmp_path / "broken.xml")


def test_every_later_issue_names_test_modules_that_exist(run: Any) -> None:
    for name, modules, budget in run.LATER_TESTS:
        assert budget > 0, name
        for module in modules:
            assert (ROOT / (module.replace(".", "/") + ".py")).is_file(), f"{name}: no {module}"


def test_the_test_command_budget_is_the_sum_of_its_parts(run: Any) -> None:
    later = sum(b for _, _, b in run.LATER_TESTS)
    assert run.BUDGETS["test_command_s"] == 360 + run.BUDGETS["jupyterlab_test_s"] + later / run.TEST_WORKERS
    assert f"WORKERS ?= {run.TEST_WORKERS}" in (ROOT / "Makefile").read_text(encoding="utf-8")
