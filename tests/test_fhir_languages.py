"""Issue 23: a Questionnaire speaks only its instrument's languages — an English-only
instrument gets no Swedish group titles, helper questions or translations, and its codings
show the English label."""

from __future__ import annotations

import json
from typing import Any

import yaml

from sigrbm.instrument.model import Instrument
from sigrbm.interop.fhir import questionnaire

from .conftest import CORPUS, ROOT

SWEDISH_HELPERS = ("Professionell", "Ålder", "Mottaglighet", "Statiska", "Dynamiska",
                   "Skyddsfaktorer", "om antalet", "Skäl", "Bedömare", "Datum",
                   "Beräknas", "fylls inte i", "Poäng", "räkna ut")  # fmt: skip


def english_only(data: Any) -> Any:
    """The instrument's data with every {sv, en} text cut to English."""
    if isinstance(data, dict):
        if data and set(data) <= {"sv", "en"} and all(isinstance(v, str) for v in data.values()):
            return {"en": data["en"]}
        return {k: english_only(v) for k, v in data.items()}
    if isinstance(data, list):
        return [english_only(v) for v in data]
    return data


def load(name: str, *, english: bool) -> Instrument:
    path = ROOT / "instruments" / f"{name}.yaml"
    if not path.exists():
        path = CORPUS / "instruments" / "valid" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if english:
        data = {**english_only(data), "languages": ["en"]}
    return Instrument.from_dict(json.loads(json.dumps(data, default=str)))


def translations(q: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(q, dict):
        if q.get("url") == "lang" and "valueCode" in q:
            found.add(q["valueCode"])
        for v in q.values():
            found |= translations(v)
    elif isinstance(q, list):
        for v in q:
            found |= translations(v)
    return found


def test_an_english_only_form_has_no_swedish() -> None:
    for name in ("check-rbmk", "check-irk", "edition2"):  # edition2: computed items
        q = questionnaire(load(name, english=True))
        text = json.dumps(q, ensure_ascii=False)
        assert q["language"] == "en"
        assert translations(q) == set()
        assert [w for w in SWEDISH_HELPERS if w in text] == []


def test_a_bilingual_form_keeps_both() -> None:
    q = questionnaire(load("check-rbmk", english=False))
    text = json.dumps(q, ensure_ascii=False)
    assert translations(q) == {"en"}
    assert "Professionell bedömning" in text
    assert "Professional judgement" in text
