"""Vectorised scoring of many assessments at once with numpy.

``score_batch(compiled, answers, attributes)`` scores an ``(n_assessments, n_items)`` integer
matrix (see :mod:`sigrbm.batch.compile`) with matrix products, ``searchsorted`` and masks — no
Python loop over rows (rows are processed in large chunks) — and gives, for every row, exactly
what :func:`sigrbm.scoring.score.compute` gives for that assessment: score ranges, statuses,
level ranges after floors, computed levels, rule truths.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.attribute_rows import attribute_groups
from sigrbm.batch.bands import applies, band_needs_array, levels
from sigrbm.batch.compile import (
    CHUNK,
    COMPLETE,
    NO,
    PARTIAL,
    PRORATED,
    UNKNOWN,
    YES,
    BoolArray,
    Compiled,
    FloatArray,
    IntArray,
)
from sigrbm.batch.derived import Narrowing, fill_derived, has_derived, narrow
from sigrbm.batch.weight_by import add_attribute_weights
from sigrbm.errors import CaseError, Code, InputShapeError, Problem
from sigrbm.instrument.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    Condition,
    ItemIs,
    LevelAtLeast,
    ScoreAtLeast,
)

#: The name the batch readers import (:func:`sigrbm.batch.bands.applies`).


@attrs.define(eq=False)
class BatchResult:
    """Per-row results; columns of the 2-D arrays are ``compiled.targets``."""

    compiled: Compiled
    raw: FloatArray
    low: FloatArray
    high: FloatArray
    status: IntArray
    answered: IntArray
    applicable: IntArray
    computed: IntArray  # level-set index before floors, -1 when open or no bands
    level_low: IntArray  # after floors, -1 without bands
    level_high: IntArray
    floors: IntArray  # (n, floors) truth codes
    floor_changed: BoolArray
    flags: IntArray  # (n, flags) truth codes
    missing: BoolArray | None = None  # (n, items), with items=True
    not_applicable: BoolArray | None = None  # (n, items), with items=True
    present: BoolArray | None = None  # (n, items): answered with points > 0, with items=True
    # issue 13: each lookup target's range before its lookup (columns: sorted lookup targets)
    raw_low: FloatArray | None = None
    raw_high: FloatArray | None = None
    #: issue 16: per row and target, bit ``j`` set when the ``j``-th attribute of
    #: ``compiled.band_attrs[t]`` is missing and the candidate band tables give different
    #: levels (before floors); None when no band table is chosen by subject attributes
    band_needs: npt.NDArray[np.unsignedinteger[Any]] | None = None

    # Derived arrays are computed once, on first use (a result is read-only once scored):
    # recomputing them per row made writing and statistics quadratic (issue 16).
    @functools.cached_property
    def value(self) -> FloatArray:
        """The score where known (``low == high``), else nan."""
        return np.where(self.low == self.high, self.low, np.nan)

    @functools.cached_property
    def level(self) -> IntArray:
        """Determinate level index after floors, -1 when undetermined or no bands."""
        return np.where(self.level_low == self.level_high, self.level_low, -1)

    def level_ids(self, target: str, rows: slice = slice(None)) -> npt.NDArray[np.object_]:
        """Each row's determinate level of a domain or score as level ids ('' when none)."""
        order, codes = self.level_codes(target, rows)
        return order[codes]

    def level_codes(
        self, target: str, rows: slice = slice(None)
    ) -> tuple[npt.NDArray[np.object_], IntArray]:
        """The level ids of a domain or score with a trailing '' (none), and each row's index
        into them (-1 picks the '')."""
        t = self.compiled.target(target)
        order = np.array([*self.compiled.level_sets.get(t, ()), ""], dtype=object)
        return order, self.level[rows, t]

    def level_id(self, row: int, target: str) -> str | None:
        """The determinate level of one row's domain or score, as a level id."""
        t = self.compiled.target(target)
        idx = int(self.level[row, t])
        return None if idx < 0 else self.compiled.level_sets[t][idx]

    def band_needs_ids(self, target: str, rows: slice = slice(None)) -> npt.NDArray[np.object_]:
        """Per row, the attributes the band choice of ``target`` needs, joined by ``;``
        ('' when the choice is certain or its candidates agree; issue 16)."""
        t = self.compiled.target(target)
        names = self.compiled.band_attrs.get(t, ())
        masks = (
            self.band_needs[rows, t]
            if self.band_needs is not None and names
            else np.zeros(len(self.raw[rows]), dtype=np.uint8)
        )
        distinct, inverse = np.unique(masks, return_inverse=True)
        texts = [
            ";".join(name for j, name in enumerate(names) if int(m) >> j & 1)
            for m in distinct.tolist()
        ]
        out: npt.NDArray[np.object_] = np.array(texts, dtype=object)[inverse.ravel()]
        return out

    def __len__(self) -> int:
        return int(self.raw.shape[0])


