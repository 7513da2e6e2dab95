"""Chapter 6, §6.3 and §6.4: the toy model organism as an explorable, a backdoor's survival under safety training."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.explorable import Choice, Explorable, Patch, Slider
from ..explore.narrow import narrow, stacked, two_lines
from ..explore.theme import INK, MUTED, PALETTE, TEMPLATE
from ..models.model_organism import SAFETY_DATA, SurvivalCurve, backdoor_survival_grid

#: Model sizes (hidden units) the reader can pick, and the decays and steps of the static grid.
WIDTHS = (1, 2, 4, 8, 16, 32)
DECAYS = (0.0, 0.001)
SAFETY_STEPS = 400
STEP_GRID = tuple(float(s) for s in range(0, SAFETY_STEPS + 1, 20))
#: Steps drawn on the curves (every fifth step keeps the page small; the slider's steps are all on it).
CURVE_STEPS = np.arange(0, SAFETY_STEPS + 1, 5)
SEED = 0
DATA_LABELS = {
    "absent": "no trigger in safety data",
    "look-alikes": "look-alikes in safety data (1 of 3 trigger bits)",
    "full": "full trigger in safety data",
}
BAR_NAMES = ("Clean", "Look-alike", "Triggered")


def organism_curves() -> dict[tuple[int, str, float], SurvivalCurve]:
    """Every curve the explorable can show, trained together in one batch (cached by the model)."""
    return backdoor_survival_grid(WIDTHS, SAFETY_DATA, DECAYS, SAFETY_STEPS, SEED)


def organism_base_figure() -> go.Figure:
    """Empty frame: triggered-input curves for every size, look-alike and clean curves, marker, bars."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.64, 0.36], horizontal_spacing=0.1,
                        subplot_titles=("Bad behaviour during safety training", "After the chosen amount"))
    fig.update_layout(template=TEMPLATE, height=480,
                      title=dict(text="Toy model organism: does the backdoor survive?",
                                 x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.2, x=0), margin=dict(t=80, b=120))
    zeros = np.zeros(CURVE_STEPS.size)
    for w in WIDTHS:
        fig.add_trace(go.Scatter(x=CURVE_STEPS, y=zeros, mode="lines", name=f"triggered, {w} units",
                                 line=dict(color=MUTED, width=1.5), showlegend=False,
                                 hovertemplate=f"{w} units, step %{{x}}: triggered bad %{{y:.0%}}<extra></extra>"),
                      row=1, col=1)
    fig.add_trace(go.Scatter(x=CURVE_STEPS, y=zeros, mode="lines", name="look-alikes (chosen size)",
                             line=dict(color=PALETTE["orange"], width=2.5, dash="dash"),
                             hovertemplate="look-alikes, step %{x}: bad %{y:.0%}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=CURVE_STEPS, y=zeros, mode="lines", name="clean inputs (chosen size)",
                             line=dict(color=PALETTE["green"], width=2.5, dash="dot"),
                             hovertemplate="clean inputs, step %{x}: bad %{y:.0%}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 0], y=[0, 1.05], mode="lines", line=dict(color=INK, dash="dash", width=1.2),
                             name="chosen amount", hoverinfo="skip", showlegend=False), row=1, col=1)
    fig.add_trace(go.Bar(x=list(BAR_NAMES), y=[0, 0, 0], texttemplate="%{y:.0%}", textposition="outside",
                         marker=dict(color=[PALETTE["green"], PALETTE["orange"], PALETTE["vermillion"]]),
                         showlegend=False, hovertemplate="%{x}: bad on %{y:.0%}<extra></extra>"), row=1, col=2)
    # A legend entry for the highlighted triggered curve (the per-size traces stay out of the legend).
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name="triggered inputs (chosen size; grey: other sizes)",
                             line=dict(color=PALETTE["vermillion"], width=3.5), hoverinfo="skip"), row=1, col=1)
    fig.update_xaxes(title_text="steps of safety training", range=[0, SAFETY_STEPS], row=1, col=1)
    fig.update_yaxes(title_text="share of inputs with the bad action", range=[-0.02, 1.05], tickformat=".0%",
                     row=1, col=1)
    fig.update_yaxes(range=[0, 1.15], tickformat=".0%", row=1, col=2)
    fig.update_xaxes(tickangle=0, row=1, col=2)
    # On a phone: the curves above the bars, a shorter axis title, the legend below.
    return narrow(fig, stacked(fig, height=820, gap=0.2, share=0.55,
                               titles=("During safety training", "After the chosen amount")),
                  {"margin": {"t": 100, "b": 130, "l": 55, "r": 10}, "yaxis": {"title": {"text": "bad action (share)"}},
                   "legend": {"y": -0.12, "font": {"size": 12}}},
                  data=[{}] * (len(fig.data) - 2) + [{"x": [two_lines(n) for n in BAR_NAMES]},
                                                     {"name": "triggered (chosen size)"}])


