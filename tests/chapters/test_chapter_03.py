"""Chapter 3 (report §3): its explorables (precomputed tables, page weight, readouts), its live panels, and the
numbers its prose and exercises state, which must be the numbers the package computes."""

from __future__ import annotations

import itertools
import math
import random
import re
from typing import Any

import numpy as np
import pytest
import yaml
from scheming_companion.explore import figure_json, live_panel
from scheming_companion.explore.render import merge
from scheming_companion.figures.goal_space import (
    CENTRES,
    N_MAP,
    PD_STARTS,
    STEP_SEED,
    landscape,
    nearest_goal_explorable,
    path_dependence_explorable,
)
from scheming_companion.figures.proxy_goals import LOTTERY_RUNS, LOTTERY_SEED, lottery_explorable, proxy_story_figure
from scheming_companion.models.goal_space import (
    MISGEN_CENTRE,
    REWARD_SEEKER,
    REWARD_SEEKER_CENTRE,
    SCHEMER,
    SMALL_RADIUS,
    SPECIFIED_CENTRE,
    descend_goal_space,
)
from scheming_companion.models.proxy_goals import (
    CLASSES,
    N_STEPS,
    LotteryParams,
    proxy_goal_expected_shares,
    proxy_goal_lottery,
)

from ..support import ROOT, chapter_markdown, chapter_notebook, page_data, wait_drawn

STEM = "03-path-arguments"
FACTORIES = {"lottery": lottery_explorable, "nearest": nearest_goal_explorable, "path": path_dependence_explorable}


@pytest.fixture(scope="module")
def notebook():
    return chapter_notebook(STEM)


@pytest.fixture(scope="module")
def text() -> str:
    return chapter_markdown(STEM)


@pytest.fixture(scope="module", params=list(FACTORIES))
def explorable_and_html(request):
    ex = FACTORIES[request.param]()
    static = ex.static_html()
    return ex, static.to_html(), static


# --------------------------------------------------------------------------------------------------------------
# Explorables
# --------------------------------------------------------------------------------------------------------------


def test_grids_and_page_weight(explorable_and_html):
    ex, html, _ = explorable_and_html
    assert ex.n_combinations() <= 4000
    assert len(html.encode()) < 300_000, f"{ex.name}: {len(html)} bytes of HTML"


def test_table_reproduces_the_python_figure(explorable_and_html):
    ex, _, static = explorable_and_html
    table = static.table()  # the table the page carries, built once
    rng = random.Random(3)
    combos = list(itertools.product(*(p.values for p in ex.params)))
    n = len(table["base"]["data"])
    for combo in [combos[0], combos[-1], *rng.sample(combos, min(6, len(combos)))]:
        values = dict(zip((p.name for p in ex.params), combo))
        idx = 0
        for p in ex.params:
            idx = idx * len(p.values) + p.index(values[p.name])
        row = table["frames"][idx]
        data = [merge(trace, table["traces"][i][row[i]]) for i, trace in enumerate(table["base"]["data"])]
        expected = figure_json(ex.figure(**values))
        assert data == expected["data"], f"{ex.name} at {values}"
        assert table["readouts"][row[n + 1]] == ex.readout(**values)


def test_lottery_bars_are_the_seeded_monte_carlo():
    ex = lottery_explorable()
    fig = ex.figure(sa_time=0.5, adversarial=0.2, p_goal_guarding=1.0)
    r = proxy_goal_lottery(LotteryParams(sa_time=0.5, adversarial=0.2, p_goal_guarding=1.0), LOTTERY_RUNS,
                           LOTTERY_SEED)
    np.testing.assert_allclose(fig.data[0].y, r.shares)
    np.testing.assert_allclose(fig.data[0].error_y.array, r.half_width)
    np.testing.assert_allclose(fig.data[1].y, proxy_goal_expected_shares(
        LotteryParams(sa_time=0.5, adversarial=0.2, p_goal_guarding=1.0)))
    assert "never during training" in ex.readout(sa_time=1.0)
    assert "after 50% of training" in ex.readout(sa_time=0.5)


