"""Chapter 3, §3.1: the proxy-goals story as a flowchart of its links, and the proxy-goal lottery as an explorable."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.explorable import Choice, Explorable, Patch, Slider
from ..explore.narrow import narrow, stacked, two_lines
from ..explore.theme import CLASS_COLOURS, INK, MUTED, TEMPLATE, blank_axes, new_figure
from ..models.proxy_goals import (
    CLASSES,
    N_STEPS,
    LotteryParams,
    proxy_goal_expected_shares,
    proxy_goal_expected_shares_by_sa,
    proxy_goal_lottery,
)

SHORT_NAMES = ("Saint", "Misgeneralized", "Reward seeker", "Schemer")
#: Runs per setting in the explorable, and the seed that makes them reproducible.
LOTTERY_RUNS = 10_000
LOTTERY_SEED = 2023
SA_GRID = tuple(round(0.1 * i, 1) for i in range(11))
ADVERSARIAL_GRID = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4)
GUARDING_OPTIONS = (("often fails (0.3)", 0.3), ("usually holds (0.7)", 0.7), ("always holds (1)", 1.0))
#: The lottery's defaults (the story with its defences down; see :class:`LotteryParams`), where the controls open.
DEFAULTS = LotteryParams()
#: SA times drawn on the curves (exact expected shares, so they are smooth).
CURVE_SA = np.linspace(0.0, 1.0, 21)

# --------------------------------------------------------------------------------------------------------------
# The chain of conditions in the training-game-independent story
# --------------------------------------------------------------------------------------------------------------

_NODES: tuple[tuple[str, str], ...] = (
    ("proxy", "A proxy goal forms (training<br>shapes it for other reasons)"),
    ("beyond", "It reaches past the episode?"),
    ("ambitious", "It is suitably ambitious?"),
    ("survives", "It survives until<br>situational awareness?"),
    ("games", "The model training-games<br>to serve the goal"),
    ("locked", "Goal-guarding holds:<br>the goal stays put"),
)
_EXITS: dict[str, str] = {
    "beyond": "No: a within-episode proxy (saint,<br>misgeneralized or reward seeker later)",
    "ambitious": "No: not worth scheming for<br>(misgeneralized)",
    "survives": "No: adversarial training or<br>lost reward removes it",
    "locked": "No: training keeps reshaping the<br>goal (it may drift away)",
}


def proxy_story_figure() -> go.Figure:
    """Flowchart of the §3.1 story, top to bottom: the links that must all hold, with the exits where it fails."""
    fig = new_figure(title="The proxy-goals story as a chain (book's diagram, §3.1)", height=560,
                     margin=dict(l=10, r=10, t=60, b=10))
    ys = [5.0 - i for i in range(len(_NODES))]
    fig.add_trace(go.Scatter(x=[0.0] * len(ys), y=ys, mode="lines", line=dict(color=INK, width=2),
                             hoverinfo="skip", showlegend=False, name="main path"))
    ex_y = [y for (key, _), y in zip(_NODES, ys) if key in _EXITS]
    ex_x: list[float | None] = []
    ex_yy: list[float | None] = []
    for y in ex_y:
        ex_x += [0.0, 0.9, None]
        ex_yy += [y, y, None]
    fig.add_trace(go.Scatter(x=ex_x, y=ex_yy, mode="lines", line=dict(color=MUTED, width=2, dash="dot"),
                             hoverinfo="skip", showlegend=False, name="exits"))
    colours = ["white"] * (len(_NODES) - 1) + [CLASS_COLOURS["Schemer"]]
    fig.add_trace(go.Scatter(
        x=[0.0] * len(ys), y=ys, mode="markers+text", text=[t for _, t in _NODES], textposition="middle left",
        marker=dict(size=20, color=colours, line=dict(color=INK, width=2)), textfont=dict(size=12, color=INK),
        hovertext=[t.replace("<br>", " ") for _, t in _NODES], hoverinfo="text", showlegend=False, name="links"))
    fig.add_trace(go.Scatter(
        x=[0.9] * len(ex_y), y=ex_y, mode="markers+text", text=[_EXITS[k] for k, _ in _NODES if k in _EXITS],
        textposition="middle right", textfont=dict(size=11, color=INK),
        marker=dict(size=11, color=MUTED, symbol="square"), hoverinfo="skip", showlegend=False, name="exit ends"))
    fig.add_annotation(x=0.0, y=ys[-1] - 0.45, text="<b>Schemer</b>", showarrow=False,
                       font=dict(color=CLASS_COLOURS["Schemer"], size=13))
    blank_axes(fig, (-2.3, 3.3), (-0.7, 5.5))
    # On a phone: the chain down the left, each link's words to its right and its exit just below them; the
    # schemer at the end, under the last exit.
    ex_x, ex_yy = [], []
    for y in ex_y:
        ex_x += [0.0, 0.45, None]
        ex_yy += [y, y - 0.45, None]
    return narrow(fig, {"height": 760, "xaxis": {"range": [-0.3, 4.2]}, "yaxis": {"range": [-1.3, 5.5]},
                        "annotations": [{"y": ys[-1] - 1.0, "xanchor": "left", "xshift": -10}]},
                  data=[{}, {"x": ex_x, "y": ex_yy}, {"textposition": "middle right"},
                        {"x": [0.45] * len(ex_y), "y": [y - 0.45 for y in ex_y], "textfont": {"size": 11}}])


# --------------------------------------------------------------------------------------------------------------
# The proxy-goal lottery (§3.1)
# --------------------------------------------------------------------------------------------------------------


def lottery_params(sa_time: float, adversarial: float, p_goal_guarding: float) -> LotteryParams:
    """The lottery's illustrative defaults with the three reader-controlled values replaced."""
    return LotteryParams(sa_time=sa_time, adversarial=adversarial, p_goal_guarding=p_goal_guarding)


