"""Weights chosen by a subject attribute (issue 24, "What to build" 1).

Rule (docs/instrument-format.md, *Weights chosen by an attribute*): the first case that
fits the subject gives the weight, else the plain weight; with the attribute unknown the
score is the union over its values — not a sum of each item's independent extremes — so
the Opioid Risk Tool's total of 8 (men) or 9 (women) is *high* for either sex. Hand-computed
from the published ORT table (tests/corpus/instruments/valid/opioid-risk.yaml).
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigrbm import load_instrument
from sigrbm.batch.compile import compile_instrument, encode
from sigrbm.batch.kernel import score_batch
from sigrbm.case.model import Assessment, Subject
from sigrbm.instrument.load import load_instrument_text
from sigrbm.interop.fhir import questionnaire
from sigrbm.scoring.result import ScoreResult, ScoreStatus
from sigrbm.scoring.score import compute, score

from .conftest import CORPUS

ORT = load_instrument(CORPUS / "instruments" / "valid" / "opioid-risk.yaml")


def _assessment(
    answers: dict[str, str], kon: str | None, age: int | None = 50, inst: object = ORT
) -> Assessment:
    from sigrbm.instrument.model import Instrument

    assert isinstance(inst, Instrument)
    full: dict[str, str | int] = {
        i.id: answers.get(i.id, "nej") for i in inst.items if i.derive is None
    }
    return Assessment(
        instrument=inst.id,
        version=inst.version,
        date=dt.date(2026, 1, 10),
        assessor="sk-7",
        age=age,
        answers=full,
        subject=Subject(attributes={} if kon is None else {"kon": kon}),
    )


EIGHT_OR_NINE = {"familj_alkohol": "ja", "overgrepp_tidigt": "ja", "egen_lakemedel": "ja"}


@pytest.mark.parametrize(
    ("kon", "low", "high", "status"),
    [
        ("kvinna", 9, 9, ScoreStatus.COMPLETE),  # 1 + 3 + 5
        ("man", 8, 8, ScoreStatus.COMPLETE),  # 3 + 0 + 5
        (None, 8, 9, ScoreStatus.PARTIAL),  # the union, not 1–3 + 0–3 + 5 = 6–11
    ],
)
def test_ort_points_by_sex_hand_computed(
    kon: str | None, low: float, high: float, status: ScoreStatus
) -> None:
    r = score(ORT, _assessment(EIGHT_OR_NINE, kon))
    [total] = r.scores
    assert (total.low, total.high, total.status) == (low, high, status)
    assert total.level == "hog"  # decided by every completion: high for either sex


def test_a_missing_sex_shows_every_weight_in_the_trace() -> None:
    r = score(ORT, _assessment(EIGHT_OR_NINE, None))
    trace = {t.item: t for t in r.scores[0].items}
    assert (trace["familj_alkohol"].weight_by, trace["familj_alkohol"].weights) == ("kon", (1, 3))
    assert trace["familj_alkohol"].contribution is None
    assert (trace["overgrepp_tidigt"].weights, trace["egen_lakemedel"].weight_by) == ((0, 3), None)
    given = {t.item: t for t in score(ORT, _assessment(EIGHT_OR_NINE, "man")).scores[0].items}
    assert (given["familj_alkohol"].weight, given["familj_alkohol"].contribution) == (3, 3)
    assert (given["overgrepp_tidigt"].weight, given["overgrepp_tidigt"].weights) == (0, ())


def test_items_on_the_same_attribute_move_together() -> None:
    """Family alcohol and early abuse only: a woman 1 + 3 = 4, a man 3 + 0 = 3; unknown
    sex 3–4 — the independent sum 1–3 + 0–3 would be 1–6."""
    r = score(ORT, _assessment({"familj_alkohol": "ja", "overgrepp_tidigt": "ja"}, None))
    assert (r.scores[0].low, r.scores[0].high) == (3, 4)
    assert (r.scores[0].level_low, r.scores[0].level_high) == ("lag", "medel")
    missing = {"familj_alkohol": "vet_ej", "overgrepp_tidigt": "ja"}  # woman 3–4, man 0–3
    r = score(ORT, _assessment(missing, None))
    assert (r.scores[0].low, r.scores[0].high) == (0, 4)


def test_batch_gives_the_same_exact_ranges() -> None:
    c = compile_instrument(ORT)
    rows = [_assessment(EIGHT_OR_NINE, k) for k in (None, "kvinna", "man")]
    out = score_batch(
        c,
        encode(c, [a.answers for a in rows]),
        {"kon": np.array([None, "kvinna", "man"], dtype=object), "age": np.full(3, 50.0)},
    )
    t = c.target("total")
    assert out.low[:, t].tolist() == [8, 9, 8]
    assert out.high[:, t].tolist() == [9, 9, 8]
    assert out.level_ids("total").tolist() == ["hog", "hog", "hog"]
    assert out.status[:, t].tolist() == [1, 0, 0]  # partial while the sex is open


AGE_BINS = """
id: test-age-weights
version: "1.0.0"
languages: [sv]
title: {sv: Vikter efter ålder}
description: {sv: Endast för tester.}
provenance: {basis: reconstruction, note: {sv: Påhittat.}}
attributes:
  - {id: age, label: {sv: Ålder}, type: integer}
