"""Sphinx extension: the book's own static files, plotly.js among them, a clean page head, and valid HTML.

plotly.js ships inside the package (``static/plotly.min.js``): the "cartesian" partial bundle of the same
plotly.js version that plotly.py bundles, 1.5 MB instead of 4.8 MB, so pages with figures start drawing
about 0.7 s sooner. Only pages that draw figures load it: their drawing script fetches it when the first
figure comes near the viewport. Every page shares the one file, so a browser fetches it once. No CDN and no
network are involved.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import __version__
from .argmap import setup_argmap
from .icons import write_icon_subsets
from .late import STATIC, late_script, static_version
from .outline import ABOUT_ANCHOR, ABOUT_PAGE, MARKER_KINDS, MARKER_ROLE, MARKER_TITLE
from .quiz import load_quiz, quiz_html

#: Two of the theme's components, overridden so that the accessibility audit passes, and its page layout, so
#: that the search index loads only where it is used (see each file).
TEMPLATES = Path(__file__).parent / "templates"
#: The theme's scripts that must run before the page's inline scripts (which read DOCUMENTATION_OPTIONS):
#: every other script file is deferred, so none blocks the first paint.
SYNC_SCRIPTS = ("documentation_options.js",)
PLOTLY_JS = STATIC / "plotly.min.js"
#: Pages whose HTML contains this key have an in-page model (explore.inpage.INPAGE_MARKER, kept equal by a
#: test; not imported, so that the build does not load plotly.py).
INPAGE_MARKER = "sc-inpage-model"
#: Where the student notebooks live, relative to the book's root (scripts/make_student_notebooks.py).
STUDENTS = "students"
LOGGER = logging.getLogger(__name__)
#: sphinx-exercise gives the body of every exercise and every solution the same id, so a page with two
#: exercises has duplicate ids (invalid HTML). Nothing refers to these ids: sphinx-exercise's CSS styles
#: classes, and it ships no JavaScript.
SHARED_IDS = ("exercise-content", "solution-content")


def _unused(asset: Any) -> bool:
    name = getattr(asset, "filename", None) or str(asset)
    attributes = getattr(asset, "attributes", {})
    body = attributes.get("body", "") or ""
    # Jupyter Book 1 always loads sphinx-thebe, which declares `const THEBE_JS_URL` twice per page (a
    # SyntaxError on every page). Live code in the page is off (launch_buttons.thebe: false) and the
    # Binder launch button does not need it.
    thebe = "thebe" in name or "THEBE_JS_URL" in body
    # myst-nb embeds the executed notebook's widget state; the book hides every widget (they need a
    # kernel), so the state is dead weight with random model ids that make builds differ.
    widget_state = attributes.get("type") == "application/vnd.jupyter.widget-state+json"
    return thebe or widget_state


def _deferred(asset: Any) -> Any:
    """The script file ``asset``, marked ``defer`` (deferred scripts keep their order and run before
    DOMContentLoaded); inline scripts, ``async`` ones and SYNC_SCRIPTS unchanged. A new object: the builder
    shares its assets between pages, and the search page keeps them as they are."""
    name = getattr(asset, "filename", None)
    attributes = getattr(asset, "attributes", None)
    if not name or not isinstance(attributes, dict) or any(s in str(name) for s in SYNC_SCRIPTS) \
            or "async" in attributes or "defer" in attributes:
        return asset
    return type(asset)(name, priority=getattr(asset, "priority", 500), **{**attributes, "defer": "defer"})


def _page_assets(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [a for a in context[key] if not _unused(a)]  # in place: it is the builder's list
    # Nothing the page's head loads blocks its first paint, but on the search page, whose search tools load
    # synchronously from the theme's template and need doctools.js first.
    if pagename != "search" and "script_files" in context:
        context["script_files"][:] = [_deferred(a) for a in context["script_files"]]
    # docutils marks each bibliography entry role="doc-biblioentry" inside a role="list", which ARIA 1.2
    # deprecated and which a list may not contain (axe: aria-required-children, critical); they are list items.
    if 'role="doc-biblioentry"' in context.get("body", ""):
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    # Explorers' packed tables load from files of their own when their figure draws (external_tables).
    if "sc-explorer-data" in context.get("body", ""):
        context["body"] = external_tables(context["body"], Path(app.outdir) / TABLES,
                                          lambda name: context["pathto"](f"{TABLES}/{name}", 1))
    # The book's scripts, each only on the pages that use it, all loaded after the page's first paint
    # (book/late.py). The drawing script fetches plotly.js (1.5 MB) itself when the first figure comes near the
    # viewport (its data-plotly attribute names the file, with a version so that a long browser cache never
    # serves an old copy). Every page shares the one file.
    body = context.get("body", "")
    if "sc-plot" in body:
        late_script(app, context, "scheming-responsive.js")  # narrow layouts (explore/narrow.py)
        plotly = f"{context['pathto']('_static/' + PLOTLY_JS.name, 1)}?v={static_version(PLOTLY_JS.name)}"
        late_script(app, context, "scheming-book.js", plotly=plotly)
        # In-page models (explore/inpage.py), after scheming-book.js, only on pages with such an explorer.
        if INPAGE_MARKER in body:
            late_script(app, context, "scheming-models.js")
    if "sc-quiz" in body:
        late_script(app, context, "scheming-quiz.js")
    # The reader's verdict (figures/verdict.py): its script uses the credence model of scheming-models.js.
    if "sc-verdict" in body:
        late_script(app, context, "scheming-models.js")
        late_script(app, context, "scheming-verdict.js")
        app.add_css_file("scheming-verdict.css")
    # Argument maps (book/argmap.py): checkboxes and verdicts on a plain outline.
    if 'class="sc-argmap"' in body:
        late_script(app, context, "scheming-argmap.js")
        app.add_css_file("scheming-argmap.css")


#: Where the explorers' packed tables go in the built site, one file per table, named by its content.
TABLES = "_static/tables"
PACKED_TABLE = re.compile(
    r'<script type="text/plain" class="sc-explorer-data" data-encoding="(lzw1)">([A-Za-z0-9+/=:]*)</script>')


def external_tables(body: str, folder: Path, url: Callable[[str], str]) -> str:
    """``body`` with each explorer's packed table moved out of the page into a script file in ``folder``.

    An explorer carries its precomputed figures packed in its page (explore/compact.py: 40-110 kB each, three or
    four per chapter). Packed, they barely compress further, so on a phone on a slow link a chapter's HTML took
    a second or more to arrive before anything could paint. Here each goes to its own file (named by a checksum
    of its text, so a long browser cache never serves an old table), which scheming-book.js loads when the
    figure first draws or is touched, and the page keeps an empty placeholder naming it (``data-src``,
    ``data-key``). The file is a script rather than data to fetch, so the book also works opened from disk.
    ``url`` gives the page's relative address of a file in ``folder``.
    """
    def move(m: re.Match[str]) -> str:
        encoding, text = m.group(1), m.group(2)
        text, encoding = base85(text), f"{encoding}b85"
        key = hashlib.sha256(text.encode("ascii")).hexdigest()[:16]
        name = f"{key}.js"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        if not target.is_file():
            target.write_text(f"(window.SchemingTables = window.SchemingTables || {{}})[{json.dumps(key)}] = "
                              f"{json.dumps(text)};\n", encoding="ascii")
        return (f'<script type="text/plain" class="sc-explorer-data" data-encoding="{encoding}" '
                f'data-key="{key}" data-src="{html.escape(url(name))}"></script>')

    return PACKED_TABLE.sub(move, body)


def base85(packed: str) -> str:
    """A packed table (``"lzw1:<codes>:<bytes>:<base64>"``, explore/compact.py, which reads both forms) with its
    bytes in base85 instead: ``"lzw1b85:…"``, 6 % smaller, and as safe inside a JavaScript string. (compact.py is
    not imported: the build does not load plotly.py.)"""
    prefix, codes, size, payload = packed.split(":")
    try:
        raw = base64.b64decode(payload, validate=True)
    except ValueError as err:
        raise ValueError(f"an explorer table has bad base64 ({err}): {packed[:60]}…") from None
    return f"{prefix}b85:{codes}:{size}:{base64.b85encode(raw).decode('ascii')}"


def _launch_student_notebook(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                             doctree: Any) -> None:
    """A chapter's Binder button opens the chapter's student notebook.

    JupyterLab does not render MyST (admonitions, exercises, glossary and citation roles, the quiz directive),
    so a chapter notebook opened there shows raw markup and an invisible quiz. The student notebook is the
    same chapter in plain Markdown (same text, models and quiz; worked solutions stay in the book), written
    for JupyterLab. Runs after the theme has built its launch buttons (priority 501).
    """
    folder, _, stem = pagename.rpartition("/")
    if folder != "chapters" or not (Path(app.srcdir) / STUDENTS / f"{stem}.ipynb").exists():
        return
    rewritten = False
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if group.get("label") == "launch-buttons" else []:
            url = button.get("url", "")
            if button.get("text") == "Binder" and url.endswith(f"/{pagename}.ipynb"):
                button["url"] = url.removesuffix(f"{pagename}.ipynb") + f"{STUDENTS}/{stem}.ipynb"
                button["tooltip"] = "Launch this chapter's notebook on Binder"
                rewritten = True
    if not rewritten:  # the theme's buttons changed shape: fail the (warnings-as-errors) build, loudly
        LOGGER.warning("%s: no Binder launch button to point at %s/%s.ipynb", pagename, STUDENTS, stem)


def unique_exercise_ids(doctree: nodes.Element) -> list[str]:
    """Give each exercise's and solution's body an id of its own; return the new ids.

    sphinx-exercise writes ``<section id="exercise-content">`` (``solution-content``) inside every exercise
    (solution). Each becomes ``exercise-content-<label>``, the label being the id of the exercise or solution
    that holds it (sphinx-exercise makes one up when the source gives none), so the ids are unique per page
    and stable from build to build. A clash with any other id on the page gets a numeric suffix.
    """
    taken = {i for node in doctree.findall(nodes.Element) for i in node["ids"]}
    renamed = []
    for section in list(doctree.findall(nodes.section)):
        for old in [i for i in section["ids"] if i in SHARED_IDS]:
            owner = section.parent
            while owner is not None and not (isinstance(owner, nodes.Element) and owner["ids"]):
                owner = owner.parent
            base = nodes.make_id(f"{old}-{owner['ids'][0]}") if owner is not None else old
            new, n = base, 1
            while new in taken:
                n += 1
                new = f"{base}-{n}"
            taken.add(new)
            section["ids"][section["ids"].index(old)] = new
            if isinstance(doctree, nodes.document):
                if doctree.ids.get(old) is section:
                    del doctree.ids[old]
                doctree.ids[new] = section
            renamed.append(new)
    return renamed


def _unique_exercise_ids(app: Any, doctree: nodes.document, docname: str) -> None:
    unique_exercise_ids(doctree)


def redirect_page(target: str, title: str, language: str, canonical: str) -> str:
    """A valid HTML page that sends the reader to ``target`` (relative): a meta refresh, a canonical link
    and a link to follow where the refresh is off."""
    target, title, canonical = (html.escape(s) for s in (target, title, canonical))
    return f"""<!DOCTYPE html>
