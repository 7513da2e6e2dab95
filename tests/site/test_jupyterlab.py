"""The notebooks as a student meets them on Binder: JupyterLab on loopback, driven in headless Chromium.

JupyterLab starts from the test environment with the repository's own Jupyter configuration
(``.jupyter/``, what Binder reads, since Binder's home folder is the repository), opens every student notebook
and two chapter notebooks, and runs all their cells. Then it checks what a student sees: no cell error and no
console error, every live panel present, no widget label cut off, every slider track at least 150 px wide, no
legend over an axis title on the first draw, each panel's figure and readout moving together when one control
is moved with the keyboard, and, in the chapter notebooks, no raw MyST and no solution text in view.
Screenshots go to ``tests/artefacts/jupyterlab/`` (ignored by git).

Run it alone: ``.venv/bin/python -m pytest -m jupyterlab tests/site/test_jupyterlab.py``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from ..support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.jupyterlab]

STUDENTS = sorted((ROOT / "students").glob("[0-9][0-9]*.ipynb"))
#: Two chapter notebooks, opened as a student on Binder might from the file browser: the most markup.
CHAPTERS = [ROOT / "chapters" / "01-scheming-and-its-significance.ipynb",
            ROOT / "chapters" / "07-since-the-report.ipynb"]
ARTEFACTS = ROOT / "tests" / "artefacts" / "jupyterlab"
MIN_TRACK = 150
#: Run All seconds per notebook, filled as the tests run and written to ARTEFACTS/run-all-seconds.json
#: (benchmarks/run.py reports them beside the whole test's time).
TIMES: dict[str, float] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab on a loopback port, with the repository's Jupyter configuration; yields its URL and token."""
    tmp = tmp_path_factory.mktemp("lab")
    settings = tmp / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Attach every cell, so what is measured is what a student scrolling down sees.
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    (settings.parent / "apputils-extension").mkdir()  # no "news?" toast over the notebook
    (settings.parent / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(ROOT / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(tmp / "run"),
           "JUPYTER_DATA_DIR": str(tmp / "data"), "IPYTHONDIR": str(tmp / "ipython"),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "code"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
           "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={tmp / 'settings'}",
           f"--LabApp.workspaces_dir={tmp / 'workspaces'}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly"]
    log = (tmp / "lab.log").open("w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
                time.sleep(0.3)
        yield f"{url}|{token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


class Lab:
    """One JupyterLab page, loaded once; notebooks open in it one after another (reloading JupyterLab for
    each would cost more than running it). Records console and page errors per notebook."""

    def __init__(self, browser: Any, lab: str):
        url, token = lab.split("|")
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
        self.page.goto(f"{url}/lab?reset&token={token}", wait_until="load")
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=60_000)
        self.page.evaluate("() => window.jupyterapp.started")

    def open(self, path: str) -> None:
        self.errors.clear()
        self.page.evaluate("""async (path) => {
            const app = window.jupyterapp;
            const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
            await panel.context.ready;
            await panel.sessionContext.ready;
            app.shell.activateById(panel.id);
        }""", path)
        self.page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")

    def run_all(self) -> float:
        start = time.perf_counter()
        self.page.evaluate("""async () => {
            const panel = window.jupyterapp.shell.currentWidget;
            await window.jupyterapp.commands.execute('notebook:run-all-cells');
            const kernel = () => panel.sessionContext.session && panel.sessionContext.session.kernel;
            while (!kernel() || kernel().status !== 'idle'
                   || [...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))) {
                await new Promise(r => setTimeout(r, 100));
            }
        }""")
        return time.perf_counter() - start

    def shut(self) -> None:
        """Shut the notebook's kernel down and close it unsaved."""
        self.page.evaluate("""async () => {
            const panel = window.jupyterapp.shell.currentWidget;
            await panel.sessionContext.shutdown();
            panel.dispose();
        }""")

    def shot(self, name: str) -> None:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=False)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def lab_page(browser: Any, lab: str) -> Iterator[Lab]:
    page = Lab(browser, lab)
    yield page
    page.close()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "run-all-seconds.json").write_text(json.dumps(TIMES, indent=1) + "\n")


