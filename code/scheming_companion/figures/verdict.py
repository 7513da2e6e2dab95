"""Chapters 1-5 and the class view, §0 and §5: the reader's verdict, its file format, and a class's spread.

The arithmetic is :mod:`scheming_companion.models.verdict` (answers chapter by chapter, the bottom line, the
trail, the class summary). This module holds the verdict file format (version 1, checked by
:func:`check_verdict`; :func:`verdict_schema` states it as JSON Schema, kept in ``chapters/verdict.schema.json``),
the loader for a folder of files (:func:`load_verdicts`), the page's panels (:func:`where_do_you_stand`,
:func:`your_verdict`, :func:`class_view`: kernel-free, drawn by ``book/static/scheming-verdict.js`` from the
configuration :func:`page_config` puts in the page), the Jupyter live panel (:func:`verdict_panel`) and the class
figures (:func:`class_view_figures`). Like the credence explorer, the decomposition is the book's teaching device,
not the report's method.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from .. import __version__
from ..explore.render import show
from ..explore.theme import INK, PALETTE, TEMPLATE
from ..models.credence import DEFAULT_FACTORS, FACTOR_LABELS, FACTOR_NAMES, LATER_CREDENCE, REPORT_CREDENCE
from ..models.verdict import (
    BOTTOM_LINE_TOLERANCE,
    CHAPTER_FACTORS,
    CHAPTER_TITLES,
    HISTOGRAM_BINS,
    MAX_BYTES,
    MAX_VERSION_CHARS,
    PROMPT,
    PROMPTS,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    Answers,
    bottom_line,
    check_answers,
    class_summary,
    effective_factors,
    is_probability,
)

#: The chapter 5 explorer that starts from the reader's answers (its controls are "<name>-<factor-with-dashes>").
EXPLORER = "credence-explorer"
#: The keys of a version-1 verdict file.
KEYS = ("schema", "version", "book_version", "answers", "bottom_line")
#: The one sentence every panel says about where answers go.
STORAGE_NOTE = ("Your answers are saved only in this browser (its local storage), never sent anywhere; "
                "chapter 5 picks them up.")
CLASS_NOTE = "Files you choose are read in this browser only: nothing is uploaded anywhere."


@dataclass(frozen=True)
class Verdict:
    """One reader's checked verdict: where it came from, the answers, and what they give."""

    source: str
    answers: Answers
    factors: dict[str, float]
    bottom_line: float
    book_version: str


def check_verdict(data: object, source: str = "verdict") -> Verdict:
    """Check a parsed verdict file (format version 1); ``ValueError`` naming ``source`` and the problem.

    The rules (:func:`verdict_schema` states them as JSON Schema): an object with exactly the keys ``schema``
    (``"scheming-companion-verdict"``), ``version`` (the whole number 1; a larger one is a future version),
    ``book_version`` (a string of at most 40 characters), ``answers`` (chapter key -> factor name -> finite
    number in [0, 1], only the factors that chapter asks about) and ``bottom_line`` (a number in [0, 1] equal,
    to 1e-9, to what the answers give).
    """
    if not isinstance(data, dict):
        raise ValueError(f"{source}: a verdict must be a JSON object, got {type(data).__name__}")
    if data.get("schema") != SCHEMA_NAME:
        raise ValueError(f'{source}: "schema" must be "{SCHEMA_NAME}" (this is not a verdict file from this book)')
    version = data.get("version")
    if isinstance(version, float) and version.is_integer():  # JSON has one number type: 1.0 is 1, as in the page
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f'{source}: "version" must be a whole number ({SCHEMA_VERSION} for this book), '
                         f"got {version!r}")
    if version > SCHEMA_VERSION:
        raise ValueError(f"{source}: comes from a future schema version ({version}); this book reads version "
                         f"{SCHEMA_VERSION}")
    extra = sorted(set(data) - set(KEYS))
    if extra:
        raise ValueError(f"{source}: unknown key(s) {', '.join(map(repr, extra))}; a verdict has only "
                         f"{', '.join(KEYS)}")
    missing = [k for k in KEYS if k not in data]
    if missing:
        raise ValueError(f"{source}: missing key(s) {', '.join(map(repr, missing))}")
    book_version = data["book_version"]
    if not isinstance(book_version, str) or len(book_version) > MAX_VERSION_CHARS:
        raise ValueError(f'{source}: "book_version" must be a string of at most {MAX_VERSION_CHARS} characters')
    try:
        answers = check_answers(data["answers"])
    except ValueError as err:
        raise ValueError(f"{source}: {err}") from None
    stated = data["bottom_line"]
    if not is_probability(stated):
        raise ValueError(f'{source}: "bottom_line" must be a number from 0 to 1, got {stated!r}')
    line = bottom_line(answers)
    if abs(float(stated) - line) > BOTTOM_LINE_TOLERANCE:
        raise ValueError(f'{source}: "bottom_line" {stated!r} does not match the answers, which give {line!r}')
    return Verdict(source=source, answers=answers, factors=effective_factors(answers), bottom_line=line,
                   book_version=book_version)


