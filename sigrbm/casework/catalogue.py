"""The intervention and actor catalogues: declarative data the matching reads.

Both ship under ``instruments/catalogue/`` and are validated like instruments: every
problem located (``interventions.yaml:120:14: interventions[7].actors[0]: unknown actor
'socialtjänst'; did you mean 'socialtjanst'? [E301]``) and reported in one run.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from functools import cache

import attrs

from sigrbm.casework.data_files import (
    bundled_folder,
    duplicate_ids,
    load_document,
    translation_problems,
)
from sigrbm.errors import Code, InstrumentError, Path, Problem, UnknownIdError
from sigrbm.instrument.ids import content_hash, is_id, is_semver
from sigrbm.instrument.model import Provenance
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean, unstructure
from sigrbm.reading.text import Text


class Status(enum.Enum):
    """Evidence status of an intervention."""

    RECOMMENDED = "recommended"
    PROMISING = "promising"
    UNCLEAR = "unclear"
    INEFFECTIVE = "ineffective"
    HARMFUL = "harmful"


#: Statuses that may be recommended; the others are only ever reported as "avoid".
RECOMMENDABLE = (Status.RECOMMENDED, Status.PROMISING, Status.UNCLEAR)
EVIDENCE_RANK = {Status.RECOMMENDED: 3, Status.PROMISING: 2, Status.UNCLEAR: 1}


class Format(enum.Enum):
    """How an intervention is delivered."""

    INDIVIDUAL = "individual"
    FAMILY = "family"
    GROUP = "group"
    PLACEMENT = "placement"


class Action(enum.Enum):
    """What a responsivity factor does to delivery."""

    FIRST = "first"  # this work comes before the need-focused interventions
    PARALLEL = "parallel"  # alongside them
    ADAPT = "adapt"  # changes how they are delivered


def _checked(fn: object) -> dict[str, object]:
    return {"check": fn}


@attrs.frozen(kw_only=True)
class Actor:
    """An organisation that delivers interventions or takes part in SIG."""

    id: str = attrs.field(metadata=_checked(is_id))
    name: Text
    description: Text | None = None


@attrs.frozen(kw_only=True)
class ActorCatalogue:
    """The actors file."""

    format_version: int = 1
    id: str = attrs.field(metadata=_checked(is_id))
    version: str = attrs.field(metadata=_checked(is_semver))
    languages: tuple[str, ...]
    actors: tuple[Actor, ...]


@attrs.frozen(kw_only=True)
class Evidence:
    """One evidence statement: who rated it, how, when, where to read it."""

    source: str
    rating: str
    year: int | None = None
    url: str


@attrs.frozen(kw_only=True)
class AgeRange:
    """Ages from ``min`` to ``max`` inclusive."""

    min: int
    max: int
    label: Text | None = None

    def contains(self, age: int) -> bool:
        """Whether ``age`` lies in the range."""
        return self.min <= age <= self.max


@attrs.frozen(kw_only=True)
class Intervention:
    """One intervention with its need domains, ages, actors, evidence and constraints."""

    id: str = attrs.field(metadata=_checked(is_id))
    name: Text
    domains: tuple[str, ...]
    age: AgeRange
    actors: tuple[str, ...]
    format: Format
    risk_levels: tuple[str, ...]
    status: Status
    needs_caregiver: bool = False
    motivational: bool = False
    dose: Text | None = None
    notes: Text | None = None
    evidence: tuple[Evidence, ...]


@attrs.frozen(kw_only=True)
class CatalogueDomain:
    """A need domain the catalogue knows (the instrument's domain ids, plus extras)."""

    id: str = attrs.field(metadata=_checked(is_id))
    label: Text


@attrs.frozen(kw_only=True)
class Intensity:
    """Intensity guidance for one risk level, with the figures' sources."""

    level: str
    text: Text
    sources: tuple[Evidence, ...] = ()


@attrs.frozen(kw_only=True)
class ResponsivityRule:
    """When responsivity ``factor`` (an instrument item id) is present: act on delivery."""

    factor: str
    action: Action
    interventions: tuple[str, ...] = ()
    note: Text


@attrs.frozen(kw_only=True)
class InterventionCatalogue:
    """The interventions file."""

    format_version: int = 1
    id: str = attrs.field(metadata=_checked(is_id))
    version: str = attrs.field(metadata=_checked(is_semver))
    languages: tuple[str, ...]
    title: Text
    provenance: Provenance
    risk_levels: tuple[str, ...]
    domains: tuple[CatalogueDomain, ...]
    intensity: tuple[Intensity, ...] = ()
    responsivity: tuple[ResponsivityRule, ...] = ()
    interventions: tuple[Intervention, ...]


@attrs.frozen(kw_only=True)
class Catalogue:
    """Interventions and actors together, as matching uses them."""

    interventions: InterventionCatalogue
    actors: ActorCatalogue

    def intervention(self, intervention_id: str) -> Intervention:
        """The intervention with this id (KeyError if none)."""
        for i in self.interventions.interventions:
            if i.id == intervention_id:
                return i
        raise UnknownIdError("intervention", intervention_id)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if none)."""
        for a in self.actors.actors:
            if a.id == actor_id:
                return a
        raise UnknownIdError("actor", actor_id)

    @property
    def content_hash(self) -> str:
        """``sha256:`` over both files' canonical data."""
        return content_hash(
            {"interventions": unstructure(self.interventions), "actors": unstructure(self.actors)}
        )


