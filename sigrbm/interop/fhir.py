"""FHIR R4 export: instruments as ``Questionnaire``, assessments as ``QuestionnaireResponse``.

* one group per domain (and for responsivity and protective factors), one ``choice`` item
  per ordinal item with ``answerOption.valueCoding`` (code, Swedish display) carrying the
  option value as the ``ordinalValue`` extension, an ``integer`` item per count item;
* missing options ("vet ej") are answer options without an ordinal value; for a count item
  they go in a companion ``choice`` item (linkId ``<item>--missing``), since an ``integer``
  question cannot hold a coding (a renderer would drop it);
* every attribute that applicability uses becomes a question at the top (``age``,
  ``attribute-<id>``) and each condition an ``enableWhen`` on it; a condition FHIR cannot
  express raises :class:`FhirExportError`, never a silent drop;
* the professional judgement (level, reason, author, date) is a group of its own;
* every text carries its English version in the standard ``translation`` extension;
* version, content hash and the provenance statement travel with the resource; the response
  id is FHIR-safe for every case id sigrbm accepts, the case id itself is its identifier.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

from sigrbm.case.model import Assessment
from sigrbm.errors import SigrbmError
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import AttributeType, Instrument, Item, Level, Role, ScaleKind
from sigrbm.reading.text import Text

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
SYSTEM = "https://sigrbm.example/fhir/CodeSystem"
CONTENT_HASH = "https://sigrbm.example/fhir/StructureDefinition/content-hash"
QUESTIONNAIRE_BASE = "https://sigrbm.example/fhir/Questionnaire/"
CASE_SYSTEM = "urn:sigrbm:case"
AGE_LINK = "age"
MISSING_SUFFIX = "--missing"
JUDGEMENT = "judgement"
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


class FhirExportError(SigrbmError):
    """Something in the instrument that FHIR R4 cannot express (named, never dropped)."""


def attribute_link(attribute: str) -> str:
    """The linkId of the question for a subject attribute."""
    return AGE_LINK if attribute == AGE_LINK else f"attribute-{attribute}"


def fhir_id(*parts: str) -> str:
    """A FHIR ``id`` (``[A-Za-z0-9-.]{1,64}``) for the parts: as is when valid, else hashed."""
    raw = "-".join(parts)
    if FHIR_ID.fullmatch(raw):
        return raw
    return "sigrbm-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]


def _text(text: Text, primary: str = "sv") -> tuple[str, dict[str, Any] | None]:
    """The primary-language string and a ``_text`` element with the other translations."""
    main = text.get(primary) or next(v for _, v in text.items)
    others = [(lang, v) for lang, v in text.items if lang != primary]
    if not others:
        return main, None
    ext = [
        {
            "url": TRANSLATION,
            "extension": [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": v}],
        }
        for lang, v in others
    ]
    return main, {"extension": ext}


def _with_text(element: dict[str, Any], key: str, text: Text) -> dict[str, Any]:
    main, ext = _text(text)
    element[key] = main
    if ext is not None:
        element[f"_{key}"] = ext
    return element


def _condition(inst: Instrument, item: Item, c: AttributeCondition) -> list[dict[str, Any]]:
    """``enableWhen`` entries for one condition (all must hold)."""
    link = attribute_link(c.attribute)
    attribute = next((a for a in inst.attributes if a.id == c.attribute), None)
    is_category = attribute is not None and attribute.type is AttributeType.CATEGORY
    out: list[dict[str, Any]] = []
    if c.min is not None:
        out.append({"question": link, "operator": ">=", "answerInteger": math.ceil(c.min)})
    if c.max is not None:
        out.append({"question": link, "operator": "<=", "answerInteger": math.floor(c.max)})
    if c.in_ is not None:
        if not is_category:
            raise FhirExportError(f"{item.id}: 'in' on attribute '{c.attribute}' is not a category")
        if len(c.in_) != 1:
            raise FhirExportError(
                f"{item.id}: applicability '{c.attribute} in {list(c.in_)}' needs 'any' beside "
                "other conditions, which FHIR R4 enableWhen cannot express"
            )
        code = {"system": f"{SYSTEM}/{inst.id}/{link}", "code": c.in_[0]}
        out.append({"question": link, "operator": "=", "answerCoding": code})
    return out


def _enable_when(inst: Instrument, item: Item) -> tuple[list[dict[str, Any]], str]:
    """The ``enableWhen`` list and its ``enableBehavior`` for an item's applicability."""
    conditions = item.applies_when
    values = conditions[0].in_ if len(conditions) == 1 else None
    if values is not None and len(values) > 1:
        c = conditions[0]
        link = attribute_link(c.attribute)
        return [
            {
                "question": link,
                "operator": "=",
                "answerCoding": {"system": f"{SYSTEM}/{inst.id}/{link}", "code": v},
            }
            for v in values
        ], "any"
    return [e for c in conditions for e in _condition(inst, item, c)], "all"


