"""Chapter 4, §4.2: the counting enumerator as an explorable, class shares of max-reward goals under four measures."""

from __future__ import annotations

import plotly.graph_objects as go

from ..explore.explorable import Explorable, Patch, Slider
from ..explore.narrow import narrow, two_lines
from ..explore.theme import PALETTE, TEMPLATE
from ..models.counting import (
    COUNTING_CLASSES,
    DEFAULT_SIMPLICITY_WEIGHT,
    DEFAULT_SPEC_BITS,
    MEASURES,
    counts_and_shares,
)

SHORT_NAMES = ("Saint", "Misgeneralized", "Reward seeker", "Schemer")
MEASURE_LABELS = {
    "uniform": "Uniform (strict count)",
    "simplicity": "Simplicity-weighted",
    "pointer": "Pointer into world model",
    "hazy": "Hazy (count and simplicity mixed)",
}
MEASURE_COLOURS = {"uniform": PALETTE["blue"], "simplicity": PALETTE["orange"], "pointer": PALETTE["green"],
                   "hazy": PALETTE["purple"]}
CONCEPT_GRID = (4.0, 8.0, 16.0, 32.0, 64.0, 256.0, 1024.0, 4096.0)
AMBITION_GRID = (2.0, 4.0, 8.0, 16.0)
SPEC_BITS_GRID = (0.0, 1.0, 4.0, 8.0, 16.0, 32.0)
STRENGTH_GRID = (0.5, 1.0, 2.0)
WEIGHT_GRID = (0.0, 0.5, 1.0)
N_PROXIES = 2


def counting_base_figure() -> go.Figure:
    """Grouped bars: one group per model class, one bar per measure."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, height=440, barmode="group",
                      title=dict(text="Share of max-reward goals in each class, by measure (book's toy, §4.2)",
                                 x=0.01, xanchor="left"),
                      legend=dict(orientation="h", y=-0.18, x=0), margin=dict(t=60, b=100))
    for m in MEASURES:
        fig.add_trace(go.Bar(x=list(SHORT_NAMES), y=[0.0] * 4, name=MEASURE_LABELS[m],
                             marker=dict(color=MEASURE_COLOURS[m]), texttemplate="%{y:.0%}",
                             textposition="outside", textangle=-90, textfont=dict(size=11),
                             hovertemplate=f"{MEASURE_LABELS[m]}<br>%{{x}}: %{{y:.2%}}<extra></extra>"))
    fig.update_yaxes(range=[0, 1.25], tickformat=".0%", title_text="share of the measure")
    # On a phone: class names on two lines, the legend in rows below.
    return narrow(fig, {"height": 500, "margin": {"t": 80, "b": 130, "l": 55, "r": 10}, "xaxis": {"tickangle": 0},
                        "legend": {"y": -0.16}, "bargap": 0.12, "bargroupgap": 0.04},
                  data=[{"x": [two_lines(n) for n in SHORT_NAMES]}] * len(MEASURES))


def counting_patch(n_concepts: float, ambition_levels: float, spec_bits: float, strength: float,
                   simplicity_weight: float = DEFAULT_SIMPLICITY_WEIGHT) -> Patch:
    """Bars and readout for one goal universe, simplicity setting and hazy mixture."""
    # The live panel's sliders are continuous: round to the whole numbers the universe needs.
    n, a = round(n_concepts), round(ambition_levels)
    counts, shares = counts_and_shares(n, n_proxies=N_PROXIES, spec_bits=spec_bits, strength=strength,
                                       ambition_levels=a, simplicity_weight=simplicity_weight)
    data = [{"y": row} for row in shares]
    total = int(counts.sum())
    readout = (f"{total} max-reward goals: saint {counts[0]}, misgeneralized {counts[1]}, reward seeker "
               f"{counts[2]}, schemer {counts[3]}. Schemer share: "
               + ", ".join(f"{m} {s:.0%}" for m, s in zip(MEASURES, shares[:, 3])) + ".")
    return Patch(data=data, readout=readout)


def counting_explorable() -> Explorable:
    """Explorable of the §4.2 enumerator: universe size, how finely ambition is carved, goal content, bias."""
    controls = (
        Slider("n_concepts", "Concepts in the world model (universe size)", CONCEPT_GRID, 1024.0, log=True,
               fmt="{:.0f}"),
        Slider("ambition_levels", "Ambition levels (how finely goals are carved)", AMBITION_GRID, 2.0,
               log=True, fmt="{:.0f}"),
        Slider("spec_bits", "Content length of the specified goal (bits)", SPEC_BITS_GRID, DEFAULT_SPEC_BITS,
               fmt="{:.0f}"),
        Slider("strength", "Strength of the simplicity bias", STRENGTH_GRID, 1.0, fmt="{:.1f}"),
        Slider("simplicity_weight", "Hazy mix: weight on the simplicity measure", WEIGHT_GRID,
               DEFAULT_SIMPLICITY_WEIGHT, fmt="{:.1f}"),
    )
    return Explorable(
        "counting-measures", "The counting argument: the measure matters", controls,
        counting_base_figure, counting_patch,
        alt=("Grouped bar chart. For each of four model classes (training saint, misgeneralized "
             "non-training-gamer, reward-on-the-episode seeker, schemer) four bars give the share of "
             "max-reward goals in that class under a uniform count, a simplicity-weighted measure, a pointer "
             "measure and a hazy mixture of the count and the simplicity measure. With the defaults (1024 "
             "concepts, a specified goal as short as the shortest other concept) the schemer takes nearly all "
             "the measure under the uniform and pointer measures, under half under the simplicity measure, and "
             "about three quarters under the even hazy mixture."),
    )


__all__ = ["COUNTING_CLASSES", "counting_explorable"]
