"""Argument maps: an argument's premises, the steps that combine them, its conclusion, and the objections that
attack each link; and which claims still stand once a reader rejects premises or accepts objections.

The report's arguments for and against scheming (§2.3.1, §3.1, §3.2, §4.2–§4.5) are chains, and its doubts
attach to particular links. A map is a tree: the conclusion is a step; a step needs its children (``all`` of
them, or ``any`` one); the leaves are premises. Each objection attacks one premise or step, and either
*defeats* it (if accepted, the claim falls) or *weakens* it (the claim loses support).

Evaluation is a three-level scale, falls < loses support < stands:

- a premise the reader rejects falls; otherwise it stands;
- a step combines its children: ``all`` takes the weakest child, ``any`` the strongest;
- an accepted objection caps the claim it attacks: at "falls" if it defeats, at "loses support" if it weakens.

The same rules run in the page (``book/static/scheming-argmap.js``); a browser test checks the two agree. This
module is pure: plain data in, plain data out. The book's loader (:mod:`scheming_companion.book.argmap`)
adds the checks that need the book (sections that resolve to headings, citation keys).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The three outcomes, weakest first; a claim's level is its index here.
STATUSES = ("falls", "loses support", "stands")
COMBINE = ("all", "any")
EFFECTS = ("defeats", "weakens")
#: Where an objection comes from when it is the report's own.
REPORT = "report"
ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
SECTION_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)*$")
DATE = re.compile(r"^(19|20)[0-9]{2}(-(0[1-9]|1[0-2]))?$")
MAP_KEYS = {"title", "section", "lead", "conclusion", "steps", "premises", "objections"}
PREMISE_KEYS = {"id", "text", "section"}
STEP_KEYS = {"id", "text", "section", "needs", "combine"}
OBJECTION_KEYS = {"id", "text", "attacks", "effect", "source", "section", "date", "discussed"}


@dataclass(frozen=True)
class Premise:
    """A basic claim of the argument, in the book's words, and the report section that discusses it."""

    id: str
    text: str
    section: str


@dataclass(frozen=True)
class Step:
    """A claim drawn from others: it needs ``all`` of ``needs``, or ``any`` one of them."""

    id: str
    text: str
    section: str
    needs: tuple[str, ...]
    combine: str


@dataclass(frozen=True)
class Objection:
    """An objection to one premise or step. ``source`` is ``"report"`` (the report's own doubt, at
    ``section``) or a bibliography key of a later work, dated ``date`` ("2024-03"). ``discussed`` is where the
    book discusses it: a report section number or a label in the book."""

    id: str
    text: str
    attacks: str
    effect: str
    source: str
    section: str | None
    date: str | None
    discussed: str

    @property
    def later(self) -> bool:
        """Whether the objection comes from after the report (not from the report itself)."""
        return self.source != REPORT


@dataclass(frozen=True)
class ArgMap:
    """One argument: title, the report section it maps, a one-line lead, premises, steps (the conclusion among
    them), and objections."""

    name: str
    title: str
    section: str
    lead: str
    conclusion: str
    steps: tuple[Step, ...]
    premises: tuple[Premise, ...]
    objections: tuple[Objection, ...]

    @property
    def claims(self) -> dict[str, Premise | Step]:
        """Every premise and step by id."""
        out: dict[str, Premise | Step] = {s.id: s for s in self.steps}
        out.update((p.id, p) for p in self.premises)
        return out

    def children(self, claim_id: str) -> tuple[str, ...]:
        """The ids a claim needs (none for a premise)."""
        claim = self.claims[claim_id]
        return claim.needs if isinstance(claim, Step) else ()

    def attacking(self, claim_id: str) -> tuple[Objection, ...]:
        """The objections that attack a claim, in the file's order."""
        return tuple(o for o in self.objections if o.attacks == claim_id)

    def sections(self) -> list[tuple[str, str]]:
        """Every (field, section number) the map cites, for checking against the report's outline."""
        out = [("section", self.section)]
        out += [(f"premise {p.id!r}: section", p.section) for p in self.premises]
        out += [(f"step {s.id!r}: section", s.section) for s in self.steps]
        for o in self.objections:
            if o.section is not None:
                out.append((f"objection {o.id!r}: section", o.section))
            if SECTION_NUMBER.match(o.discussed):
                out.append((f"objection {o.id!r}: discussed", o.discussed))
        return out


