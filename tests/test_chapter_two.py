"""Chapter 2 (§2.1–§2.4): its figures and explorables agree with the models, and the numbers its prose states
are the numbers the models compute."""

from __future__ import annotations

import math
import re

import nbformat
import numpy as np
import pytest
from scheming_companion.explore import figure_json
from scheming_companion.figures import EXPLORABLES
from scheming_companion.figures.empowerment import AXES, AXIS_PAIRS, GRIDS, payoff_explorable, payoff_region
from scheming_companion.figures.episodes import ROWS, episode_timeline_figure
from scheming_companion.figures.goal_guarding import (
    ENTANGLEMENT_GRID,
    NOISE_GRID,
    goal_guarding_explorable,
)
from scheming_companion.figures.situational_awareness import cue_explorable
from scheming_companion.models import (
    goal_guarding_dynamics,
    goal_guarding_scenarios,
    scheming_payoff,
    training_posterior,
)
from scheming_companion.models.goal_guarding import CAPABILITY_TARGET_NORM

from .conftest import ROOT

CHAPTERS = ("02-requirements-for-scheming", "02b-goal-guarding")


def _text(stem: str) -> str:
    nb = nbformat.read(ROOT / "chapters" / f"{stem}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


# ----------------------------------------------------------------------------------------------------------
# Numbers in the prose
# ----------------------------------------------------------------------------------------------------------


def test_cue_exercise_numbers_come_from_the_model():
    text = _text("02-requirements-for-scheming")
    inf = training_posterior(0.5, [True, False, False, False])
    odds = math.exp(inf.posterior_log_odds)
    assert f"≈ {odds:.1f}" in text and f"≈ {inf.posterior:.2f}" in text


def test_goal_guarding_numbers_come_from_the_model():
    text = _text("02b-goal-guarding")
    for lam in (0.5, 1.0):
        closed = 1 / math.sqrt(1 + (CAPABILITY_TARGET_NORM * lam) ** 2)
        simulated = float(goal_guarding_dynamics(lam, 0.0, 0.0, 1.0).retention[-1])
        assert simulated == pytest.approx(closed, abs=0.005), "the default run must have converged"
        assert f"{closed:.2f}" in text
    assert "keeps about 0.55" in text
    messy = dict((label, gamer) for label, gamer, _ in goal_guarding_scenarios())["messy (entanglement 1)"]
    assert f"{messy:.2f}" == "0.55"


def test_non_classic_stories_are_complete_and_in_the_report_order():
    text = _text("02b-goal-guarding")
    part = text[text.index("### §2.3.2 Non-classic stories"):text.index("## §2.4 ")]
    leads = ["AI coordination", "AIs with similar values by default",
             "Terminal values that happen to favour escape or takeover", "False beliefs about whether scheming pays",
             "Self-deception", "Goal uncertainty and haziness", "Overall assessment"]
    positions = [part.index(f"**{lead}") if f"**{lead}" in part else part.index(f"<AI coordination>`.**")
                 for lead in leads]
    assert positions == sorted(positions), "the stories must follow the report's order"
    assert "{unchecked}`detail`" in part.split("\n\n")[1], "the list's introduction carries the marker"
    assert not re.search(r"^#+\s*§", part.split("\n", 1)[1], re.MULTILINE), "the stories are not report sections"


def test_each_page_has_an_argument_reconstruction_exercise():
    classic = _text("02b-goal-guarding")
    exercise = classic[classic.index(":label: ch02b-ex-2"):classic.index(":label: ch02b-ex-3")]
    for premise in ("situational awareness", "beyond-episode goal", "goal-guarding hypothesis",
                    "adequate future empowerment"):
        assert premise in exercise.lower(), premise
    assert "(a) attacks P4" in exercise
    default = _text("02-requirements-for-scheming")
    assert ":label: ch02-ex-5" in default and "Say which premise each objection attacks" in default


def test_live_panel_cells_are_introduced_by_the_one_short_form():
    for stem in CHAPTERS:
        nb = nbformat.read(ROOT / "chapters" / f"{stem}.ipynb", as_version=4)
        for before, cell in zip(nb.cells, nb.cells[1:]):
            if cell.cell_type == "code" and cell.source.startswith("live_panel("):
                last = before.source.strip().split("\n\n")[-1]
                assert last == "In Jupyter or on Binder, the next cell opens this model as a live panel.", stem


def test_chapter_cites_sections_and_keeps_cell_ids():
    for stem in CHAPTERS:
        nb = nbformat.read(ROOT / "chapters" / f"{stem}.ipynb", as_version=4)
        prefix = "ch02b-" if stem.startswith("02b") else "ch02-"
        ids = [c.id for c in nb.cells]
        assert len(set(ids)) == len(ids) and all(i.startswith(prefix) for i in ids), ids
        assert re.search(r"§2\.\d", _text(stem))


def test_every_new_glossary_term_used_exists():
    glossary = (ROOT / "chapters" / "glossary.md").read_text()
    terms = {line for line in glossary.splitlines() if line and not line.startswith((" ", "#", "`", "The", "intro"))}
    for stem in CHAPTERS:
        for term in re.findall(r"\{term\}`(?:[^`<]*<([^>]+)>|([^`]+))`", _text(stem)):
            name = term[0] or term[1]
            assert name in terms, f"{stem}: glossary has no entry {name!r}"


# ----------------------------------------------------------------------------------------------------------
# Figures and explorables
# ----------------------------------------------------------------------------------------------------------


def test_chapter_two_explorables_are_registered():
    for name in ("training-cues", "goal-guarding-dynamics", "scheming-payoff"):
        assert name in EXPLORABLES


def test_episode_timeline_has_a_row_per_setup():
    fig = figure_json(episode_timeline_figure())
    texts = fig["data"][0]["text"]
    for label, *_ in ROWS:
        assert f"<b>{label}</b>" in texts
    # Per row: incentivized bar, intuitive box, action line; plus the end-of-training band and line.
    assert len(fig["layout"]["shapes"]) == 3 * len(ROWS) + 2


def test_goal_guarding_heatmap_agrees_with_the_lines():
    ex = goal_guarding_explorable()
    for lam in (0.0, 0.5, 1.0):
        for sigma in (0.0, 0.04):
            patch = ex.patch(entanglement=lam, noise=sigma, reliability=0.9, decay=0.01)
            heat = np.asarray(patch.data[4]["z"])
            cell = heat[NOISE_GRID.index(sigma), ENTANGLEMENT_GRID.index(lam)]
            assert cell == pytest.approx(patch.data[0]["y"][-1], abs=1e-12)
            assert patch.data[5] == {"x": [ENTANGLEMENT_GRID.index(lam)], "y": [NOISE_GRID.index(sigma)]}


def test_goal_guarding_default_readout_states_crystallization():
    readout = goal_guarding_explorable().readout()
    assert "training-gamer keeps 1.00" in readout and "keeps 0.00" in readout


@pytest.mark.parametrize("axes, pair", AXIS_PAIRS)
def test_payoff_region_is_where_scheming_pays(axes, pair):
    ex = payoff_explorable()
    rng = np.random.default_rng(1)
    for _ in range(5):
        values = {name: float(rng.choice(grid)) for name, grid in GRIDS.items()}
        x, y, poly = payoff_region(*pair, values)
        patch = ex.patch(axes=axes, **values)
        np.testing.assert_allclose(patch.data[1]["x"], x)
        np.testing.assert_allclose(patch.data[1]["y"], y)
        others = {k: v for k, v in values.items() if k not in pair}
        # Just inside the region (towards its closed edge) scheming pays; where the boundary lies strictly
        # inside the axis range, just on the other side of it scheming does not pay.
        lo, hi = AXES[pair[1]][2]
        edge = poly[1][-1]
        for xi, yi in zip(x, y):
            if yi == edge:
                continue
            inside = yi + 1e-6 * (edge - yi)
            assert scheming_payoff(**others, **{pair[0]: xi, pair[1]: inside}).pays
            if lo < yi < hi:
                outside = yi - 1e-6 * (edge - yi)
                assert not scheming_payoff(**others, **{pair[0]: xi, pair[1]: outside}).pays


def test_payoff_readout_gives_the_deal_size():
    ex = payoff_explorable()
    readout = ex.readout()
    value = float(scheming_payoff(p_survive=0.5, p_takeover=0.1, power_share=0.1, future_weight=0.5,
                                  reward_given_up=0.001).value_scheme)
    assert f"worth more than {value:.3g}" in readout and "scheming pays" in readout


def test_cue_readout_matches_the_model():
    ex = cue_explorable()
    inf = training_posterior(0.3, [True, True, False, True], disguise=0.25)
    readout = ex.readout(prior=0.3, disguise=0.25, rubric=True, artificial=True, late_date=False, personal=True)
    assert readout.startswith(f"P(training or evaluation | cues) = {inf.posterior:.2f}")


@pytest.mark.parametrize("factory", [cue_explorable, goal_guarding_explorable, payoff_explorable])
def test_static_explorers_stay_light(factory):
    ex = factory()
    assert ex.n_combinations() <= ex.max_combinations
    size = len(ex.static_html().to_html().encode())
    assert size < 350_000, f"{ex.name}: {size} bytes of HTML"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_quiz_files_have_the_agreed_format(stem):
    import yaml

    questions = yaml.safe_load((ROOT / "chapters" / "quizzes" / f"{stem}.yml").read_text())
    assert 4 <= len(questions) <= 5
    for q in questions:
        assert set(q) == {"question", "options", "answer", "why", "section"}, q
        assert isinstance(q["answer"], int) and 0 <= q["answer"] < len(q["options"])
        assert re.fullmatch(r"§2(\.\d+)*", q["section"]), q["section"]
