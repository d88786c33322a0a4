"""The instrument as frozen values.

Every class here is a frozen, keyword-only attrs class whose fields mirror the YAML
keys one to one (``docs/instrument-format.md``). Field metadata carries what the
generic reader in :mod:`sigrbm.reading.structure` needs: a YAML key that differs from the
field name, and checks on single values. Cross-references and scoring semantics are
checked in :mod:`sigrbm.instrument.check`.
"""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from sigrbm.errors import UnknownIdError
from sigrbm.instrument.conditions import (
    AttributeCondition,
    Derivation,
    Flag,
    Floor,
)
from sigrbm.instrument.ids import FORMAT_VERSION, content_hash, is_id, is_semver
from sigrbm.instrument.weight_by import WeightBy
from sigrbm.reading.text import Text


def _nonzero(value: object) -> str | None:
    return (
        "a weight of 0 removes the item from every score; delete the item instead"
        if (value == 0)
        else None
    )


def _completeness(value: object) -> str | None:
    if isinstance(value, int | float) and 0 < value <= 1:
        return None
    return "min_completeness is a share between 0 (exclusive) and 1, e.g. 0.8"


def _non_negative(value: object) -> str | None:
    if isinstance(value, int | float) and value >= 0:
        return None
    return "a count starts at 0; use a number 0 or above"


def _format_version(value: object) -> str | None:
    if value == FORMAT_VERSION:
        return None
    return f"this version of sigrbm reads instrument format {FORMAT_VERSION}"


def _id(**kw: Any) -> Any:
    return attrs.field(metadata={"check": is_id}, **kw)


def _ids(**kw: Any) -> Any:
    return attrs.field(metadata={"check_each": is_id}, **kw)


class Role(enum.Enum):
    """What an item measures."""

    STATIC_RISK = "static_risk"
    DYNAMIC_RISK = "dynamic_risk"  # a criminogenic need
    RESPONSIVITY = "responsivity"
    PROTECTIVE = "protective"


RISK_ROLES = (Role.STATIC_RISK, Role.DYNAMIC_RISK)


class DomainKind(enum.Enum):
    """Static domains hold history; dynamic domains are criminogenic needs."""

    STATIC = "static"
    DYNAMIC = "dynamic"


class ScaleKind(enum.Enum):
    """Ordinal scales list options; count scales bin a number into points."""

    ORDINAL = "ordinal"
    COUNT = "count"


class ScoreKind(enum.Enum):
    """What a parallel score is for (display and matching)."""

    RISK = "risk"
    PROTECTIVE = "protective"
    SCREENING = "screening"
    OTHER = "other"


class MissingMethod(enum.Enum):
    """How a score treats missing answers."""

    DETERMINATE = "determinate"
    PRORATE = "prorate"


class JudgementPolicy(enum.Enum):
    """Whether an assessor's own level is optional or required."""

    OPTIONAL = "optional"
    REQUIRED = "required"


class Basis(enum.Enum):
    """What a piece of wording or a number rests on."""

    HANDBOOK_FACT = "handbook_fact"
    LEGAL_FACT = "legal_fact"
    EXTERNAL_FACT = "external_fact"
    RECONSTRUCTION = "reconstruction"
    LOCAL = "local"


class AttributeType(enum.Enum):
    """Type of a subject attribute."""

    INTEGER = "integer"
    CATEGORY = "category"


@attrs.frozen(kw_only=True)
class Source:
    """A public source that wording or numbers rest on."""

    id: str = _id()
    title: str
    url: str
    year: int | None = None


@attrs.frozen(kw_only=True)
class Provenance:
    """What an element rests on: basis, source ids and a note."""

    basis: Basis
    sources: tuple[str, ...] = ()
    note: Text | None = None


@attrs.frozen(kw_only=True)
class Attribute:
    """A subject attribute that applicability or band selection may use."""

    id: str = _id()
    label: Text
    type: AttributeType
    values: tuple[str, ...] = _ids(default=())


