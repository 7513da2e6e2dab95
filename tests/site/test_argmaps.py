"""Argument maps in the book: every map file is valid against the book (sections with headings, labels,
bibliography keys), each is shown once in its chapter, malformed maps are refused naming file and field, student
notebooks get them as Markdown, and in the built book the maps work without a kernel: keyboard and mouse, the
same rules as the Python model, a plain outline without JavaScript, no sideways scroll at phone width."""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from scheming_companion.book.argmap import ARGMAP_DIR, book_index, load_argmap
from scheming_companion.models.argmap import evaluate, parse_argmap

from ..support import ROOT, SITE, wait_scripts

MAP_FILES = sorted((ROOT / ARGMAP_DIR).glob("*.yml"))
CELL = re.compile(r"^```\{argmap\} (argmaps/[\w.-]+\.yml)\s*$", re.M)
#: Which chapter shows which maps, and the report section each maps.
EXPECTED = {
    "02b-goal-guarding": {"goal-guarding": "2.3.1"},
    "03-path-arguments": {"proxy-goals": "3.1", "nearest-goal": "3.2"},
    "04-final-properties-arguments": {"counting": "4.2", "simplicity": "4.3", "speed": "4.4",
                                      "not-your-passion": "4.5"},
}
INDEX = book_index(ROOT)


def _map_cells() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "chapters").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        found = [Path(m).stem for c in nb.cells if c.cell_type == "markdown" for m in CELL.findall(c.source)]
        if found:
            out[path.stem] = found
    return out


def test_each_map_is_shown_once_in_its_chapter() -> None:
    cells = _map_cells()
    assert {k: sorted(v) for k, v in cells.items()} == {k: sorted(v) for k, v in EXPECTED.items()}
    assert sorted(p.stem for p in MAP_FILES) == sorted(n for v in EXPECTED.values() for n in v)


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.stem)
def test_map_files_are_valid_against_the_book(path: Path) -> None:
    m = load_argmap(path, INDEX)
    section = next(s for v in EXPECTED.values() for n, s in v.items() if n == path.stem)
    assert m.section == section
    assert 3 <= len(m.premises) <= 6 and m.objections
    # Every premise is attacked or stands unopposed by choice, and later sources carry a date.
    assert all(o.date for o in m.objections if o.later)


def _write(tmp_path: Path, data: Any, name: str = "bad") -> Path:
    path = tmp_path / f"{name}.yml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    return path


def _counting() -> dict[str, Any]:
    return yaml.safe_load((ROOT / ARGMAP_DIR / "counting.yml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["premises"][0].update(section="2.3.1.2.3"),
         "bad.yml: premise 'narrow': section §2.3.1.2.3 resolves to no heading of the report outline"),
        (lambda d: d.update(section="9.9"), "bad.yml: section §9.9 resolves to no heading"),
        (lambda d: d["objections"][0].update(discussed="no-such-label"),
         "bad.yml: objection 'parody': discussed 'no-such-label' is no label in the chapters"),
        (lambda d: d["objections"][0].update(discussed="4.9"), "bad.yml: objection 'parody': discussed §4.9"),
        (lambda d: d["objections"][0].update(source="nobody2024nothing"),
         "bad.yml: objection 'parody': source 'nobody2024nothing' is not a key of references.bib"),
        (lambda d: d["premises"].pop(0), "bad.yml: step 'more': 'needs' names 'narrow', which is no premise"),
        (lambda d: d["objections"][0].update(attacks="gone"), "objection attached to nothing"),
        (lambda d: d["steps"][0]["needs"].append("expect-schemer"), "bad.yml: 'needs' has a cycle"),
    ],
)
def test_malformed_maps_are_refused_naming_file_and_field(tmp_path: Path, change: Any, message: str) -> None:
    data = _counting()
    change(data)
    with pytest.raises(ValueError) as err:
        load_argmap(_write(tmp_path, data), INDEX)
    assert message in str(err.value)


def test_invalid_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("title: [unclosed", "utf-8")
    with pytest.raises(ValueError, match="^broken.yml: not valid YAML"):
        load_argmap(path, INDEX)


