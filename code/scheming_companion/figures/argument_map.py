"""Chapter 0, §0.2 and §5: the map of the argument, considerations for worry and for comfort across §1-§4.

A node-link chart drawn with cartesian traces only (the book's plotly.js bundle has no sankey or sunburst):
each consideration is a node in the band of its report section (§1 at the top, §4 at the bottom), on the
left if it is a reason for worry (it pushes towards scheming) and on the right if it is a reason for
comfort, with an edge into the verdict of §5 below.
Node labels are links to the chapter that treats them, and :class:`ArgumentTable` lists the same
considerations as an HTML table with the same links, so every consideration has a link that works with
the keyboard and a screen reader.

The module types no chapter list: the page that treats each section comes from the report's outline
(:func:`~scheming_companion.book.outline.load_outline`), and the chapters' names from ``_toc.yml`` and their
headings (:func:`~scheming_companion.book.outline.load_chapters`). The chapter reads both and passes them in.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from ..explore.narrow import narrow
from ..explore.theme import INK, MUTED, PALETTE, blank_axes, new_figure

if TYPE_CHECKING:  # figures never import the book's machinery: the chapter loads the outline and passes it in
    from ..book.outline import Chapter, Section

WORRY = "worry"
COMFORT = "comfort"


@dataclass(frozen=True)
class Consideration:
    """One consideration of the report, the section that treats it, and which way it pushes."""

    key: str
    label: str
    section: str
    direction: str  # WORRY (pushes towards scheming) or COMFORT (pushes against)
    gloss: str
    anchor: str = ""  # section id on the page that treats it

    @property
    def chapter(self) -> int:
        return int(self.section.lstrip("§").split(".")[0])

    def page(self, outline: Mapping[str, Section]) -> str:
        """The book page (file name without folder or extension) that treats this consideration: the
        outline's page for its section."""
        return section_page(outline, self.section)

    def href(self, outline: Mapping[str, Section]) -> str:
        """Relative link from a chapter page to the page (and section) that treats this consideration."""
        page = self.page(outline)
        return f"{page}.html#{self.anchor}" if self.anchor else f"{page}.html"


def section_page(outline: Mapping[str, Section], section: str) -> str:
    """The page (file name without folder or extension) that restates ``section`` ("§2.3.1" or "2.3.1")."""
    number = section.lstrip("§")
    if number not in outline:
        raise ValueError(f"§{number} is not a section of the report's outline")
    return outline[number].page.rpartition("/")[2]


