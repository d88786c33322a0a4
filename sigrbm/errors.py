"""Located problems and the library's exception types.

Every problem the library finds in a user's file is a :class:`Problem`: a stable
:class:`Code`, the path inside the document (``items[3].scale``), the file and the
line/column where it sits, and a message that states the fact and the remedy. A
loader collects every problem in a file and raises one :class:`SigrbmError`
subclass carrying all of them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence

import attrs

PathPart = str | int
Path = tuple[PathPart, ...]


class Code(enum.Enum):
    """Stable problem codes. The value never changes once released; see docs/errors.md."""

    # E1xx: reading the file
    YAML_SYNTAX = "E100"
    TOO_LARGE = "E101"
    TOO_DEEP = "E102"
    TOO_MANY_NODES = "E103"
    NOT_A_MAPPING = "E104"
    DUPLICATE_KEY = "E105"
    EMPTY_DOCUMENT = "E106"
    UNREADABLE = "E107"
    # E2xx: structure and types
    UNKNOWN_KEY = "E200"
    MISSING_KEY = "E201"
    WRONG_TYPE = "E202"
    YAML_BOOLEAN_TRAP = "E203"
    YAML_NUMBER_TRAP = "E204"
    YAML_DATE_TRAP = "E205"
    INVALID_CHOICE = "E206"
    INVALID_ID = "E207"
    INVALID_VERSION = "E208"
    EMPTY_LIST = "E209"
    OUT_OF_RANGE = "E210"
    CONFLICTING_KEYS = "E211"
    # E3xx: references and identity
    DUPLICATE_ID = "E300"
    UNKNOWN_REFERENCE = "E301"
    UNKNOWN_OPTION = "E302"
    WRONG_ATTRIBUTE_TYPE = "E303"
    # E4xx: scoring semantics
    BAND_GAP = "E400"
    BAND_OVERLAP = "E401"
    EMPTY_BAND = "E402"
    UNREACHABLE_LEVEL = "E403"
    RANGE_NOT_COVERED = "E404"
    LEVEL_ORDER = "E405"
    EMPTY_LEVEL = "E406"
    OPTION_ORDER = "E407"
    ROLE_NEEDS_DOMAIN = "E408"
    LEVEL_NOT_IN_SET = "E409"
    EMPTY_SELECTION = "E410"
    # E5xx: languages and provenance
    MISSING_TRANSLATION = "E500"
    UNDECLARED_LANGUAGE = "E501"
    MISSING_STATEMENT = "E502"
    # C6xx: case files (answers to an instrument)
    CASE_UNKNOWN_ITEM = "C600"
    CASE_UNKNOWN_OPTION = "C601"
    CASE_VERSION_MISMATCH = "C602"
    CASE_NOT_APPLICABLE = "C603"
    CASE_OVERRIDE_REASON = "C604"
    CASE_FORBIDDEN_FIELD = "C605"
    CASE_INSTRUMENT_MISMATCH = "C606"
    CASE_ATTRIBUTE = "C607"
    CASE_JUDGEMENT_REQUIRED = "C608"
    CASE_DUPLICATE_ASSESSMENT = "C609"
    # issue 16: dates and batch input (B7xx)
    DATE_IN_FUTURE = "B700"
    DELIMITER_UNCLEAR = "B702"
    TOO_MANY_COLUMNS = "B703"
    NOT_IN_ENCODING = "B720"  # issue 23: the input does not decode (default UTF-8)
    # issue 14: strict numbers and dates, bounded inputs, safe outputs (E110–E149)
    NUMBER_FORM = "E110"
    NUMBER_TOO_LARGE = "E111"
    DATE_FORM = "E112"
    DATE_RANGE = "E113"
    NOT_A_REGULAR_FILE = "E114"
    OUTPUT_REFUSED = "E115"
    # issue 22: spreadsheets read safely (E116–E139)
    WORKBOOK_BROKEN = "E116"
    WORKBOOK_UNSAFE = "E117"
    FORMULA_WITHOUT_VALUE = "E118"
    # issue 14: plausible ages and birth months in case files (C650–C699)
    CASE_AGE_RANGE = "C650"
    CASE_BIRTH_MONTH = "C651"
    CASE_AGE_MISMATCH = "C652"
    # P8xx: matching, program profiles, consent and plans (issue 12)
    CONSENT_RULE_BOUNDS = "P800"
    PROGRAM_AGE = "P801"
    CONSENT_NO_INFORMATION = "P802"
    CONSENT_UNKNOWN_INFORMATION = "P803"
    LEGAL_BASIS_STATUTE = "P804"
    CONSENT_AGE_UNKNOWN = "P805"
    UNKNOWN_INTERVENTION = "P806"
    # issue 25: alternatives, program rules by risk, hour estimates
    ALTERNATIVE_GROUP = "P807"
    PROGRAM_RISK = "P808"
    HOURS_BASIS = "P809"
    UNKNOWN_ALTERNATIVES = "P810"
    # issue 25 (round 2): the reasons to combine alternatives, as a stored plan records them
    COMBINE_REASON = "P840"
    # X9xx: other formats — FHIR import and export (issue 15)
    FHIR_NOT_A_RESPONSE = "X900"
    FHIR_UNKNOWN_QUESTIONNAIRE = "X901"
    FHIR_VERSION_MISMATCH = "X902"
    FHIR_UNKNOWN_LINK = "X903"
    FHIR_BAD_ANSWER = "X904"
    FHIR_MISSING_FIELD = "X905"
    FHIR_CASE_MISMATCH = "X906"
    # issue 13: a Questionnaire back into an instrument (the round trip)
    FHIR_NOT_SIGRBM = "X907"
    FHIR_QUESTIONNAIRE_CHANGED = "X908"
    # issue 21: a response that says otherwise than --case / --author / --date
    FHIR_OPTION_DISAGREES = "X909"
    # issue 21, round 2: an assessment saved from the fillable checklist (import form)
    FORM_NOT_SAVED_FORM = "X915"
    FORM_OPTION_DISAGREES = "X916"
    # C7xx: the case flow (history, guards, editing case files) -- issue 11
    CASE_EVENT_BEFORE_DEPENDENCY = "C700"
    CASE_PLAN_BEFORE_CONSENT = "C701"
    CASE_PLAN_NO_SHORT_TERM_GOAL = "C702"
    CASE_CLOSURE_WITHOUT_REASON = "C703"
    CASE_CLOSURE_GOALS_NOT_MET = "C704"
    CASE_MEETING_PARTICIPANTS = "C705"
    CASE_EVENT_AFTER_CLOSURE = "C706"
    CASE_ASSESSMENT_IN_FUTURE = "C708"
    CASE_EVENT_UNKNOWN_REFERENCE = "C709"
    CASE_EVENT_KEY_MISSING = "C710"
    CASE_EVENT_KEY_NOT_ALLOWED = "C711"
    CASE_FILE_BUSY = "C712"
    CASE_FILE_CHANGED = "C713"
    CASE_EDIT_FAILED = "C714"
    CASE_DUPLICATE_RECORD = "C715"
    # issue 20: one case record, one check
    CASE_RECORD_DISAGREES = "C716"
    CASE_NOT_COVERED = "C717"
    CASE_STEP_MISSING = "C718"
    CASE_UNKNOWN_ID = "C719"
    CASE_EVENT_IN_FUTURE = "C720"
    CASE_EVENT_BEFORE_BIRTH = "C721"
    CASE_FILE_LOCK_STALE = "C722"
    # issue 20 (20b): the program's plan rules as recorded facts (C740–C749)
    CASE_PLAN_FACT_ACTOR = "C740"
    CASE_PLAN_FACT_DATE = "C741"
    # issue 21: a filled-in checklist made from other instrument content
    CASE_INSTRUMENT_HASH = "C750"
    # E6xx: instrument format, second edition (issue 13)
    WEIGHT_NOT_SUMMED = "E600"
    DERIVED_NEEDS_COUNT_SCALE = "E601"
    DERIVED_ORDER = "E602"
    DERIVED_CONDITION = "E603"
    DERIVED_NOT_WHOLE = "E604"
    DERIVED_ANSWERED = "E605"
    PARAMETER_VALUE = "E606"
    VARIANT_LEVEL_SET = "E607"
    # issue 13 (round 2): judgement on several scores
    JUDGEMENT_TWICE = "E608"
    # issue 13 (round 3): an id equal to a column name the batch files make
    BATCH_COLUMN_CLASH = "E609"
    # issue 24: weights chosen by a subject attribute; an item named twice in one score
    WEIGHT_BY_PRORATE = "E610"
    SCORE_ITEM_TWICE = "E611"
    # issue 24: declared coding rules for missing options (counts_as)
    COUNTS_AS_NOT_MISSING = "E612"
    COUNTS_AS_RANGE = "E613"


# issue 14: a personnummer or samordningsnummer, with or without century, with "-", "+",
# "_", ".", ":" or nothing before the last four digits (month 01-12, day 01-31 or 61-91).
_PERSONNUMMER = re.compile(
    r"(?<![0-9])(?:[0-9]{2})?[0-9]{2}(?:0[1-9]|1[0-2])(?:[0-2][0-9]|3[01]|[6-8][0-9]|9[01])"
    r"[-+_.:]?[0-9]{4}(?![0-9])"
)
#: What a hidden personnummer-like value is replaced with in every message and path.
HIDDEN = "<hidden: looks like a personnummer>"


def looks_like_personnummer(text: object) -> bool:
    """Whether ``text`` (a string or number) contains a personnummer-like run of digits."""
    return isinstance(text, str | int) and bool(_PERSONNUMMER.search(str(text)))


def hide_personnummer(text: str) -> str:
    """``text`` with every personnummer-like run replaced by :data:`HIDDEN`."""
    return _PERSONNUMMER.sub(HIDDEN, text)


# C0/C1 controls (terminal escape sequences), DEL and bidirectional overrides
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_message(text: str) -> str:
    """A message fit for a terminal: no personnummer, control characters shown as ``?``."""
    return hide_personnummer(_CONTROLS.sub("?", text))


def _safe_or_none(text: str | None) -> str | None:
    return None if text is None else safe_message(text)


def _hide_in_path(path: Path) -> Path:
    return tuple(HIDDEN if isinstance(p, str) and _PERSONNUMMER.search(p) else p for p in path)


def render_path(path: Path) -> str:
    """Render a document path like ``items[3].scale`` (``$`` for the document itself)."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else part)
    return "".join(out) or "$"


