"""Every failure of the library API is a ``SigrbmError`` (issue 15), and the values the CLI
prints as JSON have a public ``to_dict``."""

from __future__ import annotations

import json

import numpy as np
import pytest

import sigrbm
from sigrbm.batch.compile import compile_instrument, encode
from sigrbm.batch.kernel import score_batch
from sigrbm.errors import InputShapeError, NoAssessmentError, UnknownIdError


def test_instrument_item_raises_a_sigrbm_error_that_is_still_a_key_error() -> None:
    inst = sigrbm.load_instrument("check-irk")
    with pytest.raises(sigrbm.SigrbmError) as info:
        inst.item("no-such-item")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, UnknownIdError)
    assert str(info.value) == "no item 'no-such-item'"


def test_encode_unknown_item_and_option_are_sigrbm_errors() -> None:
    compiled = compile_instrument(sigrbm.load_instrument("check-irk"))
    with pytest.raises(UnknownIdError, match="no item 'nope'"):
        encode(compiled, [{"nope": "ja"}])
    with pytest.raises(UnknownIdError, match="'kanske'"):
        encode(compiled, [{"irk_kriminalitet": "kanske"}])


def test_score_batch_shape_error_is_a_sigrbm_error() -> None:
    compiled = compile_instrument(sigrbm.load_instrument("check-irk"))
    with pytest.raises(InputShapeError) as info:
        score_batch(compiled, np.zeros((2, 3), dtype=np.int32))
    assert isinstance(info.value, sigrbm.SigrbmError)
    assert isinstance(info.value, ValueError)
    with pytest.raises(InputShapeError):
        score_batch(compiled, np.zeros((2, len(compiled.item_ids)), dtype=np.float64))


def test_case_latest_without_assessment_is_a_sigrbm_error() -> None:
    case = sigrbm.load_case(sigrbm.example_case("case-rbmk"))
    with pytest.raises(NoAssessmentError) as info:
        case.latest("check-nope")
    assert isinstance(info.value, sigrbm.SigrbmError)
    assert isinstance(info.value, LookupError)


def test_catalogue_and_result_lookups_are_sigrbm_errors() -> None:
    cat = sigrbm.load_catalogue()
    with pytest.raises(UnknownIdError):
        cat.intervention("nope")
    with pytest.raises(UnknownIdError):
        cat.actor("nope")
    case = sigrbm.load_case(sigrbm.example_case("case-rbmk"))
    result = sigrbm.score(sigrbm.load_instrument("check-rbmk"), case.latest("check-rbmk"))
    with pytest.raises(UnknownIdError):
        result.domain("nope")
    with pytest.raises(UnknownIdError):
        result.score("nope")


def test_recommendations_plan_and_comparison_have_a_public_to_dict() -> None:
    import datetime as dt

    from sigrbm.interop.json_format import document

    case = sigrbm.load_case(sigrbm.example_case("case-rbmk"))
    inst = sigrbm.load_instrument("check-rbmk")
    result = sigrbm.score(inst, case.latest("check-rbmk"))
    program = sigrbm.load_program("eslov")
    a = case.latest("check-rbmk")
    recs = sigrbm.match(result, sigrbm.load_catalogue(), a.attribute_values(), program)
    data = recs.to_dict()
    assert data["case_id"] == "exempel-0001"
    assert data["stamp"]["instrument_id"] == "check-rbmk"
    assert document("sigrbm-recommendations", recs)["value"] == data
    json.dumps(data)
    outcome = sigrbm.plan(
        recs,
        program,
        date=dt.date(2026, 3, 1),
        assessment_date=a.date,
        consents=case.consents,
        legal_bases=case.legal_bases,
    )
    plain = outcome.to_dict()
    assert plain["plan"]["date"] == "2026-03-01"
    assert outcome.plan.to_dict()["program"] == "eslov"
    json.dumps(plain)
    comparison = sigrbm.compare(result, result)
    assert comparison.to_dict()["case_id"] == "exempel-0001"
    assert comparison.to_dict()["needs_appeared"] == []
