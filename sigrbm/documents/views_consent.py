"""The consent form (samtycke) and consents in words, from the data (issue 20).

The form lists the actors, the kinds of information those actors need (the actor catalogue's
``information`` with its labels, without what the program rules out) and one signature line
per party the program's consent rule asks for: the young person always — under the age where
a guardian's consent suffices the young person's own consent is still sought — and the
guardians when their consent is required.
"""

from __future__ import annotations

from typing import Any

from sigrbm.case.records import Party
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.consent import required_parties
from sigrbm.casework.consent_scope import consent_kinds, ruled_out_kinds
from sigrbm.casework.program import ProgramProfile
from sigrbm.documents.views import tx

View = dict[str, Any]

_CONSENT_TEXT = {
    "sv": "Jag samtycker till att aktörerna nedan får utbyta de uppgifter som anges, för att "
    "planera och samordna stöd till mig. Samtycket gäller till och med det datum som anges och "
    "kan när som helst återkallas.",
    "en": "I consent to the actors below exchanging the information listed, to plan and "
    "coordinate support for me. The consent is valid until the date given and can be "
    "withdrawn at any time.",
}
_NOT_REGISTERED = {
    "sv": "SIG är här en serviceinsats: den unga registreras inte i socialtjänsten, och "
    "samtycket omfattar inga uppgifter hos socialtjänsten.",
    "en": "SIG is a service measure here: the young person is not registered with social "
    "services, and the consent covers no social-services records.",
}
_LABELS = {
    "actors": {"sv": "Aktörer som omfattas", "en": "Actors covered"},
    "information": {"sv": "Uppgifter som omfattas", "en": "Information covered"},
    "valid_until": {"sv": "Gäller till och med", "en": "Valid until"},
    "withdraw": {
        "sv": "Samtycket kan återkallas när som helst hos samordnaren.",
        "en": "The consent can be withdrawn at any time with the coordinator.",
    },
    "case": {"sv": "Ärende", "en": "Case"},
    "signature": {"sv": "Underskrift och datum", "en": "Signature and date"},
    "rule": {"sv": "Vem som samtycker", "en": "Who consents"},
}


def signers(program: ProgramProfile, age: int | None, lang: str) -> list[str]:
    """The signature lines the consent rule asks for at ``age``."""
    parties, _ = required_parties(age, program.consent)
    young = {"sv": "Den unga", "en": "The young person"}[lang]
    if Party.YOUNG_PERSON not in parties:
        young = {
            "sv": "Den unga (eget samtycke eftersträvas)",
            "en": "The young person (own consent preferred)",
        }[lang]
    out = [young]
    if Party.GUARDIAN in parties:
        out += [
            {"sv": "Vårdnadshavare 1", "en": "Guardian 1"}[lang],
            {"sv": "Vårdnadshavare 2", "en": "Guardian 2"}[lang],
        ]
    return out


def consent_view(
    program: ProgramProfile,
    catalogue: Catalogue,
    *,
    actors: tuple[str, ...],
    age: int | None,
    case_id: str,
    lang: str,
) -> View:
    """A consent form for ``actors`` under ``program``'s rules at ``age``."""
    _, rule = required_parties(age, program.consent)
    names = {a.id: tx(a.name, lang, f"actors.{a.id}") for a in catalogue.actors.actors}
    kinds = consent_kinds(catalogue, program, actors)
    notes = [_NOT_REGISTERED[lang]] if ruled_out_kinds(program) else []
    return {
        "lang": lang,
        "title": {
            "sv": "Samtycke till samverkan och informationsutbyte",
            "en": "Consent to collaboration and information sharing",
        }[lang],
        "program": tx(program.name, lang, f"programs.{program.id}.name"),
        "case_id": case_id,
        "rule": tx(rule, lang, "consent rule"),
        "actors": [names.get(a, a) for a in actors],
        "information": [
            tx(catalogue.information_label(k), lang, f"information_kinds.{k}") for k in kinds
        ],
        "notes": notes,
        "text": _CONSENT_TEXT[lang],
        "labels": {k: v[lang] for k, v in _LABELS.items()},
        "signers": signers(program, age, lang),
    }
