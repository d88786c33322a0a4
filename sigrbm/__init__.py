"""sigrbm: structured risk–need–responsivity (RBM) assessment for sociala insatsgrupper.

The public API:

- instruments: :func:`load_instrument` (a bundled id such as ``"check-rbmk"`` or a path),
  :func:`load_instrument_text`, :func:`bundled_paths`, and the frozen :class:`Instrument`;
- cases: :func:`load_case` and the :class:`Case` / :class:`Assessment` values;
- scoring: :func:`score` (one assessment) and :func:`score_case_file` (a whole file,
  with every problem located), returning :class:`Result`;
- reassessment: :func:`compare` → :class:`Comparison`;
- errors: :class:`SigrbmError` and its subclasses, each carrying located :class:`Problem`
  values with stable :class:`Code` s.
"""

from ._scored import Scored, ScoredCase, score_case_file
from ._version import __version__
from .case import Assessment, Case, ProfessionalJudgement, Subject, load_case
from .compare import Change, Comparison, IncompatibleError, LevelChange, compare
from .errors import (
    CaseError,
    Code,
    InstrumentError,
    NotFoundError,
    Problem,
    SigrbmError,
    ValidationError,
)
from .instrument import bundled_paths, load_instrument, load_instrument_text
from .model import Instrument, Item, Role, Scale, Text
from .result import (
    Factor,
    ItemStatus,
    ItemTrace,
    Need,
    Overall,
    Result,
    RuleHit,
    ScoreResult,
    ScoreStatus,
    ScreeningResult,
    Stamp,
    Truth,
)
from .scoring import score

__all__ = [
    "Assessment",
    "Case",
    "CaseError",
    "Change",
    "Code",
    "Comparison",
    "Factor",
    "IncompatibleError",
    "Instrument",
    "InstrumentError",
    "Item",
    "ItemStatus",
    "ItemTrace",
    "LevelChange",
    "Need",
    "NotFoundError",
    "Overall",
    "Problem",
    "ProfessionalJudgement",
    "Result",
    "Role",
    "RuleHit",
    "Scale",
    "ScoreResult",
    "ScoreStatus",
    "Scored",
    "ScoredCase",
    "ScreeningResult",
    "SigrbmError",
    "Stamp",
    "Subject",
    "Text",
    "Truth",
    "ValidationError",
    "__version__",
    "bundled_paths",
    "compare",
    "load_case",
    "load_instrument",
    "load_instrument_text",
    "score",
    "score_case_file",
]
