"""Chapter 4, §4.2 and §4.3.2: figures of the book's simplicity-bias experiment, computed in the chapter, drawn here."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.narrow import narrow, stacked
from ..explore.theme import INK, PALETTE, TEMPLATE
from ..models.simplicity_bias import FunctionFrequencies


def function_frequency_figure(freqs: FunctionFrequencies, *, title: str) -> go.Figure:
    """Left: probability of each function found vs its LZ complexity. Right: probability vs rank (log-log).

    The dotted line is the probability every function would have under the uniform measure.
    """
    fig = make_subplots(rows=1, cols=2, column_widths=[0.5, 0.5], horizontal_spacing=0.12,
                        subplot_titles=("Probability vs complexity", "Probability vs rank"))
    fig.update_layout(template=TEMPLATE, height=440, title=dict(text=title, x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.3, x=0), margin=dict(t=80, b=120))
    # Many functions share a (complexity, count) pair: draw each pair once, sized by how many functions.
    pairs, n_funcs = np.unique(np.stack([freqs.complexity, freqs.counts]), axis=1, return_counts=True)
    prob = pairs[1] / freqs.n_samples
    fig.add_trace(go.Scatter(x=pairs[0], y=prob, mode="markers", name="functions the networks computed",
                             marker=dict(color=PALETTE["blue"], size=np.clip(4 + 2 * np.log2(n_funcs), 4, 18),
                                         opacity=0.6),
                             customdata=n_funcs,
                             hovertemplate="LZ complexity %{x:.1f}<br>probability %{y:.2g}<br>"
                                           "%{customdata} function(s)<extra></extra>"),
                  row=1, col=1)
    uniform = freqs.uniform_probability
    lo, hi = float(freqs.complexity.min()) - 1, float(freqs.complexity.max()) + 1
    fig.add_trace(go.Scatter(x=[lo, hi], y=[uniform, uniform], mode="lines", name="uniform measure over all functions",
                             line=dict(color=PALETTE["vermillion"], dash="dot", width=2), hoverinfo="skip"),
                  row=1, col=1)
    ranks = np.arange(1, freqs.codes.size + 1)
    keep = np.unique(np.round(np.logspace(0, np.log10(ranks[-1]), 60)).astype(int)) - 1
    fig.add_trace(go.Scatter(x=ranks[keep], y=freqs.probability[keep], mode="lines+markers", showlegend=False,
                             line=dict(color=PALETTE["blue"]), marker=dict(size=5),
                             hovertemplate="rank %{x}<br>probability %{y:.2g}<extra></extra>"),
                  row=1, col=2)
    n_all = 2.0**freqs.n_inputs
    fig.add_trace(go.Scatter(x=[1, n_all], y=[uniform, uniform], mode="lines", showlegend=False,
                             line=dict(color=PALETTE["vermillion"], dash="dot", width=2), hoverinfo="skip"),
                  row=1, col=2)
    fig.update_yaxes(type="log", exponentformat="power", dtick=1, title_text="probability", row=1, col=1)
    fig.update_yaxes(type="log", exponentformat="power", dtick=1, row=1, col=2)
    fig.update_xaxes(title_text="Lempel-Ziv complexity of the truth table", row=1, col=1)
    fig.update_xaxes(type="log", exponentformat="power", dtick=1,
                     title_text="rank (most frequent first)", row=1, col=2)
    # On a phone: the two panels stacked, shorter axis titles.
    return narrow(fig, stacked(fig, height=820, gap=0.2),
                  {"margin": {"t": 130, "b": 110, "l": 60, "r": 10}, "xaxis": {"title": {"text": "LZ complexity"}},
                   "legend": {"y": -0.12}})


def generalisation_figure(names: list[str], network_accuracy: list[float], complexity: list[float]) -> go.Figure:
    """Bars: held-out accuracy of the networks' prior (conditioned on the training data) vs the uniform prior."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, height=420, barmode="group",
                      title=dict(text="Counting parody: held-out accuracy after fitting the training inputs",
                                 x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.32, x=0), margin=dict(t=60, b=130))
    labels = [f"{_wrap(n)}<br>(LZ {c:.0f})" for n, c in zip(names, complexity)]
    fig.add_trace(go.Bar(x=labels, y=[0.5] * len(names), name="uniform measure over functions (exactly 50%)",
                         marker=dict(color=PALETTE["grey"]), hovertemplate="%{x}: %{y:.0%}<extra></extra>"))
    fig.add_trace(go.Bar(x=labels, y=network_accuracy, name="random networks that fit the training inputs",
                         marker=dict(color=PALETTE["blue"]), texttemplate="%{y:.0%}", textposition="outside",
                         hovertemplate="%{x}: %{y:.1%}<extra></extra>"))
    fig.add_hline(y=0.5, line=dict(color=INK, dash="dash", width=1))
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title_text="accuracy on held-out inputs")
    fig.update_xaxes(tickangle=0)
    # On a phone: one bar per task, sideways, so that the task names have room.
    return narrow(fig, {"height": 620, "margin": {"t": 70, "b": 110, "l": 110, "r": 40},
                        "xaxis": {"type": "linear", "range": [0, 1.15], "tickformat": ".0%",
                                  "title": {"text": "held-out accuracy"}},
                        "yaxis": {"type": "category", "range": None, "autorange": "reversed", "tickformat": "",
                                  "title": {"text": ""}},
                        "legend": {"y": -0.12, "font": {"size": 11}},
                        "shapes": [{"x0": 0.5, "x1": 0.5, "y0": 0, "y1": 1, "xref": "x", "yref": "y domain"}]},
                  data=[{"x": [0.5] * len(names), "y": labels, "orientation": "h", "name": "uniform measure (50%)",
                         "hovertemplate": "%{y}: %{x:.0%}<extra></extra>"},
                        {"x": network_accuracy, "y": labels, "orientation": "h", "texttemplate": "%{x:.0%}",
                         "textposition": "outside", "constraintext": "none", "cliponaxis": False,
                         "hovertemplate": "%{y}: %{x:.1%}<extra></extra>"}])


def _wrap(name: str) -> str:
    """Break a label of several words after its first word or two, so that labels fit side by side."""
    words = name.split()
    if len(words) < 2 or len(name) <= 12:
        return name
    cut = 2 if len(words) > 3 else 1
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])
