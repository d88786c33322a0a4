"""Conditions, computations and rules of an instrument, as frozen values.

A *condition* is true, false or — while answers are missing — unknown: an item answered
with one of some options, a subject attribute within bounds, a score or level reached, or
all / any of other conditions. A *derivation* computes a whole number from other items or
from a subject attribute (issue 13): it turns a plain item into a computed one, whose
number is binned into points by the item's count scale. Floors and flags are rules whose
``when`` is a condition. Every class mirrors its YAML keys (``docs/instrument-format.md``);
:mod:`sigrbm.instrument.model` re-exports them.
"""

from __future__ import annotations

from typing import Any

import attrs

from sigrbm.instrument.ids import is_id
from sigrbm.reading.text import Text


def _id(**kw: Any) -> Any:
    return attrs.field(metadata={"check": is_id}, **kw)


@attrs.frozen(kw_only=True)
class AttributeCondition:
    """``attribute`` is within ``[min, max]`` (integers) or one of ``in`` (categories)."""

    attribute: str
    min: float | None = None
    max: float | None = None
    in_: tuple[str, ...] | None = attrs.field(default=None, metadata={"key": "in"})


@attrs.frozen(kw_only=True)
class ItemIs:
    """True when ``item`` is answered with one of ``in``."""

    item: str
    in_: tuple[str, ...] = attrs.field(metadata={"key": "in"})


@attrs.frozen(kw_only=True)
class ScoreAtLeast:
    """True when the score (or domain score) ``score`` is at least ``min``."""

    score: str
    min: float


@attrs.frozen(kw_only=True)
class LevelAtLeast:
    """True when the level of a score or domain is at least ``at_least``."""

    level_of: str
    at_least: str


@attrs.frozen(kw_only=True)
class AllOf:
    """True when every condition holds."""

    all: tuple[Condition, ...]


@attrs.frozen(kw_only=True)
class AnyOf:
    """True when some condition holds."""

    any: tuple[Condition, ...]


Condition = ItemIs | AttributeCondition | ScoreAtLeast | LevelAtLeast | AllOf | AnyOf


@attrs.frozen(kw_only=True)
class CountOf:
    """How many of the conditions hold."""

    count_of: tuple[Condition, ...]


@attrs.frozen(kw_only=True)
class SumOf:
    """The sum of the points of the items (items that do not apply add nothing)."""

    sum_of: tuple[str, ...]


@attrs.frozen(kw_only=True)
class MaxOf:
    """The highest points among the items (0 when none applies)."""

    max_of: tuple[str, ...]


@attrs.frozen(kw_only=True)
class MinOf:
    """The lowest points among the items (0 when none applies)."""

    min_of: tuple[str, ...]


@attrs.frozen(kw_only=True)
class ValueOf:
    """The value of an integer subject attribute (e.g. the age)."""

    value_of: str


#: What a computed item computes; a condition gives 1 when it holds and 0 when not.
Derivation = ItemIs | AttributeCondition | AllOf | AnyOf | CountOf | SumOf | MaxOf | MinOf | ValueOf


@attrs.frozen(kw_only=True)
class Floor:
    """When ``when`` holds, the level of ``target`` is at least ``level``."""

    id: str = _id()
    when: Condition
    target: str
    level: str
    reason: Text


@attrs.frozen(kw_only=True)
class Flag:
    """A named warning raised when ``when`` holds."""

    id: str = _id()
    when: Condition
    label: Text
    guidance: Text | None = None


def sources_of(d: Derivation | Condition) -> tuple[str, ...]:
    """Item ids a derivation or condition reads, in order (duplicates kept)."""
    if isinstance(d, ItemIs):
        return (d.item,)
    if isinstance(d, SumOf):
        return d.sum_of
    if isinstance(d, MaxOf):
        return d.max_of
    if isinstance(d, MinOf):
        return d.min_of
    parts: tuple[Condition, ...] = ()
    if isinstance(d, AllOf):
        parts = d.all
    elif isinstance(d, AnyOf):
        parts = d.any
    elif isinstance(d, CountOf):
        parts = d.count_of
    return tuple(i for p in parts for i in sources_of(p))
