"""Tests of the figure builders, the shared rendering path (``show``) and the kernel-free explorables."""

from __future__ import annotations

import html
import itertools
import json
import math
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from docutils.nodes import make_id
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.book.outline import SECTION_CITATION, load_outline
from scheming_companion.explore import Choice, Explorable, Patch, Slider, apply_patch, figure_json, show
from scheming_companion.explore.compact import decode_table
from scheming_companion.explore.explorable import StaticExplorer
from scheming_companion.explore.render import PLOT_CONFIG, SIGNIFICANT_DIGITS, plain, round_sig
from scheming_companion.figures.argument_map import CONSIDERATIONS
from scheming_companion.figures.deception import (
    FAKE_ALIGNMENT_SETS,
    LIARS,
    NESTED_VIEWS,
    cicero_figure,
    coinrun_figure,
    fake_alignment_explorable,
    fake_alignment_sets_figure,
)
from scheming_companion.figures.slack import (
    GAP_GRID,
    PRESSURE_GRID,
    PRIOR_GRID,
    SHORT_NAMES,
    slack_classes,
    slack_explorable,
)
from scheming_companion.figures.taxonomy import POSITIONS, classifier_explorable, taxonomy_figure
from scheming_companion.models import MODEL_CLASSES, TAXONOMY, classify_model, selection_under_slack

from ..support import ROOT

MIME_KEYS = {"application/vnd.plotly.v1+json", "text/html", "text/plain"}
PLOT_DATA = re.compile(r'<script type="application/json" class="sc-plot-data">(.*?)</script>', re.S)
EXPLORER_DATA = re.compile(
    r'<script type="text/plain" class="sc-explorer-data" data-encoding="lzw1">(.*?)</script>', re.S)


