"""Chapter 5, §5: the credence explorer, a reader's P(scheming | conditions) beside the author's, with a tornado chart.

The decomposition is the book's teaching device (see :mod:`scheming_companion.models.credence`); the
report gives one holistic number. On the static page the arithmetic runs in the browser
(``static/scheming-models.js``, model ``"credence"``), so all seven sliders are live at once.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.explorable import Patch, Slider
from ..explore.inpage import InPageExplorable
from ..explore.narrow import narrow, wrap
from ..explore.theme import INK, PALETTE, TEMPLATE
from ..models.credence import (
    DEFAULT_FACTORS,
    FACTOR_LABELS,
    FACTOR_NAMES,
    FACTOR_SECTIONS,
    LATER_CREDENCE,
    MAX_SWING,
    REPORT_CREDENCE,
    credence_breakdown,
    credence_sensitivity,
)

#: Static page grid for each factor: 0% to 100% in steps of one percentage point.
FACTOR_GRID = tuple(round(0.01 * i, 2) for i in range(101))
#: Grid of the tornado's swing: 5 to 50 percentage points.
SWING_GRID = tuple(round(0.05 * i, 2) for i in range(1, int(MAX_SWING / 0.05) + 1))
DEFAULT_SWING = 0.1
ESTIMATE = "Your estimate"
REFERENCE_BARS = (("Report (Nov 2023)", REPORT_CREDENCE), ("Author later (Feb 2024)", LATER_CREDENCE))
COLOURS = {
    "classic": PALETTE["vermillion"],
    "other": PALETTE["orange"],
    "author": PALETTE["grey"],
    "lower": PALETTE["sky"],
    "raise": PALETTE["blue"],
}


def credence_base_figure() -> go.Figure:
    """Empty frame: the estimate beside the author's numbers (top) and the tornado chart (bottom), on one
    shared percentage axis."""
    fig = make_subplots(rows=2, cols=1, row_heights=[0.3, 0.7], shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=("Your estimate beside the author's",
                                        "Which factor moves it most? (one at a time)"))
    fig.update_layout(
        template=TEMPLATE, height=640, barmode="overlay",
        title=dict(text="Credence explorer: the book's decomposition, not the report's (§0, §5)",
                   x=0.01, xanchor="left"),
        legend=dict(orientation="h", y=-0.17, x=0, yanchor="top"), margin=dict(t=90, b=150, l=220, r=30),
    )
    fig.add_trace(go.Bar(y=[ESTIMATE], x=[0], orientation="h", name="via the classic goal-guarding story (§2.3.1)",
                         marker=dict(color=COLOURS["classic"]),
                         hovertemplate="classic goal-guarding route: %{x:.1%}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(y=[ESTIMATE], x=[0], base=[0], orientation="h", name="added by non-classic stories (§2.3.2)",
                         marker=dict(color=COLOURS["other"]),
                         hovertemplate="added by non-classic stories: %{x:.1%}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(y=[label for label, _ in REFERENCE_BARS], x=[v for _, v in REFERENCE_BARS],
                         orientation="h", name="the author's holistic judgement",
                         marker=dict(color=COLOURS["author"]), text=["about 25%", "maybe 20%"],
                         textposition="outside",
                         hovertemplate="%{y}: %{text}, a judgement, not a product of factors<extra></extra>"),
                  row=1, col=1)
    fig.add_trace(go.Scatter(y=[ESTIMATE], x=[0], mode="text", text=[""], textposition="middle right",
                             textfont=dict(size=15, color=INK), showlegend=False, hoverinfo="skip"),
                  row=1, col=1)
    labels = [FACTOR_LABELS[n] for n in FACTOR_NAMES]
    zeros = [0.0] * len(labels)
    fig.add_trace(go.Bar(y=labels, x=zeros, base=zeros, orientation="h", name="factor lowered by the swing",
                         marker=dict(color=COLOURS["lower"]), customdata=[[0, 0]] * len(labels),
                         hovertemplate="%{y} lowered to %{customdata[0]:.0%}: estimate %{customdata[1]:.1%}"
                                       "<extra></extra>"), row=2, col=1)
    fig.add_trace(go.Bar(y=labels, x=zeros, base=zeros, orientation="h", name="factor raised by the swing",
                         marker=dict(color=COLOURS["raise"]), customdata=[[0, 0]] * len(labels),
                         hovertemplate="%{y} raised to %{customdata[0]:.0%}: estimate %{customdata[1]:.1%}"
                                       "<extra></extra>"), row=2, col=1)
    fig.update_yaxes(autorange="reversed", fixedrange=True)
    fig.update_xaxes(range=[0, 1], tickformat=".0%", fixedrange=True, showticklabels=True)
    fig.update_xaxes(title_text="P(scheming | the report's conditions)", row=2, col=1)
    # The author's two numbers as reference lines in the tornado chart (above it they are bars of their own,
    # and a line there would cross their labels).
    for value, dash in ((REPORT_CREDENCE, "dash"), (LATER_CREDENCE, "dot")):
        fig.add_shape(type="line", x0=value, x1=value, y0=0, y1=1, xref="x2", yref="y2 domain",
                      line=dict(color=COLOURS["author"], dash=dash, width=1.5))
    # On a phone: a narrower label column in smaller type, shorter titles, the legend below.
    def wrapped(names: list[str]) -> dict[str, object]:
        return {"tickmode": "array", "tickvals": names, "ticktext": [wrap(n) for n in names], "tickfont": {"size": 11}}

    return narrow(fig, {"height": 720, "margin": {"l": 105, "r": 12, "t": 100, "b": 190},
                        "yaxis": wrapped([ESTIMATE] + [label for label, _ in REFERENCE_BARS]),
                        "yaxis2": wrapped(labels),
                        "xaxis2": {"title": {"text": "P(scheming | conditions)"}},
                        "legend": {"x": -0.3, "font": {"size": 11}},
                        "annotations": [{"text": "Your estimate and the author's", "x": 0.3},
                                        {"text": "Which factor moves it most?", "x": 0.3}]})


def credence_patch(
    beyond_episode_goal: float,
    ambitious: float,
    goal_guarding: float,
    empowerment: float,
    non_classic: float,
    survives_selection: float,
    swing: float,
) -> Patch:
    """The figure at one setting. static/scheming-models.js builds the same patch in the page."""
    factors = {
        "beyond_episode_goal": beyond_episode_goal, "ambitious": ambitious, "goal_guarding": goal_guarding,
        "empowerment": empowerment, "non_classic": non_classic, "survives_selection": survives_selection,
    }
    b = credence_breakdown(factors)
    rows = credence_sensitivity(factors, swing)
    p = b.total
    labels = [FACTOR_LABELS[r.name] for r in rows]
    data: list[dict[str, Any]] = [
        {"x": [b.classic_route]},
        {"x": [b.other_routes], "base": [b.classic_route]},
        {},
        {"x": [p], "text": [f"{p:.1%}"]},
        {"y": labels, "x": [p - r.low for r in rows], "base": [r.low for r in rows],
         "customdata": [[r.low_setting, r.low] for r in rows]},
        {"y": labels, "x": [r.high - p for r in rows], "base": [p for _ in rows],
         "customdata": [[r.high_setting, r.high] for r in rows]},
    ]
    top = rows[0]
    readout = READOUT.format(
        estimate=f"{p:.1%}", classic=f"{b.classic_route:.1%}", other=f"{b.other_routes:.1%}",
        swing=f"{float(swing):.0%}", lever=FACTOR_LABELS[top.name].lower(), low=f"{top.low:.1%}",
        high=f"{top.high:.1%}",
    )
    return Patch(data=data, readout=readout)


#: The explorer's readout, said once: Python fills it here and the page's script (static/scheming-models.js)
#: fills the same template, which reaches it through the explorer's script_config, with the author's two
#: numbers already in (REPORT_CREDENCE and LATER_CREDENCE, never retyped in the script).
READOUT = (
    "Your estimate: {estimate} ({classic} through the classic goal-guarding story, {other} more through "
    "non-classic stories). The author's holistic judgement: about "
    + f"{REPORT_CREDENCE:.0%} (report), maybe {LATER_CREDENCE:.0%} (Feb 2024). "
    + "Biggest lever at ±{swing}: {lever}, {low} to {high}."
)


def credence_explorable() -> InPageExplorable:
    """The credence explorer: six factors and the tornado's swing, computed in the page."""
    params = tuple(
        Slider(name, f"{FACTOR_LABELS[name]} ({FACTOR_SECTIONS[name]})", FACTOR_GRID, DEFAULT_FACTORS[name],
               fmt="{:.0%}")
        for name in FACTOR_NAMES
    ) + (Slider("swing", "Tornado swing, ± (percentage points)", SWING_GRID, DEFAULT_SWING, fmt="{:.0%}"),)
    return InPageExplorable(
        name="credence-explorer",
        title="Credence explorer",
        params=params,
        base=credence_base_figure,
        update=credence_patch,
        alt=("Top: a horizontal bar for the reader's estimate of P(scheming | the report's conditions), split "
             "into the part through the classic goal-guarding story and the part added by non-classic stories, "
             "beside grey bars for the author's holistic 25% (report, November 2023) and maybe 20% (February "
             "2024). Below, on the same percentage axis: a tornado chart with one horizontal bar per factor, "
             "showing the estimate when that factor alone is lowered and raised by the swing; the factor with "
             "the widest bar is on top, and dashed and dotted lines mark 25% and 20%."),
        script_model="credence",
        script_config={"labels": [FACTOR_LABELS[n] for n in FACTOR_NAMES], "estimate": ESTIMATE,
                       "readout": READOUT},
    )


