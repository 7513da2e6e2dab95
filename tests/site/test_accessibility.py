"""Accessibility and print, on every built page.

axe-core (the version package-lock.json pins, installed by `make test` with `npm ci`) is injected into each
page after its figures have drawn; any violation of serious or critical impact fails. The print test
emulates print media: figures stay, controls and navigation go.
"""

from __future__ import annotations

from typing import Any

import pytest

from ..support import PAGES, ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make test` (it runs `npm ci`)")
    return AXE.read_text("utf-8")


# The rules a change of colour scheme can break: the dark-mode audit runs these (the rest depend on the markup,
# which the theme switch does not touch, and the light-mode audit has just run them on the same page).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def _axe(page: Any, axe_source: str, rules: list[str] | None = None) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )


PRINT_PAGES = frozenset(p for p in PAGES if p.startswith("chapters/0"))

PRINTED_JS = """() => {
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const all = sel => [...document.querySelectorAll(sel)];
  return {
    figures: all('.sc-plot').length,
    figuresShown: all('.sc-plot').filter(shown).length,
    drawn: all('.sc-plot svg.main-svg').length,
    controls: all('.sc-controls, .sc-quiz-check, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header,'
                  + ' .prev-next-area, .bd-footer').filter(shown).length,
  };
}"""


@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible_in_light_and_dark_mode_and_prints(
    probe: Any, site_url: str, path: str, axe_source: str
) -> None:
    """One load of the page, with every figure drawn: the audit in light mode, then in dark mode; a chapter page
    then prints with its figures and without its controls."""
    page = probe.open(f"{site_url}/{path}")
    bad = _axe(page, axe_source)
    assert not bad, f"{path}:\n{_describe(bad)}"

    page.evaluate("() => document.documentElement.dataset.theme = 'dark'")
    page.wait_for_timeout(400)  # let the theme's colour transitions finish before measuring contrast
    bad = _axe(page, axe_source, COLOUR_RULES)
    assert not bad, f"{path} (dark):\n{_describe(bad)}"
    if path not in PRINT_PAGES:
        return

    page.evaluate("() => document.documentElement.dataset.theme = 'light'")
    page.emulate_media(media="print")
    visible = page.evaluate(PRINTED_JS)
    assert visible["figures"] >= 1 and visible["figuresShown"] == visible["figures"], visible
    assert visible["drawn"] >= visible["figures"], visible
    assert visible["controls"] == 0, f"{path}: controls or navigation visible in print: {visible}"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_the_audit_can_fail(probe: Any, site_url: str, axe_source: str) -> None:
    """The audit is live: an unlabelled slider and an image without alt text are caught."""
    page = probe.open(f"{site_url}/intro.html")
    page.evaluate(
        "() => { const d = document.createElement('div');"
        " d.innerHTML = '<input type=range><img src=_static/favicon.svg>';"
        " document.querySelector('main').appendChild(d); }"
    )
    ids = {v["id"] for v in _axe(page, axe_source)}
    assert {"label", "image-alt"} <= ids, ids
