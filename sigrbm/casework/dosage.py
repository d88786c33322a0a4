"""Dosage by risk: the selection's estimated hours against the level's dosage figures.

The figures (Bourgon & Armstrong 2005; Sperber, Latessa & Makarios 2013) sit on the
catalogue's ``intensity`` entries; the hour estimates on the interventions are our arithmetic
from their doses. The comparison is shown, never used as a rule.
"""

from __future__ import annotations

from collections.abc import Callable

from sigrbm.casework.catalogue import Hours, HoursBasis, Intensity
from sigrbm.casework.recommendation import Candidate, Dosage
from sigrbm.reading.text import Text


def target_reached(
    intensity: Intensity | None, lowest: str | None
) -> Callable[[tuple[Candidate, ...]], bool] | None:
    """At moderate and high risk (a level above the lowest with an hour figure): whether a
    selection's upper estimate reaches the figure's lower bound. None where no top-up applies."""
    if intensity is None or intensity.hours is None or intensity.level == lowest:
        return None
    floor = intensity.hours.min
    return lambda chosen: sum(c.hours.max for c in chosen if c.hours is not None) >= floor


def dosage(
    selected: tuple[Candidate, ...], intensity: Intensity | None, added: tuple[str, ...] = ()
) -> Dosage:
    """Sum the selected interventions' hour estimates and compare with the level's figure;
    ``added`` names interventions the selection added to come nearer it."""
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
    local = [c.name for c in with_hours if c.hours and c.hours.basis is HoursBasis.LOCAL_ESTIMATE]
    if local:
        sv.append("lokal uppskattning för: " + ", ".join(n["sv"] for n in local))
        en.append("local estimate for: " + ", ".join(n["en"] for n in local))
    if added:
        names = [c.name for c in selected if c.intervention in added]
        sv.append("tillagda för doseringen: " + ", ".join(n["sv"] for n in names))
        en.append("added for the dosage: " + ", ".join(n["en"] for n in names))
    gap = None
    if target is not None and estimated is not None and estimated.max < target.min:
        gap = target.min - estimated.max
        sv.append(
            f"{gap} timmar under nivåns nedre gräns även i den övre uppskattningen: inga fler "
            "strukturerade insatser med stöd (rekommenderade eller lovande) passar personens "
            "behov, ålder och program – överväg längre eller tätare insatser"
        )
        en.append(
            f"{gap} hours below the level's lower bound even at the upper estimate: no more "
            "structured interventions with support (recommended or promising) fit the "
            "person's needs, age and programme – consider longer or more frequent sessions"
        )
    return Dosage(
        estimated=estimated,
        not_estimated=without,
        target=target,
        note=Text.of(sv="; ".join(sv) + ".", en="; ".join(en) + "."),
        added=added,
        gap=gap,
    )
