"""score_batch equals score() for every row (issue: "a hypothesis property over generated
answer matrices, including missing values and subject-dependent band tables")."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from sigrbm import load_instrument
from sigrbm.batch.compile import NO, UNANSWERED, YES, Compiled, compile_instrument, encode
from sigrbm.batch.kernel import score_batch
from sigrbm.case.model import Assessment, Subject
from sigrbm.errors import CaseError, Code
from sigrbm.instrument.model import Instrument, ScaleKind
from sigrbm.instrument.params import with_parameters
from sigrbm.instrument.select import applies
from sigrbm.scoring.result import ScoreStatus, Truth
from sigrbm.scoring.score import compute, score

from .conftest import CORPUS
from .strategies import instruments

INSTRUMENTS = [
    load_instrument("check-rbmk"),
    load_instrument("check-irk"),
    load_instrument(CORPUS / "instruments" / "valid" / "minimal.yaml"),
    load_instrument(CORPUS / "instruments" / "valid" / "features.yaml"),
    # issue 16: variants by age and by kon before default bands (a missing one leaves it open)
    load_instrument(CORPUS / "instruments" / "valid" / "band-choice.yaml"),
    load_instrument(CORPUS / "instruments" / "valid" / "edition2.yaml"),
    # issues 13/16: the same two conditions in both orders, band variants without defaults
    load_instrument(CORPUS / "instruments" / "valid" / "three-valued.yaml"),
    with_parameters(  # issue 13: a local parameter chooses the band variant
        load_instrument(CORPUS / "instruments" / "valid" / "edition2.yaml"), {"skala": "lokal"}
    ),
    with_parameters(  # ... and the level set
        load_instrument(CORPUS / "instruments" / "valid" / "edition2.yaml"), {"skala": "v2016"}
    ),
    # issue 24: weights chosen by the subject's sex (the Opioid Risk Tool)
    load_instrument(CORPUS / "instruments" / "valid" / "opioid-risk.yaml"),
    # issue 24: declared coding rules count some missing options as points
    load_instrument(CORPUS / "instruments" / "valid" / "coding-rules.yaml"),
]
COMPILED = {i.content_hash: compile_instrument(i) for i in INSTRUMENTS}
STATUS = {ScoreStatus.COMPLETE: 0, ScoreStatus.PARTIAL: 1, ScoreStatus.PRORATED: 2}
TRUTH = {Truth.YES: YES, Truth.UNKNOWN: 1}


@st.composite
def rows(draw: st.DrawFn, inst: Instrument) -> tuple[dict[str, str | int], int | None, str | None]:
    answers: dict[str, str | int] = {}
    for item in inst.items:
        if item.derive is not None:  # computed, never answered (issue 13)
            continue
        scale = inst.scale(item.scale)
        choices: list[st.SearchStrategy[str | int | None]] = [st.none()]
        if scale.missing:
            choices.append(st.sampled_from([o.code for o in scale.missing]))
        if scale.kind is ScaleKind.COUNT:
            choices.append(st.integers(0, 9))
        else:
            choices.append(st.sampled_from([o.code for o in scale.options]))
        value = draw(st.one_of(*choices))
        if value is not None:
            answers[item.id] = value
    age = draw(st.none() | st.integers(8, 70))
    kon = draw(st.none() | st.sampled_from(_kon_values(inst)))
    return answers, age, kon


def _kon_values(inst: Instrument) -> list[str]:
    """The values of the instrument's ``kon`` (issue 24: the ORT's are kvinna / man)."""
    declared = next((a.values for a in inst.attributes if a.id == "kon"), ())
    return list(declared) or ["flicka", "pojke", "annat"]


@st.composite
def batches(
    draw: st.DrawFn,
) -> tuple[Instrument, list[tuple[dict[str, str | int], int | None, str | None]]]:
    inst = draw(st.sampled_from(INSTRUMENTS))
    return inst, draw(st.lists(rows(inst), min_size=1, max_size=12))


def _level(levels: tuple[str, ...], idx: int) -> str | None:
    return None if idx < 0 else levels[idx]


@given(batches())
def test_batch_equals_scalar_for_every_row(batch: tuple) -> None:  # type: ignore[type-arg]
    inst, data = batch
    _assert_batch_equals_scalar(inst, COMPILED[inst.content_hash], data)


@given(instruments(), st.data())
def test_batch_equals_scalar_on_generated_instruments(
    inst: Instrument, data: st.DataObject
) -> None:
    """Issue 13: generated instruments with per-score weights, computed items (count, sum,
    max, min, attribute values, conditions), attribute conditions in flags, and missing
    answers and ages score the same row by row."""
    rows_ = data.draw(st.lists(rows(inst), min_size=1, max_size=8))
    for _, age, kon in rows_:  # issues 13/16: one condition fails, another is unknown
        given_ = {"age": age, "kon": kon}
        for item in inst.items:
            conds = item.applies_when
            if applies(conds, {k: v for k, v in given_.items() if v is not None}) is False and any(
                given_[c.attribute] is None for c in conds
            ):
                event("an item fails one condition while another is unknown")
    _assert_batch_equals_scalar(inst, compile_instrument(inst), rows_)


def _assert_batch_equals_scalar(
    inst: Instrument,
    compiled: Compiled,
    data: list[tuple[dict[str, str | int], int | None, str | None]],
) -> None:
    data = _refused_alike(inst, compiled, data)
    if not data:
        return
    matrix = encode(compiled, [r[0] for r in data])
    ages = np.array([np.nan if r[1] is None else r[1] for r in data], dtype=float)
    kon = np.array([r[2] for r in data], dtype=object)
    out = score_batch(compiled, matrix, {"age": ages, "kon": kon}, items=True)
    for i, (answers, age, sex) in enumerate(data):
        subject = Subject(attributes={} if sex is None else {"kon": sex})
        a = Assessment(
            instrument=inst.id,
            version=inst.version,
            date=dt.date(2026, 1, 1),
            assessor="b",
            age=age,
            answers=answers,
            subject=subject,
        )
        r = compute(inst, a)
        for t, s in enumerate((*r.domains, *r.scores)):
            assert compiled.targets[t] == s.id
            assert np.isclose(out.low[i, t], s.low), s.id
            assert np.isclose(out.high[i, t], s.high), s.id
            assert np.isclose(out.raw[i, t], s.raw)
            assert out.status[i, t] == STATUS[s.status]
            assert (out.answered[i, t], out.applicable[i, t]) == (s.answered, s.applicable)
            assert _level(s.levels, out.level_low[i, t]) == s.level_low, s.id
            assert _level(s.levels, out.level_high[i, t]) == s.level_high, s.id
            assert _level(s.levels, out.computed[i, t]) == s.computed_level, s.id
            needs = out.band_needs_ids(s.id, slice(i, i + 1))[0]  # issue 16
            assert tuple(x for x in needs.split(";") if x) == s.band_needs, s.id
            if s.band_needs:
                event("band choice left open")
        floors = {h.id: h for h in r.rules if h.kind == "floor"}
        for f_i, fl in enumerate(inst.floors):
            hit = floors.get(fl.id)
            assert out.floors[i, f_i] == (TRUTH[hit.truth] if hit else NO), fl.id
            assert bool(out.floor_changed[i, f_i]) == (hit.changed if hit else False)
        flags = {h.id: h.truth for h in r.rules if h.kind == "flag"}
        for g_i, fg in enumerate(inst.flags):
            assert out.flags[i, g_i] == (TRUTH[flags[fg.id]] if fg.id in flags else NO), fg.id
        ids = compiled.item_ids
        assert out.missing is not None
        assert out.not_applicable is not None
        assert tuple(ids[k] for k in np.flatnonzero(out.missing[i])) == r.missing
        assert tuple(ids[k] for k in np.flatnonzero(out.not_applicable[i])) == r.not_applicable


def _refused_alike(
    inst: Instrument,
    compiled: Compiled,
    data: list[tuple[dict[str, str | int], int | None, str | None]],
) -> list[tuple[dict[str, str | int], int | None, str | None]]:
    """Issue 24: the library's ``score_batch`` refuses exactly the rows whose subject
    attributes ``score`` refuses (C607: an attribute the instrument needs is missing, or a
    value it does not have); the rows it keeps are returned for the comparison."""
    refused = []
    for answers, age, sex in data:
        a = Assessment(
            instrument=inst.id,
            version=inst.version,
            date=dt.date(2026, 1, 1),
            assessor="b",
            age=age,
            answers=answers,
            subject=Subject(attributes={} if sex is None else {"kon": sex}),
        )
        try:
            score(inst, a)
            refused.append(False)
        except CaseError as exc:
            refused.append(Code.CASE_ATTRIBUTE in exc.codes)
    if not any(refused):
        return data
    event("rows refused for their attributes")
    matrix = encode(compiled, [r[0] for r in data])
    ages = np.array([np.nan if r[1] is None else r[1] for r in data], dtype=float)
    kon = np.array([r[2] for r in data], dtype=object)
    with pytest.raises(CaseError) as caught:
        score_batch(compiled, matrix, {"age": ages, "kon": kon})
    assert set(caught.value.codes) == {Code.CASE_ATTRIBUTE}
    named = {p.path[0] for p in caught.value.problems}
    assert named <= {i for i, r in enumerate(refused) if r}
    return [row for row, r in zip(data, refused, strict=True) if not r]


def test_encode_and_empty_answers() -> None:
    c = compile_instrument(load_instrument("check-irk"))
    m = encode(c, [{"irk_kriminalitet": "ja", "irk_fritid": "vet_ej"}, {}])
    assert m[0, 0] == 1
    assert m[0, c.item_ids.index("irk_fritid")] == -1
    assert (m[1] == UNANSWERED).all()
    out = score_batch(c, m)
    assert out.missing is None  # item masks only on request
    t = c.target("irk_summa")
    assert (out.low[0, t], out.high[0, t]) == (1, 8)  # 1 ja + 7 open items of 0–1
    assert out.level_id(0, "irk_summa") is None
    assert (out.low[1, t], out.high[1, t]) == (0, 8)


@given(batches())
def test_items_present_equals_the_kernels_mask(batch: tuple) -> None:  # type: ignore[type-arg]
    """Statistics read item presence without the full masks: the same as score_batch's."""
    from sigrbm.batch.kernel import items_present

    inst, data = batch
    compiled = COMPILED[inst.content_hash]
    matrix = encode(compiled, [r[0] for r in data])
    attributes = {
        "age": np.array([np.nan if r[1] is None else r[1] for r in data], dtype=float),
        "kon": np.array([r[2] for r in data], dtype=object),
    }
    out = score_batch(compiled, matrix, attributes, items=True, check=False)  # masks only
    cols = list(range(len(compiled.item_ids)))
    assert out.present is not None
    assert (items_present(compiled, matrix, attributes, cols) == out.present).all()
