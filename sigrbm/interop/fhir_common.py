"""What the FHIR export and import share: URLs, ids, texts with translations, codings."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sigrbm.instrument.model import Instrument
from sigrbm.reading.text import Text

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
SYSTEM = "https://sigrbm.example/fhir/CodeSystem"
CONTENT_HASH = "https://sigrbm.example/fhir/StructureDefinition/content-hash"
SCORE_WEIGHT = "https://sigrbm.example/fhir/StructureDefinition/score-weight"  # issue 13
DERIVATION = "https://sigrbm.example/fhir/StructureDefinition/derivation"  # issue 13
DEFINITION = "https://sigrbm.example/fhir/StructureDefinition/instrument-definition"
JUDGED_SCORE = "https://sigrbm.example/fhir/StructureDefinition/judged-score"
QUESTIONNAIRE_BASE = "https://sigrbm.example/fhir/Questionnaire/"
CASE_SYSTEM = "urn:sigrbm:case"
MISSING_SUFFIX = "--missing"
JUDGEMENT = "judgement"
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def fhir_id(*parts: str) -> str:
    """A FHIR ``id`` (``[A-Za-z0-9-.]{1,64}``) for the parts: as is when valid, else hashed."""
    raw = "-".join(parts)
    if FHIR_ID.fullmatch(raw):
        return raw
    return "sigrbm-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]


def words(inst: Instrument, *, sv: str, en: str) -> Text:
    """A text sigrbm adds to a form (a group title, a helper question), in the instrument's
    languages only (issue 23: an English-only instrument gets no Swedish); English for an
    instrument in neither language."""
    given = {"sv": sv, "en": en}
    kept = {lang: given[lang] for lang in inst.languages if lang in given}
    return Text.of(kept or {"en": en})


def in_languages(inst: Instrument, text: Text) -> Text:
    """``text`` in the instrument's languages only (the whole text when it has none of them)."""
    kept = [(lang, v) for lang, v in text.items if lang in inst.languages]
    return Text(tuple(kept)) if kept else text


def display(text: Text) -> str:
    """The one string of a coding's ``display``: Swedish when there is Swedish, else the
    first language the text has."""
    return text.get("sv") or text.items[0][1]


def text_element(text: Text, primary: str = "sv") -> tuple[str, dict[str, Any] | None]:
    """The primary-language string and a ``_text`` element with the other translations."""
    first = primary if text.get(primary) else text.items[0][0]
    main = text[first]
    others = [(lang, v) for lang, v in text.items if lang != first]  # never main's own language
    if not others:
        return main, None
    ext = [
        {
            "url": TRANSLATION,
            "extension": [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": v}],
        }
        for lang, v in others
    ]
    return main, {"extension": ext}


def with_text(element: dict[str, Any], key: str, text: Text) -> dict[str, Any]:
    main, ext = text_element(text)
    element[key] = main
    if ext is not None:
        element[f"_{key}"] = ext
    return element


def coding(inst: Instrument, scale_id: str, code: str, label: Text | None) -> dict[str, Any]:
    coding: dict[str, Any] = {"system": f"{SYSTEM}/{inst.id}/{scale_id}", "code": code}
    if label is not None:
        with_text(coding, "display", label)
    return coding