def test_nearest_goal_readout_and_path():
    ex = nearest_goal_explorable()
    assert "ends as Schemer" in ex.readout(start_x=0.5, start_y=0.15, step_rule=True, barrier=0.0)
    assert "ends as Reward-on-the-episode seeker" in ex.readout(start_x=0.5, start_y=0.15, step_rule=True,
                                                                  barrier=0.3)
    fig = ex.figure(start_x=0.1, start_y=0.25, step_rule=False)
    path = fig.data[8]
    assert path.x[0] == pytest.approx(0.1) and path.y[0] == pytest.approx(0.25)
    assert path.y[-1] == pytest.approx(0.3), "straight up to the band"
    starts = sum(len(fig.data[i].x) for i in range(3, 8))
    assert starts == N_MAP
    assert sum(fig.data[-1].y) == pytest.approx(1.0)


def test_path_dependence_view_moves_less_with_spread_starts():
    ex = path_dependence_explorable()
    common = ex.figure(spread=0.0)
    spread = ex.figure(spread=0.4)
    assert common.data[4].y[0] == pytest.approx(1.0)
    assert spread.data[4].y[0] < 0.6
    for fig in (common, spread):
        for i in range(len(CENTRES)):
            assert sum(fig.data[i].y) == pytest.approx(1.0)


def test_story_figure_builds():
    fig = proxy_story_figure()
    assert {t.type for t in fig.data} == {"scatter"}


# --------------------------------------------------------------------------------------------------------------
# Live panels (off-grid values call the model directly)
# --------------------------------------------------------------------------------------------------------------


def test_live_lottery_off_grid():
    panel = live_panel(lottery_explorable())
    panel.set(sa_time=0.37, adversarial=0.13)
    params = LotteryParams(sa_time=0.37, adversarial=0.13)
    bars = np.asarray(panel.figure.data[0].y, dtype=float)
    np.testing.assert_allclose(bars, proxy_goal_lottery(params, LOTTERY_RUNS, LOTTERY_SEED).shares, rtol=1e-5)
    assert panel.last_seconds < 5


def test_live_goal_space_off_grid():
    panel = live_panel(nearest_goal_explorable())
    panel.set(start_x=0.33, start_y=0.17, barrier=0.45)
    assert "content 0.33, horizon 0.17" in panel.readout.value  # off the grid, the readout shows the extra digit
    for trace in panel.figure.data:
        for attr in ("x", "y"):
            vals = getattr(trace, attr, None)
            if vals is not None and len(vals):
                nums = [v for v in vals if v is not None and not isinstance(v, str)]
                assert np.all(np.isfinite(np.asarray(nums, dtype=float)))


def test_live_path_dependence_off_grid():
    panel = live_panel(path_dependence_explorable())
    panel.set(spread=0.07)
    movement = panel.figure.data[3]
    assert 0.07 in [round(v, 6) for v in movement.x], "the chosen spread joins the curve"
    assert 0 <= panel.figure.data[4].y[0] <= 1


# --------------------------------------------------------------------------------------------------------------
# The chapter's prose and exercises state what the models compute
# --------------------------------------------------------------------------------------------------------------


def test_lottery_defaults_stated_in_the_text(text):
    p = LotteryParams()
    assert f"runs of {N_STEPS} steps" in text
    assert f"past the episode with probability {p.p_beyond:g}" in text
    assert re.search(rf"ambitious with\s+probability {p.p_ambitious:g}", text)
    assert f"{N_MAP} seeded random starts" in text
    assert f"starts {PD_STARTS} goals around each" in text
    assert f"{LOTTERY_RUNS:,} seeded runs" in text


