"""The book's own scripts load after the page has: none of them is needed for the page's first paint.

A script tag in the page's head, even a deferred one, is fetched at once, alongside the stylesheets the first
paint waits for. On a phone on a slow link the book's scripts (figures, explorers, quizzes, argument maps,
verdict: up to six files) then share the link with those stylesheets and push the page's largest text back
by a round trip or two (Lighthouse's simulated slow 4G: about 0.15 s on a chapter page).

So each page names its book scripts in inert placeholders, ``<script type="text/plain" class="sc-late"
data-src="…">`` (a browser neither fetches nor runs them; the benchmark's page weight and the HTML check read
them as usual), and one small inline script, :data:`LOADER`, adds the real scripts, in that order, once the
window's ``load`` event has fired and the page has painted its first content (a page that is not shown, in a
background tab, gets them 3 s after loading). It marks the page's root element ``data-sc-scripts="pending"``
until then and ``"ready"`` when every script has run (or failed to load), which tests wait for.

Every book script copes with running after ``DOMContentLoaded`` (each checks ``document.readyState``).
"""

from __future__ import annotations

import functools
import zlib
from pathlib import Path
from typing import Any

#: The book's static files (scripts, styles, plotly.js), which the extension adds to the site's _static.
STATIC = Path(__file__).parent / "static"
#: Class of the placeholders the loader turns into scripts.
LATE_CLASS = "sc-late"
#: The loader, inline in each page that has book scripts. It copies each placeholder's data-* attributes but
#: data-src onto the real script (scheming-book.js reads its data-plotly through document.currentScript).
LOADER = """document.documentElement.dataset.scScripts = "pending";
(function () {
  var loaded = false, painted = false;
  function start() {
    if (!loaded || !painted) return;
    loaded = painted = false;  // once
    var late = document.querySelectorAll("script.sc-late[data-src]"), left = late.length;
    function done() { if (--left <= 0) document.documentElement.dataset.scScripts = "ready"; }
    if (!left) done();
    late.forEach(function (placeholder) {
      var script = document.createElement("script");
      Object.keys(placeholder.dataset).forEach(function (key) {
        if (key !== "src") script.dataset[key] = placeholder.dataset[key];
      });
      script.src = placeholder.dataset.src;
      script.async = false;  // run in the placeholders' order
      script.onload = script.onerror = done;
      document.head.appendChild(script);
    });
  }
  function paint() { painted = true; start(); }
  // A page opened in a background tab paints only when shown: its scripts load 3 s after it has, regardless.
  window.addEventListener("load", function () { loaded = true; start(); setTimeout(paint, 3000); });
  // After the first paint with content: a page that has not painted yet when it has loaded waits for it.
  if (!window.PerformanceObserver || (PerformanceObserver.supportedEntryTypes || []).indexOf("paint") < 0) {
    painted = true;
    return;
  }
  new PerformanceObserver(function (list, observer) {
    if (list.getEntriesByName("first-contentful-paint").length) { observer.disconnect(); paint(); }
  }).observe({ type: "paint", buffered: true });
})();"""


@functools.cache
def static_version(name: str) -> str:
    """A short checksum of the book's static file ``name`` (its address changes whenever the file does)."""
    path = STATIC / name
    if not path.is_file():
        raise FileNotFoundError(f"the book has no static script {name!r} (looked in {STATIC})")
    return f"{zlib.crc32(path.read_bytes()):08x}"


def late_script(app: Any, context: dict[str, Any], name: str, **data: str) -> None:
    """Load the book's static script ``name`` on this page after the page has loaded, with ``data-*``
    attributes ``data`` (keys without the ``data-`` prefix). Call it from ``html-page-context``; a script asked
    for twice loads once, where it was first asked for."""
    url = f"{context['pathto']('_static/' + name, 1)}?v={static_version(name)}"
    seen = context.setdefault("sc_late_scripts", [])
    if url in seen:
        return
    if not seen:
        app.add_js_file(None, body=LOADER)
    seen.append(url)
    attributes = {"type": "text/plain", "class": LATE_CLASS, "data-src": url,
                  **{f"data-{key}": value for key, value in data.items()}}
    app.add_js_file(None, body="", **attributes)
