"""Who may deliver an intervention to this person: ages and populations, as catalogue data.

An actor serves ages (BUP under 18, adult psychiatry from 18) and may serve only a population
(Kriminalvården: people under its supervision); an intervention may be for a population (girls
and young women). A restricted intervention is proposed only when the case says the person
belongs (a subject attribute), never by default. The responsible actor is the first of the
intervention's actors that serves the person's age and population and takes part in the
program. When none of the program's actors can, an actor outside the program that can is
*brought in* ("knyts till insatsen": Eslöv's page, line 21; Västra Göteborg's, line 39) — the
program's preferred outside actors first; when no actor at all can, the reason names the real
cause (each actor's ages or population), never a wrong actor.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from sigrbm.casework.catalogue import Catalogue, Intervention
from sigrbm.casework.program import ProgramProfile
from sigrbm.reading.text import Text


def _t(sv: str, en: str) -> Text:
    return Text.of(sv=sv, en=en)


@attrs.frozen(kw_only=True)
class Responsible:
    """Who delivers an intervention to this person, and why (``actor`` None: nobody can).

    ``brought_in``: the actor is outside the program's actors and is brought in around the
    person for this intervention (it needs consent like any other actor).
    """

    actor: str | None
    reason: Text
    brought_in: bool = False


def missing_population(
    iv: Intervention, catalogue: Catalogue, attributes: Mapping[str, str | int]
) -> Text | None:
    """Why a population-restricted intervention is not for this person (None if it is)."""
    for pop in iv.population:
        if not catalogue.in_population(pop, attributes):
            label = catalogue.population_label(pop)
            return _t(
                f"Bara för: {label['sv']} – ärendet anger inte att personen hör dit",
                f"Only for: {label['en']} – the case does not say the person belongs",
            )
    return None


def actor_fits(
    actor_id: str,
    catalogue: Catalogue,
    age: int | None,
    attributes: Mapping[str, str | int],
    areas: frozenset[str] | None = None,
) -> bool:
    """Whether the actor serves the person's age, population (and, with ``areas``, the
    person's need areas)."""
    return (
        catalogue.has_actor(actor_id)
        and _unfit(actor_id, catalogue, age, attributes, areas) is None
    )


def _unfit(
    actor_id: str,
    catalogue: Catalogue,
    age: int | None,
    attributes: Mapping[str, str | int],
    areas: frozenset[str] | None = None,
) -> Text | None:
    """Why the actor cannot serve this person (its ages, population or the need areas it
    follows), None if it can."""
    actor = catalogue.actor(actor_id)
    name = actor.name
    if not actor.serves_age(age) and actor.ages is not None:
        span = (
            f"{actor.ages.min}–{actor.ages.max}" if actor.ages.max < 130 else f"{actor.ages.min}+"
        )
        return _t(
            f"{name['sv']} tar emot åldrarna {span} år, inte {age}",
            f"{name['en']} serves ages {span}, not {age}",
        )
    for p in actor.population:
        if not catalogue.in_population(p, attributes):
            label = catalogue.population_label(p)
            return _t(
                f"{name['sv']} tar bara emot: {label['sv'].lower()} (ärendet anger det inte)",
                f"{name['en']} serves only: {label['en'].lower()} (the case does not say so)",
            )
    if areas is not None and actor.needs and not set(actor.needs) & areas:
        labels = {d.id: d.label for d in catalogue.interventions.domains}
        follows = [labels.get(d, Text.of(sv=d, en=d)) for d in actor.needs]
        return _t(
            f"{name['sv']} följer behovet {', '.join(f['sv'].lower() for f in follows)}, som "
            "personen inte har",
            f"{name['en']} follows the need {', '.join(f['en'].lower() for f in follows)}, "
            "which the person does not have",
        )
    return None


def responsible_actor(
    iv: Intervention,
    catalogue: Catalogue,
    age: int | None,
    attributes: Mapping[str, str | int],
    program: ProgramProfile | None,
    *,
    areas: frozenset[str] | None = None,
) -> Responsible:
    """The responsible actor and why; an outside actor brought in when the program has none
    that can deliver it; ``actor`` None with the real cause when no actor can. ``areas``:
    the person's need areas, for actors that follow a need (``Actor.needs``)."""
    known = [a for a in iv.actors if catalogue.has_actor(a)]
    fitting = [a for a in known if _unfit(a, catalogue, age, attributes, areas) is None]
    at_sv = f" vid {age} år" if age is not None else ""
    at_en = f" at {age}" if age is not None else ""
    if not fitting:
        causes = [c for c in (_unfit(a, catalogue, age, attributes, areas) for a in known) if c]
        return Responsible(
            actor=None,
            reason=_t(
                "Ingen aktör kan ge insatsen till den här personen: "
                + "; ".join(c["sv"] for c in causes),
                "No actor can deliver it to this person: " + "; ".join(c["en"] for c in causes),
            ),
        )
    if program is None:
        name = catalogue.actor(fitting[0]).name
        return Responsible(
            actor=fitting[0],
            reason=_t(
                f"Ansvarig: {name['sv']} – ger insatsen{at_sv}",
                f"Responsible: {name['en']} – delivers it{at_en}",
            ),
        )
    in_program = [a for a in fitting if a in program.actors]
    if in_program:
        name = catalogue.actor(in_program[0]).name
        return Responsible(
            actor=in_program[0],
            reason=_t(
                f"Ansvarig: {name['sv']} – ger insatsen{at_sv} och ingår i {program.name['sv']}",
                f"Responsible: {name['en']} – delivers it{at_en} and takes part in "
                f"{program.name['en']}",
            ),
        )
    preferred = [a for a in program.outside_actors if a in fitting]
    chosen = (preferred or fitting)[0]
    name = catalogue.actor(chosen).name
    inside = [a for a in known if a in program.actors]
    if inside:
        why = [c for c in (_unfit(a, catalogue, age, attributes, areas) for a in inside) if c]
        cause_sv = "; ".join(c["sv"] for c in why)
        cause_en = "; ".join(c["en"] for c in why)
    else:
        cause_sv = f"ingen av insatsens aktörer ingår i {program.name['sv']}"
        cause_en = f"none of its actors takes part in {program.name['en']}"
    return Responsible(
        actor=chosen,
        brought_in=True,
        reason=_t(
            f"Ansvarig: {name['sv']} – knyts till insatsen utanför {program.name['sv']} "
            f"({cause_sv}); behöver samtycke som andra aktörer",
            f"Responsible: {name['en']} – brought in from outside {program.name['en']} "
            f"({cause_en}); needs consent like any other actor",
        ),
    )