def score_batch(
    compiled: Compiled,
    answers: npt.ArrayLike,
    attributes: Mapping[str, npt.ArrayLike] | None = None,
    *,
    items: bool = False,
    check: bool = True,
) -> BatchResult:
    """Score every row of ``answers`` (shape ``(n, n_items)``, see :func:`encode`).

    ``attributes`` maps attribute ids to arrays of length ``n`` (``age`` as numbers, nan when
    unknown; categories as strings or None). Rows are scored in chunks of :data:`CHUNK`
    straight into the result arrays. ``items=True`` also keeps the per-item masks
    (missing, not applicable, present) that follow-up statistics and tests read.

    Issue 24: the rows' attributes get the scalar path's check first (C607, once per
    distinct combination): a row lacking an attribute the instrument needs (an item's
    applicability, a band choice without default bands, an attribute's value as points), or
    giving a value the attribute does not have, raises :class:`~sigrbm.errors.CaseError`
    naming the first such row of each combination — never a determinate result that could be
    wrong. ``check=False`` is for callers that have just run that check on the same rows
    (the batch readers).
    """
    a = np.asarray(answers)
    if a.ndim != 2 or a.shape[1] != len(compiled.item_ids):
        raise InputShapeError(f"answers must have shape (n, {len(compiled.item_ids)})")
    if not np.issubdtype(a.dtype, np.integer):
        raise InputShapeError("answers must be an integer matrix (see sigrbm.batch.encode)")
    attrs_in = {k: np.asarray(v) for k, v in (attributes or {}).items()}
    if check:
        _check_attributes(compiled, attrs_in, len(a))
    for key, value in compiled.instrument.parameter_values().items():  # issue 13: parameters
        attrs_in[key] = np.full(len(np.asarray(answers)), value, dtype=object)
    n, m = a.shape
    t_n, inst = len(compiled.targets), compiled.instrument
    out = BatchResult(
        compiled,
        raw=np.empty((n, t_n)),
        low=np.empty((n, t_n)),
        high=np.empty((n, t_n)),
        status=np.empty((n, t_n), np.int8),
        answered=np.empty((n, t_n), np.int16),
        applicable=np.empty((n, t_n), np.int16),
        computed=np.empty((n, t_n), np.int8),
        level_low=np.empty((n, t_n), np.int8),
        level_high=np.empty((n, t_n), np.int8),
        floors=np.empty((n, len(inst.floors)), np.int8),
        floor_changed=np.empty((n, len(inst.floors)), bool),
        flags=np.empty((n, len(inst.flags)), np.int8),
        missing=np.empty((n, m), bool) if items else None,
        not_applicable=np.empty((n, m), bool) if items else None,
        present=np.empty((n, m), bool) if items else None,
        raw_low=np.empty((n, len(compiled.lookups))),
        raw_high=np.empty((n, len(compiled.lookups))),
        band_needs=band_needs_array(compiled, n),
    )
    for s in range(0, n, CHUNK):
        e = min(s + CHUNK, n)
        _score_chunk(compiled, a[s:e], {k: v[s:e] for k, v in attrs_in.items()}, out, s)
    return out


def _missing(c: Compiled, a: npt.NDArray[Any], idx: npt.NDArray[np.int32]) -> Any:
    """1 where an answer is missing: a negative code (answers are validated) — except a
    missing option the coding rules count as points (issue 24), read from the table."""
    misf = (a < 0).astype(np.float32)
    if c.counted_cols.size:
        misf[:, c.counted_cols] = np.take(c.lut_missing, idx[:, c.counted_cols])
    return misf


def _check_attributes(c: Compiled, attributes: dict[str, npt.NDArray[Any]], n: int) -> None:
    """Refuse rows whose attributes the scalar path would refuse (C607; issue 24)."""
    for key, col in attributes.items():
        if len(col) != n:
            raise InputShapeError(f"attribute '{key}' must have one value per row ({n})")
    problems = [
        Problem(
            code=Code.CASE_ATTRIBUTE,
            path=(rows[0], attr or "$"),
            message=message + (f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""),
        )
        for rows, found in attribute_groups(c.instrument, attributes, n)
        for attr, message in found
    ]
    if problems:
        raise CaseError(problems)


