"""Builders shared by the matching, consent and plan tests."""

from __future__ import annotations

import datetime as dt

from sigrbm import load_instrument
from sigrbm.case.model import Assessment, ProfessionalJudgement
from sigrbm.casework.catalogue import load_catalogue
from sigrbm.scoring.result import Result
from sigrbm.scoring.score import compute

RBMK = load_instrument("check-rbmk")
CATALOGUE = load_catalogue()
DAY = dt.date(2026, 3, 1)


def rbmk_result(age: int, level: str | None = None, **answers: str | int) -> Result:
    """All risk, responsivity and protective items 'nej' (count 0) unless given."""
    base: dict[str, str | int] = {}
    for item in RBMK.items:
        if item.applies_when:
            lo = item.applies_when[0].min
            hi = item.applies_when[0].max
            if (lo is not None and age < lo) or (hi is not None and age > hi):
                continue
        base[item.id] = 0 if item.scale == "antal_anmalningar" else "nej"
    base.update(answers)
    return rbmk_compute(age, level, base)


def rbmk_compute(age: int, level: str | None, answers: dict[str, str | int]) -> Result:
    """Score exactly these answers, with a professional judgement of ``level`` if given."""
    judgement = (
        None
        if level is None
        else ProfessionalJudgement(level=level, reason="r", author="a", date=DAY)
    )
    a = Assessment(
        instrument="check-rbmk",
        version=RBMK.version,
        date=DAY,
        assessor="t",
        age=age,
        answers=answers,
        judgement=judgement,
        case_id="m",
    )
    return compute(RBMK, a)
