"""Groups of interventions that are alternatives: one need gets one model.

The family-therapy models (MST, FFT, MDFT, BSFT) each work with the whole family around the
same needs; Socialstyrelsen's recommendation is *structured family treatment*, one of them
(interventions.md, F1–F5). A plan takes at most one intervention of a group unless the
case records a reason to combine them (``combine``: group id → reason). The catalogue
declares the groups (``alternatives``) and they are checked like the rest of it: unknown
interventions (E301), a group of fewer than two, an intervention in two groups (P807).

The reasons are part of the record: a stored plan carries them (``plans[].combined``), so a
printed plan and a later revision keep them. The one check of a case file
(:mod:`sigrbm.casework.case_check`) checks them with :func:`combine_problems`: an unknown
group (P810, "did you mean"), a blank reason or a group recorded twice, and the plan in
force taking two of a group with no recorded reason (P840).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from sigrbm.case.records import ActionPlan
from sigrbm.errors import Code, Problem
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean
from sigrbm.reading.text import Text


@attrs.frozen(kw_only=True)
class AlternativeGroup:
    """Interventions of which a plan takes one (``label``: what they are, e.g. family
    therapy models; ``note``: why they are alternatives)."""

    id: str
    label: Text
    interventions: tuple[str, ...]
    note: Text | None = None


@attrs.frozen(kw_only=True)
class Combined:
    """A recorded reason to take more than one intervention of a group of alternatives."""

    group: str
    reason: str
    label: Text | None = None


def combined(
    groups: tuple[AlternativeGroup, ...], combine: Mapping[str, str]
) -> tuple[Combined, ...]:
    """The recorded reasons, with the groups' labels."""
    labels = {g.id: g.label for g in groups}
    return tuple(Combined(group=k, reason=v, label=labels.get(k)) for k, v in combine.items())


def group_of(groups: Iterable[AlternativeGroup], intervention: str) -> AlternativeGroup | None:
    """The group ``intervention`` belongs to, if any."""
    return next((g for g in groups if intervention in g.interventions), None)


def taken_by(
    groups: tuple[AlternativeGroup, ...],
    intervention: str,
    chosen: Iterable[str],
    combine: Mapping[str, str],
) -> str | None:
    """The already chosen intervention of ``intervention``'s group (None when the group has
    none, the intervention is in no group, or the case records a reason to combine)."""
    g = group_of(groups, intervention)
    if g is None or g.id in combine:
        return None
    return next((c for c in chosen if c != intervention and c in g.interventions), None)


def alternatives_problems(
    groups: tuple[AlternativeGroup, ...], interventions: set[str], smap: SourceMap
) -> list[Problem]:
    """Located problems of the catalogue's ``alternatives``."""
    out: list[Problem] = []
    seen_ids: set[str] = set()
    member: dict[str, str] = {}
    for i, g in enumerate(groups):
        if g.id in seen_ids:
            out.append(
                smap.problem(
                    Code.DUPLICATE_ID, ("alternatives", i, "id"), f"duplicate group '{g.id}'"
                )
            )
        seen_ids.add(g.id)
        if len(set(g.interventions)) < 2:
            out.append(
                smap.problem(
                    Code.ALTERNATIVE_GROUP,
                    ("alternatives", i, "interventions"),
                    "a group of alternatives names at least two different interventions",
                )
            )
        for k, iv in enumerate(g.interventions):
            path = ("alternatives", i, "interventions", k)
            if iv not in interventions:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_REFERENCE,
                        path,
                        f"unknown intervention '{iv}'{did_you_mean(iv, interventions)}",
                    )
                )
            elif member.get(iv, g.id) != g.id:
                out.append(
                    smap.problem(
                        Code.ALTERNATIVE_GROUP,
                        path,
                        f"'{iv}' is already in group '{member[iv]}': an intervention belongs "
                        "to one group of alternatives",
                    )
                )
            member.setdefault(iv, g.id)
    return out


def combine_problems(
    plans: tuple[ActionPlan, ...],
    groups: tuple[AlternativeGroup, ...],
    smap: SourceMap,
    *,
    in_force: int | None,
) -> list[Problem]:
    """Located problems of the reasons to combine that stored plans record, and of the plan in
    force (``plans[in_force]``) taking two of a group of alternatives without one — an older
    plan is history, and the remedy is a revision that records the reason. A reason is never
    quoted."""
    out: list[Problem] = []
    known = {g.id for g in groups}
    for k, p in enumerate(plans):
        seen: set[str] = set()
        for j, c in enumerate(p.combined):
            path = ("plans", k, "combined", j)
            if c.group not in known:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_ALTERNATIVES,
                        (*path, "group"),
                        f"unknown group of alternatives '{c.group}'{did_you_mean(c.group, known)}",
                    )
                )
            elif c.group in seen:
                out.append(
                    smap.problem(
                        Code.COMBINE_REASON,
                        (*path, "group"),
                        f"the group '{c.group}' is recorded twice: give one reason per group",
                    )
                )
            if not c.reason.strip():
                out.append(
                    smap.problem(
                        Code.COMBINE_REASON,
                        (*path, "reason"),
                        "the reason to combine is empty: say why more than one is taken",
                    )
                )
            seen.add(c.group)
        if k == in_force and seen <= known:  # an unknown group: one problem, not more
            out += _uncombined(k, p, groups, seen, smap)
    return out


def _uncombined(
    k: int,
    p: ActionPlan,
    groups: tuple[AlternativeGroup, ...],
    recorded: set[str],
    smap: SourceMap,
) -> list[Problem]:
    out: list[Problem] = []
    first: dict[str, str] = {}
    for j, e in enumerate(p.entries):
        g = group_of(groups, e.intervention)
        if g is None or g.id in recorded:
            continue
        taken = first.setdefault(g.id, e.intervention)
        if taken != e.intervention:
            out.append(
                smap.problem(
                    Code.COMBINE_REASON,
                    ("plans", k, "entries", j, "intervention"),
                    f"'{taken}' and '{e.intervention}' are alternatives (group '{g.id}'): a "
                    f"plan takes one unless it records a reason (combined: group {g.id}, or "
                    f"--combine {g.id}=REASON)",
                )
            )
    return out
