"""Each chapter's figure builders (every module's docstring names its chapter and section), and the registry of
the book's explorables. The framework they draw with is :mod:`..explore`."""

from collections.abc import Callable

from ..explore import Explorable
from .argument_map import argument_map_figure, argument_table
from .costs import costs_explorable
from .counting import counting_explorable
from .credence import credence_explorable, credence_timeline_figure
from .deception import cicero_figure, coinrun_figure, fake_alignment_explorable, fake_alignment_sets_figure
from .empirical_work import research_map_figure
from .empowerment import payoff_explorable
from .episodes import episode_timeline_figure
from .goal_guarding import goal_guarding_explorable
from .goal_space import nearest_goal_explorable, path_dependence_explorable
from .later_results import covert_actions_figure, estimates_figure, timeline_explorable
from .model_organism import organism_explorable, survival_by_size_figure
from .proxy_goals import lottery_explorable, proxy_story_figure
from .selection import preset_figure, selection_explorable
from .simplicity_bias import function_frequency_figure, generalisation_figure
from .situational_awareness import cue_explorable
from .slack import pressure_figure, slack_explorable
from .taxonomy import classifier_explorable, taxonomy_figure

#: Every interactive model of the book, by explorable name. A chapter that adds one registers it here; the
#: browser test, the widget tests and the benchmark all take their list from this registry.
EXPLORABLES: dict[str, Callable[[], Explorable]] = {
    "classifier": classifier_explorable,
    "credence-explorer": credence_explorable,
    "fake-alignment-views": fake_alignment_explorable,
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
    "EXPLORABLES",
    "argument_map_figure",
    "argument_table",
    "cicero_figure",
    "classifier_explorable",
    "coinrun_figure",
    "costs_explorable",
    "counting_explorable",
    "covert_actions_figure",
    "credence_explorable",
    "credence_timeline_figure",
    "cue_explorable",
    "episode_timeline_figure",
    "estimates_figure",
    "fake_alignment_explorable",
    "fake_alignment_sets_figure",
    "function_frequency_figure",
    "generalisation_figure",
    "goal_guarding_explorable",
    "lottery_explorable",
    "nearest_goal_explorable",
    "organism_explorable",
    "path_dependence_explorable",
    "payoff_explorable",
    "preset_figure",
    "pressure_figure",
    "proxy_story_figure",
    "research_map_figure",
    "selection_explorable",
    "slack_explorable",
    "survival_by_size_figure",
    "taxonomy_figure",
    "timeline_explorable",
]
