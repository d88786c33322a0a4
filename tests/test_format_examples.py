"""The issue-13 worked examples of docs/instrument-format.md are excerpts of corpus
instruments, and their arithmetic is what the scorer computes (round 3, "done when":
a worked example from a named public instrument for each feature)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from sigrbm import load_instrument
from sigrbm.case.model import Assessment, ProfessionalJudgement
from sigrbm.scoring.score import score

from .conftest import CORPUS, ROOT

FORMAT_DOC = (ROOT / "docs" / "instrument-format.md").read_text(encoding="utf-8")
VALID = CORPUS / "instruments" / "valid"


def _block(marker: str) -> dict[str, Any]:
    """The YAML block of the format doc that contains ``marker``."""
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", FORMAT_DOC, re.S) if marker in b]
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


def _raw(name: str) -> dict[str, Any]:
    data = yaml.safe_load((VALID / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _by_id(elements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in elements}


def test_several_judged_scores_example_is_an_excerpt_of_two_outcomes() -> None:
    shown, whole = _block("further_scores: [utsatthet]"), _raw("two-outcomes.yaml")
    assert shown["judgement"] == whole["judgement"]
    assert shown["scores"] == whole["scores"]
    assert "https://www.pubmed.gov/23436983/" in FORMAT_DOC  # the named public source


def test_optional_domains_example_is_an_excerpt_of_edition2() -> None:
    shown, whole = _block("- id: partner                      # no domain"), _raw("edition2.yaml")
    assert "domains" not in whole
    items = _by_id(whole["items"])
    for item in shown["items"]:
        assert "domain" not in item
        assert item == items[item["id"]]
    assert shown["scores"] == [_by_id(whole["scores"])["total"]]


def test_two_outcomes_hand_case_from_the_doc() -> None:
    """Impulsivity 2, conflicts 1, substance use 1 → 4 → hög (bands 0–1, 2–3, 4+); risky
    peers 2 + substance use 1 → 3 → hög (0, 1–2, 3+). The assessor agrees on the first and
    lowers the second to medel with reason, author and date."""
    inst = load_instrument(VALID / "two-outcomes.yaml")
    a = Assessment(
        instrument=inst.id,
        version=inst.version,
        date=dt.date(2026, 3, 1),
        assessor="hl-1",
        age=15,
        answers={
            "impulsivitet": "tydlig",
            "konflikter": "viss",
            "missbruk": "viss",
            "riskfyllda_kamrater": "tydlig",
        },
        judgement=ProfessionalJudgement(level="hog"),
        judgements={
            "utsatthet": ProfessionalJudgement(
                level="medel", reason="skäl", author="hl-2", date=dt.date(2026, 3, 2)
            )
        },
    )
    r = score(inst, a)
    assert (r.score("vald_mot_andra").value, r.score("vald_mot_andra").level) == (4, "hog")
    assert (r.score("utsatthet").value, r.score("utsatthet").level) == (3, "hog")
    assert r.overall is not None
    assert (r.overall.final_level, r.overall.override) == ("hog", False)
    (u,) = r.judgements
    assert (u.score, u.computed_level, u.professional_level, u.override, u.final_level) == (
        "utsatthet",
        "hog",
        "medel",
        True,
        "medel",
    )
    assert r.domains == ()
    assert r.needs == ()


def test_two_outcomes_with_a_missing_answer_keeps_each_level_honest() -> None:
    """konflikter unknown: vald_mot_andra 3–5 spans medel and hög (undetermined); utsatthet
    does not read it and stays 3 → hög."""
    inst = load_instrument(VALID / "two-outcomes.yaml")
    a = Assessment(
        instrument=inst.id,
        version=inst.version,
        date=dt.date(2026, 3, 1),
        assessor="hl-1",
        age=15,
        answers={
            "impulsivitet": "tydlig",
            "konflikter": "vet_ej",
            "missbruk": "viss",
            "riskfyllda_kamrater": "tydlig",
        },
    )
    r = score(inst, a)
    v = r.score("vald_mot_andra")
    assert (v.low, v.high, v.level, v.level_low, v.level_high) == (3, 5, None, "medel", "hog")
    assert r.score("utsatthet").level == "hog"
    assert r.overall is not None
    assert (r.overall.computed_level, r.overall.final_level) == (None, None)
    assert [(j.score, j.final_level) for j in r.judgements] == [("utsatthet", "hog")]
