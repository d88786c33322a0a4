"""The consent gate: which actors may take part in a plan on a given date.

Whose consent is needed follows the program profile's age rule (default: under 15 a
guardian's consent suffices, the young person's own preferred; from 15 the young person's
own consent is needed; from 18 only the person's own). An actor is covered by a consent
valid on the date from every party the rule requires, or by a recorded legal basis.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping

import attrs

from sigrbm.case.records import Consent, LegalBasis, Party
from sigrbm.casework.program import ConsentRule
from sigrbm.reading.text import Text

#: Participants that are not organisations and need no consent to take part.
NO_CONSENT_NEEDED = frozenset({"familj", "young_person", "guardian"})

_PARTY = {
    Party.YOUNG_PERSON: ("den unga", "the young person"),
    Party.GUARDIAN: ("vårdnadshavare", "a guardian"),
}


@attrs.frozen(kw_only=True)
class ActorConsent:
    """Whether one actor is covered on the date, and by what or what is missing."""

    actor: str
    covered: bool
    by: tuple[str, ...] = ()  # consent ids or statutes
    missing: Text | None = None


@attrs.frozen(kw_only=True)
class ConsentReport:
    """The consent position of every actor on one date."""

    date: _dt.date
    age: int | None
    required: tuple[Party, ...]
    rule: Text
    actors: tuple[ActorConsent, ...]
    notes: tuple[Text, ...] = ()

    @property
    def uncovered(self) -> tuple[ActorConsent, ...]:
        """The actors that may not take part."""
        return tuple(a for a in self.actors if not a.covered)


def required_parties(age: int | None, rule: ConsentRule) -> tuple[tuple[Party, ...], Text]:
    """Whose consent is needed at ``age`` under ``rule``, and the rule in words."""
    if age is None:
        return (Party.YOUNG_PERSON, Party.GUARDIAN), Text.of(
            sv="Åldern är okänd: både den unga och vårdnadshavare behöver samtycka.",
            en="The age is unknown: both the young person and a guardian need to consent.",
        )
    if age >= rule.adult_from:
        return (Party.YOUNG_PERSON,), Text.of(
            sv=f"Från {rule.adult_from} år gäller bara personens eget samtycke.",
            en=f"From {rule.adult_from} only the person's own consent counts.",
        )
    if age >= rule.own_required_from:
        if (
            rule.guardian_also_required_below is not None
            and age < rule.guardian_also_required_below
        ):
            return (Party.YOUNG_PERSON, Party.GUARDIAN), Text.of(
                sv=f"Från {rule.own_required_from} år krävs den ungas eget samtycke och, under "
                f"{rule.guardian_also_required_below} år, även vårdnadshavarens.",
                en=f"From {rule.own_required_from} the young person's own consent is needed and, "
                f"under {rule.guardian_also_required_below}, a guardian's as well.",
            )
        return (Party.YOUNG_PERSON,), Text.of(
            sv=f"Från {rule.own_required_from} år krävs den ungas eget samtycke.",
            en=f"From {rule.own_required_from} the young person's own consent is needed.",
        )
    return (Party.GUARDIAN,), Text.of(
        sv=f"Under {rule.guardian_suffices_below} år räcker vårdnadshavarens samtycke; den ungas "
        "eget samtycke eftersträvas.",
        en=f"Under {rule.guardian_suffices_below} a guardian's consent suffices; the young "
        "person's own consent is preferred.",
    )


def _why_not(
    actor: str,
    party: Party,
    consents: list[Consent],
    day: _dt.date,
    age: int | None,
    *,
    label: Text | None = None,
) -> Text:
    sv_party, en_party = _PARTY[party]
    age_sv = f" ({age} år)" if age is not None else ""
    age_en = f" (age {age})" if age is not None else ""
    relevant = [c for c in consents if c.given_by is party and actor in c.actors]
    withdrawn = [c for c in relevant if c.withdrawn is not None and c.withdrawn <= day]
    expired = [c for c in relevant if c.valid_until is not None and c.valid_until < day]
    future = [c for c in relevant if c.date > day]
    if withdrawn:
        c = withdrawn[-1]
        return Text.of(
            sv=f"samtycket från {sv_party} {c.date} återkallades {c.withdrawn}",
            en=f"the consent from {en_party} of {c.date} was withdrawn on {c.withdrawn}",
        )
    if expired:
        c = expired[-1]
        return Text.of(
            sv=f"samtycket från {sv_party} {c.date} gällde till {c.valid_until}",
            en=f"the consent from {en_party} of {c.date} expired on {c.valid_until}",
        )
    if future:
        c = future[0]
        return Text.of(
            sv=f"samtycket från {sv_party} {c.date} gäller först från {c.date}",
            en=f"the consent from {en_party} of {c.date} only applies from {c.date}",
        )
    who = label or Text.of(sv=actor, en=actor)  # issue 25: the label when the caller has it
    return Text.of(
        sv=f"saknar samtycke från {sv_party}{age_sv} som omfattar {who['sv']}",
        en=f"no consent from {en_party}{age_en} covering {who['en']}",
    )


def _scope_gap(
    c: Consent, needed: tuple[str, ...], labels: Mapping[str, Text], party: Party
) -> Text | None:
    """Why consent ``c`` does not cover the kinds of information an actor needs (or None)."""
    sv_party, en_party = _PARTY[party]
    if not c.information:
        return Text.of(
            sv=f"samtycket från {sv_party} {c.date} anger ingen information som får delas",
            en=f"the consent from {en_party} of {c.date} names no information that may be shared",
        )
    lacking = [k for k in needed if k not in c.information]
    if not lacking:
        return None
    sv_kinds = [labels[k]["sv"].lower() if k in labels else k for k in lacking]
    # issue 21: "uppgifter hos socialtjänsten" is not said "uppgifter om uppgifter …"
    sv = ", ".join(k if k.startswith("uppgifter") else f"uppgifter om {k}" for k in sv_kinds)
    en = ", ".join(labels[k]["en"].lower() if k in labels else k for k in lacking)
    return Text.of(
        sv=f"samtycket från {sv_party} {c.date} omfattar inte {sv}",
        en=f"the consent from {en_party} of {c.date} does not cover information on {en}",
    )


def birthday_unknown(birth_year_month: str | None, day: _dt.date) -> bool:
    """``day`` falls in the birth month (after the birth year): the birthday may be before or
    after it, so the age counted from the month's first day may be one year too high."""
    if birth_year_month is None or len(birth_year_month) != 7:
        return False
    year, month = int(birth_year_month[:4]), int(birth_year_month[5:])
    return day.month == month and day.year > year


