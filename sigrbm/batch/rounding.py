"""Random rounding with cell keys: statistics that stay safe across tables (issue 22).

Suppression protects one table; published together, two tables over the same data could be
differenced (the ungrouped total minus the published groups gives a suppressed group: 23 −
20 = 3; the same file with and without one person gives that person's group). Following
the cell key method of the Australian Bureau of Statistics, every record gets a fixed
pseudo-random key and a cell's key is the sum of the keys of the records it counts, so that

* a published count is rounded to a multiple of ``base`` — up or down at random, with the
  probability of going up the distance from the multiple below (unbiased: 23 becomes 25 with
  probability 3/5, 20 with 2/5); the chance is the cell's key, so the same records give the
  same published value in every table and every run (no averaging over runs), while a cell
  with one record more or less gets an unrelated one;
* the threshold below which a group or cell is suppressed is raised by a key-chosen 0 … base
  // 2, so that a group that crosses it when one person is added does not give its exact size
  away (suppressed at 4, shown at 5 would say: exactly 4).

A published value ``v`` then says only that the true count lies within ``v - base + 1`` …
``v + base - 1``; no sum or difference of published values pins a suppressed one. The keys
come from the case ids (a checksum, not a secret: someone who holds every case id of a cell
holds the data already). ``base`` 1 publishes exact counts, for work inside the service.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

ROUND_BASE = 5
_MASK = (1 << 32) - 1
_THRESHOLD_SALT = 0x5BD1E995

Keys = npt.NDArray[np.float64]  # sums of 32-bit keys stay exact in float64 below 2^53


def _mix(x: int) -> int:
    """MurmurHash3's 32-bit finaliser: every input bit moves every output bit."""
    x &= _MASK
    x ^= x >> 16
    x = (x * 0x85EBCA6B) & _MASK
    x ^= x >> 13
    x = (x * 0xC2B2AE35) & _MASK
    return x ^ (x >> 16)


def record_keys(ids: Sequence[str]) -> Keys:
    """A fixed 32-bit key per id (a person)."""
    return np.fromiter(
        (_mix(zlib.crc32(i.encode("utf-8", "surrogatepass"))) for i in ids),
        dtype=np.float64,
        count=len(ids),
    )


def row_keys(person_keys: Keys, days: npt.NDArray[np.int64]) -> Keys:
    """A fixed key per assessment: its person's key and its date, mixed."""
    mixed = (person_keys.astype(np.uint64) * np.uint64(0x9E3779B1)) ^ days.astype(np.uint64)
    return (mixed & np.uint64(_MASK)).astype(np.float64)


def cell_key(keys: Keys) -> int:
    """The key of a cell: the sum of its records' keys, modulo 2^32."""
    return int(keys.sum()) & _MASK


@attrs.frozen
class Rounding:
    """How counts are published: random rounding to ``base`` with a key-chosen threshold."""

    base: int = ROUND_BASE

    def extra(self, key: int) -> int:
        """How much the suppression threshold of the cell with ``key`` is raised."""
        if self.base <= 1:
            return 0
        return _mix(key ^ _THRESHOLD_SALT) % (self.base // 2 + 1)

    def value(self, n: int, key: int) -> int:
        """The published value of the true count ``n`` of the cell with ``key``."""
        if self.base <= 1:
            return n
        below, rest = divmod(n, self.base)
        up = _mix(key) * self.base < rest * (1 << 32)  # probability rest / base
        return (below + up) * self.base
