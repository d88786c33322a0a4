"""JSON Schemas and FHIR export (issue 7)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sigrbm import load_case, load_instrument, score_case_file
from sigrbm.cli import main
from sigrbm.interop.fhir import ORDINAL, TRANSLATION, questionnaire, questionnaire_response
from sigrbm.interop.schema import schema

from .conftest import CORPUS, ROOT

R4B = pytest.importorskip("fhir.resources.R4B.questionnaire")
from fhir.resources.R4B.questionnaire import Questionnaire  # noqa: E402
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse  # noqa: E402

INSTRUMENTS = sorted((ROOT / "instruments").glob("*.yaml")) + sorted(
    (CORPUS / "instruments" / "valid").glob("*.yaml")
)
CASES = [
    ROOT / "instruments" / "examples" / "case-rbmk.yaml",
    *sorted((CORPUS / "cases" / "valid").glob("*.yaml")),
    *sorted((CORPUS / "e2e").glob("*.yaml")),
]
# invalid corpus files whose problem is structural (a schema can see it)
SCHEMA_LEVEL = {"E200", "E201", "E202", "E203", "E204", "E205", "E206", "E207", "E208"}


def as_json(path: Path) -> Any:
    """YAML as a JSON document would carry it (dates and other scalars as text)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def validator(kind: str) -> jsonschema.Draft202012Validator:
    s = schema(kind)
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s)


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.stem)
def test_schema_accepts_valid_instruments(path: Path) -> None:
    assert list(validator("instrument").iter_errors(as_json(path))) == []


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_schema_accepts_valid_cases(path: Path) -> None:
    assert list(validator("case").iter_errors(as_json(path))) == []


def _schema_level(path: Path) -> bool:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    return first[2:6] in SCHEMA_LEVEL


# Not visible to a schema: YAML-level traps that still yield well-typed JSON (`yes` for a
# boolean, an unquoted date where text is expected) and conditional rules (prorate needs
# min_completeness). The validator reports those.
VALIDATOR_ONLY = {"bool-trap-flag", "date-trap", "prorate-without-share"}
INVALID_STRUCTURAL = [
    p
    for p in sorted((CORPUS / "instruments" / "invalid").glob("*.yaml"))
    if _schema_level(p) and p.stem not in VALIDATOR_ONLY
]


def test_most_structural_corpus_files_are_schema_level() -> None:
    assert len(INVALID_STRUCTURAL) >= 12


@pytest.mark.parametrize("path", INVALID_STRUCTURAL, ids=lambda p: p.stem)
def test_schema_rejects_structurally_invalid_instruments(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    # yaml.safe_load turns `yes`/`1.10`/dates into bool/float/str; the schema must still refuse
    assert list(validator("instrument").iter_errors(data)), path.name


def test_schema_accepts_results() -> None:
    scored = score_case_file(ROOT / "instruments" / "examples" / "case-rbmk.yaml")
    v = validator("result")
    for s in scored.items:
        assert list(v.iter_errors(s.result.to_dict())) == []


@pytest.mark.parametrize("instrument_id", ["check-irk", "check-rbmk"])
def test_fhir_questionnaire_validates_and_keeps_what_scoring_needs(instrument_id: str) -> None:
    inst = load_instrument(instrument_id)
    q = questionnaire(inst)
    Questionnaire.model_validate(q)
    found: dict[str, dict[str, float | None]] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for it in items:
            if it.get("type") == "group":
                if it["linkId"] not in ("judgement", "scores"):  # scores: issue 23
                    walk(it["item"])
            elif it["linkId"] != "age" and not it["linkId"].endswith("--missing"):
                opts = {}
                for o in it.get("answerOption", []):
                    c = o["valueCoding"]
                    ords = [
                        e["valueDecimal"] for e in c.get("extension", []) if e["url"] == ORDINAL
                    ]
                    opts[c["code"]] = ords[0] if ords else None
                found[it["linkId"]] = opts

    walk(q["item"])
    assert set(found) == {i.id for i in inst.items}
    for item in inst.items:
        scale = inst.scale(item.scale)
        if scale.kind.value == "count":
            assert found[item.id] == {}  # "vet ej" sits in the companion choice question
            continue
        expected: dict[str, float | None] = {o.code: o.value for o in scale.options}
        expected.update({m.code: None for m in scale.missing})
        assert found[item.id] == expected
    assert q["version"] == inst.version
    assert inst.content_hash in q["identifier"][0]["value"]
    assert q["_title"]["extension"][0]["url"] == TRANSLATION


def test_fhir_applicability_becomes_enable_when() -> None:
    q = questionnaire(load_instrument("check-rbmk"))
    items = {i["linkId"]: i for g in q["item"] if g.get("type") == "group" for i in g["item"]}
    assert items["rbmk_arb_sysselsattning"]["enableWhen"] == [
        {"question": "age", "operator": ">=", "answerInteger": 16}
    ]
    assert q["item"][0]["linkId"] == "age"


def test_fhir_questionnaire_response_validates() -> None:
    case = load_case(ROOT / "instruments" / "examples" / "case-rbmk.yaml")
    a = case.latest("check-rbmk")
    qr = questionnaire_response(load_instrument("check-rbmk"), a)
    QuestionnaireResponse.model_validate(qr)
    answers = {i["linkId"]: i["answer"][0] for g in qr["item"] if "item" in g for i in g["item"]}
    assert answers["rbmk_krim_antal"] == {"valueInteger": 3}
    assert answers["rbmk_krim_debut"]["valueCoding"]["code"] == "delvis"
    assert qr["subject"]["identifier"]["value"] == "exempel-0001"


def test_cli_schema_and_export(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["schema", "instrument"], stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue())["title"] == "sigrbm instrument"
    target = tmp_path / "q.json"
    assert (
        main(
            ["export", "fhir", "check-irk", "--out", str(target)], stdout=io.StringIO(), stderr=err
        )
        == 0
    )
    assert json.loads(target.read_text(encoding="utf-8"))["resourceType"] == "Questionnaire"
    out = io.StringIO()
    assert (
        main(
            ["export", "fhir", str(ROOT / "instruments" / "examples" / "case-rbmk.yaml")],
            stdout=out,
            stderr=err,
        )
        == 0
    )
    assert json.loads(out.getvalue())["resourceType"] == "QuestionnaireResponse"
