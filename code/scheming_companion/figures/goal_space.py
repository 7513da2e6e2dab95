"""Chapter 3, §3 and §3.2: the goal-space toy ("which max-reward goal is nearest?") and path dependence.

Both are explorables.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.explorable import Choice, Explorable, Patch, Slider
from ..explore.narrow import narrow, stacked, two_lines
from ..explore.theme import CLASS_COLOURS, INK, PALETTE, TEMPLATE, translucent
from ..models.goal_space import (
    GOAL_CLASSES,
    Landscape,
    descend_goal_space,
    path_dependence,
    random_starts,
    reward,
)

SHORT_NAMES = ("Saint", "Misgeneralized", "Reward seeker", "Schemer", "Stuck")
GOAL_COLOURS = tuple(CLASS_COLOURS.get(n, PALETTE["black"]) for n in GOAL_CLASSES)
#: Horizon at which goals join the schemer band in both explorables (the live panels keep it too).
Y_CRIT = 0.3
#: Highest starting horizon: starts stand for goals as they are when SA arrives, all short of the band.
START_TOP = 0.25
#: Random starts on the map, their seed, and the seed of the noisy steps.
N_MAP = 300
MAP_SEED = 7
STEP_SEED = 11
HEAT_GRID = np.linspace(0.0, 1.0, 41)
START_X_GRID = tuple(round(0.1 * i, 1) for i in range(11))
START_Y_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25)
BARRIER_GRID = (0.0, 0.15, 0.3, 0.6)
STEP_RULES = (("each step must raise reward", True), ("straight to the nearest max-reward goal", False))
#: Every fourth step of a path is drawn (keeps the page small; the path is straight or smooth in between).
PATH_STRIDE = 4


def landscape(barrier: float) -> Landscape:
    """The explorables' landscape: the book's defaults with the chosen barrier."""
    return Landscape(y_crit=Y_CRIT, barrier=barrier)


def _disc_outlines(land: Landscape) -> tuple[list[float | None], list[float | None]]:
    t = np.linspace(0, 2 * np.pi, 33)
    xs: list[float | None] = []
    ys: list[float | None] = []
    for _, cx, cy, r in land.discs():
        xs += [*np.round(cx + r * np.cos(t), 4), None]
        ys += [*np.round(np.maximum(cy + r * np.sin(t), 0.0), 4), None]
    return xs, ys


@lru_cache(maxsize=16)
def _heat(barrier: float) -> np.ndarray:
    """The reward map drawn behind the goals (cached: it changes only with the barrier)."""
    gx, gy = np.meshgrid(HEAT_GRID, HEAT_GRID)
    return np.round(reward(landscape(barrier), gx, gy), 3)


@lru_cache(maxsize=16)
def _map_run(barrier: float, incremental: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the seeded random starts end (cached: only the start of the single path changes most often)."""
    x, y = random_starts(N_MAP, MAP_SEED, max_horizon=START_TOP)
    paths = descend_goal_space(landscape(barrier), x, y, incremental=incremental, seed=STEP_SEED)
    return x, y, paths.classes


