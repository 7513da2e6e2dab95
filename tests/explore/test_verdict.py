"""The verdict file format and loader (figures/verdict.py): good, bad and hostile files; the schema file; the page
config; the live panel and the class figures."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scheming_companion.figures import verdict as fv
from scheming_companion.models import credence
from scheming_companion.models.verdict import CHAPTER_FACTORS, MAX_BYTES, bottom_line

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "chapters" / "verdict.schema.json"
GOOD_ANSWERS = {"ch02": {"beyond_episode_goal": 0.3}, "ch04": {"survives_selection": 0.2}}


def good() -> dict[str, Any]:
    return fv.verdict_file(GOOD_ANSWERS)


def test_schema_file_is_the_generated_schema() -> None:
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == fv.verdict_schema()
    jsonschema.Draft202012Validator.check_schema(fv.verdict_schema())


def test_readme_documents_the_format_in_one_block() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## The verdict file (schema version 1)\n", 1)[1].split("\n## ", 1)[0]
    example = re.search(r"```json\n(.*?)```", section, re.S)
    assert example, "the README's verdict section has no JSON example"
    fv.check_verdict(json.loads(example[1]), "README example")  # the example is a valid file
    for word in ("chapters/verdict.schema.json", "100 kB", "future schema", "load_verdicts", "localStorage"):
        assert word in section


def test_round_trip() -> None:
    data = good()
    v = fv.parse_verdict(json.dumps(data), "mine.json")
    assert v.answers == GOOD_ANSWERS and v.bottom_line == data["bottom_line"] == bottom_line(GOOD_ANSWERS)
    assert set(data) == set(fv.KEYS)
    jsonschema.validate(data, fv.verdict_schema())


def _mutations() -> list[tuple[str, Any, str]]:
    """(name, content, words the error must contain): each bad kind of file."""
    def edit(**kw: Any) -> bytes:
        return json.dumps({**good(), **kw}).encode()

    d = good()
    return [
        ("not-json.json", b"{not json", "not valid JSON"),
        ("nan.json", json.dumps(d).replace(str(d["bottom_line"]), "NaN").encode(), "NaN is not a JSON number"),
        ("inf.json", edit(answers={"ch02": {"beyond_episode_goal": 1}}).replace(b': 1}', b': 1e999}'), "from 0 to 1"),
        ("huge.json", b" " * (MAX_BYTES + 1), "too large"),
        ("latin1.json", '{"schema": "é"}'.encode("latin-1"), "not UTF-8"),
        ("list.json", b"[]", "must be a JSON object"),
        ("other.json", edit(schema="something-else"), '"schema" must be'),
        ("future.json", edit(version=2), "future schema version (2)"),
        ("version.json", edit(version="1"), '"version" must be a whole number'),
        ("extra.json", edit(name="Ada Lovelace"), "unknown key(s) 'name'"),
        ("range.json", edit(answers={"ch02": {"beyond_episode_goal": 1.5}}), "answers.ch02.beyond_episode_goal"),
        ("chapter.json", edit(answers={"ch07": {}}), "unknown chapter 'ch07'"),
        ("factor.json", edit(answers={"ch01": {"ambitious": 0.5}}), "does not ask about 'ambitious'"),
        ("line.json", edit(bottom_line=0.5), "does not match the answers"),
        ("bool.json", edit(bottom_line=True), '"bottom_line" must be a number'),
        ("bookv.json", edit(book_version="x" * 41), '"book_version"'),
        ("deep.json", b"[" * 49_000 + b"]" * 48_999, "not valid JSON"),
    ]


@pytest.mark.parametrize(("name", "content", "needle"), _mutations(), ids=[m[0] for m in _mutations()])
def test_bad_file_is_named_with_its_problem(name: str, content: bytes, needle: str) -> None:
    with pytest.raises(ValueError) as err:
        fv.parse_verdict(content, name)
    assert str(err.value).startswith(f"{name}: ") and needle in str(err.value), str(err.value)


def test_missing_key_and_hostile_text() -> None:
    d = good()
    del d["answers"]
    with pytest.raises(ValueError, match="missing key"):
        fv.check_verdict(d, "f.json")
    # Markup in a file is only ever quoted back as text (the page uses textContent; Python returns strings).
    d = good()
    d["answers"] = {"<img src=x onerror=alert(1)>": {}}
    with pytest.raises(ValueError, match="unknown chapter"):
        fv.check_verdict(d, "x.json")


def test_load_verdicts_folder_and_errors(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"s{i}.json").write_text(json.dumps(fv.verdict_file({"ch02": {"beyond_episode_goal": i / 4}})))
    (tmp_path / "notes.txt").write_text("ignored")
    vs = fv.load_verdicts(tmp_path)
    assert [v.source for v in vs] == ["s0.json", "s1.json", "s2.json"]
    (tmp_path / "bad.json").write_text('{"schema": "scheming-companion-verdict", "version": 9}')
    (tmp_path / "big.json").write_bytes(b"0" * (MAX_BYTES + 1))
    with pytest.raises(ValueError) as err:
        fv.load_verdicts(tmp_path)
    msg = str(err.value)
    assert "2 of 5" in msg and "bad.json: comes from a future schema version (9)" in msg and "big.json" in msg
    with pytest.raises(ValueError, match="no verdict files"):
        fv.load_verdicts([])
    with pytest.raises(ValueError, match="missing.json: cannot be read"):
        fv.load_verdicts([tmp_path / "missing.json"])


JSONISH = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)


@given(key=st.sampled_from(fv.KEYS), value=JSONISH)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzzed_fields_give_a_verdict_or_a_named_error(key: str, value: Any) -> None:
    data = {**good(), key: value}
    try:
        v = fv.check_verdict(data, "fuzz.json")
    except ValueError as err:
        assert str(err).startswith("fuzz.json: ")
        return
    assert 0 <= v.bottom_line <= 1 and math.isfinite(v.bottom_line)
    jsonschema.validate(data, fv.verdict_schema())  # what Python accepts, the schema accepts


@given(raw=st.binary(max_size=200) | st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_fuzzed_bytes_never_crash(raw: bytes | str) -> None:
    try:
        fv.parse_verdict(raw, "raw.json")
    except ValueError as err:
        assert str(err).startswith("raw.json: ")


@given(answers=st.fixed_dictionaries(
    {}, optional={c: st.fixed_dictionaries({}, optional={n: st.floats(0, 1) for n in names})
                  for c, names in CHAPTER_FACTORS.items()}))
@settings(max_examples=60, deadline=None)
def test_schema_and_loader_agree_on_written_files(answers: dict) -> None:
    data = fv.verdict_file(answers)
    jsonschema.validate(data, fv.verdict_schema())
    assert fv.parse_verdict(json.dumps(data)).bottom_line == data["bottom_line"]


def test_page_config_carries_the_python_constants() -> None:
    c = fv.page_config()
    assert c["report"] == credence.REPORT_CREDENCE and c["later"] == credence.LATER_CREDENCE
    assert c["factors"] == list(credence.FACTOR_NAMES) and c["labels"] == credence.FACTOR_LABELS
    assert c["defaults"] == credence.DEFAULT_FACTORS
    assert c["chapters"] == {k: list(v) for k, v in CHAPTER_FACTORS.items()}
    html = fv.where_do_you_stand("ch02")._repr_html_()
    embedded = json.loads(re.search(r'class="sc-verdict-config">(.*?)</script>', html)[1])
    assert embedded == json.loads(json.dumps(c))


def test_the_script_copies_no_constant() -> None:
    js = (ROOT / "code/scheming_companion/book/static/scheming-verdict.js").read_text("utf-8")
    js = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    js = re.sub(r"(?m)^\s*//.*$|\s// .*$", "", js)  # comments may say what the numbers are; code may not
    for name in credence.FACTOR_NAMES:
        assert f'"{name}"' not in js, f"factor name {name} is typed into the script"
    for label in credence.FACTOR_LABELS.values():
        assert label not in js
    for number in ("0.25", "0.2", "25%", "20%", "0.5", "100000", "1e-9", "ch01", "ch02b"):
        assert number not in js, f"{number} is typed into the script"
    assert "innerHTML" not in js and "eval(" not in js and "insertAdjacentHTML" not in js


def test_where_do_you_stand_rejects_unknown_chapter() -> None:
    with pytest.raises(ValueError, match="chapter must be one of"):
        fv.where_do_you_stand("ch05")
    with pytest.raises(ValueError, match="chapter must be one of"):
        fv.verdict_panel("ch9")


def test_live_panel_gives_the_bottom_line() -> None:
    panel = fv.verdict_panel("ch02b")
    assert set(panel.sliders) == set(CHAPTER_FACTORS["ch02b"])
    panel.sliders["ambitious"].value = 0.9
    assert panel.answers()["ch02b"]["ambitious"] == 0.9
    assert f"{bottom_line(panel.answers()):.1%}" in panel.readout.value


def test_class_view_figures(tmp_path: Path) -> None:
    vs = [fv.parse_verdict(json.dumps(fv.verdict_file({"ch02": {"beyond_episode_goal": i / 10}})), f"{i}.json")
          for i in range(11)]
    hist, spread, summary = fv.class_view_figures(vs)
    assert summary["n"] == 11 and sum(summary["histogram"]) == 11
    assert list(hist.fig.data[0].y) == summary["histogram"]
    with pytest.raises(ValueError, match="verdicts"):
        fv.class_view_figures([])
