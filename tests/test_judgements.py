"""Judgement on several scores (issue 13, item 5): an instrument's ``judgement`` names
``further_scores``; a case judges them under ``judgements``; the result, the text report,
batch input and output carry each; scalar and batch agree."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sigrbm import load_instrument
from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.input import BatchInput
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read import read_input
from sigrbm.batch.write import result_columns, result_rows, write_columns
from sigrbm.case.model import Assessment, ProfessionalJudgement, Subject, check_case_file
from sigrbm.documents.text_report import render_result
from sigrbm.errors import Problem, render_path
from sigrbm.scoring.check import check_and_compute
from sigrbm.scoring.result import Result

from .conftest import CORPUS

INST = load_instrument(CORPUS / "instruments" / "valid" / "several-judgements.yaml")
COMPILED = compile_instrument(INST)

CASE = """format_version: 1
case_id: t-1
subject:
  attributes: {{kon: pojke}}
assessments:
  - instrument: test-judged
    version: "2.0.0"
    date: 2026-01-20
    assessor: hl-1
    age: 15
    answers: {{a: ja, b: nej}}
{judged}"""


def _case(tmp_path: Path, judged: str) -> list[tuple[str, int | None, int | None, str]]:
    """Problems of a one-assessment case as (code, line, column, path)."""
    return _checked(tmp_path, judged)[0]


def _checked(
    tmp_path: Path, judged: str
) -> tuple[list[tuple[str, int | None, int | None, str]], Result | None]:
    """Problems of a one-assessment case as (code, line, column, path), and its result."""
    path = tmp_path / "c.yaml"
    path.write_text(CASE.format(judged=judged), encoding="utf-8")
    case, smap, problems = check_case_file(path)
    assert case is not None
    assert problems == []
    found, result = check_and_compute(INST, case.assessments[0], smap, ("assessments", 0))
    return [(p.code.value, p.line, p.column, render_path(p.path)) for p in found], result


def test_the_instrument_names_two_judged_scores() -> None:
    assert INST.judgement is not None
    assert INST.judgement.scores == ("poang", "andra")


def test_each_score_is_judged_on_its_own(tmp_path: Path) -> None:
    """a = ja, b = nej: poang 2 → 20 → lag (age 15: lag below 30); andra 2 → hog.
    The assessor agrees on poang and lowers andra, with reason, author and date."""
    judged = (
        "    judgement: {level: lag}\n"
        "    judgements:\n"
        "      andra: {level: lag, reason: skäl, author: hl-2, date: 2026-01-21}\n"
    )
    found, result = _checked(tmp_path, judged)
    assert found == []
    assert result is not None
    assert result.overall is not None
    assert result.overall.score == "poang"
    assert (result.overall.computed_level, result.overall.override) == ("lag", False)
    (andra,) = result.judgements
    assert (andra.score, andra.computed_level, andra.professional_level) == ("andra", "hog", "lag")
    assert (andra.override, andra.final_level, andra.author) == (True, "lag", "hl-2")
    text = render_result(result, INST, "sv")
    assert "Poäng:\nLÅG" in text
    assert "Andra:\nLÅG — beräknad: Hög" in text
    doc = json.loads(json.dumps(result.to_dict(), default=str))
    assert [j["score"] for j in doc["judgements"]] == ["andra"]


def test_override_of_a_further_score_needs_its_own_reason(tmp_path: Path) -> None:
    """The first score's override is documented; the second's is not (C604 there)."""
    judged = (
        "    judgement: {level: hog, reason: skäl, author: hl-2, date: 2026-01-21}\n"
        "    judgements:\n"
        "      andra: {level: lag}\n"
    )
    assert _case(tmp_path, judged) == [("C604", 14, 14, "assessments[0].judgements.andra")]


def test_unknown_level_and_score_in_judgements(tmp_path: Path) -> None:
    judged = "    judgements:\n      andra: {level: mellan}\n      poang: {level: lag}\n"
    assert _case(tmp_path, judged) == [
        ("C608", 14, 7, "assessments[0].judgements.poang"),
        ("C601", 13, 22, "assessments[0].judgements.andra.level"),
    ]


def _batch(tmp_path: Path, text: str, name: str = "b.csv") -> tuple[BatchInput, list[Problem], int]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_input(path, COMPILED)


def test_batch_columns_per_further_judged_score(tmp_path: Path) -> None:
    head = "case_id,date,age,kon,a,b,judgement,andra_judgement,andra_judgement_reason,"
    head += "andra_judgement_author,andra_judgement_date\n"
    data, problems, bad = _batch(
        tmp_path,
        head
        + "r1,2026-01-10,15,pojke,ja,nej,lag,lag,skäl,hl-2,2026-01-11\n"  # andra: override, ok
        + "r2,2026-01-10,15,pojke,ja,nej,,lag,,,\n"  # andra: override without reason
        + "r3,2026-01-10,15,pojke,ja,nej,,mellan,,,\n"  # not a level
        + "r4,2026-01-10,15,pojke,nej,nej,,,,,\n",  # nothing judged
    )
    got = [(p.code.value, p.line, p.column, render_path(p.path)) for p in problems]
    assert got == [  # in file order
        ("C604", 3, 8, "rows[1].andra_judgement"),
        ("C601", 4, 8, "rows[2].andra_judgement"),
    ]
    assert bad == 2
    result = score_batch(COMPILED, data.answers, data.attributes)
    rows = list(result_rows(data, result))
    assert [
        (r["case_id"], r["andra_computed"], r["andra_judgement"], r["andra_final"]) for r in rows
    ] == [("r1", "hog", "lag", "lag"), ("r4", "lag", "", "lag")]
    assert [r["overall_final"] for r in rows] == ["lag", "lag"]
    out = io.StringIO()
    write_columns(result_columns(data, result), "csv", out)
    names = out.getvalue().splitlines()[0].split(",")
    at = names.index("overall_final")
    assert names[at + 1 : at + 4] == ["andra_computed", "andra_judgement", "andra_final"]


def test_batch_json_lines_take_judgements_as_in_a_case_file(tmp_path: Path) -> None:
    line = {
        "case_id": "r1",
        "date": "2026-01-10",
        "age": 15,
        "attributes": {"kon": "pojke"},
        "answers": {"a": "ja", "b": "nej"},
        "judgements": {"andra": {"level": "lag"}},
    }
    wrong = {**line, "case_id": "r2", "judgements": {"poang": {"level": "lag"}}}
    text = json.dumps(line) + "\n" + json.dumps(wrong) + "\n"
    data, problems, _ = _batch(tmp_path, text, "b.jsonl")
    got = [(p.code.value, p.line, render_path(p.path)) for p in problems]
    assert got == [
        ("C608", 2, "rows[1].judgements.poang"),  # read from the JSON, before the cells
        ("C604", 1, "rows[0].andra_judgement"),
    ]
    assert data.case_ids == []


LEVELS = st.sampled_from([None, "lag", "hog", "mellan"])  # mellan is not a level


@given(
    st.sampled_from([None, "nej", "ja", "vet_ej"]),
    st.sampled_from([None, "nej", "ja", "vet_ej"]),
    LEVELS,
    LEVELS,
    st.booleans(),
)
def test_scalar_and_batch_agree_on_both_judgements(
    a: str | None, b: str | None, first: str | None, second: str | None, reasons: bool
) -> None:
    """A row is accepted by batch exactly when its case is accepted by score, with the same
    problem codes, and then the final level of each judged score is the same."""
    answers = {k: v for k, v in (("a", a), ("b", b)) if v is not None}
    why = {"reason": "skäl", "author": "hl-2"} if reasons else {}

    def pj(level: str) -> ProfessionalJudgement:
        return ProfessionalJudgement(
            level=level, date=dt.date(2026, 1, 11) if reasons else None, **why
        )

    assessment = Assessment(
        instrument=INST.id,
        version=INST.version,
        date=dt.date(2026, 1, 10),
        assessor="hl-1",
        age=15,
        answers=answers,
        judgement=pj(first) if first else None,
        judgements={"andra": pj(second)} if second else {},
        subject=Subject(attributes={"kon": "pojke"}),
    )
    scalar_problems, scalar = check_and_compute(INST, assessment)
    cells = [
        "r1",
        "2026-01-10",
        "15",
        "pojke",
        a or "",
        b or "",
        first or "",
        why.get("reason", "") if first else "",
        why.get("author", "") if first else "",
        "2026-01-11" if first and reasons else "",
        second or "",
        why.get("reason", "") if second else "",
        why.get("author", "") if second else "",
        "2026-01-11" if second and reasons else "",
    ]
    head = "case_id,date,age,kon,a,b,judgement,judgement_reason,judgement_author,judgement_date,"
    head += "andra_judgement,andra_judgement_reason,andra_judgement_author,andra_judgement_date"
    with tempfile.TemporaryDirectory() as tmp:
        data, problems, bad = _batch(Path(tmp), head + "\n" + ",".join(cells) + "\n")
    assert sorted(p.code.value for p in problems) == sorted(p.code.value for p in scalar_problems)
    assert (scalar is None) == (bad == 1)
    if scalar is None:
        return
    result = score_batch(COMPILED, data.answers, data.attributes)
    (row,) = result_rows(data, result)
    assert row["overall_final"] == (scalar.overall.final_level or "")
    assert row["andra_final"] == (scalar.judgements[0].final_level or "")


def test_case_folder_carries_further_judgements(tmp_path: Path) -> None:
    """batch on a folder of case files reads `judgements` as `score` does."""
    folder = tmp_path / "cases"
    folder.mkdir()
    judged = (
        "    judgements:\n      andra: {level: lag, reason: skäl, author: hl-2, date: 2026-01-21}\n"
    )
    (folder / "c.yaml").write_text(CASE.format(judged=judged), encoding="utf-8")
    data, problems, bad = read_input(folder, COMPILED)
    assert (problems, bad) == ([], 0)
    result = score_batch(COMPILED, data.answers, data.attributes)
    (row,) = result_rows(data, result)
    assert (row["andra_computed"], row["andra_judgement"], row["andra_final"]) == (
        "hog",
        "lag",
        "lag",
    )


def test_fhir_export_has_a_judgement_group_per_judged_score() -> None:
    # issue 13 (FHIR): the further judged scores are exported, no longer refused;
    # tests/test_fhir_edition2.py checks the groups and the round trip in detail
    from sigrbm.interop.fhir import questionnaire

    groups = [n["linkId"] for n in questionnaire(INST)["item"] if n["type"] == "group"]
    assert groups[-3:] == ["judgement", "judgement-andra", "scores"]  # scores: issue 23
