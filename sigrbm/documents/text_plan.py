"""Plain-text and Markdown reports of recommendations and plans (for people; JSON for software).

Every id a reader would see is replaced by its label in the chosen language: need areas,
levels, actors, evidence statuses, formats, delivery order and entry statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sigrbm.case.records import ActionPlan, Consent
from sigrbm.casework.alternatives import Combined, combined
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.consent import ConsentReport
from sigrbm.casework.consent_scope import covered_by
from sigrbm.casework.matching import Candidate, Recommendations
from sigrbm.casework.program import Finding, ProgramProfile
from sigrbm.casework.recommendation import (
    ACTION_LABELS,
    FORMAT_LABELS,
    ORDER_LABELS,
    STATUS_LABELS,
)
from sigrbm.documents.text_report import _Doc, _tx
from sigrbm.documents.words import t
from sigrbm.reading.text import Text

if TYPE_CHECKING:
    from sigrbm.casework.plans import PlanOutcome


def _w(key: str, lang: str) -> str:
    return t(key, lang)


def _actor(cat: Catalogue, actor: str, lang: str) -> str:
    return _tx(cat.actor(actor).name, lang) if cat.has_actor(actor) else actor


def _area(cat: Catalogue, domain: str, lang: str) -> str:
    for d in cat.interventions.domains:
        if d.id == domain:
            return _tx(d.label, lang).lower()
    return domain


def _iv_name(cat: Catalogue, iv_id: str, lang: str) -> str:
    try:
        return _tx(cat.intervention(iv_id).name, lang)
    except KeyError:
        return iv_id


def _candidate(c: Candidate, cat: Catalogue, lang: str) -> str:
    covers = ", ".join(_area(cat, d, lang) for d in c.covers) if c.covers else "–"
    marker = f" ({_w('brought_in', lang)})" if c.brought_in else ""
    return (
        f"{_tx(c.name, lang)} — {_w('actor', lang)}: {_actor(cat, c.responsible, lang)}{marker}"
        f"; {_w('covers', lang)}: {covers}; {_w('evidence', lang)}: "
        f"{_tx(STATUS_LABELS[c.status], lang)}; {_w('format', lang)}: "
        f"{_tx(FORMAT_LABELS[c.format], lang)}"
    )


def render_recommendations(
    rec: Recommendations, cat: Catalogue, lang: str = "sv", *, markdown: bool = False
) -> str:
    """A readable list of recommendations with reasons, steps, warnings and avoid-list."""
    doc = _Doc(markdown)
    doc.title(f"{_w('recommendations', lang)} · {rec.case_id}")
    risk = _tx(rec.risk_label, lang) if rec.risk_label is not None else "–"
    doc.line(f"{_w('risk', lang)}: {risk} ({_tx(rec.risk_basis, lang)})")
    doc.line(
        f"{rec.stamp.instrument_id} {rec.stamp.version} · {_w('catalogue', lang)} "
        f"{rec.catalogue} {rec.catalogue_version}"
        + (
            f" · {_tx(rec.program_label, lang)}"
            if rec.program_label is not None
            else (f" · {_w('programme', lang)} {rec.program}" if rec.program else "")
        )
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
        for cav in c.caveats:
            doc.item(f"{_w('caveats', lang)}: {_tx(cav, lang)}", 1)
    if rec.dosage is not None:
        doc.heading(_w("dosage", lang))
        doc.line(_tx(rec.dosage.note, lang))
    if rec.uncovered:
        doc.heading(_w("uncovered", lang))
        for u in rec.uncovered:
            doc.item(f"{_area(cat, u.domain, lang)}: {_tx(u.reason, lang)}")
    if rec.steps:
        doc.heading(_w("steps", lang))
        for s in rec.steps:
            doc.item(f"{_tx(ACTION_LABELS[s.action], lang)}: {_tx(s.note, lang)}")
            if s.reason is not None:  # it names the excluded interventions already
                doc.item(_tx(s.reason, lang), 1)
            for e in s.excluded if s.reason is None else ():
                doc.item(
                    f"{_iv_name(cat, e.intervention, lang)}: {_w('excluded', lang)} – "
                    f"{_tx(e.reason, lang)}",
                    1,
                )
    if rec.not_taken:
        doc.heading(_w("not_taken", lang))
        for e in rec.not_taken:
            doc.item(f"{_iv_name(cat, e.intervention, lang)}: {_tx(e.reason, lang)}")
    _combined(doc, rec.combined, lang)
    doc.heading(_w("per_need", lang))
    for n in rec.needs:
        level = _tx(n.level_label, lang).lower() if n.level_label is not None else "?"
        doc.line(f"{n.rank}. {_area(cat, n.domain, lang)} ({_w('need_level', lang)}: {level})")
        for c in n.candidates[:5]:
            doc.item(f"{_tx(c.name, lang)} ({_tx(STATUS_LABELS[c.status], lang)})", 1)
        for e in n.excluded:
            doc.item(
                f"{_iv_name(cat, e.intervention, lang)}: {_w('excluded', lang)} – "
                f"{_tx(e.reason, lang)}",
                1,
            )
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


def _record_rules(program: ProgramProfile, plan_id: str, lang: str) -> str:
    """How to record the program's plan rules when the plan is fixed (issue 20), or ""."""
    options = [
        option
        for rule, option in (
            (program.young_person_approves, "--approved"),
            (program.copy_to_each_participant, "--copies-to ..."),
            (program.police_informed, "--police-informed YYYY-MM-DD"),
        )
        if rule
    ]
    if not options:
        return ""
    head = {
        "sv": "Registreras när planen fastställs",
        "en": "Recorded when the plan is fixed",
    }[lang]
    return f"{head}: sigrbm case add plan-fixed CASE --plan {plan_id} " + " ".join(options)


