"""The reader's verdict in the built book (headless Chromium): panels at the end of chapters 1-4 saved in
localStorage, chapter 5 starting from them, reset and clear, save then load, bad files and corrupted storage, and
the class view pooling 30 files with the same numbers as the Python summary."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from scheming_companion.figures import verdict as fv
from scheming_companion.figures.credence import credence_explorable
from scheming_companion.models.credence import FACTOR_NAMES
from scheming_companion.models.verdict import CHAPTER_FACTORS, bottom_line, class_summary, effective_factors, trail

from ..support import ROOT, draw_all

pytestmark = pytest.mark.browser

KEY = fv.page_config()["storage_key"]


def _page(number: str) -> str:
    """The built page of the chapter numbered ``number`` ("02b"), named from its notebook (so that collecting
    this module needs no built book: `make check` collects it without building)."""
    return f"chapters/{next((ROOT / 'chapters').glob(f'{number}-*.ipynb')).stem}.html"


CH = {c: _page(c[2:]) for c in CHAPTER_FACTORS}
CH5 = _page("05")
CLASS = "chapters/class-view.html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _slider(chapter: str, factor: str) -> str:
    return f"#sc-verdict-{chapter}-{factor.replace('_', '-')}"


def _stored(page: Any) -> Any:
    raw = page.evaluate(f"() => localStorage.getItem({json.dumps(KEY)})")
    return None if raw is None else json.loads(raw)["answers"]


def _random_answers(rng: random.Random) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for chapter, names in CHAPTER_FACTORS.items():
        picked = {n: rng.randrange(101) / 100 for n in names if rng.random() < 0.7}
        if picked:
            out[chapter] = picked
    return out


def _close(a: float, b: float, where: str) -> None:
    assert abs(a - b) <= 1e-9, f"{where}: page {a!r} != python {b!r}"


def _wait_explorer(page: Any) -> None:
    page.wait_for_function("() => document.getElementById('credence-explorer-plot').dataset.scDrawn === 'true'")


def test_answers_persist_across_pages_and_chapter_5_starts_from_them(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{CH['ch02']}", draw=False)
    page.fill(_slider("ch02", "beyond_episode_goal"), "30")
    assert _stored(page) == {"ch02": {"beyond_episode_goal": 0.3}}
    page = probe.open(f"{site_url}/{CH['ch04']}", draw=False)
    page.fill(_slider("ch04", "survives_selection"), "20")
    # The panel on chapter 4 shows the bottom line of every answer so far.
    answers = {"ch02": {"beyond_episode_goal": 0.3}, "ch04": {"survives_selection": 0.2}}
    assert f"{bottom_line(answers):.1%}" in page.locator(".sc-verdict-line").text_content()
    page.reload()
    page.wait_for_selector(_slider("ch04", "survives_selection"))
    assert page.input_value(_slider("ch04", "survives_selection")) == "20"
    assert page.input_value(_slider("ch04", "beyond_episode_goal")) == "50"  # unanswered: the book's start
    # Chapter 5, after navigation and after reload.
    for reload in (False, True):
        page = probe.open(f"{site_url}/{CH5}")
        if reload:
            page.reload()
            draw_all(page)  # figures draw as they come into view: scroll through, as a reader would
        _wait_explorer(page)
        line = float(page.get_attribute(".sc-verdict-summary [data-bottom-line]", "data-bottom-line"))
        _close(line, bottom_line(answers), "bottom line")
        factors = effective_factors(answers)
        for name in FACTOR_NAMES:
            assert page.input_value(f"#credence-explorer-{name.replace('_', '-')}") == str(round(factors[name] * 100))
        ex = credence_explorable()
        readout = page.locator("figure#credence-explorer .sc-readout").text_content()
        assert readout == ex.readout(**factors, swing=0.1)
        most = max(trail(answers), key=lambda r: abs(r["change"]))
        assert page.get_attribute(".sc-verdict-most", "data-chapter") == most["chapter"]
        assert "25%" in page.locator(".sc-verdict-bars").text_content()
        assert "20%" in page.locator(".sc-verdict-bars").text_content()
    assert probe.errors == []


def test_bottom_line_and_trail_match_python_on_random_answers(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{CH5}")
    rng = random.Random(19)
    for _ in range(25):
        answers = _random_answers(rng)
        got = page.evaluate("a => [SchemingVerdict.bottomLine(a), SchemingVerdict.trail(a)]", answers)
        _close(got[0], bottom_line(answers), f"bottom line of {answers}")
        for row_page, row_py in zip(got[1], trail(answers), strict=True):
            assert row_page["chapter"] == row_py["chapter"]
            _close(row_page["after"], row_py["after"], f"trail of {answers}")
    # And through storage and the panel, as a reader would arrive.
    answers = _random_answers(rng)
    page.evaluate("([k, a]) => localStorage.setItem(k, JSON.stringify({version: 1, answers: a}))", [KEY, answers])
    page.reload()
    page.wait_for_selector(".sc-verdict-summary [data-bottom-line]")
    _close(float(page.get_attribute(".sc-verdict-summary [data-bottom-line]", "data-bottom-line")),
           bottom_line(answers), "bottom line from storage")
    assert probe.errors == []


def test_reset_and_clear(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/{CH['ch02b']}", draw=False)
    page.fill(_slider("ch02b", "ambitious"), "90")
    page = probe.open(f"{site_url}/{CH5}")
    _wait_explorer(page)
    assert page.input_value("#credence-explorer-ambitious") == "90"
    page.get_by_role("button", name="Reset the explorer to the book's start").click()
    assert page.input_value("#credence-explorer-ambitious") == "50"
    assert _stored(page) == {"ch02b": {"ambitious": 0.9}}, "reset keeps the saved answers"
    page.get_by_role("button", name="Set the explorer to my answers").click()
    assert page.input_value("#credence-explorer-ambitious") == "90"
    # Keyboard: focus the clear button and press Enter.
    page.get_by_role("button", name="Clear my saved answers").focus()
    page.keyboard.press("Enter")
    assert _stored(page) is None
    assert page.input_value("#credence-explorer-ambitious") == "50"
    _close(float(page.get_attribute(".sc-verdict-summary [data-bottom-line]", "data-bottom-line")), bottom_line({}),
           "after clear")
    # The chapter's own reset button.
    page = probe.open(f"{site_url}/{CH['ch01']}", draw=False)
    page.focus(_slider("ch01", "survives_selection"))
    page.keyboard.press("ArrowLeft")
    assert _stored(page) == {"ch01": {"survives_selection": 0.49}}, "the slider works from the keyboard"
    page.get_by_role("button", name="Reset this chapter to the book's start").click()
    assert _stored(page) is None
    assert probe.errors == []


def test_save_then_load_round_trips_exactly(probe: Any, site_url: str, tmp_path: Path) -> None:
    rng = random.Random(2311)
    answers = _random_answers(rng)
    page = probe.open(f"{site_url}/{CH5}")
    page.evaluate("([k, a]) => localStorage.setItem(k, JSON.stringify({version: 1, answers: a}))", [KEY, answers])
    page.reload()
    page.wait_for_selector(".sc-verdict-summary [data-bottom-line]")
    with page.expect_download() as info:
        page.get_by_role("button", name="Save my verdict").click()
    path = tmp_path / "mine.json"
    info.value.save_as(path)
    data = json.loads(path.read_text("utf-8"))
    assert set(data) == {"schema", "version", "book_version", "answers", "bottom_line"}, "no other data"
    assert data["answers"] == answers and data["bottom_line"] == bottom_line(answers)
    assert fv.load_verdicts([path])[0].answers == answers, "Python accepts what the page saves"
    page.get_by_role("button", name="Clear my saved answers").click()
    assert _stored(page) is None
    page.set_input_files("#sc-verdict-load", str(path))
    page.wait_for_function("() => document.querySelector('.sc-verdict-status').textContent.startsWith('Loaded')")
    assert _stored(page) == answers
    _close(float(page.get_attribute(".sc-verdict-summary [data-bottom-line]", "data-bottom-line")),
           data["bottom_line"], "after load")
    # A bad file: a clear message naming it, and the saved answers stay as they were.
    bad = tmp_path / "from-the-future.json"
    bad.write_text(json.dumps({**data, "version": 2}))
    page.set_input_files("#sc-verdict-load", str(bad))
    page.wait_for_function("() => document.querySelector('.sc-verdict-status').textContent.startsWith('Not loaded')")
    msg = page.locator(".sc-verdict-status").text_content()
    assert "from-the-future.json: comes from a future schema version (2)" in msg
    assert _stored(page) == answers
    assert probe.errors == []


def test_corrupted_storage_is_survived(probe: Any, site_url: str) -> None:
    for junk in ("{not json", json.dumps({"version": 1, "answers": {"ch02": {"beyond_episode_goal": 7}}}),
                 json.dumps([1, 2]), "<img src=x onerror=window.__pwned=1>"):
        page = probe.open(f"{site_url}/{CH['ch02']}", draw=False)
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, junk])
        page.reload()
        page.wait_for_selector(_slider("ch02", "beyond_episode_goal"))
        assert "could not be read" in page.locator(".sc-verdict-status").text_content()
        assert page.input_value(_slider("ch02", "beyond_episode_goal")) == "50"
        page.fill(_slider("ch02", "beyond_episode_goal"), "40")  # and the panel still works
        assert _stored(page) == {"ch02": {"beyond_episode_goal": 0.4}}
        page = probe.open(f"{site_url}/{CH5}", draw=False)
        assert page.locator(".sc-verdict-summary [data-bottom-line]").count() == 1
        assert page.evaluate("() => window.__pwned") is None
    assert probe.errors == []


def _class_files(tmp_path: Path) -> tuple[list[Path], list[dict], dict[str, str]]:
    rng = random.Random(30)
    good, answers = [], []
    for i in range(30):
        a = _random_answers(rng)
        path = tmp_path / f"student-{i:02d}.json"
        path.write_text(json.dumps(fv.verdict_file(a)))
        good.append(path)
        answers.append(a)
    base = fv.verdict_file({})
    bad = {
        "not-json.json": ("{oops", "not valid JSON"),
        "future.json": (json.dumps({**base, "version": 3}), "comes from a future schema version (3)"),
        "wrong-schema.json": (json.dumps({"name": "x"}), '"schema" must be'),
        "out-of-range.json": (json.dumps({**base, "answers": {"ch02": {"beyond_episode_goal": 1.5}}}), "from 0 to 1"),
        "non-finite.json": (json.dumps(base).replace('"bottom_line": ' + json.dumps(base["bottom_line"]),
                                                     '"bottom_line": 1e999'),
                            "must be a number from 0 to 1, got Infinity"),
        "too-large.json": (" " * 100_001, "too large"),
        "markup-<b>x<b>.json": (json.dumps({**base, "answers": {"<script>window.__pwned=1</script>": {}}}),
                                 "unknown chapter"),
    }
    paths = list(good)
    for name, (text, _) in bad.items():
        (tmp_path / name).write_text(text)
        paths.append(tmp_path / name)
    return paths, answers, {name: needle for name, (_, needle) in bad.items()}


def test_class_view_pools_30_files_like_python(probe: Any, site_url: str, tmp_path: Path) -> None:
    paths, answers, bad = _class_files(tmp_path)
    page = probe.open(f"{site_url}/{CLASS}")
    assert "nothing is uploaded" in page.locator(".sc-verdict-class").text_content()
    page.set_input_files("#sc-verdict-files", [str(p) for p in paths])
    page.wait_for_function("() => document.querySelector('.sc-verdict[data-verdict=class]').dataset.ready === '30'")
    got = page.evaluate("() => SchemingVerdict.lastSummary")
    want = class_summary(answers)
    assert got["n"] == want["n"] == 30
    for key in ("mean", "median", "min", "max"):
        _close(got[key], want[key], key)
    for i, (x, y) in enumerate(zip(got["bottom_lines"], want["bottom_lines"], strict=True)):
        _close(x, y, f"bottom line {i}")
    for key in ("histogram", "at_least_report", "at_least_later", "disagreement", "prompts"):
        assert got[key] == want[key], key
    for fp, fw in zip(got["factors"], want["factors"], strict=True):
        assert fp["name"] == fw["name"] and fp["label"] == fw["label"]
        for key in ("mean", "sd", "min", "max"):
            _close(fp[key], fw[key], f"{fw['name']} {key}")
    # What it drew: bars for the non-empty bins, a dot per verdict per factor, the prompts.
    assert page.locator("svg.sc-verdict-hist rect").count() == sum(1 for c in want["histogram"] if c)
    assert page.locator(".sc-verdict-dot").count() == 30 * len(FACTOR_NAMES)
    assert page.locator(".sc-verdict-prompts li").all_text_contents() == want["prompts"]
    # Each bad file is named with its problem, as text; the good ones loaded anyway.
    problems = page.locator(".sc-verdict-problems li").all_text_contents()
    assert len(problems) == len(bad)
    for name, needle in bad.items():
        assert any(p.startswith(f"{name}: ") and needle in p for p in problems), (name, problems)
    assert page.locator(".sc-verdict-problems b, .sc-verdict-problems script").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert "Loaded 30 of 37" in page.locator(".sc-verdict-class .sc-verdict-status").text_content()
    if AXE.exists():
        page.add_script_tag(content=AXE.read_text("utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], serious
    # Start again empties the view.
    page.get_by_role("button", name="Start again with no files").click()
    assert page.evaluate("() => SchemingVerdict.lastSummary") is None
    assert probe.errors == []


def test_class_view_accepts_dropped_files(probe: Any, site_url: str) -> None:
    files = [json.dumps(fv.verdict_file({"ch02": {"beyond_episode_goal": i / 4}})) for i in range(4)] + ["{bad"]
    page = probe.open(f"{site_url}/{CLASS}")
    page.evaluate("""texts => {
        const dt = new DataTransfer();
        texts.forEach((t, i) => dt.items.add(new File([t], `dropped-${i}.json`, {type: "application/json"})));
        const zone = document.querySelector(".sc-verdict-drop");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", files)
    page.wait_for_function("() => document.querySelector('.sc-verdict[data-verdict=class]').dataset.ready === '4'")
    want = class_summary([{"ch02": {"beyond_episode_goal": i / 4}} for i in range(4)])
    assert page.evaluate("() => SchemingVerdict.lastSummary.histogram") == want["histogram"]
    assert page.locator(".sc-verdict-problems li").all_text_contents()[0].startswith("dropped-4.json: ")
    assert probe.errors == []
