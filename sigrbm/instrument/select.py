"""Which items a score or domain sums, the range of that sum, and what applies to a subject."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import (
    RISK_ROLES,
    AttributeType,
    Band,
    BandTable,
    Instrument,
    Item,
    Score,
)
from sigrbm.instrument.weight_by import WeightBy, scenarios, weight_in


def score_items(inst: Instrument, score: Score) -> list[Item]:
    """Items a score sums: those listed under ``items`` plus those matching roles and domains."""
    listed = set(score.items)
    filtered = bool(score.roles or score.domains)
    out = []
    for item in inst.items:
        if item.id in listed or (
            filtered
            and (not score.roles or item.role in score.roles)
            and (not score.domains or item.domain in score.domains)
        ):
            out.append(item)
    return out


def domain_items(inst: Instrument, domain_id: str) -> list[Item]:
    """Risk items (static or dynamic) of one domain: what its score sums."""
    return [i for i in inst.items if i.domain == domain_id and i.role in RISK_ROLES]


def attainable_range(
    inst: Instrument, items: Iterable[Item], target: str | None = None
) -> tuple[float, float]:
    """Lowest and highest weighted sum; an item that may not apply can also add 0.

    ``target`` is the score or domain summed, whose per-score weights apply (issue 13).
    Weights chosen by a subject attribute (issue 24) are read for every value of it, and
    the sums joined: items that depend on the same attribute move together.
    """
    chosen = list(items)
    rules = [r for i in chosen if (r := _rule(i, target)[1]) is not None]
    params: dict[str, str | int] = dict(inst.parameter_values())
    worlds = scenarios(rules, params, category_values(inst)) if rules else [params]
    sums = [_attainable(inst, chosen, target, w) for w in worlds]
    return (min(s[0] for s in sums), max(s[1] for s in sums))


def _rule(item: Item, target: str | None) -> tuple[float, WeightBy | None]:
    return (item.weight, item.weight_by) if target is None else item.weight_rule(target)


def _attainable(
    inst: Instrument, items: list[Item], target: str | None, values: dict[str, str | int]
) -> tuple[float, float]:
    scales = {s.id: s for s in inst.scales}
    lo = hi = 0.0
    for item in items:
        scale = scales.get(item.scale)
        if scale is None:
            continue
        pmin, pmax = scale.points_range()
        w = weight_in(*_rule(item, target), values)
        assert w is not None  # every attribute a weight reads has a value in each world
        a, b = sorted((w * pmin, w * pmax))
        if item.applies_when:
            a, b = min(a, 0.0), max(b, 0.0)
        lo += a
        hi += b
    return (lo, hi)


Attributes = dict[str, str | int]


def _holds(c: AttributeCondition, attrs_: Attributes) -> bool | None:
    """Whether one condition holds; None when the attribute it tests is unknown."""
    value = attrs_.get(c.attribute)
    if value is None:
        return None
    if c.in_ is not None and value not in c.in_:
        return False
    if isinstance(value, int) and not isinstance(value, bool):
        if c.min is not None and value < c.min:
            return False
        if c.max is not None and value > c.max:
            return False
    return True


def applies(conditions: Sequence[AttributeCondition], attrs_: Attributes) -> bool | None:
    """Whether all conditions hold, in three-valued (Kleene) logic: False when any one
    certainly fails (whatever the missing attributes are), None when none fails but one
    tests a missing attribute, else True. The order of the conditions never matters."""
    unknown = False
    for c in conditions:
        held = _holds(c, attrs_)
        if held is False:
            return False
        unknown = unknown or held is None
    return None if unknown else True


def select_bands(table: BandTable, values: Attributes) -> tuple[Band, ...] | None:
    """The bands for a subject whose attributes are all known: the first matching variant,
    else the default bands. Scoring uses :func:`band_choice`, which never falls back to the
    default bands while a variant's condition cannot be decided."""
    for variant in table.variants:
        if applies(variant.when, values):
            return variant.bands
    return table.bands or None


class BandChoice(NamedTuple):
    """The band sets a subject's level may come from (issue 16).

    ``candidates`` holds one band set when the choice is certain; when a variant's condition
    cannot be decided (an attribute it tests is missing and no other condition of it fails,
    see :func:`applies`), it holds that variant and every later one up to the first that
    certainly matches, else up to the default bands.
    ``needs`` names the missing attributes those undecided variants test (sorted; empty when
    the choice is certain).
    """

    candidates: tuple[tuple[Band, ...], ...]
    needs: tuple[str, ...]


def band_choice(table: BandTable, values: Attributes) -> BandChoice:
    """Which band sets may apply to this subject (see :class:`BandChoice`)."""
    candidates: list[tuple[Band, ...]] = []
    needs: set[str] = set()
    for variant in table.variants:
        held = applies(variant.when, values)
        if held is False:
            continue
        candidates.append(variant.bands)
        if held:
            return BandChoice(tuple(candidates), tuple(sorted(needs)))
        needs.update(c.attribute for c in variant.when if c.attribute not in values)
    if table.bands:
        candidates.append(table.bands)
    return BandChoice(tuple(candidates), tuple(sorted(needs)))


def category_values(inst: Instrument) -> dict[str, tuple[str, ...]]:
    """The values of every category attribute and parameter (what a weight may be chosen
    by, issue 24); whole-number attributes are not listed."""
    out = {a.id: a.values for a in inst.attributes if a.type is AttributeType.CATEGORY}
    return out | {p.id: p.values for p in inst.parameters}


def derived_items(inst: Instrument) -> list[Item]:
    """Computed items (issue 13), in file order: each reads only computed items before it."""
    return [i for i in inst.items if i.derive is not None]
