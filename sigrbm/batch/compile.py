"""Compile an instrument to arrays once, and encode answers as the integers the kernel reads.

``compile_instrument(inst)`` turns an instrument into arrays: option values per item, count
bins, an item × target membership matrix (domains first, then scores), band edges per table
variant, lookup rows, and rule tables.

Answer encoding (see :func:`encode`): for an ordinal item the index of the scored option
(0 = lowest); for a count item the count; ``-(j + 1)`` for the item's ``j``-th missing
option ("vet ej"); :data:`UNANSWERED` for no answer.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.weight_by import Slot, weight_slots, worlds
from sigrbm.batch.weights import weight_matrices
from sigrbm.errors import UnknownIdError
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import Instrument, MissingMethod, MissingPolicy, ScaleKind
from sigrbm.instrument.select import domain_items, score_items

UNANSWERED = -128  # fits an int8 matrix
#: Truth codes in rule arrays.
NO, UNKNOWN, YES = 0, 1, 2
#: Status codes in score arrays.
COMPLETE, PARTIAL, PRORATED = 0, 1, 2
CHUNK = 1 << 12  # rows per chunk: measured fastest (benchmarks/batch.py)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@attrs.define(eq=False)
class Table:
    """One band table (or variant) as arrays over the level set."""

    mins: FloatArray
    levels: IntArray  # level-set index of each band
    when: tuple[AttributeCondition, ...] = ()

    @property
    def identity(self) -> bool:
        """Band i gives level i (the usual case)."""
        return bool(np.array_equal(self.levels, np.arange(len(self.levels))))


@attrs.define(eq=False)
class Compiled:
    """An instrument as arrays (build with :func:`compile_instrument`)."""

    instrument: Instrument
    item_ids: tuple[str, ...]
    targets: tuple[str, ...]  # domain ids, then score ids
    n_domains: int
    values: FloatArray  # (items, max_options) option values, nan padded
    is_count: BoolArray
    bins: dict[int, tuple[IntArray, FloatArray]]  # item index → (bin mins, points)
    weights: FloatArray
    lo: FloatArray  # lowest contribution per item
    hi: FloatArray
    top: FloatArray  # max(w·pmin, w·pmax)
    membership: FloatArray  # (items, targets) 0/1
    prorate: FloatArray  # per target: min completeness, or nan for determinate
    lookups: dict[int, tuple[FloatArray, FloatArray, FloatArray]]  # target → (mins, belows, values)
    tables: dict[int, tuple[list[Table], Table | None]]  # target → (variants, default)
    level_sets: dict[int, tuple[str, ...]]
    applies_when: dict[int, tuple[AttributeCondition, ...]]
    codes: tuple[dict[str, int], ...]  # per item: code → encoded value
    lut_points: npt.NDArray[np.float32]  # flat (items × width): points, 0 when missing
    lut_missing: npt.NDArray[np.float32]  # flat: 1 when the encoded value means missing
    lut_top: int  # the highest encoded value the table holds (larger counts clip to it)
    lut_offsets: npt.NDArray[np.int32]  # per item: where its row starts, shifted by -UNANSWERED
    count_cols: IntArray
    cond_cols: IntArray  # items with an applicability condition
    member_weighted: npt.NDArray[np.float32]  # weight · membership
    member_missing: npt.NDArray[np.float32]  # [lo·member | hi·member | member | top·member]
    member_cond: npt.NDArray[np.float32]  # rows of cond_cols: [member | top·member]
    total_items: FloatArray  # items per target
    total_top: FloatArray  # sum of top contributions per target
    # issue 13: per-score weights, and lowest / highest contribution, item × target
    weight_matrix: FloatArray = attrs.field(factory=lambda: np.zeros((0, 0)))
    lo_matrix: FloatArray = attrs.field(factory=lambda: np.zeros((0, 0)))
    hi_matrix: FloatArray = attrs.field(factory=lambda: np.zeros((0, 0)))
    #: issue 16: per target whose bands are chosen by subject attributes, those attributes
    #: (sorted): bit ``j`` of ``BatchResult.band_needs`` stands for the ``j``-th
    band_attrs: dict[int, tuple[str, ...]] = attrs.field(factory=dict)
    #: issue 24: (item, target) pairs whose weight a subject attribute chooses, and the
    #: representative subjects they are read for (see :mod:`sigrbm.batch.weight_by`)
    weight_slots: list[Slot] = attrs.field(factory=list)
    weight_worlds: list[dict[str, str | int]] = attrs.field(factory=list)
    #: issue 24: items with a missing option the coding rules count as points; for those,
    #: whether an answer is missing is read from ``lut_missing``, not from its sign
    counted_cols: IntArray = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))

    def target(self, target_id: str) -> int:
        """Column of a domain or score in the result arrays (ValueError if none)."""
        try:
            return self._target_index[target_id]
        except KeyError:
            raise ValueError(f"{target_id!r} is not a domain or score") from None

    @functools.cached_property
    def _target_index(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.targets)}


def _item_arrays(
    inst: Instrument,
    *,
    values: FloatArray,
    is_count: BoolArray,
    bins: dict[int, tuple[IntArray, FloatArray]],
    lo: FloatArray,
    hi: FloatArray,
    top: FloatArray,
    codes: list[dict[str, int]],
    counted: dict[int, dict[int, float]],
) -> None:
    """Fill the per-item arrays (in place): option values, count bins, ranges, codes, and
    the missing options counted as points (issue 24: encoded value → points, per item)."""
    scales = {s.id: s for s in inst.scales}
    for k, item in enumerate(inst.items):
        scale = scales[item.scale]
        table = {o.code: -(j + 1) for j, o in enumerate(scale.missing)}
        for j, m in enumerate(scale.missing):
            points = inst.counted_points(item, m.code)
            if points is not None:
                counted.setdefault(k, {})[-(j + 1)] = points
        if scale.kind is ScaleKind.COUNT:
            is_count[k] = True
            bins[k] = (
                np.array([b.min for b in scale.bins], dtype=np.int64),
                np.array([float(b.points) for b in scale.bins]),
            )
        else:
            for j, o in enumerate(scale.options):
                values[k, j] = o.value
                table[o.code] = j
        codes.append(table)
        pmin, pmax = scale.points_range()
        a, b = sorted((item.weight * pmin, item.weight * pmax))
        lo[k], hi[k], top[k] = a, b, b


def compile_instrument(inst: Instrument) -> Compiled:
    """Arrays for fast scoring; compile once, score many times."""
    items = inst.items
    n = len(items)
    scales = {s.id: s for s in inst.scales}
    width = max([len(scales[i.scale].options) for i in items] + [1])
    values = np.full((n, width), np.nan)
    is_count = np.zeros(n, dtype=bool)
    bins: dict[int, tuple[IntArray, FloatArray]] = {}
    weights = np.array([float(i.weight) for i in items])
    lo, hi, top = np.zeros(n), np.zeros(n), np.zeros(n)
    codes: list[dict[str, int]] = []
    counted: dict[int, dict[int, float]] = {}
    _item_arrays(
        inst,
        values=values,
        is_count=is_count,
        bins=bins,
        lo=lo,
        hi=hi,
        top=top,
        codes=codes,
        counted=counted,
    )
    domains = [d.id for d in inst.domains]
    score_ids = [s.id for s in inst.scores]
    targets = (*domains, *score_ids)
    membership = np.zeros((n, len(targets)))
    index = {i.id: k for k, i in enumerate(items)}
    for t, d in enumerate(inst.domains):
        for item in domain_items(inst, d.id):
            membership[index[item.id], t] = 1.0
    for t, s in enumerate(inst.scores, start=len(domains)):
        for item in score_items(inst, s):
            membership[index[item.id], t] = 1.0
    prorate = np.full(len(targets), np.nan)
    lookups: dict[int, tuple[FloatArray, FloatArray, FloatArray]] = {}
    tables: dict[int, tuple[list[Table], Table | None]] = {}
    level_sets: dict[int, tuple[str, ...]] = {}
    default = inst.defaults.missing
    specs: list[tuple[MissingPolicy | None, str | None, str | None]] = [
        (d.missing, None, d.bands) for d in inst.domains
    ]
    specs += [(s.missing, s.lookup, s.bands) for s in inst.scores]
    for t, (policy, lookup_id, table_id) in enumerate(specs):
        pol = policy or default
        if pol.method is MissingMethod.PRORATE:
            prorate[t] = pol.min_completeness or 1.0
        if lookup_id is not None:
            rows = inst.lookup(lookup_id).rows
            lookups[t] = (
                np.array([r.min for r in rows], dtype=float),
                np.array([np.inf if r.below is None else r.below for r in rows]),
                np.array([r.value for r in rows], dtype=float),
            )
        if table_id is not None:
            bt = inst.band_table(table_id)
            order = tuple(lv.id for lv in inst.table_levels(bt.id).levels)  # issue 13
            level_sets[t] = order

            def mk(
                bands: Sequence[Any],
                when: tuple[AttributeCondition, ...] = (),
                order: tuple[str, ...] = order,
            ) -> Table:
                return Table(
                    np.array([b.min for b in bands], dtype=float),
                    np.array([order.index(b.level) for b in bands], dtype=np.int64),
                    when,
                )

            active = inst.table_levels(bt.id).id  # issue 13: variants of other level sets
            tables[t] = (  # never hold (their parameters are not set), so they are left out
                [
                    mk(v.bands, v.when)
                    for v in bt.variants
                    if (v.level_set or bt.level_set) == active
                ],
                mk(bt.bands) if bt.bands and bt.level_set == active else None,
            )
    params = inst.parameter_values()
    band_attrs = {  # issue 16: what a band choice may need (parameters are always known)
        t: names
        for t, (variants, _) in tables.items()
        if (names := tuple(sorted({c.attribute for v in variants for c in v.when} - set(params))))
    }
    lut_points, lut_missing, lut_top, width = _lookup_tables(values, is_count, bins, counted)
    # issue 13: an item's weight (and so its range) may differ from score to score
    w_matrix, lo_matrix, hi_matrix = weight_matrices(inst, membership, targets)
    top_member = hi_matrix
    slots = weight_slots(inst, membership, targets)  # issue 24
    cond_cols = np.array(sorted(k for k, i in enumerate(items) if i.applies_when), dtype=np.int64)
    return Compiled(
        lut_points=lut_points,
        lut_missing=lut_missing,
        lut_top=lut_top,
        lut_offsets=(np.arange(n) * width - UNANSWERED).astype(np.int32),
        count_cols=np.flatnonzero(is_count).astype(np.int64),
        cond_cols=cond_cols,
        member_weighted=w_matrix.astype(np.float32),
        member_missing=np.hstack([lo_matrix, hi_matrix, membership, top_member]).astype(np.float32),
        weight_matrix=w_matrix,
        lo_matrix=lo_matrix,
        hi_matrix=hi_matrix,
        member_cond=np.hstack([membership, top_member])[cond_cols].astype(np.float32),
        total_items=membership.sum(axis=0),
        total_top=top_member.sum(axis=0),
        instrument=inst,
        item_ids=tuple(i.id for i in items),
        targets=targets,
        n_domains=len(domains),
        values=values,
        is_count=is_count,
        bins=bins,
        weights=weights,
        lo=lo,
        hi=hi,
        top=top,
        membership=membership,
        prorate=prorate,
        lookups=lookups,
        tables=tables,
        level_sets=level_sets,
        band_attrs=band_attrs,
        weight_slots=slots,
        weight_worlds=worlds(inst, slots) if slots else [],
        counted_cols=np.array(sorted(counted), dtype=np.int64),
        applies_when={k: i.applies_when for k, i in enumerate(items) if i.applies_when},
        codes=tuple(codes),
    )


def _lookup_tables(
    values: FloatArray,
    is_count: BoolArray,
    bins: dict[int, tuple[IntArray, FloatArray]],
    counted: dict[int, dict[int, float]],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], int, int]:
    """Points and missing-ness for every encoded value of every item, as flat tables.

    Encoded values run from :data:`UNANSWERED` up to the highest option index or the start
    of the last (open) count bin; larger counts are clipped to it before the look-up.
    """
    top = values.shape[1] - 1
    for mins, _ in bins.values():
        top = max(top, int(mins[-1]))
    width = top - UNANSWERED + 1
    points = np.full((values.shape[0], width), np.nan)
    for k in range(values.shape[0]):
        if is_count[k]:
            mins, pts = bins[k]
            v = np.arange(0, top + 1)
            pos = np.searchsorted(mins, v, side="right") - 1
            points[k, -UNANSWERED:] = np.where(pos >= 0, pts[np.clip(pos, 0, None)], np.nan)
        else:
            points[k, -UNANSWERED : -UNANSWERED + values.shape[1]] = values[k]
        for code, value in counted.get(k, {}).items():  # issue 24: a declared coding rule
            points[k, code - UNANSWERED] = value
    missing = np.isnan(points)
    return (
        np.where(missing, 0.0, points).astype(np.float32).ravel(),
        missing.astype(np.float32).ravel(),
        top,
        width,
    )


def encode(compiled: Compiled, answers: Sequence[Mapping[str, str | int]]) -> npt.NDArray[np.int32]:
    """Encode answer dicts (item id → option code or count) as the batch matrix.

    Raises :class:`~sigrbm.errors.UnknownIdError` (a ``KeyError``) for an unknown item or
    option (validate cases first).
    """
    out = np.full((len(answers), len(compiled.item_ids)), UNANSWERED, dtype=np.int32)
    col = {item: k for k, item in enumerate(compiled.item_ids)}
    for r, a in enumerate(answers):
        for item, value in a.items():
            k = col.get(item)
            if k is None:
                raise UnknownIdError("item", item)
            if isinstance(value, int) and compiled.is_count[k]:
                out[r, k] = value
            elif str(value) in compiled.codes[k]:
                out[r, k] = compiled.codes[k][str(value)]
            else:
                raise UnknownIdError(f"option of {item}:", str(value))
    return out