<html lang="{html.escape(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{canonical}">
<title>{title}</title>
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""


def _write_redirect_page(app: Any, exception: Exception | None) -> None:
    """The site's root index.html, a redirect to the book's first page, as a valid page.

    sphinx-external-toc writes it at the end of the build (``build-finished``, priority 500) when it is
    missing, as a bare ``<meta http-equiv="Refresh">`` line: no doctype, no title. This runs first (priority
    400) and writes it every build, so that a stub from an older build never survives.
    """
    root = app.config.root_doc
    if exception is not None or "html" not in app.builder.format or root == "index":
        return
    target = app.builder.get_target_uri(root)
    baseurl = app.config.html_baseurl
    canonical = f"{baseurl.rstrip('/')}/{target}" if baseurl else target
    title = app.config.html_title or app.config.project
    page = redirect_page(target, title, app.config.language or "en", canonical)
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


def template_sources(paths: Iterable[Path]) -> list[Path]:
    """The files among ``paths`` that are Jinja macro sources rather than pages."""
    return [p for p in paths if "{% macro" in p.read_text(encoding="utf-8", errors="replace")]


def _drop_template_sources(app: Any, exception: Exception | None) -> None:
    """Remove the themes' Jinja macro files from the built site.

    pydata-sphinx-theme and sphinx-book-theme keep their layout's macros (``webpack-macros.html``,
    ``sbt-webpack-macros.html``) in their static folders, so Sphinx copies them, unrendered, into
    ``_static``. Pages never load them (the theme imports them when rendering), and as HTML they are invalid
    (raw ``{{ pathto(...) }}`` in ``href``, no doctype).
    """
    static = Path(app.outdir) / "_static"
    if exception is not None or "html" not in app.builder.format or not static.is_dir():
        return
    for path in template_sources(static.glob("*.html")):
        path.unlink()


