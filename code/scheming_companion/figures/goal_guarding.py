"""Chapter 2b, §2.3.1.1: the goal-guarding training-dynamics toy as an explorable."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.explorable import Explorable, Patch, Slider
from ..explore.narrow import narrow, stacked
from ..explore.theme import INK, PALETTE, TEMPLATE, tint
from ..models.goal_guarding import goal_guarding_dynamics

ENTANGLEMENT_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
NOISE_GRID = (0.0, 0.02, 0.04, 0.08, 0.16)
RELIABILITY_GRID = (0.5, 0.7, 0.8, 0.9, 1.0)
DECAY_GRID = (0.0, 0.01, 0.03)
GAMER = PALETTE["vermillion"]
OWN_GOAL = PALETTE["blue"]
#: Heatmap colours: light (goal lost) to dark purple (goal kept); readable in print and for colour-blind readers.
HEAT_SCALE = [[0.0, "#F7F7F7"], [0.5, tint("blue", 0.5)], [1.0, PALETTE["blue"]]]


def _index(value: float, grid: tuple[float, ...]) -> float:
    """Position of ``value`` on a heatmap axis whose cells sit at 0, 1, ... (interpolated between cells)."""
    return float(np.interp(value, grid, np.arange(len(grid))))


def goal_guarding_run(entanglement: float, noise: float, reliability: float, decay: float):
    """One batched simulation: the reliability-``reliability`` gamer over the whole (entanglement, noise) grid,
    then the gamer and the own-goal model (reliability 0) at the chosen setting."""
    lam = np.r_[np.repeat(ENTANGLEMENT_GRID, len(NOISE_GRID)), entanglement, entanglement]
    sig = np.r_[np.tile(NOISE_GRID, len(ENTANGLEMENT_GRID)), noise, noise]
    rel = np.r_[np.full(len(ENTANGLEMENT_GRID) * len(NOISE_GRID), reliability), reliability, 0.0]
    return goal_guarding_dynamics(lam, sig, decay, rel)


def goal_guarding_base_figure() -> go.Figure:
    """Empty frame: goal retention and alignment over steps (left), final retention heatmap (right)."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.56, 0.44], horizontal_spacing=0.14,
                        subplot_titles=("The goal during training", "Gamer: goal kept at the end"))
    fig.update_layout(template=TEMPLATE, height=500,
                      title=dict(text="Does training-gaming guard the goal? (book's toy, §2.3.1.1)", x=0.01,
                                 xanchor="left"),
                      legend=dict(orientation="h", y=-0.2, x=0), margin=dict(t=80, b=120))
    steps = goal_guarding_dynamics(0.0, 0.0, 0.0, 1.0).steps
    for name, colour, dash in (("Training-gamer: original goal kept", GAMER, "solid"),
                               ("Acts on its own goal: original goal kept", OWN_GOAL, "solid"),
                               ("Training-gamer: aim at specified goal", GAMER, "dot"),
                               ("Acts on its own goal: aim at specified goal", OWN_GOAL, "dot")):
        fig.add_trace(go.Scatter(x=steps, y=np.zeros(len(steps)), mode="lines", name=name,
                                 line=dict(color=colour, width=3 if dash == "solid" else 2, dash=dash),
                                 hovertemplate=f"{name}<br>step %{{x}}: %{{y:.2f}}<extra></extra>"),
                      row=1, col=1)
    fig.add_trace(go.Heatmap(z=np.zeros((len(NOISE_GRID), len(ENTANGLEMENT_GRID))),
                             x=list(range(len(ENTANGLEMENT_GRID))), y=list(range(len(NOISE_GRID))),
                             zmin=0, zmax=1, colorscale=HEAT_SCALE, texttemplate="%{z:.2f}", showscale=False,
                             hovertemplate="goal kept: %{z:.2f}<extra></extra>", name="final retention"),
                  row=1, col=2)
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", showlegend=False, name="chosen setting",
                             marker=dict(symbol="square-open", size=34, color=INK, line=dict(width=3)),
                             hoverinfo="skip"), row=1, col=2)
    fig.update_xaxes(title_text="training step", row=1, col=1)
    fig.update_yaxes(range=[-0.15, 1.1], title_text="cosine (1 = same direction)", row=1, col=1)
    fig.update_xaxes(title_text="entanglement (messiness)", tickvals=list(range(len(ENTANGLEMENT_GRID))),
                     ticktext=[f"{v:g}" for v in ENTANGLEMENT_GRID], row=1, col=2)
    fig.update_yaxes(title_text="update noise", tickvals=list(range(len(NOISE_GRID))),
                     ticktext=[f"{v:g}" for v in NOISE_GRID], row=1, col=2)
    # On a phone: the curves above the heatmap, whose cells are then big enough for their numbers.
    return narrow(fig, stacked(fig, height=900, gap=0.2, share=0.5),
                  {"margin": {"t": 125, "b": 150, "l": 60, "r": 10}, "legend": {"y": -0.12, "font": {"size": 11}}})


