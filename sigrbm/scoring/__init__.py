"""Scoring: ``score``, the result values, reassessment, and scoring a whole case file.

Lives here: the pure scorer (:mod:`.score`), result values (:mod:`.result`), check-then-score
(:mod:`.check`), ``compare`` (:mod:`.compare`), and a case file scored with every problem
located (:mod:`.case_file`).

May import: :mod:`sigrbm.case`, :mod:`sigrbm.instrument`, :mod:`sigrbm.reading`,
:mod:`sigrbm.errors`. Never writes files.
"""

from sigrbm.scoring.case_file import score_case_file
from sigrbm.scoring.compare import compare
from sigrbm.scoring.result import Result
from sigrbm.scoring.score import score

__all__ = [
    "Result",
    "compare",
    "score",
    "score_case_file",
]
