"""Declared coding rules for missing options (issue 24, "What to build" 2).

Rule (docs/instrument-format.md, *Coding rules for missing options*): a missing option
counts as points only where the instrument declares it under ``counts_as`` — on the scale,
or on one item — and the trace and the report say so ("uppgift saknas räknas som 0 enligt
kodningsreglerna"); without a declaration a missing answer stays a range, never 0.
Hand-computed on tests/corpus/instruments/valid/coding-rules.yaml (total 0–7).
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pytest

from sigrbm import load_instrument
from sigrbm.batch.compile import compile_instrument, encode
from sigrbm.batch.kernel import score_batch
from sigrbm.case.model import Assessment
from sigrbm.documents.text_report import render_result
from sigrbm.instrument.model import Instrument
from sigrbm.scoring.result import ItemStatus, ScoreStatus
from sigrbm.scoring.score import score

from .conftest import CORPUS

RULES = load_instrument(CORPUS / "instruments" / "valid" / "coding-rules.yaml")
UNAVAILABLE = {
    "domar": "uppgift_saknas",  # scale rule: 0 (× 2)
    "vald": "uppgift_saknas",  # scale rule: 0
    "ung_debut": "vet_ej",  # the item's own rule: 0
    "bryter_villkor": "ja",  # 1
}


def _a(inst: Instrument, answers: dict[str, str | int]) -> Assessment:
    return Assessment(
        instrument=inst.id,
        version=inst.version,
        date=dt.date(2026, 1, 10),
        assessor="sk-7",
        answers=answers,
        case_id="c-1",
    )


def test_declared_rules_count_the_missing_options_as_zero() -> None:
    r = score(RULES, _a(RULES, UNAVAILABLE))
    [total] = r.scores
    assert (total.value, total.status, total.level) == (1, ScoreStatus.COMPLETE, "lag")
    assert r.missing == ()
    trace = {t.item: t for t in total.items}
    assert (trace["domar"].status, trace["domar"].points, trace["domar"].counted) == (
        ItemStatus.ANSWERED,
        0,
        True,
    )
    assert trace["ung_debut"].counted
    assert not trace["bryter_villkor"].counted
    # the answer is still the code: a flag testing it holds
    assert [h.id for h in r.rules] == ["okand_debut"]


def test_an_undeclared_missing_option_stays_missing() -> None:
    """vet_ej on 'vald' has no rule (only 'ung_debut' declares one): 0–1, not 0."""
    r = score(RULES, _a(RULES, {**UNAVAILABLE, "vald": "vet_ej"}))
    [total] = r.scores
    assert (total.low, total.high, total.status) == (1, 2, ScoreStatus.PARTIAL)
    assert r.missing == ("vald",)


def test_never_applied_unless_the_instrument_declares_it() -> None:
    bare = attrs.evolve(
        RULES,
        scales=tuple(attrs.evolve(s, counts_as=()) for s in RULES.scales),
        items=tuple(attrs.evolve(i, counts_as=()) for i in RULES.items),
    )
    r = score(bare, _a(bare, UNAVAILABLE))
    [total] = r.scores
    assert (total.low, total.high) == (1, 1 + 4 + 1 + 1)  # domar 0–4, vald 0–1, debut 0–1
    assert r.missing == ("domar", "vald", "ung_debut")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", "Uppgift saknas = 0 × 2 (uppgift saknas räknas som 0 enligt kodningsreglerna)"),
        (
            "en",
            "Information unavailable = 0 × 2 (information unavailable counts as 0 by the "
            "coding rules)",
        ),
    ],
)
def test_the_report_says_which_rule_counted_an_answer(lang: str, words: str) -> None:
    text = render_result(score(RULES, _a(RULES, UNAVAILABLE)), RULES, lang)
    assert f"domar: {words}" in text


def test_batch_counts_them_alike() -> None:
    c = compile_instrument(RULES)
    rows = [UNAVAILABLE, {**UNAVAILABLE, "vald": "vet_ej"}, {"domar": 4}]
    out = score_batch(c, encode(c, rows), items=True)
    t = c.target("total")
    assert out.low[:, t].tolist() == [1, 1, 4]
    assert out.high[:, t].tolist() == [1, 2, 7]
    assert out.missing is not None
    assert out.missing.sum(axis=1).tolist() == [0, 1, 3]
    assert np.array_equal(out.status[:, t], [0, 1, 1])
