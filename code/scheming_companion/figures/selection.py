"""Chapter 4, §4.1–§4.6: the selection model as an explorable, and the illustrative preset across slack."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..explore.explorable import Choice, Explorable, Patch, Slider
from ..explore.narrow import narrow
from ..explore.theme import PALETTE, TEMPLATE
from ..models.selection import (
    DEFAULT_PRESSURE,
    FRAMES,
    ILLUSTRATIVE_PRESET,
    SELECTION_CLASSES,
    class_inputs,
    selection_shares,
)
from .slack import pressure_figure

SHORT_NAMES = ("Saint", "Misgeneralized", "Reward seeker", "Schemer")
FRAME_LABELS = {"contributors": "contributors to reward", "extra-criteria": "extra criteria"}
#: Pressures on the curves: four points a decade from 0.1 (very slack) to 1e5 (very strict); the static
#: preset figure draws ten a decade.
CURVE_PRESSURES = np.logspace(-1, 5, 25)
FINE_PRESSURES = np.logspace(-1, 5, 61)
PRESSURE_GRID = (1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0)
COUNT_RATIO_GRID = (1.0, 10.0, 1e3, 1e6)
BITS_SAVED_GRID = (0.0, 1.0, 5.0, 20.0)
SPEED_GRID = (0.0, 0.001, 0.01, 0.1)
PASSION_GRID = (0.0, 0.001, 0.01)


def selection_base_figure() -> go.Figure:
    """Class probabilities vs selection pressure (left) and at the chosen pressure (right)."""
    return pressure_figure("Counting × simplicity × speed × slack (book's toy, §4.1–§4.6)", SELECTION_CLASSES,
                           SHORT_NAMES, CURVE_PRESSURES, "selection pressure (left: much slack, right: little)",
                           exponentformat="power", dtick=1)


def selection_patch(frame: str, pressure: float, schemer_count_ratio: float, schemer_bits_saved: float,
                    schemer_speed_cost: float, passion_gap: float) -> Patch:
    """Curves, marker, bars and readout for one setting of the selection model."""
    inputs = class_inputs(schemer_count_ratio, schemer_bits_saved, schemer_speed_cost, passion_gap)
    curves = selection_shares(inputs, CURVE_PRESSURES, frame)
    now = selection_shares(inputs, pressure, frame)
    data: list[dict[str, object]] = [{"y": curves[:, i]} for i in range(len(SELECTION_CLASSES))]
    data.append({"x": [pressure, pressure]})
    data.append({"y": now})
    spread = float(curves[:, 3].max() - curves[:, 3].min())
    moves = "changes with slack" if spread > 0.01 else "hardly depends on slack"
    shown = float(f"{pressure:.3g}")  # three significant digits, as the live slider shows it: 23700, not 23713.7
    readout = (f"Frame: {FRAME_LABELS[frame]}. At pressure {shown:g}: "
               + ", ".join(f"{n} {p:.0%}" for n, p in zip(SHORT_NAMES, now))
               + f". Across the range shown, the schemer's share {moves} "
               f"({curves[:, 3].min():.0%} to {curves[:, 3].max():.0%}).")
    return Patch(data=data, readout=readout)


def selection_explorable() -> Explorable:
    """Explorable of the selection model: the §4.1 frame switch, slack and the schemer's four differences."""
    p = ILLUSTRATIVE_PRESET
    controls = (
        Choice("frame", "How simplicity and speed matter (§4.1)",
               (("Only through reward", "contributors"), ("As extra criteria", "extra-criteria")),
               "contributors"),
        Slider("pressure", "Selection pressure (log scale; low = much slack)", PRESSURE_GRID, DEFAULT_PRESSURE,
               log=True, fmt="{:g}"),
        Slider("schemer_count_ratio", "Schemer goals per saint goal (counting)", COUNT_RATIO_GRID,
               p["schemer_count_ratio"], log=True, fmt="{:.0e}"),
        Slider("schemer_bits_saved", "Bits the schemer's goal saves (simplicity)", BITS_SAVED_GRID,
               p["schemer_bits_saved"], fmt="{:.0f}"),
        Slider("schemer_speed_cost", "Schemer's share of compute on extra reasoning (speed)", SPEED_GRID,
               p["schemer_speed_cost"], fmt="{:g}"),
        Slider("passion_gap", "Schemer's reward lost to lacking task passion", PASSION_GRID, p["passion_gap"],
               fmt="{:g}"),
    )
    return Explorable(
        "selection-frames", "Counting, simplicity, speed and slack", controls, selection_base_figure, selection_patch,
        alt=("Left: line chart of the probability of four model classes against selection pressure on a log axis "
             "from 0.1 to 100,000, with a dashed line at the chosen pressure. Right: bars of the four "
             "probabilities at that pressure. At the default settings, in the contributors-to-reward frame, the "
             "schemer has about 45% at low pressure (much slack), about 23% at the default pressure of 1,000 "
             "and almost nothing at high pressure; in the extra-criteria frame its share stays near 18% at every "
             "pressure."),
    )


def preset_figure() -> go.Figure:
    """The schemer's probability across slack at the illustrative preset, in both §4.1 frames."""
    inputs = class_inputs(**ILLUSTRATIVE_PRESET)
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, height=400,
                      title=dict(text="Illustrative preset: the schemer's probability in the two frames", x=0.01,
                                 xanchor="left"),
                      legend=dict(orientation="h", y=-0.25, x=0), margin=dict(t=60, b=110))
    styles = {"contributors": dict(color=PALETTE["vermillion"], width=3),
              "extra-criteria": dict(color=PALETTE["purple"], width=3, dash="dash")}
    for frame in FRAMES:
        y = selection_shares(inputs, FINE_PRESSURES, frame)[:, 3]
        fig.add_trace(go.Scatter(x=FINE_PRESSURES, y=y, mode="lines", name=f"frame: {FRAME_LABELS[frame]}",
                                 line=styles[frame],
                                 hovertemplate="pressure %{x:.3g}: %{y:.1%}<extra></extra>"))
    fig.update_xaxes(type="log", exponentformat="power", dtick=1, title_text="selection pressure (left: much slack)")
    fig.update_yaxes(range=[-0.04, 1.02], tickformat=".0%", title_text="probability of a schemer")
    # On a phone: a shorter axis title, the legend in smaller type.
    return narrow(fig, {"margin": {"l": 55, "r": 10}, "xaxis": {"title": {"text": "selection pressure"}},
                        "legend": {"font": {"size": 11}}})
