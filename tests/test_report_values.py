"""Issue 24, "What to build" 4: the raw range before a lookup in every result and report,
and the parameter values in force in every report header."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pytest

from sigrbm import load_instrument
from sigrbm.batch.compile import compile_instrument, encode
from sigrbm.batch.kernel import score_batch
from sigrbm.case.model import Assessment, Subject
from sigrbm.documents.render import render
from sigrbm.documents.text_report import render_result
from sigrbm.documents.views_report import report_view
from sigrbm.instrument.params import with_parameters
from sigrbm.scoring.score import score

from .conftest import CORPUS

VALID = CORPUS / "instruments" / "valid"
FEATURES = load_instrument(VALID / "features.yaml")  # poang: a + b (0–2 each) → lookup


def _features(answers: dict[str, str | int]) -> Assessment:
    return Assessment(
        instrument=FEATURES.id,
        version=FEATURES.version,
        date=dt.date(2026, 1, 10),
        assessor="sk-7",
        age=12,
        answers=answers,
        case_id="c-1",
        subject=Subject(attributes={"kon": "pojke"}),
    )


def test_the_scalar_result_keeps_the_range_before_the_lookup_as_batch_does() -> None:
    a = _features({"a": "ja"})  # a 2, b missing (0–2): 2–4 before the lookup, 20–30 after
    [poang] = score(FEATURES, a).scores
    assert (poang.low, poang.high, poang.raw_low, poang.raw_high) == (20, 30, 2, 4)
    c = compile_instrument(FEATURES)
    out = score_batch(
        c,
        encode(c, [a.answers]),
        {"age": np.array([12.0]), "kon": np.array(["pojke"], dtype=object)},
    )
    assert out.raw_low is not None
    assert out.raw_high is not None
    assert (out.raw_low[0, 0], out.raw_high[0, 0]) == (2, 4)
    [domain] = score(FEATURES, a).domains
    assert (domain.raw_low, domain.raw_high) == (None, None)  # no lookup


@pytest.mark.parametrize(
    ("lang", "words"), [("sv", "summa före omräkning 2–4"), ("en", "sum before conversion 2–4")]
)
def test_the_reports_show_the_range_before_the_lookup(lang: str, words: str) -> None:
    result = score(FEATURES, _features({"a": "ja"}))
    assert f"20–30 ({words})" in render_result(result, FEATURES, lang)
    if lang not in FEATURES.languages:  # the printed report needs every text in its language
        return
    for fmt in ("md", "html"):
        assert f"20–30 ({words})" in render(f"report.{fmt}.j2", report_view(result, FEATURES, lang))


@pytest.mark.parametrize(("lang", "word"), [("sv", "Parametrar"), ("en", "Parameters")])
def test_every_report_header_names_the_parameter_values_in_force(lang: str, word: str) -> None:
    inst = with_parameters(load_instrument(VALID / "edition2.yaml"), {"skala": "lokal"})
    a = Assessment(
        instrument=inst.id,
        version=inst.version,
        date=dt.date(2026, 1, 10),
        assessor="sk-7",
        age=30,
        answers={},
        case_id="c-1",
    )
    result = score(inst, a)
    text = render_result(result, inst, lang)
    head = text.split("\n\n")[1]  # the lines under the title
    assert f"{word}: skala = lokal" in head
    for fmt in ("md", "html"):
        page = render(f"report.{fmt}.j2", report_view(result, inst, lang))
        assert f"{word}: skala = lokal" in page
    from sigrbm.documents.text_report import render_comparison
    from sigrbm.scoring.compare import compare

    later = score(inst, attrs.evolve(a, date=dt.date(2026, 3, 1)))
    head = render_comparison(compare(result, later), inst, lang).split("\n\n")[1]
    assert f"{word}: skala = lokal" in head
    plain = render_result(score(FEATURES, _features({})), FEATURES, lang)
    assert word not in plain  # no parameters, no line


def test_the_statistics_header_names_the_parameter_values_too() -> None:
    from sigrbm.batch.read_csv import read_csv
    from sigrbm.batch.stats import compute_stats
    from sigrbm.batch.stats_text import stats_text

    inst = with_parameters(load_instrument(VALID / "edition2.yaml"), {"skala": "lokal"})
    c = compile_instrument(inst)
    data, problems, _ = read_csv("rows.csv", c, text="case_id,date,age\nc-1,2026-01-10,30\n")
    assert problems == []
    stats = compute_stats(data, score_batch(c, data.answers, data.attributes))
    assert stats_text(stats, inst).split("\n")[0].endswith(" · parametrar skala = lokal")
    assert stats_text(stats, inst, lang="en").split("\n")[0].endswith(" · parameters skala = lokal")