def _cut_icon_fonts(app: Any, exception: Exception | None) -> None:
    """The theme's icon fonts cut down to the icons the site shows (book/icons.py), which the book's stylesheet
    declares in place of the full fonts."""
    if exception is not None or "html" not in app.builder.format:
        return
    sizes = write_icon_subsets(Path(app.outdir))
    LOGGER.info("icon fonts: " + ", ".join(f"{name} {size:,} bytes" for name, size in sorted(sizes.items())))


def _add_static(app: Any) -> None:
    app.config.html_static_path.append(str(STATIC))


def _add_templates(app: Any, config: Any) -> None:
    config.templates_path.insert(0, str(TEMPLATES))


def students_binder_url(repository_url: str, branch: str) -> str:
    """mybinder.org address that opens the student notebooks (``students/``) of the book's repository."""
    prefix = "https://github.com/"
    if not repository_url.startswith(prefix) or repository_url.rstrip("/").count("/") != 4:
        raise ValueError(f"repository.url must be https://github.com/<owner>/<name>, got {repository_url!r}")
    repo = repository_url[len(prefix):].rstrip("/").removesuffix(".git")
    return f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/students"


def _default_mode(app: Any, config: Any) -> None:
    """The theme's colour mode follows the reader's system unless they pick one (``default_mode: auto``).

    pydata-sphinx-theme reads ``default_mode`` from ``html_context``. Left unset, a first visit starts with an
    empty mode and the theme logs "Got invalid theme mode" to the console before falling back to auto. A
    ``default_mode`` given in ``_config.yml`` (``sphinx.config.html_context``) still wins.
    """
    context = dict(config.html_context or {})
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    config.html_context = context