#: The considerations, in the book's words, grouped by section. Which way each pushes follows the report's
#: summary (§0.2) and §5; the glosses are the book's paraphrase. Every section is one listed in
#: chapters/report-outline.yml, and each anchor is the id the book's heading for that section gets: the
#: outline's title, slugged (tests/test_figures.py checks both).
CONSIDERATIONS: tuple[Consideration, ...] = (
    Consideration("honest-tests", "Hard to detect", "§1.3", WORRY,
                  "Schemers behave well even on tests built to reveal their motives, so evidence is hard to get.",
                  "why-focus-on-schemers-in-particular"),
    Consideration("slack", "Slack tolerates overhead", "§1.5", WORRY,
                  "If training leaves slack, the extra reasoning scheming needs may cost a model little.",
                  "on-slack-in-training"),
    Consideration("awareness", "Awareness likely", "§2.1", WORRY,
                  "Advanced models doing real-world tasks will probably understand their own training.",
                  "situational-awareness"),
    Consideration("no-time-limits", "Goals without time limits", "§2.2.2.1", WORRY,
                  "Goals need not come with a built-in horizon, so goals reaching past the episode may be common.",
                  "training-game-independent-beyond-episode-goals"),
    Consideration("long-horizon-training", "Training long-term goals", "§2.2.4", WORRY,
                  "Deliberately training models to pursue long-horizon goals makes beyond-episode goals likelier.",
                  "what-if-you-intentionally-train-models-to-have-long-term-goals"),
    Consideration("non-classic", "Non-classic stories", "§2.3.2", WORRY,
                  "AI coordination, values similar by default, takeover-favouring terminal values and other "
                  "routes could motivate scheming without goal-guarding.",
                  "non-classic-stories"),
    Consideration("proxy-goals", "Proxy goals favour it", "§3.1", WORRY,
                  "Training may happen upon an ambitious beyond-episode proxy goal that then motivates scheming.",
                  "the-training-game-independent-proxy-goals-story"),
    Consideration("nearest-goal", "Nearest max-reward goal", "§3.2", WORRY,
                  "Once the model is aware, the nearest change to a max-reward goal may be a schemer-like goal.",
                  "the-nearest-max-reward-goal-argument"),
    Consideration("counting", "Counting argument", "§4.2", WORRY,
                  "Far more goals motivate scheming than fit non-scheming good performance; §5 says much rests "
                  "on this.",
                  "the-counting-argument"),
    Consideration("simplicity", "Simplicity", "§4.3", WORRY,
                  "Schemer-like goals can be simpler, though the saving may be small once concepts are shared.",
                  "simplicity-arguments"),
    Consideration("penalised-horizons", "Long horizons penalised", "§2.2.2.1", COMFORT,
                  "Caring beyond the episode costs reward whenever it trades off in-episode reward, and adversarial "
                  "training before awareness can hunt for it.",
                  "training-game-independent-beyond-episode-goals"),
    Consideration("messy", "Messy goal-directedness", "§2.2.3", COMFORT,
                  "If goals are tangled heuristics rather than a clean goal slot, redirecting them into scheming "
                  "is harder.",
                  "clean-vs-messy-goal-directedness"),
    Consideration("goal-guarding", "Goal-guarding may fail", "§2.3.1.1", COMFORT,
                  "Training-gaming may not keep a model's goals intact enough to be worth it.",
                  "the-goal-guarding-hypothesis"),
    Consideration("empowerment", "Payoff may never come", "§2.3.1.2", COMFORT,
                  "The guarded goals may never get enough power, soon enough, to justify the strategy.",
                  "adequate-future-empowerment"),
    Consideration("incrementalism", "Nearer non-schemer goals", "§3.2", COMFORT,
                  "Gradient steps may not reach a schemer, and small fixes towards the specified goal may be nearer.",
                  "the-nearest-max-reward-goal-argument"),
    Consideration("speed", "Speed costs", "§4.4", COMFORT,
                  "Deciding to scheme and watching for chances to defect take extra reasoning that costs reward.",
                  "speed-arguments"),
    Consideration("not-your-passion", "Not-your-passion", "§4.5", COMFORT,
                  "Motives aimed at the task itself may do the task better than motives aimed at distant power.",
                  "the-not-your-passion-argument"),

)

_COLOURS = {WORRY: PALETTE["vermillion"], COMFORT: PALETTE["blue"]}
_X = {WORRY: -1.0, COMFORT: 1.0}  # worry on the left, comfort on the right, the verdict between them
_ROW = 1.0  # vertical distance between rows
_GAP = 0.7  # extra space between sections


def _layout() -> tuple[dict[str, tuple[float, float]], dict[int, float], float]:
    """Node positions (rows stacked by section, top to bottom), each section's mid-height, and the bottom."""
    pos: dict[str, tuple[float, float]] = {}
    mids: dict[int, float] = {}
    y = 0.0
    for chapter in sorted({c.chapter for c in CONSIDERATIONS}):
        rows = 0
        for direction in (WORRY, COMFORT):
            group = [c for c in CONSIDERATIONS if c.chapter == chapter and c.direction == direction]
            for k, c in enumerate(group):
                pos[c.key] = (_X[direction], y - k * _ROW)
            rows = max(rows, len(group))
        mids[chapter] = y - (rows - 1) * _ROW / 2
        y -= rows * _ROW + _GAP
    return pos, mids, y


