"""Weights chosen by a subject attribute in the batch kernel (issue 24).

At compile time every (item, target) pair whose weight an attribute chooses becomes a
:class:`Slot`, and its column of the weight matrices is zero, so the matrix products sum
every other item. Per chunk, :func:`add_attribute_weights` reads the slots for each
*world* — every combination of one representative value per class of each attribute the
slots read (:func:`sigrbm.instrument.weight_by.representatives`); a row whose attribute is
given reads its own value in every world — and joins the worlds: the lowest and highest
sum over them, exactly as :func:`sigrbm.scoring.score.compute` joins its subjects.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.instrument.model import Instrument
from sigrbm.instrument.select import category_values
from sigrbm.instrument.weight_by import WeightBy, representatives

FloatArray = npt.NDArray[np.float64]


@attrs.frozen
class Slot:
    """Item ``k`` in target ``t``: its weight is chosen by ``rule`` (else ``plain``)."""

    k: int
    t: int
    plain: float
    rule: WeightBy
    pmin: float  # the points range of the item's scale
    pmax: float


def weight_slots(inst: Instrument, membership: FloatArray, targets: tuple[str, ...]) -> list[Slot]:
    """Every (item, target) pair whose weight a subject attribute chooses."""
    scales = {s.id: s for s in inst.scales}
    out = []
    for k, item in enumerate(inst.items):
        for t in np.flatnonzero(membership[k]).tolist():
            plain, rule = item.weight_rule(targets[t])
            if rule is not None:
                pmin, pmax = scales[item.scale].points_range()
                out.append(Slot(k, t, plain, rule, pmin, pmax))
    return out


def worlds(inst: Instrument, slots: list[Slot]) -> list[dict[str, str | int]]:
    """One representative value of every attribute the slots read, in every combination."""
    names = sorted({s.rule.attribute for s in slots})
    cats = category_values(inst)
    choices = [
        representatives([s.rule for s in slots if s.rule.attribute == a], cats.get(a))
        for a in names
    ]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*choices)]


def _filled(col: npt.NDArray[Any] | None, value: str | int, n: int) -> npt.NDArray[Any]:
    """The attribute column with every unknown value replaced by ``value``."""
    if col is None:
        return np.full(n, value, dtype=object if isinstance(value, str) else float)
    if col.dtype == object:
        known = np.array(
            [v is not None and not (isinstance(v, float) and np.isnan(v)) for v in col.tolist()],
            dtype=bool,
        )
        return np.where(known, col, np.array(value, dtype=object))
    numbers = col.astype(float)
    return np.where(np.isnan(numbers), float(value), numbers)


def _weight(slot: Slot, column: npt.NDArray[Any], n: int) -> FloatArray:
    """Per row, the slot's weight for an attribute column with every value known (a case
    fits as an attribute condition with the same keys does, see
    :func:`sigrbm.batch.bands.applies`)."""
    w = np.full(n, float(slot.plain))
    numeric = column.dtype != object
    values = column.astype(float) if numeric else None
    for case in reversed(slot.rule.cases):  # the first fitting case wins
        fits = np.ones(n, dtype=bool)
        if case.in_ is not None:
            fits &= np.isin(column, np.array(case.in_, dtype=object))
        if values is not None:
            if case.min is not None:
                fits &= values >= case.min
            if case.max is not None:
                fits &= values <= case.max
        w = np.where(fits, case.weight, w)
    return w


def add_attribute_weights(
    slots: list[Slot],
    world_list: list[dict[str, str | int]],
    *,
    pts: npt.NDArray[np.float32],
    misf: npt.NDArray[np.float32],
    narrowing: Mapping[int, tuple[FloatArray, FloatArray]],
    attributes: Mapping[str, npt.NDArray[Any]],
    sums: tuple[npt.NDArray[Any], FloatArray, FloatArray],
) -> npt.NDArray[Any]:
    """Add the slots' contributions, joined over the worlds, to the target-major sums
    ``(raw, low, high)``: ``low`` and ``high`` in place, the new ``raw`` returned (float64;
    ``raw`` itself when there are no slots).
    ``pts`` and ``misf`` are 0 for items that do not apply."""
    raw, low, high = sums
    if not slots:
        return raw
    n = len(pts)
    t_n = raw.shape[0]
    best: tuple[FloatArray, FloatArray, FloatArray] | None = None
    for world in world_list:
        cols = {a: _filled(attributes.get(a), v, n) for a, v in world.items()}
        r_w, lo_w, hi_w = np.zeros((t_n, n)), np.zeros((t_n, n)), np.zeros((t_n, n))
        for s in slots:
            w = _weight(s, cols[s.rule.attribute], n)
            answered = pts[:, s.k].astype(np.float64) * w
            mis = misf[:, s.k] > 0
            plo, phi = narrowing.get(s.k, (np.full(n, s.pmin), np.full(n, s.pmax)))
            a, b = np.minimum(w * plo, w * phi), np.maximum(w * plo, w * phi)
            r_w[s.t] += np.where(mis, 0.0, answered)
            lo_w[s.t] += np.where(mis, a, answered)
            hi_w[s.t] += np.where(mis, b, answered)
        if best is None:
            best = (r_w, lo_w, hi_w)
        else:
            best = (np.minimum(best[0], r_w), np.minimum(best[1], lo_w), np.maximum(best[2], hi_w))
    out = raw.astype(np.float64)
    if best is not None:
        out += best[0]
        low += best[1]
        high += best[2]
    return out
