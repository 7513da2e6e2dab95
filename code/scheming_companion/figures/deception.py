"""Chapter 1, §1: the book's schematics of deception (CICERO), fake alignment and misgeneralization (CoinRun).

The nested varieties of fake alignment are an explorable.

No original image is reproduced. The report reprints the CICERO exchange from Park et al. (2023); the
author's February 2024 talk on the report uses a CoinRun frame from Hilton et al. (2020). These are the
book's schematics "after" them. Captions that a reader sees say where each example comes from.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..explore.explorable import Choice, Explorable, Patch
from ..explore.narrow import narrow
from ..explore.theme import INK, MUTED, PALETTE, blank_axes, new_figure, tint

#: The nested sets of §1.1, outermost first: (label, definition, x-radius, y-radius, fill colour).
FAKE_ALIGNMENT_SETS: tuple[tuple[str, str, float, float, str], ...] = (
    ("Alignment fakers", "Pretend to be more aligned than they are (§1.1.1).", 4.0, 3.0, tint("blue", 0.85)),
    (
        "Training-gamers",
        "Situationally aware; deliberately optimise reward on the episode (§1.1.2).",
        3.0,
        2.2,
        tint("blue", 0.6),
    ),
    (
        "Schemers",
        "Training-game in order to get power later, for themselves or other AIs (§1.1.3).",
        2.0,
        1.45,
        tint("blue", 0.3),
    ),
    (
        "Goal-guarding schemers",
        "Schemers whose route to power is keeping training from changing their goals (§1.1.4).",
        1.1,
        0.8,
        PALETTE["blue"],
    ),
)
LIARS = ("Liars", "Deceive about anything at all (§1.1).", 5.0, 3.8)


def cicero_figure() -> go.Figure:
    """The CICERO deception example of §1.1 as a three-player schematic (after Park et al. 2023)."""
    fig = new_figure(title="An AI 'liar': deception in Diplomacy (after Park et al. 2023)", height=440)
    players = {"England": (1.5, 5.0), "Germany": (8.5, 5.0), "France (CICERO)": (5.0, 1.0)}
    sea = (5.0, 6.6)
    fig.add_shape(type="rect", x0=sea[0] - 1.0, x1=sea[0] + 1.0, y0=sea[1] - 0.45, y1=sea[1] + 0.45,
                  fillcolor=tint("blue", 0.85), line=dict(color=PALETTE["blue"]))
    fig.add_annotation(x=sea[0], y=sea[1], text="North Sea", showarrow=False, font=dict(color=PALETTE["blue"]))
    fig.add_trace(go.Scatter(
        x=[p[0] for p in players.values()], y=[p[1] for p in players.values()], mode="markers+text",
        text=list(players), textposition=["middle left", "middle right", "bottom center"],
        marker=dict(size=34, color=[PALETTE["sky"], PALETTE["orange"], PALETTE["vermillion"]],
                    line=dict(color=INK, width=1.5)),
        hovertext=["Told: France will back England in the North Sea",
                   "Told: move into the North Sea, England expects France's support",
                   "Makes both promises: the first is a lie"],
        hoverinfo="text", showlegend=False,
    ))
    fr = players["France (CICERO)"]
    messages = [
        (players["England"], "1. To England: 'I will support<br>you in the North Sea.'", -2.6),
        (players["Germany"], "2. To Germany: 'Go into the North Sea;<br>England thinks I am backing him.'", 2.6),
    ]
    for target, text, dx in messages:
        fig.add_annotation(x=target[0], y=target[1] - 0.45, ax=fr[0], ay=fr[1] + 0.45, xref="x", yref="y",
                           axref="x", ayref="y", showarrow=True, arrowhead=3, arrowsize=1.3, arrowwidth=2,
                           arrowcolor=INK, text="")
        fig.add_annotation(x=fr[0] + dx, y=3.0, text=text, showarrow=False, align="center",
                           bgcolor="white", bordercolor=INK, borderwidth=1, borderpad=6, font=dict(size=12))
    fig.add_annotation(x=sea[0] + 1.05, y=sea[1], ax=players["Germany"][0], ay=players["Germany"][1] + 0.5,
                       xref="x", yref="y", axref="x", ayref="y", showarrow=True, arrowhead=2,
                       arrowcolor=PALETTE["orange"], arrowwidth=2, text="", standoff=4)
    fig.add_annotation(x=5.0, y=-0.35, showarrow=False, font=dict(size=12, color=PALETTE["grey"]),
                       text="Deception about the world, not about the AI's own alignment")
    blank_axes(fig, (-0.5, 10.5), (-0.8, 7.4))
    # On a phone: the two messages one above the other, the players' names under them, the note on two lines.
    small = {"font": {"size": 11}}
    notes = [{}, {}, {**small, "x": 5.0, "y": 3.65}, {}, {**small, "x": 5.0, "y": 2.3}, {},
             {**small, "text": "Deception about the world,<br>not about the AI's own alignment", "y": -0.45}]
    return narrow(fig, {"height": 560, "margin": {"l": 10, "r": 10}, "annotations": notes},
                  data=[{"textposition": ["bottom center", "bottom center", "bottom center"]}])


#: The three views of the nested sets: (label, what the view shows).
NESTED_VIEWS: tuple[tuple[str, str], ...] = (
    ("Four nested sets",
     "Each set sits inside the one before: every goal-guarding schemer is a schemer, every schemer a "
     "training-gamer, every training-gamer an alignment faker (§1.1)."),
    ("Add liars",
     "Liars, who deceive about anything at all, make a wider set around the alignment fakers, whose "
     "deception is about their own alignment (§1.1)."),
    ("Flawed-reward caveat",
     "If the reward signal is flawed, a training-gamer does whatever earns reward, which need not look "
     "aligned: its set pokes outside the alignment fakers (§1.1.2)."),
)
_CAVEAT_TEXT = ("With a flawed reward signal, a training-gamer does whatever earns reward,<br>"
                "which need not look aligned: its set pokes outside (§1.1.2).")
_HIDDEN = "rgba(0,0,0,0)"
#: Set labels sit on a light box so they read against any of the blues behind them (and where a long
#: label spills over a smaller ellipse's edge).
_LABEL_BOX = "rgba(255,255,255,0.85)"


def _ellipse(rx: float, ry: float, fill: str, dash: str = "solid", dx: float = 0.0, visible: bool = True) -> dict:
    return dict(type="circle", xref="x", yref="y", x0=-rx + dx, x1=rx + dx, y0=0, y1=2 * ry,
                fillcolor=fill, line=dict(color=INK, width=1.2, dash=dash), layer="below", visible=visible)


def _caveat(visible: bool) -> dict:
    # Above the sets, where the (then hidden) liars ring would be: inside the plot at any page width.
    return dict(x=1.6, y=7.0, xref="x", yref="y", text=_CAVEAT_TEXT, showarrow=False, visible=visible,
                align="center", xanchor="center", font=dict(size=11, color=PALETTE["vermillion"]))


def _set_labels() -> tuple[list[str], list[float], list[str]]:
    """Names, heights and definitions of the liars and the four nested sets, outermost first."""
    liar_label, liar_def, _, lry = LIARS
    labels = [liar_label] + [s[0] for s in FAKE_ALIGNMENT_SETS]
    ys = [2 * lry - 0.3] + [2 * ry - 0.28 for _, _, _, ry, _ in FAKE_ALIGNMENT_SETS]
    return labels, ys, [liar_def] + [s[1] for s in FAKE_ALIGNMENT_SETS]


def _nested_view(view: str) -> tuple[list[dict], list[dict]]:
    """Shapes and annotations (the caveat, then the set labels) for one view of the nested sets."""
    _, _, lrx, lry = LIARS
    with_liars = view == "Add liars"
    shapes = [_ellipse(lrx, lry, _HIDDEN, dash="dash", visible=with_liars)]
    shapes += [_ellipse(rx, ry, fill) for _, _, rx, ry, fill in FAKE_ALIGNMENT_SETS]
    if view == "Flawed-reward caveat":
        shapes[2] = _ellipse(3.0, 2.2, tint("blue", 0.6), dx=1.6)
    labels, ys, _ = _set_labels()
    notes = [_caveat(view == "Flawed-reward caveat")]
    notes += [dict(x=0.0, y=y, xref="x", yref="y", text=label, showarrow=False, bgcolor=_LABEL_BOX, borderpad=2,
                   font=dict(size=12, color=INK), visible=with_liars or i > 0)  # the liars label goes with its ring
              for i, (label, y) in enumerate(zip(labels, ys))]
    return shapes, notes


def fake_alignment_sets_figure() -> go.Figure:
    """The four varieties of fake alignment of §1.1 as nested sets (the first of its three views)."""
    fig = new_figure(title="Varieties of fake alignment (§1.1)", height=480)
    labels, ys, defs = _set_labels()
    # The labels are drawn as annotations (on light boxes); this invisible text trace carries their
    # definitions on hover.
    fig.add_trace(go.Scatter(
        x=[0.0] * 5, y=ys, mode="text", text=labels, textfont=dict(color=_HIDDEN, size=12),
        hovertext=[f"<b>{label}</b>: {d}" for label, d in zip(labels, defs)], hoverinfo="text",
        showlegend=False,
    ))
    shapes, notes = _nested_view(NESTED_VIEWS[0][0])
    fig.update_layout(shapes=shapes, annotations=notes)
    return blank_axes(fig, (-5.6, 8.8), (-0.3, 7.9))


def fake_alignment_explorable() -> Explorable:
    """The nested sets with their three views (§1.1, §1.1.2): radio buttons on the page, toggle buttons in Jupyter."""

    def update(view: str) -> Patch:
        shapes, notes = _nested_view(view)
        return Patch(layout={"shapes": shapes, "annotations": notes}, readout=dict(NESTED_VIEWS)[view])

    controls = (Choice("view", "View", tuple((label, label) for label, _ in NESTED_VIEWS), NESTED_VIEWS[0][0]),)
    return Explorable(
        "fake-alignment-views", "Varieties of fake alignment", controls, fake_alignment_sets_figure, update,
        alt=("Four nested ellipses, all touching at the bottom: alignment fakers (largest), training-gamers inside "
             "it, schemers inside that, and goal-guarding schemers (smallest, innermost). Other views add a dashed "
             "outer ellipse for liars, or shift the training-gamers ellipse partly outside the alignment fakers to "
             "show that under a flawed reward signal a training-gamer need not look aligned."),
    )


def coinrun_figure() -> go.Figure:
    """CoinRun goal misgeneralization (§1.2.2.2) as a two-level schematic (after Hilton et al. 2020)."""
    fig = new_figure(title="Same training behaviour, different goal (after Hilton et al. 2020)", height=440)
    levels = [("Training level: the coin is always at the right end", 4.0, 9.5),
              ("Test level: the coin is moved to the middle", 0.0, 4.0)]
    for title, y0, coin_x in levels:
        fig.add_shape(type="line", x0=0, x1=10, y0=y0, y1=y0, line=dict(color=INK, width=3))
        for ox in (3.0, 6.5):
            fig.add_shape(type="rect", x0=ox - 0.3, x1=ox + 0.3, y0=y0, y1=y0 + 0.8,
                          fillcolor=MUTED, line=dict(color=INK, width=1))
        fig.add_annotation(x=0, y=y0 + 2.6, text=f"<b>{title}</b>", showarrow=False, xanchor="left")
        fig.add_annotation(x=9.6, y=y0 + 1.6, ax=0.8, ay=y0 + 1.6, xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=3, arrowwidth=2, arrowcolor=PALETTE["blue"], text="")
        fig.add_shape(type="line", x0=9.9, x1=9.9, y0=y0, y1=y0 + 2.2, line=dict(color=INK, width=2, dash="dot"))
        fig.add_trace(go.Scatter(
            x=[0.5, coin_x], y=[y0 + 0.35, y0 + 0.35], mode="markers",
            marker=dict(size=[20, 18], color=[PALETTE["sky"], PALETTE["orange"]], symbol=["square", "circle"],
                        line=dict(color=INK, width=1.5)),
            hovertext=["Agent start", "Gold coin"], hoverinfo="text", showlegend=False,
        ))
    fig.add_annotation(x=5.2, y=5.95, text="Learned policy: go right (it also reaches the coin)", showarrow=False,
                       font=dict(color=PALETTE["blue"]))
    fig.add_annotation(x=5.2, y=1.95, text="Runs past the coin to the end: intended goal 'coin', learned goal "
                       "'end of level'", showarrow=False, font=dict(color=PALETTE["vermillion"]))
    blank_axes(fig, (-0.3, 10.4), (-0.5, 7.0))
    # On a phone: the same picture with shorter words.
    small = {"font": {"size": 11}}
    return narrow(fig, {"margin": {"l": 10, "r": 10}, "annotations": [
        {**small, "text": "<b>Training: the coin is at the right end</b>"}, {},
        {**small, "text": "<b>Test: the coin is moved to the middle</b>"}, {},
        {"font": {"size": 11}, "text": "Learned: go right (reaches the coin too)"},
        {"font": {"size": 11}, "text": "Runs past the coin: learned goal 'end of level'"}]})
