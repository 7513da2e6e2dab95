"""Binder as it really is. repo2docker (the tool mybinder.org builds with, pinned in requirements-test.txt) prints the
Dockerfile it would build for this repository without Docker (`--no-build`); one test asserts the steps the book
relies on. The other reproduces those steps: a fresh environment that starts as repo2docker's does (its own
Python 3.11 lock's JupyterLab, jupyter_server, ipywidgets, ipykernel, tornado, traitlets and pip), a copy of the
repository, `pip install -r requirements.txt`, then `pip install .`, then `pip check`; a Jupyter server on loopback
runs one student notebook through its own kernel, and every student notebook (what the Binder link opens) runs top
to bottom with its own folder as the working directory. The chapter notebooks' code cells are the student
notebooks' (tests/site/test_students.py asserts it), and strict nbval runs the chapters themselves."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import warnings
from pathlib import Path

import pytest

from ..support import ROOT

# Installing an environment and running every student notebook in it takes minutes on a busy machine.
pytestmark = [pytest.mark.binder, pytest.mark.timeout(1800)]

# mybinder.org's BinderHub runs repo2docker with these: the image's user is jovyan, uid 1000.
R2D_OPTIONS = ["--no-build", "--debug", "--user-name=jovyan", "--user-id=1000"]
# The packages of repo2docker's base environment that this book's notebooks touch. Their versions are read from
# repo2docker's lock file at test time; pip too, since the Dockerfile runs that environment's pip.
BASE_PACKAGES = ("jupyterlab", "jupyter_server", "ipywidgets", "ipykernel", "tornado", "traitlets", "pip")
# The student notebook run through the Jupyter server: it has live panels (ipywidgets).
SERVER_NOTEBOOK = "students/01-scheming-and-its-significance.ipynb"


def _runtime_python() -> str:
    text = (ROOT / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", text), text
    return text.removeprefix("python-")


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """repo2docker's Dockerfile for this repository, its log, and the lock file it copies as the base environment.
    DOCKER_HOST points at a socket that does not exist, so this shows that `--no-build` needs no Docker."""
    with warnings.catch_warnings():  # repo2docker imports python-json-logger's old module name
        warnings.simplefilter("ignore", DeprecationWarning)
        from repo2docker.buildpacks.base import BuildPack  # jupyter-repo2docker, pinned in requirements-test.txt

    nowhere = tmp_path_factory.mktemp("no-docker") / "docker.sock"
    env = {**os.environ, "DOCKER_HOST": f"unix://{nowhere}"}
    run = subprocess.run(
        [sys.executable, "-m", "repo2docker", *R2D_OPTIONS, "."],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert not nowhere.exists()
    version = _runtime_python()
    context_name, lock_path = BuildPack.generate_build_context_filename(f"conda/environment.py-{version}-linux-64.lock")
    return {"text": run.stdout, "log": run.stderr, "lock_copy": context_name, "lock": lock_path}


def test_repo2docker_dockerfile_has_the_steps_the_book_relies_on(dockerfile: dict[str, str]) -> None:
    text, version = dockerfile["text"], _runtime_python()
    # Python from runtime.txt: the conda environment of that version, from repo2docker's own lock file.
    assert f"Building conda environment for python={version}" in dockerfile["log"]
    assert f"COPY --chown=1000:1000 {dockerfile['lock_copy']} /tmp/env/environment.lock" in text
    assert "ENV NB_ENVIRONMENT_FILE=/tmp/env/environment.lock" in text
    assert Path(dockerfile["lock"]).is_file()
    # The notebook server and the kernel share that one environment, so requirements.txt's pins (tornado,
    # traitlets, ipykernel, ipywidgets) replace the server's own versions of those packages.
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in text
    # After the base environment: the repository is copied whole, then, as jovyan, requirements.txt is installed
    # and then the package itself (`pip install .`, because pyproject.toml has [project] and [build-system]), in
    # that order. (The early copy of requirements.txt alone installs nothing: repo2docker installs before the full
    # copy only when requirements.txt names no local path and the repository is no Python package; here it has
    # `-e .` and is one.) Nothing else runs: no apt.txt, postBuild or environment.yml here. Each instruction's
    # first line:
    lines = text.splitlines()
    base = next(i for i, line in enumerate(lines) if line.startswith("RUN TIMEFORMAT="))
    steps = [line for line in lines[base + 1:] if line.startswith(("COPY", "RUN", "USER", "ENTRYPOINT", "CMD"))]
    assert steps == [
        "RUN mkdir -p ${NPM_DIR} && \\",
        "USER root",
        'RUN if [ ! -d "${REPO_DIR}" ]; then \\',
        "RUN chown ${NB_USER}:${NB_USER} ${REPO_DIR}",
        "COPY --chown=1000:1000 src/requirements.txt ${REPO_DIR}/requirements.txt",
        "USER root",
        "COPY --chown=1000:1000 src/ ${REPO_DIR}/",
        "USER ${NB_USER}",
        'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "requirements.txt"',
        "RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir .",
        "USER ${NB_USER}",
        "COPY --chmod=0755 /python3-login /usr/local/bin/python3-login",
        "COPY --chmod=0755 /repo2docker-entrypoint /usr/local/bin/repo2docker-entrypoint",
        'ENTRYPOINT ["/usr/local/bin/repo2docker-entrypoint"]',
        'CMD ["jupyter", "notebook", "--ip", "0.0.0.0"]',
    ], "\n".join(steps)


def _lock_versions(lock: Path) -> dict[str, str]:
    """Package versions from a conda-lock explicit file: one URL per line, `.../name-version-build.conda#md5`."""
    versions = {}
    for line in lock.read_text().splitlines():
        m = re.search(r"/([^/]+)-([^-/]+)-([^-/]+)\.(?:conda|tar\.bz2)(?:#|$)", line.strip())
        if m:
            versions[m.group(1)] = m.group(2)
    return versions


def _pip(py: Path, *args: str, cwd: Path) -> None:
    # --no-compile only skips writing .pyc files at install time (to save minutes here); Python writes them on import.
    run = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile", *args],
        cwd=cwd, capture_output=True, text=True, timeout=1200,
    )
    assert run.returncode == 0, f"pip install {' '.join(args)}:\n{run.stderr[-3000:]}"


# Runs one notebook through a Jupyter server's kernel, as JupyterLab would: a session for the notebook (so the
# kernel's working directory is the notebook's folder), then each code cell as an execute_request over the kernel's
# websocket. Prints one JSON line: the kernel's Python and folder, errors, and the widget views shown
# (a live panel is its cell's result).
RUN_THROUGH_SERVER = r"""
import asyncio, json, sys, uuid
import nbformat
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

