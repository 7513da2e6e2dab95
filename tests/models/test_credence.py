"""The credence explorer's model (§0, §5): unit, property, Monte Carlo and bad-input tests, and its figure and
explorable (the argument map of chapter 0 and the numbers chapter 5 states: tests/chapters/test_chapter_00_05.py)."""

from __future__ import annotations

import itertools
import math
import random
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.book.outline import load_chapters, load_outline
from scheming_companion.explore import figure_json
from scheming_companion.explore.inpage import INPAGE_MARKER, InPageExplorable, InPageExplorer
from scheming_companion.explore.render import PlotlyFigure
from scheming_companion.figures import EXPLORABLES
from scheming_companion.figures.credence import (
    FACTOR_GRID,
    SWING_GRID,
    credence_explorable,
    credence_timeline_figure,
)
from scheming_companion.models.credence import (
    DEFAULT_FACTORS,
    FACTOR_NAMES,
    LATER_CREDENCE,
    REPORT_CREDENCE,
    credence_breakdown,
    credence_from,
    credence_sensitivity,
    scheming_credence,
)

from ..support import ROOT

OUTLINE = load_outline(ROOT)
CHAPTERS = load_chapters(ROOT)

prob = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
factors_st = st.fixed_dictionaries({n: prob for n in FACTOR_NAMES})


def _by_hand(f: dict[str, float]) -> float:
    classic = f["ambitious"] * f["goal_guarding"] * f["empowerment"]
    return f["beyond_episode_goal"] * (1 - (1 - classic) * (1 - f["non_classic"])) * f["survives_selection"]


# ---------------------------------------------------------------------------------------------- model


class TestSchemingCredence:
    def test_coin_flips(self):
        # 0.5 * (1 - (1 - 0.125) * 0.5) * 0.5 = 0.140625 exactly (all dyadic)
        assert credence_from(DEFAULT_FACTORS) == 0.140625

    def test_all_ones_and_zeros(self):
        assert scheming_credence(1, 1, 1, 1, 1, 1) == 1.0
        assert scheming_credence(0, 1, 1, 1, 1, 1) == 0.0
        assert scheming_credence(1, 1, 1, 1, 1, 0) == 0.0
        assert scheming_credence(1, 0, 0, 0, 0, 1) == 0.0
        assert scheming_credence(1, 0, 0, 0, 1, 1) == 1.0, "the non-classic route alone suffices"
        assert scheming_credence(1, 1, 1, 1, 0, 1) == 1.0, "the classic route alone suffices"

    def test_exact_with_fractions(self):
        values = [Fraction(k, 7) for k in (6, 5, 4, 3, 2, 1)]
        f = dict(zip(FACTOR_NAMES, values, strict=True))
        exact = _by_hand(f)  # exact rational arithmetic
        assert scheming_credence(*[float(v) for v in values]) == pytest.approx(float(exact), rel=1e-15)

    def test_returns_python_float_for_scalars(self):
        assert type(scheming_credence(0.3, 0.4, 0.5, 0.6, 0.7, 0.8)) is float

    def test_vectorised_matches_scalar(self):
        rng = np.random.default_rng(20231114)
        grid = rng.uniform(0, 1, size=(6, 200))
        vec = scheming_credence(*grid)
        assert vec.shape == (200,)
        for j in range(200):
            assert vec[j] == scheming_credence(*(float(grid[i, j]) for i in range(6)))

    def test_broadcasting(self):
        out = scheming_credence(np.linspace(0, 1, 5), 0.5, 0.5, 0.5, 0.5, 0.5)
        assert out.shape == (5,)
        np.testing.assert_allclose(out, np.linspace(0, 1, 5) * 0.5625 * 0.5)
        assert scheming_credence(np.array([[0.2], [0.4]]), [0.1, 0.9, 0.5], 1, 1, 0, 1).shape == (2, 3)

    def test_monte_carlo_independent_events(self):
        """The formula is the probability that independent yes/no events combine as
        beyond-episode AND (classic chain OR non-classic) AND survives."""
        rng = np.random.default_rng(7)
        f = {"beyond_episode_goal": 0.7, "ambitious": 0.6, "goal_guarding": 0.5, "empowerment": 0.4,
             "non_classic": 0.3, "survives_selection": 0.8}
        n = 400_000
        draws = {k: rng.random(n) < v for k, v in f.items()}
        happens = draws["beyond_episode_goal"] & draws["survives_selection"] & (
            (draws["ambitious"] & draws["goal_guarding"] & draws["empowerment"]) | draws["non_classic"])
        p = credence_from(f)
        se = math.sqrt(p * (1 - p) / n)
        assert abs(happens.mean() - p) < 5 * se, (happens.mean(), p)

    def test_breakdown(self):
        b = credence_breakdown(DEFAULT_FACTORS)
        assert b.total == 0.140625
        assert b.classic_route == pytest.approx(0.5 * 0.125 * 0.5)
        assert b.other_routes == pytest.approx(b.total - b.classic_route)
        assert credence_breakdown({**DEFAULT_FACTORS, "non_classic": 0.0}).other_routes == 0.0

    def test_author_numbers(self):
        assert (REPORT_CREDENCE, LATER_CREDENCE) == (0.25, 0.20)


