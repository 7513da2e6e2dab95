"""Argument maps in Jupyter: the book's maps (``chapters/argmaps/*.yml``) or a student's own, as HTML with live
checkboxes (ipywidgets), evaluated by :func:`scheming_companion.models.argmap.evaluate`, the same rule the book's
page runs in JavaScript.

Build a map of your own from a plain dict with :func:`build_argmap` and look at it with :func:`argmap_panel`::

    my_map = build_argmap({
        "title": "My reconstruction of the counting argument",
        "section": "4.2",
        "conclusion": {"id": "c", "text": "Training probably selects a schemer.", "section": "4.2",
                       "combine": "all", "needs": ["many", "pick"]},
        "premises": [
            {"id": "many", "text": "More high-reward models are schemers.", "section": "4.2"},
            {"id": "pick", "text": "Training picks in proportion to the count.", "section": "4.2"},
        ],
        "objections": [
            {"id": "parody", "text": "The same count predicts overfitting.", "attacks": "pick",
             "effect": "defeats", "source": "belrose2024counting", "date": "2024", "discussed": "4.2"},
        ],
    })
    argmap_panel(my_map)
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import yaml
from IPython.display import HTML

from ..models.argmap import ArgMap, argmap_html, evaluate, parse_argmap

#: Where the book keeps its maps, relative to the book's root.
ARGMAP_DIR = Path("chapters") / "argmaps"
_LAYOUT = widgets.Layout(width="min(100%, 44rem)")


def build_argmap(data: dict[str, Any], name: str = "my-map") -> ArgMap:
    """A map from a plain dict of the same shape as the book's YAML files (see the module's example).

    Raises ``ValueError`` naming the field for a missing premise, an objection attached to nothing, a cycle and
    the like. Sections are checked for their form ("4.2"), not against the book's headings."""
    return parse_argmap(data, name=name, where=name)


def load_map(name: str, start: Path | str = ".") -> ArgMap:
    """One of the book's maps by name ("counting"), found from ``start`` or any folder above it."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        path = folder / ARGMAP_DIR / f"{name}.yml"
        if path.is_file():
            return parse_argmap(yaml.safe_load(path.read_text("utf-8")), name=name, where=path.name)
    raise FileNotFoundError(f"no {ARGMAP_DIR / (name + '.yml')} in {here} or any folder above it")


@functools.cache
def _authors(start: str) -> dict[str, str]:
    """Authors' surnames by bibliography key, from the book's ``references.bib`` above ``start`` (empty if none)."""
    for folder in (Path(start), *Path(start).parents):
        bib = folder / "references.bib"
        if bib.is_file():
            from pybtex.backends.plaintext import Backend
            from pybtex.database import parse_file
            from pybtex.richtext import Text

            # One plain-text backend for every name: `render_as("text")` looks the backend up among the installed
            # packages' entry points on each call, which took 6 s for the book's 350 authors.
            text = Backend()
            out = {}
            for key, entry in parse_file(str(bib)).entries.items():
                names = [Text.from_latex(" ".join(p.last_names)).render(text) for p in entry.persons.get("author", [])]
                out[key] = (names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2
                            else f"{names[0]} et al." if names else key)
            return out
    return {}


def cite(key: str) -> str:
    """A bibliography key as its authors ("Belrose and Pope"), or the key itself outside the book."""
    return _authors(str(Path.cwd().resolve())).get(key, key)


def show_argmap(argmap: ArgMap, rejected: tuple[str, ...] = (), accepted: tuple[str, ...] = ()) -> HTML:
    """The map as static HTML, each claim with its status once ``rejected`` premises and ``accepted``
    objections are taken into account."""
    return HTML(argmap_html(argmap, rejected=rejected, accepted=accepted, interactive=False, cite=cite))


class ArgmapPanel(widgets.VBox):
    """A checkbox per premise (reject it) and per objection (accept it) above the map, which redraws with each
    claim's status at every tick."""

    def __init__(self, argmap: ArgMap) -> None:
        self.argmap = argmap
        self.rejects = {p.id: widgets.Checkbox(value=False, description=f"Reject premise: {p.text}", indent=False,
                                               layout=_LAYOUT) for p in argmap.premises}
        self.accepts = {o.id: widgets.Checkbox(value=False, description=f"Accept objection: {o.text}", indent=False,
                                               layout=_LAYOUT) for o in argmap.objections}
        self.view = widgets.HTML(layout=_LAYOUT)
        for box in (*self.rejects.values(), *self.accepts.values()):
            box.observe(lambda _change: self.redraw(), names="value")
        self.redraw()
        super().__init__([widgets.HTML(f"<b>Test the map: {len(self.rejects)} premises, {len(self.accepts)} "
                                       "objections</b>"), *self.rejects.values(), *self.accepts.values(), self.view])

    @property
    def statuses(self) -> dict[str, str]:
        """Each claim's status under the current ticks."""
        return evaluate(self.argmap, self.rejected, self.accepted)

    @property
    def rejected(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.rejects.items() if box.value)

    @property
    def accepted(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.accepts.items() if box.value)

    def redraw(self) -> None:
        self.view.value = argmap_html(self.argmap, rejected=self.rejected, accepted=self.accepted, interactive=False,
                                      cite=cite)

    def __repr__(self) -> str:
        return (f"Argument map '{self.argmap.title}' with {len(self.rejects)} premises and {len(self.accepts)} "
                "objections to tick. It needs a running Jupyter kernel.")


def argmap_panel(argmap: ArgMap | str) -> ArgmapPanel:
    """Live checkboxes over one map: an :class:`ArgMap` or the name of one of the book's maps."""
    return ArgmapPanel(load_map(argmap) if isinstance(argmap, str) else argmap)
