"""Chapter 2, §2.2.1: the book's own diagram of the two concepts of an episode, on a time axis."""

from __future__ import annotations

import plotly.graph_objects as go

from ..explore.theme import INK, PALETTE, blank_axes, new_figure

INTUITIVE = PALETTE["blue"]
INCENTIVIZED = PALETTE["orange"]
#: (row label, intuitive episode, incentivized episode, note) with times in arbitrary units after t1 = 1.
ROWS: tuple[tuple[str, tuple[float, float], tuple[float, float], str], ...] = (
    ("The two coincide", (1.0, 3.0), (1.0, 3.0),
     "One conversation, scored when it ends;<br>nothing later feeds back into this update."),
    ("A cross-episode leak", (1.0, 3.0), (1.0, 5.6),
     "The next conversation starts from state this one<br>leaves, and its reward also updates this action."),
    ("Myopic credit in a long game", (1.0, 6.0), (1.0, 2.0),
     "One long game, but each move is credited<br>only with its immediate reward."),
)
END_OF_TRAINING = 8.2


def episode_timeline_figure() -> go.Figure:
    """Intuitive versus incentivized episode for one action, in three training setups (book's diagram, §2.2.1)."""
    fig = new_figure(title="Two concepts of an episode (book's diagram, §2.2.1)", height=490,
                     margin=dict(l=20, r=20, t=50, b=20))
    shapes = [
        # Beyond the end of training: no gradient can depend on anything here.
        dict(type="rect", x0=END_OF_TRAINING, x1=10.0, y0=0.35, y1=5.0, fillcolor="#EEEEEE", line=dict(width=0),
             layer="below"),
        dict(type="line", x0=END_OF_TRAINING, x1=END_OF_TRAINING, y0=0.35, y1=5.0,
             line=dict(color=INK, width=2, dash="dash"), layer="below"),
    ]
    tx, ty, text = [], [], []
    for i, (label, (a0, a1), (b0, b1), note) in enumerate(ROWS):
        y = 4.35 - 1.5 * i
        shapes.append(dict(type="rect", x0=b0, x1=b1, y0=y - 0.32, y1=y - 0.08, fillcolor=INCENTIVIZED,
                           line=dict(width=0), opacity=0.85, layer="below"))
        shapes.append(dict(type="rect", x0=a0, x1=a1, y0=y - 0.02, y1=y + 0.22, fillcolor="rgba(0,0,0,0)",
                           line=dict(color=INTUITIVE, width=2.5, dash="dash"), layer="below"))
        shapes.append(dict(type="line", x0=1.0, x1=1.0, y0=y - 0.4, y1=y + 0.3, line=dict(color=INK, width=2),
                           layer="below"))
        tx += [0.08, (a0 + a1) / 2, (b0 + b1) / 2, 0.08]
        ty += [y + 0.5, y + 0.1, y - 0.2, y - 0.68]
        text += [f"<b>{label}</b>", "intuitive episode", "incentivized episode", f"<i>{note}</i>"]
    fig.add_trace(go.Scatter(x=tx, y=ty, mode="text", text=text, textposition="middle right", showlegend=False,
                             hoverinfo="skip", textfont=dict(size=12, color=INK), name="labels"))
    # Put the in-bar labels at their centres, the row titles and notes at the left edge.
    fig.data[0].textposition = ["middle right", "middle center", "middle center", "middle right"] * len(ROWS)
    fig.add_trace(go.Scatter(x=[1.0, END_OF_TRAINING, 9.1], y=[0.15, 0.15, 2.6],
                             text=["t1: the action", "end of training", "consequences<br>here reach<br>no gradient"],
                             mode="text", textposition=["middle center", "middle center", "middle center"],
                             textfont=dict(size=12, color=INK), hoverinfo="skip", showlegend=False,
                             name="time marks"))
    fig.update_layout(shapes=shapes)
    return blank_axes(fig, (0.0, 10.0), (0.0, 5.05))
