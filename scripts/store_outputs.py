"""Re-execute chapter notebooks on a fresh kernel and store their outputs in place.

Strict nbval compares these stored outputs with a fresh run, so run this (``make outputs``) after
changing a chapter or the package. Timing metadata, widget state and widget views are not stored: they
change on every run, and a stored widget view is dead until its cell runs again.

Usage: python scripts/store_outputs.py [NOTEBOOK ...]   (default: every chapters/*.ipynb)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def store_outputs(path: Path) -> float:
    """Execute ``path`` with its own folder as working directory; write outputs back; return seconds."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,  # False trips an nbclient KeyError on Output widgets; dropped below
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            # A stored widget view points at a model that no longer exists once the kernel is gone (and
            # its id changes every run). Keep the plain-text fallback, which says a kernel is needed.
            out.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        print(f"{path.relative_to(ROOT) if path.is_absolute() else path}: {store_outputs(path):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
