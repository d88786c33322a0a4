"""Computed items: the whole number a derivation gives, as a range while answers are missing.

A computed item (``derive`` in the instrument, issue 13) is never answered by hand. Its
number is known exactly when everything it reads is known; otherwise it is a range
``[low, high]`` that holds for every completion of the missing answers, and the item's
points are the points of the count-scale bins that range meets. When all those bins give
the same points the item counts as answered (its points are certain even if the number
is not); otherwise it is missing, with exactly that range of points.

The batch path (:mod:`sigrbm.batch.derived`) computes the same ranges column by column.
"""

from __future__ import annotations

from collections.abc import Callable

from sigrbm.instrument.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    Condition,
    CountOf,
    Derivation,
    MaxOf,
    MinOf,
    SumOf,
    ValueOf,
    sources_of,
)
from sigrbm.instrument.model import Scale
from sigrbm.instrument.select import Attributes, applies
from sigrbm.scoring.result import Truth

#: The top of an unknown attribute value: "any number from 0 up".
UNBOUNDED = 10**9

#: Points range of an item: ``(low, high)``, or None when the item does not apply.
PointsOf = Callable[[str], "tuple[float, float] | None"]
TruthOf = Callable[[Condition], Truth]


def value_range(
    d: Derivation, points_of: PointsOf, truth_of: TruthOf, values: Attributes
) -> tuple[int, int]:
    """The lowest and highest number the derivation can give."""
    if isinstance(d, CountOf):
        truths = [truth_of(c) for c in d.count_of]
        yes = sum(t is Truth.YES for t in truths)
        return yes, yes + sum(t is Truth.UNKNOWN for t in truths)
    if isinstance(d, SumOf | MaxOf | MinOf):
        ranges = [r for r in (points_of(i) for i in sources_of(d)) if r is not None]
        if not ranges:
            return 0, 0
        los, his = [r[0] for r in ranges], [r[1] for r in ranges]
        if isinstance(d, SumOf):
            return int(sum(los)), int(sum(his))
        if isinstance(d, MaxOf):
            return int(max(los)), int(max(his))
        return int(min(los)), int(min(his))
    if isinstance(d, ValueOf):
        v = values.get(d.value_of)
        if isinstance(v, int) and not isinstance(v, bool):
            return max(v, 0), max(v, 0)
        return 0, UNBOUNDED
    t = truth_of(d)
    return (1, 1) if t is Truth.YES else (0, 0) if t is Truth.NO else (0, 1)


def binned(scale: Scale, lo: int, hi: int) -> tuple[float, float]:
    """Lowest and highest points of the count-scale bins that ``[lo, hi]`` meets."""
    hit = [b.points for b in scale.bins if b.min <= hi and (b.max is None or b.max >= lo)]
    return (min(hit), max(hit)) if hit else scale.points_range()


def attribute_truth(c: AttributeCondition, values: Attributes) -> Truth:
    """Three-valued truth of one attribute condition (unknown attribute: unknown)."""
    held = applies((c,), values)
    return Truth.UNKNOWN if held is None else Truth.YES if held else Truth.NO


def combine(c: AllOf | AnyOf, parts: list[Truth]) -> Truth:
    """Three-valued ``all`` / ``any``."""
    if isinstance(c, AllOf):
        if Truth.NO in parts:
            return Truth.NO
        return Truth.YES if all(p is Truth.YES for p in parts) else Truth.UNKNOWN
    if Truth.YES in parts:
        return Truth.YES
    return Truth.NO if all(p is Truth.NO for p in parts) else Truth.UNKNOWN


__all__ = ["attribute_truth", "binned", "combine", "value_range"]
