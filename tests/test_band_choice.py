"""Issue 16 (round 3): a missing attribute makes the band choice undetermined, never a silent
fall-back to the default bands.

Rule (docs/scoring.md, "Band choice when an attribute is missing"): when a variant's
condition cannot be decided, the candidate band tables are that variant and every later one
up to the first that certainly matches (else the default bands); the level is determined
only if every candidate gives the same level range for the score's (possibly ranged) value,
otherwise the result names the attributes the choice needs (``band_needs``).

band-choice.yaml: poang = a + b (ja 2, nej 0), looked up 0–1 → 10, 2–3 → 20, 4 → 30.
  A (age ≤ 14):  låg 10–19, hög 20–
  B (kon pojke): låg 10–14, hög 15–
  D (default):   låg 10–29, hög 30–
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pytest

from sigrbm import load_instrument
from sigrbm.batch.bands import applies as applies_rows
from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read import read_input
from sigrbm.batch.write import result_rows
from sigrbm.case.model import Assessment, Subject
from sigrbm.cli import main
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import Band, BandTable, BandVariant
from sigrbm.instrument.select import applies, band_choice
from sigrbm.scoring.result import Result
from sigrbm.scoring.score import score

from .conftest import CORPUS

PATH = CORPUS / "instruments" / "valid" / "band-choice.yaml"
INST = load_instrument(PATH)
COMPILED = compile_instrument(INST)
DAY = dt.date(2026, 1, 10)

Want = tuple[str | None, str, str, tuple[str, ...]]
#: (age, kon, a, b) → (level, level_low, level_high, band_needs), each hand-computed above
CASES: list[tuple[int | None, str | None, str, str, Want]] = [
    # kon pojke, age missing: candidates A, B (B certainly holds; D is not a candidate)
    (None, "pojke", "ja", "nej", ("hog", "hog", "hog", ())),  # 20: A hög, B hög (D låg)
    (None, "pojke", "nej", "nej", ("lag", "lag", "lag", ())),  # 10: låg under both
    (None, "pojke", "ja", "vet_ej", ("hog", "hog", "hog", ())),  # 20–30: hög under both
    (None, "pojke", "nej", "vet_ej", (None, "lag", "hog", ())),  # 10–20: both låg–hög: agree
    # kon flicka, age missing: candidates A, D
    (None, "flicka", "ja", "nej", (None, "lag", "hog", ("age",))),  # 20: A hög, D låg
    (None, "flicka", "nej", "nej", ("lag", "lag", "lag", ())),  # 10: låg under both
    (None, "flicka", "ja", "ja", ("hog", "hog", "hog", ())),  # 30: hög under both
    # both missing: candidates A, B, D
    (None, None, "ja", "nej", (None, "lag", "hog", ("age", "kon"))),  # 20: hög, hög, låg
    # age known: A fails; kon missing: candidates B, D
    (16, None, "ja", "nej", (None, "lag", "hog", ("kon",))),  # 20: B hög, D låg
    # all known: one table
    (13, "flicka", "ja", "nej", ("hog", "hog", "hog", ())),  # A
    (16, "pojke", "ja", "nej", ("hog", "hog", "hog", ())),  # B
    (16, "flicka", "ja", "nej", ("lag", "lag", "lag", ())),  # D
]


def _assessment(age: int | None, kon: str | None, a: str, b: str) -> Assessment:
    return Assessment(
        instrument=INST.id,
        version=INST.version,
        date=DAY,
        assessor="t",
        age=age,
        answers={"a": a, "b": b},
        case_id="c-1",
        subject=Subject(attributes={} if kon is None else {"kon": kon}),
    )


def test_band_choice_lists_the_candidates_up_to_the_first_certain_match() -> None:
    table = INST.band_table("val")
    a, b = (v.bands for v in table.variants)
    assert band_choice(table, {"kon": "pojke"}) == ((a, b), ("age",))
    assert band_choice(table, {"kon": "flicka"}) == ((a, table.bands), ("age",))
    assert band_choice(table, {}) == ((a, b, table.bands), ("age", "kon"))
    assert band_choice(table, {"age": 16}) == ((b, table.bands), ("kon",))
    assert band_choice(table, {"age": 13}) == ((a,), ())
    assert band_choice(table, {"age": 16, "kon": "annat"}) == ((table.bands,), ())


def test_a_variant_fails_when_any_condition_fails_even_with_another_attribute_missing() -> None:
    """Three-valued AND: {age ≥ 15, kon flicka} certainly fails for a boy of unknown age (so
    the defaults are the only candidate), and is undecided for a girl of unknown age."""
    when = (
        AttributeCondition(attribute="age", min=15),
        AttributeCondition(attribute="kon", in_=("flicka",)),
    )
    variant = BandVariant(when=when, bands=(Band(level="hog", min=0),))
    default = (Band(level="lag", min=0),)
    table = BandTable(id="t", level_set="tva", bands=default, variants=(variant,))
    assert applies(when, {"kon": "pojke"}) is False  # kon fails, whatever the age
    assert band_choice(table, {"kon": "pojke"}) == ((default,), ())
    assert band_choice(table, {"kon": "flicka"}) == ((variant.bands, default), ("age",))
    assert band_choice(table, {"age": 16, "kon": "flicka"}) == ((variant.bands,), ())
    attributes = {
        "age": np.array([np.nan, np.nan, 16.0, 12.0]),
        "kon": np.array(["pojke", "flicka", "flicka", None], dtype=object),
    }
    assert applies_rows(when, attributes, 4).tolist() == [0, -1, 1, 0]


@pytest.mark.parametrize(("age", "kon", "a", "b", "want"), CASES)
def test_score_hand_computed(
    age: int | None,
    kon: str | None,
    a: str,
    b: str,
    want: Want,
) -> None:
    r = score(INST, _assessment(age, kon, a, b)).score("poang")
    assert (r.level, r.level_low, r.level_high, r.band_needs) == want
    assert r.computed_level == want[0]  # no floors here


def test_batch_rows_equal_the_scalar_results(tmp_path: Path) -> None:
    """The same rows through the CSV reader and the kernel: level, range and band_needs."""
    src = tmp_path / "rows.csv"
    lines = ["case_id,date,age,kon,a,b"]
    for i, (age, kon, a, b, _) in enumerate(CASES):
        lines.append(f"c-{i},2026-01-10,{'' if age is None else age},{kon or ''},{a},{b}")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, problems, bad = read_input(src, COMPILED)
    assert (problems, bad) == ([], 0)
    out = score_batch(COMPILED, data.answers, data.attributes)
    t = COMPILED.target("poang")
    levels = COMPILED.level_sets[t]
    got = [
        (
            lvl or None,
            levels[int(out.level_low[i, t])],
            levels[int(out.level_high[i, t])],
            tuple(x for x in needs.split(";") if x),
        )
        for i, (lvl, needs) in enumerate(
            zip(out.level_ids("poang"), out.band_needs_ids("poang"), strict=True)
        )
    ]
    assert got == [c[4] for c in CASES]
    rows = list(result_rows(data, out))
    assert [r["poang_band_needs"] for r in rows] == [";".join(c[4][3]) for c in CASES]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _case_file(tmp_path: Path, kon: str) -> Path:
    path = tmp_path / "case.json"
    case = {
        "case_id": "c-1",
        "subject": {"attributes": {"kon": kon}},
        "assessments": [
            {
                "instrument": INST.id,
                "version": INST.version,
                "date": "2026-01-10",
                "assessor": "t",
                "answers": {"a": "ja", "b": "nej"},
            }
        ],
    }
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def test_cli_score_says_why_the_level_is_open(tmp_path: Path) -> None:
    """kon flicka, age missing, 20: A gives hög, D låg → undetermined, needs age."""
    case = str(_case_file(tmp_path, "flicka"))
    code, out, err = _run("score", case, "--instrument", str(PATH), "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    raw = doc["results"][0]["scores"][0]
    assert (raw["level"], raw["level_low"], raw["level_high"]) == (None, "lag", "hog")
    assert raw["band_needs"] == ["age"]
    assert Result.from_dict(doc["results"][0]).score("poang").band_needs == ("age",)
    code, sv, _ = _run("score", case, "--instrument", str(PATH))
    assert code == 0
    assert "Poäng: obestämd (Låg–Hög) · valet av nivågränser kräver uppgift om ålder" in sv
    assert "→ nivågränser Hög 20–; Låg 10–30 · valet av nivågränser kräver uppgift om ålder" in sv
    code, en, _ = _run("score", case, "--instrument", str(PATH), "--lang", "en")
    assert "Points: undetermined (Low–High) · the band choice needs age" in en


def test_cli_score_determined_when_the_candidates_agree(tmp_path: Path) -> None:
    """kon pojke, age missing, 20: A and B both give hög (the default would give låg)."""
    case = str(_case_file(tmp_path, "pojke"))
    code, out, _ = _run("score", case, "--instrument", str(PATH), "--format", "json")
    raw = json.loads(out)["results"][0]["scores"][0]
    assert (code, raw["level"], raw["band_needs"]) == (0, "hog", [])
    code, sv, _ = _run("score", case, "--instrument", str(PATH))
    assert "Poäng: Hög · poäng 20 (summa före omräkning 2)" in sv
    assert "kräver" not in sv


def test_cli_batch_csv_for_the_same_rows(tmp_path: Path) -> None:
    src = tmp_path / "rows.csv"
    src.write_text(
        "case_id,date,age,kon,a,b\n"
        "c-1,2026-01-10,,flicka,ja,nej\n"  # A hög, D låg → open, needs age
        "c-2,2026-01-10,,pojke,ja,nej\n"  # A hög, B hög → hög
        "c-3,2026-01-10,,,ja,nej\n"  # A, B, D → open, needs age and kon
        "c-4,2026-01-10,16,flicka,ja,nej\n",  # D → låg
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    code, _, err = _run("batch", str(src), "--instrument", str(PATH), "--out", str(target))
    assert code == 0, err
    lines = target.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    want = ["poang_level", "poang_raw_low", "poang_raw_high", "poang_band_needs"]
    assert head[head.index("poang_level") :][:4] == want
    cols = [head.index(x) for x in ("case_id", "poang_low", "poang_level", "poang_band_needs")]
    got = [[line.split(",")[k] for k in cols] for line in lines[1:]]
    assert got == [  # issue 23: whole numbers written as whole numbers
        ["c-1", "20", "", "age"],
        ["c-2", "20", "hog", ""],
        ["c-3", "20", "", "age;kon"],
        ["c-4", "20", "lag", ""],
    ]


def test_instruments_without_attribute_variants_get_no_new_column() -> None:
    """Bundled instruments keep their columns (and content hash: nothing in them changed)."""
    for inst_id in ("check-rbmk", "check-irk"):
        assert compile_instrument(load_instrument(inst_id)).band_attrs == {}


def test_report_says_why_the_level_is_open(tmp_path: Path) -> None:
    """The printed assessment report (Markdown) gives the same reason in the score table."""
    case = str(_case_file(tmp_path, "flicka"))
    argv = ("report", case, "--instrument", str(PATH), "--format", "md")
    code, out, err = _run(*argv)
    assert (code, err) == (0, "")
    sv = "obestämd (Låg–Hög) · valet av nivågränser kräver uppgift om ålder"
    assert f"| Poäng | 20 (summa före omräkning 2) | {sv} |" in out  # a ja 2 + b nej 0
    code, out, _ = _run(*argv, "--lang", "en")
    en = "undetermined (Low–High) · the band choice needs age"
    assert f"| Points | 20 (sum before conversion 2) | {en} |" in out


def test_jsonl_writes_an_undetermined_level_as_null(tmp_path: Path) -> None:
    """JSON Lines: an undetermined level and no band needs are null, not '' (CSV keeps '')."""
    src = tmp_path / "rows.csv"
    src.write_text(
        "case_id,date,age,kon,a,b\nc-1,2026-01-10,,flicka,ja,nej\nc-2,2026-01-10,,pojke,ja,nej\n",
        encoding="utf-8",
    )
    code, out, err = _run("batch", str(src), "--instrument", str(PATH), "--format", "jsonl")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    got = [(r["poang_level"], r["poang_band_needs"], r["d_level"]) for r in rows]
    assert got == [(None, "age", None), ("hog", None, None)]  # the domain d has no bands
