"""Shared fixtures: the built site served on loopback, and headless Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run of the test command ("ci"), so whether a commit lands never
# hangs on which random examples came up. `make fuzz` runs them with fresh randomness over many seeds ("fuzz")
# to find the edge cases a fixed draw would miss.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_finish(session: pytest.Session) -> None:
    # Strict nbval is the contract for every chapter: a run with --nbval that collects no notebook
    # cells has silently tested nothing.
    if session.config.getoption("nbval", default=False):
        cells = [i for i in session.items if i.nodeid.endswith(".ipynb") or ".ipynb::" in i.nodeid]
        if not cells and not session.config.getoption("collectonly"):
            raise pytest.UsageError("--nbval collected no notebook cells: are the chapters missing?")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """The built book, served from _build/html on an ephemeral loopback port."""
    if not (SITE / "intro.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does it first)")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless and offline-friendly (no browser download)."""
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("Chromium is not installed: `make browser-deps` installs it on Debian")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


PAGES = sorted(
    str(p.relative_to(SITE))
    for p in SITE.rglob("*.html")
    if "_static" not in p.parts and "_sources" not in p.parts
)


class PageProbe:
    """Opens a page, blocking every request that leaves loopback, and records what went wrong."""

    def __init__(self, browser: Any, site_url: str):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.failed_own: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type == "error" and site_url in m.text else None
        )
        self.page.on(
            "requestfailed",
            lambda r: self.failed_own.append(r.url) if r.url.startswith(site_url) else None,
        )
        self.page.on(
            "response",
            lambda r: self.failed_own.append(f"{r.status} {r.url}")
            if r.url.startswith(site_url) and r.status >= 400
            else None,
        )
        self.page.route(
            re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort()
        )

    def open(self, url: str) -> Any:
        self.page.goto(url, wait_until="load")
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.sc-plot')].every(d => d.dataset.scDrawn === 'true')",
            timeout=15_000,
        )
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def probe(browser: Any, site_url: str) -> Any:
    p = PageProbe(browser, site_url)
    yield p
    p.close()
