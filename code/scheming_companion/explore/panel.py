"""The live panel: the same :class:`~scheming_companion.explore.explorable.Explorable` as the static
page, with ipywidgets controls that call the model directly at any value in range."""

from __future__ import annotations

import html
import math
import time
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from .explorable import Choice, Explorable, Slider, spec_with_patch
from .render import show

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="min(100%, 36rem)")


#: Fewest positions a live slider has (the static page's grid has far fewer).
MIN_POSITIONS = 100


def _on_grid(offsets: list[float], step: float, tol: float) -> bool:
    return all(abs(o - round(o / step) * step) <= tol for o in offsets)


def slider_step(p: Slider) -> float:
    """The live slider's step: fine (at least ``MIN_POSITIONS`` positions) and landing exactly on the default
    and on every value of the static page's grid, so the panel starts where the page does and a reader can set
    any value the text mentions. Linear sliders step in a round number. Log sliders (a FloatLogSlider steps in
    the exponent) take an even division of their exponent range that holds the default exactly and the other
    grid values to 0.1% (the page rounds them to three significant digits)."""
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


def _control(p: Slider | Choice) -> widgets.ValueWidget:
    if isinstance(p, Choice):
        return widgets.ToggleButtons(options=list(p.options), value=p.default, description=p.label, style=_STYLE)
    lo, hi = p.values[0], p.values[-1]
    if p.log:
        return widgets.FloatLogSlider(
            value=p.default, base=10, min=math.log10(lo), max=math.log10(hi), step=slider_step(p),
            description=p.label, readout_format=".3g", continuous_update=True, style=_STYLE, layout=_LAYOUT,
        )
    return widgets.FloatSlider(
        value=p.default, min=lo, max=hi, step=slider_step(p), description=p.label,
        readout_format=".3g", continuous_update=True, style=_STYLE, layout=_LAYOUT,
    )


class LivePanel(widgets.VBox):
    """Controls, a readout and the figure, redrawn from the model whenever a control moves."""

    def __init__(self, explorable: Explorable):
        self.explorable = explorable
        self.controls = {p.name: _control(p) for p in explorable.params}
        self.readout = widgets.HTML()
        self.output = widgets.Output()
        self.last_seconds = math.nan
        super().__init__(children=[*self.controls.values(), self.readout, self.output])
        for c in self.controls.values():
            c.observe(self._on_change, names="value")
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
        bundle = show(self.spec, name=f"{ex.name}-live", alt=ex.alt)._repr_mimebundle_()
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
