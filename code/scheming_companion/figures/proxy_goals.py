"""The §3.1 proxy-goals story: a flowchart of its links, and the proxy-goal lottery as an explorable."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..models.proxy_goals import CLASSES, N_STEPS, LotteryParams, proxy_goal_expected_shares, proxy_goal_lottery
from .explorable import Choice, Explorable, Patch, Slider
from .theme import CLASS_COLOURS, INK, MUTED, TEMPLATE, blank_axes, new_figure

SHORT_NAMES = ("Saint", "Misgeneralized", "Reward seeker", "Schemer")
#: Runs per setting in the explorable, and the seed that makes them reproducible.
LOTTERY_RUNS = 10_000
LOTTERY_SEED = 2023
SA_GRID = tuple(round(0.1 * i, 1) for i in range(11))
ADVERSARIAL_GRID = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4)
GUARDING_OPTIONS = (("often fails (0.3)", 0.3), ("usually holds (0.7)", 0.7), ("always holds (1)", 1.0))
#: SA times drawn on the curves (exact expected shares, so they are smooth).
CURVE_SA = np.linspace(0.0, 1.0, 21)

# --------------------------------------------------------------------------------------------------------------
# Figure 3.1: the chain of conditions in the training-game-independent story
# --------------------------------------------------------------------------------------------------------------

_NODES: tuple[tuple[str, float, float, str], ...] = (
    ("proxy", 0.0, 2.0, "A proxy goal forms<br>(training shapes it<br>for other reasons)"),
    ("beyond", 1.6, 2.0, "It reaches past<br>the episode?"),
    ("ambitious", 3.2, 2.0, "It is suitably<br>ambitious?"),
    ("survives", 4.8, 2.0, "It survives until<br>situational awareness?"),
    ("games", 6.4, 2.0, "The model training-games<br>to serve the goal"),
    ("locked", 8.0, 2.0, "Goal-guarding holds:<br>the goal stays put"),
)
_EXITS: tuple[tuple[str, float, float, str], ...] = (
    ("beyond", 1.6, 0.6, "No: a within-episode proxy<br>(saint, misgeneralized or<br>reward seeker later)"),
    ("ambitious", 3.2, 0.6, "No: not worth scheming for<br>(misgeneralized)"),
    ("survives", 4.8, 0.6, "No: adversarial training or<br>lost reward removes it"),
    ("locked", 8.0, 0.6, "No: training keeps reshaping<br>the goal (it may drift away)"),
)


def proxy_story_figure() -> go.Figure:
    """Flowchart of the §3.1 story: the links that must all hold, with the side exits where it fails."""
    fig = new_figure(title="The training-game-independent proxy-goals story as a chain (book's diagram, §3.1)",
                     height=400, margin=dict(l=10, r=10, t=60, b=10))
    xs = [x for _, x, _, _ in _NODES]
    fig.add_trace(go.Scatter(x=xs, y=[2.0] * len(xs), mode="lines", line=dict(color=INK, width=2),
                             hoverinfo="skip", showlegend=False, name="main path"))
    for _, x, y, _ in _EXITS:
        fig.add_trace(go.Scatter(x=[x, x], y=[2.0, y + 0.35], mode="lines", line=dict(color=MUTED, width=2,
                                                                                    dash="dot"),
                                 hoverinfo="skip", showlegend=False, name="exit"))
    colours = ["white"] * (len(_NODES) - 1) + [CLASS_COLOURS["Schemer"]]
    fig.add_trace(go.Scatter(
        x=xs, y=[2.0] * len(xs), mode="markers+text", text=[t for *_, t in _NODES], textposition="top center",
        marker=dict(size=22, color=colours, line=dict(color=INK, width=2)), textfont=dict(size=12, color=INK),
        hovertext=[t.replace("<br>", " ") for *_, t in _NODES], hoverinfo="text", showlegend=False, name="links"))
    fig.add_trace(go.Scatter(
        x=[x for _, x, _, _ in _EXITS], y=[y for _, _, y, _ in _EXITS], mode="markers+text",
        text=[t for *_, t in _EXITS], textposition="bottom center", textfont=dict(size=11, color=INK),
        marker=dict(size=12, color=MUTED, symbol="square"), hoverinfo="skip", showlegend=False, name="exits"))
    fig.add_annotation(x=8.0, y=2.0, text="<b>Schemer</b>", showarrow=False, xshift=0, yshift=-26,
                       font=dict(color=CLASS_COLOURS["Schemer"], size=13))
    return blank_axes(fig, (-0.8, 8.9), (-0.4, 3.2))


PROXY_STORY_ALT = (
    "Flowchart of six steps left to right: a proxy goal forms; it reaches past the episode; it is suitably "
    "ambitious; it survives until situational awareness; the model training-games to serve it; goal-guarding "
    "holds and the goal stays put, ending at 'Schemer'. Four dotted exits drop below the chain: the goal stays "
    "within the episode; it is not ambitious enough to be worth scheming for; adversarial training or lost "
    "reward removes it before situational awareness; or training keeps reshaping it because goal-guarding fails."
)

# --------------------------------------------------------------------------------------------------------------
# Figure 3.2: the proxy-goal lottery
# --------------------------------------------------------------------------------------------------------------


def lottery_params(sa_time: float, adversarial: float, p_goal_guarding: float) -> LotteryParams:
    """The lottery's illustrative defaults with the three reader-controlled values replaced."""
    return LotteryParams(sa_time=sa_time, adversarial=adversarial, p_goal_guarding=p_goal_guarding)


