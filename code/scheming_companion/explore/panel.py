"""The live panel: the same :class:`~scheming_companion.explore.explorable.Explorable` as the static
page, with ipywidgets controls that call the model directly at any value in range."""

from __future__ import annotations

import html
import math
import re
import time
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from .explorable import Choice, Explorable, Slider, spec_with_patch
from .render import show

#: A control fills its row up to 36rem; its label sits above it in a row of its own, so a long label wraps
#: instead of squeezing the track (a slider's description beside it takes the track's room).
_WIDTH = "min(100%, 36rem)"
#: Toggle buttons as wide as their text, wrapping onto more rows when they do not fit.
_TOGGLE_STYLE = {"button_width": "auto"}


#: Fewest positions a live slider has (the static page's grid has far fewer).
MIN_POSITIONS = 100


def _on_grid(offsets: list[float], step: float, tol: float) -> bool:
    return all(abs(o - round(o / step) * step) <= tol for o in offsets)


def slider_step(p: Slider) -> float:
    """The live slider's step: fine (at least ``MIN_POSITIONS`` positions) and landing exactly on the default
    and on every value of the static page's grid, so the panel starts where the page does and a reader can set
    any value the text mentions. Linear sliders step in a round number. Log sliders (a FloatLogSlider steps in
    the exponent) take an even division of their exponent range that holds the default exactly and the other
    grid values to 0.1% (the page rounds them to three significant digits). A slider whose model resolves
    only whole steps (``Slider.step``) moves in those steps, so every key press changes the result."""
    if p.step is not None:
        return p.step
    if p.log:
        a, b = math.log10(p.values[0]), math.log10(p.values[-1])
        offsets = [math.log10(v) - a for v in p.values]
        default = [math.log10(p.default) - a]
        for n in range(2 * MIN_POSITIONS, 10 * MIN_POSITIONS + 1):
            step = (b - a) / n
            if _on_grid(default, step, 1e-9) and _on_grid(offsets, step, math.log10(1.001)):
                return step
        d = default[0]  # no even division holds the grid: hold the default at least
        return d / max(1, round(d / ((b - a) / (2 * MIN_POSITIONS)))) if d > 0 else (b - a) / (2 * MIN_POSITIONS)
    span = p.values[-1] - p.values[0]
    offsets = [v - p.values[0] for v in p.values]
    top = math.floor(math.log10(span))
    for e in range(top, top - 8, -1):
        for m in (5.0, 2.5, 2.0, 1.0):
            step = m * 10.0**e
            if span / step >= MIN_POSITIONS and _on_grid(offsets, step, 1e-6 * step):
                return step
    return span / (2 * MIN_POSITIONS)


def readout_format(p: Slider) -> str:
    """The slider's own number as the book prints it, in d3-format (ipywidgets' readout format, whose trait
    accepts no ``~``): ``g`` becomes d3's typeless format, which trims zeros as Python's ``g`` does
    ("{:g}" -> ".12", "{:.2g}" -> ".2"); a log slider's ``g`` shows three significant digits in plain notation
    (".3r": 23700, as its readout text); a stepped percentage or fixed format gets the decimals of its step."""
    m = re.fullmatch(r"\{:([^{}]*)\}", p.fmt)
    spec = m[1] if m else ".3g"
    if p.step is not None and spec.endswith(("%", "f")):  # enough decimals for the step: 32.5%, not 33%
        scaled = f"{p.step * (100 if spec.endswith('%') else 1):.6g}"
        decimals = len(scaled.split(".")[1]) if "." in scaled else 0
        return f".{decimals}{spec[-1]}"
    if p.log and spec == "g":
        return ".3r"
    if spec.endswith("g"):
        return spec[:-1] or ".12"
    return spec


def _control(p: Slider | Choice) -> widgets.ValueWidget:
    if isinstance(p, Choice):
        return widgets.ToggleButtons(
            options=list(p.options), value=p.default, tooltip=p.label, style=_TOGGLE_STYLE,
            layout=widgets.Layout(width="100%", flex_flow="row wrap"),
        )
    lo, hi = p.values[0], p.values[-1]
    common = dict(step=slider_step(p), readout_format=readout_format(p), continuous_update=True,
                  layout=widgets.Layout(width=_WIDTH))
    if p.log:
        return widgets.FloatLogSlider(value=p.default, base=10, min=math.log10(lo), max=math.log10(hi), **common)
    return widgets.FloatSlider(value=p.default, min=lo, max=hi, **common)