def _add_substitutions(app: Any, config: Any) -> None:
    # _config.yml names the repository once; pages say {{ binder_students }} for the students' Binder link.
    options = config.html_theme_options or {}
    url = students_binder_url(options.get("repository_url", ""), options.get("repository_branch") or "main")
    config.myst_substitutions = {**(config.myst_substitutions or {}),
                                 "binder_students": f"[open the student notebooks on Binder]({url})"}


class QuizDirective(SphinxDirective):
    """``{quiz} quizzes/<chapter>.yml``: the chapter's self-check quiz, kernel-free (see :mod:`..quiz`)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        rel = self.arguments[0]
        path = Path(self.env.doc2path(self.env.docname)).parent / rel
        self.env.note_dependency(str(path))
        try:
            questions = load_quiz(path)
        except (OSError, ValueError) as err:
            raise self.error(f"quiz {rel}: {err}") from err
        quiz_id = Path(rel).stem.lower()
        return [nodes.raw("", quiz_html(quiz_id, questions), format="html")]


class unchecked_marker(nodes.Inline, nodes.TextElement):
    """The book's one sourcing marker: a superscript dagger linking to the About page (see :mod:`..outline`)."""


def unchecked_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                   options: dict | None = None, content: list | None = None) -> tuple[list, list]:
    """``{unchecked}`title``` (or ``detail``, ``section``) after a heading or detail not checked against the
    report's text."""
    kind = text.strip()
    if kind not in MARKER_KINDS:
        msg = inliner.reporter.error(
            f"{{{MARKER_ROLE}}} takes one of {', '.join(MARKER_KINDS)}, got {kind!r}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [unchecked_marker("\u2020", "\u2020", kind=kind)], []


def _tight_markers(app: Any, doctree: nodes.document) -> None:
    """The dagger sits right after the word it marks: drop the space the source puts before the role."""
    for marker in doctree.findall(unchecked_marker):
        parent = marker.parent
        i = parent.index(marker)
        before = parent[i - 1] if i > 0 else None
        if isinstance(before, nodes.Text) and before.endswith((" ", "\n")):
            parent.replace(before, nodes.Text(before.rstrip()))


def _visit_marker_html(self: Any, node: unchecked_marker) -> None:
    # In the page's tables of contents the heading is itself a link: no link inside a link, no marker there.
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.reference):
            raise nodes.SkipNode
        parent = parent.parent
    href = self.builder.get_relative_uri(self.builder.current_docname, ABOUT_PAGE) + "#" + ABOUT_ANCHOR
    label = f"{node['kind'].capitalize()} not checked against the report's text (About this book)"
    self.body.append(f'<sup class="sc-unchecked"><a href="{href}" title="{MARKER_TITLE}" '
                     f'aria-label="{label}">\u2020</a></sup>')
    raise nodes.SkipNode


def _visit_marker_text(self: Any, node: unchecked_marker) -> None:
    self.add_text("\u2020")
    raise nodes.SkipNode


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("quiz", QuizDirective)
    setup_argmap(app)  # the {argmap} directive: book/argmap.py
    app.add_role(MARKER_ROLE, unchecked_role)
    app.connect("doctree-read", _tight_markers)
    app.add_node(unchecked_marker, html=(_visit_marker_html, None), text=(_visit_marker_text, None))
    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _add_substitutions)
    app.connect("config-inited", _default_mode)
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _launch_student_notebook, priority=502)
    app.connect("doctree-resolved", _unique_exercise_ids)
    app.connect("build-finished", _write_redirect_page, priority=400)
    app.connect("build-finished", _drop_template_sources)
    app.connect("build-finished", _cut_icon_fonts)
    app.add_css_file("scheming-book.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


class PlotlyMimeRenderer:
    """myst-nb mime renderer plugin: the book draws figures from their ``text/html``, so the plotly mime
    type that ``show`` adds for JupyterLab renders to nothing instead of raising an unknown-type warning.

    A figure displayed without ``show`` carries no ``text/html`` and still fails the strict build.
    """

    mime_priority_overrides: tuple = ()

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        return [] if data.mime_type == "application/vnd.plotly.v1+json" else None
