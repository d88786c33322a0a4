"""Batch input, output and follow-up statistics (issue: "a corpus of malformed CSV / JSON
Lines inputs gets located errors"; "Small groups … are suppressed")."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sigrbm import load_instrument
from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read import read_input
from sigrbm.batch.stats import compute_stats, stats_json
from sigrbm.batch.write import result_rows, write_results
from sigrbm.cli import main
from sigrbm.errors import render_path

from .conftest import CORPUS

IRK = compile_instrument(load_instrument("check-irk"))
BATCH = CORPUS / "batch"

# file → [(code, line, column, path)]
EXPECTED = {
    "bad-age.csv": [("E110", 2, 3, "rows[0].age")],  # strict decimal numbers (issue 14)
    "bad-date.csv": [("E112", 2, 2, "rows[0].date")],  # strict YYYY-MM-DD (issue 14)
    "broken-json.jsonl": [("E100", 2, 77, "rows[1]")],
    "duplicate-column.csv": [("E105", 1, 4, "header.irk_kriminalitet")],
    "empty.csv": [("E106", 1, 1, "$")],
    "missing-case-id.csv": [("E201", 1, 1, "header")],
    "not-object.jsonl": [("E104", 1, 1, "rows[0]")],
    "row-length.csv": [("E202", 2, None, "rows[0].$")],
    "unknown-code.csv": [("C601", 2, 3, "rows[0].irk_kriminalitet")],
    "unknown-code.jsonl": [("C601", 1, None, "rows[0].irk_fritid")],
    "unknown-column.csv": [("E200", 1, 5, "header.irk_kamrat")],
    "unknown-item.jsonl": [("C600", 2, None, "rows[1].answers.irk_kriminalitett")],
    # issue 16: the scalar path's checks on every batch row
    "future-date.csv": [("B700", 2, 2, "rows[0].date")],
    "born-after-assessment.csv": [("C651", 2, 3, "rows[0].birth_year_month")],
    "duplicate-assessment.csv": [("C609", 4, 2, "rows[2].date")],
    "override-without-reason.csv": [("C604", 2, 5, "rows[0].judgement")],
    "override-without-author.jsonl": [("C604", 1, None, "rows[0].judgement")],
    "personnummer.csv": [("C605", 2, 1, "rows[0].case_id")],
    "unknown-key.jsonl": [("E200", 1, None, "rows[0].progam")],
    "duplicate-key.jsonl": [("E105", 2, None, "rows[1].case_id")],
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in (BATCH / "invalid").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_input_is_located(name: str) -> None:
    _, problems, _ = read_input(BATCH / "invalid" / name, IRK)
    got = [(p.code.value, p.line, p.column, render_path(p.path)) for p in problems]
    assert got == EXPECTED[name]
    assert all(p.file == str(BATCH / "invalid" / name) for p in problems)


def test_bad_rows_are_skipped_only_on_request_and_counted(tmp_path: Path) -> None:
    src = BATCH / "invalid" / "unknown-code.csv"  # 1 bad row, 1 good row
    code, out, err = run("batch", str(src), "--instrument", "check-irk")
    assert (code, out) == (1, "")
    assert "nothing written" in err
    target = tmp_path / "out.csv"
    target.write_text("previous", encoding="utf-8")
    code, _, _ = run("batch", str(src), "--instrument", "check-irk", "--out", str(target))
    assert code == 1
    assert target.read_text(encoding="utf-8") == "previous"  # never partly replaced
    code, _, err = run(
        "batch", str(src), "--instrument", "check-irk", "--out", str(target), "--skip-invalid"
    )
    assert code == 0
    assert "1 assessments scored, 1 invalid rows skipped" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["case_id"] for r in rows] == ["a2"]
    assert rows[0]["instrument_id"] == "check-irk"
    assert rows[0]["content_hash"].startswith("sha256:")


def test_csv_results_equal_the_scalar_results() -> None:
    """valid.csv row 1: 3 ja + 5 nej = 3 → fördjupad; row 4: 1 vet ej + 7 nej → 0–1 → ej;
    row 6: 3 ja and 5 unanswered → 3–8, at or above the cut-off either way → fördjupad."""
    data, problems, bad = read_input(BATCH / "valid.csv", IRK)
    assert (problems, bad) == ([], 0)
    result = score_batch(IRK, data.answers, data.attributes)
    rows = list(result_rows(data, result))
    assert [r["irk_summa_level"] for r in rows] == [
        "fordjupad",
        "ej_fordjupad",
        "fordjupad",
        "ej_fordjupad",
        "ej_fordjupad",
        "fordjupad",
    ]
    assert (rows[3]["irk_summa_low"], rows[3]["irk_summa_high"]) == (0.0, 1.0)
    assert rows[4]["overall_final"] == "fordjupad"  # the judgement column overrides
    assert rows[5]["irk_summa_low"] == 3.0
    assert rows[5]["irk_summa_high"] == 8.0
    as_jsonl = write_results(rows, "jsonl").splitlines()
    assert json.loads(as_jsonl[0])["case_id"] == "a1"


FEATURES = compile_instrument(load_instrument(CORPUS / "instruments" / "valid" / "features.yaml"))


def test_attributes_are_checked_as_in_score(tmp_path: Path) -> None:
    """An invalid category value is an error (C607), never a silent fall-back to the
    default bands; a missing one that an item needs is an error too, as in `score`."""
    path = tmp_path / "f.csv"
    path.write_text(
        "case_id,date,age,kon\n"
        "a1,2026-01-10,15,flika\n"  # misspelt
        "a2,2026-01-10,15,\n"  # item c needs kon
        "a3,2026-01-10,15,pojke\n",  # fine
        encoding="utf-8",
    )
    data, problems, bad = read_input(path, FEATURES)
    got = [(p.code.value, p.line, p.column, render_path(p.path)) for p in problems]
    assert got == [("C607", 2, 4, "rows[0].kon"), ("C607", 3, 4, "rows[1].kon")]
    assert "did you mean 'flicka'?" in problems[0].message
    assert (bad, data.case_ids) == (2, ["a3"])


def test_stats_counts_shares_change_and_suppression() -> None:
    """eslov has 5 assessments of 4 persons, skovde 1 person. Case a1 goes from fördjupad (3)
    to ej (1): improved. Thresholds count persons (docs/follow-up.md, disclosure control)."""
    data, _, _ = read_input(BATCH / "valid.csv", IRK)
    result = score_batch(IRK, data.answers, data.attributes, items=True)
    s = compute_stats(data, result, by="program", min_group=1)
    eslov, skovde = s.groups
    assert (eslov.key, eslov.assessments, eslov.cases, eslov.suppressed) == ("eslov", 5, 4, False)
    assert eslov.levels["irk_summa"] == {"fordjupad": 3, "ej_fordjupad": 2}
    assert eslov.change["irk_summa"] == {"improved": 1}
    assert (skovde.key, skovde.assessments, skovde.suppressed) == ("skovde", 1, False)
    # at 5 both are small (4 and 1 persons), though eslov has 5 assessments
    s = compute_stats(data, result, by="program")
    assert [(g.key, g.suppressed, g.reason, g.assessments) for g in s.groups] == [
        ("eslov", True, "small", None),
        ("skovde", True, "small", None),
    ]
    assert s.total == 6
    doc = stats_json(s)
    assert doc["stats"]["groups"][1]["assessments"] is None
    # ungrouped, 5 persons: published, but each level cell holds fewer than 5 persons
    whole = compute_stats(data, result)
    assert whole.groups[0].cases == 5
    assert whole.groups[0].levels["irk_summa"] == {"fordjupad": None, "ej_fordjupad": None}
    assert {(x.key, x.reason) for x in whole.groups[0].withheld if x.measure == "level"} == {
        ("fordjupad", "small"),
        ("ej_fordjupad", "small"),
    }
    everyone = compute_stats(data, result, min_group=1)
    assert everyone.groups[0].levels["irk_summa"]["fordjupad"] == 4  # rows 1, 3, 5 (judged), 6
    # one group only, and it is small: the total would give it away, so it is withheld
    alone = compute_stats(data, result, min_group=6)
    assert (alone.total, alone.groups[0].suppressed) == (None, True)


def test_stats_cli() -> None:
    code, out, _ = run(
        "stats",
        str(BATCH / "valid.csv"),
        "--instrument",
        "check-irk",
        "--by",
        "program",
        "--format",
        "json",
    )
    assert code == 0
    groups = json.loads(out)["stats"]["groups"]
    assert [g["suppressed"] for g in groups] == [True, True]
    code, out, _ = run(
        "stats", str(BATCH / "valid.csv"), "--instrument", "check-irk", "--format", "csv",
        "--round", "1",
    )  # fmt: skip
    assert code == 0
    sv_lines = out.splitlines()
    head = "group,measure,value,count,share,note,measure_id,target_id,value_id"
    assert sv_lines[0] == head  # the same header in every language
    assert "alla,personer,,5,,,cases,," in sv_lines
    code, out, _ = run(
        "stats",
        str(BATCH / "valid.csv"),
        "--instrument",
        "check-irk",
        "--format",
        "csv",
        "--lang",
        "en",
        "--min-group",
        "1",
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == head
    assert "all,persons,,5,,,cases,," in lines
    code, out, _ = run(
        "stats", str(BATCH / "valid.csv"), "--instrument", "check-irk", "--by", "program"
    )
    assert code == 0
    why = "undertryckt för få personer (gränsen 5 höjs slumpvis med 0–2)"  # issue 22
    assert [" ".join(line.split()) for line in out.splitlines()[1:]] == [
        f"eslov {why}",
        f"skovde {why}",
    ]
    code, _, err = run(
        "stats", str(BATCH / "valid.csv"), "--instrument", "check-irk", "--by", "shoe_size"
    )
    assert code == 1
    assert "cannot group by 'shoe_size'" in err


def test_case_folder_input() -> None:
    rbmk = compile_instrument(load_instrument("check-rbmk"))
    data, problems, bad = read_input(CORPUS / "e2e", rbmk)
    assert (problems, bad) == ([], 0)
    assert len(data) == 5
    assert sorted(data.case_ids)[0] == "e2e-eslov"


def test_case_folder_duplicates_across_files(tmp_path: Path) -> None:
    """The same case id, instrument and date in two files is refused (C609), located at the
    later file's assessment date."""
    rbmk = compile_instrument(load_instrument("check-rbmk"))
    source = CORPUS / "e2e" / "eslov.yaml"
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(source.read_bytes())
    data, problems, bad = read_input(tmp_path, rbmk)
    assert [(p.code.value, Path(p.file or "").name) for p in problems] == [("C609", "b.yaml")]
    assert render_path(problems[0].path).endswith(".date")
    assert bad == 1
    assert len(data) == 1


def test_stats_csv_ids_and_counts_are_the_same_in_every_language() -> None:
    """Only the label columns change with --lang: a script keyed on the id columns reads
    Swedish and English output alike."""
    outs = {}
    for lang in ("sv", "en"):
        code, out, _ = run(
            "stats", str(BATCH / "valid.csv"), "--instrument", "check-irk", "--format", "csv",
            "--lang", lang, "--min-group", "1",
        )  # fmt: skip
        assert code == 0
        outs[lang] = list(csv.reader(io.StringIO(out)))
    sv, en = outs["sv"], outs["en"]
    assert sv[0] == en[0]
    assert [r[3:5] + r[6:] for r in sv] == [r[3:5] + r[6:] for r in en]
    assert [r[1] for r in sv] != [r[1] for r in en]  # the labels do change
    assert {r[6] for r in sv[1:]} >= {"assessments", "cases", "level"}