def _score_chunk(
    c: Compiled,
    a: npt.NDArray[Any],
    attributes: Mapping[str, npt.NDArray[Any]],
    out: BatchResult,
    start: int,
) -> None:
    """Score one chunk into rows ``start…`` of ``out``. Per-target arrays are target-major,
    shape ``(targets, n)``, so every per-target step reads contiguous memory."""
    n, m = a.shape
    t_n = len(c.targets)
    narrowing: Narrowing = {}
    if has_derived(c):  # issue 13: computed items' columns, before summing
        a, narrowing = fill_derived(c, a, attributes, applies)
    idx = a.astype(np.int32)
    if c.count_cols.size:
        idx[:, c.count_cols] = np.minimum(idx[:, c.count_cols], c.lut_top)
    idx += c.lut_offsets
    pts = np.take(c.lut_points, idx)  # 0 where missing
    misf = _missing(c, a, idx)
    not_applicable = np.zeros((n, m), dtype=bool)
    n_app = np.repeat(c.total_items[:, None], n, axis=1)
    top_all = np.repeat(c.total_top[:, None], n, axis=1)
    if c.cond_cols.size:
        _not_applicable(
            c,
            attributes,
            pts=pts,
            misf=misf,
            not_applicable=not_applicable,
            n_app=n_app,
            top_all=top_all,
        )
    # float32 sums of small weighted points are exact; prorating converts what it divides
    raw = _product(c.member_weighted, pts)
    mm = _product(c.member_missing, misf)
    low, high = (raw + mm[:t_n]).astype(np.float64), (raw + mm[t_n : 2 * t_n]).astype(np.float64)
    if narrowing:  # issue 13: exact ranges of open computed items
        narrow(c, narrowing, misf, low, high)
    raw = add_attribute_weights(  # issue 24: weights chosen by a subject attribute
        c.weight_slots,
        c.weight_worlds,
        pts=pts,
        misf=misf,
        narrowing=narrowing,
        attributes=attributes,
        sums=(raw, low, high),
    )
    n_mis = np.rint(mm[2 * t_n : 3 * t_n]).astype(np.int64)
    n_app_i = np.rint(n_app).astype(np.int64)
    n_ans = n_app_i - n_mis
    # issue 24: every item answered, yet a weight open while the attribute is not given
    status = np.where((n_mis == 0) & (low == high), COMPLETE, PARTIAL)
    _prorate(
        c,
        raw=raw,
        mm=mm,
        top_all=top_all,
        n_ans=n_ans,
        n_app=n_app_i,
        status=status,
        low=low,
        high=high,
    )
    looked = sorted(c.lookups)  # issue 13: the sums before the lookup, for raw columns
    raw_lo, raw_hi = low[looked], high[looked]
    _lookups(c, low, high)
    lvl_lo, lvl_hi, needs = levels(c, low, high, attributes, n)
    computed = np.where(lvl_lo == lvl_hi, lvl_lo, -1)
    missing = misf > 0
    ctx = _Ctx(
        c,
        a,
        ~not_applicable,
        missing,
        low,
        high,
        lvl_lo,
        lvl_hi,
        {item: k for k, item in enumerate(c.item_ids)},
        attributes,
    )
    floors, changed = _floors(c, ctx)
    flags = np.zeros((n, len(c.instrument.flags)), dtype=np.int64)
    for g_i, fg in enumerate(c.instrument.flags):
        flags[:, g_i] = _truth(fg.when, ctx)
    rows = slice(start, start + n)
    out.raw[rows], out.low[rows], out.high[rows] = raw.T, low.T, high.T
    out.status[rows], out.answered[rows], out.applicable[rows] = status.T, n_ans.T, n_app_i.T
    out.computed[rows], out.level_low[rows], out.level_high[rows] = computed.T, lvl_lo.T, lvl_hi.T
    out.floors[rows], out.floor_changed[rows], out.flags[rows] = floors, changed, flags
    if out.raw_low is not None and out.raw_high is not None:
        out.raw_low[rows], out.raw_high[rows] = raw_lo.T, raw_hi.T
    if out.band_needs is not None:
        out.band_needs[rows] = needs.T
    if out.missing is not None and out.not_applicable is not None and out.present is not None:
        out.missing[rows], out.not_applicable[rows] = missing, not_applicable
        np.greater(pts, 0, out=out.present[rows])


