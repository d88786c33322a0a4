"""FHIR export and import of the second-edition features (issue 13): computed items as
read-only questions with an SDC calculatedExpression, per-score weights, several judged
scores, and the round trip instrument → Questionnaire → instrument."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigrbm import load_instrument
from sigrbm.case.model import Assessment, ProfessionalJudgement, Subject
from sigrbm.errors import Code
from sigrbm.instrument.conditions import AttributeCondition, ItemIs, MaxOf, SumOf
from sigrbm.instrument.model import Instrument, ScaleKind
from sigrbm.interop.fhir import (
    DEFINITION,
    DERIVATION,
    JUDGED_SCORE,
    SCORE_WEIGHT,
    TRANSLATION,
    questionnaire,
    questionnaire_response,
)
from sigrbm.interop.fhir_derived import CALCULATED, fhirpath
from sigrbm.interop.fhir_import import import_response
from sigrbm.interop.fhir_questionnaire import import_questionnaire
from sigrbm.scoring.result import ItemStatus

from .conftest import ROOT
from .strategies import instruments

Questionnaire = pytest.importorskip("fhir.resources.R4B.questionnaire").Questionnaire
QuestionnaireResponse = pytest.importorskip(
    "fhir.resources.R4B.questionnaireresponse"
).QuestionnaireResponse

VALID = ROOT / "tests" / "corpus" / "instruments" / "valid"
EDITION2 = load_instrument(VALID / "edition2.yaml")
JUDGED = load_instrument(VALID / "several-judgements.yaml")


def _nodes(q: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for n in items:
            out[n["linkId"]] = n
            walk(n.get("item", []))

    walk(q["item"])
    return out


def _ext(node: dict[str, Any], url: str) -> list[dict[str, Any]]:
    return [e for e in node.get("extension", []) if e["url"] == url]


def _write(tmp_path: Path, data: dict[str, Any], name: str = "q.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# 1. Computed items ----------------------------------------------------------------------


def test_computed_items_are_read_only_with_a_fhirpath_calculated_expression() -> None:
    q = questionnaire(EDITION2)
    Questionnaire.model_validate(q)
    nodes = _nodes(q)
    alder = nodes["alder"]
    assert alder["type"] == "integer"
    assert alder["readOnly"] is True
    assert "answerOption" not in alder
    age = "%resource.repeat(item).where(linkId = 'age').answer.value"
    [calc] = _ext(alder, CALCULATED)
    assert calc["valueExpression"] == {
        "language": "text/fhirpath",
        "expression": f"({age}).select(iif($this < 0, 0, $this))",
    }
    assert [json.loads(e["valueString"]) for e in _ext(alder, DERIVATION)] == [{"value_of": "age"}]
    for item in ("tidigare_sexbrott", "offer_antal"):  # max_of and count_of: expressible too
        assert nodes[item]["readOnly"] is True
        assert len(_ext(nodes[item], CALCULATED)) == 1
    # the age the expression reads is a question of the form
    assert nodes["age"]["type"] == "integer"
    # every computed item has its plain-language description, Swedish and English
    text = nodes["offer_antal--computed"]
    assert text["type"] == "display"
    assert text["text"] == (
        "Beräknas, fylls inte i: antalet av följande som gäller: «Något offer var en främling»"
        " är ja; «Något offer var man eller pojke» är ja."
    )
    [en] = text["_text"]["extension"]
    assert en["url"] == TRANSLATION
    assert en["extension"][1]["valueString"] == (
        "Computed, not filled in: how many of these hold: «A victim was a stranger» is yes;"
        " «A victim was male» is yes."
    )


def test_items_without_a_domain_are_exported_in_a_role_group() -> None:
    q = questionnaire(EDITION2)
    groups = {n["linkId"]: n for n in q["item"] if n["type"] == "group"}
    assert list(groups) == ["role-static_risk", "scores"]  # scores: issue 23
    exported = [n["linkId"] for n in groups["role-static_risk"]["item"]]
    assert [i for i in exported if "--" not in i] == [i.id for i in EDITION2.items]


def test_a_computation_fhirpath_cannot_say_is_described_never_dropped() -> None:
    # points that are not whole numbers (E604 refuses them in a file; built here directly)
    jn = EDITION2.scale("jn")
    half = attrs.evolve(jn, options=(jn.options[0], attrs.evolve(jn.options[1], value=0.5)))
    summed = attrs.evolve(EDITION2.item("offer_antal"), derive=SumOf(sum_of=("vald_nu",)))
    items = {i.id: i for i in EDITION2.items} | {"offer_antal": summed}
    scales = tuple(half if s.id == "jn" else s for s in EDITION2.scales)
    inst = attrs.evolve(EDITION2, items=tuple(items.values()), scales=scales)
    nodes = _nodes(questionnaire(inst))
    assert fhirpath(inst, inst.item("offer_antal")) is None
    assert nodes["offer_antal"]["readOnly"] is True
    assert _ext(nodes["offer_antal"], CALCULATED) == []
    assert len(_ext(nodes["offer_antal"], DERIVATION)) == 1
    said = nodes["offer_antal--computed"]
    assert said["text"] == (
        "Beräknas, fylls inte i: summan av poängen för «Våld utan sexuellt motiv i aktuellt"
        " brott». Formuläret kan inte räkna ut det; sigrbm gör det vid poängsättningen."
    )
    en = said["_text"]["extension"][0]["extension"][1]["valueString"]
    assert en.endswith("The form cannot compute it; sigrbm does when scoring.")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("vet_ej", [1]), (4, [0]), (None, [])],  # unanswered: not known, so no number
)
def test_a_test_of_a_count_items_vet_ej_reads_the_companion_question(
    answer: str | int | None, expected: list[int]
) -> None:
    from sigrbm.scoring.score import _states

    evaluate = pytest.importorskip("fhirpathpy").evaluate
    models = pytest.importorskip("fhirpathpy.models").models
    atal = EDITION2.scale("atal")
    unknown = attrs.evolve(atal, missing=EDITION2.scale("jn").missing)
    test = attrs.evolve(
        EDITION2.item("offer_antal"), derive=ItemIs(item="antal_atal", in_=("vet_ej",))
    )
    items = {i.id: i for i in EDITION2.items} | {"offer_antal": test}
    scales = tuple(unknown if s.id == "atal" else s for s in EDITION2.scales)
    inst = attrs.evolve(EDITION2, items=tuple(items.values()), scales=scales)
    expression = fhirpath(inst, test)
    assert expression is not None
    a = _assessment(inst, {} if answer is None else {"antal_atal": answer}, 30)
    qr = questionnaire_response(inst, a)
    assert evaluate(qr, expression, {"resource": qr}, models["r4"]) == expected
    assert _states(inst, a)["offer_antal"].answer == (expected[0] if expected else None)


@pytest.mark.parametrize(
    ("kind", "age", "atal", "expected"),
    [
        ("max", 14, 3, 2),  # antal_domar (6 → 3 points) does not apply under 15
        ("max", 30, 3, 3),
        ("min", 14, 3, 2),  # ... so the minimum is antal_atal's alone
        ("min", 30, 0, 0),
        ("min", 30, 3, 2),
    ],
)
def test_max_and_min_leave_out_items_that_do_not_apply(
    kind: str, age: int, atal: int, expected: int
) -> None:
    from sigrbm.instrument.conditions import MinOf
    from sigrbm.scoring.score import _states

    evaluate = pytest.importorskip("fhirpathpy").evaluate
    models = pytest.importorskip("fhirpathpy.models").models
    conditional = attrs.evolve(
        EDITION2.item("antal_domar"), applies_when=(AttributeCondition(attribute="age", min=15),)
    )
    sources = ("antal_atal", "antal_domar")
    derive = MaxOf(max_of=sources) if kind == "max" else MinOf(min_of=sources)
    computed = attrs.evolve(EDITION2.item("tidigare_sexbrott"), derive=derive)
    items = {i.id: i for i in EDITION2.items} | {
        "antal_domar": conditional,
        "tidigare_sexbrott": computed,
    }
    inst = attrs.evolve(EDITION2, items=tuple(items.values()))
    expression = fhirpath(inst, computed)
    assert expression is not None
    a = _assessment(inst, {"antal_atal": atal, "antal_domar": 6}, age)
    qr = questionnaire_response(inst, a)
    assert evaluate(qr, expression, {"resource": qr}, models["r4"]) == [expected]
    assert _states(inst, a)["tidigare_sexbrott"].answer == expected


def _assessment(
    inst: Instrument, answers: dict[str, str | int], age: int | None, kon: str | None = None
) -> Assessment:
    return Assessment(
        instrument=inst.id,
        version=inst.version,
        date=dt.date(2026, 3, 1),
        assessor="sk-7",
        age=age,
        answers=answers,
        case_id="c-13",
        subject=Subject(attributes={} if kon is None else {"kon": kon}),
    )


def test_response_import_ignores_what_a_form_computed(tmp_path: Path) -> None:
    a = _assessment(EDITION2, {"vald_nu": "ja", "antal_atal": 2, "antal_domar": 0}, 30)
    qr = questionnaire_response(EDITION2, a)
    group = next(n for n in qr["item"] if n["linkId"] == "role-static_risk")
    # what an SDC renderer writes for the read-only items (even a wrong number)
    group["item"].append({"linkId": "alder", "answer": [{"valueInteger": 99}]})
    group["item"].append({"linkId": "tidigare_sexbrott", "answer": [{"valueInteger": 1}]})
    got = import_response(_write(tmp_path, qr), instrument=VALID / "edition2.yaml")
    assert got.problems == ()
    assert got.case is not None
    [back] = got.case["assessments"]
    assert back["answers"] == {"vald_nu": "ja", "antal_atal": 2, "antal_domar": 0}
    assert back["age"] == 30


# 2. Per-score weights ---------------------------------------------------------------------


def test_per_score_weights_are_one_extension_each() -> None:
    nodes = _nodes(questionnaire(EDITION2))
    assert _ext(nodes["vald_nu"], SCORE_WEIGHT) == [
        {
            "url": SCORE_WEIGHT,
            "extension": [
                {"url": "score", "valueCode": "vald"},
                {"url": "weight", "valueDecimal": 3},
            ],
        }
    ]
    assert _ext(nodes["partner"], SCORE_WEIGHT) == []


# 3. Several judged scores -------------------------------------------------------------------


def test_each_judged_score_has_its_group_and_round_trips_in_a_response(tmp_path: Path) -> None:
    q = questionnaire(JUDGED)
    Questionnaire.model_validate(q)
    groups = [n for n in q["item"] if n["type"] == "group" and _ext(n, JUDGED_SCORE)]
    assert [(g["linkId"], _ext(g, JUDGED_SCORE)[0]["valueCode"]) for g in groups] == [
        ("judgement", "poang"),
        ("judgement-andra", "andra"),
    ]
    assert [c["linkId"] for c in groups[1]["item"]] == [
        "judgement-andra.level",
        "judgement-andra.reason",
        "judgement-andra.author",
        "judgement-andra.date",
    ]
    assert [o["valueCoding"]["code"] for o in groups[1]["item"][0]["answerOption"]] == [
        "lag",
        "hog",
    ]
    day = dt.date(2026, 3, 1)
    a = attrs.evolve(
        _assessment(JUDGED, {"a": "ja", "b": "nej"}, 16),
        judgement=ProfessionalJudgement(level="lag"),
        judgements={
            "andra": ProfessionalJudgement(level="lag", reason="Skäl.", author="sk-7", date=day)
        },
        subject=Subject(attributes={"kon": "pojke"}),
    )
    qr = questionnaire_response(JUDGED, a)
    QuestionnaireResponse.model_validate(qr)
    got = import_response(_write(tmp_path, qr), instrument=VALID / "several-judgements.yaml")
    assert got.problems == ()
    assert got.case is not None
    [back] = got.case["assessments"]
    assert back["judgement"] == {"level": "lag"}
    assert back["judgements"] == {
        "andra": {"level": "lag", "reason": "Skäl.", "author": "sk-7", "date": "2026-03-01"}
    }


def test_a_level_not_on_the_further_score_is_located(tmp_path: Path) -> None:
    a = attrs.evolve(
        _assessment(JUDGED, {"a": "ja"}, 16),
        judgements={"andra": ProfessionalJudgement(level="hog")},
    )
    qr = questionnaire_response(JUDGED, a)
    k = next(k for k, n in enumerate(qr["item"]) if n["linkId"] == "judgement-andra")
    qr["item"][k]["item"][0]["answer"][0]["valueCoding"]["code"] = "medel"
    got = import_response(_write(tmp_path, qr), instrument=VALID / "several-judgements.yaml")
    assert [(p.code, p.path) for p in got.problems] == [
        (Code.FHIR_BAD_ANSWER, ("item", k, "item", 0, "answer", 0))
    ]


# 4. Round trip instrument → Questionnaire → instrument -------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        VALID / "edition2.yaml",
        VALID / "several-judgements.yaml",
        VALID / "features.yaml",
        "check-rbmk",
        "check-irk",
    ],
)
def test_questionnaire_round_trips_to_the_same_instrument(tmp_path: Path, source: Any) -> None:
    inst = load_instrument(source)
    q = questionnaire(inst)
    Questionnaire.model_validate(q)
    got = import_questionnaire(_write(tmp_path, q))
    assert got.problems == ()
    assert got.instrument is not None
    assert got.instrument.content_hash == inst.content_hash
    assert got.instrument == inst


def test_the_definition_leaves_out_what_the_items_carry() -> None:
    [ext] = _ext(questionnaire(EDITION2), DEFINITION)
    data = json.loads(ext["valueString"])
    vald_nu = next(i for i in data["items"] if i["id"] == "vald_nu")
    assert set(vald_nu) == {"id", "role", "scale", "provenance"}
    assert "judgement" not in data
    [ext] = _ext(questionnaire(JUDGED), DEFINITION)
    assert "judgement" not in json.loads(ext["valueString"])  # all defaults but the groups


def test_weights_edited_in_the_form_are_refused_not_imported(tmp_path: Path) -> None:
    q = questionnaire(EDITION2)
    nodes = _nodes(q)
    _ext(nodes["vald_nu"], SCORE_WEIGHT)[0]["extension"][1]["valueDecimal"] = 2
    path = _write(tmp_path, q)
    got = import_questionnaire(path)
    assert got.instrument is None
    [p] = got.problems
    assert (p.code, p.path, p.file) == (
        Code.FHIR_QUESTIONNAIRE_CHANGED,
        ("identifier", 0, "value"),
        str(path),
    )
    assert p.line is not None


def test_a_questionnaire_sigrbm_did_not_write_is_refused(tmp_path: Path) -> None:
    q = questionnaire(EDITION2)
    del q["extension"]
    got = import_questionnaire(_write(tmp_path, q))
    assert [(p.code, p.path) for p in got.problems] == [(Code.FHIR_NOT_SIGRBM, ())]
    q = questionnaire(EDITION2)
    k = next(k for k, n in enumerate(q["item"]) if n["linkId"] == "role-static_risk")
    derivation = _ext(q["item"][k]["item"][0], DERIVATION)[0]
    derivation["valueString"] = "{value_of"
    j = q["item"][k]["item"][0]["extension"].index(derivation)
    got = import_questionnaire(_write(tmp_path, q))
    assert [(p.code, p.path) for p in got.problems] == [
        (Code.FHIR_NOT_SIGRBM, ("item", k, "item", 0, "extension", j, "valueString"))
    ]


@settings(max_examples=25)  # each example builds and validates a whole Questionnaire
@given(instruments())
def test_every_generated_instrument_round_trips(inst: Instrument) -> None:
    """The instrument strategy builds computed items, per-score weights and items without a
    domain; the Questionnaire validates and rebuilds the same instrument."""
    import tempfile

    q = questionnaire(inst)
    Questionnaire.model_validate(q)
    with tempfile.TemporaryDirectory() as tmp:
        got = import_questionnaire(_write(Path(tmp), q))
    assert got.problems == ()
    assert got.instrument is not None
    assert got.instrument.content_hash == inst.content_hash


# The expressions compute what sigrbm computes ----------------------------------------------


@st.composite
def answered(
    draw: st.DrawFn,
) -> tuple[Instrument, dict[str, str | int], int | None, str | None]:
    inst = draw(st.sampled_from([EDITION2]) | instruments())
    answers: dict[str, str | int] = {}
    complete = draw(st.booleans())
    for item in inst.items:
        if item.derive is not None:
            continue
        scale = inst.scale(item.scale)
        given_: list[st.SearchStrategy[str | int | None]] = []
        if scale.kind is ScaleKind.COUNT:
            given_.append(st.integers(0, 9))
        else:
            given_.append(st.sampled_from([o.code for o in scale.options]))
        if not complete:
            given_.append(st.none())
            if scale.missing:
                given_.append(st.sampled_from([o.code for o in scale.missing]))
        value = draw(st.one_of(*given_))
        if value is not None:
            answers[item.id] = value
    age = draw(st.integers(8, 70)) if complete else draw(st.none() | st.integers(8, 70))
    kon = None  # issues 13/16: a generated instrument's conditions may test kon
    if any(x.id == "kon" for x in inst.attributes):
        kon = (
            draw(st.sampled_from(["flicka", "pojke"]))
            if complete
            else draw(st.none() | st.sampled_from(["flicka", "pojke", "annat"]))
        )
    return inst, answers, age, kon


@settings(max_examples=30)  # fhirpathpy parses each expression anew
@given(answered())
def test_calculated_expressions_give_sigrbms_number_or_nothing(case: tuple[Any, ...]) -> None:
    """Evaluated by fhirpathpy (the Python port of the engine LHC-Forms uses) on the exported
    response: a number the form shows is the number sigrbm computes; with every answer
    given, the form shows every number it has an expression for."""
    evaluate = pytest.importorskip("fhirpathpy").evaluate
    models = pytest.importorskip("fhirpathpy.models").models

    from sigrbm.scoring.score import _states  # the computed numbers before any sum

    inst, answers, age, kon = case
    a = _assessment(inst, answers, age, kon)
    qr = questionnaire_response(inst, a)
    states = _states(inst, a)
    complete = (
        age is not None
        and (kon is not None or not any(x.id == "kon" for x in inst.attributes))
        and all(
            i.id in answers
            and not any(m.code == answers[i.id] for m in inst.scale(i.scale).missing)
            for i in inst.items
            if i.derive is None
        )
    )
    for item in inst.items:
        expression = fhirpath(inst, item)
        if expression is None:
            continue
        got = evaluate(qr, expression, {"resource": qr}, models["r4"])
        state = states[item.id]
        if state.status is ItemStatus.NOT_APPLICABLE:
            continue
        if got:
            assert got == [state.answer], (item.id, expression)
        if complete:
            assert got == [state.answer], (item.id, expression)


def test_a_question_the_definition_lists_but_the_form_lost_is_located(tmp_path: Path) -> None:
    q = questionnaire(EDITION2)
    group = next(n for n in q["item"] if n["linkId"] == "role-static_risk")
    group["item"] = [n for n in group["item"] if n["linkId"] != "partner"]
    k = next(k for k, e in enumerate(q["extension"]) if e["url"] == DEFINITION)
    got = import_questionnaire(_write(tmp_path, q))
    assert got.instrument is None
    assert [(p.code, p.path) for p in got.problems] == [
        (Code.FHIR_NOT_SIGRBM, ("extension", k, "valueString"))
    ]
    assert "'partner'" in got.problems[0].message


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize(
    ("age", "kon", "expected"),
    [
        (None, "pojke", [0]),  # kon fails: does not apply, whatever the age (issue 13/16)
        (None, "flicka", [1]),  # age unknown, nothing fails: unknown, the answer counts
        (30, "pojke", [0]),  # age fails: does not apply
        (30, None, [0]),  # age fails, kon unknown: does not apply
        (16, "pojke", [0]),  # kon fails
        (16, "flicka", [1]),
        (16, None, [1]),  # kon unknown: the answer counts
    ],
)
def test_applicability_is_three_valued_in_any_order_as_sigrbm_decides(
    age: int | None, kon: str | None, expected: list[int], reverse: bool
) -> None:
    from sigrbm.instrument.model import Attribute, AttributeType
    from sigrbm.reading.text import Text
    from sigrbm.scoring.score import _states

    evaluate = pytest.importorskip("fhirpathpy").evaluate
    models = pytest.importorskip("fhirpathpy.models").models
    kon_attr = Attribute(
        id="kon",
        label=Text.of(sv="Kön", en="Sex"),
        type=AttributeType.CATEGORY,
        values=("flicka", "pojke"),
    )
    both = (
        AttributeCondition(attribute="age", max=20),
        AttributeCondition(attribute="kon", in_=("flicka",)),
    )
    vald_nu = attrs.evolve(EDITION2.item("vald_nu"), applies_when=both[::-1] if reverse else both)
    count = attrs.evolve(EDITION2.item("offer_antal"), derive=ItemIs(item="vald_nu", in_=("ja",)))
    items = {i.id: i for i in EDITION2.items} | {"vald_nu": vald_nu, "offer_antal": count}
    inst = attrs.evolve(
        EDITION2, items=tuple(items.values()), attributes=(*EDITION2.attributes, kon_attr)
    )
    expression = fhirpath(inst, count)
    assert expression is not None
    a = attrs.evolve(
        _assessment(inst, {"vald_nu": "ja"}, age),
        subject=Subject(attributes={} if kon is None else {"kon": kon}),
    )
    qr = questionnaire_response(inst, a)
    assert evaluate(qr, expression, {"resource": qr}, models["r4"]) == expected
    assert _states(inst, a)["offer_antal"].answer == expected[0]
