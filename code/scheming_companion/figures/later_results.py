"""Chapter 7 (after the report): a timeline of later results, each linked to the report questions it bears on."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from ..explore.explorable import Choice, Explorable, Patch
from ..explore.narrow import narrow
from ..explore.theme import HIGHLIGHT, INK, MUTED, PALETTE, TEMPLATE, new_figure, translucent
from ..models.later_results import (
    COVERT_ACTION_RATES,
    ESTIMATES,
    LATER_RESULTS,
    QUESTION_KEYS,
    QUESTION_LABELS,
    QUESTIONS,
    REPORT_DATE,
    LaterResult,
    results_bearing_on,
)

#: How far above its lane's line (in lanes) each lane's name is written: clear of the lane's dots and of the next.
LABEL_RISE = 0.42

#: Lane of each question, top to bottom (plotly's y grows upwards, so the first question gets the top lane).
LANE = {k: len(QUESTION_KEYS) - 1 - i for i, k in enumerate(QUESTION_KEYS)}


#: Shorter lane names where the question's full name is too long for the axis.
_SHORT = {"Counting argument, inductive biases": "Counting argument",
          "Interpretability and transparency": "Interpretability",
          "Carlsmith's own later views": "Carlsmith's later views"}


def _tick(label: str) -> str:
    """A lane label on one line: the question, then its report sections in small type.

    The labels sit inside the plot, just above their lanes, so the dates get the figure's whole width: at phone
    widths a left margin wide enough for the names would leave the dots a strip a few centimetres wide.
    """
    name, _, sections = label.partition(" (")
    return f"{_SHORT.get(name, name)}  <span style='font-size:10px'>{sections.rstrip(')')}</span>"


def date_range(dates: list[str], before_days: int = 45, after_days: int = 75) -> list[str]:
    """The date axis's range: from a little before the report to a little after the latest date given.

    Computed from the data, so a new result never falls off the right-hand edge.
    """
    first = min(dt.date.fromisoformat(d) for d in (REPORT_DATE, *dates))
    last = max(dt.date.fromisoformat(d) for d in (REPORT_DATE, *dates))
    return [(first - dt.timedelta(days=before_days)).isoformat(), (last + dt.timedelta(days=after_days)).isoformat()]


def _hover(r: LaterResult) -> str:
    return f"<b>{r.title}</b><br>{r.who}, {r.date_note}<br>{r.finding}"


def _points(results: tuple[LaterResult, ...]) -> tuple[list[str], list[int], list[str], list[str], list[str]]:
    xs, ys, hover, text, symbols = [], [], [], [], []
    for r in results:
        for q in r.questions:
            xs.append(r.date)
            ys.append(LANE[q])
            hover.append(_hover(r))
            text.append(r.title)
            symbols.append("circle-open" if r.approximate else "circle")
    return xs, ys, hover, text, symbols


def _shapes(question: str) -> list[dict[str, object]]:
    shapes: list[dict[str, object]] = [dict(type="line", xref="x", yref="paper", x0=REPORT_DATE, x1=REPORT_DATE,
                                            y0=0, y1=1, line=dict(color=INK, width=1.5, dash="dash"))]
    if question != "all":
        lane = LANE[question]
        shapes.append(dict(type="rect", xref="paper", yref="y", x0=0, x1=1, y0=lane - 0.4, y1=lane + 0.4,
                           fillcolor=translucent("vermillion", 0.08), line=dict(width=0), layer="below"))
    return shapes


def timeline_base_figure() -> go.Figure:
    """Every later result as a marker in each question's lane, linked by a thin line when it has several."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, height=560,
                      title=dict(text="Later results and the report questions they bear on",
                                 x=0.01, xanchor="left"),
                      margin=dict(l=12, r=16, t=60, b=60), showlegend=False, hovermode="closest")
    link_x: list[str | None] = []
    link_y: list[float | None] = []
    for r in LATER_RESULTS:
        if len(r.questions) > 1:
            lanes = sorted(LANE[q] for q in r.questions)
            link_x += [r.date, r.date, None]
            link_y += [lanes[0], lanes[-1], None]
    fig.add_trace(go.Scatter(x=link_x, y=link_y, mode="lines", line=dict(color=MUTED, width=1), hoverinfo="skip",
                             name="same result"))
    xs, ys, hover, _, symbols = _points(LATER_RESULTS)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name="later result", hovertext=hover,
                             hovertemplate="%{hovertext}<extra></extra>",
                             marker=dict(size=10, color=MUTED, symbol=symbols, line=dict(color="#888888", width=1.5))))
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers+text", name="bears on the chosen question",
                             hovertext=[], hovertemplate="%{hovertext}<extra></extra>", text=[],
                             textposition="top center", textfont=dict(size=11, color=INK),
                             marker=dict(size=13, color=HIGHLIGHT, symbol=[], line=dict(color=HIGHLIGHT, width=2))))
    # Lane names are annotations just above each lane, not tick labels in a left margin, so the dates get the
    # figure's whole width (at phone widths a margin wide enough for the names would leave the dots a thin strip).
    fig.update_yaxes(tickvals=[LANE[k] for k, _ in QUESTIONS], showticklabels=False,
                     range=[-0.7, len(QUESTIONS) - 0.3], fixedrange=True, showgrid=True)
    fig.update_xaxes(type="date", range=date_range([r.date for r in LATER_RESULTS]), title_text="date of publication")
    narrow(fig, {"xaxis": {"dtick": "M12", "tickformat": "%Y"}})  # on a phone: one date tick a year
    names: list[dict[str, object]] = [dict(x=0, xref="paper", xanchor="left", y=LANE[k] + LABEL_RISE, yref="y",
                                           yanchor="middle", text=_tick(label), showarrow=False, font=dict(size=11))
                                      for k, label in QUESTIONS]
    fig.update_layout(shapes=_shapes("all"),
                      annotations=[dict(x=REPORT_DATE, y=1.0, xref="x", yref="paper", text="report (Nov 2023)",
                                        showarrow=False, xanchor="left", yanchor="bottom", font=dict(size=11)),
                                   *names])
    return fig


