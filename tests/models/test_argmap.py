"""Argument maps (models/argmap.py): parsing with clear errors, the stand/lose-support/fall rules, rendering,
and a fuzz over map structures."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.models.argmap import (
    STATUSES,
    argmap_html,
    argmap_markdown,
    evaluate,
    parse_argmap,
)

GOOD: dict[str, Any] = {
    "title": "Counting",
    "section": "4.2",
    "conclusion": {"id": "c", "text": "Expect a schemer.", "section": "4.2", "combine": "all",
                   "needs": ["more", "pick"]},
    "steps": [{"id": "more", "text": "More schemers.", "section": "4.2", "combine": "all", "needs": ["a", "b"]}],
    "premises": [
        {"id": "a", "text": "Non-schemers need particular goals.", "section": "4.2"},
        {"id": "b", "text": "Schemers can have almost any goal.", "section": "4.2"},
        {"id": "pick", "text": "Training picks in proportion.", "section": "4.2"},
    ],
    "objections": [
        {"id": "parody", "text": "Overfitting parody.", "attacks": "pick", "effect": "defeats",
         "source": "belrose2024counting", "date": "2024", "discussed": "counting-debate"},
        {"id": "measure", "text": "Which measure?", "attacks": "more", "effect": "weakens", "source": "report",
         "section": "4.2", "discussed": "4.2"},
    ],
}


def good() -> dict[str, Any]:
    return copy.deepcopy(GOOD)


def test_good_map_parses_and_everything_stands() -> None:
    m = parse_argmap(good(), "counting", "counting.yml")
    assert m.conclusion == "c" and [p.id for p in m.premises] == ["a", "b", "pick"]
    assert set(evaluate(m).values()) == {"stands"}
    assert [o.later for o in m.objections] == [True, False]


def test_rules_on_the_example() -> None:
    m = parse_argmap(good(), "counting")
    assert evaluate(m, rejected=["a"])["c"] == "falls"
    assert evaluate(m, rejected=["a"])["more"] == "falls"
    assert evaluate(m, accepted=["measure"]) == {"c": "loses support", "more": "loses support", "a": "stands",
                                                 "b": "stands", "pick": "stands"}
    assert evaluate(m, accepted=["parody"])["c"] == "falls"
    assert evaluate(m, accepted=["parody"])["more"] == "stands"


def test_any_needs_only_one() -> None:
    data = good()
    data["steps"][0]["combine"] = "any"
    m = parse_argmap(data, "counting")
    assert evaluate(m, rejected=["a"])["more"] == "stands"
    assert evaluate(m, rejected=["a", "b"])["more"] == "falls"
    assert evaluate(m, rejected=["a", "b"])["c"] == "falls"


def _remove(path: tuple[Any, ...]) -> dict[str, Any]:
    data = good()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return data


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = good()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_remove(("premises", 2)), "'needs' names 'pick', which is no premise or step (missing premise?)"),
        (_set(("objections", 0, "attacks"), "nowhere"), "objection 'parody': 'attacks' must name a premise or step"),
        (_remove(("objections", 0, "attacks")), "objection attached to nothing"),
        (_set(("steps", 0, "needs"), ["a", "b", "c"]), "cycle: c -> more -> c"),
        (_set(("steps", 0, "needs"), ["a", "more"]), "cycle: more -> more"),
        (_set(("premises", 1, "id"), "a"), "id 'a' is used twice"),
        (_set(("conclusion", "combine"), "most"), "'combine' must be 'all'"),
        (_set(("objections", 1, "effect"), "kills"), "'effect' must be 'defeats' or 'weakens'"),
        (_remove(("objections", 0, "date")), "a later source needs 'date'"),
        (_set(("objections", 0, "date"), "Feb 2024"), "a later source needs 'date'"),
        (_set(("objections", 1, "date"), "2024"), "'date' is for later sources"),
        (_set(("objections", 0, "source"), "Belrose 2024"), "'source' must be 'report' or a bibliography key"),
        (_set(("steps", 0, "needs"), ["a"]), "'b' supports nothing"),
        (_set(("conclusion", "needs"), ["more", "pick", "a"]), "'a' is needed by both"),
        (_set(("premises", 0, "section"), "four"), "premise 'a': 'section' must be a report section"),
        (_set(("section",), 4.2), "'section' must be a report section"),
        (_set(("premises", 0, "text"), "  "), "premise 'a': 'text' must be non-empty text"),
        (_set(("premises", 0, "colour"), "red"), "unknown field(s) ['colour']"),
        (_set(("objections", 1, "discussed"), "Not A Label"), "'discussed' must be a section number or a label"),
        (_remove(("conclusion",)), "'conclusion' must be a mapping"),
        (_set(("premises",), []), "'premises' must be a non-empty list"),
        (_set(("premises", 0), "a"), "premises entry 1 must be a mapping"),
        (_set(("conclusion", "needs"), []), "'needs' must be a non-empty list"),
        (_set(("conclusion", "needs"), ["more", "more", "pick"]), "'needs' lists an id twice"),
        (_set(("steps", 0, "id"), "More!"), "'id' must be lower-case letters"),
        ([], "expected a mapping"),
    ],
)
def test_bad_maps_name_the_file_and_field(data: Any, message: str) -> None:
    with pytest.raises(ValueError, match="^bad.yml: ") as err:
        parse_argmap(data, "bad", "bad.yml")
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rejected": ["parody"]}, "rejected: ['parody'] not in map"),
        ({"accepted": ["a"]}, "accepted: ['a'] not in map"),
        ({"rejected": "a"}, "not one string"),
    ],
)
def test_evaluate_rejects_unknown_marks(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        evaluate(parse_argmap(good(), "counting"), **kwargs)


def test_html_escapes_text_and_hides_controls_until_the_script_runs() -> None:
    data = good()
    data["premises"][0]["text"] = "<script>alert(1)</script> & more"
    m = parse_argmap(data, "counting")
    page = argmap_html(m, link=lambda ref: (f"page.html#{ref}", "The debate"), cite=lambda key: "Belrose and Pope")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('class="sc-argmap-control" hidden') == 3 + 2  # a checkbox per premise and objection
    assert 'href="page.html#4.2"' in page and ">The debate</a>" in page
    assert "Later than the report: Belrose and Pope, 2024" in page
    static = argmap_html(m, rejected=["a"], interactive=False)
    assert "sc-argmap-control" not in static and "The conclusion falls." in static


def test_markdown_lists_every_claim_and_objection() -> None:
    m = parse_argmap(good(), "counting")
    text = argmap_markdown(m, cite=lambda key: "Belrose and Pope")
    for claim in (*m.premises, *m.steps):
        assert claim.text.split()[0] in text
    assert "Overfitting parody." in text and "Later than the report: Belrose and Pope, 2024" in text
    assert "It needs all of:" in text


# --- Generated maps -------------------------------------------------------------------------------------------


@st.composite
def maps(draw: st.DrawFn) -> tuple[dict[str, Any], list[str], list[str]]:
    """A random well-formed map (a tree under the conclusion), with a random set of rejected premises and
    accepted objections."""
    n = draw(st.integers(2, 12))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, n)]
    kids: dict[int, list[int]] = {i: [j for j in range(n) if parents[j] == i] for i in range(n)}
    ids = [f"n{i}" for i in range(n)]
    steps, premises = [], []
    for i in range(n):
        if kids[i]:
            steps.append({"id": ids[i], "text": f"claim {i}", "section": "4.2",
                          "combine": draw(st.sampled_from(["all", "any"])), "needs": [ids[j] for j in kids[i]]})
        else:
            premises.append({"id": ids[i], "text": f"premise {i}", "section": "4.2"})
    objections = [{"id": f"o{k}", "text": f"objection {k}", "attacks": draw(st.sampled_from(ids)),
                   "effect": draw(st.sampled_from(["defeats", "weakens"])), "source": "report", "section": "4.2",
                   "discussed": "4.2"} for k in range(draw(st.integers(0, 6)))]
    data = {"title": "Generated", "section": "4.2", "conclusion": steps[0], "steps": steps[1:],
            "premises": premises, "objections": objections}
    rejected = draw(st.lists(st.sampled_from([p["id"] for p in premises]), unique=True))
    accepted = draw(st.lists(st.sampled_from([o["id"] for o in objections]), unique=True)) if objections else []
    return data, rejected, accepted


def reference_status(data: dict[str, Any], rejected: list[str], accepted: list[str], claim: str) -> int:
    """An independent statement of the rules: a claim's level is its base (premise: rejected or not; step: the
    weakest or strongest child) capped by every accepted objection against it."""
    steps = {s["id"]: s for s in [data["conclusion"], *data["steps"]]}
    if claim in steps:
        levels = [reference_status(data, rejected, accepted, c) for c in steps[claim]["needs"]]
        base = min(levels) if steps[claim]["combine"] == "all" else max(levels)
    else:
        base = 0 if claim in rejected else 2
    caps = [0 if o["effect"] == "defeats" else 1 for o in data["objections"]
            if o["attacks"] == claim and o["id"] in accepted]
    return min([base, *caps])


@settings(max_examples=80, deadline=None)
@given(maps())
def test_generated_maps_follow_the_rules(case: tuple[dict[str, Any], list[str], list[str]]) -> None:
    data, rejected, accepted = case
    m = parse_argmap(data, "generated")
    result = evaluate(m, rejected, accepted)
    for claim, status in result.items():
        assert status == STATUSES[reference_status(data, rejected, accepted, claim)]
    assert set(evaluate(m).values()) == {"stands"}


@settings(max_examples=50, deadline=None)
@given(maps(), st.data())
def test_more_marks_never_raise_a_status(case: tuple[dict[str, Any], list[str], list[str]],
                                         more: st.DataObject) -> None:
    data, rejected, accepted = case
    m = parse_argmap(data, "generated")
    extra_r = more.draw(st.lists(st.sampled_from([p.id for p in m.premises]), unique=True))
    extra_a = more.draw(st.lists(st.sampled_from([o.id for o in m.objections]), unique=True)) if m.objections else []
    before = evaluate(m, rejected, accepted)
    after = evaluate(m, {*rejected, *extra_r}, {*accepted, *extra_a})
    for claim in before:
        assert STATUSES.index(after[claim]) <= STATUSES.index(before[claim])


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)


@settings(max_examples=120, deadline=None)
@given(maps(), st.lists(st.tuples(st.integers(0, 10**6), JSON), min_size=1, max_size=3))
def test_fuzzed_maps_fail_only_with_value_error(case: tuple[dict[str, Any], list[str], list[str]],
                                                edits: list[tuple[int, Any]]) -> None:
    """Overwrite random places of a good map with random values: parsing either succeeds or raises a
    ValueError that names the map, never anything else."""
    data = case[0]
    for pick, value in edits:
        places: list[tuple[Any, Any]] = []

        def walk(node: Any) -> None:
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
            for key, child in list(items):
                places.append((node, key))
                walk(child)

        walk(data)
        node, key = places[pick % len(places)]
        node[key] = value
    try:
        parse_argmap(data, "fuzz", "fuzz.yml")
    except ValueError as err:
        assert str(err).startswith("fuzz.yml")
