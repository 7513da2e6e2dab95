"""Chapter 1, §1.2.4: the taxonomy of model classes as a node-link tree, and the classifier explorable."""

from __future__ import annotations

import plotly.graph_objects as go

from ..explore.explorable import Choice, Explorable, Patch
from ..explore.narrow import narrow, wrap
from ..explore.theme import CLASS_COLOURS, HIGHLIGHT, INK, MUTED, blank_axes, new_figure
from ..models.taxonomy import MODEL_CLASSES, TAXONOMY, classify_model

#: Hand-placed node positions (x, y) for a readable top-down tree.
POSITIONS: dict[str, tuple[float, float]] = {
    "root": (5.0, 6.0),
    "q_training_gaming": (5.0, 5.0),
    "q_specified": (2.0, 4.0),
    "training_saint": (0.9, 3.0),
    "misgeneralized": (3.1, 3.0),
    "q_terminal": (7.0, 4.0),
    "reward_seeker": (5.6, 3.0),
    "q_power": (8.3, 3.0),
    "other_instrumental": (7.0, 2.0),
    "q_guarding": (9.6, 2.0),
    "goal_guarding_schemer": (8.6, 1.0),
    "schemer": (10.6, 1.0),
}
#: Where each node's label sits: questions beside the node, away from the edge that comes in from above.
TEXT_POSITIONS: dict[str, str] = {
    "root": "top center",
    "q_training_gaming": "middle right",
    "q_specified": "middle left",
    "q_terminal": "middle right",
    "q_power": "middle right",
    "q_guarding": "middle right",
}
_WRAPPED = {
    "root": "Goal-directed model<br>that does well in training",
    "misgeneralized": "Misgeneralized<br>non-training-gamer",
    "reward_seeker": "Reward-on-the-<br>episode seeker",
    "q_power": " For power later, for<br> itself or other AIs?",
    "other_instrumental": "Other instrumental<br>training-gamer",
    "q_guarding": " By guarding its<br> goals from training?",
    "goal_guarding_schemer": "Goal-guarding<br>schemer",
    "schemer": "Schemer (not<br>goal-guarding)",
    "q_specified": "Pursuing the<br>specified goal? ",
    "q_terminal": " Terminal or<br> instrumental?",
}


def _node_colour(node_id: str) -> str:
    if node_id in MODEL_CLASSES:
        return CLASS_COLOURS[MODEL_CLASSES[node_id].name]
    return "white"


def _path_segments(path: tuple[str, ...]) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in zip(path, path[1:]):
        xs += [POSITIONS[a][0], POSITIONS[b][0], None]
        ys += [POSITIONS[a][1], POSITIONS[b][1], None]
    return xs, ys


def taxonomy_figure(path: tuple[str, ...] = ()) -> go.Figure:
    """The report's taxonomy (§1.2.4) as a tree; ``path`` (node ids from the root) is highlighted."""
    fig = new_figure(title="The taxonomy of model classes (§1.2.4)", height=560)
    ex, ey, lx, ly, lt = [], [], [], [], []
    for node in TAXONOMY:
        if node.parent is None:
            continue
        (x0, y0), (x1, y1) = POSITIONS[node.parent], POSITIONS[node.id]
        ex += [x0, x1, None]
        ey += [y0, y1, None]
        if node.edge:
            lx.append((x0 + x1) / 2)
            ly.append((y0 + y1) / 2)
            lt.append(node.edge)
    fig.add_trace(go.Scatter(x=ex, y=ey, mode="lines", line=dict(color=MUTED, width=2), hoverinfo="skip",
                             showlegend=False, name="edges"))
    fig.add_trace(go.Scatter(x=lx, y=ly, mode="text", text=lt, textfont=dict(size=11, color=INK),
                             hoverinfo="skip", showlegend=False, name="answers"))
    px, py = _path_segments(path)
    fig.add_trace(go.Scatter(x=px, y=py, mode="lines", line=dict(color=HIGHLIGHT, width=5), hoverinfo="skip",
                             showlegend=False, name="path"))
    ids = [n.id for n in TAXONOMY]
    hover = []
    for n in TAXONOMY:
        if n.id in MODEL_CLASSES:
            c = MODEL_CLASSES[n.id]
            hover.append(f"<b>{c.name}</b> ({c.section})<br>{c.definition}")
        else:
            hover.append(n.label)
    fig.add_trace(go.Scatter(
        x=[POSITIONS[i][0] for i in ids], y=[POSITIONS[i][1] for i in ids], mode="markers+text",
        text=[_WRAPPED.get(n.id, n.label) for n in TAXONOMY],
        textposition=[TEXT_POSITIONS.get(n.id, "bottom center") for n in TAXONOMY],
        textfont=dict(size=11),
        marker=dict(size=[16 if n.kind != "class" else 22 for n in TAXONOMY],
                    symbol=["diamond" if n.kind == "question" else "circle" for n in TAXONOMY],
                    color=[_node_colour(i) for i in ids], line=dict(color=INK, width=1.5), opacity=1.0),
        hovertext=hover, hoverinfo="text", showlegend=False, name="nodes",
    ))
    _highlight(fig, path)
    blank_axes(fig, (-0.6, 12.4), (0.2, 6.75))
    return narrow(fig, {"height": 640, "margin": {"l": 10, "r": 10}, "xaxis": {"range": [-0.4, 10.0]},
                        "yaxis": {"range": [-len(TAXONOMY) + 0.4, 0.7]}}, data=_portrait())


