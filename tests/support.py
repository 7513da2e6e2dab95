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
from collections.abc import Iterator, Sequence
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
    with _serving(site, _QuietHandler, 0) as url:
        yield url


@contextlib.contextmanager
def _serving(site: Path, handler_class: Any, port: int) -> Iterator[str]:
    """The one loopback server both ``serve`` and ``serve_compressed`` run, with the handler they choose."""
    handler = functools.partial(handler_class, directory=str(site))
    server = _QuietServer(("127.0.0.1", port), handler)
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
    with _serving(site, _CompressedHandler, port) as url:
        yield url


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
  // A rendered frame, or 200 ms if none comes: Chromium may hold back animation frames from a page on a busy
  // machine, and a scroll that waited on one forever hung the whole run.
  const frame = () => new Promise(r => { requestAnimationFrame(() => setTimeout(r, 0)); setTimeout(r, 200); });
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
        url = page.url
        try:
            page.evaluate(SCROLL_THROUGH_JS)
            break
        except Exception as err:
            # A redirecting page (index.html) may navigate away mid-scroll: the script then dies with the old
            # document ("navigation", or a document with no element yet) and the page's address has changed. Scroll
            # the page it arrives at.
            torn_down = any(m in str(err) for m in ("navigation", "context was destroyed", "properties of null"))
            if (not torn_down and page.url == url) or attempt == 2:
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
        self.requested: list[str] = []  # every URL the page asked for, in order
        self.page.on("request", lambda r: self.requested.append(r.url))
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

    def open(self, url: str, *, draw: bool | Sequence[str] = True) -> Any:
        """Load ``url`` and scroll through it until every figure has drawn (``draw_all``).

        A test of one explorer passes its figure ids (``draw=("slack-toy",)``): each is scrolled into view, as a
        reader would, and waited for, and the rest of the page is left undrawn. A test of something else on the
        page (a quiz, an argument map, a verdict panel) passes ``draw=False``: the page is as a reader finds it
        on arrival, and figures draw only as the test's clicks bring them near.
        """
        self.page.goto(url, wait_until="load")
        wait_scripts(self.page)
        if draw is True:
            draw_all(self.page)
        elif draw:
            for fig_id in draw:
                self.page.locator(f"#{fig_id}").scroll_into_view_if_needed()
                wait_drawn(self.page, fig_id)
        return self.page

    def close(self) -> None:
        self.context.close()


#: The book's scripts have run: they load after the page (book/late.py), which marks the root element.
SCRIPTS_READY_JS = "() => document.documentElement.dataset.scScripts !== 'pending'"


def wait_scripts(page: Any) -> None:
    """Wait until the book's scripts, which load after the page has (book/late.py), have run."""
    page.wait_for_function(SCRIPTS_READY_JS, timeout=15_000)


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


# --------------------------------------------------------------------------------------------------
# Figures on a small screen: legible labels, controls big enough to touch

#: A phone (the issue's "ordinary phone") and a tablet, each as Playwright context options.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
TABLET = {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
#: Smallest legible label (CSS px of font size), the largest share of the smaller of two labels they may overlap
#: by, and the smallest touch target (WCAG 2.2, 2.5.8 Target Size (Minimum)).
MIN_LABEL_PX = 9.0
MAX_OVERLAP = 0.2
MIN_TARGET_PX = 24.0

# Every visible SVG text label of one drawn figure, with its box (CSS px, page coordinates) and font size as
# drawn; and the box the figure may draw in (the plot's SVG, clipped by its div and its <figure> card). The hover
# layer (text that appears only under the pointer) and empty labels are left out.
LABELS_JS = r"""(figId) => {
  const div = document.getElementById(figId + '-plot');
  const svg = div && div.querySelector('svg.main-svg');
  if (!svg) return null;
  const boxes = [svg, div, div.closest('figure')].map(e => e.getBoundingClientRect());
  const box = {left: Math.max(...boxes.map(b => b.left)), right: Math.min(...boxes.map(b => b.right)),
               top: Math.max(...boxes.map(b => b.top)), bottom: Math.min(...boxes.map(b => b.bottom))};
  const labels = [];
  div.querySelectorAll('svg text').forEach(t => {
    if (t.closest('.hoverlayer, .modebar')) return;
    const text = (t.textContent || '').trim();
    if (!text) return;
    let hidden = false;
    for (let e = t; e && e !== div; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) { hidden = true; break; }
    }
    if (hidden) return;
    const fill = getComputedStyle(t).fill;  // a transparent label only carries hover text
    if (fill === 'none' || /rgba\(.*,\s*0\)$/.test(fill) || Number(getComputedStyle(t).fillOpacity) === 0) return;
    const r = t.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    const m = t.getScreenCTM(), bb = t.getBBox();
    const scale = m ? Math.hypot(m.a, m.b) : 1;
    // The label's own box on screen: turned with it (a tick label at 30 degrees), unlike its bounding box.
    const corners = [[bb.x, bb.y], [bb.x + bb.width, bb.y], [bb.x + bb.width, bb.y + bb.height],
                     [bb.x, bb.y + bb.height]];
    const poly = m ? corners.map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f])
                   : [[r.left, r.top], [r.right, r.top], [r.right, r.bottom], [r.left, r.bottom]];
    labels.push({text: text, size: parseFloat(getComputedStyle(t).fontSize) * scale, poly: poly,
                 left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  });
  return {box: box, labels: labels};
}"""


def label_problems(drawn: dict[str, Any] | None, fig_id: str) -> dict[str, list[str]]:
    """What is wrong with one figure's labels (from ``LABELS_JS``): too small, overlapping, outside the figure."""
    out: dict[str, list[str]] = {"small": [], "overlapping": [], "outside": []}
    if drawn is None:
        return out
    box, labels = drawn["box"], drawn["labels"]
    for lab in labels:
        if lab["size"] < MIN_LABEL_PX - 0.01:
            out["small"].append(f"{fig_id}: {lab['text']!r} is {lab['size']:.1f} px")
        if (lab["left"] < box["left"] - 1 or lab["right"] > box["right"] + 1
                or lab["top"] < box["top"] - 1 or lab["bottom"] > box["bottom"] + 1):
            out["outside"].append(f"{fig_id}: {lab['text']!r} runs outside the figure")
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if (min(a["right"], b["right"]) <= max(a["left"], b["left"])
                    or min(a["bottom"], b["bottom"]) <= max(a["top"], b["top"])):
                continue  # bounding boxes apart: no overlap to measure
            shared = _area(_clip(a["poly"], b["poly"]))
            if shared > MAX_OVERLAP * min(_area(a["poly"]), _area(b["poly"])):
                out["overlapping"].append(f"{fig_id}: {a['text']!r} overlaps {b['text']!r}")
    return out


def _area(poly: list[list[float]]) -> float:
    # Shoelace formula: the area of a simple polygon, either orientation.
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]))) / 2