level_sets:
  - id: lh
    levels: [{id: lag, label: {sv: Låg}}, {id: hog, label: {sv: Hög}}]
scales:
  - id: jn
    label: {sv: Ja/nej}
    options: [{code: nej, value: 0, label: {sv: Nej}}, {code: ja, value: 1, label: {sv: Ja}}]
items:
  - id: tidig
    role: static_risk
    scale: jn
    weight: 5
    weight_by: {attribute: age, cases: [{max: 17, weight: 2}, {min: 18, max: 24, weight: 1}]}
    text: {sv: Tidig debut}
    provenance: {basis: reconstruction}
  - id: vald
    role: static_risk
    scale: jn
    text: {sv: Våld}
    provenance: {basis: reconstruction}
band_tables:
  - id: b
    level_set: lh
    bands: [{level: lag, min: 0, below: 3}, {level: hog, min: 3}]
scores:
  - {id: total, label: {sv: Summa}, kind: risk, roles: [static_risk], bands: b}
"""


@pytest.mark.parametrize(
    ("age", "low", "high"),
    [(16, 3, 3), (20, 2, 2), (30, 6, 6), (None, 2, 6)],  # bins 2 / 1 / plain weight 5
)
def test_weights_by_age_bins_and_the_plain_weight_beyond_them(
    age: int | None, low: float, high: float
) -> None:
    inst = load_instrument_text(AGE_BINS)
    a = _assessment({"tidig": "ja", "vald": "ja"}, None, age, inst)
    [total] = score(inst, a).scores
    assert (total.low, total.high) == (low, high)
    c = compile_instrument(inst)
    ages = np.array([np.nan if age is None else age], dtype=float)
    out = score_batch(c, encode(c, [a.answers]), {"age": ages})
    assert (out.low[0, 0], out.high[0, 0]) == (low, high)


def test_the_fhir_form_asks_for_the_attribute_a_weight_reads() -> None:
    q = questionnaire(ORT)
    kon = next(n for n in q["item"] if n["linkId"] == "attribute-kon")
    assert [o["valueCoding"]["code"] for o in kon["answerOption"]] == ["kvinna", "man"]


def test_bundled_instruments_keep_their_hashes_with_the_new_keys() -> None:
    """weight_by is left out of to_dict() when absent, so no hash moves."""
    for inst in (load_instrument("check-rbmk"), load_instrument("check-irk")):
        assert "weight_by" not in str(inst.to_dict())


def test_the_handout_cut_offs_use_the_weights_for_either_sex() -> None:
    """Women and men both reach 26 at most (family alcohol 1 / 3, early abuse 3 / 0 …)."""
    from sigrbm.documents.cutoffs import band_ranges, integral_range

    [total] = ORT.scores
    whole = integral_range(ORT, total)
    assert whole == (0, 26)
    bands = ORT.band_table("ort_niva").bands
    assert band_ranges(bands, whole, "sv") == ["0–3", "4–7", "8–26"]


@given(
    st.fixed_dictionaries(
        {
            i.id: st.sampled_from(["ja", "nej", "vet_ej", None])
            for i in ORT.items
            if i.derive is None
        }
    ),
    st.none() | st.integers(10, 70),
)
def test_an_unknown_sex_gives_exactly_the_union_of_both_sexes(
    answers: dict[str, str | None], age: int | None
) -> None:
    """Exact, not merely sound: the range with the sex unknown is the smallest range holding
    the woman's and the man's, and its level is given whenever both give the same one."""
    given_ = {k: v for k, v in answers.items() if v is not None}

    def total(kon: str | None) -> ScoreResult:
        a = _assessment({}, kon, age)
        return compute(ORT, attrs.evolve(a, answers=given_)).scores[0]

    unknown, woman, man = total(None), total("kvinna"), total("man")
    assert unknown.low == min(woman.low, man.low)
    assert unknown.high == max(woman.high, man.high)
    if woman.level is not None and woman.level == man.level:
        assert unknown.level == woman.level
