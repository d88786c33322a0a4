"""One set of checks (issue 16 item 2): for generated inputs, a CSV row is accepted by the
batch reader iff the equivalent case file is accepted by `score` (structure, the assessment
check and the override rule), and then their results are equal. Passes 2,000 examples with
HYPOTHESIS_PROFILE=thorough."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import numpy as np
from hypothesis import event, given
from hypothesis import strategies as st

from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read_csv import read_csv
from sigrbm.case.model import check_case_text
from sigrbm.instrument.model import Instrument, ScaleKind
from sigrbm.scoring.check import check_and_compute

from .test_batch import COMPILED, INSTRUMENTS, _kon_values

Row = dict[str, Any]
FIELDS = ("judgement", "judgement_reason", "judgement_author", "judgement_date")


@st.composite
def rows(draw: st.DrawFn, inst: Instrument, r: int) -> Row:
    """A row; about half are free of typos, so that both outcomes are common."""
    typos = draw(st.booleans())
    answers: dict[str, str | int] = {}
    for item in inst.items:
        scale = inst.scale(item.scale)
        choices: list[st.SearchStrategy[str | int | None]] = [st.none()]
        if typos:
            choices.append(st.just("jaa"))
        if scale.missing:
            choices.append(st.sampled_from([o.code for o in scale.missing]))
        if scale.kind is ScaleKind.COUNT:
            choices.append(st.integers(0, 9))
        else:
            choices.append(st.sampled_from([o.code for o in scale.options]))
        value = draw(st.one_of(*choices))
        if value is not None:
            answers[item.id] = value
    levels = sorted({lv.id for ls in inst.level_sets for lv in ls.levels})
    return {
        "case_id": draw(st.sampled_from([f"c-{r}", *(["20100101-1234"] if typos else [])])),
        "date": draw(st.sampled_from(["2026-01-10", *(["2099-01-01"] if typos else [])])),
        "age": draw(st.none() | st.integers(8, 28)),
        "birth_year_month": draw(
            st.none() | st.sampled_from(["2010-05", *(["2026-05"] if typos else [])])
        ),
        "kon": draw(
            st.none() | st.sampled_from([*_kon_values(inst), *(["flika"] if typos else [])])
        ),
        "judgement": draw(st.none() | st.sampled_from([*levels, *(["okand"] if typos else [])])),
        "judgement_reason": draw(st.none() | st.just("see the case file")),
        "judgement_author": draw(st.none() | st.just("assessor-1")),
        "judgement_date": draw(st.none() | st.just("2026-01-10")),
        "answers": answers,
    }


@st.composite
def batches(draw: st.DrawFn) -> tuple[Instrument, list[Row]]:
    inst = draw(st.sampled_from(INSTRUMENTS))
    n = draw(st.integers(1, 6))
    return inst, [draw(rows(inst, r)) for r in range(n)]


def _csv(inst: Instrument, data: list[Row]) -> str:
    has_kon = any(a.id == "kon" for a in inst.attributes)
    head = ["case_id", "date", "age", "birth_year_month", *(["kon"] if has_kon else []), *FIELDS]
    head += [i.id for i in inst.items]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(head)
    for row in data:
        cells = [row.get(h, row["answers"].get(h)) for h in head]
        w.writerow(["" if c is None else c for c in cells])
    return buf.getvalue()


def _case(inst: Instrument, row: Row) -> str:
    subject: dict[str, Any] = {}
    if row["birth_year_month"] is not None:
        subject["birth_year_month"] = row["birth_year_month"]
    if row["kon"] is not None and any(a.id == "kon" for a in inst.attributes):
        subject["attributes"] = {"kon": row["kon"]}
    a: dict[str, Any] = {
        "instrument": inst.id,
        "version": inst.version,
        "date": row["date"],
        "assessor": "b",
        "answers": row["answers"],
    }
    if row["age"] is not None:
        a["age"] = row["age"]
    if row["judgement"] is not None:
        j = {"level": row["judgement"]}
        for f in ("reason", "author", "date"):
            if row[f"judgement_{f}"] is not None:
                j[f] = row[f"judgement_{f}"]
        a["judgement"] = j
    return json.dumps({"case_id": row["case_id"], "subject": subject, "assessments": [a]})


@given(batches())
def test_batch_accepts_a_row_iff_score_accepts_its_case_and_results_agree(
    batch: tuple[Instrument, list[Row]],
) -> None:
    inst, data = batch
    compiled = COMPILED[inst.content_hash]
    got, problems, _ = read_csv("rows.csv", compiled, text=_csv(inst, data))
    bad_rows = {p.path[1] for p in problems if len(p.path) > 1}
    kept = iter(range(len(got)))
    result = score_batch(compiled, got.answers, got.attributes)
    for r, row in enumerate(data):
        case, _, found = check_case_text(_case(inst, row), "case.json")
        scalar = None
        if case is not None and not found:
            found, scalar = check_and_compute(inst, case.assessments[0])
        accepted_scalar = case is not None and not found
        accepted_batch = r not in bad_rows
        assert accepted_batch == accepted_scalar, (r, [str(p) for p in problems], found)
        event("accepted" if accepted_batch else "refused")
        if not accepted_batch:
            continue
        i = next(kept)
        assert scalar is not None
        for t, s in enumerate((*scalar.domains, *scalar.scores)):
            assert np.isclose(result.low[i, t], s.low), s.id
            assert np.isclose(result.high[i, t], s.high), s.id
            lvl = result.level_ids(s.id)[i] if s.levels else ""
            assert (lvl or None) == s.level, s.id
            needs = result.band_needs_ids(s.id, slice(i, i + 1))[0]  # issue 16
            assert tuple(x for x in needs.split(";") if x) == s.band_needs, s.id
            if s.band_needs:
                event("band choice left open")
        if scalar.overall is not None:
            judged = got.judgements[i]
            computed = result.level_ids(scalar.overall.score)[i] or None
            assert computed == scalar.overall.computed_level
            assert (judged or computed) == scalar.overall.final_level


def test_scalar_path_checks_dates_too() -> None:
    """The date checks are shared: `score` on a case file reports B700 at the assessment's
    date and C651 at the birth month, as batch rows do (files start with
    '# CODE at LINE:COL PATH')."""
    from sigrbm.errors import render_path
    from sigrbm.scoring.case_file import score_case_file

    from .conftest import CORPUS

    for path in sorted((CORPUS / "batch" / "cases").glob("*.yaml")):
        head = path.read_text(encoding="utf-8").split("\n", 1)[0].split()
        code, (line, col), where = head[1], head[3].split(":"), head[4]
        scored = score_case_file(path)
        got = [(p.code.value, p.line, p.column, render_path(p.path)) for p in scored.problems]
        assert got == [(code, int(line), int(col), where)], path.name