def lottery_base_figure() -> go.Figure:
    """Empty frame of the lottery figure: shares with 95% intervals (left), shares against SA time (right)."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.42, 0.58], horizontal_spacing=0.1,
                        subplot_titles=(f"Shares of {LOTTERY_RUNS:,} runs", "Expected shares vs SA time"))
    fig.update_layout(template=TEMPLATE, height=480,
                      title=dict(text="The proxy-goal lottery with an SA clock (book's toy, §3.1)",
                                 x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.22, x=0), margin=dict(t=80, b=110))
    colours = [CLASS_COLOURS[n] for n in CLASSES]
    fig.add_trace(go.Bar(x=list(SHORT_NAMES), y=[0, 0, 0, 0], marker=dict(color=colours), showlegend=False,
                         error_y=dict(type="data", array=[0, 0, 0, 0], color=INK, thickness=1.5, width=6),
                         texttemplate="%{y:.1%}", textposition="outside", name="simulated share",
                         hovertemplate="%{x}: %{y:.1%} of runs<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=list(SHORT_NAMES), y=[0, 0, 0, 0], mode="markers", name="exact expected share",
                             marker=dict(symbol="line-ew-open", size=26, color=INK, line=dict(width=2)),
                             hovertemplate="%{x}: expected %{y:.1%}<extra></extra>"), row=1, col=1)
    for name, colour in zip(CLASSES, colours):
        fig.add_trace(go.Scatter(x=CURVE_SA, y=np.zeros_like(CURVE_SA), mode="lines", name=name,
                                 line=dict(color=colour, width=3),
                                 hovertemplate=f"{name}<br>SA at %{{x:.0%}}: %{{y:.1%}}<extra></extra>"),
                      row=1, col=2)
    fig.add_trace(go.Scatter(x=[DEFAULTS.sa_time] * 2, y=[0, 1], mode="lines",
                             line=dict(color=INK, dash="dash", width=1.5),
                             name="chosen SA time", hoverinfo="skip", showlegend=False), row=1, col=2)
    fig.update_yaxes(range=[0, 1.08], tickformat=".0%", title_text="share of runs", row=1, col=1)
    fig.update_yaxes(range=[0, 1], tickformat=".0%", row=1, col=2)
    fig.update_xaxes(range=[0, 1], tickformat=".0%", row=1, col=2,
                     title_text="SA arrives after (share of training)")
    # On a phone: the bars above the curves, the legend in rows below.
    return narrow(fig, stacked(fig, height=800, gap=0.16, share=0.5),
                  {"margin": {"t": 100, "b": 130, "l": 55, "r": 10}, "xaxis": {"tickangle": 0},
                   "xaxis2": {"title": {"text": "SA arrives after"}}, "legend": {"y": -0.14, "font": {"size": 12}}},
                  data=[{"x": [two_lines(n) for n in SHORT_NAMES]}, {"x": [two_lines(n) for n in SHORT_NAMES]}])


def lottery_patch(sa_time: float, adversarial: float, p_goal_guarding: float) -> Patch:
    """Patch of the lottery figure: a seeded Monte Carlo at the chosen settings, and exact curves."""
    params = lottery_params(sa_time, adversarial, p_goal_guarding)
    result = proxy_goal_lottery(params, LOTTERY_RUNS, LOTTERY_SEED)
    exact = proxy_goal_expected_shares(params)
    curves = proxy_goal_expected_shares_by_sa(params, CURVE_SA)
    data: list[dict[str, object]] = [{"y": result.shares, "error_y": {"array": result.half_width}}, {"y": exact}]
    data += [{"y": curves[:, i]} for i in range(len(CLASSES))]
    data.append({"x": [params.sa_step / N_STEPS] * 2})
    shares = ", ".join(f"{n} {s:.1%} ± {h:.1%}" for n, s, h in zip(SHORT_NAMES, result.shares, result.half_width))
    share = f"{params.sa_step / N_STEPS:.1%}".replace(".0%", "%")  # the step is 2.5%: 30%, 32.5%
    when = "never during training" if params.sa_step == N_STEPS else f"after {share} of training"
    readout = (f"Situational awareness arrives {when}. Of {result.n_runs:,} runs: {shares} (95% intervals). "
               f"Early adversarial training removed a goal in {result.caught_before_sa:.0%} of runs.")
    return Patch(data=data, readout=readout)


def lottery_explorable() -> Explorable:
    """Explorable of the §3.1 lottery: when SA arrives, early adversarial training, and goal-guarding."""
    controls = (
        Slider("sa_time", "Situational awareness arrives after (share of training)", SA_GRID, DEFAULTS.sa_time,
               fmt="{:.0%}", step=1 / N_STEPS),
        Slider("adversarial", "Early adversarial training: chance a step catches a beyond-episode goal",
               ADVERSARIAL_GRID, DEFAULTS.adversarial, fmt="{:.2f}"),
        Choice("p_goal_guarding", "Goal-guarding", GUARDING_OPTIONS, DEFAULTS.p_goal_guarding),
    )
    return Explorable(
        "proxy-goal-lottery", "The proxy-goal lottery", controls, lottery_base_figure, lottery_patch,
        alt=("Left: bar chart of the share of 10,000 simulated training runs that end as a training saint, a "
             "misgeneralized non-training-gamer, a reward-on-the-episode seeker or a schemer, with 95% interval "
             "whiskers and a dash at each exact expected share. Right: line chart of the four expected shares "
             "against the time situational awareness arrives, from the start to the end of training, with a "
             "dashed line at the chosen time. The schemer share falls as awareness arrives later, and reaches "
             "zero when it never arrives during training."),
    )


__all__ = ["lottery_explorable", "proxy_story_figure"]
