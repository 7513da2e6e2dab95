"""Plotly figure builders and the shared rendering path (``show``) and explorables."""

from collections.abc import Callable

from .costs import costs_explorable
from .counting import counting_explorable
from .credence import credence_explorable
from .deception import fake_alignment_explorable
from .empowerment import payoff_explorable
from .explorable import Choice, Explorable, Patch, Slider, apply_patch
from .goal_guarding import goal_guarding_explorable
from .goal_space import nearest_goal_explorable, path_dependence_explorable
from .later_results import timeline_explorable
from .model_organism import organism_explorable
from .proxy_goals import lottery_explorable
from .render import PlotlyFigure, figure_json, show
from .selection import selection_explorable
from .situational_awareness import cue_explorable
from .slack import slack_explorable
from .taxonomy import classifier_explorable
from .theme import CLASS_COLOURS, PALETTE, new_figure

#: Every interactive model of the book, by explorable name. A chapter that adds one registers it here; the
#: browser test, the widget tests and the benchmark all take their list from this registry.
EXPLORABLES: dict[str, Callable[[], Explorable]] = {
    "classifier": classifier_explorable,
    "credence-explorer": credence_explorable,
    "fig-1-2": fake_alignment_explorable,
    "later-results-timeline": timeline_explorable,
    "model-organism": organism_explorable,
    "goal-guarding-dynamics": goal_guarding_explorable,
    "scheming-payoff": payoff_explorable,
    "nearest-max-reward-goal": nearest_goal_explorable,
    "path-dependence-view": path_dependence_explorable,
    "proxy-goal-lottery": lottery_explorable,
    "slack-toy": slack_explorable,
    "training-cues": cue_explorable,
    "counting-measures": counting_explorable,
    "cost-calculator": costs_explorable,
    "selection-frames": selection_explorable,
}

__all__ = [
    "CLASS_COLOURS",
    "EXPLORABLES",
    "PALETTE",
    "Choice",
    "Explorable",
    "Patch",
    "PlotlyFigure",
    "Slider",
    "apply_patch",
    "figure_json",
    "new_figure",
    "show",
]
