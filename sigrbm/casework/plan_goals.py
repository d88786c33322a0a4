"""Goals of a plan's entries: the program's suggestions as goals, goals given by options
(issue 21).

``sigrbm plan --format yaml`` writes a draft to accept or edit: each entry whose needs the
program suggests goals for gets them as its goals — the first suggestion as the short-term
goal, the others (joined) as the long-term goal — unless it has goals already.
``sigrbm case add plan-fixed --goal ENTRY=… --long-goal ENTRY=…`` sets goals on a plan
without editing a file.
"""

from __future__ import annotations

import attrs

from sigrbm.case.records import ActionPlan
from sigrbm.casework.plans import EntryGoals


def with_suggested_goals(plan: ActionPlan, goals: tuple[EntryGoals, ...], lang: str) -> ActionPlan:
    """``plan`` with the program's goal suggestions as goals of the entries lacking them."""
    by_entry = {g.intervention: g.suggestions for g in goals}
    entries = []
    for entry in plan.entries:
        e = entry
        texts = [s.text[lang] for s in by_entry.get(e.intervention, ()) if s.text.get(lang)]
        if texts and e.short_term_goal is None:
            e = attrs.evolve(e, short_term_goal=texts[0])
        if len(texts) > 1 and e.long_term_goal is None:
            e = attrs.evolve(e, long_term_goal="; ".join(texts[1:]))
        entries.append(e)
    return attrs.evolve(plan, entries=tuple(entries))


def unknown_entries(plan: dict[str, object], named: list[str]) -> list[str]:
    """The entries named in ``--goal`` / ``--long-goal`` that the plan (plain data) lacks."""
    entries = plan.get("entries")
    have = (
        {e.get("intervention") for e in entries if isinstance(e, dict)}
        if isinstance(entries, list)
        else set()
    )
    return [n for n in dict.fromkeys(named) if n not in have]


def set_goals(
    plan: dict[str, object], short: dict[str, str], long: dict[str, str]
) -> dict[str, object]:
    """The plan (plain data) with the goals given by entry (intervention id) replaced."""
    entries = plan.get("entries")
    if not isinstance(entries, list):
        return plan
    out = []
    for entry in entries:
        if isinstance(entry, dict):
            e = dict(entry)
            key = e.get("intervention")
            if key in short:
                e["short_term_goal"] = short[key]
            if key in long:
                e["long_term_goal"] = long[key]
            out.append(e)
        else:
            out.append(entry)
    return {**plan, "entries": out}
