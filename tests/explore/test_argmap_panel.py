"""The argument maps' Jupyter side (explore/argmap_panel.py): the live panel follows its checkboxes with the
model's rules, a student's own map is checked, and sources are named by their authors."""

from __future__ import annotations

import pytest
from scheming_companion.explore.argmap_panel import argmap_panel, build_argmap, cite, load_map, show_argmap
from scheming_companion.models.argmap import evaluate

from ..support import ROOT

OWN = {
    "title": "Mine",
    "section": "4.2",
    "conclusion": {"id": "c", "text": "C.", "section": "4.2", "combine": "any", "needs": ["p", "q"]},
    "premises": [{"id": "p", "text": "P.", "section": "4.2"}, {"id": "q", "text": "Q.", "section": "4.2"}],
    "objections": [{"id": "o", "text": "O.", "attacks": "c", "effect": "weakens", "source": "belrose2024counting",
                    "date": "2024", "discussed": "4.2"}],
}


def test_panel_follows_its_checkboxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "chapters")
    panel = argmap_panel("counting")
    m = load_map("counting")
    assert panel.statuses == evaluate(m)
    panel.rejects["uniform"].value = True
    panel.accepts["which-measure"].value = True
    assert panel.statuses == evaluate(m, ["uniform"], ["which-measure"])
    assert "The conclusion falls." in panel.view.value and "Belrose and Pope" in panel.view.value
    assert repr(panel).startswith("Argument map 'The counting argument' with 3 premises and 5 objections")


def test_a_students_own_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    mine = build_argmap(OWN)
    assert evaluate(mine, ["p"])["c"] == "stands"
    html = show_argmap(mine, rejected=("p", "q")).data
    assert "The conclusion falls." in html and "Later than the report: Belrose and Pope, 2024" in html
    assert cite("vallesperez2019deep") == "Valle-Pérez et al."
    with pytest.raises(ValueError, match="^my-map: step 'c': 'combine' must be 'all'"):
        build_argmap({**OWN, "conclusion": {**OWN["conclusion"], "combine": "both"}})
    with pytest.raises(ValueError, match="objection attached to nothing"):
        build_argmap({**OWN, "objections": [{**OWN["objections"][0], "attacks": "x"}]})


def test_unknown_map_name() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-map.yml"):
        load_map("no-such-map", start="/")