def items_present(
    compiled: Compiled,
    answers: npt.NDArray[Any],
    attributes: Mapping[str, npt.NDArray[Any]],
    cols: Sequence[int],
) -> BoolArray:
    """Per row, whether each item in ``cols`` is answered with points above 0 and applies
    (what ``score_batch(..., items=True).present`` holds for those columns, without
    scoring again)."""
    n = len(answers)
    out = np.zeros((n, len(cols)), dtype=bool)
    if not cols:
        return out
    k = np.asarray(cols, dtype=np.int64)
    derived = has_derived(compiled)
    for s in range(0, n, CHUNK):
        chunk = answers[s : s + CHUNK]
        if derived:  # computed items count as answered as score_batch fills them (issue 13)
            part = {name: v[s : s + CHUNK] for name, v in attributes.items()}
            chunk, _ = fill_derived(compiled, chunk, part, applies)
        idx = chunk[:, k].astype(np.int32)
        idx = np.where(compiled.is_count[k], np.minimum(idx, compiled.lut_top), idx)
        idx += compiled.lut_offsets[k]
        out[s : s + CHUNK] = np.take(compiled.lut_points, idx) > 0
    for j, item in enumerate(cols):
        conds = compiled.applies_when.get(int(item))
        if conds:
            out[:, j] &= applies(conds, attributes, n) != 0
    return out


def _product(matrix: npt.NDArray[np.float32], rows: npt.NDArray[np.float32]) -> Any:
    """``matrix.T @ rows.T`` without BLAS: the products per chunk are tiny, and OpenBLAS's
    default threads made them 4–5× slower than one core on a 2-core machine (issue 16;
    benchmarks/kernel_products.py). numpy's own einsum loop is thread-free and exact here
    (sums of small weighted points in float32)."""
    return np.einsum("it,ni->tn", matrix, rows, optimize=False)


def _not_applicable(
    c: Compiled,
    attributes: Mapping[str, npt.NDArray[Any]],
    *,
    pts: npt.NDArray[np.float32],
    misf: npt.NDArray[np.float32],
    not_applicable: BoolArray,
    n_app: FloatArray,
    top_all: FloatArray,
) -> None:
    """Leave out items that do not apply to the subject (in place)."""
    n = len(pts)
    t_n = len(c.targets)
    na = np.empty((n, c.cond_cols.size), dtype=np.float32)
    seen: dict[tuple[AttributeCondition, ...], BoolArray] = {}
    for j, k in enumerate(c.cond_cols):
        conds = c.applies_when[int(k)]
        if conds not in seen:
            seen[conds] = applies(conds, attributes, n) == 0
        na[:, j] = seen[conds]
        not_applicable[:, k] = seen[conds]
    keep = 1 - na
    pts[:, c.cond_cols] *= keep
    misf[:, c.cond_cols] *= keep
    cond = _product(c.member_cond, na)
    n_app -= cond[:t_n]
    top_all -= cond[t_n:]


def _prorate(
    c: Compiled,
    *,
    raw: npt.NDArray[np.float32],
    mm: npt.NDArray[np.float32],
    top_all: FloatArray,
    n_ans: IntArray,
    n_app: IntArray,
    status: IntArray,
    low: FloatArray,
    high: FloatArray,
) -> None:
    """Scale partial sums up where a prorate policy's completeness share is reached."""
    t_n, n = raw.shape
    for t in np.flatnonzero(~np.isnan(c.prorate)):
        top_ans = top_all[t] - mm[3 * t_n + t].astype(np.float64)
        share = np.divide(n_ans[t], n_app[t], out=np.ones(n), where=n_app[t] > 0)
        raw_t = raw[t].astype(np.float64)
        # as score(): scaled wherever the answered top is non-zero (negative points included)
        scaled = np.divide(raw_t * top_all[t], top_ans, out=raw_t.copy(), where=top_ans != 0)
        use = (status[t] == PARTIAL) & (share >= c.prorate[t])
        low[t] = np.where(use, scaled, low[t])
        high[t] = np.where(use, scaled, high[t])
        status[t] = np.where(use, PRORATED, status[t])