def numbers(obj):
    """Every int/float leaf of a JSON-like structure."""
    if isinstance(obj, dict):
        for v in obj.values():
            yield from numbers(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from numbers(v)
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        yield obj


def assert_rounded(obj, where: str) -> None:
    for x in numbers(obj):
        assert isinstance(x, int) or float(f"{x:.{SIGNIFICANT_DIGITS}g}") == x, (
            f"{where}: {x!r} has more than {SIGNIFICANT_DIGITS} significant digits"
        )


def merge(base, patch):
    """The deep merge of scheming-book.js: nested dicts merge, everything else (lists included) replaces."""
    out = dict(base or {})
    for k, v in (patch or {}).items():
        out[k] = merge(out[k], v) if isinstance(out.get(k), dict) and isinstance(v, dict) else v
    return out


def unwrap(label: str) -> str:
    """Undo the manual line breaks of the tree's node labels ("Reward-on-the-<br>episode" joins without a space)."""
    return " ".join(label.replace("-<br>", "-").replace("<br>", " ").split())  # padding spaces do not count


# --------------------------------------------------------------------------------------------------------------
# Figure builders
# --------------------------------------------------------------------------------------------------------------


class TestDeceptionFigures:
    def test_cicero(self):
        fig = cicero_figure()
        assert isinstance(fig, go.Figure)
        assert len(fig.data) == 1, f"one trace of players expected, got {len(fig.data)}"
        assert list(fig.data[0].text) == ["England", "Germany", "France (CICERO)"]
        texts = " ".join(a.text or "" for a in fig.layout.annotations)
        assert "North Sea" in texts and "To England" in texts and "To Germany" in texts, texts
        assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False, "schematic hides its axes"

    def test_nested_sets_labels(self):
        fig = fake_alignment_sets_figure()
        assert isinstance(fig, go.Figure) and len(fig.data) == 1
        text = list(fig.data[0].text)
        for name in [s[0] for s in FAKE_ALIGNMENT_SETS] + ["Liars"]:
            assert name in text, f"{name!r} missing from the nested sets labels {text}"
        assert {"Alignment fakers", "Training-gamers", "Schemers", "Goal-guarding schemers"} <= set(text)
        assert len(fig.layout.shapes) == 1 + len(FAKE_ALIGNMENT_SETS), "one ellipse per set plus the liars ring"

    def test_nested_sets_are_nested(self):
        shapes = fake_alignment_sets_figure().layout.shapes
        inner = shapes[1:]
        for outer, inside in zip(inner, inner[1:]):
            assert outer.x0 < inside.x0 < inside.x1 < outer.x1 and outer.y0 <= inside.y0 < inside.y1 < outer.y1, (
                "each set must lie inside the previous one"
            )
        assert shapes[0].x1 - shapes[0].x0 == pytest.approx(2 * LIARS[2]), "the liars ring is the outermost"

    def test_nested_sets_views(self):
        ex = fake_alignment_explorable()
        (view,) = ex.params
        assert isinstance(view, Choice) and view.labels() == ["Four nested sets", "Add liars", "Flawed-reward caveat"]
        assert not fake_alignment_sets_figure().layout.updatemenus, "views are page controls, not plotly buttons"
        views = {label: ex.figure(view=label) for label, _ in NESTED_VIEWS}
        # Default view = the base figure: liars ring and label hidden, caveat hidden.
        base = figure_json(fake_alignment_sets_figure())
        assert figure_json(views["Four nested sets"]) == base
        four = views["Four nested sets"]

        def shown(fig: go.Figure) -> list[str]:
            return [a.text for a in fig.layout.annotations if a.visible]

        assert four.layout.shapes[0].visible is False
        assert shown(four) == [s[0] for s in FAKE_ALIGNMENT_SETS], "the four set labels only"
        # "Add liars": ring and its label shown; the other sets unchanged.
        liars = views["Add liars"]
        assert liars.layout.shapes[0].visible is True and shown(liars) == ["Liars"] + shown(four)
        assert liars.layout.shapes[1:] == four.layout.shapes[1:]
        # Caveat: only the training-gamers ellipse moves, and the caveat appears.
        caveat = views["Flawed-reward caveat"]
        assert "flawed reward" in shown(caveat)[0] and shown(caveat)[1:] == shown(four)
        assert caveat.layout.shapes[2].x0 > four.layout.shapes[2].x0, "the caveat shifts the training-gamers set"
        moved = [i for i, (a, b) in enumerate(zip(caveat.layout.shapes, four.layout.shapes)) if a != b]
        assert moved == [2]
        assert caveat.layout.shapes[2].x1 > four.layout.shapes[1].x1, "shifted set must poke outside the fakers"
        # Labels sit on light boxes: dark text, whatever blue is behind.
        labels = [a for a in four.layout.annotations if a.text in dict.fromkeys(s[0] for s in FAKE_ALIGNMENT_SETS)]
        assert all(a.bgcolor and a.font.color == four.layout.annotations[1].font.color for a in labels)
        # Each view says what it shows, with its section.
        readouts = [ex.readout(view=label) for label, _ in NESTED_VIEWS]
        assert len(set(readouts)) == 3 and all("§1.1" in r for r in readouts)

    def test_coinrun(self):
        fig = coinrun_figure()
        assert isinstance(fig, go.Figure) and len(fig.data) == 2, "one trace per level"
        for trace in fig.data:
            assert list(trace.hovertext) == ["Agent start", "Gold coin"]
        coin_x = [trace.x[1] for trace in fig.data]
        assert coin_x[0] > coin_x[1], "training coin sits at the right end, test coin in the middle"


class TestArgumentMap:
    """The map of Figure 0.1 cites only the report's real sections and links to the headings they get."""

    def test_every_consideration_cites_a_section_of_the_outline(self):
        outline = load_outline(ROOT)
        for c in CONSIDERATIONS:
            assert c.section.startswith("§") and c.section[1:] in outline, f"{c.key}: {c.section} is not in the report"
            cited = [m["number"].rstrip(".") for m in SECTION_CITATION.finditer(c.gloss)]
            assert all(n in outline for n in cited), f"{c.key}: gloss cites {cited}"

    def test_every_anchor_is_the_slug_of_the_report_title(self):
        # A heading "## §2.2.4 <title>" gets the id of its title (the number and the marker drop out), so the
        # link keeps working as long as the chapter heads the section with the outline's title.
        outline = load_outline(ROOT)
        for c in CONSIDERATIONS:
            assert c.anchor == make_id(outline[c.section[1:]].title), f"{c.key}: anchor {c.anchor!r}"

    def test_heading_ids_drop_the_number_and_the_marker(self):
        assert make_id("§2.2.4 What if you intentionally train models to have long-term goals? †") == (
            "what-if-you-intentionally-train-models-to-have-long-term-goals")


class TestFigureTextSpeaksToReaders:
    """Titles of chapter 1's figures say what is drawn, not how the book was researched (the chapters' captions:
    tests/site/test_figure_words.py)."""

    @pytest.mark.parametrize("text", [
        fake_alignment_sets_figure().layout.title.text, taxonomy_figure().layout.title.text,
        coinrun_figure().layout.title.text, cicero_figure().layout.title.text,
    ])
    def test_no_talk_about_sources(self, text):
        assert not re.search(r"not known|unconfirmed|not confirmed|could not|our notes|whose exact", text), text


class TestTaxonomyFigure:
    def test_traces_and_node_labels(self):
        fig = taxonomy_figure()
        assert isinstance(fig, go.Figure)
        assert [t.name for t in fig.data] == ["edges", "answers", "path", "nodes"]
        nodes = fig.data[3]
        labels = [unwrap(t) for t in nodes.text]
        assert len(labels) == len(TAXONOMY)
        for c in MODEL_CLASSES.values():
            assert c.name in labels, f"class {c.name!r} has no node label (labels: {labels})"
        for n in TAXONOMY:
            assert n.label in labels, f"node {n.id} label {n.label!r} missing"
        assert list(nodes.x) == [POSITIONS[n.id][0] for n in TAXONOMY]
        assert list(nodes.y) == [POSITIONS[n.id][1] for n in TAXONOMY]

    def test_edges_and_answers(self):
        fig = taxonomy_figure()
        edges, answers = fig.data[0], fig.data[1]
        n_edges = len(TAXONOMY) - 1
        assert len(edges.x) == 3 * n_edges and list(edges.x).count(None) == n_edges, "one segment per edge"
        assert list(answers.text) == [n.edge for n in TAXONOMY if n.edge]

    def test_no_path_highlights_nothing(self):
        fig = taxonomy_figure()
        assert len(fig.data[2].x) == 0, "no path, no highlighted segments"
        assert set(fig.data[3].marker.opacity) == {1.0}

    def test_path_highlight(self):
        path = classify_model(True, True, True, "instrumental", True, False).path
        fig = taxonomy_figure(path)
        px = list(fig.data[2].x)
        assert len(px) == 3 * (len(path) - 1), f"one segment per step of {path}"
        assert px[0] == POSITIONS["root"][0] and px[-2] == POSITIONS["schemer"][0]
        opacity = dict(zip((n.id for n in TAXONOMY), fig.data[3].marker.opacity))
        width = dict(zip((n.id for n in TAXONOMY), fig.data[3].marker.line.width))
        assert all(opacity[i] == 1.0 for i in path), "nodes on the path are opaque"
        assert all(opacity[i] < 1 for i in opacity if i not in path), "nodes off the path are dimmed"
        assert width["schemer"] > max(w for i, w in width.items() if i != "schemer"), "the class reached is outlined"


# --------------------------------------------------------------------------------------------------------------
# show() and the rendering helpers
# --------------------------------------------------------------------------------------------------------------


def small_figure(title: str = "A test figure") -> go.Figure:
    fig = go.Figure(go.Scatter(x=np.arange(4), y=np.array([1 / 3, math.pi, 2e-7 / 3, 123456789.123]), name="s"))
    fig.update_layout(title=title)
    return fig


class TestShow:
    ALT = 'Line "chart" of <things> & stuff'

    def test_mime_bundle_keys(self):
        bundle = show(small_figure(), name="fig-1-1", alt=self.ALT)._repr_mimebundle_()
        assert set(bundle) == MIME_KEYS, f"unexpected mime keys {set(bundle)}"
        plotly_json = bundle["application/vnd.plotly.v1+json"]
        assert set(plotly_json) == {"data", "layout", "config"} and plotly_json["config"] == PLOT_CONFIG
        assert "fig-1-1" in bundle["text/plain"] and self.ALT in bundle["text/plain"]

    def test_html_structure(self):
        h = show(small_figure(), name="fig-1-1", alt=self.ALT, caption="A <caption>", number="1.1").to_html()
        assert 'id="fig-1-1"' in h and 'id="fig-1-1-plot"' in h, "the name is the figure's id"
        assert 'role="group"' in h
        assert f'aria-label="{html.escape(self.ALT)}"' in h, "alt text must be present, HTML-escaped"
        assert self.ALT not in h, "raw alt text (with < and \") must not appear unescaped"
        assert re.search(r"<figcaption>.*Figure 1\.1\..*A &lt;caption&gt;</figcaption>", h), h[-300:]
        assert h.startswith("<figure") and h.endswith("</figure>")

    def test_caption_without_number_and_no_caption(self):
        h = show(small_figure(), name="f", alt="x", caption="Just words").to_html()
        assert "<figcaption>Just words</figcaption>" in h and "Figure" not in h.split("<figcaption>")[1]
        assert "<figcaption>" not in show(small_figure(), name="f", alt="x").to_html()

    def test_html_is_deterministic(self):
        a = show(small_figure(), name="fig-2", alt="alt", caption="c", number="2").to_html()
        b = show(small_figure(), name="fig-2", alt="alt", caption="c", number="2").to_html()
        assert a == b, "two builds of the same figure must give identical HTML"
        fig = taxonomy_figure()
        shown = show(fig, name="tax", alt="tree")
        assert shown.to_html() == shown.to_html() == show(taxonomy_figure(), name="tax", alt="tree").to_html()

    def test_payload_cannot_close_the_script(self):
        evil = "</script><script>alert(1)</script>"
        h = show(small_figure(evil), name="fig-x", alt="alt").to_html()
        assert h.lower().count("</script") == 1, "only the closing tag may contain </script"
        (payload,) = PLOT_DATA.findall(h)
        assert "</" not in payload
        assert json.loads(payload)["layout"]["title"]["text"] == evil, "escaping must round-trip through JSON"

    def test_jupyterlab_sees_the_figure_number_in_the_title(self):
        # JupyterLab draws the plotly mime type, not the HTML with its caption: the number rides in the title.
        fig = small_figure()
        fig.update_layout(title="A title")
        bundle = show(fig, name="fig-x", alt="alt", number="3.2", caption="c")._repr_mimebundle_()
        assert bundle["application/vnd.plotly.v1+json"]["layout"]["title"]["text"] == "Figure 3.2. A title"
        (payload,) = PLOT_DATA.findall(bundle["text/html"])
        assert json.loads(payload)["layout"]["title"]["text"] == "A title", "the book keeps its caption instead"
        bare = go.Figure(go.Scatter(x=[0, 1], y=[1, 2]))
        untitled = show(bare, name="fig-y", alt="alt", number="3.3")._repr_mimebundle_()
        assert untitled["application/vnd.plotly.v1+json"]["layout"]["title"]["text"] == "Figure 3.3"
        unnumbered = show(fig, name="fig-z", alt="alt")._repr_mimebundle_()
        assert unnumbered["application/vnd.plotly.v1+json"]["layout"]["title"]["text"] == "A title"
        explorer = fake_alignment_explorable().static_html(number="1.2", caption="c")._repr_mimebundle_()
        assert explorer["application/vnd.plotly.v1+json"]["layout"]["title"]["text"].startswith("Figure 1.2. ")
        plain_explorer = fake_alignment_explorable().static_html()._repr_mimebundle_()
        assert not plain_explorer["application/vnd.plotly.v1+json"]["layout"]["title"]["text"].startswith("Figure")

    def test_payload_matches_spec_and_is_rounded(self):
        shown = show(small_figure(), name="fig-x", alt="alt")
        (payload,) = PLOT_DATA.findall(shown.to_html())
        data = json.loads(payload)
        assert data["data"] == shown.spec()["data"] and data["config"] == PLOT_CONFIG
        assert data["data"][0]["y"] == [0.333333, 3.14159, 6.66667e-08, 123457000]
        assert_rounded(data, "small figure payload")

    @pytest.mark.parametrize("build", [cicero_figure, fake_alignment_sets_figure, coinrun_figure, taxonomy_figure])
    def test_builders_render(self, build):
        h = show(build(), name="built", alt="a figure").to_html()
        (payload,) = PLOT_DATA.findall(h)
        assert_rounded(json.loads(payload), build.__name__)
        assert h.lower().count("</script") == 1

    @pytest.mark.parametrize("name", ["Fig 1", "x_y", "", "Fig-1", "-lead", "a b", "é", None, 12, "fig.1"],
                             ids=repr)
    def test_bad_name(self, name):
        with pytest.raises(ValueError, match="name"):
            show(small_figure(), name=name, alt="alt")

    @pytest.mark.parametrize("alt", ["", "   ", None, 3], ids=repr)
    def test_bad_alt(self, alt):
        with pytest.raises(ValueError, match="alt"):
            show(small_figure(), name="ok", alt=alt)


class TestPlain:
    def test_numpy_values(self):
        out = plain({"a": np.array([1.0, np.nan, 0.1234567]), "b": np.float64(2.5), "c": np.int64(7),
                     "d": (np.inf, -np.inf), "e": np.bool_(True), "f": None, "g": "text", 3: [np.float32(0.5)]})
        assert out == {"a": [1, None, 0.123457], "b": 2.5, "c": 7, "d": [None, None], "e": True, "f": None,
                       "g": "text", "3": [0.5]}
        assert type(out["c"]) is int and type(out["e"]) is bool
        assert json.dumps(out, allow_nan=False), "the result must be strict JSON"

    def test_nested_arrays_and_plotly_objects(self):
        assert plain(np.array([[1.5, np.nan], [2.0, 3.0]])) == [[1.5, None], [2, 3]]
        assert plain(go.Scatter(x=[1, 2], y=np.array([0.1, 1 / 3])))["y"] == [0.1, 0.333333]

    def test_unserialisable(self):
        with pytest.raises(TypeError):
            plain(object())

    def test_round_sig_cases(self):
        assert round_sig(1 / 3) == 0.333333
        assert round_sig(123456789.0) == 123457000 and type(round_sig(123456789.0)) is int
        assert round_sig(0.0) == 0 and round_sig(-2.0) == -2
        assert round_sig(float("nan")) is None and round_sig(float("-inf")) is None
        assert round_sig(10**20) == 10**20, "Python ints are kept exactly"
        assert round_sig(True) is True

    @settings(max_examples=200, deadline=None)
    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_round_sig_property(self, x):
        r = round_sig(x)
        assert float(r) == float(f"{x:.{SIGNIFICANT_DIGITS}g}"), f"round_sig({x!r}) = {r!r}"
        assert round_sig(r) == r, "rounding twice changes nothing"


# --------------------------------------------------------------------------------------------------------------
# Explorables
# --------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def classifier():
    return classifier_explorable()


@pytest.fixture(scope="module")
def slack():
    return slack_explorable()


@pytest.fixture(scope="module")
def classifier_table(classifier):
    return classifier.static_html().table()


@pytest.fixture(scope="module")
def slack_table(slack):
    return slack.static_html().table()


@pytest.fixture(scope="module")
def slack_html(slack):
    return slack.static_html(number="1.6", caption="The slack toy.").to_html()


def frame_row(ex: Explorable, table: dict, values: dict) -> list[int]:
    """The table row for ``values``: mixed radix over the parameters, first parameter most significant."""
    idx = 0
    for p in ex.params:
        idx = idx * len(p.values) + p.index(values[p.name])
    return table["frames"][idx]


def reconstruct(ex: Explorable, table: dict, values: dict) -> tuple[list, dict, str]:
    row = frame_row(ex, table, values)
    n = len(table["base"]["data"])
    data = [merge(trace, table["traces"][i][row[i]]) for i, trace in enumerate(table["base"]["data"])]
    return data, merge(table["base"]["layout"], table["layouts"][row[n]]), table["readouts"][row[n + 1]]


def assert_table_reproduces(ex, table, values) -> str:
    """The JS-style merge of the precomputed table equals the Python figure and readout at ``values``."""
    data, layout, readout = reconstruct(ex, table, values)
    expected = figure_json(ex.figure(**values))
    assert data == expected["data"], f"JS-style merge of the table differs from the figure at {values}"
    assert layout == expected["layout"]
    assert readout == ex.readout(**values)
    return readout


def all_values(ex: Explorable) -> list[dict]:
    return [dict(zip((p.name for p in ex.params), c)) for c in itertools.product(*(p.values for p in ex.params))]


SLACK_SAMPLE = [
    {"pressure": 10.0, "schemer_gap": 0.02, "schemer_prior": 0.4},
    {"pressure": PRESSURE_GRID[0], "schemer_gap": GAP_GRID[0], "schemer_prior": PRIOR_GRID[0]},
    {"pressure": PRESSURE_GRID[-1], "schemer_gap": GAP_GRID[-1], "schemer_prior": PRIOR_GRID[-1]},
    {"pressure": PRESSURE_GRID[-1], "schemer_gap": GAP_GRID[0], "schemer_prior": PRIOR_GRID[-1]},
    {"pressure": PRESSURE_GRID[0], "schemer_gap": GAP_GRID[-1], "schemer_prior": PRIOR_GRID[0]},
    {"pressure": PRESSURE_GRID[7], "schemer_gap": GAP_GRID[3], "schemer_prior": PRIOR_GRID[5]},
    {"pressure": PRESSURE_GRID[12], "schemer_gap": GAP_GRID[8], "schemer_prior": PRIOR_GRID[2]},
    {"pressure": PRESSURE_GRID[3], "schemer_gap": GAP_GRID[10], "schemer_prior": PRIOR_GRID[6]},
]


class TestExplorableTables:
    def test_combination_counts(self, classifier, slack):
        assert classifier.n_combinations() == 64
        assert slack.n_combinations() == 17 * 11 * 7

    @pytest.mark.parametrize("which", ["classifier", "slack"])
    def test_table_shape(self, which, request):
        ex = request.getfixturevalue(which)
        table = request.getfixturevalue(f"{which}_table")
        n_traces = len(table["base"]["data"])
        assert len(table["frames"]) == ex.n_combinations(), "one frame per combination"
        assert table["params"] == [{"name": p.name, "n": len(p.values)} for p in ex.params]
        assert table["initial"] == [p.index(p.default) for p in ex.params]
        assert len(table["traces"]) == n_traces == len(ex.base().data)
        for row in table["frames"]:
            assert len(row) == n_traces + 2, f"row {row} should index each trace, the layout and the readout"
            for i in range(n_traces):
                assert 0 <= row[i] < len(table["traces"][i]), f"trace index out of range in {row}"
            assert 0 <= row[n_traces] < len(table["layouts"]) and 0 <= row[n_traces + 1] < len(table["readouts"])
        # Deduplicated: every stored entry is used by some frame.
        for i in range(n_traces):
            assert {r[i] for r in table["frames"]} == set(range(len(table["traces"][i])))
        assert {r[-1] for r in table["frames"]} == set(range(len(table["readouts"])))
        assert_rounded(table, f"{which} table")

    @pytest.mark.parametrize("values", all_values(classifier_explorable()),
                             ids=lambda v: "-".join(str(x)[0] for x in v.values()))
    def test_classifier_reconstruction(self, classifier, classifier_table, values):
        readout = assert_table_reproduces(classifier, classifier_table, values)
        assert classify_model(**values).model_class.name in readout

    @pytest.mark.parametrize("values", SLACK_SAMPLE, ids=lambda v: f"s{v['pressure']}-g{v['schemer_gap']}-"
                                                                   f"p{v['schemer_prior']}")
    def test_slack_reconstruction(self, slack, slack_table, values):
        assert_table_reproduces(slack, slack_table, values)

    def test_reconstruction_is_not_trivially_equal(self, slack, slack_table):
        a, _, _ = reconstruct(slack, slack_table, SLACK_SAMPLE[1])
        b, _, _ = reconstruct(slack, slack_table, SLACK_SAMPLE[2])
        assert a[-1]["y"] != b[-1]["y"], "different settings must give different bars"


class TestReadouts:
    def test_classifier_default(self, classifier):
        assert "Goal-guarding schemer" in classifier.readout()

    def test_classifier_saint(self, classifier):
        r = classifier.readout(training_gaming=False, pursues_specified_goal=True)
        assert "Training saint" in r and "Goal-guarding" not in r, r

    def test_classifier_without_awareness(self, classifier):
        r = classifier.readout(situationally_aware=False)
        assert "Training saint" in r and "situational awareness" in r, r

    @pytest.mark.parametrize("values", SLACK_SAMPLE + [{"pressure": 100.0}, {"pressure": 0.1}],
                             ids=lambda v: str(sorted(v.items())))
    def test_slack_percentages(self, slack, values):
        full = {**slack.defaults, **values}
        classes = slack_classes(full["schemer_prior"], full["schemer_gap"])
        shares = selection_under_slack(classes.priors, classes.gaps, full["pressure"])
        readout = slack.readout(**values)
        for name, share in zip(SHORT_NAMES, shares):
            m = re.search(rf"{name} (\d+)%", readout)
            assert m, f"no percentage for {name} in {readout!r}"
            assert abs(int(m.group(1)) - 100 * share) <= 0.5 + 1e-9, f"{name}: {m.group(1)}% vs {share:.4f}"
        assert f"Most likely: {SHORT_NAMES[int(np.argmax(shares))].lower()}" in readout, readout
        assert f"s = {full['pressure']:.3g}" in readout

    def test_slack_default_and_strict(self, slack):
        assert "Most likely: schemer" in slack.readout(pressure=0.1), "at low pressure the biggest prior wins"
        assert "Most likely: saint" in slack.readout(pressure=1000.0), "at high pressure the zero-gap saint wins"


class TestStaticHtml:
    def test_slack_size_guard(self, slack_html):
        size = len(slack_html.encode("utf-8"))
        assert size < 1_000_000, f"slack explorer HTML is {size} bytes"

    def test_slack_html_structure(self, slack, slack_html, slack_table):
        assert slack_html.count('type="range"') == 3 and 'role="group"' in slack_html
        assert html.escape(slack.readout()) in slack_html
        assert slack_html.lower().count("</script") == 1
        (payload,) = EXPLORER_DATA.findall(slack_html)
        assert decode_table(payload) == slack_table, "the table travels packed"
        assert 'style="min-height:' in slack_html, "the plot's box is sized before it draws"
        assert "Figure 1.6." in slack_html, "the chapter's number reaches the caption"
        assert "<figcaption>" not in slack.static_html().to_html(), "no words from the chapter, no caption"

    def test_classifier_html(self, classifier, classifier_table):
        h = classifier.static_html().to_html()
        assert h.count('type="radio"') == 12 and h.count(" checked") == 6
        (payload,) = EXPLORER_DATA.findall(h)
        assert decode_table(payload) == classifier_table
        assert h == classifier.static_html().to_html(), "deterministic"

    def test_mime_bundle(self, classifier):
        bundle = classifier.static_html()._repr_mimebundle_()
        assert set(bundle) == MIME_KEYS
        assert bundle["application/vnd.plotly.v1+json"]["data"] == figure_json(classifier.figure())["data"]


# --------------------------------------------------------------------------------------------------------------
# Explorable construction errors
# --------------------------------------------------------------------------------------------------------------


def _base():
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 0]))
    return fig


