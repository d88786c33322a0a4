"""Properties of scoring (issue: "scores stay within their bounds; moving any risk answer up
its scale never lowers a risk score or level; a 'vet ej' answer is never counted as zero; a
determinate level does not change whatever the missing answers turn out to be; JSON output
round-trips")."""

from __future__ import annotations

import datetime as dt
import json

import attrs
from hypothesis import given
from hypothesis import strategies as st

from sigrbm import load_instrument
from sigrbm.case.model import Assessment
from sigrbm.instrument.model import RISK_ROLES, Instrument, MissingMethod, ScaleKind
from sigrbm.instrument.select import attainable_range, domain_items, score_items
from sigrbm.scoring.result import Result, ScoreResult
from sigrbm.scoring.score import applies, compute

from .conftest import CORPUS

RBMK = load_instrument("check-rbmk")
MINIMAL = load_instrument(CORPUS / "instruments" / "valid" / "minimal.yaml")
INSTRUMENTS = st.sampled_from([RBMK, MINIMAL])


@st.composite
def assessments(draw: st.DrawFn, inst: Instrument) -> Assessment:
    age = draw(st.integers(10, 27))
    answers: dict[str, str | int] = {}
    for item in inst.items:
        if applies(item.applies_when, {"age": age}) is False:
            continue
        scale = inst.scale(item.scale)
        choices: list[st.SearchStrategy[str | int | None]] = [st.none()]
        if scale.missing:
            choices.append(st.sampled_from([o.code for o in scale.missing]))
        if scale.kind is ScaleKind.COUNT:
            choices.append(st.integers(0, 8))
        else:
            choices.append(st.sampled_from([o.code for o in scale.options]))
        answer = draw(st.one_of(*choices))
        if answer is not None:
            answers[item.id] = answer
    return Assessment(
        instrument=inst.id,
        version=inst.version,
        date=dt.date(2026, 1, 1),
        assessor="p",
        age=age,
        answers=answers,
        case_id="prop",
    )


@st.composite
def instrument_and_assessment(draw: st.DrawFn) -> tuple[Instrument, Assessment]:
    inst = draw(INSTRUMENTS)
    return inst, draw(assessments(inst))


def _policy(inst: Instrument, r: ScoreResult) -> MissingMethod:
    pol = inst.domain(r.id).missing if r.source == "domain" else inst.score(r.id).missing
    return (pol or inst.defaults.missing).method


def _items(inst: Instrument, r: ScoreResult) -> list:  # type: ignore[type-arg]
    return domain_items(inst, r.id) if r.source == "domain" else score_items(inst, inst.score(r.id))


def _level_index(r: ScoreResult, level: str | None) -> int:
    assert level is not None
    return r.levels.index(level)


@given(instrument_and_assessment())
def test_scores_stay_within_their_bounds(pair: tuple[Instrument, Assessment]) -> None:
    inst, a = pair
    result = compute(inst, a)
    for r in (*result.domains, *result.scores):
        lo, hi = attainable_range(inst, _items(inst, r))
        assert lo - 1e-9 <= r.low <= r.high <= hi + 1e-9
        if r.value is not None:
            assert r.low == r.value == r.high
        assert 0 <= r.answered <= r.applicable
        if r.levels:
            assert _level_index(r, r.level_low) <= _level_index(r, r.level_high)


@given(st.data(), instrument_and_assessment())
def test_moving_a_risk_answer_up_never_lowers_risk(
    data: st.DataObject, pair: tuple[Instrument, Assessment]
) -> None:
    inst, a = pair
    movable = []
    for item_id, answer in a.answers.items():
        item = inst.item(item_id)
        scale = inst.scale(item.scale)
        if item.role not in RISK_ROLES or item.weight < 0:
            continue
        if scale.kind is ScaleKind.COUNT and isinstance(answer, int):
            movable.append((item_id, answer + data.draw(st.integers(1, 3))))
        codes = [o.code for o in scale.options]
        if answer in codes and codes.index(str(answer)) + 1 < len(codes):
            movable.append((item_id, codes[codes.index(str(answer)) + 1]))
    if not movable:
        return
    item_id, higher = data.draw(st.sampled_from(movable))
    before = compute(inst, a)
    after = compute(inst, attrs.evolve(a, answers={**a.answers, item_id: higher}))
    for b in (*before.domains, *before.scores):
        if b.kind not in ("risk", "static", "dynamic"):
            continue
        c = after.domain(b.id) if b.source == "domain" else after.score(b.id)
        assert c.low >= b.low - 1e-9
        assert c.high >= b.high - 1e-9
        if b.levels:
            assert _level_index(c, c.level_low) >= _level_index(b, b.level_low)
            assert _level_index(c, c.level_high) >= _level_index(b, b.level_high)


@given(st.data(), instrument_and_assessment())
def test_vet_ej_is_never_counted_as_zero(
    data: st.DataObject, pair: tuple[Instrument, Assessment]
) -> None:
    inst, a = pair
    ordinal = [
        i
        for i in inst.items
        if i.role in RISK_ROLES
        and inst.scale(i.scale).kind is ScaleKind.ORDINAL
        and inst.scale(i.scale).missing
        and i.id in a.answers
    ]
    if not ordinal:
        return
    item = data.draw(st.sampled_from(ordinal))
    scale = inst.scale(item.scale)
    lowest = compute(inst, attrs.evolve(a, answers={**a.answers, item.id: scale.options[0].code}))
    unknown = compute(inst, attrs.evolve(a, answers={**a.answers, item.id: scale.missing[0].code}))
    assert item.id in unknown.missing
    assert item.id not in lowest.missing
    assert item.domain is not None
    d_low, d_unk = lowest.domain(item.domain), unknown.domain(item.domain)
    pmin, pmax = scale.points_range()
    span = item.weight * (pmax - pmin)
    assert d_unk.low == d_low.low
    assert d_unk.high == d_low.high + span  # the unknown answer can still be the top option
    assert d_unk.answered == d_low.answered - 1


@given(st.data(), instrument_and_assessment())
def test_a_determinate_level_holds_for_every_completion(
    data: st.DataObject, pair: tuple[Instrument, Assessment]
) -> None:
    inst, a = pair
    partial = compute(inst, a)
    completed = dict(a.answers)
    for item_id in partial.missing:
        scale = inst.scale(inst.item(item_id).scale)
        completed[item_id] = (
            data.draw(st.integers(0, 8))
            if scale.kind is ScaleKind.COUNT
            else data.draw(st.sampled_from([o.code for o in scale.options]))
        )
    full = compute(inst, attrs.evolve(a, answers=completed))
    assert full.missing == ()
    for p in (*partial.domains, *partial.scores):
        if not p.levels or _policy(inst, p) is MissingMethod.PRORATE:
            continue
        f = full.domain(p.id) if p.source == "domain" else full.score(p.id)
        assert p.low - 1e-9 <= f.low <= p.high + 1e-9
        assert (
            _level_index(p, p.level_low)
            <= _level_index(f, f.level)
            <= _level_index(p, p.level_high)
        )
        if p.level is not None:
            assert f.level == p.level


@given(instrument_and_assessment())
def test_json_output_round_trips(pair: tuple[Instrument, Assessment]) -> None:
    inst, a = pair
    result = compute(inst, a)
    text = json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True)
    again = Result.from_dict(json.loads(text))
    assert again == result
