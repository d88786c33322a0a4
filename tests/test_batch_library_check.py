"""Issue 24, "What to build" 3: one check on every path. The library's ``score_batch``
refuses rows lacking an attribute the instrument reads (C607), as ``score``, ``check``
and the batch readers do, instead of scoring them with a determinate level that could be
wrong; the equivalence property in tests/test_batch.py covers it on generated rows."""

from __future__ import annotations

import numpy as np
import pytest

from sigrbm import load_instrument
from sigrbm.batch.compile import compile_instrument, encode
from sigrbm.batch.kernel import score_batch
from sigrbm.errors import CaseError, Code, InputShapeError

from .conftest import CORPUS

MINIMAL = load_instrument(CORPUS / "instruments" / "valid" / "minimal.yaml")  # k1: age ≥ 12
COMPILED = compile_instrument(MINIMAL)
ROWS = [{"h1": "ja", "k1": "ja", "k2": "nej"}] * 3


def test_a_row_without_the_age_an_item_needs_is_refused_with_its_row() -> None:
    ages = np.array([15.0, np.nan, np.nan])
    with pytest.raises(CaseError) as caught:
        score_batch(COMPILED, encode(COMPILED, ROWS), {"age": ages})
    [problem] = caught.value.problems
    assert (problem.code, problem.path) == (Code.CASE_ATTRIBUTE, (1, "age"))
    assert problem.message.endswith("(and 1 more rows)")


def test_no_attributes_at_all_is_refused_too() -> None:
    with pytest.raises(CaseError) as caught:
        score_batch(COMPILED, encode(COMPILED, ROWS))
    assert [p.path for p in caught.value.problems] == [(0, "age")]


def test_rows_with_every_attribute_are_scored() -> None:
    out = score_batch(COMPILED, encode(COMPILED, ROWS), {"age": np.array([15.0, 9.0, 30.0])})
    t = COMPILED.target("risk")
    assert out.low[:, t].tolist() == [4, 2, 4]  # h1 2 + k1 2 (not for the 9-year-old) + k2 0


def test_a_category_value_the_attribute_does_not_have_is_refused() -> None:
    inst = load_instrument(CORPUS / "instruments" / "valid" / "opioid-risk.yaml")
    c = compile_instrument(inst)
    answers = encode(c, [{"familj_alkohol": "ja"}] * 2)
    kon = np.array(["kvinna", "flicka"], dtype=object)
    with pytest.raises(CaseError) as caught:
        score_batch(c, answers, {"kon": kon, "age": np.array([30.0, 30.0])})
    assert [(p.code, p.path) for p in caught.value.problems] == [(Code.CASE_ATTRIBUTE, (1, "kon"))]
    # a missing sex is no error: the ORT's weights give an exact range for it
    kon = np.array(["kvinna", None], dtype=object)
    out = score_batch(c, answers, {"kon": kon, "age": np.array([30.0, 30.0])})
    # woman 1 + 1 (aged 16–45) up to 26, man 3 + 1 up to 26: the union is 2–26
    assert (out.low[1, 0], out.high[1, 0]) == (2, 26)


def test_an_attribute_of_another_length_is_a_shape_error() -> None:
    with pytest.raises(InputShapeError):
        score_batch(COMPILED, encode(COMPILED, ROWS), {"age": np.array([15.0])})
