"""Plain-text and Markdown reports of recommendations and plans (for people; JSON for software)."""

from __future__ import annotations

from sigrbm.case.records import ActionPlan
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.consent import ConsentReport
from sigrbm.casework.matching import Candidate, Recommendations
from sigrbm.casework.program import Finding, ProgramProfile
from sigrbm.documents.text_report import _Doc, _tx
from sigrbm.documents.words import t
from sigrbm.reading.text import Text


def _w(key: str, lang: str) -> str:
    return t(key, lang)


def _candidate(c: Candidate, cat: Catalogue, lang: str) -> str:
    covers = ", ".join(c.covers) if c.covers else "–"
    return (
        f"{_tx(c.name, lang)} — {_w('actor', lang)}: {_tx(cat.actor(c.responsible).name, lang)}"
        f"; {_w('covers', lang)}: {covers}"
    )


def render_recommendations(
    rec: Recommendations, cat: Catalogue, lang: str = "sv", *, markdown: bool = False
) -> str:
    """A readable list of recommendations with reasons, steps, warnings and avoid-list."""
    doc = _Doc(markdown)
    doc.title(f"{_w('recommendations', lang)} · {rec.case_id}")
    doc.line(f"{_w('risk', lang)}: {rec.risk_level or '–'} ({_tx(rec.risk_basis, lang)})")
    doc.line(
        f"{rec.stamp.instrument_id} {rec.stamp.version} · {rec.catalogue} {rec.catalogue_version}"
        + (f" · {rec.program}" if rec.program else "")
    )
    if rec.intensity is not None:
        doc.heading(_w("intensity", lang))
        doc.line(_tx(rec.intensity.text, lang))
    doc.heading(_w("selected", lang))
    if not rec.selected:
        doc.line(_w("none", lang))
    for i, c in enumerate(rec.selected, 1):
        doc.line(f"{i}. {_candidate(c, cat, lang)}")
        for r in c.reasons:
            doc.item(_tx(r, lang), 1)
        for warn in c.warnings:
            doc.item("⚠ " + _tx(warn, lang), 1)
    if rec.steps:
        doc.heading(_w("steps", lang))
        for s in rec.steps:
            doc.item(f"{s.factor} ({s.action.value}): {_tx(s.note, lang)}")
    doc.heading(_w("per_need", lang))
    for n in rec.needs:
        doc.line(f"{n.rank}. {n.domain} ({n.level or '?'})")
        for c in n.candidates[:5]:
            doc.item(f"{_tx(c.name, lang)} [{c.status.value}]", 1)
        for e in n.excluded:
            doc.item(f"{e.intervention}: {_w('excluded', lang)} – {_tx(e.reason, lang)}", 1)
    if rec.avoid:
        doc.heading(_w("avoid", lang))
        for a in rec.avoid:
            doc.item(f"{_tx(a.name, lang)}: {_tx(a.reason, lang)}")
    _notes(doc, rec.warnings, rec.findings, lang)
    return doc.text()


def _notes(doc: _Doc, warnings: tuple[Text, ...], findings: tuple[Finding, ...], lang: str) -> None:
    if warnings:
        doc.heading(_w("warnings", lang))
        for warn in warnings:
            doc.item(_tx(warn, lang))
    if findings:
        doc.heading(_w("findings", lang))
        for f in findings:
            doc.item(_tx(f.message, lang))


def render_plan(
    p: ActionPlan,
    program: ProgramProfile,
    cat: Catalogue,
    consent: ConsentReport | None,
    lang: str = "sv",
    *,
    markdown: bool = False,
    findings: tuple[Finding, ...] = (),
) -> str:
    """The plan with goal placeholders, dates, consent position and a signature block."""
    doc = _Doc(markdown)
    doc.title(f"{_tx(program.plan_name, lang)} · {p.id}")
    doc.line(
        f"{_tx(program.name, lang)} · {p.date.isoformat()} · {p.instrument} {p.version} "
        f"({p.assessment_date.isoformat()}) · {_w('risk', lang).lower()} {p.risk_level or '–'}"
    )
    adaptations = {s.factor: s.note for s in cat.interventions.responsivity}
    for i, e in enumerate(p.entries, 1):
        iv = cat.intervention(e.intervention)
        doc.heading(f"{i}. {_tx(iv.name, lang)}")
        doc.line(
            f"{_w('covers', lang)}: {', '.join(e.needs) or '–'} · {_w('actor', lang)}: "
            f"{_tx(cat.actor(e.actor).name, lang)}"
        )
        doc.line(
            f"{_w('start', lang)} {e.start.isoformat()} · {_w('review', lang)} "
            f"{e.review.isoformat()} · {_w('status', lang)} {e.status.value}"
        )
        doc.line(f"{_w('goal_short', lang)}: {e.short_term_goal or _w('fill_in', lang)}")
        doc.line(f"{_w('goal_long', lang)}: {e.long_term_goal or _w('fill_in', lang)}")
        for factor in e.adaptations:
            if factor in adaptations:
                doc.item(_tx(adaptations[factor], lang))
    doc.heading(_w("next", lang))
    doc.line(p.next_follow_up.isoformat())
    if consent is not None:
        doc.heading(_w("consent", lang))
        doc.line(_tx(consent.rule, lang))
        for a in consent.actors:
            doc.item(
                f"{a.actor}: {_w('covered_by', lang)} {', '.join(a.by)}"
                if a.covered
                else f"{a.actor}: {_tx(a.missing, lang)}"
            )
        for n in consent.notes:
            doc.item(_tx(n, lang))
    _notes(doc, (), findings, lang)
    doc.heading(_w("signatures", lang))
    people = {
        "young_person": ("Den unga", "The young person"),
        "guardian": ("Vårdnadshavare", "Guardian"),
    }
    for who in p.participants:
        if who in people:
            name = people[who][0 if lang == "sv" else 1]
        else:
            name = (
                _tx(cat.actor(who).name, lang) if who in {a.id for a in cat.actors.actors} else who
            )
        doc.line(f"{name}: ______________________________")
    return doc.text()
