"""The taxonomy of model classes (report §1.1 and §1.2.4) and a classifier that walks it.

The report sorts goal-directed models that do well in training by the structure of their motivations:
do they play the training game; if not, do they pursue the specified goal; if they do, is it terminal
or instrumental; if instrumental, is the aim power later; and if so, do they get it by guarding their
goals. The definitions here are the book's paraphrases, each tied to its section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._validate import check_bool, check_choice


@dataclass(frozen=True)
class ModelClass:
    """One leaf of the taxonomy: a class of model, with a paraphrased definition and its section."""

    key: str
    name: str
    definition: str
    section: str
    schemer: bool


MODEL_CLASSES: dict[str, ModelClass] = {
    c.key: c
    for c in (
        ModelClass(
            "training_saint",
            "Training saint",
            "Does not play the training game; pursues the specified goal, the thing the reward process rewards.",
            "§1.2.2.1",
            False,
        ),
        ModelClass(
            "misgeneralized",
            "Misgeneralized non-training-gamer",
            "Does not play the training game; pursues some goal other than the specified goal (and other "
            "than reward) that happens to do well in training.",
            "§1.2.2.2",
            False,
        ),
        ModelClass(
            "reward_seeker",
            "Reward-on-the-episode seeker",
            "A terminal training-gamer: values doing well on the reward process of the current episode for "
            "its own sake.",
            "§1.2.1",
            False,
        ),
        ModelClass(
            "other_instrumental",
            "Other instrumental training-gamer",
            "Games training as a means to some end other than power later; the report's taxonomy leaves "
            "these aside.",
            "§1.2.4",
            False,
        ),
        ModelClass(
            "schemer",
            "Schemer (not goal-guarding)",
            "Games training to get power later for itself or other AIs, by some route other than keeping "
            "training from changing its goals.",
            "§1.1.3",
            True,
        ),
        ModelClass(
            "goal_guarding_schemer",
            "Goal-guarding schemer",
            "A schemer whose route to power is to stop training from modifying its goals, so that they "
            "survive until it can act on them.",
            "§1.1.4",
            True,
        ),
    )
}


@dataclass(frozen=True)
class TaxonomyNode:
    """A node of the taxonomy tree: a question or a class, with the answer on the edge from its parent."""

    id: str
    label: str
    parent: str | None
    edge: str
    kind: Literal["root", "question", "class"]


#: The taxonomy as a tree (report §1.2.4), root first. Leaf ids are the keys of ``MODEL_CLASSES``.
TAXONOMY: tuple[TaxonomyNode, ...] = (
    TaxonomyNode("root", "Goal-directed model that does well in training", None, "", "root"),
    TaxonomyNode("q_training_gaming", "Training-gaming?", "root", "", "question"),
    TaxonomyNode("q_specified", "Pursuing the specified goal?", "q_training_gaming", "no", "question"),
    TaxonomyNode("training_saint", "Training saint", "q_specified", "yes", "class"),
    TaxonomyNode("misgeneralized", "Misgeneralized non-training-gamer", "q_specified", "no", "class"),
    TaxonomyNode("q_terminal", "Terminal or instrumental?", "q_training_gaming", "yes", "question"),
    TaxonomyNode("reward_seeker", "Reward-on-the-episode seeker", "q_terminal", "terminal", "class"),
    TaxonomyNode("q_power", "For power later, for itself or other AIs?", "q_terminal", "instrumental", "question"),
    TaxonomyNode("other_instrumental", "Other instrumental training-gamer", "q_power", "no", "class"),
    TaxonomyNode("q_guarding", "By guarding its goals from training?", "q_power", "yes (schemer)", "question"),
    TaxonomyNode("goal_guarding_schemer", "Goal-guarding schemer", "q_guarding", "yes", "class"),
    TaxonomyNode("schemer", "Schemer (not goal-guarding)", "q_guarding", "no", "class"),
)


@dataclass(frozen=True)
class Classification:
    """Where a hypothetical model lands in the taxonomy."""

    model_class: ModelClass
    path: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def key(self) -> str:
        """The class key, one of ``MODEL_CLASSES``."""
        return self.model_class.key


def classify_model(
    situationally_aware: bool,
    training_gaming: bool,
    pursues_specified_goal: bool,
    motive: Literal["terminal", "instrumental"],
    for_power_later: bool,
    guards_goals: bool,
) -> Classification:
    """Place a hypothetical model in the report's taxonomy of model classes (§1.1, §1.2.4).

    Every model is assumed goal-directed and to do well in training (the taxonomy's background
    assumption). Answers that do not apply along the model's path are ignored, and a note says so.

    Parameters
    ----------
    situationally_aware
        Does the model understand that it is being trained and how (§1.1.2)? Training-gaming needs it.
    training_gaming
        Does it deliberately optimise reward on the episode (§1.1.2)?
    pursues_specified_goal
        For a model that is not training-gaming: does it pursue the specified goal (§1.2.2)?
    motive
        For a training-gamer: ``"terminal"`` (values reward on the episode itself) or ``"instrumental"``.
    for_power_later
        For an instrumental training-gamer: is the point power later, for itself or other AIs (§1.1.3)?
    guards_goals
        For a schemer: is its route to power stopping training from changing its goals (§1.1.4)?
    """
    sa = check_bool("situationally_aware", situationally_aware)
    tg = check_bool("training_gaming", training_gaming)
    spec = check_bool("pursues_specified_goal", pursues_specified_goal)
    mot = check_choice("motive", motive, ("terminal", "instrumental"))
    power = check_bool("for_power_later", for_power_later)
    guards = check_bool("guards_goals", guards_goals)

    notes: list[str] = []
    path = ["root", "q_training_gaming"]
    if tg and not sa:
        notes.append(
            "Training-gaming needs situational awareness (§1.1.2), so without it the model counts as "
            "not training-gaming."
        )
        tg = False
    if not tg:
        path.append("q_specified")
        notes.append("Not training-gaming: the motive, power and goal-guarding answers do not apply.")
        key = "training_saint" if spec else "misgeneralized"
    else:
        path.append("q_terminal")
        notes.append("Training-gaming: the specified-goal answer does not apply.")
        if mot == "terminal":
            key = "reward_seeker"
            notes.append("Terminal training-gaming: the power and goal-guarding answers do not apply.")
        else:
            path.append("q_power")
            if not power:
                key = "other_instrumental"
                notes.append("No power motive: the goal-guarding answer does not apply.")
            else:
                path.append("q_guarding")
                key = "goal_guarding_schemer" if guards else "schemer"
    path.append(key)
    return Classification(MODEL_CLASSES[key], tuple(path), tuple(notes))
