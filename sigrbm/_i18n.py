"""User-facing words of the text and Markdown reports, Swedish first, then English."""

from __future__ import annotations

LANGUAGES = ("sv", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "case": {"sv": "Ärende", "en": "Case"},
    "assessor": {"sv": "bedömare", "en": "assessor"},
    "instrument": {"sv": "Instrument", "en": "Instrument"},
    "overall": {"sv": "Samlad nivå", "en": "Overall level"},
    "computed": {"sv": "beräknad", "en": "computed"},
    "professional": {"sv": "professionell bedömning", "en": "professional judgement"},
    "override": {"sv": "avvikelse från beräknad nivå", "en": "override of the computed level"},
    "reason": {"sv": "skäl", "en": "reason"},
    "undetermined": {"sv": "obestämd", "en": "undetermined"},
    "no_level": {"sv": "ingen nivå", "en": "no level"},
    "domains": {"sv": "Områden", "en": "Domains"},
    "scores": {"sv": "Summerade skalor", "en": "Scores"},
    "points": {"sv": "poäng", "en": "points"},
    "of_range": {"sv": "möjligt", "en": "possible"},
    "prorated": {"sv": "uppräknad", "en": "prorated"},
    "answered": {"sv": "besvarade", "en": "answered"},
    "needs": {"sv": "Behov i prioritetsordning", "en": "Needs in priority order"},
    "possible_need": {"sv": "möjligt behov", "en": "possible need"},
    "big_four": {"sv": "central fyra", "en": "big four"},
    "no_needs": {"sv": "Inga behov över tröskeln.", "en": "No needs above the threshold."},
    "responsivity": {"sv": "Mottaglighet", "en": "Responsivity"},
    "none_present": {"sv": "Inga angivna.", "en": "None recorded."},
    "protective": {"sv": "Skyddsfaktorer", "en": "Protective factors"},
    "rules": {"sv": "Regler", "en": "Rules"},
    "floor": {"sv": "golv", "en": "floor"},
    "flag": {"sv": "flagga", "en": "flag"},
    "possible": {
        "sv": "möjlig, beror på obesvarade frågor",
        "en": "possible, depends on missing answers",
    },
    "raises": {"sv": "höjer till minst", "en": "raises to at least"},
    "missing": {"sv": "Obesvarade frågor", "en": "Missing answers"},
    "not_applicable": {"sv": "Ej aktuella frågor", "en": "Items that do not apply"},
    "screening": {"sv": "Screening", "en": "Screening"},
    "eligible_yes": {"sv": "fördjupad bedömning föreslås", "en": "full assessment suggested"},
    "eligible_no": {
        "sv": "ingen fördjupad bedömning föreslås",
        "en": "no full assessment suggested",
    },
    "eligible_open": {
        "sv": "obestämt, beror på obesvarade frågor",
        "en": "undetermined, depends on missing answers",
    },
    "because": {"sv": "grund", "en": "because of"},
    "trace": {"sv": "Underlag per område och skala", "en": "How each level was reached"},
    "band": {"sv": "band", "en": "band"},
    "floors_applied": {"sv": "golv", "en": "floors"},
    "provenance": {"sv": "Underlag för formuleringarna", "en": "What the wording rests on"},
    "comparison": {"sv": "Jämförelse", "en": "Comparison"},
    "improved": {"sv": "förbättrad", "en": "improved"},
    "unchanged": {"sv": "oförändrad", "en": "unchanged"},
    "worse": {"sv": "försämrad", "en": "worse"},
    "needs_appeared": {"sv": "Nya behov", "en": "Needs that appeared"},
    "needs_resolved": {"sv": "Behov som upphört", "en": "Needs that resolved"},
    "needs_remaining": {"sv": "Kvarstående behov", "en": "Needs that remain"},
    "none": {"sv": "inga", "en": "none"},
    "item_missing": {"sv": "obesvarad", "en": "missing"},
    "item_na": {"sv": "ej aktuell", "en": "does not apply"},
}


def t(key: str, lang: str) -> str:
    """The message ``key`` in ``lang`` (KeyError for an unknown key: a bug, not user input)."""
    return MESSAGES[key][lang]
