"""Chapter 6, §6: the research directions drawn as a map, which of the report's questions and aims each bears on."""

from __future__ import annotations

import plotly.graph_objects as go

from ..explore.narrow import narrow
from ..explore.theme import INK, PALETTE, new_figure

#: Columns: the three aims of §6's opening, then the report questions the directions feed.
COLUMNS: tuple[str, ...] = (
    "How<br>likely?",
    "Catch<br>it",
    "Prevent<br>it",
    "Aware-<br>ness<br>§2.1",
    "Beyond-<br>episode<br>§2.2",
    "Goal-<br>guarding<br>§2.3",
    "Path vs<br>final<br>§3–§4",
)
#: Rows, top to bottom: the eight subsections of §6, with their titles shortened.
DIRECTIONS: tuple[str, ...] = (
    "§6.1 Situational awareness",
    "§6.2 Beyond-episode goals",
    "§6.3 Viability of scheming",
    "§6.4 Model organisms",
    "§6.5 Traps and honest tests",
    "§6.6 Interpretability",
    "§6.7 Security and control",
    "§6.8 Other possibilities",
)
#: The columns' names on one line each (turned upright on a phone).
ONE_LINE_COLUMNS: tuple[str, ...] = ("How likely?", "Catch it", "Prevent it", "Awareness §2.1", "Beyond-episode §2.2",
                                     "Goal-guarding §2.3", "Path vs final §3–§4")
#: The rows' names where there is little room (a phone).
SHORT_DIRECTIONS: tuple[str, ...] = ("§6.1 Awareness", "§6.2 Beyond-episode", "§6.3 Viability", "§6.4 Organisms",
                                     "§6.5 Traps, tests", "§6.6 Interpretability", "§6.7 Security", "§6.8 Other")
#: (direction, column) -> why the direction bears on it (the book's reading of §6).
LINKS: dict[tuple[int, int], str] = {
    (0, 0): "when awareness arrives bounds the stretch of training in which goals can be tested without being gamed",
    (0, 1): "telling whether a model is aware marks where easy, trustworthy testing ends",
    (0, 3): "measures the first prerequisite directly",
    (1, 0): "do goals come with time limits by default?",
    (1, 2): "train away beyond-episode goals before the model can game the search",
    (1, 4): "measures the second prerequisite directly",
    (2, 0): "if training reshapes a gaming model's goals anyway, scheming pays less",
    (2, 5): "sticky-goals experiments measure how much of a goal survives training",
    (3, 1): "can our tools detect a failure we built on purpose, and what traces does it leave?",
    (3, 2): "what removes it?",
    (3, 3): "organisms can be given situational information on purpose",
    (3, 4): "and goals that reach past the episode",
    (3, 5): "does the built-in behaviour survive further training?",
    (4, 1): "a model that takes a faked or a genuine offer reveals itself; earlier, clumsier schemers may "
            "give themselves away",
    (5, 1): "read goals or deception from a model's internals, or from legible reasoning",
    (6, 1): "monitoring and audits can catch attempts",
    (6, 2): "and make scheming fail even where it cannot be ruled out",
    (7, 0): "which arguments should dominate depends on SGD's inductive biases",
    (7, 6): "simplicity, speed, path dependence and slack",
}


def _plain(label: str) -> str:
    return label.replace("-<br>", "").replace("<br>", " ")


def research_map_figure() -> go.Figure:
    """A grid of §6's directions against the aims and questions they bear on, one dot per link."""
    fig = new_figure(title="§6's directions: what each would inform", height=500,
                     margin=dict(l=190, r=20, t=50, b=90), showlegend=False)
    n = len(DIRECTIONS)
    for group, cols, colour in (("aim", (0, 1, 2), PALETTE["blue"]), ("question", (3, 4, 5, 6), PALETTE["orange"])):
        keys = [k for k in LINKS if k[1] in cols]
        fig.add_trace(go.Scatter(
            x=[COLUMNS[c] for _, c in keys], y=[n - 1 - r for r, _ in keys], mode="markers", name=group,
            marker=dict(size=18, color=colour, line=dict(color=INK, width=1)),
            hovertext=[f"<b>{DIRECTIONS[r]}</b> → {_plain(COLUMNS[c])}<br>{LINKS[(r, c)]}" for r, c in keys],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(COLUMNS), tickangle=0,
                     tickfont=dict(size=11), fixedrange=True, showgrid=True)
    fig.update_yaxes(tickvals=list(range(n)), ticktext=list(reversed(DIRECTIONS)), range=[-0.6, n - 0.4],
                     fixedrange=True, showgrid=True)
    fig.add_vline(x=2.5, line=dict(color=INK, width=1, dash="dot"))
    # On a phone: short row names, column names turned upright on one line each, smaller dots.
    return narrow(fig, {"height": 560, "margin": {"l": 130, "r": 10, "t": 70, "b": 140},
                        "xaxis": {"tickangle": -90, "tickmode": "array", "tickvals": list(COLUMNS),
                                  "ticktext": list(ONE_LINE_COLUMNS)},
                        "yaxis": {"ticktext": list(reversed(SHORT_DIRECTIONS)), "tickfont": {"size": 11}}},
                  data=[{"marker": {"size": 13}}, {"marker": {"size": 13}}])
