"""The one rendering path for every plotly figure in the book.

``show(fig, ...)`` returns an object whose mime bundle carries both

* ``application/vnd.plotly.v1+json`` - what JupyterLab and Notebook 7 (Binder) draw with their
  plotly extension, and
* ``text/html`` - what the built book shows: a ``<figure>`` with a caption, alt text and the figure's
  JSON, drawn by ``scheming-book.js`` with the plotly.js that the book loads once for the whole site.

myst-nb picks ``text/html`` (the plotly mime type alone would be skipped with a warning). The HTML has
no random ids and numbers are rounded, so stored outputs compare equal under strict nbval.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from typing import Any

import numpy as np
import plotly.graph_objects as go

#: Significant digits kept for every number in a figure's JSON (stable across machines, small pages).
SIGNIFICANT_DIGITS = 6
#: plotly.js options for every figure: resizes with the page, no plotly logo.
PLOT_CONFIG: dict[str, Any] = {"responsive": True, "displaylogo": False}
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Trace types in the book's plotly.js (the "cartesian" partial bundle, see book/sphinx_ext.py). A figure with
#: another type would draw in Jupyter but not in the book, so ``show`` refuses it.
SUPPORTED_TRACE_TYPES = frozenset(
    {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie",
     "scatter", "scatterternary", "violin"}
)


def round_sig(x: Any, digits: int = SIGNIFICANT_DIGITS) -> float | int | bool | None:
    """Round ``x`` to ``digits`` significant digits; integers stay integers, non-finite become None."""
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    if not math.isfinite(x):
        return None
    if x == 0:
        return 0
    r = round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))
    return int(r) if r == int(r) and abs(r) < 1e15 else r


def _decode_typed_array(obj: dict[str, Any]) -> np.ndarray:
    # plotly >= 6 serialises numpy arrays as base64 "typed arrays"; decode them so numbers can be rounded.
    arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
    shape = obj.get("shape")
    if shape:
        arr = arr.reshape([int(n) for n in str(shape).split(",")])
    return arr


def plain(obj: Any, digits: int = SIGNIFICANT_DIGITS) -> Any:
    """Turn plotly/numpy data into plain JSON-able Python with every number rounded."""
    if isinstance(obj, dict) and "bdata" in obj and "dtype" in obj:
        return plain(_decode_typed_array(obj), digits)
    if isinstance(obj, dict):
        return {str(k): plain(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v, digits) for v in obj]
    if isinstance(obj, np.ndarray):
        return [plain(v, digits) for v in obj.tolist()]
    if isinstance(obj, (bool, np.bool_, int, float, np.integer, np.floating)):
        return round_sig(obj, digits)
    if obj is None or isinstance(obj, str):
        return obj
    if hasattr(obj, "to_plotly_json"):
        return plain(obj.to_plotly_json(), digits)
    raise TypeError(f"cannot serialise {type(obj).__name__} in a figure")


def figure_json(fig: go.Figure) -> dict[str, Any]:
    """The figure as plain, rounded JSON: ``{"data": [...], "layout": {...}}``."""
    spec = fig.to_plotly_json()
    return {"data": plain(spec.get("data", [])), "layout": plain(spec.get("layout", {}))}


def dumps(obj: Any) -> str:
    """Compact, key-sorted JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(obj, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return text.replace("</", "<\\/")


def check_name(name: str) -> str:
    """A figure's name becomes its HTML id, so it must be lowercase letters, digits and hyphens."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be lowercase letters, digits and hyphens (like 'slack-toy'), got {name!r}")
    return name


def _caption_html(number: str | None, caption: str | None) -> str:
    if not caption:
        return ""
    label = f'<span class="sc-caption-number">Figure {html.escape(number)}.</span> ' if number else ""
    return f"<figcaption>{label}{html.escape(caption)}</figcaption>"


def jupyter_plotly(spec: dict[str, Any], number: str | None) -> dict[str, Any]:
    """The plotly mime payload JupyterLab draws. JupyterLab shows it instead of the book's HTML, so it has no
    caption: the figure number goes at the front of the title, so that "Figure <number>" in the text finds it."""
    layout = spec["layout"]
    if number:
        title = layout.get("title")
        text = title.get("text", "") if isinstance(title, dict) else str(title or "")
        label = f"Figure {number}" + (f". {text}" if text else "")
        layout = {**layout, "title": {**title, "text": label} if isinstance(title, dict) else {"text": label}}
    return {"data": spec["data"], "layout": layout, "config": PLOT_CONFIG}


def plot_div(name: str, alt: str, height: Any = None) -> str:
    """The element a figure is drawn into, with its alt text. A labelled group, not role="img": plotly puts
    focusable controls (mode bar, legend) inside, which an image role would hide from assistive technology.

    ``height`` (the figure's layout height, in pixels) holds the box open before the figure draws, so that the
    page does not move when it does (figures draw as they come into view)."""
    size = f' style="min-height:{int(height)}px"' if isinstance(height, int | float) and height > 0 else ""
    return (f'<div class="sc-plot" id="{name}-plot" role="group" aria-roledescription="interactive chart" '
            f'aria-label="{html.escape(alt)}"{size}></div>')


def merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Merge ``patch`` into a copy of ``base`` as plotly.py's ``update`` does (and the book's script):
    nested dicts merge, everything else replaces."""
    out = dict(base)
    for key, value in patch.items():
        out[key] = merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


class PlotlyFigure:
    """A plotly figure with a stable name, alt text and caption, displayed by Jupyter and the book.

    ``figure`` is a plotly Figure or its plain JSON spec (``{"data": [...], "layout": {...}}``).
    """

    def __init__(
        self,
        figure: go.Figure | dict[str, Any],
        *,
        name: str,
        alt: str,
        caption: str | None = None,
        number: str | None = None,
    ):
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError("alt must be a non-empty description of what the figure shows")
        self._spec = figure_json(figure) if isinstance(figure, go.Figure) else plain(figure)
        unsupported = {t.get("type", "scatter") for t in self._spec.get("data", [])} - SUPPORTED_TRACE_TYPES
        if unsupported:
            raise ValueError(
                f"figure has trace types {sorted(unsupported)} that the book's plotly.js bundle cannot draw; "
                f"use one of {sorted(SUPPORTED_TRACE_TYPES)} (or switch the bundle in book/sphinx_ext.py)"
            )
        self.name = check_name(name)
        self.alt = alt.strip()
        self.caption = caption
        self.number = number

    @property
    def fig(self) -> go.Figure:
        """The figure as a plotly Figure."""
        return go.Figure(self._spec)

    def spec(self) -> dict[str, Any]:
        """The figure JSON that both renderers draw."""
        return self._spec

    def to_html(self) -> str:
        """The book's HTML: a captioned ``<figure>`` whose plot is drawn by the site's script."""
        spec = self.spec()
        payload = dumps({"data": spec["data"], "layout": spec["layout"], "config": PLOT_CONFIG})
        return (
            f'<figure class="sc-figure" id="{self.name}">'
            f"{plot_div(self.name, self.alt, spec['layout'].get('height'))}"
            f'<script type="application/json" class="sc-plot-data">{payload}</script>'
            f"{_caption_html(self.number, self.caption)}</figure>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        spec = self.spec()
        return {
            "application/vnd.plotly.v1+json": jupyter_plotly(spec, self.number),
            "text/html": self.to_html(),
            "text/plain": f"Figure {self.number or ''} {self.name}: {self.alt}".replace("  ", " "),
        }


def show(
    fig: go.Figure | dict[str, Any], *, name: str, alt: str, caption: str | None = None, number: str | None = None
) -> PlotlyFigure:
    """Wrap ``fig`` for display in the book and in Jupyter; make it the last expression of a cell."""
    return PlotlyFigure(fig, name=name, alt=alt, caption=caption, number=number)
