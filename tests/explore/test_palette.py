"""One colour-blind-safe palette on every page: every colour in every stored figure is an Okabe-Ito colour,
a tint or translucent version of one, or a grey (explore/theme.py)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from scheming_companion.explore.theme import PALETTE, in_palette, tint, translucent

from ..support import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]*.ipynb"))
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|rgba?\([^)]*\)")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_colour_is_from_the_palette(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    found = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {}).get("application/vnd.plotly.v1+json")
            if data:
                found |= set(COLOUR.findall(str(data)))
    assert found, f"{path.name}: no figure colours found"
    assert sorted(c for c in found if not in_palette(c)) == []


def test_in_palette_tells_palette_colours_from_others() -> None:
    for name in PALETTE:
        assert in_palette(PALETTE[name]) and in_palette(tint(name, 0.4)) and in_palette(translucent(name, 0.3))
    assert in_palette("#F7F7F7") and in_palette("rgba(0,0,0,0)")
    for other in ("#08519C", "#5B2A6E", "#FF0000", "rgb(10, 200, 30)", "red", "#12345"):
        assert not in_palette(other), other
    with pytest.raises(ValueError, match="palette colour name"):
        tint("teal", 0.5)
    with pytest.raises(ValueError, match="alpha"):
        translucent("blue", 1.5)
