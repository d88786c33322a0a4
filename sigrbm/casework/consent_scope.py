"""What a consent form asks for: the kinds of information the listed actors need (issue 20).

The actor catalogue says which kinds of information each actor needs (``information``); a
program may rule a kind out: where SIG is a service measure without registration with social
services (Skövde, ``registered_with_social_services: false``) no social-services records of
the young person exist, so a consent neither asks for them nor implies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sigrbm.case.records import Consent, Party
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.program import ProgramProfile
from sigrbm.reading.text import Text

#: The information kind of records held by social services (actor catalogue id).
SOCIAL_SERVICES_RECORDS = "socialtjanst"


def ruled_out_kinds(program: ProgramProfile) -> frozenset[str]:
    """Information kinds the program rules out of its consents."""
    if not program.registered_with_social_services:
        return frozenset({SOCIAL_SERVICES_RECORDS})
    return frozenset()


def information_needs(
    catalogue: Catalogue, program: ProgramProfile | None = None
) -> dict[str, tuple[str, ...]]:
    """Per actor id, the kinds of information it needs under ``program`` (the catalogue's
    ``information`` without the kinds the program rules out)."""
    out = ruled_out_kinds(program) if program is not None else frozenset()
    return {a.id: tuple(k for k in a.information if k not in out) for a in catalogue.actors.actors}


def consent_kinds(
    catalogue: Catalogue, program: ProgramProfile, actors: Iterable[str]
) -> tuple[str, ...]:
    """The kinds of information a consent for ``actors`` must name, in the catalogue's order
    of information kinds."""
    needs = information_needs(catalogue, program)
    wanted = {k for a in actors for k in needs.get(a, ())}
    return tuple(k.id for k in catalogue.actors.information_kinds if k.id in wanted)


_PARTY = {
    Party.YOUNG_PERSON: ("den unga", "the young person"),
    Party.GUARDIAN: ("vårdnadshavare", "a guardian"),
}


def consent_label(consent: Consent) -> Text:
    """ "samtycke från vårdnadshavare 2026-03-02" — a consent by party and date (and its
    withdrawal date when it was withdrawn)."""
    sv, en = _PARTY[consent.given_by]
    day = consent.date.isoformat()
    out_sv, out_en = f"samtycke från {sv} {day}", f"consent from {en} {day}"
    if consent.withdrawn is not None:
        gone = consent.withdrawn.isoformat()
        out_sv, out_en = f"{out_sv} (återkallat {gone})", f"{out_en} (withdrawn {gone})"
    return Text.of(sv=out_sv, en=out_en)


def covered_by(by: Iterable[str], consents: Sequence[Consent]) -> Text:
    """What covers an actor, in words: consents by party and date, statutes as recorded."""
    known = {c.id: c for c in consents}
    parts = [consent_label(known[b]) if b in known else Text.of(sv=b, en=b) for b in by]
    return Text.of(sv=", ".join(p["sv"] for p in parts), en=", ".join(p["en"] for p in parts))
