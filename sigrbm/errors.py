"""Located problems and the library's exception types.

Every problem the library finds in a user's file is a :class:`Problem`: a stable
:class:`Code`, the path inside the document (``items[3].scale``), the file and the
line/column where it sits, and a message that states the fact and the remedy. A
loader collects every problem in a file and raises one :class:`SigrbmError`
subclass carrying all of them.
"""

from __future__ import annotations

import enum
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
    # E6xx: instrument format, second edition (issue 13)
    WEIGHT_NOT_SUMMED = "E600"
    DERIVED_NEEDS_COUNT_SCALE = "E601"
    DERIVED_ORDER = "E602"
    DERIVED_CONDITION = "E603"
    DERIVED_NOT_WHOLE = "E604"
    DERIVED_ANSWERED = "E605"
    PARAMETER_VALUE = "E606"
    VARIANT_LEVEL_SET = "E607"


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
    path: Path
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        loc = self.file or "<input>"
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return f"{loc}: {render_path(self.path)}: {self.message} [{self.code.value}]"


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