@attrs.frozen(kw_only=True)
class Parameter:
    """A named local setting (issue 13), e.g. which band scheme; tested like a category."""

    id: str = _id()
    label: Text
    values: tuple[str, ...] = _ids()
    default: str
    description: Text | None = None


@attrs.frozen(kw_only=True)
class Level:
    """One level of a level set, e.g. ``medel``."""

    id: str = _id()
    label: Text


@attrs.frozen(kw_only=True)
class LevelSet:
    """Ordered levels, lowest first."""

    id: str = _id()
    levels: tuple[Level, ...]


@attrs.frozen(kw_only=True)
class Option:
    """A scored answer option."""

    code: str = _id()
    label: Text
    value: float


@attrs.frozen(kw_only=True)
class MissingOption:
    """An answer option that means the answer is missing ("vet ej")."""

    code: str = _id()
    label: Text


@attrs.frozen(kw_only=True)
class CountsAs:
    """A declared coding rule (issue 24): the missing option ``code`` counts as ``points``."""

    code: str = _id()
    points: float


@attrs.frozen(kw_only=True)
class Bin:
    """Counts from ``min`` to ``max`` (inclusive; open when ``max`` is absent) score ``points``."""

    min: int = attrs.field(metadata={"check": _non_negative})
    max: int | None = None
    points: float