def _update(a=1.0, b="x"):
    return Patch(data=[{"y": [a, a]}], readout=f"a={a} b={b}")


SLIDER = Slider("a", "A", (1.0, 2.0, 3.0), 1.0)
CHOICE = Choice("b", "B", (("X", "x"), ("Y", "y")), "x")


def make(params=(SLIDER, CHOICE), **kw):
    return Explorable(name=kw.pop("name", "toy"), title="Toy", params=params, base=_base, update=_update,
                      alt="alt", **kw)


class TestExplorableErrors:
    def test_toy_works(self):
        ex = make()
        assert ex.n_combinations() == 6 and ex.readout(a=2.0, b="y") == "a=2.0 b=y"
        assert list(ex.figure(a=3.0).data[0].y) == [3.0, 3.0]

    def test_duplicate_parameter(self):
        with pytest.raises(ValueError, match="unique"):
            make(params=(SLIDER, Slider("a", "A again", (0.0, 1.0), 0.0)))

    @pytest.mark.parametrize("values", [(1.0, 1.0, 2.0), (3.0, 2.0, 1.0), (1.0,), (), (1.0, 2.0, 1.5)], ids=repr)
    def test_slider_non_increasing(self, values):
        with pytest.raises(ValueError, match="increasing"):
            Slider("a", "A", values, values[0] if values else 0.0)

    def test_slider_default_not_in_values(self):
        with pytest.raises(ValueError, match="default"):
            Slider("a", "A", (1.0, 2.0), 1.5)

    def test_log_slider_needs_positive_values(self):
        with pytest.raises(ValueError, match="positive"):
            Slider("a", "A", (0.0, 1.0), 1.0, log=True)

    def test_choice_errors(self):
        with pytest.raises(ValueError, match="two options"):
            Choice("b", "B", (("X", "x"),), "x")
        with pytest.raises(ValueError, match="default"):
            Choice("b", "B", (("X", "x"), ("Y", "y")), "z")

    def test_bad_explorable_name(self):
        with pytest.raises(ValueError, match="name"):
            make(name="Bad Name")

    @pytest.mark.parametrize("ex_factory", [make, classifier_explorable, slack_explorable])
    def test_unknown_parameter(self, ex_factory):
        with pytest.raises(ValueError, match="nonexistent"):
            ex_factory().patch(nonexistent=1)

    def test_too_many_combinations(self):
        with pytest.raises(ValueError, match="max_combinations"):
            make(max_combinations=5).static_html()
        assert isinstance(make(max_combinations=6).static_html(), StaticExplorer), "exactly the cap is allowed"
        slack = slack_explorable()
        small = Explorable(name=slack.name, title=slack.title, params=slack.params, base=slack.base,
                           update=slack.update, alt=slack.alt, max_combinations=1000)
        with pytest.raises(ValueError, match="max_combinations"):
            small.static_html()

    def test_apply_patch_with_too_many_traces(self):
        with pytest.raises(ValueError, match="trace"):
            apply_patch(_base(), Patch(data=[{}, {}]))