class TestSensitivity:
    def test_defaults(self):
        rows = credence_sensitivity(DEFAULT_FACTORS, 0.1)
        assert [r.name for r in rows][:2] == ["beyond_episode_goal", "survives_selection"], "outer factors lead"
        assert rows[0].width == rows[1].width, "a tie keeps factor order"
        for r in rows:
            f = {**DEFAULT_FACTORS, r.name: r.low_setting}
            assert r.low == credence_from(f)
            assert r.low_setting == pytest.approx(0.4) and r.high_setting == pytest.approx(0.6)

    def test_clipped_at_the_ends(self):
        rows = {r.name: r for r in credence_sensitivity({**DEFAULT_FACTORS, "ambitious": 0.0, "empowerment": 1.0},
                                                        0.3)}
        assert rows["ambitious"].low_setting == 0.0 and rows["ambitious"].high_setting == pytest.approx(0.3)
        assert rows["empowerment"].high_setting == 1.0 and rows["empowerment"].low_setting == pytest.approx(0.7)

    @settings(max_examples=150, deadline=None)
    @given(factors_st, st.sampled_from(SWING_GRID))
    def test_properties(self, f, swing):
        p = credence_from(f)
        rows = credence_sensitivity(f, swing)
        assert sorted(r.name for r in rows) == sorted(FACTOR_NAMES)
        widths = [r.width for r in rows]
        assert widths == sorted(widths, reverse=True)
        for r in rows:
            assert 0.0 <= r.low <= p <= r.high <= 1.0, "monotone in every factor, even in floating point"
            assert r.low_setting == max(0.0, f[r.name] - swing) and r.high_setting == min(1.0, f[r.name] + swing)


@settings(max_examples=200, deadline=None)
@given(factors_st)
def test_credence_properties(f):
    p = credence_from(f)
    assert 0.0 <= p <= 1.0
    assert p == pytest.approx(_by_hand(f), abs=1e-15)
    assert p <= min(f["beyond_episode_goal"], f["survives_selection"]), "an 'and' never exceeds its parts"
    classic_only = f["beyond_episode_goal"] * f["ambitious"] * f["goal_guarding"] * f["empowerment"] * \
        f["survives_selection"]
    assert p >= classic_only - 1e-15, "adding a route never lowers the estimate"


@settings(max_examples=100, deadline=None)
@given(factors_st, st.sampled_from(FACTOR_NAMES), prob)
def test_monotone_in_each_factor(f, name, other):
    lo, hi = sorted((f[name], other))
    assert credence_from({**f, name: lo}) <= credence_from({**f, name: hi})


BAD_VALUES = [float("nan"), float("inf"), -float("inf"), -0.01, 1.01, True, np.bool_(False), "0.5", None, 10**400,
              [0.5, "x"], [[0.1], [0.1, 0.2]], complex(0.5, 0)]


class TestBadInput:
    @pytest.mark.parametrize("name", FACTOR_NAMES)
    @pytest.mark.parametrize("bad", BAD_VALUES, ids=repr)
    def test_each_factor(self, name, bad):
        with pytest.raises(ValueError, match=name):
            credence_from({name: bad})

    def test_arrays(self):
        with pytest.raises(ValueError, match="ambitious"):
            scheming_credence(0.5, [0.5, np.nan], 0.5, 0.5, 0.5, 0.5)
        with pytest.raises(ValueError, match="must not be empty"):
            scheming_credence(0.5, [], 0.5, 0.5, 0.5, 0.5)
        with pytest.raises(ValueError, match="broadcast"):
            scheming_credence([0.1, 0.2], [0.1, 0.2, 0.3], 0.5, 0.5, 0.5, 0.5)
        with pytest.raises(ValueError, match="at most"):
            scheming_credence(np.zeros(2_000_000), 0.5, 0.5, 0.5, 0.5, 0.5)
        with pytest.raises(ValueError, match="at most"):
            scheming_credence(np.zeros((1, 1001)), np.zeros((1001, 1)), 0.5, 0.5, 0.5, 0.5)

    def test_mapping_and_names(self):
        with pytest.raises(ValueError, match="unknown factor"):
            credence_from({"ambitous": 0.5})
        with pytest.raises(ValueError, match="mapping"):
            credence_from([0.5] * 6)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="mapping"):
            credence_sensitivity([0.5] * 6)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [0, 0.0, -0.1, 0.51, float("nan"), "0.1", True, None])
    def test_swing(self, bad):
        with pytest.raises(ValueError, match="swing"):
            credence_sensitivity(DEFAULT_FACTORS, bad)

    def test_explorable_rejects_bad_settings(self):
        ex = credence_explorable()
        with pytest.raises(ValueError, match="ambitious"):
            ex.patch(ambitious=1.5)
        with pytest.raises(ValueError, match="swing"):
            ex.patch(swing=0.0)
        with pytest.raises(ValueError, match="unknown parameter"):
            ex.patch(bogus=0.1)


