"""Explorables: a model turned into a kernel-free interactive figure for the static book.

An :class:`Explorable` names a few parameters (sliders over a grid, or choices), a base figure, and an
``update`` function that calls the model and says how the figure changes. For the built book it is
evaluated at every combination of the grid values ahead of time; the page gets HTML controls
(range inputs and radio buttons, keyboard-operable and labelled) and a small script that swaps in the
precomputed traces. Nothing runs in the browser but a table look-up, so what a reader sees is exactly
what the Python model computed. The same object drives the live ipywidgets panel
(:func:`scheming_companion.explore.live_panel`), which calls the model directly at any value.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import plotly.graph_objects as go

from .compact import encode_table
from .render import PLOT_CONFIG, _caption_html, check_name, dumps, figure_json, jupyter_plotly, merge, plain, plot_div


@dataclass(frozen=True)
class Slider:
    """A numeric parameter: a grid of values for the static page, a continuous range for the live panel."""

    name: str
    label: str
    values: tuple[float, ...]
    default: float
    log: bool = False
    fmt: str = "{:.3g}"
    #: The live slider's step when the model only resolves whole steps (None: a fine step, ``panel.slider_step``).
    step: float | None = None

    def __post_init__(self) -> None:
        vals = tuple(float(v) for v in self.values)
        if self.step is not None and (self.log or not 0 < self.step <= vals[-1] - vals[0]):
            raise ValueError(f"step of slider {self.name!r} must be positive, within its range, on a linear slider")
        if len(vals) < 2 or any(b <= a for a, b in zip(vals, vals[1:])):
            raise ValueError(f"values of slider {self.name!r} must be at least two increasing numbers")
        if self.log and vals[0] <= 0:
            raise ValueError(f"values of log slider {self.name!r} must be positive")
        object.__setattr__(self, "values", vals)
        if float(self.default) not in vals:
            raise ValueError(f"default of slider {self.name!r} must be one of its values, got {self.default!r}")

    def labels(self) -> list[str]:
        """The text shown beside the slider for each grid value."""
        return [self.fmt.format(v) for v in self.values]

    def index(self, value: Any) -> int:
        """Index of ``value`` in the grid (nearest grid value)."""
        return min(range(len(self.values)), key=lambda i: abs(self.values[i] - float(value)))


@dataclass(frozen=True)
class Choice:
    """A parameter with a few named options (radio buttons on the page, toggle buttons in Jupyter)."""

    name: str
    label: str
    options: tuple[tuple[str, Any], ...]
    default: Any

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise ValueError(f"choice {self.name!r} needs at least two options")
        if self.default not in self.values:
            raise ValueError(f"default of choice {self.name!r} must be one of its option values")

    @property
    def values(self) -> tuple[Any, ...]:
        return tuple(v for _, v in self.options)

    def labels(self) -> list[str]:
        return [label for label, _ in self.options]

    def index(self, value: Any) -> int:
        return self.values.index(value)


Param = Slider | Choice


@dataclass(frozen=True)
class Patch:
    """How a figure changes for one setting: per-trace property updates, layout updates and a readout."""

    data: Sequence[dict[str, Any]] = ()
    layout: dict[str, Any] = field(default_factory=dict)
    readout: str = ""


@dataclass(frozen=True)
class Explorable:
    """A model made explorable: parameters, a base figure, and an update that calls the model.

    ``alt`` is the builder's description of what it draws (the default alt text). The figure's number and
    caption are the chapter's words: the chapter gives them to :meth:`static_html`, and may override ``alt``.
    """

    name: str
    title: str
    params: tuple[Param, ...]
    base: Callable[[], go.Figure]
    update: Callable[..., Patch]
    alt: str
    max_combinations: int = 4000

    def __post_init__(self) -> None:
        check_name(self.name)
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError(f"parameter names of explorable {self.name!r} must be unique")

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def n_combinations(self) -> int:
        return math.prod(len(p.values) for p in self.params)

    def patch(self, **values: Any) -> Patch:
        """The patch at ``values`` (missing parameters take their defaults)."""
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)} for explorable {self.name!r}")
        return self.update(**{**self.defaults, **values})

    def figure(self, **values: Any) -> go.Figure:
        """The full figure at ``values``: the base figure with the patch applied."""
        return apply_patch(self.base(), self.patch(**values))

    @cached_property
    def base_spec(self) -> dict[str, Any]:
        """The base figure as plain JSON, built once."""
        return figure_json(self.base())

    def spec(self, **values: Any) -> dict[str, Any]:
        """The figure at ``values`` as plain JSON, without building a plotly Figure (fast, for live panels).

        Equals ``figure_json(self.figure(**values))``: the same merge the book's script does.
        """
        return spec_with_patch(self.base_spec, self.patch(**values))

    def readout(self, **values: Any) -> str:
        return self.patch(**values).readout

    def static_html(
        self, *, number: str | None = None, caption: str | None = None, alt: str | None = None
    ) -> StaticExplorer:
        """The kernel-free version for the built book (also shows the default figure in Jupyter).

        The chapter gives the figure its words: ``number`` ("4.4") and ``caption``, and ``alt`` to override
        the builder's default alt text.
        """
        return StaticExplorer(self, number=number, caption=caption, alt=alt)


def apply_patch(fig: go.Figure, patch: Patch) -> go.Figure:
    """Apply a patch to a figure in place and return it."""
    if len(patch.data) > len(fig.data):
        raise ValueError(f"patch has {len(patch.data)} trace updates but the figure has {len(fig.data)} traces")
    for trace, update in zip(fig.data, patch.data):
        trace.update(update)
    if patch.layout:
        fig.update_layout(patch.layout)
    return fig


def spec_with_patch(base: dict[str, Any], patch: Patch) -> dict[str, Any]:
    """Apply a patch to a plain figure spec, as ``apply_patch`` does to a Figure."""
    if len(patch.data) > len(base["data"]):
        raise ValueError(f"patch has {len(patch.data)} trace updates but the figure has {len(base['data'])} traces")
    updates = _trace_updates(patch, len(base["data"]))
    return {
        "data": [merge(trace, update) for trace, update in zip(base["data"], updates)],
        "layout": merge(base["layout"], plain(patch.layout)),
    }


def _trace_updates(patch: Patch, base_len: int) -> list[dict[str, Any]]:
    data = [plain(d) for d in patch.data]
    return data + [{}] * (base_len - len(data))


def figure_words(
    explorable: Explorable, number: str | None, caption: str | None, alt: str | None
) -> tuple[str | None, str | None, str]:
    """Check a chapter's words for an explorable: its number, caption and alt text (default: the builder's)."""
    for key, value in (("number", number), ("caption", caption), ("alt", alt)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ValueError(f"{key} of explorable {explorable.name!r} must be non-empty text or None")
    return number, caption, (alt if alt is not None else explorable.alt).strip()


class StaticExplorer:
    """The precomputed, kernel-free explorer: HTML controls plus a look-up table of figure patches.

    The table travels packed (:mod:`.compact`: about a third of its JSON size) unless ``compact`` is off.
    """

    #: Pack the table (:func:`.compact.encode_table`); the page's script unpacks it when the figure first draws.
    compact: bool = True

    def __init__(
        self, explorable: Explorable, *, number: str | None = None, caption: str | None = None,
        alt: str | None = None,
    ):
        self.ex = explorable
        self.number, self.caption, self.alt = figure_words(explorable, number, caption, alt)
        self._table: dict[str, Any] | None = None
        n = explorable.n_combinations()
        if n > explorable.max_combinations:
            raise ValueError(
                f"explorable {explorable.name!r} has {n} combinations of grid values, "
                f"more than max_combinations={explorable.max_combinations}; use coarser grids"
            )

    def table(self) -> dict[str, Any]:
        """Every combination's patch, deduplicated per trace, per layout and per readout (computed once).

        ``frames[i]`` holds, for grid combination ``i`` (mixed radix, first parameter most significant),
        one index per trace into ``traces[t]``, then one into ``layouts`` and one into ``readouts``.
        """
        if self._table is None:
            self._table = self._compute_table()
        return self._table

    def _compute_table(self) -> dict[str, Any]:
        ex = self.ex
        base = ex.base_spec
        n_traces = len(base["data"])
        # One look-up table per trace, then layouts, then readouts: serialised part -> (index, part).
        tables: list[dict[str, tuple[int, Any]]] = [{} for _ in range(n_traces + 2)]
        frames = []
        names = [p.name for p in ex.params]
        for combo in itertools.product(*(p.values for p in ex.params)):
            patch = ex.update(**dict(zip(names, combo, strict=True)))
            parts: list[Any] = [*_trace_updates(patch, n_traces), plain(patch.layout), patch.readout]
            frames.append([t.setdefault(dumps(part), (len(t), part))[0] for t, part in zip(tables, parts, strict=True)])
        unique = [[part for _, part in t.values()] for t in tables]
        return {
            "params": [{"name": p.name, "n": len(p.values)} for p in ex.params],
            "base": {"data": base["data"], "layout": base["layout"], "config": PLOT_CONFIG},
            "initial": [p.index(p.default) for p in ex.params],
            "traces": unique[:n_traces],
            "layouts": unique[n_traces],
            "readouts": unique[n_traces + 1],
            "frames": frames,
        }

    def _controls_html(self) -> str:
        ex = self.ex
        parts = []
        for i, p in enumerate(ex.params):
            cid = f"{ex.name}-{p.name.replace('_', '-')}"
            labels = p.labels()
            d = p.index(p.default)
            if isinstance(p, Slider):
                parts.append(
                    f'<div class="sc-control sc-slider"><label for="{cid}">{html.escape(p.label)}</label>'
                    f'<input type="range" id="{cid}" data-param="{i}" min="0" max="{len(labels) - 1}" step="1" '
                    f'value="{d}" aria-valuetext="{html.escape(labels[d])}" '
                    f'data-labels="{html.escape(dumps(labels))}">'
                    f'<output for="{cid}" id="{cid}-value">{html.escape(labels[d])}</output></div>'
                )
            else:
                radios = "".join(
                    f'<label><input type="radio" name="{cid}" value="{j}" data-param="{i}"'
                    f'{" checked" if j == d else ""}> {html.escape(lab)}</label>'
                    for j, lab in enumerate(labels)
                )
                parts.append(
                    f'<fieldset class="sc-control sc-choice"><legend>{html.escape(p.label)}</legend>{radios}</fieldset>'
                )
        return f'<form class="sc-controls" aria-label="{html.escape(ex.title)}: controls">{"".join(parts)}</form>'

    def to_html(self) -> str:
        ex = self.ex
        readout = html.escape(ex.readout())
        return (
            f'<figure class="sc-explorer" id="{ex.name}">'
            f"{self._controls_html()}"
            f"{plot_div(ex.name, self.alt, ex.base_spec['layout'].get('height'))}"
            f'<p class="sc-readout" aria-live="polite">{readout}</p>'
            f"{self._table_html()}"
            f"{_caption_html(self.number, self.caption)}</figure>"
        )

    def _table_html(self) -> str:
        if self.compact:
            packed = encode_table(self.table())
            return f'<script type="text/plain" class="sc-explorer-data" data-encoding="lzw1">{packed}</script>'
        return f'<script type="application/json" class="sc-explorer-data">{dumps(self.table())}</script>'

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "application/vnd.plotly.v1+json": jupyter_plotly(figure_json(self.ex.figure()), self.number),
            "text/html": self.to_html(),
            "text/plain": (
                f"Explorer {self.ex.name} at its default settings ({self.ex.readout()}). "
                "Its controls work in the built book; in Jupyter use the live panel."
            ),
        }