def _portrait() -> list[dict]:
    """The tree redrawn for a phone: one node a row, indented by depth (like an outline), each answer written
    before the node it leads to. The chosen path shows by the nodes left at full strength (its thick line
    is hidden: the explorer computes it for the wide tree)."""
    parents = {n.id: n.parent for n in TAXONOMY}
    children: dict[str | None, list[str]] = {}
    for n in TAXONOMY:
        children.setdefault(n.parent, []).append(n.id)
    pos: dict[str, tuple[float, float]] = {}

    def place(node: str, depth: int) -> None:
        pos[node] = (0.6 * depth, -float(len(pos)))
        for child in children.get(node, []):
            place(child, depth + 1)

    place(children[None][0], 0)
    ex: list[float | None] = []
    ey: list[float | None] = []
    for node, parent in parents.items():
        if parent is not None:
            (x0, y0), (x1, y1) = pos[parent], pos[node]
            ex += [x0, x0, x1, None]
            ey += [y0, y1, y1, None]
    labels = [wrap(f"{n.edge}: {n.label}" if n.edge else n.label, 30) for n in TAXONOMY]
    return [{"x": ex, "y": ey}, {"visible": False}, {"visible": False},
            {"x": [pos[n.id][0] for n in TAXONOMY], "y": [pos[n.id][1] for n in TAXONOMY], "text": labels,
             "textposition": "middle right"}]


def _highlight_patch(path: tuple[str, ...]) -> list[dict]:
    px, py = _path_segments(path)
    on = set(path)
    opacity = [1.0 if (not path or n.id in on) else 0.35 for n in TAXONOMY]
    width = [4.0 if (path and n.id == path[-1]) else 1.5 for n in TAXONOMY]
    return [{}, {}, {"x": px, "y": py}, {"marker": {"opacity": opacity, "line": {"width": width}}}]


def _highlight(fig: go.Figure, path: tuple[str, ...]) -> None:
    for trace, update in zip(fig.data, _highlight_patch(path)):
        trace.update(update)


_YES_NO = (("Yes", True), ("No", False))


def classifier_explorable() -> Explorable:
    """The "which class is this model?" explorer over the six taxonomy questions (§1.1, §1.2.4)."""

    def update(situationally_aware, training_gaming, pursues_specified_goal, motive, for_power_later, guards_goals):
        c = classify_model(situationally_aware, training_gaming, pursues_specified_goal, motive, for_power_later,
                           guards_goals)
        mc = c.model_class
        text = f"Lands in: {mc.name} ({mc.section}). {mc.definition}"
        if c.notes:
            text += " " + " ".join(c.notes)
        return Patch(data=_highlight_patch(c.path), readout=text)

    controls = (
        Choice("situationally_aware", "Situationally aware?", _YES_NO, True),
        Choice("training_gaming", "Training-gaming?", _YES_NO, True),
        Choice("pursues_specified_goal", "If not gaming: pursues the specified goal?", _YES_NO, True),
        Choice("motive", "If gaming: terminal or instrumental?", (("Terminal", "terminal"),
                                                                 ("Instrumental", "instrumental")), "instrumental"),
        Choice("for_power_later", "If instrumental: for power later?", _YES_NO, True),
        Choice("guards_goals", "If for power: by guarding its goals?", _YES_NO, True),
    )
    return Explorable(
        "classifier", "Which class is this model?", controls, taxonomy_figure, update,
        alt=("Decision tree of model classes. From the root, 'Training-gaming?' splits into non-gamers (training "
             "saint or misgeneralized non-training-gamer, by whether the specified goal is pursued) and gamers "
             "(reward-on-the-episode seeker if terminal; if instrumental, other instrumental training-gamer "
             "unless the aim is power later, in which case a schemer, goal-guarding or not). The path for "
             "the chosen answers is drawn in red and the class it reaches is outlined."),
    )