def strictest_parties(
    age: int | None, rule: ConsentRule, *, maybe_younger: bool = False
) -> tuple[tuple[Party, ...], Text]:
    """:func:`required_parties`, or — when the age may be one less (the birthday within the
    birth month is unknown) — every party either reading requires (issue 20: the reading that
    demands more consent)."""
    parties, text = required_parties(age, rule)
    if not maybe_younger or age is None or age < 1:
        return parties, text
    other, other_text = required_parties(age - 1, rule)
    union = tuple(dict.fromkeys((*parties, *other)))
    if union == parties:
        return parties, text
    return union, Text.of(
        sv=f"Åldern är {age - 1} eller {age} år (födelsedagen i födelsemånaden är okänd); det "
        f"som kräver mest samtycke gäller. {other_text['sv']} {text['sv']}",
        en=f"The age is {age - 1} or {age} (the birthday within the birth month is unknown); "
        f"whatever demands more consent applies. {other_text['en']} {text['en']}",
    )


def check_consent(
    actors: Iterable[str],
    consents: Iterable[Consent],
    day: _dt.date,
    *,
    age: int | None,
    rule: ConsentRule,
    legal_bases: Iterable[LegalBasis] = (),
    information: Mapping[str, tuple[str, ...]] | None = None,
    information_labels: Mapping[str, Text] | None = None,
    actor_labels: Mapping[str, Text] | None = None,
    maybe_younger: bool = False,
) -> ConsentReport:
    """Which of ``actors`` are covered on ``day`` by consent or a recorded legal basis.

    ``maybe_younger``: the age may be one less (:func:`birthday_unknown`); the parties either
    reading requires are required.

    ``information`` maps an actor to the kinds of information it needs (the actor
    catalogue's ``information``); a consent covers the actor only if it names every one of
    them, and a consent that names no information covers nobody.
    """
    needs = information or {}
    labels = information_labels or {}
    consents = list(consents)
    bases = list(legal_bases)
    required, rule_text = strictest_parties(age, rule, maybe_younger=maybe_younger)
    out: list[ActorConsent] = []
    for actor in dict.fromkeys(actors):
        if actor in NO_CONSENT_NEEDED:
            continue
        statutes = tuple(b.statute for b in bases if b.actor == actor and b.valid_on(day))
        if statutes:
            out.append(ActorConsent(actor=actor, covered=True, by=statutes))
            continue
        by: list[str] = []
        missing: list[Text] = []
        needed = needs.get(actor, ())
        for party in required:
            valid = [
                c for c in consents if c.given_by is party and actor in c.actors and c.valid_on(day)
            ]
            ok = [c for c in valid if _scope_gap(c, needed, labels, party) is None]
            if ok:
                by.append(ok[-1].id)
            elif valid:
                gap = _scope_gap(valid[-1], needed, labels, party)
                assert gap is not None
                missing.append(gap)
            else:
                label = (actor_labels or {}).get(actor)
                missing.append(_why_not(actor, party, consents, day, age, label=label))
        if missing:
            out.append(
                ActorConsent(
                    actor=actor,
                    covered=False,
                    by=tuple(by),
                    missing=Text.of(
                        sv="; ".join(m["sv"] for m in missing),
                        en="; ".join(m["en"] for m in missing),
                    ),
                )
            )
        else:
            out.append(ActorConsent(actor=actor, covered=True, by=tuple(by)))
    notes: list[Text] = []
    if required == (Party.GUARDIAN,) and not any(
        c.given_by is Party.YOUNG_PERSON and c.valid_on(day) for c in consents
    ):
        notes.append(
            Text.of(
                sv="Den ungas eget samtycke saknas men eftersträvas.",
                en="The young person's own consent is missing but preferred.",
            )
        )
    return ConsentReport(
        date=day, age=age, required=required, rule=rule_text, actors=tuple(out), notes=tuple(notes)
    )