def _no_constant(token: str) -> float:
    raise ValueError(f"{token} is not a JSON number")


def parse_verdict(raw: bytes | str, source: str = "verdict") -> Verdict:
    """Check a verdict file's content: at most 100 kB, UTF-8, strict JSON (no NaN or Infinity), then
    :func:`check_verdict`. Raises ``ValueError`` naming ``source`` and the problem."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogatepass")
    if not isinstance(raw, bytes):
        raise ValueError(f"{source}: a verdict file's content must be bytes or text, got {type(raw).__name__}")
    if len(raw) > MAX_BYTES:
        raise ValueError(f"{source}: file is too large ({len(raw)} bytes; a verdict is at most {MAX_BYTES} bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{source}: file is not UTF-8 text") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as err:
        raise ValueError(f"{source}: file is not valid JSON ({err})") from None
    return check_verdict(data, source)


def load_verdicts(paths: str | Path | Iterable[str | Path]) -> list[Verdict]:
    """Read verdict files: a folder (every ``*.json`` in it, by name), one file, or a list of files.

    Every file is checked (:func:`parse_verdict`). If any is bad, raises one ``ValueError`` naming each bad
    file and its problem (so a teacher can send them all back at once); otherwise returns the verdicts in order.
    """
    if isinstance(paths, str | Path):
        root = Path(paths)
        files = sorted(root.glob("*.json")) if root.is_dir() else [root]
    else:
        files = [Path(p) for p in paths]
    if not files:
        raise ValueError(f"paths: no verdict files found in {paths!s}")
    verdicts, problems = [], []
    for path in files:
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ValueError(f"{path.name}: file is too large ({path.stat().st_size} bytes; a verdict is at "
                                 f"most {MAX_BYTES} bytes)")
            verdicts.append(parse_verdict(path.read_bytes(), path.name))
        except OSError as err:
            problems.append(f"{path.name}: cannot be read ({err.strerror or err})")
        except ValueError as err:
            problems.append(str(err))
    if problems:
        raise ValueError(f"{len(problems)} of {len(files)} verdict file(s) rejected:\n" + "\n".join(problems))
    return verdicts


def verdict_file(answers: Mapping[str, Mapping[str, float]], book_version: str = __version__) -> dict[str, Any]:
    """The content of a verdict file for ``answers`` (what the page's "Save my verdict" writes), checked."""
    data = {"schema": SCHEMA_NAME, "version": SCHEMA_VERSION, "book_version": book_version,
            "answers": check_answers(answers), "bottom_line": bottom_line(answers)}
    check_verdict(data, "answers")
    return data


def verdict_schema() -> dict[str, Any]:
    """The verdict file format, version 1, as JSON Schema (draft 2020-12); ``chapters/verdict.schema.json``.

    Two rules are beyond JSON Schema and are checked by :func:`parse_verdict` and the page alike: the file is
    at most 100 kB, and ``bottom_line`` equals what the answers give, to 1e-9.
    """
    probability = {"type": "number", "minimum": 0, "maximum": 1}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_NAME}-v{SCHEMA_VERSION}",
        "title": "A reader's verdict on the credence explorer's factors (Scheming AIs companion)",
        "type": "object",
        "additionalProperties": False,
        "required": list(KEYS),
        "properties": {
            "schema": {"const": SCHEMA_NAME},
            "version": {"const": SCHEMA_VERSION},
            "book_version": {"type": "string", "maxLength": MAX_VERSION_CHARS},
            "answers": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    chapter: {"type": "object", "additionalProperties": False,
                              "properties": {name: probability for name in names}}
                    for chapter, names in CHAPTER_FACTORS.items()
                },
            },
            "bottom_line": probability,
        },
    }