def nearest_goal_base_figure() -> go.Figure:
    """Empty frame of the goal-space figure: the reward map with starts and a path (left), shares (right)."""
    land = landscape(0.3)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.7, 0.3], horizontal_spacing=0.1,
                        subplot_titles=("Goal space after SA", "Where random<br>starts end"))
    fig.update_layout(template=TEMPLATE, height=640,
                      title=dict(text="Which max-reward goal is nearest? (book's toy, §3.2)", x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.2, x=0, font=dict(size=11)), margin=dict(t=80, b=170))
    fig.add_trace(go.Heatmap(x=HEAT_GRID, y=HEAT_GRID, z=np.zeros((HEAT_GRID.size, HEAT_GRID.size)),
                             colorscale=[[0, "#FFFFFF"], [1, "#C8C8C8"]], zmin=0, zmax=1, showscale=False,
                             name="reward", hovertemplate="content %{x:.2f}, horizon %{y:.2f}<br>reward %{z:.2f}"
                             "<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1, 1, 0, 0], y=[Y_CRIT, Y_CRIT, 1, 1, Y_CRIT], mode="lines", fill="toself",
                             fillcolor=translucent("vermillion", 0.12), line=dict(color=GOAL_COLOURS[3], width=1.5),
                             name="schemer region (max reward)", hoverinfo="name"), row=1, col=1)
    dx, dy = _disc_outlines(land)
    fig.add_trace(go.Scatter(x=dx, y=dy, mode="lines", line=dict(color=INK, width=2), hoverinfo="skip",
                             name="other max-reward goals"), row=1, col=1)
    for name, short, colour in zip(GOAL_CLASSES, SHORT_NAMES, GOAL_COLOURS):
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name=f"start → {short.lower()}",
                                 marker=dict(size=5, color=colour, opacity=0.8), legendgroup=name,
                                 hovertemplate=f"start (%{{x:.2f}}, %{{y:.2f}}) → {name}<extra></extra>"),
                      row=1, col=1)
    fig.add_trace(go.Scatter(x=[0.4], y=[0.1], mode="lines+markers", name="path from your start",
                             line=dict(color=INK, width=3), marker=dict(size=5, color=INK),
                             hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0.4], y=[0.1], mode="markers", name="your start", showlegend=False,
                             marker=dict(size=15, symbol="star", color="white", line=dict(color=INK, width=2)),
                             hovertemplate="your start (%{x:.2f}, %{y:.2f})<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=list(SHORT_NAMES), y=[0] * 5, marker=dict(color=list(GOAL_COLOURS)), showlegend=False,
                         texttemplate="%{y:.0%}", textposition="outside",
                         hovertemplate="%{x}: %{y:.1%} of starts<extra></extra>"), row=1, col=2)
    labels = [(0.95, 0.11, "specified goal"), (0.65, 0.135, "reward on<br>the episode"),
              (0.3, 0.075, "a lucky<br>proxy"), (0.5, 0.45, "<b>schemer-like goals</b><br>(any content, long horizon)")]
    for x, y, text in labels:
        fig.add_annotation(x=x, y=y, text=text, showarrow=False, font=dict(size=11, color=INK), row=1, col=1)
    fig.update_xaxes(range=[0, 1], title_text="content: closeness to the specified goal", row=1, col=1)
    fig.update_yaxes(range=[0, 0.6], title_text="time horizon (0 = within the episode)", row=1, col=1)
    fig.update_yaxes(range=[0, 1.12], tickformat=".0%", row=1, col=2)
    # On a phone: the map above the shares (names on two lines), shorter axis titles, the legend below.
    bar_names = [two_lines(n) for n in SHORT_NAMES]
    panels = stacked(fig, height=920, gap=0.2, share=0.6, titles=("Goal space after SA", "Where random starts end"))
    panels["annotations"][2] = {"x": 1.0, "xanchor": "right"}  # "specified goal", inside the map's right edge
    return narrow(fig, panels,
                  {"margin": {"t": 100, "b": 170, "l": 55, "r": 10},
                   "xaxis": {"title": {"text": "content (1 = the specified goal)"}},
                   "yaxis": {"title": {"text": "time horizon"}}, "xaxis2": {"tickangle": 0},
                   "legend": {"y": -0.1, "font": {"size": 11}}},
                  data=[{}] * (len(fig.data) - 1) + [{"x": bar_names}])


def _fine(x: float, digits: int) -> str:
    """``x`` to ``digits`` decimals as the book prints its grid, with one more when the live slider sits
    between (0.4, 0.43), so the readout moves with every slider step."""
    text = f"{x:.{digits}f}"
    return text if abs(float(text) - x) < 1e-9 else f"{x:.{digits + 1}f}"