def _entry_extras(doc: _Doc, outcome: PlanOutcome | None, iv_id: str, lang: str) -> None:
    if outcome is None:
        return
    for g in outcome.goals:
        if g.intervention == iv_id:
            doc.line(f"{_w('goal_suggestions', lang)}:")
            for s in g.suggestions:
                doc.item(_tx(s.text, lang))
    for c in outcome.caveats:
        if c.intervention == iv_id:
            for cav in c.caveats:
                doc.item(f"{_w('caveats', lang)}: {_tx(cav, lang)}")


def _combined(doc: _Doc, combined: tuple[Combined, ...], lang: str) -> None:
    if combined:
        doc.heading(_w("combined", lang))
        for c in combined:
            label = _tx(c.label, lang) if c.label is not None else c.group
            doc.item(f"{label}: {_w('reason', lang).lower()}: {c.reason}")


def _review(doc: _Doc, outcome: PlanOutcome | None, cat: Catalogue, lang: str) -> None:
    """Needs and steps without an entry, changes since the previous plan, turning 18, the
    alternatives combined."""
    if outcome is None:
        return
    _combined(doc, combined(cat.interventions.alternatives, outcome.plan.combine()), lang)
    if outcome.not_planned:
        doc.heading(_w("not_planned", lang))
        for n in outcome.not_planned:
            what = (
                _area(cat, n.id, lang)
                if n.kind == "need"
                else _tx(n.label, lang).rstrip(".")
                if n.label
                else n.id
            )
            doc.item(f"{what}: {_tx(n.reason, lang)}")
    if outcome.changes:
        doc.heading(_w("plan_changes", lang))
        for c in outcome.changes:
            doc.item(
                f"{_iv_name(cat, c.intervention, lang)} ({_w(c.kind, lang)}): {_tx(c.reason, lang)}"
            )
    if outcome.majority is not None:
        doc.heading(f"{_w('majority', lang)} ({outcome.majority.month})")
        for m in outcome.majority.changes:
            doc.item(_tx(m, lang))