def page_config() -> dict[str, Any]:
    """Everything the page's verdict script needs from the package: it copies no constant of its own."""
    return {
        "schema": SCHEMA_NAME, "version": SCHEMA_VERSION, "book_version": __version__, "max_bytes": MAX_BYTES,
        "max_version_chars": MAX_VERSION_CHARS, "tolerance": BOTTOM_LINE_TOLERANCE,
        "factors": list(FACTOR_NAMES), "labels": dict(FACTOR_LABELS), "defaults": dict(DEFAULT_FACTORS),
        "chapters": {c: list(f) for c, f in CHAPTER_FACTORS.items()}, "chapter_titles": dict(CHAPTER_TITLES),
        "report": REPORT_CREDENCE, "later": LATER_CREDENCE, "bins": HISTOGRAM_BINS, "prompts": PROMPTS,
        "prompt": PROMPT, "storage_note": STORAGE_NOTE, "class_note": CLASS_NOTE,
        "storage_key": f"{SCHEMA_NAME}-v{SCHEMA_VERSION}", "explorer": EXPLORER,
    }


class VerdictHTML:
    """A kernel-free verdict panel: a placeholder ``scheming-verdict.js`` fills, with the page config."""

    def __init__(self, kind: str, chapter: str = "", fallback: str = ""):
        self.kind, self.chapter, self.fallback = kind, chapter, fallback

    def _repr_html_(self) -> str:
        config = json.dumps(page_config(), sort_keys=True).replace("<", "\\u003c")
        chapter = f' data-chapter="{html.escape(self.chapter)}"' if self.chapter else ""
        return (f'<div class="sc-verdict" data-verdict="{html.escape(self.kind)}"{chapter}>'
                f'<script type="application/json" class="sc-verdict-config">{config}</script>'
                f'<p class="sc-verdict-fallback">{html.escape(self.fallback)}</p></div>')

    def __repr__(self) -> str:
        return f"VerdictHTML({self.kind!r}, {self.chapter!r})"


def where_do_you_stand(chapter: str) -> VerdictHTML:
    """The end-of-chapter panel of ``chapter`` (a key of ``CHAPTER_FACTORS``): the reader's view of the factors
    that chapter bears on, beside the book's starting values, kept in the browser's local storage."""
    if chapter not in CHAPTER_FACTORS:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTER_FACTORS)}, got {chapter!r}")
    names = ", ".join(FACTOR_LABELS[n].lower() for n in CHAPTER_FACTORS[chapter])
    return VerdictHTML("panel", chapter, f"In the book's web page this panel asks where you stand on: {names}. "
                                         "In Jupyter, use the live panel below.")


def your_verdict() -> VerdictHTML:
    """Chapter 5's panel: the reader's bottom line beside 25% and 20%, the trail, save and load."""
    return VerdictHTML("summary", "", "In the book's web page this panel shows your answers from chapters 1-4.")


def class_view() -> VerdictHTML:
    """The class view page's panel: pools verdict files chosen or dropped by a teacher, in the page."""
    return VerdictHTML("class", "", "The class view needs the book's web page (JavaScript); in Jupyter, use "
                                    "load_verdicts and class_view_figures.")


