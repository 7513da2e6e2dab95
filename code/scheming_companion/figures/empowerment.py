"""Chapter 2b, §2.3.1.2 and §2.3.2: the "does scheming pay?" calculator, an explorable with a decision boundary."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go

from ..explore.explorable import Choice, Explorable, Param, Patch, Slider
from ..explore.narrow import narrow
from ..explore.theme import INK, PALETTE, new_figure, translucent
from ..models.empowerment import break_even, scheming_payoff

#: Each parameter's axis: label, log scale?, range of the axis (in data units).
AXES: dict[str, tuple[str, bool, tuple[float, float]]] = {
    "p_survive": ("chance the goals survive training", False, (0.0, 1.0)),
    "p_takeover": ("chance of a successful escape or takeover", True, (1e-3, 1.0)),
    "power_share": ("share of power its values get", True, (1e-3, 1.0)),
    "future_weight": ("weight on the future vs the present", False, (0.0, 1.0)),
    "reward_given_up": ("value given up now by training-gaming", True, (1e-4, 1.0)),
    "coordination": ("pull of coordination with other AIs", False, (0.0, 1.0)),
}
#: The pairs of parameters a reader can put on the axes (x, y).
AXIS_PAIRS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("takeover × share", ("p_takeover", "power_share")),
    ("survival × takeover", ("p_survive", "p_takeover")),
    ("survival × coordination", ("p_survive", "coordination")),
    ("future weight × value given up", ("future_weight", "reward_given_up")),
)
GRIDS: dict[str, tuple[float, ...]] = {
    "p_survive": (0.2, 0.5, 0.9),
    "p_takeover": (0.01, 0.1, 0.5),
    "power_share": (0.01, 0.1, 0.5),
    "future_weight": (0.1, 0.5, 1.0),
    "reward_given_up": (0.001, 0.01, 0.1),
    "coordination": (0.0, 0.5, 0.9),
}
DEFAULTS: dict[str, float] = dict(p_survive=0.5, p_takeover=0.1, power_share=0.1, future_weight=0.5,
                                  reward_given_up=0.001, coordination=0.0)
LABELS: dict[str, str] = {
    "p_survive": "Chance the goals survive training",
    "p_takeover": "Chance of a successful escape or takeover",
    "power_share": "Share of power its values get",
    "future_weight": "Weight on the future",
    "reward_given_up": "Value given up now",
    "coordination": "Pull of coordination with other AIs",
}
N_POINTS = 31
PAYS = PALETTE["vermillion"]


def _axis_points(param: str) -> np.ndarray:
    _, log, (lo, hi) = AXES[param]
    return np.logspace(math.log10(lo), math.log10(hi), N_POINTS) if log else np.linspace(lo, hi, N_POINTS)


def _axis_layout(param: str) -> dict[str, Any]:
    label, log, (lo, hi) = AXES[param]
    if log:
        return {"type": "log", "range": [math.log10(lo), math.log10(hi)], "title": {"text": label + " (log scale)"}}
    return {"type": "linear", "range": [lo, hi], "title": {"text": label}}


def payoff_region(x_param: str, y_param: str, values: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The decision boundary over the two axis parameters and the polygon where scheming pays.

    Returns (x grid, boundary y clipped to the axis, polygon as a 2 x n array). The margin is increasing in
    every parameter except the value given up, so scheming pays above the boundary, or below it when the
    value given up is on the y axis.
    """
    x = _axis_points(x_param)
    lo, hi = AXES[y_param][2]
    others = {k: v for k, v in values.items() if k not in (x_param, y_param)}
    y_star = break_even(y_param, **others, **{x_param: x}, undefined="nan")
    above = y_param != "reward_given_up"
    # Where the margin does not depend on y at all (nan), scheming pays everywhere or nowhere on that column.
    mid = scheming_payoff(**{**others, x_param: x, y_param: (lo + hi) / 2}).pays  # type: ignore[arg-type]
    flat = np.where(mid == above, lo, hi) if above else np.where(mid, hi, lo)
    y = np.clip(np.where(np.isnan(y_star), flat, y_star), lo, hi)
    edge = hi if above else lo
    poly = np.array([np.r_[x, x[-1], x[0]], np.r_[y, edge, edge]])
    return x, y, poly


def payoff_base_figure() -> go.Figure:
    """Empty frame: the region where scheming pays, its boundary, and the chosen point."""
    fig = new_figure(title="Does scheming pay? (book's toy, §2.3.1.2)", height=480,
                     legend=dict(orientation="h", y=-0.22, x=0), margin=dict(t=60, b=120))
    fig.add_trace(go.Scatter(x=[0, 1, 1], y=[0, 0, 1], mode="lines", fill="toself", name="scheming pays",
                             line=dict(width=0), fillcolor=translucent("vermillion", 0.28), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="break-even boundary",
                             line=dict(color=PAYS, width=3),
                             hovertemplate="break-even at (%{x:.3g}, %{y:.3g})<extra></extra>"))
    fig.add_trace(go.Scatter(x=[0.5], y=[0.5], mode="markers", name="your setting",
                             marker=dict(symbol="x", size=14, color=INK, line=dict(width=1)),
                             hovertemplate="your setting (%{x:.3g}, %{y:.3g})<extra></extra>"))
    # On a phone: smaller axis titles (each control sets its axis's words), a taller plot.
    small = {"title": {"font": {"size": 10}}}
    return narrow(fig, {"height": 520, "margin": {"l": 50, "r": 10, "b": 130}, "xaxis": small, "yaxis": small})


def payoff_patch(axes: str, **values: float) -> Patch:
    """Patch: the region and boundary over the chosen pair of parameters, the chosen point, the verdict."""
    x_param, y_param = dict(AXIS_PAIRS)[axes]
    x, y, poly = payoff_region(x_param, y_param, values)
    result = scheming_payoff(**values)  # type: ignore[arg-type]
    scheme, given_up = float(result.value_scheme), float(result.value_not)
    verdict = "scheming pays" if result.pays else "scheming does not pay"
    readout = (f"Expected value of scheming {scheme:.3g} vs {given_up:.3g} given up now: {verdict}. "
               f"A credible deal worth more than {scheme:.3g} would beat scheming.")
    data = [{"x": poly[0], "y": poly[1]}, {"x": x, "y": y},
            {"x": [values[x_param]], "y": [values[y_param]]}]
    layout = {"xaxis": _axis_layout(x_param), "yaxis": _axis_layout(y_param)}
    return Patch(data=data, layout=layout, readout=readout)


def payoff_explorable() -> Explorable:
    """Explorable of the expected-value calculator: six parameters and a choice of axes."""
    axes = Choice("axes", "Parameters on the axes", tuple((label, label) for label, _ in AXIS_PAIRS), AXIS_PAIRS[0][0])
    sliders = (Slider(name, LABELS[name], GRIDS[name], DEFAULTS[name], fmt="{:g}") for name in GRIDS)
    controls: tuple[Param, ...] = (axes, *sliders)
    return Explorable(
        "scheming-payoff", "Does scheming pay?", controls, payoff_base_figure, payoff_patch,
        alt=("Decision-boundary chart over two parameters of the expected-value calculator, chosen by the reader "
             "(for example the chance of a successful takeover against the share of power the model's values "
             "get, both on log scales). A shaded region marks where scheming has the higher expected value, a "
             "line marks the break-even boundary, and a cross marks the reader's current setting."),
    )