def test_student_notebooks_show_the_maps_as_markdown() -> None:
    for stem, maps in EXPECTED.items():
        nb = nbformat.read(ROOT / "students" / f"{stem}.ipynb", as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "{argmap}" not in text
        for name in maps:
            m = load_argmap(ROOT / ARGMAP_DIR / f"{name}.yml")
            assert f"**Argument map: {m.title}**" in text
            assert m.premises[0].text.split(".")[0] in text
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert all(f'argmap_panel("{name}")' in code for name in maps)


# --- The built book -------------------------------------------------------------------------------------------

MAP_PAGES = {f"chapters/{stem}.html": maps for stem, maps in EXPECTED.items()}


def _statuses(page: Any, name: str) -> dict[str, str]:
    return page.evaluate(
        """(id) => Object.fromEntries([...document.querySelectorAll(`#${id} li.sc-argmap-claim`)]
            .map(li => [li.dataset.claim, li.querySelector(':scope > .sc-argmap-status').textContent]))""",
        f"argmap-{name}",
    )


@pytest.mark.site
def test_section_links_land_on_the_right_heading() -> None:
    for path, maps in MAP_PAGES.items():
        html = (SITE / path).read_text("utf-8")
        for name in maps:
            block = html[html.index(f'id="argmap-{name}"'):]
            block = block[: block.index('class="sc-argmap-provenance"')]
            for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block):
                target, _, anchor = href.partition("#")
                target_html = (SITE / Path(path).parent / target).read_text("utf-8") if target else html
                m = re.search(rf'\bid="{re.escape(anchor)}"[^>]*>\s*(?:</span>\s*)?(?:<span[^>]*></span>\s*)?'
                              rf'(?:<section[^>]*>\s*)?<h\d[^>]*>([^<]*)', target_html)
                assert m, f"{path} {name}: {href} lands on no section heading"
                if label.startswith("§"):
                    assert m[1].startswith(label + " "), f"{path} {name}: {href} lands on {m[1]!r}, not {label}"


@pytest.mark.browser
@pytest.mark.parametrize("path", sorted(MAP_PAGES))
def test_maps_toggle_by_keyboard_and_click_as_the_python_model_says(probe: Any, site_url: str, path: str) -> None:
    page = probe.open(f"{site_url}/{path}", draw=False)
    for name in MAP_PAGES[path]:
        m = load_argmap(ROOT / ARGMAP_DIR / f"{name}.yml")
        root = page.locator(f"#argmap-{name}")
        assert _statuses(page, name) == evaluate(m)
        summary = root.locator(".sc-argmap-summary")
        for p in m.premises:  # keyboard: focus the box, press Space, check, press Space again
            box = root.locator(f"input.sc-argmap-reject[data-claim='{p.id}']")
            box.focus()
            page.keyboard.press("Space")
            assert box.is_checked()
            assert _statuses(page, name) == evaluate(m, rejected=[p.id]), f"{name}: reject {p.id}"
            assert summary.text_content() == f"The conclusion {evaluate(m, rejected=[p.id])[m.conclusion]}."
            page.keyboard.press("Space")
        rng = random.Random(name)
        for _ in range(4):  # mouse: random sets of objections and premises
            rejected = [p.id for p in m.premises if rng.random() < 0.3]
            accepted = [o.id for o in m.objections if rng.random() < 0.4]
            for box in root.locator("input[type=checkbox]").all():
                want = (box.get_attribute("data-claim") in rejected
                        or box.get_attribute("data-objection") in accepted)
                if box.is_checked() != want:
                    box.click()
            assert _statuses(page, name) == evaluate(m, rejected, accepted), f"{name}: {rejected} {accepted}"
        checked = root.locator("input[type=checkbox]:checked")
        while checked.count():
            checked.first.click()
        objection = m.objections[0]
        root.locator(f"input[data-objection='{objection.id}']").click()
        assert _statuses(page, name)[objection.attacks] != "stands"
    assert probe.errors == []