@attrs.frozen(kw_only=True)
class Problem:
    """One problem in one file, located as precisely as the source allows."""

    code: Code
    # issue 14: a personnummer-like key or value (or a terminal escape) is never echoed
    path: Path = attrs.field(converter=_hide_in_path)
    message: str = attrs.field(converter=safe_message)
    file: str | None = None
    line: int | None = None
    column: int | None = None
    #: issue 21: the message in Swedish, told to a Swedish reader (:meth:`told`); the
    #: English ``message`` stays what ``str`` and the JSON formats give
    message_sv: str | None = attrs.field(default=None, converter=_safe_or_none, eq=False)

    def __str__(self) -> str:
        return self.told("en")

    def told(self, lang: str) -> str:
        """The located line with the message in ``lang`` (Swedish when the problem has it,
        English otherwise)."""
        loc = self.file or "<input>"
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        said = self.message_sv if lang == "sv" and self.message_sv else self.message
        return f"{loc}: {render_path(self.path)}: {said} [{self.code.value}]"


def _sort_key(p: Problem) -> tuple[str, int, int, str]:
    return (p.file or "", p.line or 0, p.column or 0, p.code.value)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file, line, column order (the order every report uses)."""
    return sorted(problems, key=_sort_key)


class SigrbmError(Exception):
    """Base class of every error the library raises on purpose."""


class ValidationError(SigrbmError):
    """A file (or in-memory document) has one or more problems; all are listed."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sort_problems(problems))
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found"
        return "\n".join([head, *(str(p) for p in self.problems)])

    @property
    def codes(self) -> Sequence[Code]:
        """The codes of all problems, in report order."""
        return [p.code for p in self.problems]


class InstrumentError(ValidationError):
    """An instrument definition is invalid."""


class CaseError(ValidationError):
    """A case file is invalid or does not fit its instrument."""


class NotFoundError(SigrbmError):
    """A bundled instrument id or a file does not exist."""


# issue 15: every failure of the library API is a SigrbmError. These also subclass the
# built-in exception they replace, so code written against the old behaviour keeps working.
class UnknownIdError(SigrbmError, KeyError):
    """An id that is not there: an item, scale, option, domain, score, intervention, actor."""

    def __init__(self, what: str, wanted: object) -> None:
        self.what = what
        self.wanted = wanted
        super().__init__(f"no {what} {wanted!r}")

    def __str__(self) -> str:  # KeyError would print the repr of the message
        return f"no {self.what} {self.wanted!r}"


class InputShapeError(SigrbmError, ValueError):
    """An array or value given to the API does not have the shape or type it needs."""


class NoAssessmentError(SigrbmError, LookupError):
    """A case has no assessment (of the instrument asked for)."""
