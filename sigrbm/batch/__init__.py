"""Many assessments at once: compiled arrays, the vectorised kernel, batch files, statistics.

Lives here: compiling an instrument to arrays and encoding answers (:mod:`.compile`), the
numpy kernel ``score_batch`` (:mod:`.kernel`), the batch input value and its cell checks
(:mod:`.input`), the scalar path's checks run once per distinct value (:mod:`.checks`), the
streaming CSV reader (:mod:`.read_csv`), readers for JSON Lines and case folders
(:mod:`.read`), result columns (:mod:`.write`), and follow-up statistics with disclosure
control (:mod:`.stats`, text in :mod:`.stats_text`).

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
