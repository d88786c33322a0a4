"""The fillable checklist's view model (issue 21): every item as a form field, no scoring.

:func:`form_view` extends the printable checklist's view (:func:`views.handout_view`) with
what a form needs: a field name per item, the option codes the assessment file takes, the
attributes the instrument reads (the age as the assessment's ``age``; other attributes shown
so that items hidden or shown by them follow the instrument), each item's applicability
conditions as data for the page's script, and the judged scores with their level ids. The
page saves an assessment file in the case-file format (``docs/case-format.md``) stamped with
the instrument's id, version and content hash; scoring stays in Python.
"""

from __future__ import annotations

import json
from typing import Any

from sigrbm.documents.views import View, handout_view, tx
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import AttributeType, Instrument, JudgementPolicy

#: The attribute an assessment file carries itself (``age``); others belong to the subject.
AGE = "age"


def _when(conds: tuple[AttributeCondition, ...]) -> str:
    """The applicability conditions as JSON for the page's script ("" when always asked)."""
    if not conds:
        return ""
    return json.dumps(
        [{"attribute": c.attribute, "min": c.min, "max": c.max, "in": c.in_} for c in conds],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _attributes(inst: Instrument, lang: str) -> list[View]:
    out = []
    for a in inst.attributes:
        out.append(
            {
                "id": a.id,
                "field": f"attr-{a.id}",
                "label": tx(a.label, lang, f"attributes.{a.id}.label"),
                "integer": a.type is AttributeType.INTEGER,
                "values": list(a.values),
                "saved": a.id == AGE,  # written as the assessment's age
            }
        )
    return out


def _judged(inst: Instrument, lang: str) -> list[View]:
    if inst.judgement is None:
        return []
    scores = {s.id: s for s in inst.scores}
    out = []
    targets = (inst.judgement.score, *inst.judgement.further_scores)
    for n, target in enumerate(targets):
        table_id = scores[target].bands if target in scores else inst.domain(target).bands
        if table_id is None:
            continue
        ls = inst.table_levels(table_id)
        label = (
            tx(scores[target].label, lang, f"scores.{target}.label")
            if target in scores
            else tx(inst.domain(target).label, lang, f"domains.{target}.label")
        )
        out.append(
            {
                "target": target,
                "first": n == 0,  # saved under `judgement`, the others under `judgements`
                "field": f"judgement-{target}",
                "reason_field": f"judgement-{target}-reason",
                "label": label,
                "required": inst.judgement.policy is JudgementPolicy.REQUIRED,
                "levels": [
                    {"id": lv.id, "label": tx(lv.label, lang, f"level_sets.{ls.id}.{lv.id}")}
                    for lv in ls.levels
                ],
            }
        )
    return out


def form_view(inst: Instrument, lang: str) -> View:
    """The fillable checklist of ``inst`` in ``lang`` (see the module docstring)."""
    view = handout_view(inst, lang)
    items = {i.id: i for i in inst.items}
    for section in view["sections"]:
        for item in section["items"]:
            source = items[item["id"]]
            item["field"] = f"item-{item['id']}"
            item["note_field"] = f"note-{item['id']}"
            item["when"] = _when(source.applies_when)
            item["choices"] = [
                {"code": o["code"], "label": o["label"], "id": f"item-{item['id']}-{o['code']}"}
                for o in (*item["scale"]["options"], *item["scale"]["missing"])
            ]
    form: dict[str, Any] = {
        "attributes": _attributes(inst, lang),
        "judged": _judged(inst, lang),
        "words": {k: _WORDS[k][lang] for k in _WORDS},
        "file_stem": inst.id,
    }
    view["form"] = form
    form["title"] = f"{view['stamp']['title']} – {_WORDS['fillable'][lang]}"
    return view


#: The form's own words (the page chrome words live in :mod:`sigrbm.documents.words`).
_WORDS: dict[str, dict[str, str]] = {
    "fillable": {"sv": "ifyllbart formulär", "en": "fillable form"},
    "intro": {
        "sv": "Fyll i frågorna och spara. Formuläret räknar inte ut någon nivå: spara filen och "
        "lägg till den i ärendet med kommandot nedan, så poängsätter sigrbm den.",
        "en": "Answer the items and save. The form computes no level: save the file and add "
        "it to the case with the command below; sigrbm scores it.",
    },
    "how_to_add": {
        "sv": "sigrbm case add assessment ÄRENDEFIL --from SPARAD-FIL --author DITT-ID",
        "en": "sigrbm case add assessment CASE-FILE --from SAVED-FILE --author YOUR-ID",
    },
    "about": {"sv": "Bedömningen", "en": "The assessment"},
    "case_id": {
        "sv": "Ärende (pseudonym, används bara i filnamnet)",
        "en": "Case (pseudonym, used only in the file name)",
    },
    "date": {"sv": "Datum för bedömningen", "en": "Date of the assessment"},
    "assessor": {
        "sv": "Bedömare (roll eller pseudonymt id)",
        "en": "Assessor (role or pseudonymous id)",
    },
    "attributes": {"sv": "Uppgifter som frågorna beror på", "en": "What the items depend on"},
    "attribute_subject": {
        "sv": "förs in under subject.attributes i ärendefilen; sparas inte här",
        "en": "recorded under subject.attributes in the case file; not saved here",
    },
    "attribute_age": {
        "sv": "lämna tomt om födelsemånaden finns i ärendet",
        "en": "leave empty when the case records the birth month",
    },
    "unknown": {"sv": "– ej angivet –", "en": "– not given –"},
    "clear_answer": {"sv": "Töm svaret", "en": "Clear the answer"},
    "note": {"sv": "Anteckning (valfri)", "en": "Note (optional)"},
    "not_applicable": {
        "sv": "Frågan är inte aktuell för den här personen och sparas inte.",
        "en": "The item does not apply to this person and is not saved.",
    },
    "judgement_level": {"sv": "Din egen nivå", "en": "Your own level"},
    "judgement_none": {"sv": "– ingen egen nivå –", "en": "– no own level –"},
    "judgement_reason": {
        "sv": "Skäl (krävs om din nivå skiljer sig från den beräknade)",
        "en": "Reason (needed when your level differs from the computed one)",
    },
    "save": {"sv": "Spara bedömningen som fil", "en": "Save the assessment as a file"},
    "saved": {
        "sv": "Sparad. Lägg till filen i ärendet med kommandot ovan.",
        "en": "Saved. Add the file to the case with the command above.",
    },
    "invalid": {
        "sv": "Något fält är inte rätt ifyllt; rätta det markerade fältet och spara igen.",
        "en": "A field is not filled in correctly; correct the marked field and save again.",
    },
}
