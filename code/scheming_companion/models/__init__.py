"""Pure models of the report's arguments: functions of their parameters that return plain data.

Models never import plotly or ipywidgets, so the static figures, the live panels, the tests and the
benchmarks all call the same code.
"""

from .costs import CostComparison, cost_comparison, pointer_bits
from .counting import (
    COUNTING_CLASSES,
    MEASURES,
    all_measure_shares,
    class_counts,
    counting_shares,
    enumerate_goals,
    measure_shares,
)
from .credence import (
    DEFAULT_FACTORS,
    FACTOR_NAMES,
    credence_breakdown,
    credence_sensitivity,
    scheming_credence,
)
from .empowerment import PAYOFF_PARAMETERS, SchemingPayoff, break_even, scheming_payoff
from .goal_guarding import GoalGuardingRun, goal_guarding_dynamics, goal_guarding_scenarios, goal_guarding_setup
from .goal_space import GOAL_CLASSES, GoalPaths, Landscape, descend_goal_space, path_dependence, total_variation
from .later_results import LATER_RESULTS, QUESTION_KEYS, LaterResult, results_bearing_on
from .model_organism import SAFETY_DATA, SurvivalCurve, backdoor_survival, backdoor_survival_grid, train_networks
from .proxy_goals import LotteryParams, LotteryResult, proxy_goal_expected_shares, proxy_goal_lottery
from .selection import FRAMES, ILLUSTRATIVE_PRESET, SelectionInputs, class_inputs, priors_and_gaps, selection_shares
from .simplicity_bias import function_frequencies, lz_complexity, mean_generalisation, sample_network_functions
from .situational_awareness import DEFAULT_CUES, Cue, CueInference, training_posterior
from .slack import DEFAULT_CLASSES, ModelClassWeights, selection_under_slack, slack_crossover_pressure
from .taxonomy import MODEL_CLASSES, TAXONOMY, Classification, classify_model

__all__ = [
    "DEFAULT_FACTORS",
    "FACTOR_NAMES",
    "COUNTING_CLASSES",
    "FRAMES",
    "ILLUSTRATIVE_PRESET",
    "MEASURES",
    "CostComparison",
    "SelectionInputs",
    "all_measure_shares",
    "class_counts",
    "class_inputs",
    "cost_comparison",
    "counting_shares",
    "enumerate_goals",
    "measure_shares",
    "function_frequencies",
    "lz_complexity",
    "mean_generalisation",
    "pointer_bits",
    "priors_and_gaps",
    "sample_network_functions",
    "selection_shares",
    "DEFAULT_CLASSES",
    "LATER_RESULTS",
    "DEFAULT_CUES",
    "PAYOFF_PARAMETERS",
    "Cue",
    "CueInference",
    "GoalGuardingRun",
    "SchemingPayoff",
    "break_even",
    "goal_guarding_dynamics",
    "goal_guarding_scenarios",
    "goal_guarding_setup",
    "scheming_payoff",
    "training_posterior",
    "GOAL_CLASSES",
    "GoalPaths",
    "Landscape",
    "LotteryParams",
    "LotteryResult",
    "MODEL_CLASSES",
    "QUESTION_KEYS",
    "SAFETY_DATA",
    "TAXONOMY",
    "Classification",
    "LaterResult",
    "ModelClassWeights",
    "SurvivalCurve",
    "backdoor_survival",
    "backdoor_survival_grid",
    "train_networks",
    "classify_model",
    "credence_breakdown",
    "credence_sensitivity",
    "scheming_credence",
    "results_bearing_on",
    "descend_goal_space",
    "path_dependence",
    "proxy_goal_expected_shares",
    "proxy_goal_lottery",
    "selection_under_slack",
    "slack_crossover_pressure",
    "total_variation",
]
