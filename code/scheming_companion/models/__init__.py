"""Pure models of the report's arguments: functions of their parameters that return plain data.

Models never import plotly or ipywidgets, so the static figures, the live panels, the tests and the
benchmarks all call the same code.
"""

from .costs import CostComparison, cost_comparison, pointer_bits
from .counting import COUNTING_CLASSES, MEASURES, all_measure_shares, class_counts, counting_shares, enumerate_goals
from .selection import FRAMES, ILLUSTRATIVE_PRESET, SelectionInputs, class_inputs, priors_and_gaps, selection_shares
from .simplicity_bias import function_frequencies, lz_complexity, mean_generalisation, sample_network_functions
from .slack import DEFAULT_CLASSES, ModelClassWeights, selection_under_slack, slack_crossover_pressure
from .taxonomy import MODEL_CLASSES, TAXONOMY, Classification, classify_model

__all__ = [
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
    "function_frequencies",
    "lz_complexity",
    "mean_generalisation",
    "pointer_bits",
    "priors_and_gaps",
    "sample_network_functions",
    "selection_shares",
    "DEFAULT_CLASSES",
    "MODEL_CLASSES",
    "TAXONOMY",
    "Classification",
    "ModelClassWeights",
    "classify_model",
    "selection_under_slack",
    "slack_crossover_pressure",
]
