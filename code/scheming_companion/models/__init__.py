"""Pure models of the report's arguments: functions of their parameters that return plain data.

Models never import plotly or ipywidgets, so the static figures, the live panels, the tests and the
benchmarks all call the same code.
"""

from .empowerment import PAYOFF_PARAMETERS, SchemingPayoff, break_even, scheming_payoff
from .goal_guarding import GoalGuardingRun, goal_guarding_dynamics, goal_guarding_scenarios, goal_guarding_setup
from .situational_awareness import DEFAULT_CUES, Cue, CueInference, training_posterior
from .slack import DEFAULT_CLASSES, ModelClassWeights, selection_under_slack, slack_crossover_pressure
from .taxonomy import MODEL_CLASSES, TAXONOMY, Classification, classify_model

__all__ = [
    "DEFAULT_CLASSES",
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
    "MODEL_CLASSES",
    "TAXONOMY",
    "Classification",
    "ModelClassWeights",
    "classify_model",
    "selection_under_slack",
    "slack_crossover_pressure",
]
