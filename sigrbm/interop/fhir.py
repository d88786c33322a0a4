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
* the professional judgement (level, reason, author, date) is a group of its own, one per
  judged score (issue 13, :mod:`.fhir_judgement`);
* computed items are read-only, with an SDC calculatedExpression where FHIRPath can say it
  and a description always (issue 13, :mod:`.fhir_derived`); per-score weights are
  ``score-weight`` extensions; what FHIR has no element for travels in the
  ``instrument-definition`` extension, so :mod:`.fhir_questionnaire` rebuilds the same
  instrument;
* every text carries its English version in the standard ``translation`` extension;
* version, content hash and the provenance statement travel with the resource; the response
  id is FHIR-safe for every case id sigrbm accepts, the case id itself is its identifier.
"""

from __future__ import annotations

import json
import math
from typing import Any

import attrs

from sigrbm.case.model import Assessment
from sigrbm.errors import SigrbmError
from sigrbm.instrument.conditions import AttributeCondition, ValueOf
from sigrbm.instrument.model import AttributeType, Instrument, Item, Role, ScaleKind
from sigrbm.instrument.weight_by import WeightBy
from sigrbm.interop.fhir_common import (
    CASE_SYSTEM,
    CONTENT_HASH,
    DEFINITION,
    DERIVATION,
    FHIR_ID,
    ITEM_WEIGHT,
    JUDGED_SCORE,
    JUDGEMENT,
    MISSING_SUFFIX,
    ORDINAL,
    QUESTIONNAIRE_BASE,
    SCORE_WEIGHT,
    SYSTEM,
    TRANSLATION,
    coding,
    display,
    fhir_id,
    in_languages,
    with_text,
    words,
)
from sigrbm.interop.fhir_derived import (
    AGE_LINK,
    COMPUTED_SUFFIX,
    attribute_link,
    calculated_extension,
    describe,
    fhirpath,
)
from sigrbm.interop.fhir_judgement import (
    judgement_answers,
    judgement_groups,
    judgement_levels,
    judgement_link,
)
from sigrbm.interop.fhir_scores import score_group
from sigrbm.reading.structure import unstructure


class FhirExportError(SigrbmError):
    """Something in the instrument that FHIR R4 cannot express (named, never dropped)."""


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


def _weights(item: Item) -> list[dict[str, Any]]:
    """``itemWeight`` for a weight other than 1, one ``score-weight`` per per-score weight."""
    out: list[dict[str, Any]] = []
    if item.weight != 1:
        out.append({"url": ITEM_WEIGHT, "valueDecimal": item.weight})
    for w in item.weights:  # issue 13
        parts: list[dict[str, Any]] = [
            {"url": "score", "valueCode": w.score},
            {"url": "weight", "valueDecimal": w.weight},
        ]
        if w.weight_by is not None:  # issue 24: the rule as JSON, as a derivation travels
            rule = json.dumps(unstructure(w.weight_by), ensure_ascii=False, sort_keys=True)
            parts.append({"url": "weight-by", "valueString": rule})
        out.append({"url": SCORE_WEIGHT, "extension": parts})
    return out


def _computed(inst: Instrument, item: Item, node: dict[str, Any]) -> dict[str, Any]:
    """Make ``node`` a read-only computed question; return its description (display item)."""
    assert item.derive is not None
    node["type"] = "integer"
    node["readOnly"] = True
    expression = fhirpath(inst, item)
    if expression is not None:
        node.setdefault("extension", []).append(calculated_extension(expression))
    derivation = json.dumps(unstructure(item.derive), ensure_ascii=False, sort_keys=True)
    node.setdefault("extension", []).append({"url": DERIVATION, "valueString": derivation})
    described = in_languages(inst, describe(inst, item))  # issue 23: the form's languages
    return with_text({"linkId": item.id + COMPUTED_SUFFIX, "type": "display"}, "text", described)


def _items(inst: Instrument, item: Item) -> list[dict[str, Any]]:
    """The question(s) for one item: one, or a count and its companion for missing answers
    (a computed item: the read-only question and its description)."""
    scale = inst.scale(item.scale)
    node: dict[str, Any] = {"linkId": item.id}
    with_text(node, "text", item.text)
    missing = [{"valueCoding": coding(inst, scale.id, m.code, m.label)} for m in scale.missing]
    companion: dict[str, Any] | None = None
    if item.derive is not None:  # issue 13: never answered by hand
        companion = _computed(inst, item, node)
    elif scale.kind is ScaleKind.COUNT:
        node["type"] = "integer"
        if missing:
            companion = {"linkId": item.id + MISSING_SUFFIX, "type": "choice"}
            sv, en = item.text.get("sv") or "", item.text.get("en") or display(item.text)
            unknown = words(
                inst, sv=f"{sv} – om antalet inte är känt", en=f"{en} – if the count is unknown"
            )
            with_text(companion, "text", unknown)
            companion["answerOption"] = missing
    else:
        node["type"] = "choice"
        options = []
        for o in scale.options:
            option = coding(inst, scale.id, o.code, o.label)
            option["extension"] = [{"url": ORDINAL, "valueDecimal": o.value}]
            options.append({"valueCoding": option})
        node["answerOption"] = options + missing  # missing answers: no ordinal value
    weights = _weights(item)
    if weights:
        node.setdefault("extension", []).extend(weights)
    conditions, behaviour = _enable_when(inst, item)
    out = [node] if companion is None else [node, companion]
    if conditions:
        for n in out:
            n["enableWhen"] = conditions
            n["enableBehavior"] = behaviour
    return out


def _used_attributes(inst: Instrument) -> list[str]:
    """Attributes the form asks for: those applicability tests first, then every other one
    scoring reads (computed items, band variants, rules; issue 13; weights, issue 24) —
    never parameters."""
    used = [c.attribute for i in inst.items for c in i.applies_when]
    params = {p.id for p in inst.parameters}

    def walk(value: object) -> None:
        if isinstance(value, AttributeCondition):
            used.append(value.attribute)
        elif isinstance(value, ValueOf):
            used.append(value.value_of)
        elif isinstance(value, WeightBy):  # issue 24: a weight chosen by an attribute
            used.append(value.attribute)
        elif isinstance(value, tuple):
            for v in value:
                walk(v)
        elif attrs.has(type(value)):
            cls: Any = type(value)
            for f in attrs.fields(cls):
                walk(getattr(value, f.name))

    walk(inst)
    return [a for a in dict.fromkeys(used) if a not in params]


def _attribute_questions(inst: Instrument) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for attr_id in _used_attributes(inst):
        link = attribute_link(attr_id)
        attribute = next((a for a in inst.attributes if a.id == attr_id), None)
        if attr_id == AGE_LINK or attribute is None or attribute.type is AttributeType.INTEGER:
            label = (
                attribute.label
                if attribute is not None and attr_id != AGE_LINK
                else words(inst, sv="Ålder vid bedömningen", en="Age at the assessment")
            )
            out.append(
                with_text({"linkId": link, "type": "integer", "required": True}, "text", label)
            )
            continue
        node = with_text(
            {"linkId": link, "type": "choice", "required": True}, "text", attribute.label
        )
        node["answerOption"] = [
            {"valueCoding": {"system": f"{SYSTEM}/{inst.id}/{link}", "code": v}}
            for v in attribute.values
        ]
        out.append(node)
    return out


#: Roles whose items form a group of their own even when they name a domain.
OWN = (Role.RESPONSIVITY, Role.PROTECTIVE)
#: Item keys that travel as FHIR elements and extensions, not in the definition.
NATIVE_KEYS = ("text", "weight", "weights", "derive")
#: Judgement keys that travel as the judgement groups (when the groups are exported).
JUDGED_KEYS = ("score", "further_scores", "policy")


def definition(inst: Instrument) -> str:
    """What FHIR has no element for (issue 13, for the round trip): the instrument as canonical
    JSON without what the items and judgement groups carry — item texts, weights, per-score
    weights and derivations, and the judged scores with their policy."""
    data = inst.to_dict()
    data["items"] = [
        {k: v for k, v in item.items() if k not in NATIVE_KEYS} for item in data["items"]
    ]
    if "judgement" in data and judgement_groups(inst):
        rest = {k: v for k, v in data["judgement"].items() if k not in JUDGED_KEYS}
        data["judgement"] = rest
        if not rest:
            del data["judgement"]
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
            group = with_text({"linkId": f"domain-{d.id}", "type": "group"}, "text", d.label)
            group["item"] = [n for i in members for n in _items(inst, i)]
            groups.append(group)
    for role, sv, en in (
        (Role.STATIC_RISK, "Statiska riskfaktorer", "Static risk factors"),  # issue 13:
        (Role.DYNAMIC_RISK, "Dynamiska riskfaktorer", "Dynamic risk factors"),  # no domain
        (Role.RESPONSIVITY, "Mottaglighet", "Responsivity"),
        (Role.PROTECTIVE, "Skyddsfaktorer", "Protective factors"),
    ):
        members = [i for i in inst.items if i.role is role and (i.domain is None or role in OWN)]
        if members:
            group = with_text(
                {"linkId": f"role-{role.value}", "type": "group"}, "text", words(inst, sv=sv, en=en)
            )
            group["item"] = [n for i in members for n in _items(inst, i)]
            groups.append(group)
    items = _attribute_questions(inst) + groups
    items += judgement_groups(inst)
    scores = score_group(inst)  # issue 23: scores and totals as read-only calculated items
    if scores is not None:
        items.append(scores)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": fhir_id(inst.id),  # an instrument id may hold '_', a FHIR id may not
        "url": QUESTIONNAIRE_BASE + inst.id,
        "identifier": [
            {"system": "urn:ietf:rfc:3986", "value": f"urn:sigrbm:{inst.id}:{inst.content_hash}"}
        ],
        "version": inst.version,
        "name": inst.id.replace("-", "_").upper(),
        "status": "draft",
        "language": inst.languages[0],
        "extension": [{"url": DEFINITION, "valueString": definition(inst)}],
        "item": items,
    }
    with_text(resource, "title", inst.title)
    with_text(resource, "description", inst.description)
    if inst.provenance.note is not None:
        with_text(resource, "copyright", inst.provenance.note)
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
        coding["display"] = display(label)
    link = item.id + MISSING_SUFFIX if scale.kind is ScaleKind.COUNT else item.id
    return link, {"valueCoding": coding}


def _attribute_answer(inst: Instrument, link: str, value: str | int) -> dict[str, Any]:
    if isinstance(value, int):
        return {"valueInteger": value}
    return {"valueCoding": {"system": f"{SYSTEM}/{inst.id}/{link}", "code": value}}


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
        judged = [e["valueCode"] for e in node.get("extension", []) if e["url"] == JUDGED_SCORE]
        if judged:
            children = judgement_answers(inst, assessment, judged[0])
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


__all__ = [
    "AGE_LINK",
    "CASE_SYSTEM",
    "COMPUTED_SUFFIX",
    "CONTENT_HASH",
    "DEFINITION",
    "DERIVATION",
    "FHIR_ID",
    "ITEM_WEIGHT",
    "JUDGED_SCORE",
    "JUDGEMENT",
    "MISSING_SUFFIX",
    "ORDINAL",
    "QUESTIONNAIRE_BASE",
    "SCORE_WEIGHT",
    "SYSTEM",
    "TRANSLATION",
    "FhirExportError",
    "attribute_link",
    "definition",
    "fhir_id",
    "judgement_levels",
    "judgement_link",
    "questionnaire",
    "questionnaire_response",
]
