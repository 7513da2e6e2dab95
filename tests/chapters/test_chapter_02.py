"""Chapter 2 (§2.1–§2.4): its figures and explorables agree with the models, and the numbers its prose states
are the numbers the models compute."""

from __future__ import annotations

import math
import re

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

from ..support import ROOT, PageProbe, chapter_markdown, chapter_notebook, page_data, wait_drawn

CHAPTERS = ("02-requirements-for-scheming", "02b-goal-guarding")


# ----------------------------------------------------------------------------------------------------------
# Numbers in the prose
# ----------------------------------------------------------------------------------------------------------


def test_cue_exercise_numbers_come_from_the_model():
    text = chapter_markdown("02-requirements-for-scheming")
    inf = training_posterior(0.5, [True, False, False, False])
    odds = math.exp(inf.posterior_log_odds)
    assert f"≈ {odds:.1f}" in text and f"≈ {inf.posterior:.2f}" in text


def test_goal_guarding_numbers_come_from_the_model():
    text = chapter_markdown("02b-goal-guarding")
    for lam in (0.5, 1.0):
        closed = 1 / math.sqrt(1 + (CAPABILITY_TARGET_NORM * lam) ** 2)
        simulated = float(goal_guarding_dynamics(lam, 0.0, 0.0, 1.0).retention[-1])
        assert simulated == pytest.approx(closed, abs=0.005), "the default run must have converged"
        assert f"{closed:.2f}" in text
    assert "keeps about 0.55" in text
    messy = dict((label, gamer) for label, gamer, _ in goal_guarding_scenarios())["messy (entanglement 1)"]
    assert f"{messy:.2f}" == "0.55"


def test_non_classic_stories_are_complete_and_in_the_report_order():
    text = chapter_markdown("02b-goal-guarding")
    part = text[text.index("### §2.3.2 Non-classic stories"):text.index("## §2.4 ")]
    leads = ["AI coordination", "AIs with similar values by default",
             "Terminal values that happen to favour escape or takeover", "False beliefs about whether scheming pays",
             "Self-deception", "Goal uncertainty and haziness", "Overall assessment"]
    positions = [part.index(f"**{lead}") if f"**{lead}" in part else part.index("<AI coordination>`.**")
                 for lead in leads]
    assert positions == sorted(positions), "the stories must follow the report's order"
    assert "{unchecked}`detail`" in part.split("\n\n")[1], "the list's introduction carries the marker"
    assert not re.search(r"^#+\s*§", part.split("\n", 1)[1], re.MULTILINE), "the stories are not report sections"


def test_each_page_has_an_argument_reconstruction_exercise():
    classic = chapter_markdown("02b-goal-guarding")
    exercise = classic[classic.index(":label: ch02b-ex-2"):classic.index(":label: ch02b-ex-3")]
    for premise in ("situational awareness", "beyond-episode goal", "goal-guarding hypothesis",
                    "adequate future empowerment"):
        assert premise in exercise.lower(), premise
    assert "(a) attacks P4" in exercise
    default = chapter_markdown("02-requirements-for-scheming")
    assert ":label: ch02-ex-5" in default and "Say which premise each objection attacks" in default


def test_live_panel_cells_are_introduced_by_the_one_short_form():
    for stem in CHAPTERS:
        nb = chapter_notebook(stem)
        for before, cell in zip(nb.cells, nb.cells[1:]):
            if cell.cell_type == "code" and cell.source.startswith("live_panel("):
                last = before.source.strip().split("\n\n")[-1]
                assert last == "In Jupyter or on Binder, the next cell opens this model as a live panel.", stem


def test_chapter_cites_sections_and_keeps_cell_ids():
    for stem in CHAPTERS:
        nb = chapter_notebook(stem)
        prefix = "ch02b-" if stem.startswith("02b") else "ch02-"
        ids = [c.id for c in nb.cells]
        assert len(set(ids)) == len(ids) and all(i.startswith(prefix) for i in ids), ids
        assert re.search(r"§2\.\d", chapter_markdown(stem))


def test_every_new_glossary_term_used_exists():
    glossary = (ROOT / "chapters" / "glossary.md").read_text()
    terms = {line for line in glossary.splitlines() if line and not line.startswith((" ", "#", "`", "The", "intro"))}
    for stem in CHAPTERS:
        for term in re.findall(r"\{term\}`(?:[^`<]*<([^>]+)>|([^`]+))`", chapter_markdown(stem)):
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


# --------------------------------------------------------------------------------------------------
# In the browser (marker ``browser``; from the former test_browser_chapter_two.py)


PAGE_I = "chapters/02-requirements-for-scheming.html"
PAGE_II = "chapters/02b-goal-guarding.html"


@pytest.mark.browser
@pytest.mark.parametrize("path, fig_ids", [(PAGE_I, ("training-cues", "fig-2-2")),
                                           (PAGE_II, ("goal-guarding-dynamics", "scheming-payoff"))])
def test_chapter_two_pages_have_their_figures(probe: PageProbe, site_url: str, path: str, fig_ids: tuple) -> None:
    page = probe.open(f"{site_url}/{path}")
    for fig_id in fig_ids:
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"
        assert fig.locator("figcaption").text_content().startswith("Figure 2.")
    assert probe.errors == []


@pytest.mark.browser
def test_cue_toggles_update_the_posterior(probe: PageProbe, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE_I}", draw=("training-cues",))
    ex = cue_explorable()
    before = page.locator("figure#training-cues .sc-readout").text_content()
    assert before == ex.readout()
    page.check("input[name='training-cues-rubric'][value='0']")  # present
    wait_drawn(page, "training-cues")
    after = page.locator("figure#training-cues .sc-readout").text_content()
    assert after == ex.readout(rubric=True) and after != before
    assert page_data(page, "training-cues")[1]["y"][1] > 0.95
    assert probe.errors == []


@pytest.mark.browser
def test_goal_guarding_slider_moves_the_goal_and_the_marker(probe: PageProbe, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE_II}", draw=("goal-guarding-dynamics",))
    ex = goal_guarding_explorable()
    before = page_data(page, "goal-guarding-dynamics")
    assert before[0]["y"][-1] == pytest.approx(1.0)
    slider = page.locator("#goal-guarding-dynamics-entanglement")
    slider.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    wait_drawn(page, "goal-guarding-dynamics")
    after = page_data(page, "goal-guarding-dynamics")
    assert after[5]["x"] == [4], "the heatmap marker follows the entanglement slider"
    expected = ex.patch(entanglement=1.0).data[0]["y"][-1]
    assert after[0]["y"][-1] == pytest.approx(expected, abs=1e-5) and expected < 0.6
    assert page.locator("#goal-guarding-dynamics-entanglement-value").text_content() == "1"
    assert probe.errors == []


@pytest.mark.browser
def test_payoff_axes_choice_changes_the_axes(probe: PageProbe, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE_II}", draw=("scheming-payoff",))
    title = "() => document.getElementById('scheming-payoff-plot').layout.xaxis.title.text"
    assert page.evaluate(title).startswith("chance of a successful escape")
    page.check("input[name='scheming-payoff-axes'][value='2']")  # survival × coordination
    wait_drawn(page, "scheming-payoff")
    assert page.evaluate(title) == "chance the goals survive training"
    ytype = page.evaluate("() => document.getElementById('scheming-payoff-plot').layout.yaxis.type")
    assert ytype == "linear"
    assert probe.errors == []
