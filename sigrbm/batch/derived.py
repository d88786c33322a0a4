"""Batch support for the second-edition item features (issue 13), outside the kernel proper.

- :func:`fill_derived`: computed items' columns for a chunk of encoded answers, before
  the kernel sums them — the number a derivation gives as a range per row, exactly as
  :mod:`sigrbm.scoring.derived` computes it for one assessment. A column whose points are
  certain is encoded as an answered count; otherwise it is left unanswered and its exact
  points range is returned.
- :func:`narrow`: replaces the whole-scale range the kernel assumes for an unanswered
  computed item by that exact range.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from sigrbm.batch.compile import NO, UNANSWERED, UNKNOWN, YES, Compiled, FloatArray, IntArray
from sigrbm.instrument.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    Condition,
    CountOf,
    Derivation,
    ItemIs,
    MaxOf,
    MinOf,
    SumOf,
    ValueOf,
    sources_of,
)
from sigrbm.instrument.model import Scale
from sigrbm.instrument.select import derived_items
from sigrbm.scoring.derived import UNBOUNDED

Applies = Callable[
    [Sequence[AttributeCondition], Mapping[str, npt.NDArray[Any]], int], npt.NDArray[np.int8]
]
#: Per computed column: (lowest points, highest points) per row.
Narrowing = dict[int, tuple[FloatArray, FloatArray]]


def has_derived(c: Compiled) -> bool:
    """Whether the instrument has computed items."""
    return any(i.derive is not None for i in c.instrument.items)


class _Rows:
    """Per-item points ranges and applicability for one chunk, filled column by column."""

    def __init__(
        self,
        c: Compiled,
        a: npt.NDArray[Any],
        attributes: Mapping[str, npt.NDArray[Any]],
        applies: Applies,
    ) -> None:
        self.c, self.a, self.attributes, self.applies = c, a, attributes, applies
        self.n = len(a)
        self.col = {item: k for k, item in enumerate(c.item_ids)}
        self.scales = {s.id: s for s in c.instrument.scales}
        self.ranges: dict[int, tuple[FloatArray, FloatArray]] = {}
        self.na: dict[int, npt.NDArray[np.bool_]] = {}

    def not_applicable(self, k: int) -> npt.NDArray[np.bool_]:
        if k not in self.na:
            conds = self.c.instrument.items[k].applies_when
            self.na[k] = (
                self.applies(conds, self.attributes, self.n) == 0
                if conds
                else np.zeros(self.n, dtype=bool)
            )
        return self.na[k]

    def points(self, k: int) -> tuple[FloatArray, FloatArray]:
        """Points range of a plain item (computed items are stored as they are filled)."""
        if k not in self.ranges:
            col = self.a[:, k].astype(np.int64)
            idx = np.minimum(col, self.c.lut_top) if self.c.is_count[k] else col
            at = np.clip(idx + self.c.lut_offsets[k], 0, None)
            pts = self.c.lut_points[at].astype(float)
            pmin, pmax = self.scales[self.c.instrument.items[k].scale].points_range()
            miss = self.c.lut_missing[at] > 0  # issue 24: a counted missing option has points
            self.ranges[k] = (np.where(miss, pmin, pts), np.where(miss, pmax, pts))
        return self.ranges[k]

    def missing(self, k: int) -> npt.NDArray[np.bool_]:
        """Rows whose answer to plain item ``k`` is missing (a counted option is not)."""
        col = self.a[:, k].astype(np.int64)
        idx = np.minimum(col, self.c.lut_top) if self.c.is_count[k] else col
        at = np.clip(idx + self.c.lut_offsets[k], 0, None)
        return np.asarray(self.c.lut_missing[at] > 0, dtype=bool)

    def truth(self, cond: Condition) -> IntArray:
        """Three-valued truth per row, as :func:`sigrbm.scoring.score._truth` for one row."""
        if isinstance(cond, ItemIs):
            k = self.col[cond.item]
            codes = self.c.codes[k]
            wanted = [codes[x] for x in cond.in_ if x in codes]
            if self.c.is_count[k]:
                wanted += [int(x) for x in cond.in_ if x.isdigit()]
            app = ~self.not_applicable(k)
            hit = np.isin(self.a[:, k], np.array(wanted, dtype=np.int64)) & app
            miss = self.missing(k) & app
            return np.where(hit, YES, np.where(miss, UNKNOWN, NO)).astype(np.int64)
        if isinstance(cond, AttributeCondition):
            st = self.applies((cond,), self.attributes, self.n)
            return np.where(st == 1, YES, np.where(st == 0, NO, UNKNOWN)).astype(np.int64)
        assert isinstance(cond, AllOf | AnyOf)  # a computation never tests scores or levels
        parts = [self.truth(p) for p in (cond.all if isinstance(cond, AllOf) else cond.any)]
        stack = np.stack(parts)
        if isinstance(cond, AllOf):
            some_no, all_yes = (stack == NO).any(axis=0), (stack == YES).all(axis=0)
            return np.where(some_no, NO, np.where(all_yes, YES, UNKNOWN)).astype(np.int64)
        some_yes, all_no = (stack == YES).any(axis=0), (stack == NO).all(axis=0)
        return np.where(some_yes, YES, np.where(all_no, NO, UNKNOWN)).astype(np.int64)

    def value(self, d: Derivation) -> tuple[FloatArray, FloatArray]:
        """Lowest and highest number per row."""
        if isinstance(d, CountOf):
            truths = [self.truth(p) for p in d.count_of]
            yes = sum(((t == YES).astype(float) for t in truths), np.zeros(self.n))
            unk = sum(((t == UNKNOWN).astype(float) for t in truths), np.zeros(self.n))
            return yes, yes + unk
        if isinstance(d, SumOf | MaxOf | MinOf):
            return self._combine(d, [self.col[i] for i in sources_of(d)])
        if isinstance(d, ValueOf):
            raw = self.attributes.get(d.value_of)
            if raw is None:
                return np.zeros(self.n), np.full(self.n, float(UNBOUNDED))
            v = raw.astype(float)
            known = ~np.isnan(v)
            v = np.maximum(np.where(known, v, 0.0), 0.0)
            return v, np.where(known, v, float(UNBOUNDED))
        t = self.truth(d)
        return (t == YES).astype(float), (t != NO).astype(float)

    def _combine(self, d: SumOf | MaxOf | MinOf, cols: list[int]) -> tuple[FloatArray, FloatArray]:
        """Sum, max or min over the items that apply in each row (0 when none does)."""
        if isinstance(d, SumOf):
            lo, hi = np.zeros(self.n), np.zeros(self.n)
            for k in cols:
                plo, phi = self.points(k)
                keep = ~self.not_applicable(k)
                lo, hi = lo + np.where(keep, plo, 0.0), hi + np.where(keep, phi, 0.0)
            return lo, hi
        fill = -np.inf if isinstance(d, MaxOf) else np.inf
        pick = np.maximum if isinstance(d, MaxOf) else np.minimum
        lo, hi = np.full(self.n, fill), np.full(self.n, fill)
        for k in cols:
            plo, phi = self.points(k)
            keep = ~self.not_applicable(k)
            lo = pick(lo, np.where(keep, plo, fill))
            hi = pick(hi, np.where(keep, phi, fill))
        none = np.isinf(lo)
        return np.where(none, 0.0, lo), np.where(none, 0.0, hi)


def _binned(scale: Scale, lo: FloatArray, hi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Lowest and highest points of the bins each row's ``[lo, hi]`` meets."""
    plo, phi = np.full(len(lo), np.inf), np.full(len(lo), -np.inf)
    for b in scale.bins:
        top = np.inf if b.max is None else b.max
        hit = (b.min <= hi) & (top >= lo)
        plo = np.where(hit, np.minimum(plo, b.points), plo)
        phi = np.where(hit, np.maximum(phi, b.points), phi)
    return plo, phi


