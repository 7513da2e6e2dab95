"""Pure models of the report's arguments: functions of their parameters that return plain data.

Models never import plotly or ipywidgets, so the static figures, the live panels, the tests and the
benchmarks all call the same code.
"""

from .goal_space import GOAL_CLASSES, GoalPaths, Landscape, descend_goal_space, path_dependence, total_variation
from .proxy_goals import LotteryParams, LotteryResult, proxy_goal_expected_shares, proxy_goal_lottery
from .slack import DEFAULT_CLASSES, ModelClassWeights, selection_under_slack, slack_crossover_pressure
from .taxonomy import MODEL_CLASSES, TAXONOMY, Classification, classify_model

__all__ = [
    "DEFAULT_CLASSES",
    "GOAL_CLASSES",
    "GoalPaths",
    "Landscape",
    "LotteryParams",
    "LotteryResult",
    "MODEL_CLASSES",
    "TAXONOMY",
    "Classification",
    "ModelClassWeights",
    "classify_model",
    "descend_goal_space",
    "path_dependence",
    "proxy_goal_expected_shares",
    "proxy_goal_lottery",
    "selection_under_slack",
    "slack_crossover_pressure",
    "total_variation",
]