def render_plan(
    p: ActionPlan,
    program: ProgramProfile,
    cat: Catalogue,
    consent: ConsentReport | None,
    lang: str = "sv",
    *,
    markdown: bool = False,
    findings: tuple[Finding, ...] = (),
    outcome: PlanOutcome | None = None,
    consents: Sequence[Consent] = (),
) -> str:
    """The plan with goal placeholders, dates, consent position and a signature block.

    With ``outcome`` also the program's rules (and how to record them when the plan is
    fixed), a recorded age exception, goal suggestions and the catalogue's caveats per entry;
    with ``consents`` the consents covering each actor are named by party and date.
    """
    doc = _Doc(markdown)
    doc.title(f"{_tx(program.plan_name, lang)} · {p.id}")
    risk = p.risk_level or "–"
    if outcome is not None and outcome.risk_label is not None:
        risk = _tx(outcome.risk_label, lang).lower()
    doc.line(
        f"{_tx(program.name, lang)} · {p.date.isoformat()} · {p.instrument} {p.version} "
        f"({p.assessment_date.isoformat()}) · {_w('risk', lang).lower()} {risk}"
    )
    if outcome is not None and outcome.exception is not None:
        ex = outcome.exception
        doc.heading(_w("age_exception", lang))
        age = "?" if ex.age is None else str(ex.age)
        doc.line(
            f"{_w('age', lang)} {age} · {_w('programme', lang)} {ex.ages} · "
            f"{_w('reason', lang)}: {ex.reason}"
        )
    if outcome is not None and (outcome.rules or outcome.roles):
        doc.heading(_w("program_rules", lang))
        for r in (*outcome.rules, *outcome.roles):
            doc.item(_tx(r, lang))
        how = _record_rules(program, p.id, lang)
        if how:
            doc.item(how)
    adaptations = {s.factor: s.note for s in cat.interventions.responsivity}
    statuses = {"planned", "ongoing", "done", "stopped"}
    for i, e in enumerate(p.entries, 1):
        doc.heading(f"{i}. {_iv_name(cat, e.intervention, lang)}")
        needs = ", ".join(_area(cat, d, lang) for d in e.needs) or "–"
        order = ORDER_LABELS.get(e.order)
        marker = "" if e.actor in program.actors else f" ({_w('brought_in', lang)})"
        doc.line(
            f"{_w('covers', lang)}: {needs} · {_w('actor', lang)}: {_actor(cat, e.actor, lang)}"
            f"{marker}"
            + (f" · {_w('order', lang)}: {_tx(order, lang)}" if order is not None else "")
        )
        st = e.status.value
        status = _w(f"entry_{st}", lang) if st in statuses else st
        doc.line(
            f"{_w('start', lang)} {e.start.isoformat()} · {_w('review', lang)} "
            f"{e.review.isoformat()} · {_w('status', lang)}: {status}"
        )
        doc.line(f"{_w('goal_short', lang)}: {e.short_term_goal or _w('fill_in', lang)}")
        doc.line(f"{_w('goal_long', lang)}: {e.long_term_goal or _w('fill_in', lang)}")
        _entry_extras(doc, outcome, e.intervention, lang)
        for factor in e.adaptations:
            if factor in adaptations:
                doc.item(_tx(adaptations[factor], lang))
    _review(doc, outcome, cat, lang)
    doc.heading(_w("next", lang))
    doc.line(p.next_follow_up.isoformat())
    if consent is not None:
        doc.heading(_w("consent", lang))
        doc.line(_tx(consent.rule, lang))
        for a in consent.actors:
            name = _actor(cat, a.actor, lang)
            doc.item(
                f"{name}: {_w('covered_by', lang)} {covered_by(a.by, consents)[lang]}"
                if a.covered
                else f"{name}: {_tx(a.missing, lang)}"
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
        name = people[who][0 if lang == "sv" else 1] if who in people else _actor(cat, who, lang)
        doc.line(f"{name}: ______________________________")
    return doc.text()
