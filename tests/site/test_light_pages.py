"""What keeps a page light on a phone (issue 20): the theme's icon fonts cut to the icons the book shows
(book/icons.py), and the explorers' packed tables moved out of the pages (book/sphinx_ext.py's external_tables).
The browser tests check the rest: every icon a page shows has its glyph and no full font is fetched
(test_browser.py), and a table's file is fetched only when its figure draws (test_lazy_figures.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from scheming_companion.book.icons import SUBSETS, icon_code_points, needed_code_points, subset_font, used_words
from scheming_companion.book.late import LATE_CLASS, LOADER, late_script, static_version
from scheming_companion.book.sphinx_ext import PACKED_TABLE, TABLES, base85, external_tables
from scheming_companion.explore.compact import decode_table, encode_table

from ..support import PAGES, SITE

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
    # The source's modification time, not the build's: two builds give the same bytes (test_drift.py).
    assert TTFont(str(target))["head"].modified == TTFont(str(SITE / "_static" / next(iter(SUBSETS))))["head"].modified


def test_a_missing_font_is_named() -> None:
    with pytest.raises(FileNotFoundError, match="fa-solid-900.woff2 is missing"):
        subset_font(Path("/nowhere/fa-solid-900.woff2"), Path("/tmp/x.woff2"), {0xF0C9})


def _explorer(data: str, kind: str = 'type="text/plain" class="sc-explorer-data" data-encoding="lzw1"') -> str:
    return f'<figure class="sc-explorer" id="x"><div class="sc-plot"></div><script {kind}>{data}</script></figure>'


def test_a_packed_table_moves_to_a_file_named_by_its_content(tmp_path: Path) -> None:
    small, big = encode_table({"a": [1, 2, 3]}), encode_table({"b": ["x" * 40, 0.5, None]})
    body = "<p>text</p>" + _explorer(small) + _explorer(small) + _explorer(big)
    out = external_tables(body, tmp_path, lambda name: f"../{TABLES}/{name}")
    assert small not in out and big not in out and out.startswith("<p>text</p>")
    files = sorted(tmp_path.iterdir())
    assert len(files) == 2, "the same table, one file"
    tables = []
    for f in files:
        key = f.stem
        assert (f'data-encoding="lzw1b85" data-key="{key}" data-src="../_static/tables/{key}.js"></script>'
                in out)
        text = f.read_text(encoding="ascii")
        m = re.fullmatch(r'\(window\.SchemingTables = window\.SchemingTables \|\| \{\}\)\["(\w+)"\] = (".*");\n', text)
        assert m and m.group(1) == key, text
        packed = json.loads(m.group(2))
        assert packed.startswith("lzw1b85:") and "\\" not in m.group(2), "base85 needs no escaping in JS"
        tables.append(decode_table(packed))
    assert sorted(tables, key=str) == sorted([{"a": [1, 2, 3]}, {"b": ["x" * 40, 0.5, None]}], key=str)


def test_base85_is_smaller_and_a_bad_table_is_named() -> None:
    packed = encode_table({"rows": [[i, i * 0.5] for i in range(200)]})
    assert len(base85(packed)) < len(packed)
    assert decode_table(base85(packed)) == decode_table(packed)
    with pytest.raises(ValueError, match="bad base64"):
        base85("lzw1:1:1:@@@@")
    with pytest.raises(ValueError, match="bad base85"):
        decode_table("lzw1b85:1:1:" + '"' * 5)


def test_a_json_table_and_anything_else_stay_in_the_page(tmp_path: Path) -> None:
    inline = _explorer('{"params": []}', 'type="application/json" class="sc-explorer-data"')
    odd = _explorer("lzw1:1:1:<b>")  # not the packed format: left alone, never written out
    assert external_tables(inline + odd, tmp_path, str) == inline + odd
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


@pytest.mark.site
def test_no_built_page_carries_a_packed_table() -> None:
    carried = [p for p in PAGES if PACKED_TABLE.search((SITE / p).read_text(encoding="utf-8"))]
    assert carried == []
    placeholders = sum((SITE / p).read_text(encoding="utf-8").count("data-src=") for p in PAGES)
    assert placeholders >= 10, "the chapters' explorers name their table files"


class _Recorder:
    """Stands in for the Sphinx application: records the scripts a page adds."""

    def __init__(self) -> None:
        self.scripts: list[tuple[str | None, dict[str, str]]] = []

    def add_js_file(self, filename: str | None, **attributes: str) -> None:
        self.scripts.append((filename, attributes))


def test_book_scripts_are_named_in_placeholders_with_one_loader() -> None:
    app, context = _Recorder(), {"pathto": lambda target, resource: f"../{target}"}
    late_script(app, context, "scheming-book.js", plotly="../_static/plotly.min.js?v=1")
    late_script(app, context, "scheming-quiz.js")
    late_script(app, context, "scheming-book.js")  # asked twice, loads once
    (loader, book, quiz) = app.scripts
    assert loader == (None, {"body": LOADER})
    assert book == (None, {"body": "", "type": "text/plain", "class": LATE_CLASS,
                           "data-plotly": "../_static/plotly.min.js?v=1",
                           "data-src": f"../_static/scheming-book.js?v={static_version('scheming-book.js')}"})
    assert quiz[1]["data-src"].startswith("../_static/scheming-quiz.js?v=")
    assert static_version("scheming-book.js") != static_version("scheming-quiz.js")


def test_an_unknown_book_script_is_named() -> None:
    with pytest.raises(FileNotFoundError, match="no static script 'scheming-nothing.js'"):
        late_script(_Recorder(), {"pathto": lambda target, resource: target}, "scheming-nothing.js")
