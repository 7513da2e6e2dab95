"""Chapter 1, §1.5: the slack toy as an explorable, class probabilities across selection pressures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.explorable import Explorable, Patch, Slider
from ..explore.narrow import narrow, stacked, two_lines
from ..explore.theme import CLASS_COLOURS, INK, TEMPLATE
from ..models.slack import DEFAULT_CLASSES, ModelClassWeights, selection_under_slack

#: Pressures drawn on the curve (log-spaced, from very slack to very strict).
CURVE_PRESSURES = np.logspace(-1, 3, 49)
#: Grid of the static page's pressure slider: four steps a decade, 0.1 to 1000.
PRESSURE_GRID = tuple(float(f"{v:.3g}") for v in np.logspace(-1, 3, 17))
GAP_GRID = tuple(round(0.005 * i, 3) for i in range(11))
SHORT_NAMES = ("Saint", "Misgeneralized", "Reward seeker", "Schemer")
PRIOR_GRID = tuple(round(0.1 * i, 1) for i in range(1, 8))


def slack_classes(schemer_prior: float, schemer_gap: float) -> ModelClassWeights:
    """The default classes with the schemer's prior and gap replaced."""
    return DEFAULT_CLASSES.with_class("Schemer", prior=schemer_prior, gap=schemer_gap)


def pressure_figure(title: str, names: Sequence[str], short_names: Sequence[str], pressures: np.ndarray,
                    x_title: str, **xaxis: Any) -> go.Figure:
    """Empty frame of a selection-under-pressure figure: one line per class against pressure (left, log axis)
    with a marker at the chosen pressure, and bars at that pressure (right). Used by the §1.5 slack toy and
    the §4 selection model."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.62, 0.38], horizontal_spacing=0.1,
                        subplot_titles=("Probability of each class vs selection pressure",
                                        "At the chosen pressure"))
    fig.update_layout(template=TEMPLATE, height=470, title=dict(text=title, x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.22, x=0), margin=dict(t=80, b=110))
    colours = [CLASS_COLOURS[n] for n in names]
    for name, colour in zip(names, colours):
        fig.add_trace(go.Scatter(x=pressures, y=np.zeros_like(pressures), mode="lines", name=name,
                                 line=dict(color=colour, width=3),
                                 hovertemplate=f"{name}<br>pressure %{{x:.3g}}: %{{y:.1%}}<extra></extra>"),
                      row=1, col=1)
    fig.add_trace(go.Scatter(x=[1, 1], y=[0, 1], mode="lines", line=dict(color=INK, dash="dash", width=1.5),
                             name="chosen pressure", hoverinfo="skip", showlegend=False), row=1, col=1)
    fig.add_trace(go.Bar(x=list(short_names), y=[0] * len(names), marker=dict(color=colours),
                         texttemplate="%{y:.0%}", textposition="outside", showlegend=False,
                         hovertemplate="%{x}: %{y:.1%}<extra></extra>"),
                  row=1, col=2)
    fig.update_xaxes(type="log", **xaxis, title_text=x_title, row=1, col=1)
    fig.update_yaxes(range=[-0.04, 1.01], tickformat=".0%", title_text="probability", row=1, col=1)
    fig.update_yaxes(range=[0, 1.12], tickformat=".0%", row=1, col=2)
    # Class names on two lines, upright (turned, the last ran off the right edge); panel titles clear of the
    # top tick label.
    fig.update_xaxes(tickangle=0, tickmode="array", tickvals=list(short_names),
                     ticktext=[two_lines(n) for n in short_names], row=1, col=2)
    fig.update_annotations(yshift=8)
    # On a phone: the curves above the bars, a short axis title, the legend in two rows below.
    return narrow(fig, stacked(fig, height=780, gap=0.2, share=0.55,
                               titles=("Each class vs selection pressure", "At the chosen pressure")),
                  {"margin": {"t": 100, "b": 120, "l": 55, "r": 10}, "xaxis": {"title": {"text": "selection pressure"}},
                   "legend": {"y": -0.12, "font": {"size": 12}}})


def slack_base_figure(classes: ModelClassWeights = DEFAULT_CLASSES) -> go.Figure:
    """Empty frame of the slack figure: one line per class (left) and bars at the chosen pressure (right)."""
    return pressure_figure("Slack and selection pressure (book's toy, §1.5)", classes.names, SHORT_NAMES,
                           CURVE_PRESSURES, "selection pressure s = β·T (left: slack, right: strict)")


def slack_patch(pressure: float, schemer_gap: float, schemer_prior: float) -> Patch:
    """Patch of the slack figure: curves for the chosen schemer, marker and bars at the chosen pressure."""
    classes = slack_classes(schemer_prior, schemer_gap)
    curves = selection_under_slack(classes.priors, classes.gaps, CURVE_PRESSURES)
    now = selection_under_slack(classes.priors, classes.gaps, pressure)
    data: list[dict[str, object]] = [{"y": curves[:, i]} for i in range(len(classes.names))]
    data.append({"x": [pressure, pressure]})
    data.append({"y": now})
    top = int(np.argmax(now))
    shares = ", ".join(f"{n} {p:.0%}" for n, p in zip(SHORT_NAMES, now))
    readout = f"At s = {pressure:.3g}: {shares}. Most likely: {SHORT_NAMES[top].lower()}."
    return Patch(data=data, readout=readout)


def slack_explorable() -> Explorable:
    """Explorable of the §1.5 slack toy: pressure, the schemer's reward gap and its prior weight."""
    controls = (
        Slider("pressure", "Selection pressure s (log scale)", PRESSURE_GRID, 10.0, log=True),
        Slider("schemer_gap", "Schemer's reward gap", GAP_GRID, 0.02),
        Slider("schemer_prior", "Schemer's prior weight", PRIOR_GRID, 0.4, fmt="{:.1f}"),
    )
    return Explorable(
        "slack-toy", "Slack and selection pressure", controls, slack_base_figure, slack_patch,
        alt=("Left: line chart of the probability of four model classes (training saint, misgeneralized "
             "non-training-gamer, reward-on-the-episode seeker, schemer) against selection pressure on a log "
             "axis from 0.1 to 1000, with a dashed line at the chosen pressure. At low pressure the shares equal "
             "the prior weights; as pressure grows the class with the smallest reward gap, the training saint, "
             "takes over. Right: bar chart of the four probabilities at the chosen pressure."),
    )