def _lookups(c: Compiled, low: FloatArray, high: FloatArray) -> None:
    """Map score ranges through lookup tables, in place."""
    for t, (mins, belows, vals) in c.lookups.items():
        lo_t, hi_t = low[t].copy(), high[t].copy()
        hit = (mins[None, :] <= hi_t[:, None]) & (belows[None, :] > lo_t[:, None])
        anyhit = hit.any(axis=1)
        low[t] = np.where(anyhit, np.where(hit, vals[None, :], np.inf).min(axis=1), lo_t)
        high[t] = np.where(anyhit, np.where(hit, vals[None, :], -np.inf).max(axis=1), hi_t)


def _floors(c: Compiled, x: _Ctx) -> tuple[IntArray, BoolArray]:
    """Apply floors in file order (in place on the level arrays); truths and changes."""
    n = len(x.a)
    inst = c.instrument
    floors = np.zeros((n, len(inst.floors)), dtype=np.int64)
    changed = np.zeros((n, len(inst.floors)), dtype=bool)
    for f_i, fl in enumerate(inst.floors):
        truth = _truth(fl.when, x)
        t = c.target(fl.target)
        if t not in c.level_sets:
            continue
        want = c.level_sets[t].index(fl.level)
        before_lo, before_hi = x.lvl_lo[t].copy(), x.lvl_hi[t].copy()
        active = (truth != NO) & (before_lo >= 0)
        x.lvl_lo[t] = np.where(active & (truth == YES), np.maximum(before_lo, want), before_lo)
        x.lvl_hi[t] = np.where(active, np.maximum(before_hi, want), before_hi)
        changed[:, f_i] = (x.lvl_lo[t] != before_lo) | (x.lvl_hi[t] != before_hi)
        floors[:, f_i] = np.where(before_lo >= 0, truth, NO)
    return floors, changed


@attrs.frozen
class _Ctx:
    """What rule conditions read, for one chunk."""

    c: Compiled
    a: npt.NDArray[Any]
    applicable: BoolArray
    mis: BoolArray
    low: FloatArray
    high: FloatArray
    lvl_lo: IntArray
    lvl_hi: IntArray
    cols: dict[str, int]
    attributes: Mapping[str, npt.NDArray[Any]]  # issue 13: attribute conditions in rules


def _truth(cond: Condition, x: _Ctx) -> IntArray:
    """Three-valued truth of a rule condition per row (NO / UNKNOWN / YES)."""
    n = len(x.a)
    if isinstance(cond, AttributeCondition):  # issue 13
        st = applies((cond,), x.attributes, n)
        return np.where(st == 1, YES, np.where(st == 0, NO, UNKNOWN)).astype(np.int64)
    if isinstance(cond, ItemIs):
        k = x.cols[cond.item]
        wanted = [x.c.codes[k][code] for code in cond.in_ if code in x.c.codes[k]]
        if x.c.is_count[k]:
            wanted += [int(code) for code in cond.in_ if code.isdigit()]
        hit = np.isin(x.a[:, k], np.array(wanted, dtype=np.int64)) & x.applicable[:, k]
        return np.where(hit, YES, np.where(x.mis[:, k], UNKNOWN, NO)).astype(np.int64)
    if isinstance(cond, ScoreAtLeast):
        t = x.c.target(cond.score)
        lo, hi = x.low[t], x.high[t]
        return np.where(lo >= cond.min, YES, np.where(hi < cond.min, NO, UNKNOWN)).astype(np.int64)
    if isinstance(cond, LevelAtLeast):
        t = x.c.target(cond.level_of)
        if t not in x.c.level_sets:
            return np.full(n, UNKNOWN, dtype=np.int64)
        want = x.c.level_sets[t].index(cond.at_least)
        res = np.where(x.lvl_lo[t] >= want, YES, np.where(x.lvl_hi[t] < want, NO, UNKNOWN))
        return np.where(x.lvl_lo[t] < 0, UNKNOWN, res).astype(np.int64)
    is_all = isinstance(cond, AllOf)
    subs = cond.all if isinstance(cond, AllOf) else cond.any if isinstance(cond, AnyOf) else ()
    parts = [_truth(p, x) for p in subs]
    stack = np.stack(parts) if parts else np.full((1, n), YES if is_all else NO)
    if is_all:
        some_no, all_yes = (stack == NO).any(axis=0), (stack == YES).all(axis=0)
        return np.where(some_no, NO, np.where(all_yes, YES, UNKNOWN)).astype(np.int64)
    some_yes, all_no = (stack == YES).any(axis=0), (stack == NO).all(axis=0)
    return np.where(some_yes, YES, np.where(all_no, NO, UNKNOWN)).astype(np.int64)
