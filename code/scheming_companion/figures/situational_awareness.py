"""Chapter 2, §2.1: the "am I being trained?" cue toy as an explorable, evidence bars and the posterior."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.explorable import Choice, Explorable, Param, Patch, Slider
from ..explore.narrow import narrow, stacked
from ..explore.theme import INK, PALETTE, TEMPLATE
from ..models.situational_awareness import DEFAULT_CUES, training_posterior

PRIOR_GRID = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
DISGUISE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
TOWARDS_TRAINING = PALETTE["vermillion"]
TOWARDS_DEPLOYMENT = PALETTE["blue"]
ROWS = ("Prior", *(c.short for c in DEFAULT_CUES), "Total: posterior")
_PRESENT = (("Present", True), ("Absent", False))
#: Cues shown by default: an input with one sign of an evaluation (an artificial-looking scenario).
DEFAULT_SEEN = {"rubric": False, "artificial": True, "late_date": False, "personal": False}


def cue_base_figure() -> go.Figure:
    """Empty frame: log-odds contributions (left), prior and posterior probability (right)."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.64, 0.36], horizontal_spacing=0.1,
                        subplot_titles=("Evidence (log-odds)", "Chance of training"))
    fig.update_layout(template=TEMPLATE, height=440, showlegend=False, margin=dict(t=80, b=60, l=170),
                      title=dict(text="Am I being trained? (book's toy, §2.1)", x=0.01, xanchor="left"))
    fig.add_trace(go.Bar(y=list(ROWS), x=np.zeros(len(ROWS)), orientation="h", name="log-odds",
                         marker=dict(color=[INK] * len(ROWS)), text=[""] * len(ROWS), textposition="auto",
                         hovertemplate="%{y}: %{x:+.2f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=["prior", "posterior"], y=[0, 0], marker=dict(color=[PALETTE["grey"], INK]),
                         texttemplate="%{y:.0%}", textposition="outside", name="probability",
                         hovertemplate="%{x}: %{y:.1%}<extra></extra>"), row=1, col=2)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_xaxes(range=[-8, 8], zeroline=True, zerolinecolor=INK, title_text="← deployment · training →",
                     row=1, col=1)
    fig.update_yaxes(range=[0, 1.15], tickformat=".0%", row=1, col=2)
    # On a phone: the evidence above the two probabilities.
    return narrow(fig, stacked(fig, height=760, gap=0.2, share=0.6),
                  {"margin": {"t": 90, "b": 40, "l": 150, "r": 10}, "xaxis": {"title": {"text": "← deploy · train →"}}})


def cue_patch(prior: float, disguise: float, **seen: bool) -> Patch:
    """Patch: each cue's evidence, the total, and the posterior probability."""
    observed = [bool(seen[c.name]) for c in DEFAULT_CUES]
    inf = training_posterior(prior, observed, disguise=disguise)
    values = np.r_[inf.prior_log_odds, inf.contributions, inf.posterior_log_odds]
    colours = [PALETTE["grey"]] + [TOWARDS_TRAINING if v > 0 else TOWARDS_DEPLOYMENT for v in inf.contributions]
    colours.append(TOWARDS_TRAINING if inf.posterior_log_odds > 0 else TOWARDS_DEPLOYMENT)
    text = ["", *("present" if o else "absent" for o in observed), ""]
    strongest = int(np.argmax(np.abs(inf.contributions)))
    cue = DEFAULT_CUES[strongest]
    readout = (f"P(training or evaluation | cues) = {inf.posterior:.2f} (prior {prior:.2f}). Strongest cue: "
               f"{cue.label.lower()} ({text[strongest + 1]}), which multiplies the odds by "
               f"{np.exp(inf.contributions[strongest]):.2g}.")
    data = [{"x": values, "marker": {"color": colours}, "text": text}, {"y": [prior, inf.posterior]}]
    return Patch(data=data, readout=readout)


def cue_explorable() -> Explorable:
    """Explorable of the cue toy: prior, how well tests are disguised, and which cues the input shows."""
    controls: tuple[Param, ...] = (
        Slider("prior", "Prior probability of training or evaluation", PRIOR_GRID, 0.5, fmt="{:g}"),
        Slider("disguise", "How well tests are disguised as deployment", DISGUISE_GRID, 0.0, fmt="{:g}"),
        *(Choice(c.name, c.label, _PRESENT, DEFAULT_SEEN[c.name]) for c in DEFAULT_CUES),
    )
    return Explorable(
        "training-cues", "Am I being trained?", controls, cue_base_figure, cue_patch,
        alt=("Left: horizontal bar chart of evidence in log-odds: the prior, then one bar per cue (grading "
             "rubric, artificial-looking scenario, a date later than the training data, messy details from a real "
             "user), coloured by whether it points towards training or towards deployment, then the posterior "
             "total. Right: two bars, the prior and the posterior probability of being in training or "
             "evaluation."),
    )