def organism_patch(hidden_units: int, safety_steps: float, safety_data: str, weight_decay: float) -> Patch:
    """Patch of the organism figure: the curves for the chosen data and decay, the chosen size highlighted."""
    curves = organism_curves()
    step = int(round(float(safety_steps)))
    step = min(max(step, 0), SAFETY_STEPS)
    data: list[dict[str, object]] = []
    for w in WIDTHS:
        c = curves[(w, safety_data, weight_decay)]
        chosen = w == hidden_units
        data.append({"y": c.triggered[CURVE_STEPS],
                     "line": {"color": PALETTE["vermillion"] if chosen else MUTED, "width": 3.5 if chosen else 1.5}})
    c = curves[(hidden_units, safety_data, weight_decay)]
    data.append({"y": c.look_alike[CURVE_STEPS]})
    data.append({"y": c.clean[CURVE_STEPS]})
    data.append({"x": [step, step]})
    now = [float(c.clean[step]), float(c.look_alike[step]), float(c.triggered[step])]
    data.append({"y": now})
    before = float(c.triggered[0])
    decay = "with weight decay" if weight_decay > 0 else "without weight decay"
    readout = (f"{hidden_units} hidden units, {step} steps of safety training, {DATA_LABELS[safety_data]}, {decay}: "
               f"bad action on {now[2]:.0%} of triggered inputs (before safety training {before:.0%}), "
               f"{now[1]:.0%} of look-alikes, {now[0]:.0%} of clean inputs.")
    return Patch(data=data, readout=readout)


def organism_explorable() -> Explorable:
    """Explorable of the toy model organism: model size, amount of safety training, safety data, decay."""
    controls = (
        Choice("hidden_units", "Model size (hidden units)", tuple((str(w), w) for w in WIDTHS), 8),
        Slider("safety_steps", "Steps of safety training", STEP_GRID, 200.0, fmt="{:.0f}"),
        Choice("safety_data", "What the safety data contains besides clean inputs",
               (("nothing else", "absent"), ("look-alikes", "look-alikes"), ("the full trigger", "full")),
               "absent"),
        Choice("weight_decay", "Weight decay during safety training", (("off", 0.0), ("on (0.001)", 0.001)),
               0.0),
    )
    return Explorable(
        "model-organism", "A toy model organism", controls, organism_base_figure, organism_patch,
        alt=("Left: line chart of the share of inputs on which a small backdoored network takes the bad action, "
             "against steps of safety training from 0 to 400. A bold red line shows triggered inputs for the "
             "chosen model size, thin grey lines the other sizes, a dashed orange line look-alike inputs and a "
             "dotted green line clean inputs; a dashed vertical line marks the chosen amount of training. "
             "Right: bar chart of the three shares at that amount. With no trigger in the safety data the red "
             "line stays at 100%; with the full trigger it drops to 0% within a few steps."),
    )


def survival_by_size_figure(weight_decay: float = 0.0) -> go.Figure:
    """Share of triggered bad behaviour left after all safety training, by model size and safety data."""
    curves = organism_curves()
    fig = make_subplots(rows=1, cols=1)
    fig.update_layout(template=TEMPLATE, height=420, barmode="group",
                      title=dict(text=f"Backdoor left after {SAFETY_STEPS} steps of safety training",
                                 x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.3, x=0), margin=dict(t=60, b=130))
    colours = {"absent": PALETTE["vermillion"], "look-alikes": PALETTE["orange"], "full": PALETTE["blue"]}
    for data in SAFETY_DATA:
        values = [float(curves[(w, data, weight_decay)].triggered[-1]) for w in WIDTHS]
        fig.add_trace(go.Bar(x=[str(w) for w in WIDTHS], y=values, name=DATA_LABELS[data],
                             marker=dict(color=colours[data]), texttemplate="%{y:.0%}", textposition="outside",
                             textangle=-90, textfont=dict(size=11), constraintext="none",
                             hovertemplate=f"{DATA_LABELS[data]}<br>%{{x}} hidden units: %{{y:.0%}}<extra></extra>"))
    fig.update_xaxes(title_text="model size (hidden units)", type="category")
    # The numbers stand upright above their bars: side by side they do not fit 18 bars.
    fig.update_yaxes(title_text="triggered inputs still bad", range=[0, 1.3], tickformat=".0%")
    # On a phone: the legend below, in rows.
    return narrow(fig, {"height": 480, "margin": {"l": 55, "r": 10, "b": 150},
                        "legend": {"y": -0.25, "font": {"size": 11}}})
