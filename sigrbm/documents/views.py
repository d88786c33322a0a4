"""View models: everything a template shows, prepared in one language, no logic left for jinja.

Each builder turns library values (an instrument, a result, a plan) into plain dicts of
strings and lists. A text missing in the requested language raises :class:`RenderError`
naming the element — a handout never shows a blank where a translation should be.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sigrbm.case.records import ActionPlan, Consent
from sigrbm.casework.alternatives import combined
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.consent import ConsentReport
from sigrbm.casework.consent_scope import covered_by
from sigrbm.casework.program import ProgramProfile
from sigrbm.documents.cutoffs import band_ranges, integral_range
from sigrbm.documents.words import MESSAGES
from sigrbm.errors import SigrbmError
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import RISK_ROLES, Basis, Instrument, Role, ScaleKind
from sigrbm.reading.text import Text

View = dict[str, Any]


class RenderError(SigrbmError):
    """A document cannot be rendered: a missing translation, template variable or extra."""


_BASIS = {
    Basis.HANDBOOK_FACT: {"sv": "handboken", "en": "the handbook"},
    Basis.LEGAL_FACT: {"sv": "lag", "en": "law"},
    Basis.EXTERNAL_FACT: {"sv": "forskning (formulering: vår)", "en": "research (wording: ours)"},
    Basis.RECONSTRUCTION: {"sv": "rekonstruktion", "en": "reconstruction"},
    Basis.LOCAL: {"sv": "lokal", "en": "local"},
}


def word(key: str, lang: str) -> str:
    """A UI word in ``lang`` (from the one catalogue in :mod:`sigrbm._i18n`)."""
    return MESSAGES[key][lang]


def tx(text: Text | None, lang: str, what: str) -> str:
    """``text`` in ``lang``; :class:`RenderError` naming ``what`` when it is missing."""
    if text is None:
        return ""
    value = text.get(lang)
    if value is None or not value.strip():
        raise RenderError(f"{what}: the '{lang}' text is missing; add it before rendering")
    return value


def condition_text(
    conds: tuple[AttributeCondition, ...], inst: Instrument, lang: str
) -> str | None:
    """ "Fråga endast om ålder ≥ 16" style text for an applicability condition."""
    if not conds:
        return None
    parts = []
    labels = {a.id: tx(a.label, lang, f"attributes.{a.id}").lower() for a in inst.attributes}
    for c in conds:
        name = labels.get(c.attribute, c.attribute)
        if c.in_ is not None:
            either = f" {word('or', lang)} ".join(c.in_)
            parts.append(f"{name} {word('is', lang)} {either}")
        elif c.min is not None and c.max is not None:
            parts.append(f"{name} {c.min:g}–{c.max:g}")
        elif c.min is not None:
            parts.append(f"{name} ≥ {c.min:g}")
        elif c.max is not None:
            parts.append(f"{name} ≤ {c.max:g}")
    return f"{word('ask_only_if', lang)} " + ", ".join(parts)


def stamp_view(inst: Instrument, lang: str) -> View:
    """The stamp every document prints: instrument id, version, content hash, provenance."""
    return {
        "id": inst.id,
        "version": inst.version,
        "hash": inst.content_hash,
        "hash_short": inst.content_hash[:19],
        "provenance": tx(inst.provenance.note, lang, "provenance.note"),
        "title": tx(inst.title, lang, "title"),
        # issue 24: the parameter values in force, printed in every report's header
        "parameters": ", ".join(f"{k} = {v}" for k, v in inst.parameter_values().items()),
    }


def _scale_view(inst: Instrument, scale_id: str, lang: str) -> View:
    scale = inst.scale(scale_id)
    where = f"scales.{scale.id}"
    bins = [
        {
            "range": f"{b.min}"
            + (
                f"–{b.max}"
                if b.max is not None and b.max != b.min
                else ("+" if b.max is None else "")
            ),
            "points": f"{b.points:g}",
        }
        for b in scale.bins
    ]
    return {
        "id": scale.id,
        "label": tx(scale.label, lang, f"{where}.label"),
        "count": scale.kind is ScaleKind.COUNT,
        "options": [
            {
                "code": o.code,
                "label": tx(o.label, lang, f"{where}.options.{o.code}"),
                "value": f"{o.value:g}",
            }
            for o in scale.options
        ],
        "missing": [
            {"code": o.code, "label": tx(o.label, lang, f"{where}.missing.{o.code}")}
            for o in scale.missing
        ],
        "bins": bins,
    }


def handout_view(inst: Instrument, lang: str) -> View:
    """A blank checklist: sections per domain, responsivity and protective factors."""
    scales = {s.id: _scale_view(inst, s.id, lang) for s in inst.scales}
    number = 0

    def item_view(item_id: str) -> View:
        nonlocal number
        number += 1
        item = inst.item(item_id)
        where = f"items.{item.id}"
        return {
            "number": number,
            "id": item.id,
            "text": tx(item.text, lang, f"{where}.text"),
            "guidance": tx(item.guidance, lang, f"{where}.guidance"),
            "implication": tx(item.implication, lang, f"{where}.implication"),
            "condition": condition_text(item.applies_when, inst, lang),
            "scale": scales[item.scale],
            "computed": item.derive is not None,  # issue 13: printed as computed, no boxes
            "basis": _BASIS[item.provenance.basis][lang],
            "sources": ", ".join(item.provenance.sources),
        }

    sections = []
    for d in inst.domains:
        risk = [
            i.id
            for i in inst.items
            if i.domain == d.id and i.role in (Role.STATIC_RISK, Role.DYNAMIC_RISK)
        ]
        if risk:
            sections.append(
                {
                    "title": tx(d.label, lang, f"domains.{d.id}.label"),
                    "kind": word(d.kind.value, lang),
                    "items": [item_view(i) for i in risk],
                }
            )
    loose = [i.id for i in inst.items if i.domain is None and i.role in RISK_ROLES]  # issue 13
    if loose:
        sections.append(
            {"title": word("other_items", lang), "kind": "", "items": [item_view(i) for i in loose]}
        )
    for role, key in ((Role.RESPONSIVITY, "responsivity"), (Role.PROTECTIVE, "protective")):
        chosen = [i.id for i in inst.items if i.role is role]
        if chosen:
            sections.append(
                {"title": word(key, lang), "kind": "", "items": [item_view(i) for i in chosen]}
            )
    cutoffs = []
    for s in inst.scores:
        if s.bands is None:
            continue
        table = inst.band_table(s.bands)
        levels = {
            lv.id: tx(lv.label, lang, f"level_sets.{ls.id}.{lv.id}")
            for ls in inst.level_sets
            for lv in ls.levels
        }
        ranges = band_ranges(table.bands, integral_range(inst, s), lang)  # issue 15
        bands = [f"{levels[b.level]} {r}" for b, r in zip(table.bands, ranges, strict=True)]
        cutoffs.append({"label": tx(s.label, lang, f"scores.{s.id}.label"), "bands": bands})
    judged: list[View] = []  # issue 13: a judgement box per judged score
    if inst.judgement is not None:
        for target in (inst.judgement.score, *inst.judgement.further_scores):
            choices = _judgement_levels(inst, target, lang)
            if choices:
                judged.append({"name": _target_label(inst, target, lang), "levels": choices})
    return {
        "lang": lang,
        "w": {k: word(k, lang) for k in MESSAGES},
        "stamp": stamp_view(inst, lang),
        "description": tx(inst.description, lang, "description"),
        "scales": list(scales.values()),
        "sections": sections,
        "cutoffs": cutoffs,
        "judgement_levels": judged[0]["levels"] if judged else [],
        "judged": judged,
        "several_judged": len(judged) > 1,
        "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in inst.sources],
    }


def _judgement_levels(inst: Instrument, target: str, lang: str) -> list[str]:
    """The labels of the levels an assessor may choose for a judged score or domain."""
    scores = {s.id: s for s in inst.scores}
    table_id = scores[target].bands if target in scores else inst.domain(target).bands
    if table_id is None:
        return []
    ls = inst.table_levels(table_id)  # issue 13
    return [tx(lv.label, lang, f"level_sets.{ls.id}.{lv.id}") for lv in ls.levels]


def _target_label(inst: Instrument, target: str, lang: str) -> str:
    scores = {s.id: s for s in inst.scores}
    if target in scores:
        return tx(scores[target].label, lang, f"scores.{target}.label")
    return tx(inst.domain(target).label, lang, f"domains.{target}.label")


def plan_view(
    plan: ActionPlan,
    program: ProgramProfile,
    catalogue: Catalogue,
    consent: ConsentReport | None,
    lang: str,
    *,
    consents: Sequence[Consent] = (),
) -> View:
    """The action plan with goal fields, dates, consent position and signature lines
    (``consents``: the records behind the consent position, named by party and date)."""
    notes = {
        r.factor: tx(r.note, lang, f"responsivity.{r.factor}")
        for r in catalogue.interventions.responsivity
    }
    labels = {d.id: tx(d.label, lang, f"domains.{d.id}") for d in catalogue.interventions.domains}
    people = {
        "young_person": {"sv": "Den unga", "en": "The young person"}[lang],
        "guardian": {"sv": "Vårdnadshavare", "en": "Guardian"}[lang],
    }
    actor_names = {a.id: tx(a.name, lang, f"actors.{a.id}") for a in catalogue.actors.actors}
    return {
        "lang": lang,
        "w": {k: word(k, lang) for k in MESSAGES},
        "title": tx(program.plan_name, lang, "plan name"),
        "program": tx(program.name, lang, f"programs.{program.id}.name"),
        "id": plan.id,
        "date": plan.date.isoformat(),
        "instrument": f"{plan.instrument} {plan.version}",
        "assessment_date": plan.assessment_date.isoformat(),
        "risk_level": plan.risk_level or "",
        "coordinator": plan.coordinator or "",
        "next_follow_up": plan.next_follow_up.isoformat(),
        "closed": "",  # issue 20: a stored plan adds the closure, long-term follow-up, facts
        "long_term": "",
        "rule_facts": [],
        "entries": [
            {
                "number": n,
                "name": tx(
                    catalogue.intervention(e.intervention).name,
                    lang,
                    f"interventions.{e.intervention}",
                ),
                "needs": ", ".join(labels.get(d, d) for d in e.needs),
                "actor": actor_names.get(e.actor, e.actor),
                "start": e.start.isoformat(),
                "review": e.review.isoformat(),
                "status": _STATUS[e.status.value][lang],
                "short_goal": e.short_term_goal or "",
                "long_goal": e.long_term_goal or "",
                "adaptations": [notes[f] for f in e.adaptations if f in notes],
                "order": e.order,
            }
            for n, e in enumerate(plan.entries, 1)
        ],
        "consent": None
        if consent is None
        else {
            "rule": tx(consent.rule, lang, "consent rule"),
            "actors": [
                {
                    "name": actor_names.get(a.actor, a.actor),
                    "covered": a.covered,
                    "by": covered_by(a.by, consents)[lang],
                    "missing": tx(a.missing, lang, "consent") if a.missing else "",
                }
                for a in consent.actors
            ],
        },
        "signatures": [people.get(p, actor_names.get(p, p)) for p in plan.participants],
        # issue 25: the plan's recorded reasons to take more than one of a group of alternatives
        "combined": [
            {
                "label": tx(c.label, lang, f"alternatives.{c.group}") if c.label else c.group,
                "reason": c.reason,
            }
            for c in combined(catalogue.interventions.alternatives, plan.combine())
        ],
    }


_STATUS = {
    "planned": {"sv": "planerad", "en": "planned"},
    "ongoing": {"sv": "pågår", "en": "ongoing"},
    "done": {"sv": "genomförd", "en": "done"},
    "stopped": {"sv": "avbruten", "en": "stopped"},
}