base, token, path = sys.argv[1:4]
auth = {"Authorization": f"token {token}"}

def decode(frame):
    if isinstance(frame, str):
        return json.loads(frame)
    # A message with binary buffers: a count, the offsets, then the JSON message first.
    n = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 * (i + 1):4 * (i + 2)], "big") for i in range(n)] + [len(frame)]
    return json.loads(frame[offsets[0]:offsets[1]])

async def main():
    http = AsyncHTTPClient()
    body = {"path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1], "kernel": {"name": "python3"}}
    reply = await http.fetch(base + "api/sessions", method="POST", headers=auth, body=json.dumps(body))
    session = json.loads(reply.body)
    kernel = session["kernel"]["id"]
    client_session = uuid.uuid4().hex
    ws = await websocket_connect(HTTPRequest(
        base.replace("http", "ws", 1) + f"api/kernels/{kernel}/channels?session_id={client_session}", headers=auth))

    async def execute(code):
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": client_session,
                       "username": "test", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        got, replied, idle = [], None, False
        while replied is None or not idle:
            frame = await asyncio.wait_for(ws.read_message(), 300)
            assert frame is not None, "the kernel's websocket closed"
            msg = decode(frame)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_reply":
                replied = msg["content"]
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            else:
                got.append(msg)
        return replied, got

    result = {"errors": [], "widget_views": 0, "cells": 0}
    _, got = await execute("import os, sys; print(sys.executable); print(os.getcwd())")
    printed = "".join(m["content"].get("text", "") for m in got if m["msg_type"] == "stream").split()
    result["kernel_python"], result["kernel_cwd"] = printed[:2]
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        replied, got = await execute(cell.source)
        result["cells"] += 1
        for m in got:
            if m["msg_type"] == "error":
                result["errors"].append(m["content"]["ename"] + ": " + m["content"]["evalue"])
            data = m["content"].get("data", {}) if m["msg_type"] in ("execute_result", "display_data") else {}
            if "application/vnd.jupyter.widget-view+json" in data:
                result["widget_views"] += 1
        if replied["status"] != "ok":
            result["errors"].append(f"cell {result['cells']}: {replied['status']}")
            break
    ws.close()
    await http.fetch(base + f"api/sessions/{session['id']}", method="DELETE", headers=auth)
    print(json.dumps(result))

asyncio.run(main())
"""

RUN_STUDENT_NOTEBOOKS = """
from pathlib import Path
import nbformat
from nbclient import NotebookClient
for path in sorted(Path("students").glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": "students"}}).execute()
    print("ran", path)
import scheming_companion
print("package from", scheming_companion.__file__)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_server(server: subprocess.Popen[bytes], runtime: Path, token: str, log: Path) -> str:
    """The server's own record (jpserver-<pid>.json) gives its address, whichever port it took."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()[-3000:]
        info = runtime / f"jpserver-{server.pid}.json"
        if info.is_file():
            url = json.loads(info.read_text())["url"]
            try:
                req = urllib.request.Request(url + "api/status", headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(req, timeout=5) as reply:
                    if reply.status == 200:
                        return str(url)
            except OSError:
                pass
        time.sleep(0.5)
    raise AssertionError("the Jupyter server did not start:\n" + log.read_text()[-3000:])


def test_binder_like_environment_runs_the_notebooks(dockerfile: dict[str, str], tmp_path: Path) -> None:
    # The repository as Binder has it: its tracked files (Binder clones the repository), copied whole.
    repo = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)

    # The base environment: this Python (runtime.txt's version) with repo2docker's locked versions.
    lock = _lock_versions(Path(dockerfile["lock"]))
    version = _runtime_python()
    assert lock["python"].startswith(version + "."), lock["python"]
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == version, "run this test with runtime.txt's Python"
    env_dir = tmp_path / "binder-env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    py = bin_dir / "python"
    _pip(py, *(f"{name}=={lock[name]}" for name in BASE_PACKAGES), cwd=tmp_path)

    # The Dockerfile's two steps, in its order, then pip's own consistency check.
    _pip(py, "-r", "requirements.txt", cwd=repo)
    _pip(py, ".", cwd=repo)
    check = subprocess.run([str(py), "-m", "pip", "check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr

    home = tmp_path / "home"
    home.mkdir()
    runtime = tmp_path / "runtime"
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home), "JUPYTER_PLATFORM_DIRS": "1",
           "JUPYTER_RUNTIME_DIR": str(runtime)}

    # A Jupyter server on loopback with a token (JupyterLab, as on Binder); one student notebook through its kernel.
    token = secrets.token_hex(16)
    log = tmp_path / "server.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [str(bin_dir / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={_free_port()}",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={repo}",
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            cwd=repo, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        url = _wait_for_server(server, runtime, token, log)
        assert url.startswith("http://127.0.0.1:"), url
        through = subprocess.run(
            [str(py), "-c", RUN_THROUGH_SERVER, url, token, SERVER_NOTEBOOK],
            cwd=repo, capture_output=True, text=True, timeout=600, env=env,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert through.returncode == 0, (through.stdout + through.stderr)[-3000:] + log.read_text()[-2000:]
    result = json.loads(through.stdout.strip().splitlines()[-1])
    assert result["errors"] == [], result
    assert result["cells"] > 0 and result["widget_views"] > 0, result
    # The kernel is this environment's own Python, working in the notebook's folder.
    assert result["kernel_python"] == str(py), result
    assert result["kernel_cwd"] == str(repo / "students"), result

    # Every student notebook (what the Binder link opens) runs top to bottom in the same environment.
    run = subprocess.run([str(py), "-c", RUN_STUDENT_NOTEBOOKS], cwd=repo, capture_output=True, text=True, timeout=900,
                         env=env)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "students").glob("*.ipynb"))
    assert len(notebooks) >= 9, notebooks  # one per chapter page
    assert all(f"ran {n}" in run.stdout for n in notebooks), run.stdout
    # `pip install .` comes last, so it replaces requirements.txt's editable install (`-e .`) with a copy in the
    # environment's site-packages: the notebooks import that copy, not code/.
    site = env_dir / "lib" / f"python{version}" / "site-packages" / "scheming_companion" / "__init__.py"
    assert f"package from {site}" in run.stdout, run.stdout
    assert str(repo / "code") not in run.stdout and str(ROOT) not in run.stdout and sys.prefix not in run.stdout
