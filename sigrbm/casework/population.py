"""Who may deliver an intervention to this person: ages and populations, as catalogue data.

An actor serves ages (BUP under 18, adult psychiatry from 18) and may serve only a population
(Kriminalvården: people under its supervision); an intervention may be for a population (girls
and young women). A restricted intervention is proposed only when the case says the person
belongs (a subject attribute), never by default. The responsible actor is the first of the
intervention's actors that serves the person's age and population and takes part in the
program; when none does, the reason says so instead of picking a wrong one.
"""

from __future__ import annotations

from collections.abc import Mapping

from sigrbm.casework.catalogue import Catalogue, Intervention
from sigrbm.casework.program import ProgramProfile
from sigrbm.reading.text import Text


def _t(sv: str, en: str) -> Text:
    return Text.of(sv=sv, en=en)


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
    actor_id: str, catalogue: Catalogue, age: int | None, attributes: Mapping[str, str | int]
) -> bool:
    """Whether the actor serves the person's age and population."""
    if not catalogue.has_actor(actor_id):
        return False
    actor = catalogue.actor(actor_id)
    if not actor.serves_age(age):
        return False
    return all(catalogue.in_population(p, attributes) for p in actor.population)


def responsible_actor(
    iv: Intervention,
    catalogue: Catalogue,
    age: int | None,
    attributes: Mapping[str, str | int],
    program: ProgramProfile | None,
) -> tuple[str | None, Text]:
    """The responsible actor and why, or ``None`` and why no actor can deliver it."""
    fitting = [a for a in iv.actors if actor_fits(a, catalogue, age, attributes)]
    names_sv = ", ".join(catalogue.actor(a).name["sv"] for a in iv.actors if catalogue.has_actor(a))
    names_en = ", ".join(catalogue.actor(a).name["en"] for a in iv.actors if catalogue.has_actor(a))
    at_sv = f" vid {age} år" if age is not None else ""
    at_en = f" at {age}" if age is not None else ""
    if not fitting:
        return None, _t(
            f"Ingen av aktörerna ({names_sv}) kan ge insatsen{at_sv} till den här personen",
            f"None of its actors ({names_en}) can deliver it{at_en} to this person",
        )
    if program is not None:
        in_program = [a for a in fitting if a in program.actors]
        if not in_program:
            pname = program.name
            return None, _t(
                f"Ingen aktör i {pname['sv']} kan ge insatsen{at_sv} ({names_sv})",
                f"No actor in {pname['en']} can deliver it{at_en} ({names_en})",
            )
        chosen = in_program[0]
        name = catalogue.actor(chosen).name
        return chosen, _t(
            f"Ansvarig: {name['sv']} – ger insatsen{at_sv} och ingår i {program.name['sv']}",
            f"Responsible: {name['en']} – delivers it{at_en} and takes part in "
            f"{program.name['en']}",
        )
    chosen = fitting[0]
    name = catalogue.actor(chosen).name
    return chosen, _t(
        f"Ansvarig: {name['sv']} – ger insatsen{at_sv}",
        f"Responsible: {name['en']} – delivers it{at_en}",
    )