def test_lottery_default_is_not_read_as_the_reports_25_percent(text):
    # The default is the story with its defences down, chosen far from the report's ~25% (issue 13); the page
    # states its share, says plainly that no share estimates the report's credence, and gives the range.
    p = LotteryParams()
    schemer = proxy_goal_expected_shares(p)[CLASSES.index("Schemer")]
    assert abs(schemer - 0.25) >= 0.1
    assert f"There about {schemer:.0%} of runs end as schemers" in text
    assert "**The lottery's number is not an estimate of the report's credence.**" in text
    assert f"after {p.sa_time:.0%} of training" in text
    assert p.adversarial == 0 and "nothing tests for beyond-episode goals before it" in text
    assert p.p_goal_guarding == 1 and "goal-guarding always\nholds" in text
    ex = lottery_explorable()
    assert {q.name: q.default for q in ex.params} == {
        "sa_time": p.sa_time, "adversarial": p.adversarial, "p_goal_guarding": p.p_goal_guarding}
    grid = [proxy_goal_expected_shares(LotteryParams(sa_time=s, adversarial=a, p_goal_guarding=g))[3]
            for s, a, g in itertools.product(*(q.values for q in ex.params))]
    assert f"anywhere from {min(grid):.0%} to {max(grid):.0%}" in text
    # "Find two quite different settings at which about a quarter of the runs end as schemers."
    near = [share for share in grid if abs(share - 0.25) < 0.02]
    assert len(near) >= 2


def test_reconstruction_exercise_matches_the_lottery(text):
    p = LotteryParams()
    assert f"fixed chances {p.p_beyond:g} and {p.p_ambitious:g}" in text
    assert ":label: ch03-ex-1\n\nReconstruct the training-game-independent proxy-goals story (§3.1)" in text
    assert "Reconstruct the \"nearest max-reward goal\" argument (§3.2)" in text


def test_sections_and_live_panels_are_where_they_belong(notebook):
    sources = [c.source for c in notebook.cells]
    heads = {}
    for i, src in enumerate(sources):
        for line in src.split("\n"):
            if line.startswith("## "):
                heads[line[3:].split(" ")[0] if line[3] == "§" else line[3:]] = i
    assert [k for k in heads if k.startswith("§")] == ["§3", "§3.1", "§3.2", "§3.3", "§3.4"]
    path_cell = next(i for i, c in enumerate(notebook.cells) if "path_dependence_explorable()" in c.source
                     and "import" not in c.source)
    assert heads["§3.4"] < path_cell < heads["Key takeaways"], "the path-dependence view sits in §3.4"
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and cell.source.startswith("live_panel("):
            before = notebook.cells[i - 1].source.rstrip().split("\n")[-1]
            assert before == "In Jupyter or on Binder, the next cell opens this model as a live panel."


def test_exercise_two_numbers(text):
    x, y, y_crit = 0.5, 0.15, 0.3
    rs = math.hypot(x - REWARD_SEEKER_CENTRE[0], y - REWARD_SEEKER_CENTRE[1]) - SMALL_RADIUS
    mg = math.hypot(x - MISGEN_CENTRE[0], y - MISGEN_CENTRE[1]) - SMALL_RADIUS
    saint = math.hypot(x - SPECIFIED_CENTRE[0], y - SPECIFIED_CENTRE[1]) - landscape(0.3).saint_radius
    assert f"≈ {rs:.3f} away" in text and f"about {mg:.2f}" in text and f"about {saint:.2f}" in text
    assert rs < y_crit - y
    ends = {b: descend_goal_space(landscape(b), [x], [y], incremental=True, seed=STEP_SEED).classes[0]
            for b in (0.0, 0.3)}
    assert ends == {0.0: SCHEMER, 0.3: REWARD_SEEKER}
    assert descend_goal_space(landscape(0.3), [x], [y], incremental=False).classes[0] == REWARD_SEEKER


def test_monte_carlo_cell_matches_claim(notebook):
    # The prose says each simulated share lies within its 95% interval of the exact one at the defaults.
    r = proxy_goal_lottery(LotteryParams(), 10_000, 2023)
    assert np.all(np.abs(r.shares - proxy_goal_expected_shares(LotteryParams())) <= r.half_width)
    cell = next(c for c in notebook.cells if c.get("id") == "ch03-11")
    assert "seed=2023" in cell.source and "n_runs=10_000" in cell.source


def test_glossary_terms_used_exist(text):
    glossary = (ROOT / "chapters" / "glossary.md").read_text()
    terms = set(re.findall(r"^([A-Z][^\n]*)\n  ", glossary, re.M))
    used = set(re.findall(r"\{term\}`[^`<]*<([^>]+)>`", text)) | set(re.findall(r"\{term\}`([^`<]+)`", text))
    assert used <= terms, used - terms
    for t in ("Path dependence", "Proxy goal", "Incrementalism", "Nearest max-reward goal argument",
              "Schemer-like goal", "Crystallization", "Suitably ambitious", "Beyond-episode goal",
              "Counting argument", "Simplicity", "Speed costs", "Goal-guarding hypothesis"):
        assert t in used, f"{t} is not linked from the chapter"


