"""Explorables whose model runs in the page: every slider live at once, at every grid value.

A precomputed :class:`~.explorable.StaticExplorer` covers at most a few thousand combinations. A model with
six sliders of 101 positions each has about 10^12, so its static form cannot be a table. An
:class:`InPageExplorable` is an ordinary :class:`~.explorable.Explorable` (same controls, same Python
``update``, same live ipywidgets panel) whose static HTML carries the figure at its defaults plus the
name of a model in ``static/scheming-models.js``. That script re-implements the model's arithmetic,
operation for operation, and hands ``scheming-book.js`` each new figure to draw: the book keeps one way of
drawing figures, and the browser test checks the script against this package at random settings.

The page's HTML has the same shape as a static explorer's (``<figure class="sc-explorer">``, labelled,
keyboard-operable range inputs, a readout), with a one-frame table that ``scheming-book.js`` draws
before the script takes over. ``sphinx_ext`` loads ``scheming-models.js`` only on pages whose HTML
contains :data:`INPAGE_MARKER`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .explorable import Explorable, Slider, StaticExplorer, _trace_updates, figure_words
from .render import PLOT_CONFIG, plain

#: Key in the explorer's JSON that names its in-page model (also how sphinx_ext spots such pages).
INPAGE_MARKER = "sc-inpage-model"
#: Models that static/scheming-models.js implements.
INPAGE_MODELS = frozenset({"credence"})


@dataclass(frozen=True)
class InPageExplorable(Explorable):
    """An explorable whose static form computes in the page (``script_model`` in scheming-models.js)."""

    script_model: str = ""
    #: Plain JSON the page's script needs besides the slider grids (labels, fixed texts).
    script_config: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.script_model not in INPAGE_MODELS:
            raise ValueError(f"script_model must be one of {sorted(INPAGE_MODELS)}, got {self.script_model!r}")
        if not all(isinstance(p, Slider) for p in self.params):
            raise ValueError(f"in-page explorable {self.name!r} supports sliders only")

    def static_html(  # type: ignore[override]
        self, *, number: str | None = None, caption: str | None = None, alt: str | None = None
    ) -> InPageExplorer:
        """The kernel-free version: controls, the default figure, and the in-page model's name (with the
        chapter's number, caption and alt text, as for :meth:`Explorable.static_html`)."""
        return InPageExplorer(self, number=number, caption=caption, alt=alt)


class InPageExplorer(StaticExplorer):
    """Static HTML of an :class:`InPageExplorable`: the explorer markup with a one-frame table."""

    compact = False  # a small table, and the build looks for INPAGE_MARKER in the page's text

    def __init__(  # no grid cap: nothing is precomputed but the default
        self, explorable: InPageExplorable, *, number: str | None = None, caption: str | None = None,
        alt: str | None = None,
    ):
        self.ex = explorable
        self.number, self.caption, self.alt = figure_words(explorable, number, caption, alt)

    def table(self) -> dict[str, Any]:
        """A table ``scheming-book.js`` can draw (the default setting only) plus what the script needs."""
        ex = self.ex
        assert isinstance(ex, InPageExplorable)
        base = ex.base_spec
        patch = ex.patch()
        n = len(base["data"])
        return {
            "params": [],  # one frame: the script computes every other setting
            "base": {"data": base["data"], "layout": base["layout"], "config": PLOT_CONFIG},
            "initial": [],
            "traces": [[u] for u in _trace_updates(patch, n)],
            "layouts": [plain(patch.layout)],
            "readouts": [patch.readout],
            "frames": [[0] * (n + 2)],
            INPAGE_MARKER: ex.script_model,
            "inpage": {
                "names": [p.name for p in ex.params],
                "values": [list(p.values) for p in ex.params],
                "initial": [p.index(p.default) for p in ex.params],
                "config": plain(ex.script_config),
            },
        }