def _labelled(p: Slider | Choice, control: widgets.ValueWidget) -> widgets.VBox:
    label = widgets.HTML(f"<span class='sc-live-label'>{html.escape(p.label)}</span>")
    return widgets.VBox([label, control], layout=widgets.Layout(margin="0 0 0.4rem 0"))


def legend_clear(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with a horizontal legend below the plot moved to the figure's bottom edge (``yref:
    "container"``), the figure made taller by its rows: a legend placed in plot units below the axes sits on
    the axis title whenever tick labels run longer than the book's page makes them (rotated categories, a
    narrower output area)."""
    layout = spec.get("layout") or {}
    legend = layout.get("legend") or {}
    if legend.get("orientation") != "h" or float(legend.get("y", 1)) >= 0 or legend.get("yref", "paper") != "paper":
        return spec
    entries = sum(1 for t in spec.get("data", []) if t.get("showlegend") is not False and t.get("name"))
    extra = 24 * max(1, math.ceil(entries / 2))
    margin = {**(layout.get("margin") or {})}
    margin["b"] = int(margin.get("b", 80)) + extra
    layout = {**layout, "legend": {**legend, "yref": "container", "y": 0, "yanchor": "bottom"}, "margin": margin,
              "height": int(layout.get("height", 450)) + extra}
    return {**spec, "layout": layout}


class LivePanel(widgets.VBox):
    """Controls, a readout and the figure, redrawn from the model whenever a control moves."""

    def __init__(self, explorable: Explorable):
        self.explorable = explorable
        self.controls = {p.name: _control(p) for p in explorable.params}
        self.readout = widgets.HTML()
        self.output = widgets.Output()
        self.last_seconds = math.nan
        rows = [_labelled(p, self.controls[p.name]) for p in explorable.params]
        super().__init__(children=[*rows, self.readout, self.output])
        self.add_class("sc-live-panel")
        self.readout.add_class("sc-live-readout")
        self.output.add_class("sc-live-figure")
        for c in self.controls.values():
            c.observe(self._on_change, names="value")
        self.redraw()
        # Plotly lays out a legend by measuring text, which it cannot do before the figure is on screen: the
        # first draw, made before the panel is shown, put the legend over the axis title until the first move.
        # The frontend counts the figure's views (``_view_count``): draw again once the first one exists.
        self.output._view_count = 0
        self.output.observe(self._on_first_view, names="_view_count")

    def _on_first_view(self, change: dict[str, Any]) -> None:
        if (change["new"] or 0) >= 1 and not (change["old"] or 0):
            self.redraw()

    def values(self) -> dict[str, Any]:
        return {name: c.value for name, c in self.controls.items()}

    def set(self, **values: Any) -> None:
        """Move controls programmatically (each move redraws, as a reader's would)."""
        for name, value in values.items():
            if name not in self.controls:
                raise ValueError(f"unknown control {name!r}; controls are {sorted(self.controls)}")
            self.controls[name].value = value

    def _on_change(self, change: dict[str, Any]) -> None:
        self.redraw()

    def redraw(self) -> None:
        start = time.perf_counter()
        ex = self.explorable
        patch = ex.patch(**self.values())
        # Work on plain JSON: building a plotly Figure on every move would cost more than the model.
        self.spec = spec_with_patch(ex.base_spec, patch)
        self.readout.value = f"<p aria-live='polite'>{html.escape(patch.readout)}</p>" if patch.readout else ""
        # Set the Output widget's state directly rather than printing into it: the figure then travels in
        # the widget's own state, not as a display message that output-comparing tools see as cell output.
        bundle = show(legend_clear(self.spec), name=f"{ex.name}-live", alt=ex.alt)._repr_mimebundle_()
        self.output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)
        self.last_seconds = time.perf_counter() - start

    @property
    def figure(self) -> go.Figure:
        """The figure currently shown, as a plotly Figure."""
        return go.Figure(self.spec)

    def __repr__(self) -> str:
        # Stable text for nbval and for viewers without widget support (no random model ids).
        names = ", ".join(p.label for p in self.explorable.params)
        return f"Live panel '{self.explorable.title}' with controls: {names}. It needs a running Jupyter kernel."


def live_panel(explorable: Explorable) -> LivePanel:
    """Return the live ipywidgets panel for ``explorable`` (make it the last expression of a cell)."""
    return LivePanel(explorable)
