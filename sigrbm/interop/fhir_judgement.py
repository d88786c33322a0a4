"""The professional judgement in FHIR: one group per judged score (issue 13: the further
scores too), each with level, reason, author and date; and their answers in a response."""

from __future__ import annotations

from typing import Any

from sigrbm.case.model import Assessment
from sigrbm.instrument.model import Instrument, Level
from sigrbm.interop.fhir_common import (
    JUDGED_SCORE,
    JUDGEMENT,
    SYSTEM,
    coding,
    display,
    with_text,
    words,
)


def judgement_levels(inst: Instrument, score: str | None = None) -> tuple[Level, ...]:
    """The levels an assessor may choose for the judgement of ``score`` (default: the first
    judged score); empty when there is none."""
    if inst.judgement is None:
        return ()
    bands = inst.score(score or inst.judgement.score).bands
    if bands is None:
        return ()
    return inst.table_levels(bands).levels


def judgement_link(inst: Instrument, score: str) -> str:
    """The group linkId of one judged score: ``judgement`` for the first, else
    ``judgement-<score>`` (issue 13)."""
    assert inst.judgement is not None
    return JUDGEMENT if score == inst.judgement.score else f"{JUDGEMENT}-{score}"


def _judgement_group(inst: Instrument, score: str) -> dict[str, Any] | None:
    assert inst.judgement is not None
    levels = judgement_levels(inst, score)
    if not levels:
        return None
    link = judgement_link(inst, score)
    required = inst.judgement.policy.value == "required"
    level = with_text(
        {"linkId": f"{link}.level", "type": "choice", "required": required},
        "text",
        words(inst, sv="Professionell bedömning: nivå", en="Professional judgement: level"),
    )
    level["answerOption"] = [{"valueCoding": coding(inst, link, lv.id, lv.label)} for lv in levels]
    title = words(inst, sv="Professionell bedömning", en="Professional judgement")
    if inst.judgement.further_scores:  # several judged scores: name the score
        label = inst.score(score).label
        sv, en = label.get("sv") or score, label.get("en") or label.get("sv") or score
        title = words(inst, sv=f"Professionell bedömning: {sv}", en=f"Professional judgement: {en}")
    group = with_text({"linkId": link, "type": "group"}, "text", title)
    group["extension"] = [{"url": JUDGED_SCORE, "valueCode": score}]
    group["item"] = [
        level,
        with_text(
            {"linkId": f"{link}.reason", "type": "text"},
            "text",
            words(inst, sv="Skäl (krävs vid avvikelse)", en="Reason (needed for an override)"),
        ),
        with_text(
            {"linkId": f"{link}.author", "type": "string"},
            "text",
            words(inst, sv="Bedömare (pseudonymt id)", en="Assessor (pseudonymous id)"),
        ),
        with_text(
            {"linkId": f"{link}.date", "type": "date"},
            "text",
            words(inst, sv="Datum för bedömningen", en="Date of the judgement"),
        ),
    ]
    return group


def judgement_groups(inst: Instrument) -> list[dict[str, Any]]:
    """One group per judged score (issue 13: ``further_scores`` too), first score first."""
    if inst.judgement is None:
        return []
    groups = [_judgement_group(inst, s) for s in inst.judgement.scores]
    return [g for g in groups if g is not None]


def judgement_answers(inst: Instrument, assessment: Assessment, score: str) -> list[dict[str, Any]]:
    """The answers of one judged score's group (empty when it is not judged)."""
    assert inst.judgement is not None
    first = score == inst.judgement.score
    j = assessment.judgement if first else assessment.judgements.get(score)
    if j is None:
        return []
    link = judgement_link(inst, score)
    levels = {lv.id: lv for lv in judgement_levels(inst, score)}
    code: dict[str, Any] = {"system": f"{SYSTEM}/{inst.id}/{link}", "code": j.level}
    if j.level in levels:
        code["display"] = display(levels[j.level].label)
    out = [{"linkId": f"{link}.level", "answer": [{"valueCoding": code}]}]
    if j.reason is not None:
        out.append({"linkId": f"{link}.reason", "answer": [{"valueString": j.reason}]})
    if j.author is not None:
        out.append({"linkId": f"{link}.author", "answer": [{"valueString": j.author}]})
    if j.date is not None:
        out.append({"linkId": f"{link}.date", "answer": [{"valueDate": j.date.isoformat()}]})
    return out