def test_quiz_format():
    quiz = yaml.safe_load((ROOT / "chapters" / "quizzes" / "03-path-arguments.yml").read_text())
    assert 4 <= len(quiz) <= 6
    assert {"§3.3", "§3.4"} & {q["section"] for q in quiz}, "a question on §3.3 or §3.4"
    for q in quiz:
        assert set(q) == {"question", "options", "answer", "why", "section"}
        assert 0 <= q["answer"] < len(q["options"]) and q["section"].startswith("§3")


# --------------------------------------------------------------------------------------------------
# In the browser (marker ``browser``; from the former test_browser_path_arguments.py)


PAGE = "chapters/03-path-arguments.html"


@pytest.mark.browser
def test_chapter_three_has_its_figures(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE}")
    for fig_id in ("fig-3-1", "proxy-goal-lottery", "nearest-max-reward-goal", "path-dependence-view"):
        fig = page.locator(f"figure#{fig_id}")
        assert fig.count() == 1, f"figure {fig_id} missing"
        assert fig.locator("svg.main-svg").count() >= 1, f"figure {fig_id} not drawn"
        assert fig.locator(".sc-plot").get_attribute("aria-label"), f"figure {fig_id} has no alt text"
    numbers = page.locator(".sc-caption-number").all_text_contents()
    assert numbers == ["Figure 3.1.", "Figure 3.2.", "Figure 3.3.", "Figure 3.4."], numbers
    assert probe.errors == []


@pytest.mark.browser
def test_sa_slider_moves_by_keyboard_and_changes_the_lottery(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE}", draw=("proxy-goal-lottery",))
    before = page_data(page, "proxy-goal-lottery")[0]["y"]
    slider = page.locator("#proxy-goal-lottery-sa-time")
    slider.focus()
    for _ in range(round((1.0 - LotteryParams().sa_time) * 10)):
        page.keyboard.press("ArrowRight")  # default -> 100%, a tenth a press: SA never arrives during training
    wait_drawn(page, "proxy-goal-lottery")
    assert page.locator("#proxy-goal-lottery-sa-time-value").text_content() == "100%"
    after = page_data(page, "proxy-goal-lottery")[0]["y"]
    assert after != before and after[3] == 0, "no schemers when SA never arrives"
    readout = page.locator("figure#proxy-goal-lottery .sc-readout").text_content()
    assert readout == lottery_explorable().readout(sa_time=1.0)
    assert probe.errors == []


@pytest.mark.browser
def test_step_rule_switch_moves_the_path(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE}", draw=("nearest-max-reward-goal",))
    page.fill("#nearest-max-reward-goal-start-x", "5")  # content 0.5
    page.fill("#nearest-max-reward-goal-start-y", "3")  # horizon 0.15
    page.fill("#nearest-max-reward-goal-barrier", "0")  # no barrier
    wait_drawn(page, "nearest-max-reward-goal")
    readout = page.locator("figure#nearest-max-reward-goal .sc-readout")
    assert "ends as Schemer" in readout.text_content()
    page.check("input[name='nearest-max-reward-goal-step-rule'][value='1']")
    wait_drawn(page, "nearest-max-reward-goal")
    expected = nearest_goal_explorable().readout(start_x=0.5, start_y=0.15, step_rule=False, barrier=0.0)
    assert readout.text_content() == expected and "ends as Reward-on-the-episode seeker" in expected
    assert probe.errors == []


@pytest.mark.browser
def test_spread_slider_lowers_the_movement(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{PAGE}", draw=("path-dependence-view",))
    marker = page_data(page, "path-dependence-view")[4]
    assert marker["y"] == [1]
    page.fill("#path-dependence-view-spread", "5")
    wait_drawn(page, "path-dependence-view")
    marker = page_data(page, "path-dependence-view")[4]
    assert marker["x"] == [0.4] and marker["y"][0] < 0.6
    assert probe.errors == []
