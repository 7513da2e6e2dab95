"""The tests' shared machinery (no fixtures here: conftest.py builds them from this module).

- Paths: the repository (``ROOT``), the built site (``SITE``) and its pages (``PAGES``).
- The site servers: ``serve(directory)`` serves a built site on an ephemeral loopback port (also used by
  benchmarks/run.py); ``serve_compressed(directory)`` serves it as a static host does, gzipped with long cache
  headers (the Lighthouse benchmark).
- Chromium: ``CHROMIUM_ARGS`` and ``launch_chromium`` (Debian's Chromium, headless; also used by the benchmark).
- The page probe: ``PageProbe`` opens a page with every request that leaves loopback blocked and records errors;
  ``draw_all`` scrolls through a page until every figure has drawn (figures draw when they come into view);
  ``page_data``, ``wait_drawn`` and ``assert_close`` read and compare what a page drew.
- Chapter text: ``chapter_notebook``, ``chapter_markdown`` and ``chapter_code`` read a chapter notebook's cells.

Nothing here imports pytest, so the benchmark can import it without the test machinery.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHAPTERS = ROOT / "chapters"
#: Every built page but Sphinx's static files and sources (empty when the book is not built).
PAGES = sorted(
    str(p.relative_to(SITE))
    for p in SITE.rglob("*.html")
    if "_static" not in p.parts and "_sources" not in p.parts
)

# --------------------------------------------------------------------------------------------------
# The site server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """Closing a page mid-download (a late font, a preload) breaks the pipe: not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on an ephemeral loopback port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


#: Compressed by ``serve_compressed`` (text formats; fonts and images are compressed already).
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".xml", ".inv")
#: What a static host sends with assets: cache for a year (pages are revalidated on every visit).
LONG_CACHE = "public, max-age=31536000"


class _CompressedHandler(_QuietHandler):
    """Serves text files gzipped (to clients that accept gzip) with long cache headers, as static hosts do.

    Pages are sent with ``no-cache`` (revalidated on every visit); everything else may be cached for a year.
    Each file is compressed once per version (path, size, modification time) and kept in memory.
    """

    cache: dict[tuple[Path, int, int], bytes] = {}

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        stat = path.stat()
        key = (path, stat.st_size, stat.st_mtime_ns)
        body = self.cache.get(key)
        if body is None:
            body = self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        page = self.path.split("?")[0].endswith((".html", "/"))
        self.send_header("Cache-Control", "no-cache" if page else LONG_CACHE)
        super().end_headers()


@contextlib.contextmanager
def serve_compressed(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` gzipped, with long cache headers, on a loopback port (default: any free one); yield its
    base URL. ``python -m tests.support`` serves the built book this way on port 8000 until interrupted."""
    handler = functools.partial(_CompressedHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------------------------------
# Chromium

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHROMIUM_MISSING = "Chromium is not installed: `make browser-deps` installs it on Debian"


def chromium_executable() -> str | None:
    """Debian's Chromium (no browser download), or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright: Any) -> Any:
    """Headless, offline-friendly Chromium from a running ``sync_playwright()``."""
    exe = chromium_executable()
    if exe is None:
        raise RuntimeError(CHROMIUM_MISSING)
    return playwright.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)


# --------------------------------------------------------------------------------------------------
# The page probe and what a page drew


#: Every .sc-plot on the page has drawn.
ALL_DRAWN_JS = "() => [...document.querySelectorAll('.sc-plot')].every(d => d.dataset.scDrawn === 'true')"
#: Scroll from top to bottom a screen at a time, letting a frame render at each stop, then back to the top.
SCROLL_THROUGH_JS = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const step = Math.max(200, Math.floor(window.innerHeight * 0.8));
  for (let y = 0; y < document.documentElement.scrollHeight; y += step) { window.scrollTo(0, y); await frame(); }
  window.scrollTo(0, document.documentElement.scrollHeight);
  await frame();
  window.scrollTo(0, 0);
  await frame();
}"""


def draw_all(page: Any, timeout: int = 15_000) -> None:
    """Scroll through ``page`` as a reader would, so that every figure comes into view and draws (figures draw
    when they come near the viewport), and wait until every one has drawn; end back at the top."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.evaluate(SCROLL_THROUGH_JS)
            break
        except Exception as err:  # a redirecting page (index.html) navigates away mid-scroll: scroll the new one
            if "navigation" not in str(err) or attempt == 2:
                raise
    page.wait_for_function(ALL_DRAWN_JS, timeout=timeout)


class PageProbe:
    """Opens a page, blocking every request that leaves loopback, and records what went wrong: page errors,
    and every console error or warning (the theme's, the browser's and the book's alike)."""

    def __init__(self, browser: Any, site_url: str):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.failed_own: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
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
        """Load ``url`` and scroll through it until every figure has drawn (``draw_all``)."""
        self.page.goto(url, wait_until="load")
        draw_all(self.page)
        return self.page

    def close(self) -> None:
        self.context.close()


def page_data(page: Any, fig_id: str) -> list[dict]:
    """The Plotly traces the page drew for figure ``fig_id``."""
    return page.evaluate(f"() => document.getElementById('{fig_id}-plot')._scSpec.data")


def wait_drawn(page: Any, fig_id: str) -> None:
    """Wait until figure ``fig_id`` has (re)drawn."""
    page.wait_for_function(f"() => document.getElementById('{fig_id}-plot').dataset.scDrawn === 'true'")


def assert_close(a: Any, b: Any, where: str) -> None:
    """Two figure specs are equal, numbers to within 1e-9 relative."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert set(a) == set(b), f"{where}: keys {sorted(a)} != {sorted(b)}"
        for k in a:
            assert_close(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), f"{where}: lengths {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            assert_close(x, y, f"{where}[{i}]")
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), f"{where}: {a} != {b}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


# --------------------------------------------------------------------------------------------------
# Chapter text


def chapter_notebook(stem: str) -> nbformat.NotebookNode:
    """The chapter notebook ``chapters/<stem>.ipynb``."""
    return nbformat.read(CHAPTERS / f"{stem}.ipynb", as_version=4)


def chapter_markdown(stem: str) -> str:
    """A chapter's Markdown cells, joined by newlines."""
    return "\n".join(c.source for c in chapter_notebook(stem).cells if c.cell_type == "markdown")


def chapter_code(stem: str) -> str:
    """A chapter's code cells, joined by newlines."""
    return "\n".join(c.source for c in chapter_notebook(stem).cells if c.cell_type == "code")


if __name__ == "__main__":  # python -m tests.support [PORT]: read the built book as a static host serves it
    with serve_compressed(SITE, int(sys.argv[1]) if len(sys.argv) > 1 else 8000) as url:
        print(f"Serving {SITE} gzipped at {url}/intro.html (Ctrl+C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
