"""Models, figures and interactive panels for the *Scheming AIs* companion book.

The package follows one direction of dependency: ``models`` (pure numpy) <- ``figures`` (plotly
builders and the shared rendering path) <- ``widgets`` (ipywidgets panels). Chapters import from here
and stay short.
"""

__version__ = "0.1.0"
