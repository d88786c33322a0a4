"""Raw-score columns in batch output (issue 13, item 5): for every score behind a lookup,
``<id>_raw_low`` / ``<id>_raw_high`` hold the sum before the lookup, beside the looked-up
``<id>_low`` / ``<id>_high``."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sigrbm import load_instrument
from sigrbm.batch.compile import compile_instrument, encode
from sigrbm.batch.input import BatchInput
from sigrbm.batch.kernel import BatchResult, score_batch
from sigrbm.batch.read import read_input
from sigrbm.batch.write import result_columns, result_rows, write_columns
from sigrbm.case.model import Assessment, Subject
from sigrbm.instrument.build import instrument_from_data
from sigrbm.instrument.model import Instrument
from sigrbm.scoring.score import compute

from .conftest import CORPUS

FEATURES_YAML = CORPUS / "instruments" / "valid" / "features.yaml"
FEATURES = compile_instrument(load_instrument(FEATURES_YAML))


def _scored(tmp_path: Path) -> tuple[BatchInput, BatchResult]:
    path = tmp_path / "f.csv"
    path.write_text(
        "case_id,date,age,kon,a,b\n"
        "r1,2026-01-10,15,pojke,ja,nej\n"  # 2 + 0 = 2 → [2, 4) → 20
        "r2,2026-01-10,15,pojke,ja,vet_ej\n"  # 2 + (0 or 2) = 2–4 → 20 or 30
        "r3,2026-01-10,13,pojke,nej,nej\n"  # 0 → [0, 2) → 10
        "r4,2026-01-10,16,pojke,ja,ja\n",  # 4 → [4, ∞) → 30
        encoding="utf-8",
    )
    data, problems, bad = read_input(path, FEATURES)
    assert (problems, bad) == ([], 0)
    return data, score_batch(FEATURES, data.answers, data.attributes)


def test_raw_columns_hold_the_sum_before_the_lookup(tmp_path: Path) -> None:
    data, result = _scored(tmp_path)
    rows = list(result_rows(data, result))
    got = [(r["poang_raw_low"], r["poang_raw_high"], r["poang_low"], r["poang_high"]) for r in rows]
    assert got == [
        (2.0, 2.0, 20.0, 20.0),
        (2.0, 4.0, 20.0, 30.0),
        (0.0, 0.0, 10.0, 10.0),
        (4.0, 4.0, 30.0, 30.0),
    ]
    # the domain has no lookup: no raw columns for it
    assert not [name for name in rows[0] if name.startswith("d_raw")]


def test_raw_columns_sit_beside_the_score_in_csv(tmp_path: Path) -> None:
    data, result = _scored(tmp_path)
    out = io.StringIO()
    write_columns(result_columns(data, result), "csv", out)
    header, first, second = out.getvalue().splitlines()[:3]
    names = header.split(",")
    at = names.index("poang_low")
    assert names[at : at + 5] == [
        "poang_low",
        "poang_high",
        "poang_level",
        "poang_raw_low",
        "poang_raw_high",
    ]
    assert first.split(",")[at : at + 5] == ["20", "20", "lag", "2", "2"]  # issue 23: whole
    assert second.split(",")[at + 3 : at + 5] == ["2", "4"]


def test_no_raw_columns_without_a_lookup() -> None:
    irk = compile_instrument(load_instrument("check-irk"))
    data, _, _ = read_input(CORPUS / "batch" / "valid.csv", irk)
    result = score_batch(irk, data.answers, data.attributes)
    assert not [n for n in result_columns(data, result).names if "_raw_" in n]


def _features(*, lookup: bool, prorate: bool) -> Instrument:
    """features.yaml as is, or without its lookup (and the bands that read looked-up values);
    optionally with a prorating missing policy on the score."""
    data = yaml.safe_load(FEATURES_YAML.read_text(encoding="utf-8"))
    score = data["scores"][0]
    if prorate:
        score["missing"] = {"method": "prorate", "min_completeness": 0.5}
    if not lookup:
        del score["lookup"], score["bands"], data["lookups"], data["band_tables"]
    return instrument_from_data(data)


PAIRS = {
    prorate: (
        compile_instrument(_features(lookup=True, prorate=prorate)),
        _features(lookup=False, prorate=prorate),
    )
    for prorate in (False, True)
}


@given(
    st.booleans(),
    st.lists(st.sampled_from([None, "nej", "ja", "vet_ej"]), min_size=2, max_size=2).map(tuple),
    st.integers(8, 30),
)
def test_raw_columns_equal_the_scalar_sum_without_the_lookup(
    prorate: bool, ab: tuple[str | None, str | None], age: int
) -> None:
    """Scalar and batch agree: the raw columns are what `score` gives for the same answers
    when the score has no lookup (determinate and prorated alike, answers missing or not)."""
    compiled, bare = PAIRS[prorate]
    answers = {k: v for k, v in zip(("a", "b"), ab, strict=True) if v is not None}
    out = score_batch(
        compiled,
        encode(compiled, [answers]),
        {"age": np.array([age], dtype=float), "kon": np.array(["pojke"], dtype=object)},
    )
    a = Assessment(
        instrument=bare.id,
        version=bare.version,
        date=dt.date(2026, 1, 1),
        assessor="b",
        age=age,
        answers=answers,
        subject=Subject(attributes={"kon": "pojke"}),
    )
    (poang,) = compute(bare, a).scores
    assert out.raw_low is not None
    assert out.raw_high is not None
    assert (out.raw_low[0, 0], out.raw_high[0, 0]) == (poang.low, poang.high)
