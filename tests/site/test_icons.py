"""The theme's icon fonts cut to the icons the book shows (book/icons.py; issue 20). The browser test of every
page (test_browser.py) checks that each icon a page shows has its glyph and that no full font is fetched."""

from __future__ import annotations

from pathlib import Path

import pytest
from scheming_companion.book.icons import SUBSETS, icon_code_points, needed_code_points, subset_font, used_words

from ..support import SITE

THEME_CSS = """
.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}
.fa-github:before{content:"\\f09b"}
.fa-rocket:before{content:"\\f135"}
@media (min-width:960px){.fa-lg:before{content:"\\f0c9"}}
html{--pst-icon-warning:"\uf071";--pst-icon-check:"\\f00c"}
.admonition-title:after{content:var(--pst-icon-warning)}
.toggle:before{content:"\\25b8"}
"""


def test_icon_rules_and_other_rules_are_read_apart() -> None:
    icons, always = icon_code_points(THEME_CSS)
    assert icons == {"fa-bars": {0xF0C9}, "fa-navicon": {0xF0C9}, "fa-github": {0xF09B}, "fa-rocket": {0xF135},
                     "fa-lg": {0xF0C9}}
    # Written as an escape or as the character; a code point outside the private-use area is no icon.
    assert always == {0xF071, 0xF00C}


def test_the_fonts_keep_what_the_pages_use_and_what_other_rules_write() -> None:
    pages = ['<i class="fa-solid fa-bars"></i>', 'icon = "fa-brands fa-github";']
    assert used_words(pages) == {"fa-solid", "fa-bars", "fa-brands", "fa-github"}
    assert needed_code_points([THEME_CSS], pages) == {0xF0C9, 0xF09B, 0xF071, 0xF00C}
    assert 0xF135 not in needed_code_points([THEME_CSS], pages), "an icon no page uses is cut"


@pytest.mark.site
def test_the_built_fonts_are_small_and_hold_only_what_is_needed(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    for source, name in SUBSETS.items():
        full, cut = SITE / "_static" / source, SITE / "_static" / name
        assert cut.stat().st_size < full.stat().st_size / 20, f"{name} is {cut.stat().st_size} bytes"
        kept = set(TTFont(str(cut)).getBestCmap())
        assert kept and kept < set(TTFont(str(full)).getBestCmap()), name
    target = tmp_path / "cut.woff2"
    subset_font(SITE / "_static" / next(iter(SUBSETS)), target, {0xF0C9})
    assert set(TTFont(str(target)).getBestCmap()) == {0xF0C9}


def test_a_missing_font_is_named() -> None:
    with pytest.raises(FileNotFoundError, match="fa-solid-900.woff2 is missing"):
        subset_font(Path("/nowhere/fa-solid-900.woff2"), Path("/tmp/x.woff2"), {0xF0C9})
