"""Weights chosen by a subject attribute (issue 24), and the subjects they must be read for.

An item (or its weight in one score) may carry ``weight_by``: the weight depends on one
subject attribute, by category (``in``) or by whole-number bins (``min`` / ``max``); the
first case that fits wins, else the plain ``weight`` holds. The Opioid Risk Tool gives a
family history of alcohol abuse 1 point for women and 3 for men.

While the attribute is unknown the weight is open. A sum is then exact when it is read for
every value the attribute can take and the results are joined (the *union*), never as a sum
of each item's independent extremes: two items that both depend on sex are read for the
same sex. :func:`scenarios` gives one representative value per class of values that the
cases tell apart, so the union is over a handful of subjects.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from sigrbm.instrument.ids import is_id


@attrs.frozen(kw_only=True)
class WeightCase:
    """The weight for subjects whose attribute is one of ``in`` (a category) or within
    ``min``–``max`` inclusive (a whole number)."""

    in_: tuple[str, ...] | None = attrs.field(
        default=None, metadata={"key": "in", "check_each": is_id}
    )
    min: float | None = None
    max: float | None = None
    weight: float

    def fits(self, value: str | int) -> bool:
        """Whether a known attribute value falls in this case."""
        if self.in_ is not None and value not in self.in_:
            return False
        if isinstance(value, int) and not isinstance(value, bool):
            if self.min is not None and value < self.min:
                return False
            if self.max is not None and value > self.max:
                return False
        return True  # as an attribute condition with the same keys


@attrs.frozen(kw_only=True)
class WeightBy:
    """The weight chosen by the subject attribute ``attribute``; the first fitting case wins."""

    attribute: str
    cases: tuple[WeightCase, ...]

    def weight(self, value: str | int, fallback: float) -> float:
        """The weight for a known attribute value (``fallback`` when no case fits)."""
        return next((c.weight for c in self.cases if c.fits(value)), fallback)


def weight_in(plain: float, rule: WeightBy | None, values: Mapping[str, str | int]) -> float | None:
    """The weight for a subject (``rule`` chooses it, else ``plain``); None while the
    attribute that chooses it is unknown."""
    if rule is None:
        return plain
    value = values.get(rule.attribute)
    return None if value is None else rule.weight(value, plain)


def representatives(rules: Iterable[WeightBy], categories: Sequence[str] | None) -> list[str | int]:
    """One value per class of attribute values the rules tell apart.

    ``categories``: the declared values of a category attribute (None for a whole-number
    attribute, whose classes are the runs between the cases' bounds, unbounded both ways).
    """
    if categories is not None:
        return list(categories)
    cuts: set[int] = set()
    for rule in rules:
        for c in rule.cases:
            if c.min is not None:
                cuts.add(math.ceil(c.min))
            if c.max is not None:
                cuts.add(math.floor(c.max) + 1)
    if not cuts:
        return [0]
    return [min(cuts) - 1, *sorted(cuts)]


def scenarios(
    rules: Sequence[WeightBy],
    values: Mapping[str, str | int],
    categories: Mapping[str, Sequence[str]],
) -> list[dict[str, str | int]]:
    """The subjects a sum must be read for: ``values`` completed with one representative of
    every class of each unknown attribute the rules read (``[values]`` when none is open).

    ``categories`` maps category attributes (and parameters) to their declared values.
    """
    base = dict(values)
    open_ = sorted({r.attribute for r in rules if r.attribute not in values})
    if not open_:
        return [base]
    choices = [
        representatives(
            [r for r in rules if r.attribute == a],
            categories.get(a),
        )
        for a in open_
    ]
    return [base | dict(zip(open_, combo, strict=True)) for combo in itertools.product(*choices)]