def _check_actors(cat: ActorCatalogue, smap: SourceMap) -> list[Problem]:
    return duplicate_ids(cat.actors, "actors", smap, "actor") + translation_problems(
        cat, cat.languages, smap
    )


def _check_interventions(
    actor_ids: frozenset[str],
) -> Callable[[InterventionCatalogue, SourceMap], list[Problem]]:
    def check(cat: InterventionCatalogue, smap: SourceMap) -> list[Problem]:
        out = duplicate_ids(cat.interventions, "interventions", smap, "intervention")
        out += duplicate_ids(cat.domains, "domains", smap, "domain")
        out += translation_problems(cat, cat.languages, smap)
        domains = {d.id for d in cat.domains}
        levels = set(cat.risk_levels)
        ids = {i.id for i in cat.interventions}

        def ref(value: str, known: set[str] | frozenset[str], path: Path, what: str) -> None:
            if value not in known:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_REFERENCE,
                        path,
                        f"unknown {what} '{value}'{did_you_mean(value, known)}",
                    )
                )

        for i, iv in enumerate(cat.interventions):
            base: Path = ("interventions", i)
            for k, d in enumerate(iv.domains):
                ref(d, domains, (*base, "domains", k), "domain")
            for k, a in enumerate(iv.actors):
                if actor_ids:
                    ref(a, actor_ids, (*base, "actors", k), "actor")
            for k, lv in enumerate(iv.risk_levels):
                ref(lv, levels, (*base, "risk_levels", k), "risk level")
            if iv.age.max < iv.age.min:
                out.append(
                    smap.problem(
                        Code.OUT_OF_RANGE,
                        (*base, "age", "max"),
                        f"max {iv.age.max} is below min {iv.age.min}",
                    )
                )
            for key in ("domains", "actors", "risk_levels", "evidence"):
                if not getattr(iv, key):
                    out.append(
                        smap.problem(Code.EMPTY_LIST, (*base, key), f"list at least one in '{key}'")
                    )
        for i, rule in enumerate(cat.responsivity):
            for k, ref_id in enumerate(rule.interventions):
                ref(ref_id, ids, ("responsivity", i, "interventions", k), "intervention")
        for i, inten in enumerate(cat.intensity):
            ref(inten.level, levels, ("intensity", i, "level"), "risk level")
        return out

    return check


def load_catalogue(
    interventions: str | os.PathLike[str] | None = None,
    actors: str | os.PathLike[str] | None = None,
) -> Catalogue:
    """Load the intervention and actor catalogues (bundled ones by default).

    Raises :class:`~sigrbm.errors.InstrumentError` with every located problem.
    """
    if interventions is None and actors is None:
        return _bundled()
    return _load(interventions, actors)


@cache
def _bundled() -> Catalogue:
    return _load(None, None)


def _load(
    interventions: str | os.PathLike[str] | None, actors: str | os.PathLike[str] | None
) -> Catalogue:
    folder = bundled_folder("catalogue")
    a_path = actors or folder / "actors.yaml"
    i_path = interventions or folder / "interventions.yaml"
    actor_cat, problems = load_document(a_path, ActorCatalogue, _check_actors)
    known = frozenset(a.id for a in actor_cat.actors) if actor_cat else frozenset()
    inter_cat, more = load_document(i_path, InterventionCatalogue, _check_interventions(known))
    problems += more
    if problems or actor_cat is None or inter_cat is None:
        raise InstrumentError(problems)
    return Catalogue(interventions=inter_cat, actors=actor_cat)