@attrs.frozen(kw_only=True)
class Scale:
    """A response scale: ordinal options, or a count binned into points."""

    id: str = _id()
    label: Text
    kind: ScaleKind = ScaleKind.ORDINAL
    options: tuple[Option, ...] = ()
    bins: tuple[Bin, ...] = ()
    missing: tuple[MissingOption, ...] = ()
    #: issue 24: missing options the coding rules count as points (never unless declared)
    counts_as: tuple[CountsAs, ...] = ()

    def points_range(self) -> tuple[float, float]:
        """Lowest and highest points an answer can give."""
        values = [o.value for o in self.options] or [b.points for b in self.bins] or [0.0]
        return (min(values), max(values))

    def option(self, code: str) -> Option | None:
        """The scored option with this code."""
        return next((o for o in self.options if o.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        """All option codes, scored then missing."""
        return tuple(o.code for o in self.options) + tuple(o.code for o in self.missing)


@attrs.frozen(kw_only=True)
class ScoreWeight:
    """The item's weight in one score or domain, instead of its ``weight``."""

    score: str
    weight: float = attrs.field(metadata={"check": _nonzero})
    weight_by: WeightBy | None = None  # issue 24: chosen by a subject attribute


@attrs.frozen(kw_only=True)
class Item:
    """One question or rating."""

    id: str = _id()
    domain: str | None = None
    role: Role
    scale: str
    weight: float = attrs.field(default=1, metadata={"check": _nonzero})
    text: Text
    guidance: Text | None = None
    implication: Text | None = None
    applies_when: tuple[AttributeCondition, ...] = ()
    provenance: Provenance
    weights: tuple[ScoreWeight, ...] = ()  # issue 13: per-score weights
    derive: Derivation | None = None  # issue 13: a computed item
    weight_by: WeightBy | None = None  # issue 24: the weight chosen by a subject attribute
    counts_as: tuple[CountsAs, ...] = ()  # issue 24: the item's own coding rules

    def weight_for(self, target: str) -> float:
        """The weight this item carries in one score or domain (``weights``, else ``weight``)."""
        return next((w.weight for w in self.weights if w.score == target), self.weight)

    def weight_rule(self, target: str) -> tuple[float, WeightBy | None]:
        """The plain weight and the attribute rule (issue 24) in one score or domain: the
        per-score entry when there is one, else the item's own."""
        for w in self.weights:
            if w.score == target:
                return w.weight, w.weight_by
        return self.weight, self.weight_by


@attrs.frozen(kw_only=True)
class MissingPolicy:
    """Report a level only when determinate, or prorate above a completeness share."""

    method: MissingMethod = MissingMethod.DETERMINATE
    min_completeness: float | None = attrs.field(default=None, metadata={"check": _completeness})


@attrs.frozen(kw_only=True)
class Domain:
    """A named group of items; its score is the weighted sum of its risk items."""

    id: str = _id()
    label: Text
    kind: DomainKind
    big_four: bool = False
    bands: str | None = None
    missing: MissingPolicy | None = None
    description: Text | None = None


@attrs.frozen(kw_only=True)
class Band:
    """Scores from ``min`` (inclusive) to ``below`` (exclusive; open when absent) get ``level``."""

    level: str
    min: float
    below: float | None = None


@attrs.frozen(kw_only=True)
class BandVariant:
    """Bands used for subjects matching every condition in ``when``."""

    when: tuple[AttributeCondition, ...]
    bands: tuple[Band, ...]
    level_set: str | None = None  # issue 13: own levels, when ``when`` tests only parameters


@attrs.frozen(kw_only=True)
class BandTable:
    """Cut-offs turning a score into a level; variants select by subject attributes."""

    id: str = _id()
    level_set: str
    bands: tuple[Band, ...] = ()
    variants: tuple[BandVariant, ...] = ()


@attrs.frozen(kw_only=True)
class LookupRow:
    """Raw scores from ``min`` to ``below`` map to ``value``."""

    min: float
    below: float | None = None
    value: float


@attrs.frozen(kw_only=True)
class Lookup:
    """A raw → scaled table."""

    id: str = _id()
    rows: tuple[LookupRow, ...]


@attrs.frozen(kw_only=True)
class Score:
    """A parallel scale: a weighted sum over selected items, optionally looked up and banded."""

    id: str = _id()
    label: Text
    kind: ScoreKind
    roles: tuple[Role, ...] = ()
    domains: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    lookup: str | None = None
    bands: str | None = None
    missing: MissingPolicy | None = None


@attrs.frozen(kw_only=True)
class Judgement:
    """The assessor's own level for ``score``, beside the computed one."""

    score: str
    policy: JudgementPolicy = JudgementPolicy.OPTIONAL
    override_requires_reason: bool = True
    #: issue 13: further scores the assessor judges too (same policy); case files give
    #: their levels under ``judgements: {score: {level, …}}``
    further_scores: tuple[str, ...] = ()

    @property
    def scores(self) -> tuple[str, ...]:
        """Every judged score, ``score`` first."""
        return (self.score, *self.further_scores)


@attrs.frozen(kw_only=True)
class Screening:
    """A screening suggestion: eligible when ``score``'s level is one of ``eligible_levels``."""

    score: str
    eligible_levels: tuple[str, ...]
    label: Text


@attrs.frozen(kw_only=True)
class Defaults:
    """Instrument-wide defaults."""

    missing: MissingPolicy = MissingPolicy()


@attrs.frozen(kw_only=True)
class Instrument:
    """A complete, validated instrument. Build with :meth:`from_dict` or a loader."""

    format_version: int = attrs.field(default=FORMAT_VERSION, metadata={"check": _format_version})
    id: str = _id()
    version: str = attrs.field(metadata={"check": is_semver})
    languages: tuple[str, ...] = _ids()
    title: Text
    description: Text
    provenance: Provenance
    sources: tuple[Source, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    parameters: tuple[Parameter, ...] = ()  # issue 13
    level_sets: tuple[LevelSet, ...]
    scales: tuple[Scale, ...]
    domains: tuple[Domain, ...] = ()
    items: tuple[Item, ...]
    lookups: tuple[Lookup, ...] = ()
    band_tables: tuple[BandTable, ...] = ()
    scores: tuple[Score, ...] = ()
    floors: tuple[Floor, ...] = ()
    flags: tuple[Flag, ...] = ()
    defaults: Defaults = Defaults()
    judgement: Judgement | None = None
    screening: Screening | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], /) -> Instrument:
        """Build and validate from plain data; raises :class:`~sigrbm.errors.InstrumentError`."""
        from sigrbm.instrument.build import instrument_from_data

        return instrument_from_data(data)

    def to_dict(self) -> dict[str, Any]:
        """Plain data that :meth:`from_dict` turns back into an equal instrument."""
        from sigrbm.reading.structure import unstructure

        out = unstructure(self)
        assert isinstance(out, dict)
        return out

    @functools.cached_property
    def content_hash(self) -> str:
        """``sha256:`` of the canonical JSON of :meth:`to_dict` (derived, never stored)."""
        return content_hash(self.to_dict())

    def counted_points(self, item: Item, code: str) -> float | None:
        """The points a missing option counts as by a declared coding rule (issue 24): the
        item's own rule, else its scale's; None when no rule names the code."""
        for rule in (*item.counts_as, *self.scale(item.scale).counts_as):
            if rule.code == code:
                return rule.points
        return None

    def parameter_values(self) -> dict[str, str]:
        """The value of every parameter (its ``default``, as set here or locally)."""
        return {p.id: p.default for p in self.parameters}

    def table_levels(self, table_id: str) -> LevelSet:
        """The level set a band table gives with the current parameter values (issue 13):
        that of the first variant testing only parameters that holds, else the table's."""
        table = self.band_table(table_id)
        params = self.parameter_values()
        for v in table.variants:
            if all(c.attribute in params and params[c.attribute] in (c.in_ or ()) for c in v.when):
                return self.level_set(v.level_set or table.level_set)
        return self.level_set(table.level_set)

    # Look-ups by id (indexed once per instrument, issue 16) -------------------------
    @functools.cached_property
    def _index(self) -> dict[str, dict[str, Any]]:
        """Every id-carrying part by kind and id, built on first look-up."""
        parts: dict[str, tuple[Any, ...]] = {
            "item": self.items,
            "scale": self.scales,
            "domain": self.domains,
            "band_table": self.band_tables,
            "level_set": self.level_sets,
            "score": self.scores,
            "lookup": self.lookups,
        }
        out: dict[str, dict[str, Any]] = {}
        for kind, elements in parts.items():
            table: dict[str, Any] = {}
            for e in elements:
                table.setdefault(e.id, e)  # the first wins, as the former linear scan did
            out[kind] = table
        return out

    def _get(self, kind: str, wanted: str) -> Any:
        found = self._index[kind].get(wanted)
        if found is None:
            raise UnknownIdError(kind.replace("_", " "), wanted)
        return found

    def item(self, item_id: str) -> Item:
        """The item with this id (UnknownIdError if none)."""
        return typing.cast(Item, self._get("item", item_id))

    def scale(self, scale_id: str) -> Scale:
        """The scale with this id (UnknownIdError if none)."""
        return typing.cast(Scale, self._get("scale", scale_id))

    def domain(self, domain_id: str) -> Domain:
        """The domain with this id (UnknownIdError if none)."""
        return typing.cast(Domain, self._get("domain", domain_id))

    def band_table(self, table_id: str) -> BandTable:
        """The band table with this id (UnknownIdError if none)."""
        return typing.cast(BandTable, self._get("band_table", table_id))

    def level_set(self, set_id: str) -> LevelSet:
        """The level set with this id (UnknownIdError if none)."""
        return typing.cast(LevelSet, self._get("level_set", set_id))

    def score(self, score_id: str) -> Score:
        """The score with this id (UnknownIdError if none)."""
        return typing.cast(Score, self._get("score", score_id))

    def lookup(self, lookup_id: str) -> Lookup:
        """The lookup table with this id (UnknownIdError if none)."""
        return typing.cast(Lookup, self._get("lookup", lookup_id))