def _random_map(rng: random.Random) -> tuple[dict[str, Any], list[str], list[str]]:
    n = rng.randint(2, 12)
    parents = [None] + [rng.randrange(i) for i in range(1, n)]
    kids = {i: [j for j in range(n) if parents[j] == i] for i in range(n)}
    steps, premises = [], []
    for i in range(n):
        if kids[i]:
            steps.append({"id": f"n{i}", "text": "s", "section": "4.2", "combine": rng.choice(["all", "any"]),
                          "needs": [f"n{j}" for j in kids[i]]})
        else:
            premises.append({"id": f"n{i}", "text": "p", "section": "4.2"})
    objections = [{"id": f"o{k}", "text": "o", "attacks": f"n{rng.randrange(n)}",
                   "effect": rng.choice(["defeats", "weakens"]), "source": "report", "section": "4.2",
                   "discussed": "4.2"} for k in range(rng.randint(0, 6))]
    data = {"title": "t", "section": "4.2", "conclusion": steps[0], "steps": steps[1:], "premises": premises,
            "objections": objections}
    rejected = [p["id"] for p in premises if rng.random() < 0.3]
    accepted = [o["id"] for o in objections if rng.random() < 0.5]
    return data, rejected, accepted


@pytest.mark.browser
def test_page_rules_match_the_python_model_on_generated_maps(probe: Any, site_url: str) -> None:
    page = probe.open(f"{site_url}/chapters/04-final-properties-arguments.html", draw=False)
    rng = random.Random(2024)
    for _ in range(300):
        data, rejected, accepted = _random_map(rng)
        m = parse_argmap(copy.deepcopy(data), "generated")
        js_map = {"conclusion": m.conclusion,
                  "claims": {c: {"needs": list(m.children(c)), "combine": getattr(m.claims[c], "combine", "all")}
                             for c in m.claims},
                  "objections": {o.id: {"attacks": o.attacks, "effect": o.effect} for o in m.objections}}
        got = page.evaluate("([m, r, a]) => window.schemingArgmap.evaluate(m, r, a)",
                            [json.loads(json.dumps(js_map)), rejected, accepted])
        assert got == evaluate(m, rejected, accepted), data


@pytest.mark.browser
def test_without_javascript_the_map_is_a_plain_outline(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/chapters/04-final-properties-arguments.html")
        root = page.locator("#argmap-counting")
        m = load_argmap(ROOT / ARGMAP_DIR / "counting.yml")
        text = root.inner_text()
        for claim in (*m.premises, *m.steps):
            assert claim.text in text
        assert all(o.text in text for o in m.objections)
        assert root.locator("input[type=checkbox]").first.is_hidden()
        assert root.locator(".sc-argmap-status").first.is_hidden()
        assert "I reject this premise" not in text
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True])
def test_maps_fit_a_phone_screen(browser: Any, site_url: str, dark: bool) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  color_scheme="dark" if dark else "light")
    try:
        page = context.new_page()
        for path in MAP_PAGES:
            page.goto(f"{site_url}/{path}")
            wait_scripts(page)
            wide = page.evaluate("""() => [...document.querySelectorAll('.sc-argmap')]
                .filter(d => d.scrollWidth > d.clientWidth + 1 || d.getBoundingClientRect().right > innerWidth)
                .map(d => d.id)""")
            assert wide == [], f"{path}: {wide} scroll sideways at 390 px"
            assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"), path
            box = page.locator(".sc-argmap input[type=checkbox]").first
            box.tap()
            assert box.is_checked()
    finally:
        context.close()


class _DirectiveError(Exception):
    pass


def test_the_directive_fails_the_build_naming_file_and_field(tmp_path: Path) -> None:
    """A malformed map makes the {argmap} directive raise its error (the build fails); a good one renders."""
    from types import SimpleNamespace

    from scheming_companion.book.argmap import ArgmapDirective

    chapter = ROOT / "chapters" / "04-final-properties-arguments.ipynb"

    def run(rel: str) -> Any:
        fake = SimpleNamespace(
            arguments=[rel],
            env=SimpleNamespace(docname="chapters/04-final-properties-arguments", doc2path=lambda _d: chapter,
                                note_dependency=lambda _p: None),
            error=lambda msg: _DirectiveError(msg),
        )
        return ArgmapDirective.run(fake)  # type: ignore[arg-type]

    html = run("argmaps/counting.yml")[0].astext()
    assert 'id="argmap-counting"' in html and 'href="#the-counting-argument"' in html
    data = _counting()
    data["objections"][1]["attacks"] = "nothing-here"
    bad = _write(tmp_path, data)
    with pytest.raises(_DirectiveError, match=r"^argmap .*bad\.yml: bad\.yml: objection 'which-measure': 'attacks'"):
        run(str(bad))
