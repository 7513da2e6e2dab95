"""The framework every figure goes through: one rendering path (``show``), explorables, in-page models, the
theme, and the live ipywidgets panel. It knows no chapter: the builders live in :mod:`..figures`."""

from .explorable import Choice, Explorable, Patch, Slider, apply_patch
from .inpage import InPageExplorable
from .panel import LivePanel, live_panel
from .render import PlotlyFigure, figure_json, show
from .theme import CLASS_COLOURS, PALETTE, new_figure

__all__ = [
    "CLASS_COLOURS",
    "PALETTE",
    "Choice",
    "Explorable",
    "InPageExplorable",
    "LivePanel",
    "Patch",
    "PlotlyFigure",
    "Slider",
    "apply_patch",
    "figure_json",
    "live_panel",
    "new_figure",
    "show",
]