def _coding(inst: Instrument, scale_id: str, code: str, label: Text | None) -> dict[str, Any]:
    coding: dict[str, Any] = {"system": f"{SYSTEM}/{inst.id}/{scale_id}", "code": code}
    if label is not None:
        _with_text(coding, "display", label)
    return coding


def _items(inst: Instrument, item: Item) -> list[dict[str, Any]]:
    """The question(s) for one item: one, or a count and its companion for missing answers."""
    scale = inst.scale(item.scale)
    node: dict[str, Any] = {"linkId": item.id}
    _with_text(node, "text", item.text)
    missing = [{"valueCoding": _coding(inst, scale.id, m.code, m.label)} for m in scale.missing]
    companion: dict[str, Any] | None = None
    if scale.kind is ScaleKind.COUNT:
        node["type"] = "integer"
        if missing:
            companion = {"linkId": item.id + MISSING_SUFFIX, "type": "choice"}
            sv, en = item.text.get("sv") or "", item.text.get("en") or ""
            _with_text(
                companion,
                "text",
                Text.of(sv=f"{sv} – om antalet inte är känt", en=f"{en} – if the count is unknown"),
            )
            companion["answerOption"] = missing
    else:
        node["type"] = "choice"
        options = []
        for o in scale.options:
            coding = _coding(inst, scale.id, o.code, o.label)
            coding["extension"] = [{"url": ORDINAL, "valueDecimal": o.value}]
            options.append({"valueCoding": coding})
        node["answerOption"] = options + missing  # missing answers: no ordinal value
    if item.weight != 1:
        node.setdefault("extension", []).append({"url": ITEM_WEIGHT, "valueDecimal": item.weight})
    conditions, behaviour = _enable_when(inst, item)
    out = [node] if companion is None else [node, companion]
    if conditions:
        for n in out:
            n["enableWhen"] = conditions
            n["enableBehavior"] = behaviour
    return out


def judgement_levels(inst: Instrument) -> tuple[Level, ...]:
    """The levels an assessor may choose for the judgement (empty when there is none)."""
    if inst.judgement is None:
        return ()
    bands = inst.score(inst.judgement.score).bands
    if bands is None:
        return ()
    return inst.level_set(inst.band_table(bands).level_set).levels


