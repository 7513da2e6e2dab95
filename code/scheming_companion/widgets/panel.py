"""The live panel: the same :class:`~scheming_companion.figures.explorable.Explorable` as the static
page, with ipywidgets controls that call the model directly at any value in range."""

from __future__ import annotations

import html
import math
import time
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from ..figures.explorable import Choice, Explorable, Slider, spec_with_patch
from ..figures.render import show

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="min(100%, 36rem)")


def _control(p: Slider | Choice) -> widgets.ValueWidget:
    if isinstance(p, Choice):
        return widgets.ToggleButtons(options=list(p.options), value=p.default, description=p.label, style=_STYLE)
    lo, hi = p.values[0], p.values[-1]
    if p.log:
        a, b = math.log10(lo), math.log10(hi)
        return widgets.FloatLogSlider(
            value=p.default, base=10, min=a, max=b, step=(b - a) / 200, description=p.label,
            readout_format=".3g", continuous_update=True, style=_STYLE, layout=_LAYOUT,
        )
    return widgets.FloatSlider(
        value=p.default, min=lo, max=hi, step=(hi - lo) / 200, description=p.label,
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
