"""Live ipywidgets panels for Jupyter and Binder (they need a running kernel)."""

from .panel import LivePanel, live_panel

__all__ = ["LivePanel", "live_panel"]