def _judgement_group(inst: Instrument) -> dict[str, Any] | None:
    if inst.judgement is not None and inst.judgement.further_scores:  # issue 13
        raise FhirExportError(
            f"judgement: further_scores ({', '.join(inst.judgement.further_scores)}) have no "
            "FHIR form yet; only one judged score can be exported"
        )
    levels = judgement_levels(inst)
    if inst.judgement is None or not levels:
        return None
    required = inst.judgement.policy.value == "required"
    level = _with_text(
        {"linkId": f"{JUDGEMENT}.level", "type": "choice", "required": required},
        "text",
        Text.of(sv="Professionell bedömning: nivå", en="Professional judgement: level"),
    )
    level["answerOption"] = [
        {"valueCoding": _coding(inst, JUDGEMENT, lv.id, lv.label)} for lv in levels
    ]
    group = _with_text(
        {"linkId": JUDGEMENT, "type": "group"},
        "text",
        Text.of(sv="Professionell bedömning", en="Professional judgement"),
    )
    group["item"] = [
        level,
        _with_text(
            {"linkId": f"{JUDGEMENT}.reason", "type": "text"},
            "text",
            Text.of(sv="Skäl (krävs vid avvikelse)", en="Reason (needed for an override)"),
        ),
        _with_text(
            {"linkId": f"{JUDGEMENT}.author", "type": "string"},
            "text",
            Text.of(sv="Bedömare (pseudonymt id)", en="Assessor (pseudonymous id)"),
        ),
        _with_text(
            {"linkId": f"{JUDGEMENT}.date", "type": "date"},
            "text",
            Text.of(sv="Datum för bedömningen", en="Date of the judgement"),
        ),
    ]
    return group


def _attribute_questions(inst: Instrument) -> list[dict[str, Any]]:
    used = list(dict.fromkeys(c.attribute for i in inst.items for c in i.applies_when))
    out: list[dict[str, Any]] = []
    for attr_id in used:
        link = attribute_link(attr_id)
        attribute = next((a for a in inst.attributes if a.id == attr_id), None)
        if attr_id == AGE_LINK or attribute is None or attribute.type is AttributeType.INTEGER:
            label = (
                attribute.label
                if attribute is not None and attr_id != AGE_LINK
                else Text.of(sv="Ålder vid bedömningen", en="Age at the assessment")
            )
            out.append(
                _with_text({"linkId": link, "type": "integer", "required": True}, "text", label)
            )
            continue
        node = _with_text(
            {"linkId": link, "type": "choice", "required": True}, "text", attribute.label
        )
        node["answerOption"] = [
            {"valueCoding": {"system": f"{SYSTEM}/{inst.id}/{link}", "code": v}}
            for v in attribute.values
        ]
        out.append(node)
    return out


def questionnaire(inst: Instrument) -> dict[str, Any]:
    """A FHIR R4 ``Questionnaire`` resource (as JSON-ready data) for the instrument."""
    groups = []
    for d in inst.domains:
        members = [
            i
            for i in inst.items
            if i.domain == d.id and i.role in (Role.STATIC_RISK, Role.DYNAMIC_RISK)
        ]
        if members:
            group = _with_text({"linkId": f"domain-{d.id}", "type": "group"}, "text", d.label)
            group["item"] = [n for i in members for n in _items(inst, i)]
            groups.append(group)
    for role, sv, en in (
        (Role.RESPONSIVITY, "Mottaglighet", "Responsivity"),
        (Role.PROTECTIVE, "Skyddsfaktorer", "Protective factors"),
    ):
        members = [i for i in inst.items if i.role is role]
        if members:
            group = _with_text(
                {"linkId": f"role-{role.value}", "type": "group"}, "text", Text.of(sv=sv, en=en)
            )
            group["item"] = [n for i in members for n in _items(inst, i)]
            groups.append(group)
    items = _attribute_questions(inst) + groups
    judgement = _judgement_group(inst)
    if judgement is not None:
        items.append(judgement)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": inst.id,
        "url": QUESTIONNAIRE_BASE + inst.id,
        "identifier": [
            {"system": "urn:ietf:rfc:3986", "value": f"urn:sigrbm:{inst.id}:{inst.content_hash}"}
        ],
        "version": inst.version,
        "name": inst.id.replace("-", "_").upper(),
        "status": "draft",
        "language": inst.languages[0],
        "item": items,
    }
    _with_text(resource, "title", inst.title)
    _with_text(resource, "description", inst.description)
    if inst.provenance.note is not None:
        _with_text(resource, "copyright", inst.provenance.note)
    return resource