def _text(item: Mapping[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key!r} must be non-empty text, got {value!r}")
    return " ".join(value.split())


def _section(item: Mapping[str, Any], key: str, where: str, required: bool = True) -> str | None:
    value = item.get(key)
    if value is None and not required:
        return None
    if isinstance(value, str):
        value = value.removeprefix("§")
    if not isinstance(value, str) or not SECTION_NUMBER.match(value):
        raise ValueError(f"{where}: {key!r} must be a report section such as \"4.2\", got {value!r}")
    return value


def _id(item: Mapping[str, Any], where: str, seen: set[str]) -> str:
    value = item.get("id")
    if not isinstance(value, str) or not ID.match(value):
        raise ValueError(f"{where}: 'id' must be lower-case letters, digits and hyphens, got {value!r}")
    if value in seen:
        raise ValueError(f"{where}: id {value!r} is used twice")
    seen.add(value)
    return value


def _entries(data: Mapping[str, Any], key: str, where: str, required: bool) -> list[Mapping[str, Any]]:
    value = data.get(key, None if required else [])
    if not isinstance(value, list) or (required and not value):
        raise ValueError(f"{where}: {key!r} must be a {'non-empty ' if required else ''}list")
    for n, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"{where}: {key} entry {n} must be a mapping, got {type(item).__name__}")
    return value


