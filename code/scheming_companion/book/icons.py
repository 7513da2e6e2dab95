"""The theme's icon fonts, cut down to the icons the built book shows.

pydata-sphinx-theme draws its icons (menu, search, colour mode, download, GitHub, admonition marks …) from the
Font Awesome web fonts it ships: 157 kB (solid) and 118 kB (brands) of WOFF2. A browser fetches both before it
paints the page header, and on a phone on a slow link that alone holds the first paint back by over a second
(Lighthouse's simulated slow 4G). The book uses about twenty of their 1,900 glyphs.

At the end of every build this module reads which icons the built site can show:

- every ``fa-<name>`` word in the site's pages and scripts (classes written in the HTML or added by script),
  mapped to its code point through the theme's own ``.fa-<name>:before{content:"\\f…"}`` rules;
- every private-use code point that any other CSS rule writes, as an escape or as the character itself
  (``content:``, or a custom property such as the theme's admonition icons, ``--pst-icon-…``).

It writes each font, cut to those glyphs, next to the book's stylesheet (:data:`SUBSETS`), where
``scheming-book.css`` declares them under the theme's own family names. That stylesheet loads after the
theme's, so its faces win, and the browser never fetches the full fonts. Reading more than is used (a word
that is not an icon, a glyph a font lacks) only keeps a glyph or two too many; missing one would show an empty
box, which the browser test of every page's icons checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

#: Theme font (under the built site's ``_static``) -> the cut-down copy the book's stylesheet names.
SUBSETS = {
    "vendor/fontawesome/webfonts/fa-solid-900.woff2": "scheming-icons-solid.woff2",
    "vendor/fontawesome/webfonts/fa-brands-400.woff2": "scheming-icons-brands.woff2",
}
#: A CSS rule of a minified or ordinary stylesheet (at-rule blocks are looked into, not matched whole).
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
#: A selector that only names one Font Awesome icon's pseudo-element (``.fa-bars:before``).
_ICON_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+)::?before$")
#: A CSS escape inside a string (``"\f0c9"``), and the words a page or script can use as an icon class.
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})")
_WORD = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")


def _private_use(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


def icon_code_points(css: str) -> tuple[dict[str, set[int]], set[int]]:
    """``(icons, always)`` from a stylesheet's text: each ``fa-`` class's code points, and the private-use code
    points written by every other rule (which the font must keep whatever the pages use)."""
    icons: dict[str, set[int]] = {}
    always: set[int] = set()
    for selectors, body in _RULE.findall(css):
        # Written as an escape ("\\f071") or as the character itself (the theme's --pst-icon-… properties).
        points = {int(h, 16) for h in _ESCAPE.findall(body)} | {ord(c) for c in body}
        points = {p for p in points if _private_use(p)}
        if not points:
            continue
        names = [_ICON_SELECTOR.match(s.strip()) for s in selectors.split(",")]
        if all(names):
            for m in names:
                icons.setdefault(m.group(1), set()).update(points)  # type: ignore[union-attr]
        else:
            always |= points
    return icons, always


def used_words(texts: Iterable[str]) -> set[str]:
    """Every ``fa-…`` word in ``texts`` (pages and scripts)."""
    return {w for text in texts for w in _WORD.findall(text)}


def needed_code_points(css_texts: Iterable[str], page_texts: Iterable[str]) -> set[int]:
    """The code points the icon fonts must keep for a site with these stylesheets and pages/scripts."""
    icons: dict[str, set[int]] = {}
    always: set[int] = set()
    for css in css_texts:
        found, rest = icon_code_points(css)
        for name, points in found.items():
            icons.setdefault(name, set()).update(points)
        always |= rest
    words = used_words(page_texts)
    return always.union(*(icons[w] for w in words if w in icons))


def subset_font(source: Path, target: Path, code_points: set[int]) -> None:
    """Write ``source`` (a WOFF2 font) cut to ``code_points`` as WOFF2 at ``target``."""
    from fontTools import subset  # the build's own dependency; imported only when a site is built
    from fontTools.ttLib import TTFont

    if not source.is_file():
        raise FileNotFoundError(f"icon font {source} is missing: did the theme move its Font Awesome fonts?")
    options = subset.Options()
    options.flavor = "woff2"
    options.ignore_missing_unicodes = True
    # The font's own modification time, not the build's: two builds of the same site give the same bytes.
    font = TTFont(str(source), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(str(target))


def write_icon_subsets(outdir: Path) -> dict[str, int]:
    """Cut the theme's icon fonts in the built site at ``outdir`` down to what it uses; each new file's size."""
    static = outdir / "_static"
    css = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(static.rglob("*.css"))]
    pages = [p.read_text(encoding="utf-8", errors="replace")
             for p in sorted([*outdir.rglob("*.html"), *static.rglob("*.js")])
             if "_sources" not in p.parts and p.name != "plotly.min.js"]
    points = needed_code_points(css, pages)
    if not points:
        raise ValueError(f"no icon code points found in the stylesheets under {static}")
    sizes = {}
    for source, name in SUBSETS.items():
        subset_font(static / source, static / name, points)
        sizes[name] = (static / name).stat().st_size
    return sizes