def test_every_explorable_factory_is_registered() -> None:
    """The browser test and the benchmark cover exactly the registry, so no factory may be left out."""
    import importlib
    import pkgutil

    import scheming_companion.figures as figures
    from scheming_companion.figures import EXPLORABLES

    found = {}
    for mod in pkgutil.iter_modules(figures.__path__):
        module = importlib.import_module(f"{figures.__name__}.{mod.name}")
        for name, obj in vars(module).items():
            if name.endswith("_explorable") and callable(obj) and obj.__module__ == module.__name__:
                found[obj().name] = obj
    assert found == EXPLORABLES, f"registry {sorted(EXPLORABLES)} vs factories {sorted(found)}"
    for key, factory in EXPLORABLES.items():
        assert factory().name == key, f"registry key {key!r} must be the explorable's name"


def test_book_plotly_js_matches_the_plotly_python_version() -> None:
    """The book ships a partial plotly.js bundle; it must be the version plotly.py writes figures for."""
    import re
    from pathlib import Path

    import plotly
    from scheming_companion.book.sphinx_ext import PLOTLY_JS

    def version(path: Path) -> str:
        head = path.read_text(encoding="utf-8")[:300]
        return re.search(r"plotly\.js .*?v(\d+\.\d+\.\d+)", head).group(1)

    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert version(PLOTLY_JS) == version(bundled), "update code/scheming_companion/book/static/plotly.min.js"
    assert PLOTLY_JS.stat().st_size < 2_000_000, "the book's plotly.js should stay a partial bundle"


def test_show_refuses_trace_types_the_book_cannot_draw() -> None:
    import plotly.graph_objects as go
    from scheming_companion.explore import show

    with pytest.raises(ValueError, match="trace types \\['sankey'\\]"):
        show(go.Figure(go.Sankey(node=dict(label=["a", "b"]), link=dict(source=[0], target=[1], value=[1]))),
             name="x", alt="a sankey")
    show(go.Figure(go.Heatmap(z=[[1, 2]])), name="x", alt="a heatmap")  # in the bundle: accepted