# What a panel looks like, measured in the page: labels cut off, narrow tracks, legends over axis titles.
MEASURE = """() => [...document.querySelectorAll('.sc-live-panel')].map((panel, i) => {
    const box = e => e.getBoundingClientRect();
    const cut = [...panel.querySelectorAll('.widget-label, .widget-toggle-button, button, label, .widget-readout')]
        .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
        .map(e => (e.textContent || e.title).trim());
    const tracks = [...panel.querySelectorAll('.widget-slider .slider-container, .widget-slider .noUi-target')]
        .filter(e => e.classList.contains('noUi-target')).map(e => Math.round(box(e).width));
    const overlaps = [];
    for (const plot of panel.querySelectorAll('.js-plotly-plot')) {
        const legend = plot.querySelector('g.legend rect.bg');
        if (!legend) continue;
        const l = box(legend);
        for (const t of plot.querySelectorAll('text')) {
            if (!/^[xy]\\d*title$/.test(t.getAttribute('class') || '') || !t.textContent.trim()) continue;
            const r = box(t);
            const w = Math.min(l.right, r.right) - Math.max(l.left, r.left);
            const h = Math.min(l.bottom, r.bottom) - Math.max(l.top, r.top);
            if (w > 1 && h > 1) overlaps.push(t.textContent.trim());
        }
    }
    const plots = panel.querySelectorAll('.js-plotly-plot').length;
    return {i, cut, tracks, overlaps, plots, sliders: panel.querySelectorAll('.widget-slider').length};
})"""

STATE = """(i) => {
    const panel = document.querySelectorAll('.sc-live-panel')[i];
    const plot = panel.querySelector('.js-plotly-plot');
    const readout = panel.querySelector('.sc-live-readout');
    const figure = plot ? JSON.stringify([plot.data, plot.layout.shapes, plot.layout.annotations]) : '';
    return {figure, readout: readout ? readout.innerText : ''};
}"""


def _move_one_control(lab: Lab, i: int) -> str:
    """Move the first control of panel ``i`` one step with the keyboard; return what was pressed."""
    panel = lab.page.locator(".sc-live-panel").nth(i)
    handle = panel.locator(".noUi-handle")
    if handle.count():
        h = handle.first
        h.scroll_into_view_if_needed()
        h.focus()
        at_max = h.get_attribute("aria-valuenow") == h.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_max else "ArrowRight"
        h.press(key)
        return f"slider {key}"
    buttons = panel.locator("button.widget-toggle-button:not(.mod-active)")
    b = buttons.first
    b.scroll_into_view_if_needed()
    b.focus()
    b.press("Space")
    return f"toggle {b.text_content()!r}"


def _check_panels(lab: Lab, name: str, expected: int) -> list[str]:
    problems = []
    panels = lab.page.evaluate(MEASURE)
    if len(panels) != expected:
        problems.append(f"{len(panels)} live panels, expected {expected}")
    for p in panels:
        where = f"panel {p['i'] + 1}"
        if p["plots"] != 1:
            problems.append(f"{where}: {p['plots']} figures")
        if p["cut"]:
            problems.append(f"{where}: labels cut off: {p['cut']}")
        if len(p["tracks"]) != p["sliders"] or any(w < MIN_TRACK for w in p["tracks"]):
            problems.append(f"{where}: slider tracks {p['tracks']} px (at least {MIN_TRACK})")
        if p["overlaps"]:
            problems.append(f"{where}: legend over the axis title(s) {p['overlaps']}")
    for p in panels:
        panel = lab.page.locator(".sc-live-panel").nth(p["i"])
        panel.scroll_into_view_if_needed()
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        panel.screenshot(path=str(ARTEFACTS / f"{name}-panel-{p['i'] + 1}.png"))
        before = lab.page.evaluate(STATE, p["i"])
        # One key press; a slider whose readout rounds coarser than its step (two decimals of a model result)
        # may take a few presses before the text moves: up to five, each of which must redraw the figure.
        for press in range(5):
            pressed = _move_one_control(lab, p["i"])
            try:
                lab.page.wait_for_function(
                    "([i, b]) => { const s = (" + STATE + ")(i);"
                    " return s.figure && s.figure !== b.figure && s.readout !== b.readout; }",
                    arg=[p["i"], before], polling=100,
                    timeout=4_000 if pressed.startswith("slider") and press < 4 else 15_000)
                break
            except Exception:  # noqa: BLE001 - report what did and did not change
                after = lab.page.evaluate(STATE, p["i"])
                if after["figure"] != before["figure"] and press < 4 and pressed.startswith("slider"):
                    continue
                problems.append(f"panel {p['i'] + 1}: after {press + 1} x {pressed}, figure changed: "
                                f"{after['figure'] != before['figure']}, readout changed: "
                                f"{after['readout'] != before['readout']}")
                break
    return problems