def _answer(inst: Instrument, item: Item, value: str | int) -> tuple[str, dict[str, Any]]:
    """(linkId, answer) for one answer; a missing count goes to the companion question."""
    scale = inst.scale(item.scale)
    if isinstance(value, int) and scale.kind is ScaleKind.COUNT:
        return item.id, {"valueInteger": value}
    labels = {o.code: o.label for o in scale.options}
    labels.update({o.code: o.label for o in scale.missing})
    coding = {"system": f"{SYSTEM}/{inst.id}/{scale.id}", "code": str(value)}
    label = labels.get(str(value))
    if label is not None:
        coding["display"] = label.get("sv") or str(value)
    link = item.id + MISSING_SUFFIX if scale.kind is ScaleKind.COUNT else item.id
    return link, {"valueCoding": coding}


def _attribute_answer(inst: Instrument, link: str, value: str | int) -> dict[str, Any]:
    if isinstance(value, int):
        return {"valueInteger": value}
    return {"valueCoding": {"system": f"{SYSTEM}/{inst.id}/{link}", "code": value}}


def _judgement_answers(inst: Instrument, assessment: Assessment) -> list[dict[str, Any]]:
    j = assessment.judgement
    if j is None:
        return []
    levels = {lv.id: lv for lv in judgement_levels(inst)}
    coding: dict[str, Any] = {"system": f"{SYSTEM}/{inst.id}/{JUDGEMENT}", "code": j.level}
    if j.level in levels:
        coding["display"] = levels[j.level].label.get("sv") or j.level
    out = [{"linkId": f"{JUDGEMENT}.level", "answer": [{"valueCoding": coding}]}]
    if j.reason is not None:
        out.append({"linkId": f"{JUDGEMENT}.reason", "answer": [{"valueString": j.reason}]})
    if j.author is not None:
        out.append({"linkId": f"{JUDGEMENT}.author", "answer": [{"valueString": j.author}]})
    if j.date is not None:
        out.append({"linkId": f"{JUDGEMENT}.date", "answer": [{"valueDate": j.date.isoformat()}]})
    return out


def questionnaire_response(inst: Instrument, assessment: Assessment) -> dict[str, Any]:
    """A FHIR R4 ``QuestionnaireResponse`` for one assessment (pseudonymous subject)."""
    given: dict[str, dict[str, Any]] = {}
    for item in inst.items:
        if item.id in assessment.answers:
            link, answer = _answer(inst, item, assessment.answers[item.id])
            given[link] = answer
    values = assessment.attribute_values()
    q = questionnaire(inst)
    out_items: list[dict[str, Any]] = []
    for node in q["item"]:
        link = node["linkId"]
        if node["type"] != "group":
            attr = AGE_LINK if link == AGE_LINK else link.removeprefix("attribute-")
            if attr in values:
                answer = _attribute_answer(inst, link, values[attr])
                out_items.append({"linkId": link, "answer": [answer]})
            continue
        if link == JUDGEMENT:
            children = _judgement_answers(inst, assessment)
        else:
            children = [
                {"linkId": c["linkId"], "answer": [given[c["linkId"]]]}
                for c in node["item"]
                if c["linkId"] in given
            ]
        if children:
            out_items.append({"linkId": link, "item": children})
    date = assessment.date.isoformat()
    return {
        "resourceType": "QuestionnaireResponse",
        "id": fhir_id(assessment.case_id, inst.id, date),
        "extension": [{"url": CONTENT_HASH, "valueString": inst.content_hash}],
        "identifier": {"system": CASE_SYSTEM, "value": assessment.case_id},
        "questionnaire": f"{q['url']}|{inst.version}",
        "status": "completed",
        "subject": {"identifier": {"system": CASE_SYSTEM, "value": assessment.case_id}},
        "authored": date,
        "author": {"identifier": {"system": "urn:sigrbm:assessor", "value": assessment.assessor}},
        "item": out_items,
    }