class VerdictPanel(widgets.VBox):
    """Jupyter's "where do you stand": a slider per factor the chapter bears on, and the bottom line they give
    (factors the chapter does not ask about stay at the book's start). ``panel.answers()`` gives the answers."""

    def __init__(self, chapter: str):
        if chapter not in CHAPTER_FACTORS:
            raise ValueError(f"chapter must be one of {', '.join(CHAPTER_FACTORS)}, got {chapter!r}")
        self.chapter = chapter
        self.sliders = {
            name: widgets.FloatSlider(value=DEFAULT_FACTORS[name], min=0.0, max=1.0, step=0.01,
                                      description=f"{FACTOR_LABELS[name]} (book's start "
                                                  f"{DEFAULT_FACTORS[name]:.0%})",
                                      readout_format=".0%", style={"description_width": "initial"},
                                      layout=widgets.Layout(width="min(100%, 36rem)"))
            for name in CHAPTER_FACTORS[chapter]
        }
        self.readout = widgets.HTML()
        for s in self.sliders.values():
            s.observe(lambda _change: self._update(), names="value")
        super().__init__([*self.sliders.values(), self.readout])
        self._update()

    def answers(self) -> Answers:
        """This chapter's answers, as a verdict file holds them."""
        return {self.chapter: {n: round(float(s.value), 2) for n, s in self.sliders.items()}}

    def _update(self) -> None:
        p = bottom_line(self.answers())
        self.readout.value = (f"<p>With these answers (other factors at the book's start): {p:.1%}. The author's "
                              f"holistic judgement: about {REPORT_CREDENCE:.0%}, later maybe "
                              f"{LATER_CREDENCE:.0%}.</p>")


def verdict_panel(chapter: str) -> VerdictPanel:
    """The live "where do you stand" panel of ``chapter`` for Jupyter."""
    return VerdictPanel(chapter)


def class_view_figures(verdicts: Iterable[Verdict]) -> tuple[Any, Any, dict[str, Any]]:
    """The class view for Jupyter: the distribution of bottom lines with the author's marks, the spread of
    each factor, and the summary (:func:`scheming_companion.models.verdict.class_summary`) with the prompts."""
    verdicts = list(verdicts)
    if not verdicts or not all(isinstance(v, Verdict) for v in verdicts):
        raise ValueError("verdicts must be a non-empty list of checked verdicts (see load_verdicts)")
    summary = class_summary([v.answers for v in verdicts])
    width = 1 / HISTOGRAM_BINS
    hist = go.Figure(go.Bar(x=[(i + 0.5) * width for i in range(HISTOGRAM_BINS)], y=summary["histogram"],
                            width=[width] * HISTOGRAM_BINS, marker=dict(color=PALETTE["blue"]),
                            hovertemplate="%{y} verdict(s) near %{x:.1%}<extra></extra>"))
    hist.update_layout(template=TEMPLATE, height=360, showlegend=False, bargap=0.05,
                       title=dict(text=f"The class's bottom lines ({summary['n']} verdicts)", x=0.01))
    for value, dash, label in ((REPORT_CREDENCE, "dash", "report ~25%"), (LATER_CREDENCE, "dot", "later ~20%")):
        hist.add_vline(x=value, line=dict(color=INK, dash=dash), annotation_text=label)
    hist.update_xaxes(range=[0, 1], tickformat=".0%", title_text="bottom line, P(scheming | conditions)")
    hist.update_yaxes(title_text="verdicts", rangemode="tozero")
    labels = [f["label"] for f in summary["factors"]]
    spread = go.Figure()
    spread.add_trace(go.Scatter(x=[x for v in verdicts for x in (v.factors[n] for n in FACTOR_NAMES)],
                                y=[FACTOR_LABELS[n] for _ in verdicts for n in FACTOR_NAMES], mode="markers",
                                marker=dict(color=PALETTE["sky"], size=8, opacity=0.6), name="one verdict",
                                hovertemplate="%{y}: %{x:.0%}<extra></extra>"))
    spread.add_trace(go.Scatter(x=[f["mean"] for f in summary["factors"]], y=labels, mode="markers",
                                marker=dict(color=PALETTE["vermillion"], size=12, symbol="line-ns-open",
                                            line=dict(width=3)),
                                error_x=dict(type="data", array=[f["sd"] for f in summary["factors"]]),
                                name="mean ± standard deviation",
                                hovertemplate="%{y}: mean %{x:.0%}<extra></extra>"))
    spread.update_layout(template=TEMPLATE, height=420, title=dict(text="Where the class stands, factor by factor",
                                                                    x=0.01),
                         legend=dict(orientation="h", y=-0.2), margin=dict(l=220))
    spread.update_xaxes(range=[0, 1], tickformat=".0%")
    spread.update_yaxes(autorange="reversed")
    return (show(hist, name="class-bottom-lines", alt="Histogram of the class's bottom lines with lines at the "
                 "author's 25% and 20%."),
            show(spread, name="class-factors", alt="Each factor's answers across the class, one dot per verdict, "
                 "with the mean and standard deviation."),
            summary)
