"""Per-score item weights as item × target matrices (issue 13).

The kernel's matrix products then give every domain and score its own contributions: an
item may count 1 point in one score and 3 in another.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from sigrbm.instrument.model import Instrument

FloatArray = npt.NDArray[np.float64]


def weight_matrices(
    inst: Instrument, membership: FloatArray, targets: Sequence[str]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Weight, lowest and highest contribution of each item to each target (0 outside)."""
    n, t_n = membership.shape
    w = np.zeros((n, t_n))
    lo = np.zeros((n, t_n))
    hi = np.zeros((n, t_n))
    scales = {s.id: s for s in inst.scales}
    for k, item in enumerate(inst.items):
        pmin, pmax = scales[item.scale].points_range()
        for t in np.flatnonzero(membership[k]):
            plain, rule = item.weight_rule(targets[int(t)])
            if rule is not None:  # issue 24: summed per subject (sigrbm.batch.weight_by)
                continue
            wt = plain
            w[k, t] = wt
            lo[k, t], hi[k, t] = sorted((wt * pmin, wt * pmax))
    return w, lo, hi