def fill_derived(
    c: Compiled,
    a: npt.NDArray[Any],
    attributes: Mapping[str, npt.NDArray[Any]],
    applies: Applies,
) -> tuple[npt.NDArray[Any], Narrowing]:
    """The chunk with computed columns filled in, and their points ranges where open."""
    rows = _Rows(c, a, attributes, applies)
    out = a.astype(np.int32)  # a computed number may not fit a narrower matrix
    narrowing: Narrowing = {}
    for item in derived_items(c.instrument):
        k = rows.col[item.id]
        assert item.derive is not None
        vlo, vhi = rows.value(item.derive)
        plo, phi = _binned(rows.scales[item.scale], vlo, vhi)
        certain = plo == phi
        out[:, k] = np.where(certain, vlo, UNANSWERED).astype(out.dtype)
        rows.ranges[k] = (plo, phi)
        narrowing[k] = (plo, phi)
    return out, narrowing


def narrow(
    c: Compiled,
    narrowing: Narrowing,
    misf: npt.NDArray[np.float32],
    low: FloatArray,
    high: FloatArray,
) -> None:
    """Exact contribution ranges of open computed items (in place on ``low`` / ``high``)."""
    for k, (plo, phi) in narrowing.items():
        open_rows = misf[:, k] > 0
        if not open_rows.any():
            continue
        for t in np.flatnonzero(c.membership[k]):
            w = c.weight_matrix[k, t]
            a, b = np.minimum(w * plo, w * phi), np.maximum(w * plo, w * phi)
            low[t] += np.where(open_rows, a - c.lo_matrix[k, t], 0.0)
            high[t] += np.where(open_rows, b - c.hi_matrix[k, t], 0.0)