def goal_guarding_patch(entanglement: float, noise: float, reliability: float, decay: float) -> Patch:
    """Patch: both models' trajectories at the chosen setting, the gamer's retention over the grid."""
    run = goal_guarding_run(entanglement, noise, reliability, decay)
    n = len(ENTANGLEMENT_GRID) * len(NOISE_GRID)
    heat = run.retention[:n, -1].reshape(len(ENTANGLEMENT_GRID), len(NOISE_GRID)).T
    gamer_ret, own_ret = run.retention[n], run.retention[n + 1]
    gamer_ali, own_ali = run.alignment[n], run.alignment[n + 1]
    data = [{"y": gamer_ret}, {"y": own_ret}, {"y": gamer_ali}, {"y": own_ali}, {"z": heat},
            {"x": [_index(entanglement, ENTANGLEMENT_GRID)], "y": [_index(noise, NOISE_GRID)]}]
    # The settings first: the results round to two decimals, and the live sliders step finer than that.
    readout = (f"Entanglement {entanglement:.3g}, noise {noise:.3g}, reliability {reliability:.3g}, decay "
               f"{decay:.3g}. After {int(run.steps[-1])} steps the training-gamer keeps {gamer_ret[-1]:.2f} of its "
               f"original goal; the model acting on its own goal keeps {own_ret[-1]:.2f}, its goal now "
               f"{own_ali[-1]:.2f} aligned with the specified goal.")
    return Patch(data=data, readout=readout)


def goal_guarding_explorable() -> Explorable:
    """Explorable of the goal-guarding toy: entanglement, noise, gaming reliability and weight decay."""
    controls = (
        Slider("entanglement", "Entanglement of goal and capability (messiness)", ENTANGLEMENT_GRID, 0.0,
               fmt="{:g}"),
        Slider("noise", "Update noise per step", NOISE_GRID, 0.0, fmt="{:g}"),
        Slider("reliability", "How reliably the gamer games", RELIABILITY_GRID, 1.0, fmt="{:g}"),
        Slider("decay", "Weight decay (regularisation)", DECAY_GRID, 0.0, fmt="{:g}"),
    )
    return Explorable(
        "goal-guarding-dynamics", "Goal-guarding training dynamics", controls,
        goal_guarding_base_figure, goal_guarding_patch,
        alt=("Left: line chart over the training steps of how much of the original goal each model keeps (cosine "
             "with its starting goal) and how far its goal points at the specified goal, for a training-gamer "
             "and for a model that acts on its own goal. Right: heatmap of the training-gamer's final goal "
             "retention over five levels of entanglement (columns) and five levels of update noise (rows), with "
             "the chosen setting outlined. In the clean, noiseless case the gamer keeps all of its goal while the "
             "other model's goal turns into the specified goal; entanglement, noise, decay and unreliable gaming "
             "lower the gamer's retention."),
    )
