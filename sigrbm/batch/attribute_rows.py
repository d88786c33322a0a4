"""The subject-attribute check of batch rows, once per distinct combination of values.

:func:`attribute_groups` runs :func:`sigrbm.case.check.attribute_problems` — the scalar
path's own check (C607) — once for each distinct combination of attribute values among the
rows, and gives the rows of each combination that has problems. The batch readers report
them located at row and column; :func:`sigrbm.batch.kernel.score_batch` refuses such rows
(issue 24: the library path checks what every other path checks).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from sigrbm.case.check import attribute_problems
from sigrbm.instrument.model import Instrument

#: The rows of one combination of attribute values, and its (attribute, message) problems.
Group = tuple[list[int], list[tuple[str | None, str]]]


def attribute_groups(
    inst: Instrument, attributes: Mapping[str, npt.NDArray[Any]], n: int
) -> list[Group]:
    """Every combination of attribute values among ``n`` rows that has a problem."""
    declared = [a for a in inst.attributes if a.id != "age"]
    ages = attributes.get("age", np.full(n, np.nan))
    columns: list[tuple[str, Any]] = [("age", np.asarray(ages))]
    columns += [(a.id, np.asarray(attributes[a.id])) for a in declared if a.id in attributes]
    key = np.zeros(n, dtype=np.int64)
    for _, col in columns:  # mixed-radix code of each row's combination
        codes, distinct = _codes(col)
        key = key * (distinct + 1) + codes
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    out: list[Group] = []
    for c_i, r0 in enumerate(first.tolist()):
        values: dict[str, str | int] = {}
        for attr_id, col in columns:
            v = col[r0]
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            if attr_id == "age" or isinstance(v, float | np.floating):
                values[attr_id] = int(v)
            else:
                values[attr_id] = v
        found = attribute_problems(inst, values)
        if found:
            out.append((np.flatnonzero(inverse.ravel() == c_i).tolist(), found))
    return out


def _codes(col: Any) -> tuple[npt.NDArray[np.int64], int]:
    """Dense codes of a column's values (nan and None as one value), and how many."""
    if col.dtype != object:  # numbers: nan sorts last and np.unique keeps one of it
        distinct, codes = np.unique(col, return_inverse=True, equal_nan=True)
        return codes.astype(np.int64).ravel(), len(distinct)
    index: dict[Any, int] = {}

    def norm(v: Any) -> Any:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

    codes = np.fromiter(
        (index.setdefault(norm(v), len(index)) for v in col.tolist()), dtype=np.int64
    )
    return codes, len(index)