# ------------------------------------------------------------------------------------ figure and page


class TestCredenceExplorable:
    def test_registered_and_in_page(self):
        ex = EXPLORABLES["credence-explorer"]()
        assert isinstance(ex, InPageExplorable) and ex.script_model == "credence"
        assert [p.name for p in ex.params] == [*FACTOR_NAMES, "swing"]
        assert ex.n_combinations() == 101**6 * 10, "far beyond any precomputed table"
        assert all(p.values == FACTOR_GRID for p in ex.params[:6])

    def test_static_html_has_labelled_controls_and_one_frame(self):
        ex = credence_explorable()
        page = ex.static_html()
        assert isinstance(page, InPageExplorer)
        table = page.table()
        assert table[INPAGE_MARKER] == "credence"
        assert table["params"] == [] and table["frames"] == [[0] * (len(table["base"]["data"]) + 2)]
        assert table["inpage"]["names"] == [p.name for p in ex.params]
        assert table["inpage"]["initial"] == [50] * 6 + [1]
        html = page.to_html()
        assert html.startswith('<figure class="sc-explorer" id="credence-explorer">')
        for p in ex.params:
            cid = f"credence-explorer-{p.name.replace('_', '-')}"
            assert f'<label for="{cid}">' in html and f'id="{cid}"' in html and f'max="{len(p.values) - 1}"' in html
        assert len(html) < 60_000, "the static form carries no table of settings"
        assert html == credence_explorable().static_html().to_html(), "deterministic"

    def test_marker_matches_sphinx_extension(self):
        from scheming_companion.book import sphinx_ext

        assert sphinx_ext.INPAGE_MARKER == INPAGE_MARKER
        assert (sphinx_ext.STATIC / "scheming-models.js").is_file()

    def test_patch_matches_model(self):
        ex = credence_explorable()
        rng = random.Random(5)
        for _ in range(20):
            values = {p.name: rng.choice(p.values) for p in ex.params}
            data = figure_json(ex.figure(**values))["data"]
            f = {n: values[n] for n in FACTOR_NAMES}
            b = credence_breakdown(f)
            assert data[0]["x"][0] == pytest.approx(b.classic_route, rel=1e-5, abs=1e-12)
            assert data[3]["x"][0] == pytest.approx(b.total, rel=1e-5, abs=1e-12)
            rows = credence_sensitivity(f, values["swing"])
            assert data[4]["base"] == pytest.approx([r.low for r in rows], rel=1e-5, abs=1e-12)
            assert data[5]["x"] == pytest.approx([r.high - b.total for r in rows], rel=1e-5, abs=1e-12)
            assert f"Your estimate: {b.total:.1%}" in ex.readout(**values)

    def test_the_page_script_takes_the_authors_numbers_and_words_from_python(self):
        from scheming_companion.book import sphinx_ext
        from scheming_companion.figures.credence import READOUT
        from scheming_companion.models.credence import LATER_CREDENCE, REPORT_CREDENCE

        script = (sphinx_ext.STATIC / "scheming-models.js").read_text("utf-8")
        for number in (REPORT_CREDENCE, LATER_CREDENCE):
            assert f"{number:.0%}" not in script, "the author's numbers are retyped in the page's script"
        assert "holistic" not in script and "Your estimate" not in script, "the readout's words are retyped"
        assert credence_explorable().static_html().table()["inpage"]["config"]["readout"] == READOUT
        assert f"about {REPORT_CREDENCE:.0%} (report), maybe {LATER_CREDENCE:.0%}" in READOUT

    def test_rejects_bad_in_page_explorables(self):
        ex = credence_explorable()
        with pytest.raises(ValueError, match="script_model"):
            InPageExplorable(name="x", title="x", params=ex.params, base=ex.base, update=ex.update, alt="x",
                             script_model="nope")

    def test_timeline_is_drawable(self):
        fig = PlotlyFigure(credence_timeline_figure(), name="t", alt="timeline")
        ys = [y for trace in fig.spec()["data"] if trace.get("mode") != "lines" for y in trace["y"]]
        assert ys == [0.25, 0.2], "only the two stated numbers are drawn as points"


# ------------------------------------------------------------------------------------------- benchmark


def test_benchmark_samples_huge_grids_without_listing_them():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    ex = credence_explorable()
    settings_ = run.grid_settings(ex, random.Random(3), limit=50)
    assert len(settings_) == 50 and all(set(s) == {p.name for p in ex.params} for s in settings_)
    slack = EXPLORABLES["slack-toy"]()
    names = [p.name for p in slack.params]
    combos = list(itertools.product(*(p.values for p in slack.params)))
    expected = [dict(zip(names, c)) for c in random.Random(9).sample(combos, 300)]
    assert run.grid_settings(slack, random.Random(9)) == expected, "same sample as listing the product"
