"""Chapter 4, §4.3.4 and §4.4: the back-of-envelope cost calculator as an explorable."""

from __future__ import annotations

import plotly.graph_objects as go

from ..explore.explorable import Explorable, Patch, Slider
from ..explore.narrow import narrow
from ..explore.theme import PALETTE, TEMPLATE
from ..models.costs import REPORT_SPEED_COST, cost_comparison

CONCEPTS_GRID = (1e3, 1e6, 1e9, 1e12, 1e15)
PARAMS_GRID = (1e9, 1e10, 1e11, 1.8e12, 1e13)
BITS_PER_PARAM_GRID = (4.0, 8.0, 16.0, 32.0)
REASONING_GRID = (1e-4, 1e-3, 1e-2, 1e-1)
BAR_LABELS = ("goal bits saved<br>(share of the model's bits)", "extra reasoning<br>(share of compute)")


def costs_base_figure() -> go.Figure:
    """Two bars on a log axis: the simplicity saving and the speed cost, each as a share of its own budget."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, height=400,
                      title=dict(text="Simplicity saving vs speed cost, each as a share of its budget (§4.3–§4.4)",
                                 x=0.01, xanchor="left"),
                      margin=dict(l=90, t=60, b=60), showlegend=False)
    fig.add_trace(go.Bar(x=list(BAR_LABELS), y=[1e-12, REPORT_SPEED_COST],
                         marker=dict(color=[PALETTE["orange"], PALETTE["blue"]]),
                         texttemplate="%{y:.1e}", textposition="outside",
                         hovertemplate="%{x}: %{y:.2e}<extra></extra>"))
    fig.update_yaxes(type="log", range=[-17, 0.5], exponentformat="power", dtick=3,
                     title_text="share of budget (log scale)")
    # On a phone: the bar names on three short lines.
    return narrow(fig, {"margin": {"l": 70, "r": 10, "b": 80}},
                  data=[{"x": ["goal bits saved<br>(share of<br>model bits)",
                               "extra reasoning<br>(share of<br>compute)"]}])


def costs_patch(n_concepts: float, n_params: float, bits_per_param: float, extra_reasoning: float) -> Patch:
    """Bars and readout for one setting of the calculator."""
    c = cost_comparison(n_concepts, n_params, bits_per_param, extra_reasoning)
    readout = (f"A pointer to one of {n_concepts:.0e} concepts takes {c.pointer_bits:.0f} bits, "
               f"{c.bits_fraction:.1e} of a {c.model_bits:.1e}-bit model; the extra reasoning is "
               f"{c.compute_fraction:g} of compute, {c.ratio:.0e} times larger as a share. "
               "Different currencies: how training trades them is unknown.")
    return Patch(data=[{"y": [c.bits_fraction, c.compute_fraction]}], readout=readout)


def costs_explorable() -> Explorable:
    """Explorable of the cost calculator: concepts, model size, bits per parameter, extra reasoning."""
    controls = (
        Slider("n_concepts", "Concepts a goal could point at", CONCEPTS_GRID, 1e6, log=True, fmt="{:.0e}"),
        Slider("n_params", "Model parameters", PARAMS_GRID, 1.8e12, log=True, fmt="{:.2g}"),
        Slider("bits_per_param", "Bits per parameter", BITS_PER_PARAM_GRID, 16.0, fmt="{:.0f}"),
        Slider("extra_reasoning", "Schemer's extra reasoning (share of compute)", REASONING_GRID,
               REPORT_SPEED_COST, log=True, fmt="{:g}"),
    )
    return Explorable(
        "cost-calculator", "Back-of-envelope costs", controls, costs_base_figure, costs_patch,
        alt=("Bar chart on a logarithmic axis with two bars: the bits a simpler goal saves as a share of all "
             "the model's bits (about 7 × 10⁻¹³ at the defaults) and the schemer's extra reasoning as a share of "
             "its compute (0.001 at the defaults, the report's §4.4 figure)."),
    )
