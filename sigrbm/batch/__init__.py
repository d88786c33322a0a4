"""Many assessments at once: compiled arrays, the vectorised kernel, batch files, statistics.

Lives here: compiling an instrument to arrays and encoding answers (:mod:`.compile`), the
numpy kernel ``score_batch`` (:mod:`.kernel`), the batch input value and its shared checks
(:mod:`.input`), readers for CSV, JSON Lines and case folders (:mod:`.read`), result rows
(:mod:`.write`), and follow-up statistics (:mod:`.stats`).

May import: :mod:`sigrbm.scoring`, :mod:`sigrbm.case`, :mod:`sigrbm.instrument`,
:mod:`sigrbm.reading`, :mod:`sigrbm.errors`. The only subpackage that needs numpy.
"""

from sigrbm.batch.compile import compile_instrument, encode
from sigrbm.batch.kernel import BatchResult, score_batch
from sigrbm.batch.read import read_input

__all__ = [
    "BatchResult",
    "compile_instrument",
    "encode",
    "read_input",
    "score_batch",
]