def _open_and_run(page: Lab, nb_path: Path) -> tuple[Lab, float]:
    rel = nb_path.relative_to(ROOT).as_posix()
    page.open(rel)
    seconds = page.run_all()
    TIMES[rel] = seconds
    print(f"\nRun All {rel}: {seconds:.1f} s")
    return page, seconds


def _cell_errors(lab: Lab) -> list[str]:
    return lab.page.evaluate("""() => [...document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(e => e.innerText.slice(0, 300))""")


def _panel_count(nb_path: Path) -> int:
    nb = nbformat.read(nb_path, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" and re.search(r"^live_panel\(\w+\)\s*$", c.source, re.M))


@pytest.mark.parametrize("nb_path", STUDENTS, ids=lambda p: p.stem)
def test_student_notebook_runs_and_its_panels_work(lab_page: Lab, nb_path: Path) -> None:
    page, _ = _open_and_run(lab_page, nb_path)
    try:
        problems = [f"cell error: {e}" for e in _cell_errors(page)]
        problems += _check_panels(page, f"{nb_path.parent.name}-{nb_path.stem}", _panel_count(nb_path))
        page.shot(f"students-{nb_path.stem}-after")
        problems += page.errors
        assert not problems, f"{nb_path.name}:\n" + "\n".join(problems)
    finally:
        page.shut()


def _solution_lines(nb_path: Path) -> list[str]:
    text = "\n".join(c.source for c in nbformat.read(nb_path, as_version=4).cells)
    bodies = re.findall(r"```+\{solution\}[^\n]*\n(.*?)\n```", text, re.S)
    return [ln.strip() for b in bodies for ln in b.split("\n") if len(ln.strip()) > 40 and not ln.startswith(":")]


RAW_MYST = re.compile(r"\{[\w:-]+\}`|```\{|:::\{|^:(class|label|name):", re.M)


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_notebook_reads_without_markup_or_solutions(lab_page: Lab, nb_path: Path) -> None:
    page, _ = _open_and_run(lab_page, nb_path)
    try:
        shown = page.page.evaluate(
            "() => [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')].map(e => e.innerText)"
            ".join('\\n')")
        problems = [f"cell error: {e}" for e in _cell_errors(page)]
        raw = RAW_MYST.findall(shown)
        if raw:
            problems.append(f"raw MyST shown: {sorted(set(m if isinstance(m, str) else m[0] for m in raw))[:5]}")
        solutions = _solution_lines(nb_path)
        assert solutions, f"{nb_path.name} has no solutions, so this checks nothing"
        leaked = [s for s in solutions if s[:60] in shown]
        if leaked:
            problems.append(f"{len(leaked)} solution lines in view, e.g. {leaked[0][:80]!r}")
        if "Show the answer" not in shown:
            problems.append("no quiz in view")
        for what, text in (("exercise", "Show the worked solution"), ("quiz", "Show the answer")):
            cell = page.page.locator(".jp-MarkdownCell", has_text=text).first
            if cell.count():
                cell.scroll_into_view_if_needed()
                cell.screenshot(path=str(ARTEFACTS / f"chapters-{nb_path.stem}-{what}.png"))
        problems += _check_panels(page, f"{nb_path.parent.name}-{nb_path.stem}", _panel_count(nb_path))
        page.shot(f"chapters-{nb_path.stem}-after")
        problems += page.errors
        assert not problems, f"{nb_path.name}:\n" + "\n".join(problems)
    finally:
        page.shut()
