"""The result of scoring one assessment: frozen values, explainable item by item.

A :class:`Result` says, for every domain and parallel score, which items produced
which points, which band the sum fell in, which floors moved the level, and whether
the level is *determinate* given the missing answers. Its JSON form (``to_dict``) is
documented in ``docs/result-format.md`` and versioned by :data:`RESULT_FORMAT_VERSION`.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any

import attrs

from sigrbm.errors import UnknownIdError
from sigrbm.reading.text import Text

#: Version of the JSON result format; raised on any incompatible change.
RESULT_FORMAT_VERSION = 1


class ItemStatus(enum.Enum):
    """How an item entered the sums."""

    ANSWERED = "answered"
    MISSING = "missing"  # applicable, but unanswered or answered "vet ej"
    NOT_APPLICABLE = "not_applicable"


class ScoreStatus(enum.Enum):
    """How far missing answers leave a score open."""

    COMPLETE = "complete"  # every applicable item answered
    PARTIAL = "partial"  # some missing; the score is a range
    PRORATED = "prorated"  # some missing; scaled up under a prorate policy


class Truth(enum.Enum):
    """Three-valued outcome of a rule: missing answers can leave it open."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class Stamp:
    """Which instrument produced a result."""

    instrument_id: str
    version: str
    content_hash: str
    parameters: tuple[ParameterValue, ...] = ()  # issue 13: the local settings used


@attrs.frozen(kw_only=True)
class ParameterValue:
    """The value a local parameter had when the result was computed."""

    id: str
    value: str


@attrs.frozen(kw_only=True)
class ItemTrace:
    """One item's part in a sum."""

    item: str
    status: ItemStatus
    answer: str | int | None = None
    points: float | None = None
    weight: float = 1
    contribution: float | None = None
    #: issue 24: the attribute that chooses the weight, and while it is not given, every
    #: weight it may choose (``weight`` is then the lowest, ``contribution`` empty)
    weight_by: str | None = None
    weights: tuple[float, ...] = ()
    #: issue 24: the answer is a missing option the instrument's coding rules count as
    #: ``points`` (declared under ``counts_as``; never by default)
    counted: bool = False


@attrs.frozen(kw_only=True)
class BandTrace:
    """The band a score fell in (``below`` absent: open at the top)."""

    level: str
    min: float
    below: float | None = None


@attrs.frozen(kw_only=True)
class ScoreResult:
    """A domain score or a parallel score, with its level and how it was reached."""

    id: str
    source: str  # "domain" or "score"
    kind: str  # domain kind (static/dynamic) or score kind (risk/protective/…)
    status: ScoreStatus
    value: float | None = None  # exact or prorated (scaled) score; None while open
    low: float  # lowest possible (scaled) score given the missing answers
    high: float  # highest possible
    raw: float  # sum of answered contributions
    answered: int
    applicable: int
    level: str | None = None  # None: no band table, or undetermined
    level_low: str | None = None  # lowest possible level (after floors)
    level_high: str | None = None  # highest possible level (after floors)
    computed_level: str | None = None  # the bands' level before floors, if determinate
    levels: tuple[str, ...] = ()  # the level set, lowest first (empty without bands)
    bands: tuple[BandTrace, ...] = ()  # the bands the score range touches
    floors: tuple[str, ...] = ()  # floors that raised (or may raise) this level
    items: tuple[ItemTrace, ...] = ()
    #: issue 16: attributes the subject lacks whose values would decide which band table
    #: applies, given only when the candidate band tables give different levels (before floors)
    band_needs: tuple[str, ...] = ()
    #: issue 24: the range of the sum before the score's lookup table (None without one)
    raw_low: float | None = None
    raw_high: float | None = None

    @property
    def determinate(self) -> bool:
        """Whether the level is known whatever the missing answers turn out to be."""
        return self.level is not None


@attrs.frozen(kw_only=True)
class RuleHit:
    """A floor or flag whose condition holds (``yes``) or may hold (``unknown``)."""

    id: str
    kind: str  # "floor" or "flag"
    truth: Truth
    target: str | None = None
    level: str | None = None
    changed: bool = False  # the floor moved the level
    label: Text | None = None


@attrs.frozen(kw_only=True)
class Need:
    """A criminogenic need: a dynamic domain at or above the need threshold."""

    domain: str
    rank: int
    level: str | None  # None: possible need, level undetermined
    level_high: str | None
    big_four: bool
    value: float | None
    certain: bool  # False: only some completions of the missing answers reach the threshold


@attrs.frozen(kw_only=True)
class Factor:
    """A responsivity or protective factor present in the answers."""

    item: str
    role: str
    answer: str | int
    text: Text
    implication: Text | None = None


@attrs.frozen(kw_only=True)
class Overall:
    """The overall level: computed suggestion, professional judgement, and the level that holds."""

    score: str
    computed_level: str | None  # None: undetermined
    professional_level: str | None = None
    reason: str | None = None
    author: str | None = None
    date: _dt.date | None = None
    override: bool = False
    final_level: str | None = None


@attrs.frozen(kw_only=True)
class ScreeningResult:
    """A screening suggestion (Check: IRK) with its reasons."""

    score: str
    eligible: bool | None  # None: undetermined because of missing answers
    level: str | None
    reasons: tuple[str, ...]  # items that counted towards the suggestion
    missing: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Result:
    """Everything ``score`` found for one assessment."""

    format_version: int = RESULT_FORMAT_VERSION
    stamp: Stamp
    case_id: str
    date: _dt.date
    assessor: str
    domains: tuple[ScoreResult, ...]
    scores: tuple[ScoreResult, ...]
    overall: Overall | None = None
    #: issue 13: each further judged score (``judgement.further_scores``), in that order
    judgements: tuple[Overall, ...] = ()
    needs: tuple[Need, ...] = ()
    responsivity: tuple[Factor, ...] = ()
    protective: tuple[Factor, ...] = ()
    missing: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()
    rules: tuple[RuleHit, ...] = ()
    screening: ScreeningResult | None = None

    def domain(self, domain_id: str) -> ScoreResult:
        """The result of one domain (KeyError if none)."""
        for d in self.domains:
            if d.id == domain_id:
                return d
        raise UnknownIdError("domain", domain_id)

    def score(self, score_id: str) -> ScoreResult:
        """The result of one parallel score (KeyError if none)."""
        for s in self.scores:
            if s.id == score_id:
                return s
        raise UnknownIdError("score", score_id)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form."""
        from sigrbm.reading.structure import unstructure

        out = unstructure(self, omit_defaults=False)
        assert isinstance(out, dict)
        return out

    @classmethod
    def from_dict(cls, data: Any, /) -> Result:
        """Read the JSON form back; raises :class:`~sigrbm.errors.ValidationError`."""
        from sigrbm.errors import ValidationError
        from sigrbm.reading.structure import INVALID, Reader

        reader = Reader()
        out = reader.build_class(data, cls, ())
        if reader.problems or out is INVALID:
            raise ValidationError(reader.problems)
        assert isinstance(out, Result)
        return out