def nearest_goal_patch(start_x: float, start_y: float, step_rule: bool, barrier: float) -> Patch:
    """Patch of the goal-space figure: reward map, where the random starts end, and the reader's path."""
    land = landscape(barrier)
    z = _heat(float(barrier))
    sx, sy, classes = _map_run(float(barrier), bool(step_rule))
    path = descend_goal_space(land, [start_x], [start_y], incremental=step_rule, seed=STEP_SEED)
    px, py = path.xs[::PATH_STRIDE, 0], path.ys[::PATH_STRIDE, 0]
    if (path.xs.shape[0] - 1) % PATH_STRIDE:
        px, py = np.append(px, path.xs[-1, 0]), np.append(py, path.ys[-1, 0])
    data: list[dict[str, object]] = [{"z": z}, {}, {}]
    for c in range(len(GOAL_CLASSES)):
        pick = classes == c
        data.append({"x": np.round(sx[pick], 3), "y": np.round(sy[pick], 3)})
    data.append({"x": np.round(px, 3), "y": np.round(py, 3)})
    data.append({"x": [start_x], "y": [start_y]})
    shares = np.bincount(classes, minlength=len(GOAL_CLASSES)) / classes.size
    data.append({"y": shares})
    end = GOAL_CLASSES[int(path.classes[0])]
    rule = "taking only steps that raise reward" if step_rule else "moving straight to the nearest max-reward goal"
    summary = ", ".join(f"{n} {s:.0%}" for n, s in zip(SHORT_NAMES, shares) if s > 0)
    readout = (f"From content {_fine(start_x, 1)}, horizon {_fine(start_y, 2)}, {rule} (barrier {barrier:.3g}): "
               f"ends as {end}. Random starts: {summary}.")
    return Patch(data=data, readout=readout)


def nearest_goal_explorable() -> Explorable:
    """Explorable of the §3.2 toy: a start the reader picks, the step rule and the half-formed-schemer barrier."""
    controls = (
        Slider("start_x", "Your start: content (1 = the specified goal)", START_X_GRID, 0.4, fmt="{:.1f}"),
        Slider("start_y", "Your start: time horizon", START_Y_GRID, 0.1, fmt="{:.2f}"),
        Choice("step_rule", "How training moves the goal", STEP_RULES, True),
        Slider("barrier", "Barrier: reward lost by half-formed schemers", BARRIER_GRID, 0.3, fmt="{:g}"),
    )
    return Explorable(
        "nearest-max-reward-goal", "Which max-reward goal is nearest?", controls,
        nearest_goal_base_figure, nearest_goal_patch,
        alt=("Left: a square map of goal space, content (closeness to the specified goal) across and time horizon "
             "up, shaded by reward. Max-reward regions are a small disc for the specified goal at the right edge "
             "near the bottom, two smaller discs for reward on the episode and a lucky proxy, and a wide band "
             "across the top for schemer-like goals. Dots mark 300 random starting goals coloured by the class "
             "they end in, and a line traces the path from the reader's start. Right: bar chart of the shares of "
             "random starts ending as each class."),
    )


# --------------------------------------------------------------------------------------------------------------
# Path dependence (§3)
# --------------------------------------------------------------------------------------------------------------

CENTRES: tuple[tuple[str, tuple[float, float]], ...] = (
    ("close to the specified goal", (0.8, 0.05)),
    ("a middling proxy", (0.45, 0.08)),
    ("reaching a little past the episode", (0.35, 0.18)),
)
CENTRE_COLOURS = (PALETTE["blue"], PALETTE["purple"], PALETTE["grey"])
SPREAD_GRID = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4)
PD_BARRIER_GRID = (0.0, 0.3, 0.6)
PD_STARTS = 100
PD_SEED = 5


@lru_cache(maxsize=16)
def _path_dependence_run(barrier: float, incremental: bool) -> tuple[np.ndarray, np.ndarray]:
    """Shares and movement for every spread on the grid at once (one vectorised run, cached)."""
    return path_dependence(landscape(barrier), tuple(c for _, c in CENTRES), SPREAD_GRID,
                           incremental=incremental, n_starts=PD_STARTS, seed=PD_SEED)