#: Results closer than this many days have their numbers on opposite sides of the lane, so they do not overprint.
NEAR_DAYS = 75


def _number_positions(dates: list[str]) -> list[str]:
    """Where each highlighted dot's number goes: below the lane (clear of the lane's name above it), or above when
    the previous dot is so close that the two numbers would overprint."""
    positions: list[str] = []
    for i, d in enumerate(dates):
        near = i > 0 and (dt.date.fromisoformat(d) - dt.date.fromisoformat(dates[i - 1])).days < NEAR_DAYS
        positions.append("top center" if near and positions[-1] == "bottom center" else "bottom center")
    return positions


def timeline_patch(question: str) -> Patch:
    """Highlight the results that bear on ``question`` ("all" highlights every result)."""
    chosen = results_bearing_on(question)
    xs, ys, hover, text, symbols = _points(chosen)
    if question != "all":
        keep = [i for i, y in enumerate(ys) if y == LANE[question]]
        xs, hover, text, symbols = ([v[i] for i in keep] for v in (xs, hover, text, symbols))
        ys = [ys[i] for i in keep]
        # Numbers, not titles, label the dots: titles of results a few weeks apart would overprint one another at
        # any width. The readout names each number.
        shown_text = [str(i + 1) for i in range(len(xs))]
    else:
        shown_text = [""] * len(text)
    positions = _number_positions(xs)
    data: list[dict[str, object]] = [{}, {}, {"x": xs, "y": ys, "hovertext": hover, "text": shown_text,
                                              "textposition": positions, "marker": {"symbol": symbols}}]
    if question == "all":
        first, last = (dt.date.fromisoformat(r.date).strftime("%B %Y") for r in (chosen[0], chosen[-1]))
        readout = f"All {len(chosen)} later results, from {first} to {last}."
    else:
        names = "; ".join(f"({i}) {r.title} ({r.date_note})" for i, r in enumerate(chosen, start=1))
        readout = f"{QUESTION_LABELS[question]}: {len(chosen)} results. {names}."
    return Patch(data=data, layout={"shapes": _shapes(question)}, readout=readout)