def argument_map_figure(outline: Mapping[str, Section]) -> go.Figure:
    """Node-link map: every consideration of §1-§4, worry on the left and comfort on the right, feeding the
    verdict of §5 at the bottom. ``outline`` (from ``load_outline``) says which page treats each section."""
    pos, mids, bottom = _layout()
    verdict = (0.0, bottom - 0.6)
    fig = new_figure(title="The argument at a glance: reasons for worry and for comfort (§1–§4 → §5)",
                     height=720, showlegend=True, legend=dict(orientation="h", y=-0.02, x=0, yanchor="top"),
                     margin=dict(l=10, r=10, t=70, b=50))
    for direction, name in ((WORRY, "reason for worry (pushes towards scheming)"),
                            (COMFORT, "reason for comfort (pushes against)")):
        group = [c for c in CONSIDERATIONS if c.direction == direction]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for c in group:
            xs += [pos[c.key][0], verdict[0], None]
            ys += [pos[c.key][1], verdict[1], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=_COLOURS[direction], width=1),
                                 opacity=0.3, hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(
            x=[pos[c.key][0] for c in group], y=[pos[c.key][1] for c in group], mode="markers", name=name,
            marker=dict(size=15, color=_COLOURS[direction], line=dict(color="white", width=1.5),
                        symbol="triangle-up" if direction == WORRY else "triangle-down"),
            customdata=[[c.label, c.section, c.gloss] for c in group],
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{customdata[2]}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(x=[verdict[0]], y=[verdict[1]], mode="markers", name="the verdict (§5)",
                             marker=dict(size=26, color=INK, symbol="diamond"),
                             hovertemplate="§5: about 25% under the report's conditions<extra></extra>"))
    for c in CONSIDERATIONS:
        x, y = pos[c.key]
        left = c.direction == WORRY
        fig.add_annotation(x=x, y=y, text=f'<a href="{c.href(outline)}">{html.escape(c.label)}</a> {c.section}',
                           showarrow=False, xanchor="right" if left else "left", xshift=-12 if left else 12,
                           font=dict(size=12, color=INK))
    fig.add_annotation(x=verdict[0], y=verdict[1], xshift=20, xanchor="left", showarrow=False,
                       text=f'<a href="{section_page(outline, "5")}.html">§5 verdict</a>: about 25%',
                       font=dict(size=13, color=INK))
    for chapter, mid in mids.items():
        fig.add_annotation(x=0, y=mid, showarrow=False, font=dict(size=12, color=INK), bgcolor="white",
                           text=f'<b><a href="{section_page(outline, str(chapter))}.html">§{chapter}</a></b>')
    for chapter in list(mids)[1:]:
        top = max(y for (x, y) in (pos[c.key] for c in CONSIDERATIONS if c.chapter == chapter))
        fig.add_shape(type="line", x0=-3.4, x1=3.4, y0=top + (_ROW + _GAP) / 2, y1=top + (_ROW + _GAP) / 2,
                      line=dict(color=MUTED, width=1, dash="dot"))
    fig.add_annotation(x=-1.0, y=1.0, text="<b>Reasons for worry</b>", showarrow=False, xanchor="right",
                       font=dict(color=_COLOURS[WORRY], size=13))
    fig.add_annotation(x=1.0, y=1.0, text="<b>Reasons for comfort</b>", showarrow=False, xanchor="left",
                       font=dict(color=_COLOURS[COMFORT], size=13))
    blank_axes(fig, (-3.9, 4.3), (verdict[1] - 0.8, 1.5))
    layout, data = _portrait(fig)
    return narrow(fig, layout, data=data)