def _unknown(item: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = set(item) - allowed
    if extra:
        raise ValueError(f"{where}: unknown field(s) {sorted(map(str, extra))}")


def _check_tree(conclusion: str, steps: dict[str, Step], premises: set[str], where: str) -> None:
    """Every ``needs`` names a claim; no cycle; every claim is used exactly once and reaches the conclusion."""
    for step in steps.values():
        for child in step.needs:
            if child not in steps and child not in premises:
                raise ValueError(f"{where}: step {step.id!r}: 'needs' names {child!r}, which is no premise or step "
                                 "(missing premise?)")
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 1:
            cycle = " -> ".join([*path[path.index(node):], node])
            raise ValueError(f"{where}: 'needs' has a cycle: {cycle}")
        if state.get(node) == 2 or node not in steps:
            return
        state[node] = 1
        for child in steps[node].needs:
            visit(child, [*path, node])
        state[node] = 2

    for step_id in steps:
        visit(step_id, [])
    used: dict[str, str] = {}
    for step in steps.values():
        for child in step.needs:
            if child in used:
                raise ValueError(f"{where}: {child!r} is needed by both {used[child]!r} and {step.id!r}; "
                                 "each claim supports one step")
            used[child] = step.id
    if conclusion in used:
        raise ValueError(f"{where}: the conclusion {conclusion!r} cannot support another step ({used[conclusion]!r})")
    for claim in (*steps, *sorted(premises)):
        if claim != conclusion and claim not in used:
            raise ValueError(f"{where}: {claim!r} supports nothing: no step lists it in 'needs'")


def parse_argmap(data: Any, name: str = "map", where: str | None = None) -> ArgMap:
    """Check and convert one map's parsed YAML (or a plain Python dict); every problem is a ``ValueError``
    naming ``where`` (the file) and the field.

    Shape::

        title: text
        section: "4.2"                  # the report section the argument comes from
        lead: text                      # optional one-line introduction
        conclusion: {id, text, section, needs: [ids], combine: all|any}
        steps: [{id, text, section, needs, combine}]     # optional intermediate claims
        premises: [{id, text, section}]
        objections: [{id, text, attacks: id, effect: defeats|weakens,
                      source: report | <bib key>, section (report) | date (later), discussed}]
    """
    where = where or name
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a mapping with title, section, conclusion, premises, objections")
    _unknown(data, MAP_KEYS, where)
    if not isinstance(name, str) or not ID.match(name):
        raise ValueError(f"{where}: the map's name must be lower-case letters, digits and hyphens, got {name!r}")
    title = _text(data, "title", where)
    section = _section(data, "section", where)
    assert section is not None
    lead = _text(data, "lead", where) if "lead" in data else ""
    seen: set[str] = set()

    def step(item: Mapping[str, Any], at: str) -> Step:
        _unknown(item, STEP_KEYS, at)
        sid = _id(item, at, seen)
        at = f"{where}: step {sid!r}"
        needs = item.get("needs")
        if not isinstance(needs, list) or not needs or not all(isinstance(n, str) for n in needs):
            raise ValueError(f"{at}: 'needs' must be a non-empty list of premise or step ids, got {needs!r}")
        if len(set(needs)) != len(needs):
            raise ValueError(f"{at}: 'needs' lists an id twice")
        combine = item.get("combine")
        if combine not in COMBINE:
            raise ValueError(f"{at}: 'combine' must be 'all' (every premise needed) or 'any' (one is enough), "
                             f"got {combine!r}")
        sec = _section(item, "section", at)
        assert sec is not None
        return Step(sid, _text(item, "text", at), sec, tuple(needs), combine)

    conclusion_data = data.get("conclusion")
    if not isinstance(conclusion_data, dict):
        raise ValueError(f"{where}: 'conclusion' must be a mapping with id, text, section, needs, combine")
    conclusion = step(conclusion_data, f"{where}: conclusion")
    steps = [conclusion] + [step(s, f"{where}: steps entry {n}")
                            for n, s in enumerate(_entries(data, "steps", where, False), start=1)]
    premises = []
    for n, item in enumerate(_entries(data, "premises", where, True), start=1):
        at = f"{where}: premises entry {n}"
        _unknown(item, PREMISE_KEYS, at)
        pid = _id(item, at, seen)
        at = f"{where}: premise {pid!r}"
        sec = _section(item, "section", at)
        assert sec is not None
        premises.append(Premise(pid, _text(item, "text", at), sec))
    _check_tree(conclusion.id, {s.id: s for s in steps}, {p.id for p in premises}, where)
    objections = []
    claim_ids = {s.id for s in steps} | {p.id for p in premises}
    for n, item in enumerate(_entries(data, "objections", where, False), start=1):
        at = f"{where}: objections entry {n}"
        _unknown(item, OBJECTION_KEYS, at)
        oid = _id(item, at, seen)
        at = f"{where}: objection {oid!r}"
        attacks = item.get("attacks")
        if attacks not in claim_ids:
            raise ValueError(f"{at}: 'attacks' must name a premise or step of this map, got {attacks!r} "
                             "(objection attached to nothing)")
        effect = item.get("effect")
        if effect not in EFFECTS:
            raise ValueError(f"{at}: 'effect' must be 'defeats' or 'weakens', got {effect!r}")
        source = _text(item, "source", at)
        if source == REPORT:
            sec = _section(item, "section", at)
            if "date" in item:
                raise ValueError(f"{at}: 'date' is for later sources; the report's own objections give 'section'")
            date = None
        else:
            if not re.fullmatch(r"[a-z][a-z0-9]*", source):
                raise ValueError(f"{at}: 'source' must be 'report' or a bibliography key, got {source!r}")
            date = item.get("date")
            if not isinstance(date, str) or not DATE.match(date):
                raise ValueError(f"{at}: a later source needs 'date' as \"2024\" or \"2024-03\", got {date!r}")
            sec = _section(item, "section", at, required=False)
        discussed = item.get("discussed")
        if isinstance(discussed, str):
            discussed = discussed.removeprefix("§")
        if not isinstance(discussed, str) or not (SECTION_NUMBER.match(discussed) or ID.match(discussed)):
            raise ValueError(f"{at}: 'discussed' must be a section number or a label in the book, got {discussed!r}")
        objections.append(Objection(oid, _text(item, "text", at), attacks, effect, source, sec, date, discussed))
    return ArgMap(name, title, section, lead, conclusion.id, tuple(steps), tuple(premises), tuple(objections))


def _check_ids(argmap: ArgMap, ids: Iterable[str], valid: set[str], what: str) -> set[str]:
    if isinstance(ids, str):
        raise ValueError(f"{what} must be a collection of ids, not one string {ids!r}")
    out = set(ids)
    bad = sorted(map(str, out - valid))
    if bad:
        raise ValueError(f"{what}: {bad} not in map {argmap.name!r} (choose from {sorted(valid)})")
    return out


def evaluate(argmap: ArgMap, rejected: Iterable[str] = (), accepted: Iterable[str] = ()) -> dict[str, str]:
    """Each premise's and step's status ("stands", "loses support" or "falls") once the reader rejects the
    premises ``rejected`` and accepts the objections ``accepted`` (see the module's rules)."""
    rejected = _check_ids(argmap, rejected, {p.id for p in argmap.premises}, "rejected")
    accepted = _check_ids(argmap, accepted, {o.id for o in argmap.objections}, "accepted")
    claims = argmap.claims
    level: dict[str, int] = {}

    def value(claim_id: str) -> int:
        if claim_id in level:
            return level[claim_id]
        claim = claims[claim_id]
        if isinstance(claim, Step):
            kids = [value(c) for c in claim.needs]
            v = min(kids) if claim.combine == "all" else max(kids)
        else:
            v = 0 if claim_id in rejected else 2
        for o in argmap.attacking(claim_id):
            if o.id in accepted:
                v = min(v, 0 if o.effect == "defeats" else 1)
        level[claim_id] = v
        return v

    value(argmap.conclusion)
    return {c: STATUSES[value(c)] for c in claims}


# --- Rendering: the same map as HTML (the book and Jupyter) and as plain Markdown (student notebooks). ---------

#: How a reader's marks are described next to each control.
REJECT_LABEL = "I reject this premise"
ACCEPT_LABEL = "I accept this objection"
KIND = {"conclusion": "Conclusion", "step": "Intermediate claim", "premise": "Premise"}


def _ref(target: str, link: Callable[[str], tuple[str, str] | None] | None, e: Callable[[str], str]) -> str:
    """A section number ("4.2") or a label in the book, as text ("§4.2", or the labelled heading's title when
    ``link`` gives one), linked when ``link`` gives an address: ``link(target) -> (href, title)``."""
    found = link(target) if link else None
    href, title = found if found else (None, "")
    label = f"§{target}" if SECTION_NUMBER.match(target) else (title or target)
    return f'<a href="{e(href)}">{e(label)}</a>' if href else e(label)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def date_text(date: str) -> str:
    """ "2024-03" as "March 2024"; "2024" as is."""
    year, _, month = date.partition("-")
    return f"{MONTHS[int(month) - 1]} {year}" if month else year


def source_text(objection: Objection, cite: Callable[[str], str] | None = None) -> str:
    """Where an objection comes from, as plain text: "The report, §4.2", or "Later than the report: Belrose and
    Pope, 2024" (``cite`` turns a bibliography key into its authors)."""
    if not objection.later:
        return f"The report, §{objection.section}"
    who = cite(objection.source) if cite else objection.source
    assert objection.date is not None
    return f"Later than the report: {who}, {date_text(objection.date)}"


def provenance(argmap: ArgMap, cite: Callable[[str], str] | None = None) -> str:
    """One sentence on where the map comes from: the report sections of its premises, and which objections are
    the report's and which are later."""
    sections = ", ".join(f"§{s}" for s in dict.fromkeys(p.section for p in argmap.premises))
    ours = sum(not o.later for o in argmap.objections)
    later = [o for o in argmap.objections if o.later]
    text = f"Premises from the report ({sections}). Objections: {ours} from the report"
    if later:
        names = "; ".join(dict.fromkeys(
            f"{cite(o.source) if cite else o.source}, {date_text(o.date or '')}" for o in later))
        text += f", {len(later)} later than the report ({names})"
    return text + "."


def argmap_html(
    argmap: ArgMap,
    *,
    link: Callable[[str], tuple[str, str] | None] | None = None,
    cite: Callable[[str], str] | None = None,
    rejected: Iterable[str] = (),
    accepted: Iterable[str] = (),
    interactive: bool = True,
) -> str:
    """The map as a nested list: the conclusion, what it needs (all or any), premises, and under each claim the
    objections that attack it with their sources. Every text is escaped.

    ``interactive`` (the book): each premise and objection carries a checkbox, and each claim a status, both
    ``hidden`` until ``scheming-argmap.js`` runs, so without JavaScript the map reads as a plain outline.
    Otherwise (Jupyter) the statuses are computed here from ``rejected`` and ``accepted`` and shown."""
    import html

    e = html.escape
    rejected, accepted = set(rejected), set(accepted)
    statuses = evaluate(argmap, rejected, accepted)
    hide = " hidden" if interactive else ""
    uid = f"argmap-{argmap.name}"

    def status(claim_id: str) -> str:
        value = "" if interactive else statuses[claim_id]
        return f' <span class="sc-argmap-status"{hide} data-status="{e(value)}">{e(value)}</span>'

    def objection_item(o: Objection) -> str:
        checked = " checked" if o.id in accepted else ""
        text_id = f"{uid}-{o.id}-text"
        control = (f'<label class="sc-argmap-control"{hide}><input type="checkbox" class="sc-argmap-accept" '
                   f'data-objection="{e(o.id)}" aria-describedby="{text_id}"{checked}> '
                   f"{ACCEPT_LABEL}</label>") if interactive else ""
        effect = "if accepted, the claim falls" if o.effect == "defeats" else "if accepted, the claim loses support"
        mark = " sc-argmap-accepted" if not interactive and o.id in accepted else ""
        return (f'<li class="sc-argmap-objection{mark}" data-objection="{e(o.id)}" data-attacks="{e(o.attacks)}" '
                f'data-effect="{e(o.effect)}"><span class="sc-argmap-kind">Objection</span> '
                f'<span id="{text_id}">{e(o.text)}</span> <span class="sc-argmap-meta">({e(effect)}. '
                f"{e(source_text(o, cite))}; discussed in {_ref(o.discussed, link, e)}.)</span> {control}</li>")

    def claim_item(claim_id: str) -> str:
        claim = argmap.claims[claim_id]
        text_id = f"{uid}-{claim_id}-text"
        if isinstance(claim, Step):
            kind = "conclusion" if claim_id == argmap.conclusion else "step"
            data = f' data-needs="{e(" ".join(claim.needs))}" data-combine="{e(claim.combine)}"'
            control = ""
        else:
            kind, data = "premise", ""
            checked = " checked" if claim_id in rejected else ""
            control = (f' <label class="sc-argmap-control"{hide}><input type="checkbox" class="sc-argmap-reject" '
                       f'data-claim="{e(claim_id)}" aria-describedby="{text_id}"{checked}> '
                       f'{REJECT_LABEL}</label>') if interactive else ""
        if not interactive:  # the page's script sets it on live maps
            state = statuses[claim_id]
            data += f' data-state="{"weak" if state == "loses support" else state}"'
        parts = [f'<li class="sc-argmap-claim sc-argmap-{kind}" data-claim="{e(claim_id)}"{data}>'
                 f'<span class="sc-argmap-kind">{KIND[kind]}</span> <span id="{text_id}">{e(claim.text)}</span> '
                 f'<span class="sc-argmap-meta">({_ref(claim.section, link, e)})</span>{status(claim_id)}{control}']
        attacks = argmap.attacking(claim_id)
        if attacks:
            parts.append('<ul class="sc-argmap-objections">' + "".join(objection_item(o) for o in attacks) + "</ul>")
        if isinstance(claim, Step):
            how = "all of these" if claim.combine == "all" else "any one of these"
            parts.append(f'<p class="sc-argmap-combine">It needs {how}:</p><ul class="sc-argmap-needs">'
                         + "".join(claim_item(c) for c in claim.needs) + "</ul>")
        parts.append("</li>")
        return "".join(parts)

    help_text = ("Tick a premise you reject or an objection you accept; each claim then says whether it stands, "
                 "loses support or falls.")
    summary = "" if interactive else f"The conclusion {statuses[argmap.conclusion]}."
    kind = "sc-argmap" if interactive else "sc-argmap sc-argmap-static"  # the page's script skips static maps
    return (f'<div class="{kind}" id="{uid}" data-conclusion="{e(argmap.conclusion)}">'
            f'<p class="sc-argmap-title"><strong>Argument map: {e(argmap.title)}</strong> '
            f"({_ref(argmap.section, link, e)})</p>"
            + (f'<p class="sc-argmap-lead">{e(argmap.lead)}</p>' if argmap.lead else "")
            + (f'<p class="sc-argmap-help"{hide}>{help_text}</p>' if interactive else "")
            + f'<ul class="sc-argmap-tree">{claim_item(argmap.conclusion)}</ul>'
            f'<p class="sc-argmap-provenance">{e(provenance(argmap, cite))}</p>'
            f'<p class="sc-argmap-summary" role="status" aria-live="polite"{hide}>{e(summary)}</p></div>')


def argmap_markdown(argmap: ArgMap, cite: Callable[[str], str] | None = None) -> str:
    """The map as plain Markdown (a nested list) for notebooks that JupyterLab renders without extensions."""

    def esc(text: str) -> str:
        return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)

    lines = [f"**Argument map: {esc(argmap.title)}** (§{argmap.section})", ""]
    if argmap.lead:
        lines += [esc(argmap.lead), ""]

    def claim(claim_id: str, depth: int) -> None:
        c = argmap.claims[claim_id]
        pad = "  " * depth
        kind = "Conclusion" if claim_id == argmap.conclusion else ("Intermediate claim" if isinstance(c, Step)
                                                                    else "Premise")
        lines.append(f"{pad}- **{kind}:** {esc(c.text)} (§{c.section})")
        for o in argmap.attacking(claim_id):
            effect = "defeats it" if o.effect == "defeats" else "weakens it"
            lines.append(f"{pad}  - *Objection ({effect}):* {esc(o.text)} ({esc(source_text(o, cite))})")
        if isinstance(c, Step):
            lines.append(f"{pad}  - It needs {'all' if c.combine == 'all' else 'any one'} of:")
            for child in c.needs:
                claim(child, depth + 2)

    claim(argmap.conclusion, 0)
    lines += ["", esc(provenance(argmap, cite))]
    return "\n".join(lines) + "\n"
