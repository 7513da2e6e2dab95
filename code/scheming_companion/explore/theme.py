"""One look for every figure: the Okabe-Ito colour-blind-safe palette and a small plotly template."""

from __future__ import annotations

import re

import plotly.graph_objects as go

#: Okabe & Ito (2008) palette, safe for the common colour-vision deficiencies.
PALETTE: dict[str, str] = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#7F7F7F",
    "black": "#000000",
}

#: Colour of each model class, used by every chapter so a class looks the same everywhere.
CLASS_COLOURS: dict[str, str] = {
    "Training saint": PALETTE["green"],
    "Misgeneralized non-training-gamer": PALETTE["sky"],
    "Reward-on-the-episode seeker": PALETTE["orange"],
    "Other instrumental training-gamer": PALETTE["grey"],
    "Schemer": PALETTE["vermillion"],
    "Schemer (not goal-guarding)": PALETTE["vermillion"],
    "Goal-guarding schemer": PALETTE["purple"],
}



def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def tint(name: str, white: float) -> str:
    """A palette colour mixed with ``white`` (a share in [0, 1]) of white: the book's only way to get a
    lighter shade, so that every colour on every page stays within the one palette."""
    if name not in PALETTE or not 0.0 <= white <= 1.0:
        raise ValueError(f"tint needs a palette colour name ({', '.join(PALETTE)}) and a white share in [0, 1]")
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in _rgb(PALETTE[name]))


def translucent(name: str, alpha: float) -> str:
    """A palette colour at opacity ``alpha`` in [0, 1], as plotly's rgba()."""
    if name not in PALETTE or not 0.0 <= alpha <= 1.0:
        raise ValueError(f"translucent needs a palette colour name ({', '.join(PALETTE)}) and an alpha in [0, 1]")
    r, g, b = _rgb(PALETTE[name])
    return f"rgba({r}, {g}, {b}, {alpha:g})"


def in_palette(colour: str) -> bool:
    """Is ``colour`` (hex or rgb/rgba) a palette colour, a tint or translucent version of one, or a grey?"""
    c = colour.strip().lower().replace(" ", "")
    m = re.fullmatch(r"rgba?\((\d+),(\d+),(\d+)(?:,[\d.]+)?\)", c)
    if m:
        rgb = tuple(int(v) for v in m.groups())
    elif re.fullmatch(r"#[0-9a-f]{6}", c):
        rgb = _rgb(c)
    else:
        return False
    if rgb[0] == rgb[1] == rgb[2]:
        return True  # greys, black and white: neutral for every kind of colour vision
    for base in PALETTE.values():
        b = _rgb(base)
        # rgb = b + (255 - b) * w for one white share w (within rounding) for every channel
        shares = [(v - bc) / (255 - bc) for v, bc in zip(rgb, b) if bc != 255]
        if shares and all(-0.01 <= w <= 1.0 for w in shares) and max(shares) - min(shares) <= 0.02:
            return True
    return False


#: Neutral colours for schematic drawings.
INK = "#333333"
MUTED = "#BBBBBB"
HIGHLIGHT = PALETTE["vermillion"]

#: A small template (the stock ones add ~10 kB of JSON to every figure).
TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13, color=INK),
        colorway=[PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")],
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin=dict(l=60, r=20, t=50, b=50),
        hoverlabel=dict(namelength=-1),
        xaxis=dict(gridcolor="#E5E5E5", zerolinecolor="#CCCCCC", linecolor="#888888"),
        yaxis=dict(gridcolor="#E5E5E5", zerolinecolor="#CCCCCC", linecolor="#888888"),
    )
)


def new_figure(*, title: str, height: int = 420, **layout: object) -> go.Figure:
    """Return an empty figure with the book's template, a title and a fixed height."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=dict(text=title, x=0.01, xanchor="left"), height=height, **layout)
    return fig


def blank_axes(fig: go.Figure, x_range: tuple[float, float], y_range: tuple[float, float]) -> go.Figure:
    """Hide the axes of a schematic drawing and fix its coordinate ranges."""
    hidden = dict(visible=False, fixedrange=True)
    fig.update_xaxes(range=list(x_range), **hidden)
    fig.update_yaxes(range=list(y_range), **hidden)
    return fig