def lottery_base_figure() -> go.Figure:
    """Empty frame of the lottery figure: shares with 95% intervals (left), shares against SA time (right)."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.42, 0.58], horizontal_spacing=0.1,
                        subplot_titles=(f"Share of {LOTTERY_RUNS:,} simulated runs",
                                        "Expected shares as SA arrives later"))
    fig.update_layout(template=TEMPLATE, height=480,
                      title=dict(text="The proxy-goal lottery with a situational-awareness clock (book's toy, §3.1)",
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
    fig.add_trace(go.Scatter(x=[0.3, 0.3], y=[0, 1], mode="lines", line=dict(color=INK, dash="dash", width=1.5),
                             name="chosen SA time", hoverinfo="skip", showlegend=False), row=1, col=2)
    fig.update_yaxes(range=[0, 1.08], tickformat=".0%", title_text="share of runs", row=1, col=1)
    fig.update_yaxes(range=[0, 1], tickformat=".0%", row=1, col=2)
    fig.update_xaxes(range=[0, 1], tickformat=".0%", row=1, col=2,
                     title_text="when situational awareness arrives (share of training)")
    return fig


def lottery_patch(sa_time: float, adversarial: float, p_goal_guarding: float) -> Patch:
    """Patch of the lottery figure: a seeded Monte Carlo at the chosen settings, and exact curves."""
    params = lottery_params(sa_time, adversarial, p_goal_guarding)
    result = proxy_goal_lottery(params, LOTTERY_RUNS, LOTTERY_SEED)
    exact = proxy_goal_expected_shares(params)
    curves = np.array([proxy_goal_expected_shares(lottery_params(float(t), adversarial, p_goal_guarding))
                       for t in CURVE_SA])
    data: list[dict[str, object]] = [{"y": result.shares, "error_y": {"array": result.half_width}}, {"y": exact}]
    data += [{"y": curves[:, i]} for i in range(len(CLASSES))]
    data.append({"x": [params.sa_step / N_STEPS] * 2})
    shares = ", ".join(f"{n} {s:.1%} ± {h:.1%}" for n, s, h in zip(SHORT_NAMES, result.shares, result.half_width))
    when = "never during training" if params.sa_step == N_STEPS else f"after {params.sa_step / N_STEPS:.0%} of training"
    readout = (f"Situational awareness arrives {when}. Of {result.n_runs:,} runs: {shares} (95% intervals). "
               f"Early adversarial training removed a goal in {result.caught_before_sa:.0%} of runs.")
    return Patch(data=data, readout=readout)


def lottery_explorable() -> Explorable:
    """Explorable of the §3.1 lottery: when SA arrives, early adversarial training, and goal-guarding."""
    return Explorable(
        name="proxy-goal-lottery",
        title="The proxy-goal lottery",
        params=(
            Slider("sa_time", "Situational awareness arrives after (share of training)", SA_GRID, 0.3,
                   fmt="{:.0%}"),
            Slider("adversarial", "Early adversarial training: chance a step catches a beyond-episode goal",
                   ADVERSARIAL_GRID, 0.05, fmt="{:.2f}"),
            Choice("p_goal_guarding", "Goal-guarding", GUARDING_OPTIONS, 0.7),
        ),
        base=lottery_base_figure,
        update=lottery_patch,
        alt=("Left: bar chart of the share of 10,000 simulated training runs that end as a training saint, a "
             "misgeneralized non-training-gamer, a reward-on-the-episode seeker or a schemer, with 95% interval "
             "whiskers and a dash at each exact expected share. Right: line chart of the four expected shares "
             "against the time situational awareness arrives, from the start to the end of training, with a "
             "dashed line at the chosen time. The schemer share falls as awareness arrives later, and reaches "
             "zero when it never arrives during training."),
        caption=("The book's proxy-goal lottery (§3.1), not a model from the report: each run forms proxy goals "
                 "step by step; beyond-episode goals can be removed before situational awareness (SA); an "
                 "ambitious one that survives to SA turns the model into a schemer, whose goal stays put only if "
                 "goal-guarding holds. All probabilities are illustrative."),
        number="3.2",
    )


__all__ = ["PROXY_STORY_ALT", "lottery_explorable", "proxy_story_figure"]
