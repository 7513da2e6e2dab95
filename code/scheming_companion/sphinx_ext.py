"""Sphinx extension: load plotly.js once for the whole site from the book's own static files.

plotly.min.js is copied from the installed plotly package (no CDN, no network), together with the
book's drawing script and stylesheet. Every page references the same file, so a browser fetches it once.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import plotly

from . import __version__

STATIC = Path(__file__).parent / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _add_static(app: Any) -> None:
    # Sphinx copies html_static_path into _static; plotly's package_data folder holds much more than
    # plotly.min.js, so stage the one file in a folder of its own under the doctree dir.
    staged = Path(app.doctreedir) / "scheming_companion_static"
    staged.mkdir(parents=True, exist_ok=True)
    target = staged / "plotly.min.js"
    if not target.exists() or target.stat().st_size != PLOTLY_JS.stat().st_size:
        shutil.copyfile(PLOTLY_JS, target)
    app.config.html_static_path.extend([str(staged), str(STATIC)])


def _unused(asset: Any) -> bool:
    name = getattr(asset, "filename", None) or str(asset)
    attributes = getattr(asset, "attributes", {})
    body = attributes.get("body", "") or ""
    # Jupyter Book 1 always loads sphinx-thebe, which declares `const THEBE_JS_URL` twice per page (a
    # SyntaxError on every page). Live code in the page is off (launch_buttons.thebe: false) and the
    # Binder launch button does not need it.
    thebe = "thebe" in name or "THEBE_JS_URL" in body
    # myst-nb embeds the executed notebook's widget state; the book hides every widget (they need a
    # kernel), so the state is dead weight with random model ids that make builds differ.
    widget_state = attributes.get("type") == "application/vnd.jupyter.widget-state+json"
    return thebe or widget_state


def _page_assets(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [a for a in context[key] if not _unused(a)]  # in place: it is the builder's list
    # plotly.js (4.8 MB) only on pages that draw figures, deferred so that it never blocks the page; the
    # drawing script, also deferred, runs after it. Every page shares the one file, so it is fetched once.
    if "sc-plot" in context.get("body", ""):
        app.add_js_file("plotly.min.js", defer="defer")
        app.add_js_file("scheming-book.js", defer="defer")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _page_assets)
    app.add_css_file("scheming-book.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


class PlotlyMimeRenderer:
    """myst-nb mime renderer plugin: the book draws figures from their ``text/html``, so the plotly mime
    type that ``show`` adds for JupyterLab renders to nothing instead of raising an unknown-type warning.

    A figure displayed without ``show`` carries no ``text/html`` and still fails the strict build.
    """

    mime_priority_overrides: tuple = ()

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        return [] if data.mime_type == "application/vnd.plotly.v1+json" else None
