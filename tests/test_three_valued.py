"""Issues 13/16 (round 3b): attribute conditions in three-valued (Kleene) logic.

A list of conditions is False when any one certainly fails, whatever the missing attributes
are; None (unknown) when none fails but one tests a missing attribute; else True. The order
the conditions are written in never matters: scalar, batch and FHIR alike.

three-valued.yaml: a applies when [age ≥ 18, kon flicka], b when [kon flicka, age ≥ 18],
c always; ab = a + b (points 0–4, binned 0 → 0, 1–2 → 1, 3– → 2). poang = a + b + c + ab.
Band table val (no default bands):
  V1 [age ≥ 18, kon flicka]: låg 0–1, hög 2–
  V2 [kon pojke or annat]:    låg 0–3, hög 4–
  V3 [age ≤ 17]:              låg 0–2, hög 3–
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest

from sigrbm import load_instrument
from sigrbm.batch.bands import applies as applies_rows
from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read import read_input
from sigrbm.case.check import attribute_problems
from sigrbm.case.model import Assessment, Subject
from sigrbm.cli import main
from sigrbm.errors import Code
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.select import applies
from sigrbm.interop.fhir import questionnaire_response
from sigrbm.interop.fhir_derived import fhirpath
from sigrbm.scoring.check import check_and_compute
from sigrbm.scoring.score import _states

from .conftest import CORPUS

PATH = CORPUS / "instruments" / "valid" / "three-valued.yaml"
INST = load_instrument(PATH)
COMPILED = compile_instrument(INST)
AGE = AttributeCondition(attribute="age", min=18)
GIRL = AttributeCondition(attribute="kon", in_=("flicka",))

#: (age, kon) → applies([age ≥ 18, kon flicka]) in either order, hand-decided
TRUTH: list[tuple[int | None, str | None, bool | None]] = [
    (None, "pojke", False),  # kon fails: not applicable, whatever the age
    (None, "flicka", None),  # nothing fails, age unknown
    (16, None, False),  # age fails
    (20, None, None),
    (None, None, None),
    (20, "flicka", True),
    (20, "pojke", False),
    (16, "flicka", False),
]


@pytest.mark.parametrize("conds", [(AGE, GIRL), (GIRL, AGE)], ids=["age-first", "kon-first"])
def test_applies_is_three_valued_in_either_order(conds: tuple[AttributeCondition, ...]) -> None:
    for age, kon, want in TRUTH:
        values: dict[str, str | int] = {}
        if age is not None:
            values["age"] = age
        if kon is not None:
            values["kon"] = kon
        assert applies(conds, values) is want, (age, kon)
    rows = {
        "age": np.array([np.nan if a is None else a for a, _, _ in TRUTH], dtype=float),
        "kon": np.array([k for _, k, _ in TRUTH], dtype=object),
    }
    code = {True: 1, False: 0, None: -1}
    assert applies_rows(conds, rows, len(TRUTH)).tolist() == [code[w] for *_, w in TRUTH]
    assert applies_rows(conds, {}, 2).tolist() == [-1, -1]  # no such column: unknown


def _assessment(age: int | None, kon: str | None, answers: dict[str, str | int]) -> Assessment:
    return Assessment(
        instrument=INST.id,
        version=INST.version,
        date=dt.date(2026, 1, 10),
        assessor="t",
        age=age,
        answers=answers,
        case_id="c-1",
        subject=Subject(attributes={} if kon is None else {"kon": kon}),
    )


def test_a_boy_of_unknown_age_is_scored_without_c607() -> None:
    """kon pojke, age missing: a and b do not apply in either order, V1 fails and V2 holds,
    so nothing needs the age. poang = c (ja 2) + ab (0 → 0) = 2, låg under V2 (hög from 4)."""
    assert attribute_problems(INST, {"kon": "pojke"}) == []
    problems, result = check_and_compute(INST, _assessment(None, "pojke", {"c": "ja"}))
    assert problems == []
    assert result is not None
    assert result.not_applicable == ("a", "b")
    r = result.score("poang")
    assert (r.low, r.high, r.level, r.band_needs) == (2, 2, "lag", ())
    answered, _ = check_and_compute(INST, _assessment(None, "pojke", {"a": "ja", "b": "nej"}))
    assert [(p.code, p.path) for p in answered] == [
        (Code.CASE_NOT_APPLICABLE, ("answers", "a")),
        (Code.CASE_NOT_APPLICABLE, ("answers", "b")),
    ]


@pytest.mark.parametrize(
    ("values", "needs"),
    [
        ({"kon": "flicka"}, ["age"]),  # a, b, V1 and V3 undecided
        ({"age": 20}, ["kon"]),  # a, b, V1 and V2 undecided
        ({"age": 16}, ["kon"]),  # a, b, V1 fail; V2 undecided before V3, which holds
        ({"age": 16, "kon": "flicka"}, []),
        ({}, ["age", "kon"]),
        ({"kon": "annat"}, []),
    ],
)
def test_c607_only_where_the_answer_is_really_open(
    values: dict[str, str | int], needs: list[str]
) -> None:
    assert [attr for attr, _ in attribute_problems(INST, values)] == needs


def test_batch_csv_rows_equal_the_scalar_results(tmp_path: Path) -> None:
    """The same rows through the CSV reader, the row checks and the kernel."""
    src = tmp_path / "rows.csv"
    src.write_text(
        "case_id,date,age,kon,a,b,c\n"
        "c-1,2026-01-10,,pojke,,,ja\n"  # as above: låg, a and b not applicable
        "c-2,2026-01-10,,pojke,ja,,\n"  # a answered though it surely does not apply: C606
        "c-3,2026-01-10,,flicka,ja,ja,nej\n"  # age needed: C607
        "c-4,2026-01-10,,annat,,,ja\n",  # V1 fails, V2 holds, age not needed: 2 → låg
        encoding="utf-8",
    )
    data, problems, bad = read_input(src, COMPILED)
    assert sorted((p.code.value, p.line) for p in problems) == [
        (Code.CASE_NOT_APPLICABLE.value, 3),
        (Code.CASE_ATTRIBUTE.value, 4),
    ]
    assert bad == 2
    out = score_batch(COMPILED, data.answers, data.attributes, items=True)
    assert out.level_ids("poang").tolist() == ["lag", "lag"]
    assert out.not_applicable is not None
    a, b = (COMPILED.item_ids.index(x) for x in ("a", "b"))
    assert out.not_applicable[:, [a, b]].tolist() == [[True, True], [True, True]]
    t = COMPILED.target("poang")
    assert out.low[:, t].tolist() == [2.0, 2.0]


def test_cli_batch_and_score_agree_on_the_boy(tmp_path: Path) -> None:
    src = tmp_path / "rows.csv"
    src.write_text("case_id,date,age,kon,a,b,c\nc-1,2026-01-10,,pojke,,,ja\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["batch", str(src), "--instrument", str(PATH), "--out", str(target)],
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    lines = target.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    row = dict(zip(head, lines[1].split(","), strict=True))
    assert (row["poang_level"], row["poang_low"]) == ("lag", "2")  # issue 23: whole as whole


@pytest.mark.parametrize(
    ("age", "kon", "answers", "want"),
    [
        (None, "pojke", {"c": "ja"}, 0),  # a, b do not apply: 0 + 0
        (None, "flicka", {"a": "ja", "b": "ja"}, 4),  # open: the answers count, 2 + 2
        (16, "flicka", {"c": "ja"}, 0),  # age fails
        (20, None, {"a": "ja", "b": "nej"}, 2),  # open: 2 + 0
    ],
)
def test_fhir_expression_decides_as_sigrbm(
    age: int | None, kon: str | None, answers: dict[str, str | int], want: int
) -> None:
    evaluate = pytest.importorskip("fhirpathpy").evaluate
    models = pytest.importorskip("fhirpathpy.models").models
    a = _assessment(age, kon, answers)
    qr = questionnaire_response(INST, a)
    expression = fhirpath(INST, INST.item("ab"))
    assert expression is not None
    assert evaluate(qr, expression, {"resource": qr}, models["r4"]) == [want]
    assert _states(INST, a)["ab"].answer == want