def _clip(subject: list[list[float]], clip: list[list[float]]) -> list[list[float]]:
    # Sutherland-Hodgman: the part of polygon ``subject`` inside the convex polygon ``clip`` (a label's box).
    sign = 1.0 if sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(clip, clip[1:] + clip[:1])) > 0 else -1.0

    def inside(p: list[float], e0: list[float], e1: list[float]) -> bool:
        return sign * ((e1[0] - e0[0]) * (p[1] - e0[1]) - (e1[1] - e0[1]) * (p[0] - e0[0])) >= 0

    def cross(p: list[float], q: list[float], e0: list[float], e1: list[float]) -> list[float]:
        dx, dy, ex, ey = q[0] - p[0], q[1] - p[1], e1[0] - e0[0], e1[1] - e0[1]
        den = dx * ey - dy * ex
        t = ((e0[0] - p[0]) * ey - (e0[1] - p[1]) * ex) / den if den else 0.0
        return [p[0] + t * dx, p[1] + t * dy]

    out = subject
    for e0, e1 in zip(clip, clip[1:] + clip[:1]):
        if not out:
            break
        pts, out = out, []
        for p, q in zip(pts, pts[1:] + pts[:1]):
            if inside(q, e0, e1):
                if not inside(p, e0, e1):
                    out.append(cross(p, q, e0, e1))
                out.append(q)
            elif inside(p, e0, e1):
                out.append(cross(p, q, e0, e1))
    return out


# The book's own controls (sliders, radio buttons with their labels, buttons) smaller than a touch target. A
# control inside a <label> counts the label's box: tapping the label works the control.
TARGETS_JS = """(minPx) => {
  const out = [];
  document.querySelectorAll('.sc-controls input, .sc-controls button, .sc-quiz-question input, .sc-quiz-check')
    .forEach(el => {
      const target = el.closest('label') || el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      if (r.width < minPx - 0.01 || r.height < minPx - 0.01) {
        out.push((el.id || el.name || el.className) + ': ' + r.width.toFixed(1) + ' x ' + r.height.toFixed(1));
      }
    });
  return out;
}"""

# Each slider's readout (its <output>) sits beside or just under the slider, not elsewhere on the page.
READOUTS_JS = """() => {
  const out = [];
  document.querySelectorAll('.sc-controls input[type=range]').forEach(el => {
    const o = document.querySelector('output[for="' + el.id + '"]');
    if (!o) { out.push(el.id + ': no readout'); return; }
    const a = el.getBoundingClientRect(), b = o.getBoundingClientRect();
    const gap = Math.max(0, b.top - a.bottom, a.top - b.bottom);
    if (gap > 16) out.push(el.id + ': readout ' + gap.toFixed(0) + ' px away');
  });
  return out;
}"""

#: How far the page scrolls sideways (0 when it fits the viewport).
SIDEWAYS_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


if __name__ == "__main__":  # python -m tests.support [PORT]: read the built book as a static host serves it
    with serve_compressed(SITE, int(sys.argv[1]) if len(sys.argv) > 1 else 8000) as url:
        print(f"Serving {SITE} gzipped at {url}/intro.html (Ctrl+C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