#: The author's dated statements of his credence (the report, §0 and §5, and his February 2024 slides). Only
#: these two are numbers; the slides are dated by month only, so they sit at the start of February 2024.
STATED_CREDENCES: tuple[tuple[str, float, str], ...] = (
    ("2023-11-14", REPORT_CREDENCE, "Report (Nov 2023): about 25%"),
    ("2024-02", LATER_CREDENCE, "Talk slides (Feb 2024): maybe 20%, later"),
)


def credence_timeline_figure() -> go.Figure:
    """The author's stated credence over time: the report's number, then his later statements (marked later)."""
    from ..explore.theme import new_figure

    fig = new_figure(title="The headline number over time",
                     height=380, showlegend=False, margin=dict(l=60, r=30, t=60, b=60))
    (d0, v0, t0), (d1, v1, t1) = STATED_CREDENCES
    # The label is centred over a dot near the left edge: let it run into the margin, not be clipped.
    fig.add_trace(go.Scatter(x=[d0], y=[v0], mode="markers+text", text=[t0], textposition="top center",
                             textfont=dict(color=INK), cliponaxis=False,
                             marker=dict(size=14, color=COLOURS["classic"]),
                             hovertemplate="%{text}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[d1], y=[v1], mode="markers+text", text=[t1], textposition="bottom right",
                             textfont=dict(color=INK),
                             marker=dict(size=14, color=COLOURS["author"], symbol="circle-open",
                                         line=dict(width=2.5)),
                             hovertemplate="%{text}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[d0, d1], y=[v0, v1], mode="lines", line=dict(color=COLOURS["author"], dash="dot"),
                             hoverinfo="skip"))
    fig.add_annotation(x="2024-03-16", y=REPORT_CREDENCE, ax=0, ay=-45, showarrow=True, arrowhead=2,
                       text="Interview (Mar 2024), later:<br>'a bit lower' than 25%, no number", yanchor="bottom",
                       font=dict(size=11, color=INK))
    fig.add_annotation(x="2024-12", y=0.12, showarrow=False, font=dict(size=11, color=INK),
                       text="Dec 2024, later: an update towards<br>scheming's prerequisites; no new number found")
    fig.add_vrect(x0="2023-12-01", x1="2025-06-01", fillcolor="#EEEEEE", opacity=0.5, line_width=0, layer="below",
                  annotation_text="after the report", annotation_position="top left")
    fig.update_yaxes(range=[0, 0.4], tickformat=".0%", title_text="stated P(scheming | conditions)")
    fig.update_xaxes(type="date", range=["2023-09-01", "2025-06-01"], title_text="date of the statement")
    # On a phone: shorter labels, set inside the plot, and the notes in smaller type.
    note = {"font": {"size": 10}}
    return narrow(fig, {"height": 420, "margin": {"l": 50, "r": 10},
                        "annotations": [{**note, "text": "Mar 2024, later:<br>'a bit lower',<br>no number",
                                         "x": "2024-04-01"},
                                        {**note, "text": "Dec 2024, later:<br>an update towards<br>"
                                         "the prerequisites;<br>no new number", "x": "2024-12-15", "y": 0.1},
                                        {**note}]},
                  data=[{"text": ["Report: about 25%"], "textposition": "top right"},
                        {"text": ["Feb 2024: maybe 20%"], "textposition": "bottom right"}])