def _portrait(fig: go.Figure) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The map redrawn for a phone: one column, section by section (worries, then comforts), each label to the
    right of its marker, the verdict at the bottom; the legend says which marker is which. Returns the layout
    patch and the trace updates for :func:`narrow`."""
    pos: dict[str, tuple[float, float]] = {}
    firsts: dict[int, float] = {}
    y = 0.0
    for chapter in sorted({c.chapter for c in CONSIDERATIONS}):
        firsts[chapter] = y
        for direction in (WORRY, COMFORT):
            for c in (c for c in CONSIDERATIONS if c.chapter == chapter and c.direction == direction):
                pos[c.key] = (0.0, y)
                y -= _ROW
        y -= _GAP
    verdict = (0.0, y - 0.2)
    n = len(CONSIDERATIONS)
    anns: list[dict[str, Any]] = [{"x": pos[c.key][0], "y": pos[c.key][1], "xanchor": "left", "xshift": 12}
                                  for c in CONSIDERATIONS]
    anns.append({"x": verdict[0], "y": verdict[1]})
    anns += [{"x": -0.9, "y": firsts[ch]} for ch in sorted(firsts)]
    anns += [{"visible": False}, {"visible": False}]  # the column headers: the legend names the markers
    assert len(anns) == len(fig.layout.annotations) and len(fig.data) == 5
    shapes = [{"x0": -1.2, "x1": 6.0, "y0": firsts[ch] + (_ROW + _GAP) / 2, "y1": firsts[ch] + (_ROW + _GAP) / 2}
              for ch in sorted(firsts)[1:]]
    data: list[dict[str, Any]] = []
    for direction in (WORRY, COMFORT):
        group = [c for c in CONSIDERATIONS if c.direction == direction]
        data.append({"visible": False})  # the links would all run down one line
        data.append({"x": [pos[c.key][0] for c in group], "y": [pos[c.key][1] for c in group]})
    data.append({"x": [verdict[0]], "y": [verdict[1]]})
    layout = {"height": 130 + 34 * (n + 2 + len(firsts)), "annotations": anns, "shapes": shapes,
              "xaxis": {"range": [-1.3, 6.2]}, "yaxis": {"range": [verdict[1] - 0.8, 0.7]},
              "legend": {"font": {"size": 12}}, "margin": {"t": 90}}
    return layout, data


class ArgumentTable:
    """The map's considerations as an HTML table with a link each (the map's accessible twin)."""

    def __init__(self, outline: Mapping[str, Section], chapters: Mapping[str, Chapter], caption: str | None = None):
        self.outline = outline
        self.chapters = chapters
        self.caption = caption
        for c in CONSIDERATIONS:
            section_page(outline, c.section)  # the section is in the outline
            if outline[c.section.lstrip("§")].page not in chapters:
                raise ValueError(f"{c.key}: the page of {c.section} is not a chapter page in _toc.yml")

    def rows(self) -> list[Consideration]:
        order = {WORRY: 0, COMFORT: 1}
        return sorted(CONSIDERATIONS, key=lambda c: (order[c.direction], c.chapter))

    def page_name(self, c: Consideration) -> str:
        """How the table names the page that treats ``c``: "Chapter 2b: <its heading's title>"."""
        return self.chapters[self.outline[c.section.lstrip("§")].page].name

    def to_html(self) -> str:
        head = ("<thead><tr><th>Consideration</th><th>Pushes</th><th>Section</th><th>Treated in</th>"
                "</tr></thead>")
        body = []
        for c in self.rows():
            direction = "towards scheming (worry)" if c.direction == WORRY else "against scheming (comfort)"
            body.append(
                f"<tr><td><b>{html.escape(c.label)}</b>: {html.escape(c.gloss)}</td><td>{direction}</td>"
                f"<td>{html.escape(c.section)}</td>"
                f'<td><a href="{html.escape(c.href(self.outline))}">{html.escape(self.page_name(c))}</a></td></tr>'
            )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'<table class="sc-argument-table" id="argument-table">'
                f"{caption}{head}<tbody>{''.join(body)}</tbody></table>")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        text = "\n".join(f"{c.direction}: {c.label} ({c.section}) -> {c.href(self.outline)}" for c in self.rows())
        return {"text/html": self.to_html(), "text/plain": text}


def argument_table(
    outline: Mapping[str, Section], chapters: Mapping[str, Chapter], *, caption: str | None = None
) -> ArgumentTable:
    """The table twin of the argument map (display it as a cell's last expression). ``outline`` and
    ``chapters`` come from :func:`~scheming_companion.book.outline.load_outline` and
    :func:`~scheming_companion.book.outline.load_chapters`; the caption is the chapter's."""
    return ArgumentTable(outline, chapters, caption)
