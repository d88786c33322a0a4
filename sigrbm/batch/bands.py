"""Per-row attribute conditions and the band choice of the batch kernel.

:func:`applies` is the batch form of :func:`sigrbm.instrument.select.applies`;
:func:`levels` chooses band tables per row as :func:`sigrbm.instrument.select.band_choice`
does for one subject (issue 16: a missing attribute leaves the choice open between the
candidate tables, never a silent fall-back to the default bands).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from sigrbm.batch.compile import BoolArray, Compiled, FloatArray, IntArray, Table
from sigrbm.instrument.conditions import AttributeCondition


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and np.isnan(value)


def _holds(
    cond: AttributeCondition, attributes: Mapping[str, npt.NDArray[Any]], n: int
) -> npt.NDArray[np.int8]:
    """Per row: 1 = the condition holds, 0 = it fails, -1 = its attribute is unknown."""
    col = attributes.get(cond.attribute)
    if col is None:
        return np.full(n, -1, dtype=np.int8)
    if col.dtype == object:
        known = np.array([v is not None and not _is_nan(v) for v in col], dtype=bool)
    else:
        known = ~np.isnan(col.astype(float))
    ok = np.ones(n, dtype=bool)
    if cond.in_ is not None:
        ok &= np.isin(col, np.array(cond.in_, dtype=object))
    if col.dtype != object:
        vals = np.where(known, col.astype(float), 0.0)
        if cond.min is not None:
            ok &= vals >= cond.min
        if cond.max is not None:
            ok &= vals <= cond.max
    return np.where(known, np.where(ok, 1, 0), -1).astype(np.int8)


def applies(
    conds: Sequence[AttributeCondition], attributes: Mapping[str, npt.NDArray[Any]], n: int
) -> npt.NDArray[np.int8]:
    """Per row, as :func:`sigrbm.instrument.select.applies` (three-valued AND): 0 when any
    condition certainly fails, -1 when none fails but one is unknown, else 1."""
    state = np.ones(n, dtype=np.int8)
    for cond in conds:
        one = _holds(cond, attributes, n)
        state = np.where((state == 0) | (one == 0), 0, np.minimum(state, one)).astype(np.int8)
    return state


def _band(mins: FloatArray, x: FloatArray) -> IntArray:
    """Band index of each score (below the first band: the first band).

    Band tables are short, so counting the edges a score has passed beats a binary search.
    """
    i = np.zeros(x.shape, dtype=np.int64)
    for edge in mins[1:]:
        i += x >= edge
    return i


def _level(table: Table, x: FloatArray) -> IntArray:
    """Level-set index of each score under one band table."""
    band = _band(table.mins, x)
    if table.identity:
        return band
    return table.levels[band]


def band_needs_array(c: Compiled, n: int) -> npt.NDArray[np.unsignedinteger[Any]] | None:
    """The band-needs bit masks (issue 16), or None when no band choice reads an attribute."""
    widest = min(max((len(v) for v in c.band_attrs.values()), default=0), 62)
    if not widest:
        return None
    dtype = next(
        d for d in (np.uint8, np.uint16, np.uint32, np.uint64) if np.iinfo(d).bits >= widest
    )
    return np.zeros((n, len(c.targets)), dtype=dtype)


def _missing(attributes: Mapping[str, npt.NDArray[Any]], name: str, n: int) -> BoolArray:
    """Rows where an attribute is not given (as :func:`applies` reads it)."""
    col = attributes.get(name)
    if col is None:
        return np.ones(n, dtype=bool)
    if col.dtype == object:
        return np.array([v is None or _is_nan(v) for v in col], dtype=bool)
    out: BoolArray = np.isnan(col.astype(float))
    return out


def levels(
    c: Compiled,
    low: FloatArray,
    high: FloatArray,
    attributes: Mapping[str, npt.NDArray[Any]],
    n: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """Level-set indices of the low and high ends, with band tables chosen per row, and the
    band-needs bit masks (target-major).

    Issue 16, as :func:`sigrbm.instrument.select.band_choice`: a variant whose condition is
    undecided (an attribute missing) is a candidate, and so is every later one up to the
    first that certainly holds, else the default bands; the level range spans every
    candidate's, and the masks name the missing attributes where candidates disagree."""
    lvl_lo = np.full(low.shape, -1, dtype=np.int64)
    lvl_hi = np.full(low.shape, -1, dtype=np.int64)
    needs = np.zeros(low.shape, dtype=np.int64)
    missing: dict[str, BoolArray] = {}
    for t, (variants, default) in c.tables.items():
        if not variants and default is not None:
            lvl_lo[t] = _level(default, low[t])
            lvl_hi[t] = _level(default, high[t])
            continue
        done = np.zeros(n, dtype=bool)  # a variant certainly holds
        seen = np.zeros(n, dtype=bool)  # some candidate gave levels
        differ = np.zeros(n, dtype=bool)  # candidates gave different level ranges
        first_lo = np.full(n, -1, dtype=np.int64)
        first_hi = np.full(n, -1, dtype=np.int64)
        wanted = np.zeros(n, dtype=np.int64)
        names = c.band_attrs.get(t, ())[:62]  # bits of an int64 (more is absurd)
        for table in [*variants, default]:
            if table is None:
                continue
            rows = ~done
            if table is not default:
                state = applies(table.when, attributes, n)
                rows &= state != 0
                for j, name in enumerate(names):
                    if any(cond.attribute == name for cond in table.when):
                        if name not in missing:
                            missing[name] = _missing(attributes, name, n)
                        wanted[rows & (state < 0) & missing[name]] |= 1 << j
                done |= state == 1
            if not rows.any():
                continue
            lo_v, hi_v = _level(table, low[t, rows]), _level(table, high[t, rows])
            had = seen[rows]
            differ[rows] |= had & ((first_lo[rows] != lo_v) | (first_hi[rows] != hi_v))
            first_lo[rows] = np.where(had, first_lo[rows], lo_v)
            first_hi[rows] = np.where(had, first_hi[rows], hi_v)
            lvl_lo[t, rows] = np.where(had, np.minimum(lvl_lo[t, rows], lo_v), lo_v)
            lvl_hi[t, rows] = np.where(had, np.maximum(lvl_hi[t, rows], hi_v), hi_v)
            seen[rows] = True
        needs[t] = np.where(differ, wanted, 0)
    return lvl_lo, lvl_hi, needs
