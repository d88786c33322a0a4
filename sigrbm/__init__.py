"""sigrbm: structured risk–need–responsivity (RBM) assessment for sociala insatsgrupper.

The public API:

- instruments: :func:`load_instrument` (a bundled id such as ``"check-rbmk"`` or a path),
  :func:`load_instrument_text`, :func:`bundled_paths`, and the frozen :class:`Instrument`;
- cases: :func:`load_case` and :func:`check_case` (the one program-aware check of a case
  file, the same verdict as every command), :func:`example_case` (a bundled example, e.g.
  ``"case-rbmk"``) and the :class:`Case` / :class:`Assessment` values;
- the case flow: the event values (:class:`Event`, :class:`EventKind`, …),
  :func:`case_state` (step, done, due, blockers), :func:`add_event` (guarded, program-aware:
  the new case or the located problems) and :func:`save` (lock and hash check);
- scoring: :func:`score` (one assessment) and :func:`score_case_file` (a whole file,
  with every problem located), returning :class:`Result`;
- reassessment: :func:`compare` → :class:`Comparison`;
- matching and plans: :func:`load_catalogue`, :func:`load_program`, :func:`match`,
  :func:`check_consent`, :func:`plan`;
- many assessments: :func:`compile_instrument`, :func:`score_batch` (numpy, imported on use);
- errors: :class:`SigrbmError` and its subclasses, each carrying located :class:`Problem`
  values with stable :class:`Code` s.
"""

from typing import TYPE_CHECKING

from sigrbm._version import __version__
from sigrbm.reading.lazy import lazy_names

if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from sigrbm.batch.compile import compile_instrument
    from sigrbm.batch.kernel import score_batch
    from sigrbm.case.examples import example_case
    from sigrbm.case.history import (
        ClosureReason,
        Decision,
        EntryReview,
        Event,
        EventKind,
        GoalOutcome,
        GoalStatus,
        Initiator,
    )
    from sigrbm.case.model import Assessment, Case, ProfessionalJudgement, Subject
    from sigrbm.case.records import ActionPlan, Consent, EntryStatus, LegalBasis, Party, PlanEntry
    from sigrbm.casework.case_api import add_event, save
    from sigrbm.casework.case_check import CheckedCase, check_case, load_case
    from sigrbm.casework.catalogue import load_catalogue
    from sigrbm.casework.consent import check_consent
    from sigrbm.casework.flow import CaseState, case_state
    from sigrbm.casework.matching import match
    from sigrbm.casework.plans import plan
    from sigrbm.casework.program import load_program
    from sigrbm.errors import (
        CaseError,
        Code,
        InputShapeError,
        InstrumentError,
        NoAssessmentError,
        NotFoundError,
        Problem,
        SigrbmError,
        UnknownIdError,
        ValidationError,
    )
    from sigrbm.instrument.load import bundled_paths, load_instrument, load_instrument_text
    from sigrbm.instrument.model import Instrument, Item, Role, Scale
    from sigrbm.reading.text import Text
    from sigrbm.scoring.case_file import Scored, ScoredCase, score_case_file
    from sigrbm.scoring.compare import Change, Comparison, IncompatibleError, LevelChange, compare
    from sigrbm.scoring.result import (
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
    from sigrbm.scoring.score import score

# Issue 23: every public name is imported on first use, so that `sigrbm --version` and
# `--help` start without the library (and `sigrbm score` without numpy or the catalogues).
_LAZY = {
    "ActionPlan": "case.records",
    "Assessment": "case.model",
    "Case": "case.model",
    "CaseError": "errors",
    "CaseState": "casework.flow",
    "Change": "scoring.compare",
    "CheckedCase": "casework.case_check",
    "ClosureReason": "case.history",
    "Code": "errors",
    "Comparison": "scoring.compare",
    "Consent": "case.records",
    "Decision": "case.history",
    "EntryReview": "case.history",
    "EntryStatus": "case.records",
    "Event": "case.history",
    "EventKind": "case.history",
    "Factor": "scoring.result",
    "GoalOutcome": "case.history",
    "GoalStatus": "case.history",
    "IncompatibleError": "scoring.compare",
    "Initiator": "case.history",
    "InputShapeError": "errors",
    "Instrument": "instrument.model",
    "InstrumentError": "errors",
    "Item": "instrument.model",
    "ItemStatus": "scoring.result",
    "ItemTrace": "scoring.result",
    "LegalBasis": "case.records",
    "LevelChange": "scoring.compare",
    "Need": "scoring.result",
    "NoAssessmentError": "errors",
    "NotFoundError": "errors",
    "Overall": "scoring.result",
    "Party": "case.records",
    "PlanEntry": "case.records",
    "Problem": "errors",
    "ProfessionalJudgement": "case.model",
    "Result": "scoring.result",
    "Role": "instrument.model",
    "RuleHit": "scoring.result",
    "Scale": "instrument.model",
    "ScoreResult": "scoring.result",
    "ScoreStatus": "scoring.result",
    "Scored": "scoring.case_file",
    "ScoredCase": "scoring.case_file",
    "ScreeningResult": "scoring.result",
    "SigrbmError": "errors",
    "Stamp": "scoring.result",
    "Subject": "case.model",
    "Text": "reading.text",
    "Truth": "scoring.result",
    "UnknownIdError": "errors",
    "ValidationError": "errors",
    "add_event": "casework.case_api",
    "bundled_paths": "instrument.load",
    "case_state": "casework.flow",
    "check_case": "casework.case_check",
    "check_consent": "casework.consent",
    "compare": "scoring.compare",
    "compile_instrument": "batch.compile",
    "example_case": "case.examples",
    "load_case": "casework.case_check",
    "load_catalogue": "casework.catalogue",
    "load_instrument": "instrument.load",
    "load_instrument_text": "instrument.load",
    "load_program": "casework.program",
    "match": "casework.matching",
    "plan": "casework.plans",
    "save": "casework.case_api",
    "score": "scoring.score",
    "score_batch": "batch.kernel",
    "score_case_file": "scoring.case_file",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "ActionPlan",
    "Assessment",
    "Case",
    "CaseError",
    "CaseState",
    "Change",
    "CheckedCase",
    "ClosureReason",
    "Code",
    "Comparison",
    "Consent",
    "Decision",
    "EntryReview",
    "EntryStatus",
    "Event",
    "EventKind",
    "Factor",
    "GoalOutcome",
    "GoalStatus",
    "IncompatibleError",
    "Initiator",
    "InputShapeError",
    "Instrument",
    "InstrumentError",
    "Item",
    "ItemStatus",
    "ItemTrace",
    "LegalBasis",
    "LevelChange",
    "Need",
    "NoAssessmentError",
    "NotFoundError",
    "Overall",
    "Party",
    "PlanEntry",
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
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "add_event",
    "bundled_paths",
    "case_state",
    "check_case",
    "check_consent",
    "compare",
    "compile_instrument",
    "example_case",
    "load_case",
    "load_catalogue",
    "load_instrument",
    "load_instrument_text",
    "load_program",
    "match",
    "plan",
    "save",
    "score",
    "score_batch",
    "score_case_file",
]
