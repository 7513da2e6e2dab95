"""A figure's layout for a narrow screen (a phone), carried inside the figure itself.

A figure drawn 600 px wide does not read at 330 px: side-by-side panels squeeze, long labels run off, numbers
in cells shrink below legibility. A builder says how its figure changes when narrow with :func:`narrow`; the
change is stored in the figure's own ``layout.meta["narrow"]``, so the one figure object serves JupyterLab
(which ignores it and draws the wide figure), print (wide) and the book, whose script
(``book/static/scheming-responsive.js``) applies it when the plot's box is narrower than ``below`` CSS px and
draws the wide figure again above that.

How a narrow patch applies (here in :func:`narrow_spec` and in the script, the same rule): ``layout`` merges
into the figure's layout as plotly.py's ``update`` does (nested objects merge, everything else replaces),
except that a list of objects as long as the figure's list merges item by item (an empty object keeps an
item); ``data`` holds one such update per trace (missing or empty: the trace is kept). Explorers' patches
apply first, so a narrow patch should change how things are laid out, not what they show.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from .render import plain

#: Below this width (CSS px of the plot's box) the narrow layout applies. A phone's column is about 330 px;
#: the narrowest desktop column (a 1200 px laptop with both sidebars) and a tablet's are 600 px or more.
NARROW_BELOW = 580
#: Bar and cell numbers that would be drawn smaller than this (px) are hidden; hovering still shows them.
MIN_TEXT_PX = 9


def narrow(
    fig: go.Figure,
    *layouts: dict[str, Any],
    data: list[dict[str, Any]] | None = None,
    below: int = NARROW_BELOW,
) -> go.Figure:
    """Attach a narrow-screen patch to ``fig`` (in place; returns it): the ``layouts`` merged in order (nested
    objects merge), and ``data``, one update per trace.

    Every narrow patch also hides bar texts that would shrink under :data:`MIN_TEXT_PX`.
    """
    if not isinstance(below, int) or below < 200:
        raise ValueError(f"below must be a width in px of at least 200, got {below!r}")
    data = list(data or [])
    if len(data) > len(fig.data):
        raise ValueError(f"narrow patch has {len(data)} trace updates but the figure has {len(fig.data)} traces")
    patch_layout: dict[str, Any] = {"uniformtext": {"minsize": MIN_TEXT_PX, "mode": "hide"}}
    for layout in layouts:
        patch_layout = _merge(patch_layout, layout)
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.layout.meta = {**meta, "narrow": plain({"below": below, "layout": patch_layout, "data": data})}
    # Check the patch now, not in a reader's browser: plotly validates every property of the narrow figure.
    go.Figure(narrow_spec(fig.to_plotly_json()))
    return fig


def two_lines(label: str) -> str:
    """A category label broken for a narrow axis: at its spaces, or a long single word hyphenated."""
    if " " in label:
        return label.replace(" ", "<br>", 1)
    if len(label) > 10:
        cut = len(label) // 2 - 1
        return f"{label[:cut]}-<br>{label[cut:]}"
    return label


def wrap(label: str, width: int = 14) -> str:
    """A label broken into lines of about ``width`` characters at its spaces (plotly never wraps text)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = _merge(out[key], value) if key in out else value
        return out
    if (isinstance(base, list) and isinstance(patch, list) and len(base) == len(patch) and patch
            and all(isinstance(p, dict) for p in patch) and all(isinstance(b, dict) for b in base)):
        return [_merge(b, p) for b, p in zip(base, patch)]
    return patch


def narrow_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The figure spec (``{"data": [...], "layout": {...}}``) as drawn narrow: its narrow patch applied."""
    layout = dict(spec.get("layout") or {})
    meta = layout.get("meta")
    patch = meta.get("narrow") if isinstance(meta, dict) else None
    if not patch:
        return spec
    updates = patch.get("data") or []
    data = [_merge(t, updates[i]) if i < len(updates) and updates[i] else t for i, t in enumerate(spec["data"])]
    return {"data": data, "layout": _merge(layout, patch["layout"])}


def stacked(fig: go.Figure, *, height: int, gap: float = 0.12, share: float = 0.5,
            titles: tuple[str, str] | None = None) -> dict[str, Any]:
    """The layout patch that stacks a figure's two side-by-side panels (``make_subplots(rows=1, cols=2)``):
    the first above (``share`` of the height), the second below, both full width, each subplot title over
    its panel (``titles``: shorter ones). Pass it to :func:`narrow`."""
    top = (1 - share + gap / 2, 1.0)
    bottom = (0.0, 1 - share - gap / 2)
    patch: dict[str, Any] = {
        "height": height,
        "xaxis": {"domain": [0, 1]}, "xaxis2": {"domain": [0, 1]},
        "yaxis": {"domain": list(top)}, "yaxis2": {"domain": list(bottom)},
    }
    anns = list(fig.layout.annotations or [])
    anns_at = [i for i, a in enumerate(anns) if a.xref == "paper" and a.yref == "paper" and a.yanchor == "bottom"]
    if len(anns_at) >= 2:
        items: list[dict[str, Any]] = [{} for _ in anns]
        for i, y, text in ((anns_at[0], top[1], 0), (anns_at[1], bottom[1], 1)):
            items[i] = {"x": 0.5, "y": y, "yshift": 8}
            if titles:
                items[i]["text"] = titles[text]
        patch["annotations"] = items
    return patch
