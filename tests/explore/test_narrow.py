"""Narrow (phone) layouts: how a patch is stored and applied; no builder's patch hides what a model computed."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from scheming_companion.book.outline import load_outline
from scheming_companion.explore.narrow import NARROW_BELOW, narrow, narrow_spec, stacked, two_lines, wrap
from scheming_companion.explore.render import figure_json
from scheming_companion.figures import EXPLORABLES
from scheming_companion.figures.argument_map import argument_map_figure
from scheming_companion.figures.deception import cicero_figure, coinrun_figure
from scheming_companion.figures.taxonomy import taxonomy_figure

from ..support import ROOT


def _two_panels() -> go.Figure:
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=("left", "right"))
    fig.add_trace(go.Bar(x=["a", "b"], y=[1, 2]), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1], y=[1, 0]), row=1, col=2)
    return fig


def test_narrow_stores_its_patch_in_the_figure_and_jupyter_ignores_it() -> None:
    fig = narrow(_two_panels(), {"height": 700}, data=[{"textangle": -90}])
    patch = fig.layout.meta["narrow"]
    assert patch["below"] == NARROW_BELOW and patch["layout"]["height"] == 700
    assert patch["layout"]["uniformtext"] == {"minsize": 9, "mode": "hide"}
    wide = figure_json(fig)
    assert wide["layout"].get("height") != 700  # the wide figure is unchanged
    small = narrow_spec(wide)
    assert small["layout"]["height"] == 700 and small["data"][0]["textangle"] == -90
    assert "textangle" not in small["data"][1]


def test_stacked_panels_fill_the_width_and_keep_their_titles_over_them() -> None:
    fig = _two_panels()
    small = narrow_spec(figure_json(narrow(fig, stacked(fig, height=800, titles=("top", "bottom")))))
    lay = small["layout"]
    assert lay["xaxis"]["domain"] == [0, 1] and lay["xaxis2"]["domain"] == [0, 1]
    assert lay["yaxis"]["domain"][0] > lay["yaxis2"]["domain"][1]  # the first panel above the second
    titles = [(a["text"], a["y"]) for a in lay["annotations"]]
    assert titles == [("top", lay["yaxis"]["domain"][1]), ("bottom", lay["yaxis2"]["domain"][1])]


def test_lists_of_objects_merge_item_by_item_and_other_lists_replace() -> None:
    spec = {"data": [{"x": [1, 2]}], "layout": {"annotations": [{"text": "a", "x": 0}, {"text": "b", "x": 1}],
                                                 "meta": {"narrow": {"below": 500, "data": [{"x": [3]}],
                                                                     "layout": {"annotations": [{}, {"x": 5}]}}}}}
    small = narrow_spec(spec)
    assert small["layout"]["annotations"] == [{"text": "a", "x": 0}, {"text": "b", "x": 5}]
    assert small["data"][0]["x"] == [3]


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"data": [{}, {}, {}]}, "2 traces"),
    ({"below": 50}, "below"),
    ({"below": "wide"}, "below"),
])
def test_narrow_refuses_bad_arguments(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        narrow(_two_panels(), **kwargs)


def test_narrow_refuses_a_property_plotly_does_not_have() -> None:
    with pytest.raises(ValueError):
        narrow(_two_panels(), {"xaxis": {"no_such_property": 1}})


def test_labels_break_for_narrow_axes() -> None:
    assert two_lines("Reward seeker") == "Reward<br>seeker"
    assert two_lines("Misgeneralized").replace("-<br>", "") == "Misgeneralized"
    assert two_lines("Saint") == "Saint"
    assert wrap("Adequate future empowerment", 14) == "Adequate<br>future<br>empowerment"
    assert wrap("a b c", 14) == "a b c"


@pytest.mark.parametrize("name", sorted(EXPLORABLES))
def test_a_narrow_patch_never_overrides_what_the_model_computes(name: str) -> None:
    """The page applies the narrow patch after each setting's patch: it may change how a trace is laid out, but
    must not set a property that the explorer's settings change (it would freeze it)."""
    ex = EXPLORABLES[name]()
    meta = ex.base_spec["layout"].get("meta") or {}
    if "narrow" not in meta:
        pytest.skip(f"{name} has no phone layout")
    patch = ex.patch()
    for i, (computed, narrow_update) in enumerate(zip(patch.data, meta["narrow"]["data"])):
        shared = set(computed) & set(narrow_update)
        assert not shared, f"{name}: trace {i}'s narrow patch sets {sorted(shared)}, which each setting computes"
    shared = _leaves(patch.layout) & _leaves(meta["narrow"]["layout"])
    assert not shared, f"{name}: the narrow layout sets {sorted(shared)}, which each setting computes"


def _leaves(tree: object, prefix: str = "") -> set[str]:
    """The paths of a layout patch's values ("xaxis.title.text"); a list counts as one value."""
    if not isinstance(tree, dict):
        return {prefix}
    return set().union(*(_leaves(v, f"{prefix}.{k}" if prefix else k) for k, v in tree.items()))


def test_portrait_diagrams_keep_every_label() -> None:
    """A redrawn diagram moves its labels; it does not drop any."""
    for fig in (argument_map_figure(load_outline(ROOT)), taxonomy_figure(), cicero_figure(), coinrun_figure()):
        wide = figure_json(fig)
        small = narrow_spec(wide)
        assert len(small["layout"].get("annotations", [])) == len(wide["layout"].get("annotations", []))
        assert [t.get("text") and len(t["text"]) for t in small["data"]] == [
            t.get("text") and len(t["text"]) for t in wide["data"]]
        hidden = [a for a in small["layout"].get("annotations", []) if a.get("visible") is False]
        assert len(hidden) <= 2  # only the argument map's two column headers (its legend names them)