def _run_at(spread: float, barrier: float, incremental: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(shares per centre at ``spread``, movement curve over the spreads drawn, the spreads drawn)."""
    if float(spread) in SPREAD_GRID:
        shares, movement = _path_dependence_run(float(barrier), bool(incremental))
        return shares[SPREAD_GRID.index(float(spread))], movement, np.array(SPREAD_GRID)
    # Off the grid (the live panel): add the chosen spread to the curve.
    spreads = np.array(sorted({*SPREAD_GRID, float(spread)}))
    shares, movement = path_dependence(landscape(barrier), tuple(c for _, c in CENTRES), spreads,
                                       incremental=incremental, n_starts=PD_STARTS, seed=PD_SEED)
    return shares[int(np.searchsorted(spreads, float(spread)))], movement, spreads


def path_dependence_base_figure() -> go.Figure:
    """Empty frame of the path-dependence figure: outcomes per starting region (left), movement (right)."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.58, 0.42], horizontal_spacing=0.15,
                        subplot_titles=("Final classes by starting region", "How much the start decides"))
    fig.update_layout(template=TEMPLATE, height=480, barmode="group",
                      title=dict(text="Path dependence: common or spread starts (book's toy, §3)",
                                 x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.22, x=0), margin=dict(t=80, b=110))
    for (label, (cx, cy)), colour in zip(CENTRES, CENTRE_COLOURS):
        fig.add_trace(go.Bar(x=list(SHORT_NAMES), y=[0] * 5, name=f"starts around {label} ({cx:g}, {cy:g})",
                             marker=dict(color=colour), hovertemplate=f"{label}<br>%{{x}}: %{{y:.0%}}<extra></extra>"),
                      row=1, col=1)
    fig.add_trace(go.Scatter(x=list(SPREAD_GRID), y=[0] * len(SPREAD_GRID), mode="lines+markers", showlegend=False,
                             line=dict(color=INK, width=3), name="movement",
                             hovertemplate="spread %{x:g}: outcomes differ by %{y:.2f}<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", showlegend=False, name="chosen spread",
                             marker=dict(size=14, color=PALETTE["vermillion"], line=dict(color=INK, width=1.5)),
                             hovertemplate="chosen spread %{x:g}: %{y:.2f}<extra></extra>"), row=1, col=2)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title_text="share of runs", row=1, col=1)
    fig.update_yaxes(range=[0, 1.05], title_text="outcome gap (total variation)", row=1, col=2)
    fig.update_xaxes(title_text="spread (0 = one common start)", row=1, col=2)
    # On a phone: the bars above the curve, class names on two lines, shorter legend entries below.
    short = [two_lines(n) for n in SHORT_NAMES]
    return narrow(fig, stacked(fig, height=820, gap=0.2, share=0.55),
                  {"margin": {"t": 100, "b": 130, "l": 55, "r": 10}, "xaxis": {"tickangle": 0},
                   "yaxis2": {"title": {"text": "outcome gap"}}, "legend": {"y": -0.12, "font": {"size": 12}}},
                  data=[{"x": short, "name": f"starts near ({cx:g}, {cy:g})"} for _, (cx, cy) in CENTRES])


def path_dependence_patch(spread: float, step_rule: bool, barrier: float) -> Patch:
    """Patch of the path-dependence figure at the chosen spread, step rule and barrier."""
    shares, movement, spreads = _run_at(spread, barrier, step_rule)
    data: list[dict[str, object]] = [{"y": shares[i]} for i in range(len(CENTRES))]
    at = float(movement[int(np.searchsorted(spreads, float(spread)))])
    data.append({"x": spreads, "y": movement})
    data.append({"x": [spread], "y": [at]})
    start = "one common start per region" if spread == 0 else f"starts spread by {spread:g}"
    schemer = ", ".join(f"{s[3]:.0%}" for s in shares)
    readout = (f"With {start}, the three regions' outcomes differ by up to {at:.2f} in total variation "
               f"(0 = identical, 1 = no overlap). Schemer share by region: {schemer}.")
    return Patch(data=data, readout=readout)


def path_dependence_explorable() -> Explorable:
    """Explorable of path dependence: spread of the starting goals, step rule and barrier (§3)."""
    controls = (
        Slider("spread", "Spread of the starting goals around each region", SPREAD_GRID, 0.0, fmt="{:g}"),
        Choice("step_rule", "How training moves the goal", STEP_RULES, True),
        Slider("barrier", "Barrier: reward lost by half-formed schemers", PD_BARRIER_GRID, 0.3, fmt="{:g}"),
    )
    return Explorable(
        "path-dependence-view", "Path dependence: common start or spread starts", controls,
        path_dependence_base_figure, path_dependence_patch,
        alt=("Left: grouped bar chart of the share of 100 runs ending as each class (saint, misgeneralized, reward "
             "seeker, schemer, stuck) for goals that start around three regions: close to the specified goal, a "
             "middling proxy, and a goal reaching a little past the episode. Right: line chart of the largest "
             "total variation distance between the three regions' outcomes against the spread of the starting "
             "goals, with the chosen spread marked. With one common start each region's runs all end in one "
             "class and the regions differ completely; as starts spread out, the outcomes converge."),
    )


__all__ = ["nearest_goal_explorable", "path_dependence_explorable"]
