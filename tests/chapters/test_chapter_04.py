"""Chapter 4 (report §4): its explorables and figures, and the numbers its prose states (which must be what the
package computes)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np
import pytest
from scheming_companion.explore import figure_json
from scheming_companion.figures import EXPLORABLES
from scheming_companion.figures.costs import costs_explorable
from scheming_companion.figures.counting import counting_explorable
from scheming_companion.figures.selection import preset_figure, selection_explorable
from scheming_companion.figures.simplicity_bias import function_frequency_figure, generalisation_figure
from scheming_companion.models import simplicity_bias as sb
from scheming_companion.models.costs import REPORT_SPEED_COST, cost_comparison
from scheming_companion.models.counting import all_measure_shares, class_counts, schemer_share
from scheming_companion.models.selection import (
    DEFAULT_MODEL_BITS,
    DEFAULT_PRESSURE,
    DEFAULT_SPEED_PRIOR,
    ILLUSTRATIVE_PRESET,
    class_inputs,
    selection_shares,
)

from ..support import ROOT, chapter_code, chapter_markdown, chapter_notebook, page_data, wait_drawn

STEM = "04-final-properties-arguments"
NEW = ("counting-measures", "cost-calculator", "selection-frames")


@pytest.mark.parametrize("name", NEW)
def test_explorables_are_registered_and_within_budget(name):
    ex = EXPLORABLES[name]()
    assert ex.n_combinations() <= ex.max_combinations
    html = ex.static_html().to_html()
    assert len(html) < 400_000, f"{name}: {len(html)} bytes of HTML"


def test_counting_explorable_readout_and_bars():
    ex = counting_explorable()
    spec = figure_json(ex.figure(n_concepts=16.0, ambition_levels=8.0))
    assert spec["data"][0]["y"][3] == pytest.approx(16 / 48, rel=1e-5)  # uniform schemer share, exercise 1
    assert "schemer 16" in ex.readout(n_concepts=16.0, ambition_levels=8.0)
    low = ex.patch(n_concepts=4.0, ambition_levels=16.0).data[0]["y"][3]
    high = ex.patch(n_concepts=4096.0, ambition_levels=2.0).data[0]["y"][3]
    assert low < 0.1 and high > 0.99, "the schemer share should move from small to overwhelming"


def test_selection_frame_switch_contrast():
    ex = selection_explorable()
    for key, value in ILLUSTRATIVE_PRESET.items():
        assert ex.defaults[key] == value
    assert ex.defaults["pressure"] == DEFAULT_PRESSURE
    c = ex.patch(frame="contributors")
    x = ex.patch(frame="extra-criteria")
    # At the default both frames land in the author's region (roughly 10-40%), not near-certainty.
    assert 0.1 < c.data[-1]["y"][3] < 0.4 and 0.1 < x.data[-1]["y"][3] < 0.4
    assert "changes with slack" in c.readout and "hardly depends on slack" in x.readout


def test_preset_figure_lines():
    contributors, extra = (np.array(t.y) for t in preset_figure().data)
    prior = ILLUSTRATIVE_PRESET["schemer_count_ratio"] / (ILLUSTRATIVE_PRESET["schemer_count_ratio"] + 12)
    assert contributors[0] == pytest.approx(prior, abs=1e-3) and contributors[-1] < 0.01
    assert np.ptp(extra) < 1e-9 and 0.1 < extra[0] < 0.4


def test_costs_explorable_matches_model():
    ex = costs_explorable()
    c = cost_comparison(1e6, 1.8e12, 16, REPORT_SPEED_COST)
    assert ex.defaults["extra_reasoning"] == REPORT_SPEED_COST == 0.001
    assert list(ex.patch().data[0]["y"]) == [c.bits_fraction, c.compute_fraction]
    assert "20 bits" in ex.readout()


def test_speed_calculation_is_stated_in_section_4_4():
    text = chapter_markdown(STEM)
    s44 = text[text.index("## §4.4 Speed arguments"):text.index("## §4.5")]
    for phrase in ("purely feedforward model with 1,000 layers", "fewer than 10,000 serial", "at least 10 of those",
                   "about 0.1% of the\ncompute"):
        assert phrase in s44, phrase
    assert "about 0.1%" in s44 and f"{REPORT_SPEED_COST:.1%}" == "0.1%"


def test_experiment_figures_build():
    codes = sb.sample_network_functions(3, n_samples=3000, seed=0)
    fig = function_frequency_figure(sb.function_frequencies(codes, 3), title="t")
    assert len(fig.data) == 4
    fig2 = generalisation_figure(["a", "b"], [0.7, float("nan")], [4.0, 8.0])
    assert figure_json(fig2)["data"][1]["y"] == [0.7, None]


def test_prose_numbers_come_from_the_models():
    text = chapter_markdown(STEM)
    # Exercise 1: N / (N + 4A).
    assert f"≈ {schemer_share(16, 'uniform', ambition_levels=2):.0%}" in text
    assert f"≈ {schemer_share(16, 'uniform', ambition_levels=8):.0%}" in text
    # Exercise 3 and the calculator text.
    c = cost_comparison(1e15, 1.8e12, 16, 0.001)
    assert f"≈ {c.pointer_bits:.1f} bits" in text
    assert "1.7 × 10⁻¹²" in text and f"{c.bits_fraction:.1e}" == "1.7e-12"
    assert "6 × 10⁸" in text and f"{c.ratio:.0e}" == "6e+08"
    assert "2.9 × 10¹³" in text and f"{c.model_bits:.1e}" == "2.9e+13"
    # Exercise 4: the crossover pressure with the saint, and the share at the default pressure.
    p = ILLUSTRATIVE_PRESET
    s = math.log(p["schemer_count_ratio"]) / p["schemer_speed_cost"]
    assert f"≈ {s:.0f}" in text
    shares = selection_shares(class_inputs(**p), s, "contributors")
    assert shares[3] == pytest.approx(shares[0], rel=1e-6)
    assert f"{1 / DEFAULT_MODEL_BITS:.1e}" == "3.5e-14" and "3.5 × 10⁻¹⁴" in text
    at_default = {f: selection_shares(class_inputs(**p), DEFAULT_PRESSURE, f)[3] for f in ("contributors",
                                                                                          "extra-criteria")}
    assert f"≈ {at_default['contributors']:.0%}" in text
    # What the preset shows, stated in the prose.
    assert f"about {at_default['contributors']:.0%} in\nthe contributors frame" in text
    assert f"about {at_default['extra-criteria']:.0%} in the extra-criteria frame" in text
    prior = p["schemer_count_ratio"] / (p["schemer_count_ratio"] + 12)
    assert f"({prior:.0%})" in text
    # The speed prior: the report's 0.1% of compute costs a factor of about 7.4 (and e through reward at 1,000).
    assert f"about {math.exp(DEFAULT_SPEED_PRIOR * p['schemer_speed_cost']):.1f}" == "about 7.4" and "about 7.4" in text
    assert f"about {math.exp(DEFAULT_PRESSURE * p['schemer_speed_cost']):.1f}" == "about 2.7" and "about 2.7" in text
    # The counting enumerator's default, stated in the prose.
    counts = class_counts(1024)
    shares4 = all_measure_shares(1024)
    assert f"{counts[3]:,} of the {counts.sum():,} max-reward goals" in text
    assert f"gives it {shares4[0, 3]:.0%}" in text and f"gives it {shares4[1, 3]:.0%}" in text
    assert f"at {shares4[3, 3]:.0%}" in text


def test_experiment_claims_hold_for_the_chapter_seeds():
    """The prose says simple targets generalise above chance and complex ones below; check with the same seeds."""
    src = chapter_code(STEM)
    assert "seed=2023" in src and "seed=7" in src and "seed=11" in src
    codes = sb.sample_network_functions(4, width=16, depth=2, n_samples=100_000, seed=2023)
    targets = sb.named_functions(4, seed=7)
    acc = {n: sb.mean_generalisation(codes, t, 4, n_train=8, n_splits=20, seed=11) for n, t in targets.items()}
    assert acc["first bit"] > 0.5 and acc["first AND second"] > 0.5 and acc["majority of first three"] > 0.5
    assert acc["first XOR second"] < 0.5 and acc["parity of all bits"] < 0.5
    freqs = sb.function_frequencies(codes, 4)
    assert freqs.codes.size < 2**16 / 2, "most functions should never come up"
    assert np.corrcoef(np.log(freqs.probability), freqs.complexity)[0, 1] < 0


def test_quiz_file_format():
    import yaml

    quiz = yaml.safe_load((ROOT / "chapters" / "quizzes" / f"{STEM}.yml").read_text())
    assert 4 <= len(quiz) <= 5
    for q in quiz:
        assert set(q) == {"question", "options", "answer", "why", "section"}
        assert 0 <= q["answer"] < len(q["options"]) and q["section"].startswith("§4")


def test_every_glossary_term_used_exists():
    glossary = (ROOT / "chapters" / "glossary.md").read_text()
    terms = set(re.findall(r"^(\S[^\n]*)\n  ", glossary.split("```{glossary}")[1], re.M))
    used = set(re.findall(r"\{term\}`[^`<]*<([^>]+)>`", chapter_markdown(STEM)))
    assert used and used <= terms, sorted(used - terms)
    stored = json.dumps([c.get("outputs", []) for c in chapter_notebook(STEM).cells])
    assert "Traceback" not in stored


# --------------------------------------------------------------------------------------------------
# In the browser (marker ``browser``; from the former test_browser_final_properties.py)


PAGE = "chapters/04-final-properties-arguments.html"


@pytest.mark.browser
def test_chapter_four_has_its_figures(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE}")
    for fig_id in ("counting-measures", "fig-4-2", "fig-4-3", "cost-calculator", "selection-frames", "fig-4-6"):
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"
    assert probe.errors == []


@pytest.mark.browser
def test_frame_switch_changes_the_schemer_share(probe: Any, site_url: str) -> None:
    # The page's numbers and readout in both frames are the Python model's at the same settings (the author's
    # region at the default: some weight to schemers, not near-certainty).
    from scheming_companion.figures import EXPLORABLES

    ex = EXPLORABLES["selection-frames"]()
    settings = {p.name: p.default for p in ex.params}
    expected = {frame: ex.patch(**{**settings, "frame": frame}) for frame in ("contributors", "extra-criteria")}
    page = probe.open(f"{site_url}/{PAGE}", draw=("selection-frames",))
    before = page_data(page, "selection-frames")[-1]["y"][3]
    page.check("input[name='selection-frames-frame'][value='1']")
    wait_drawn(page, "selection-frames")
    after = page_data(page, "selection-frames")[-1]["y"][3]
    assert before == pytest.approx(expected["contributors"].data[-1]["y"][3], rel=1e-5)
    assert after == pytest.approx(expected["extra-criteria"].data[-1]["y"][3], rel=1e-5)
    assert before != pytest.approx(after, abs=0.01) and 0.10 <= min(before, after) <= max(before, after) <= 0.40
    readout = page.locator("figure#selection-frames .sc-readout").text_content()
    assert readout == expected["extra-criteria"].readout
    assert probe.errors == []


@pytest.mark.browser
def test_counting_slider_moves_with_keyboard(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE}", draw=("counting-measures",))
    slider = page.locator("#counting-measures-n-concepts")
    slider.focus()
    for _ in range(6):
        page.keyboard.press("ArrowLeft")
    wait_drawn(page, "counting-measures")
    assert page.locator("#counting-measures-n-concepts-value").text_content() == "4"
    uniform = page_data(page, "counting-measures")[0]["y"]
    assert uniform[3] == pytest.approx(1 / 3, rel=1e-5)
    assert probe.errors == []
