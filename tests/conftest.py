"""Fixtures and hypothesis profiles only; the machinery they use lives in tests/support.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from .support import CHROMIUM_MISSING, SITE, PageProbe, chromium_executable, launch_chromium, serve

# Property tests draw the same examples on every run of the test command ("ci"), so whether a commit lands never
# hangs on which random examples came up. `make fuzz` runs them with fresh randomness over many seeds ("fuzz")
# to find the edge cases a fixed draw would miss.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, database=None, print_blob=True)
# `make check`, the loop to run while working: the same fixed examples, fewer of each (make test draws 100).
settings.register_profile("quick", derandomize=True, database=None, print_blob=True, max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# How `make test` shares the offline run between its two workers (`-n 2 --dist loadscope`, with the scopes below).
# A test in one of the SPREAD files shares nothing with its neighbours but the worker's browser, so each test is a
# unit of work of its own, sent to whichever worker is free. Any other file is one unit (a notebook's cells share
# one kernel; a module's fixtures may start a server or build tables). The units go out in the order the workers
# collect them, which `pytest_collection_modifyitems` sets: the longest files first (two clean builds; JupyterLab;
# the HTML checker), then the other files, then the single tests, so that the last minutes are many short tests
# keeping both workers busy rather than one long file holding one. (xdist's own `loadgroup` marks do not work with
# pytest 9, whose node ids xdist can no longer rewrite; a scheduler is xdist's documented hook.)
SPREAD = frozenset({
    "test_accessibility.py", "test_argmaps.py", "test_browser.py", "test_lazy_figures.py", "test_quiz.py",
    "test_verdict_browser.py",
})
FIRST = ("test_drift.py", "test_jupyterlab.py", "test_html_valid.py")


def book_scope(nodeid: str) -> str:
    """The unit of work a test belongs to: its file, or itself for a file in ``SPREAD``."""
    path = nodeid.split("::", 1)[0]
    return nodeid if path.rsplit("/", 1)[-1] in SPREAD else path


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return book_scope(nodeid)

    config.option.loadscopereorder = False  # keep the order the workers collected (below)
    return BookScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not hasattr(config, "workerinput"):  # only an xdist worker's collection (the order is the schedule's)
        return
    first = {name: i for i, name in enumerate(FIRST)}

    def rank(item: pytest.Item) -> tuple[int, int]:
        name = item.path.name
        return (0, first[name]) if name in first else (2, 0) if name in SPREAD else (1, 0)

    items.sort(key=rank)  # stable: each file keeps its own order


def pytest_collection_finish(session: pytest.Session) -> None:
    # Strict nbval is the contract for every chapter: a run with --nbval that collects no notebook
    # cells has silently tested nothing.
    if session.config.getoption("nbval", default=False):
        cells = [i for i in session.items if i.nodeid.endswith(".ipynb") or ".ipynb::" in i.nodeid]
        if not cells and not session.config.getoption("collectonly"):
            raise pytest.UsageError("--nbval collected no notebook cells: are the chapters missing?")


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """The built book, served from _build/html on an ephemeral loopback port."""
    if not (SITE / "intro.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does it first)")
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless and offline-friendly (no browser download)."""
    from playwright.sync_api import sync_playwright

    if chromium_executable() is None:
        pytest.fail(CHROMIUM_MISSING)
    with sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


@pytest.fixture()
def probe(browser: Any, site_url: str) -> Iterator[PageProbe]:
    """A fresh page on the served book, recording JavaScript errors and failed requests. Any page error, console
    error or console warning fails the test that opened the page, even a test that does not look at them."""
    p = PageProbe(browser, site_url)
    yield p
    p.close()
    assert p.errors == [], f"page errors or console errors/warnings: {p.errors}"
