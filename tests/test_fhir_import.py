"""``sigrbm import fhir``: a filled QuestionnaireResponse → an assessment, with located
problems (X9xx) for what does not fit the instrument (issue 15)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import yaml

from sigrbm import load_case, load_instrument
from sigrbm.cli import main
from sigrbm.errors import Code
from sigrbm.interop.fhir import AGE_LINK, questionnaire_response
from sigrbm.interop.fhir_import import import_response

from .conftest import ROOT

CASE = ROOT / "instruments" / "examples" / "case-rbmk.yaml"


def _response() -> dict[str, Any]:
    a = load_case(CASE).latest("check-rbmk")
    return questionnaire_response(load_instrument("check-rbmk"), a)


def _write(tmp_path: Path, qr: dict[str, Any]) -> Path:
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(qr, indent=2), encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_problems_are_located_in_the_json_file(tmp_path: Path) -> None:
    qr = _response()
    qr["questionnaire"] = qr["questionnaire"].replace("|0.1.0", "|0.0.9")
    group = qr["item"][1]  # the first domain group
    group["item"][0]["answer"] = [{"valueCoding": {"code": "kanske"}}]
    group["item"].append({"linkId": "rbmk_okand", "answer": [{"valueInteger": 1}]})
    del qr["authored"]
    path = _write(tmp_path, qr)
    got = import_response(path)
    assert got.case is None
    found = {(p.code, p.path) for p in got.problems}
    assert found == {
        (Code.FHIR_VERSION_MISMATCH, ("questionnaire",)),
        (Code.FHIR_BAD_ANSWER, ("item", 1, "item", 0, "answer", 0, "valueCoding", "code")),
        (Code.FHIR_UNKNOWN_LINK, ("item", 1, "item", len(group["item"]) - 1, "linkId")),
        (Code.FHIR_MISSING_FIELD, ("authored",)),
    }
    assert all(p.file == str(path) and p.line is not None for p in got.problems)


def test_a_count_and_vet_ej_together_are_refused(tmp_path: Path) -> None:
    qr = _response()
    group = next(g for g in qr["item"] if g["linkId"] == "domain-kriminalitet")
    group["item"].append(
        {"linkId": "rbmk_krim_antal--missing", "answer": [{"valueCoding": {"code": "vet_ej"}}]}
    )
    got = import_response(_write(tmp_path, qr))
    assert [p.code for p in got.problems] == [Code.FHIR_BAD_ANSWER]
    assert "both a count and 'vet ej'" in got.problems[0].message


def test_content_hash_of_another_form_is_refused(tmp_path: Path) -> None:
    qr = _response()
    qr["extension"][0]["valueString"] = "sha256:" + "0" * 64
    got = import_response(_write(tmp_path, qr))
    assert [(p.code, p.path) for p in got.problems] == [
        (Code.FHIR_VERSION_MISMATCH, ("extension", 0, "valueString"))
    ]


def test_not_a_response(tmp_path: Path) -> None:
    got = import_response(_write(tmp_path, {"resourceType": "Patient"}))
    assert [p.code for p in got.problems] == [Code.FHIR_NOT_A_RESPONSE]


def test_cli_import_into_an_existing_case_then_score(tmp_path: Path) -> None:
    qr = _response()
    qr["authored"] = "2026-09-01T10:00:00+02:00"  # a renderer writes a dateTime
    for item in qr["item"]:  # born 2010-05: 16 on the new date (C652 checks the age)
        if item["linkId"] == AGE_LINK:
            item["answer"] = [{"valueInteger": 16}]
    path = _write(tmp_path, qr)
    target = tmp_path / "case.yaml"
    code, out, err = run("import", "fhir", str(path), "--case", str(CASE), "--out", str(target))
    assert (code, out, err) == (0, "", "")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [a["date"] for a in data["assessments"]][-1] == "2026-09-01"
    assert len(data["assessments"]) == 3
    code, out, err = run("score", str(target), "--latest", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["results"][0]["stamp"]["instrument_id"] == "check-rbmk"


def test_cli_import_refuses_a_case_of_another_person(tmp_path: Path) -> None:
    qr = _response()
    qr["subject"]["identifier"]["value"] = "annan-0002"
    code, out, err = run("import", "fhir", str(_write(tmp_path, qr)), "--case", str(CASE))
    assert (code, out) == (1, "")
    assert "[X906]" in err


# --- issue 21: what a form tool leaves out is supplied on the command line ---------------

LHC = ROOT / "tests" / "corpus" / "fhir" / "response-rbmk-lhc-forms.json"


def _example_without_rbmk(tmp_path: Path) -> Path:
    """The example case with only its screening: the imported response adds the RBMK."""
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    data["assessments"] = data["assessments"][:1]
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_response_as_lhc_forms_writes_it_is_refused_without_the_options() -> None:
    """LHC-Forms writes no subject and no author: X905 for each, naming the option."""
    got = import_response(LHC)
    found = {p.path: p for p in got.problems}
    assert sorted(found) == [("author",), ("subject",)]
    assert {p.code for p in got.problems} == {Code.FHIR_MISSING_FIELD}
    assert "--author ID" in found["author",].message
    assert "--case CASE" in found["subject",].message


def test_lhc_forms_response_with_case_and_author_scores_like_the_yaml_case(
    tmp_path: Path,
) -> None:
    case = _example_without_rbmk(tmp_path)
    target = tmp_path / "imported.yaml"
    code, out, err = run(
        "import",
        "fhir",
        str(LHC),
        "--case",
        str(case),
        "--author",
        "socialsekreterare-7",
        "--out",
        str(target),
    )
    assert (code, out, err) == (0, "", "")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    added = data["assessments"][-1]
    assert (added["assessor"], added["date"], data["case_id"]) == (
        "socialsekreterare-7",
        "2026-02-03",
        "exempel-0001",
    )
    code, got, err = run("score", str(target), "--latest", "--format", "json")
    assert code == 0, err
    code, want, _ = run("score", str(CASE), "--latest", "--format", "json")
    assert json.loads(got)["results"][0]["overall"] == json.loads(want)["results"][0]["overall"]
    got_scores = [
        (d["id"], d["value"], d["level"]) for d in json.loads(got)["results"][0]["domains"]
    ]
    want_scores = [
        (d["id"], d["value"], d["level"]) for d in json.loads(want)["results"][0]["domains"]
    ]
    assert got_scores == want_scores


def test_a_date_given_only_by_the_option(tmp_path: Path) -> None:
    qr = json.loads(LHC.read_text(encoding="utf-8"))
    del qr["authored"]
    got = import_response(
        _write(tmp_path, qr),
        case=_example_without_rbmk(tmp_path),
        author="a",
        date=dt.date(2026, 2, 3),
    )
    assert got.problems == ()
    assert got.case is not None
    assert got.case["assessments"][-1]["date"] == "2026-02-03"


def test_the_response_and_the_options_must_agree(tmp_path: Path) -> None:
    """X909 where the response says otherwise than --author / --date; X906 for the case."""
    qr = _response()
    qr["subject"]["identifier"]["value"] = "annan-0002"
    path = _write(tmp_path, qr)
    code, out, err = run(
        "import",
        "fhir",
        str(path),
        "--case",
        str(CASE),
        "--author",
        "sekr-9",
        "--date",
        "2026-02-04",
    )
    assert (code, out) == (1, "")
    got = import_response(path, case=CASE, author="sekr-9", date=dt.date(2026, 2, 4))
    assert [(p.code, p.path) for p in got.problems] == sorted(
        [
            (Code.FHIR_CASE_MISMATCH, ("subject", "identifier", "value")),
            (Code.FHIR_OPTION_DISAGREES, ("authored",)),
            (Code.FHIR_OPTION_DISAGREES, ("author", "identifier", "value")),
        ],
        key=lambda cp: next(p.line for p in got.problems if p.path == cp[1]),
    )
    assert all(p.line is not None for p in got.problems)
    for code_ in ("[X906]", "[X909]"):
        assert code_ in err


def test_an_option_date_that_is_not_yyyy_mm_dd_is_a_usage_error() -> None:
    code, _, err = run("import", "fhir", str(LHC), "--author", "a", "--date", "20260203")
    assert code == 2
    assert "--date" in err