def _season(iso: str) -> str:
    """'early 2025', 'mid 2025' or 'late 2025' for an ISO date: how the alt text names the timeline's end."""
    date = dt.date.fromisoformat(iso)
    return f"{('early', 'mid', 'late')[(date.month - 1) // 4]} {date.year}"


def timeline_explorable() -> Explorable:
    """The later-results timeline with a kernel-free filter by report question."""
    options = (("All questions", "all"),) + tuple((label.split(" (")[0], key) for key, label in QUESTIONS)
    return Explorable(
        name="later-results-timeline",
        title="Later results by report question",
        params=(Choice("question", "Show the results that bear on", options, "all"),),
        base=timeline_base_figure,
        update=timeline_patch,
        alt=(f"Timeline from late 2023 to {_season(max(r.date for r in LATER_RESULTS))}. Rows are the report's "
             "questions, from situational awareness at the top to Carlsmith's own later views at the bottom; each "
             "later result is a dot in every row it bears on, with thin vertical lines joining the dots of one "
             "result. A dashed vertical line marks the report's publication in November 2023. Open circles mark "
             "results dated only by month or year. Choosing a question highlights its results and names them."),
    )


def covert_actions_figure() -> go.Figure:
    """Covert-action rates of o3 and o4-mini before and after anti-scheming training (Schoen et al. 2025)."""
    fig = new_figure(title="Covert actions before and after anti-scheming training",
                     height=400, barmode="group", legend=dict(orientation="h", y=-0.18, x=0))
    models = list(COVERT_ACTION_RATES)
    for i, (label, colour) in enumerate((("before", PALETTE["vermillion"]), ("after", PALETTE["blue"]))):
        values = [COVERT_ACTION_RATES[m][i] for m in models]
        fig.add_trace(go.Bar(x=models, y=values, name=f"{label} deliberative-alignment training",
                             marker=dict(color=colour), text=[f"{v:g}%" for v in values], textposition="outside",
                             hovertemplate=f"%{{x}} {label}: %{{y:g}}% covert actions<extra></extra>"))
    fig.update_yaxes(title_text="covert actions (% of episodes)", range=[0, 15], ticksuffix="%")
    return fig


def estimates_figure() -> go.Figure:
    """Dated probability estimates, each a separate labelled point because their conditions differ."""
    fig = new_figure(title="Estimates since the report (different questions)",
                     height=420, showlegend=False)
    colours = [PALETTE["vermillion"], PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"]]
    for i, (e, colour) in enumerate(zip(ESTIMATES, colours)):
        open_marker = e.approximate
        fig.add_trace(go.Scatter(
            x=[e.date], y=[e.percent], mode="markers+text", text=[f"{e.who}: about {e.percent:g}%"],
            textposition="top right" if i == 0 else "top center", name=e.who,
            marker=dict(size=14, color=colour, symbol="circle-open" if open_marker else "circle",
                        line=dict(width=2.5, color=colour)),
            hovertext=[f"<b>{e.who}</b>, {e.date_note}: about {e.percent:g}%<br>P(scheming) for: {e.conditions}"],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(title_text="stated probability", range=[0, 35], ticksuffix="%")
    fig.update_xaxes(type="date", range=date_range([e.date for e in ESTIMATES], before_days=75), title_text="date")
    # On a phone: each label on two lines, one date tick a year.
    return narrow(fig, {"height": 460, "margin": {"l": 55, "r": 10}, "xaxis": {"dtick": "M12", "tickformat": "%Y"}},
                  data=[{"text": [f"{e.who}:<br>about {e.percent:g}%"], "textfont": {"size": 11}, "cliponaxis": False,
                         "textposition": "bottom center" if i == 1 else "top center"}
                        for i, e in enumerate(ESTIMATES)])
