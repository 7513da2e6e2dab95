"""Plotly figure builders and the shared rendering path (``show``) and explorables."""

from .explorable import Choice, Explorable, Patch, Slider, apply_patch
from .render import PlotlyFigure, figure_json, show
from .theme import CLASS_COLOURS, PALETTE, new_figure

__all__ = [
    "CLASS_COLOURS",
    "PALETTE",
    "Choice",
    "Explorable",
    "Patch",
    "PlotlyFigure",
    "Slider",
    "apply_patch",
    "figure_json",
    "new_figure",
    "show",
]
