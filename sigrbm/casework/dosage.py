"""Dosage by risk: the selection's estimated hours against the level's dosage figures.

The figures (Bourgon & Armstrong 2005; Sperber, Latessa & Makarios 2013) sit on the
catalogue's ``intensity`` entries; the hour estimates on the interventions are our arithmetic
from their doses. The comparison is shown, never used as a rule.
"""

from __future__ import annotations

from sigrbm.casework.catalogue import Hours, Intensity
from sigrbm.casework.recommendation import Candidate, Dosage
from sigrbm.reading.text import Text


def dosage(selected: tuple[Candidate, ...], intensity: Intensity | None) -> Dosage:
    """Sum the selected interventions' hour estimates and compare with the level's figure."""
    with_hours = [c for c in selected if c.hours is not None]
    without = tuple(c.intervention for c in selected if c.hours is None)
    estimated = (
        Hours(
            min=sum(c.hours.min for c in with_hours if c.hours),
            max=sum(c.hours.max for c in with_hours if c.hours),
        )
        if with_hours
        else None
    )
    target = intensity.hours if intensity is not None else None
    sv: list[str] = []
    en: list[str] = []
    if estimated is not None:
        sv.append(
            f"Uppskattat {estimated.min}–{estimated.max} timmar för {len(with_hours)} av "
            f"{len(selected)} insatser"
        )
        en.append(
            f"Estimated {estimated.min}–{estimated.max} hours for {len(with_hours)} of "
            f"{len(selected)} interventions"
        )
    else:
        sv.append("Ingen timuppskattning för de valda insatserna")
        en.append("No hour estimate for the selected interventions")
    if without:
        names_sv = ", ".join(c.name["sv"] for c in selected if c.hours is None)
        names_en = ", ".join(c.name["en"] for c in selected if c.hours is None)
        sv.append(f"utan uppskattning: {names_sv}")
        en.append(f"not estimated: {names_en}")
    if target is not None:
        sv.append(
            f"doseringsstudierna förknippar nivån med {target.min}–{target.max} timmar "
            "(jämförelse, inte en regel)"
        )
        en.append(
            f"the dosage studies link this level with {target.min}–{target.max} hours "
            "(a comparison, not a rule)"
        )
        if estimated is not None and not without and estimated.max < target.min:
            sv.append("överväg fler eller mer intensiva insatser")
            en.append("consider more or more intensive interventions")
    return Dosage(
        estimated=estimated,
        not_estimated=without,
        target=target,
        note=Text.of(sv="; ".join(sv) + ".", en="; ".join(en) + "."),
    )
