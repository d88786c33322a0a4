"""FHIR R4 export: instruments as ``Questionnaire``, assessments as ``QuestionnaireResponse``.

* one group per domain (and for responsivity and protective factors), one ``choice`` item
  per ordinal item with ``answerOption.valueCoding`` (code, Swedish display) carrying the
  option value as the ``ordinalValue`` extension, an ``integer`` item per count item;
* missing options ("vet ej") are answer options without an ordinal value;
* applicability becomes ``enableWhen`` on a hidden-free ``age`` question at the top;
* every text carries its English version in the standard ``translation`` extension;
* version, content hash and the provenance statement travel with the resource.
"""

from __future__ import annotations

from typing import Any

from sigrbm.case.model import Assessment
from sigrbm.instrument.model import Instrument, Item, Role, ScaleKind
from sigrbm.reading.text import Text

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
SYSTEM = "https://sigrbm.example/fhir/CodeSystem"
AGE_LINK = "age"


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


def _enable_when(item: Item) -> list[dict[str, Any]]:
    out = []
    for c in item.applies_when:
        if c.attribute != AGE_LINK:
            continue
        if c.min is not None:
            out.append({"question": AGE_LINK, "operator": ">=", "answerInteger": int(c.min)})
        if c.max is not None:
            out.append({"question": AGE_LINK, "operator": "<=", "answerInteger": int(c.max)})
    return out


def _item(inst: Instrument, item: Item) -> dict[str, Any]:
    scale = inst.scale(item.scale)
    node: dict[str, Any] = {"linkId": item.id}
    _with_text(node, "text", item.text)
    if scale.kind is ScaleKind.COUNT:
        node["type"] = "integer"
    else:
        node["type"] = "choice"
        options = []
        for o in scale.options:
            coding = _with_text(
                {"system": f"{SYSTEM}/{inst.id}/{scale.id}", "code": o.code}, "display", o.label
            )
            coding["extension"] = [{"url": ORDINAL, "valueDecimal": o.value}]
            options.append({"valueCoding": coding})
        for m in scale.missing:  # missing answers: no ordinal value
            coding = _with_text(
                {"system": f"{SYSTEM}/{inst.id}/{scale.id}", "code": m.code}, "display", m.label
            )
            options.append({"valueCoding": coding})
        node["answerOption"] = options
    if item.weight != 1:
        node.setdefault("extension", []).append({"url": ITEM_WEIGHT, "valueDecimal": item.weight})
    conditions = _enable_when(item)
    if conditions:
        node["enableWhen"] = conditions
        node["enableBehavior"] = "all"
    return node


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
            group["item"] = [_item(inst, i) for i in members]
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
            group["item"] = [_item(inst, i) for i in members]
            groups.append(group)
    items: list[dict[str, Any]] = []
    if any(_enable_when(i) for i in inst.items):
        items.append(
            _with_text(
                {"linkId": AGE_LINK, "type": "integer", "required": True},
                "text",
                Text.of(sv="Ålder vid bedömningen", en="Age at the assessment"),
            )
        )
    items += groups
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": inst.id,
        "url": f"https://sigrbm.example/fhir/Questionnaire/{inst.id}",
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


def questionnaire_response(inst: Instrument, assessment: Assessment) -> dict[str, Any]:
    """A FHIR R4 ``QuestionnaireResponse`` for one assessment (pseudonymous subject)."""
    answers = assessment.answers
    age = assessment.age_at_date()

    def answered(item: Item) -> dict[str, Any] | None:
        if item.id not in answers:
            return None
        value = answers[item.id]
        scale = inst.scale(item.scale)
        if isinstance(value, int) and scale.kind is ScaleKind.COUNT:
            return {"linkId": item.id, "answer": [{"valueInteger": value}]}
        labels = {o.code: o.label for o in scale.options}
        labels.update({o.code: o.label for o in scale.missing})
        label = labels.get(str(value))
        coding = {"system": f"{SYSTEM}/{inst.id}/{scale.id}", "code": str(value)}
        if label is not None:
            coding["display"] = label.get("sv") or str(value)
        return {"linkId": item.id, "answer": [{"valueCoding": coding}]}

    q = questionnaire(inst)
    out_items: list[dict[str, Any]] = []
    for node in q["item"]:
        if node["linkId"] == AGE_LINK:
            if age is not None:
                out_items.append({"linkId": AGE_LINK, "answer": [{"valueInteger": age}]})
            continue
        children = [
            a for child in node["item"] if (a := answered(inst.item(child["linkId"]))) is not None
        ]
        if children:
            out_items.append({"linkId": node["linkId"], "item": children})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"{assessment.case_id}-{inst.id}-{assessment.date.isoformat()}",
        "questionnaire": f"{q['url']}|{inst.version}",
        "status": "completed",
        "subject": {"identifier": {"system": "urn:sigrbm:case", "value": assessment.case_id}},
        "authored": assessment.date.isoformat(),
        "author": {"display": assessment.assessor},
        "item": out_items,
    }
