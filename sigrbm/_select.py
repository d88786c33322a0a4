"""Which items a score or domain sums, and the range that sum can take."""

from __future__ import annotations

from collections.abc import Iterable

from .model import RISK_ROLES, Instrument, Item, Score


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


def attainable_range(inst: Instrument, items: Iterable[Item]) -> tuple[float, float]:
    """Lowest and highest weighted sum; an item that may not apply can also add 0."""
    scales = {s.id: s for s in inst.scales}
    lo = hi = 0.0
    for item in items:
        scale = scales.get(item.scale)
        if scale is None:
            continue
        pmin, pmax = scale.points_range()
        a, b = sorted((item.weight * pmin, item.weight * pmax))
        if item.applies_when:
            a, b = min(a, 0.0), max(b, 0.0)
        lo += a
        hi += b
    return (lo, hi)
