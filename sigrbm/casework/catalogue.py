"""The intervention and actor catalogues: declarative data the matching reads.

Both ship under ``instruments/catalogue/`` and are validated like instruments: every
problem located (``interventions.yaml:120:14: interventions[7].actors[0]: unknown actor
'socialtjänst'; did you mean 'socialtjanst'? [E301]``) and reported in one run.
"""

from __future__ import annotations

import enum
import functools
import os
from collections.abc import Callable, Mapping
from functools import cache

import attrs

from sigrbm.casework.alternatives import AlternativeGroup, alternatives_problems
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


class InterventionIntensity(enum.Enum):
    """How much an intervention asks of the person (risk principle: low risk gets light help)."""

    LIGHT = "light"  # brief or everyday-setting help
    STRUCTURED = "structured"  # a structured programme over weeks or months
    INTENSIVE = "intensive"  # several contacts a week or a placement


class Action(enum.Enum):
    """What a responsivity factor does to delivery."""

    FIRST = "first"  # this work comes before the need-focused interventions
    PARALLEL = "parallel"  # alongside them
    ADAPT = "adapt"  # changes how they are delivered


def _checked(fn: object) -> dict[str, object]:
    return {"check": fn}


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
class Actor:
    """An organisation that delivers interventions or takes part in SIG.

    ``ages``: the ages it serves (BUP under 18, adult psychiatry from 18); ``population``:
    populations it serves only (Kriminalvården: people under its supervision); ``information``:
    the kinds of information a consent must name for it to be covered (issue 12); ``needs``:
    the need areas it follows (adult psychiatry: mental health; issue 25).
    """

    id: str = attrs.field(metadata=_checked(is_id))
    name: Text
    description: Text | None = None
    ages: AgeRange | None = None
    population: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    information: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def serves_age(self, age: int | None) -> bool:
        """Whether the actor serves ``age`` (an unknown age is not ruled out here)."""
        return age is None or self.ages is None or self.ages.contains(age)


@attrs.frozen(kw_only=True)
class InformationKind:
    """A kind of information a consent names (health, school, crime suspicions, …)."""

    id: str = attrs.field(metadata=_checked(is_id))
    label: Text


@attrs.frozen(kw_only=True)
class FactSource:
    """A public page a population rule or an age limit rests on."""

    id: str = attrs.field(metadata=_checked(is_id))
    title: str
    url: str


@attrs.frozen(kw_only=True)
class ActorCatalogue:
    """The actors file."""

    format_version: int = 1
    id: str = attrs.field(metadata=_checked(is_id))
    version: str = attrs.field(metadata=_checked(is_semver))
    languages: tuple[str, ...]
    information_kinds: tuple[InformationKind, ...] = ()
    sources: tuple[FactSource, ...] = ()
    actors: tuple[Actor, ...]


@attrs.frozen(kw_only=True)
class Evidence:
    """One evidence statement: who rated it, how, when, where to read it; ``source`` is the
    citation (names, year), ``note`` what it rests on in words (e.g. "19 evaluations")."""

    source: str
    rating: str
    year: int | None = None
    url: str
    note: Text | None = None


class HoursBasis(enum.Enum):
    """What an hour estimate rests on."""

    DOSE = "dose"  # our arithmetic from the sourced dose (the intervention's ``dose``)
    LOCAL_ESTIMATE = "local_estimate"  # no dose in the sources: a local estimate


@attrs.frozen(kw_only=True)
class Hours:
    """Estimated total hours of contact, ``min`` to ``max``, what they rest on, ``source``."""

    min: int
    max: int
    basis: HoursBasis = HoursBasis.DOSE
    source: str | None = None


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
    population: tuple[str, ...] = ()
    intensity: InterventionIntensity = InterventionIntensity.STRUCTURED
    hours: Hours | None = None


@attrs.frozen(kw_only=True)
class CatalogueDomain:
    """A need domain the catalogue knows (the instrument's domain ids, plus extras)."""

    id: str = attrs.field(metadata=_checked(is_id))
    label: Text


@attrs.frozen(kw_only=True)
class Intensity:
    """Intensity guidance for one risk level, with the figures' sources.

    ``hours``: the treatment hours the dosage studies associate with the level, for
    comparison with the plan's estimated hours (not a rule).
    """

    level: str
    text: Text
    sources: tuple[Evidence, ...] = ()
    hours: Hours | None = None


@attrs.frozen(kw_only=True)
class PopulationAttribute:
    """A subject attribute and the values that put a person in a population."""

    name: str
    values: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Population:
    """A population an intervention or actor is restricted to; a case must say it belongs."""

    id: str = attrs.field(metadata=_checked(is_id))
    label: Text
    attribute: PopulationAttribute


@attrs.frozen(kw_only=True)
class ResponsivityRule:
    """When responsivity ``factor`` (an instrument item id) is present: act on delivery
    (``domain``: the need area it concerns, so that an actor following it can take part)."""

    factor: str
    action: Action
    interventions: tuple[str, ...] = ()
    note: Text
    domain: str | None = None


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
    populations: tuple[Population, ...] = ()
    intensity: tuple[Intensity, ...] = ()
    responsivity: tuple[ResponsivityRule, ...] = ()
    alternatives: tuple[AlternativeGroup, ...] = ()
    interventions: tuple[Intervention, ...]


@attrs.frozen(kw_only=True)
class Catalogue:
    """Interventions and actors together, as matching uses them."""

    interventions: InterventionCatalogue
    actors: ActorCatalogue

    def intervention(self, intervention_id: str) -> Intervention:
        """The intervention with this id (:class:`~sigrbm.errors.UnknownIdError` if none)."""
        found = self._by_id[0].get(intervention_id)
        if found is None:
            raise UnknownIdError("intervention", intervention_id)
        return found

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (:class:`~sigrbm.errors.UnknownIdError` if none)."""
        found = self._by_id[1].get(actor_id)
        if found is None:
            raise UnknownIdError("actor", actor_id)
        return found

    @functools.cached_property
    def _by_id(self) -> tuple[dict[str, Intervention], dict[str, Actor]]:
        """Interventions and actors by id, indexed once (issue 16); the first of an id wins."""
        interventions: dict[str, Intervention] = {}
        for i in self.interventions.interventions:
            interventions.setdefault(i.id, i)
        actors: dict[str, Actor] = {}
        for a in self.actors.actors:
            actors.setdefault(a.id, a)
        return interventions, actors

    def has_actor(self, actor_id: str) -> bool:
        """Whether the actor file names this actor."""
        return actor_id in self._by_id[1]

    def in_population(self, population: str, attributes: Mapping[str, str | int]) -> bool:
        """Whether the subject's attributes put the person in ``population``."""
        for p in self.interventions.populations:
            if p.id == population:
                value = attributes.get(p.attribute.name)
                return value is not None and str(value).lower() in p.attribute.values
        return False

    def population_label(self, population: str) -> Text:
        """The population's label (its id in both languages when unknown)."""
        for p in self.interventions.populations:
            if p.id == population:
                return p.label
        return Text.of(sv=population, en=population)

    def information_label(self, kind: str) -> Text:
        """The label of an information kind (its id when unknown)."""
        for k in self.actors.information_kinds:
            if k.id == kind:
                return k.label
        return Text.of(sv=kind, en=kind)

    @property
    def content_hash(self) -> str:
        """``sha256:`` over both files' canonical data."""
        return content_hash(
            {"interventions": unstructure(self.interventions), "actors": unstructure(self.actors)}
        )


def _check_actors(cat: ActorCatalogue, smap: SourceMap) -> list[Problem]:
    out = duplicate_ids(cat.actors, "actors", smap, "actor") + translation_problems(
        cat, cat.languages, smap
    )
    out += duplicate_ids(cat.information_kinds, "information_kinds", smap, "information kind")
    kinds = {k.id for k in cat.information_kinds}
    sources = {s.id for s in cat.sources}
    for i, a in enumerate(cat.actors):
        if a.ages is not None and a.ages.max < a.ages.min:
            out.append(
                smap.problem(
                    Code.OUT_OF_RANGE,
                    ("actors", i, "ages", "max"),
                    f"max {a.ages.max} is below min {a.ages.min}",
                )
            )
        for k, kind in enumerate(a.information):
            if kind not in kinds:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_REFERENCE,
                        ("actors", i, "information", k),
                        f"unknown information kind '{kind}'{did_you_mean(kind, kinds)}",
                    )
                )
        for k, src in enumerate(a.sources):
            if src not in sources:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_REFERENCE,
                        ("actors", i, "sources", k),
                        f"unknown source '{src}'{did_you_mean(src, sources)}",
                    )
                )
    return out


def _check_interventions(
    actors: ActorCatalogue | None,
) -> Callable[[InterventionCatalogue, SourceMap], list[Problem]]:
    actor_ids = frozenset(a.id for a in actors.actors) if actors else frozenset()

    def check(cat: InterventionCatalogue, smap: SourceMap) -> list[Problem]:
        out = duplicate_ids(cat.interventions, "interventions", smap, "intervention")
        out += duplicate_ids(cat.domains, "domains", smap, "domain")
        out += duplicate_ids(cat.populations, "populations", smap, "population")
        pops = {p.id for p in cat.populations}
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
            for k, pop in enumerate(iv.population):
                ref(pop, pops, (*base, "population", k), "population")
            if iv.hours is not None and iv.hours.basis is HoursBasis.DOSE and iv.dose is None:
                msg = "hours from the dose need a 'dose'; or mark them 'basis: local_estimate'"
                out.append(smap.problem(Code.HOURS_BASIS, (*base, "hours", "basis"), msg))
            if iv.hours is not None and iv.hours.max < iv.hours.min:
                out.append(
                    smap.problem(
                        Code.OUT_OF_RANGE,
                        (*base, "hours", "max"),
                        f"max {iv.hours.max} is below min {iv.hours.min}",
                    )
                )
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
            if rule.domain is not None:
                ref(rule.domain, domains, ("responsivity", i, "domain"), "domain")
            for k, ref_id in enumerate(rule.interventions):
                ref(ref_id, ids, ("responsivity", i, "interventions", k), "intervention")
        for i, inten in enumerate(cat.intensity):
            ref(inten.level, levels, ("intensity", i, "level"), "risk level")
        out += alternatives_problems(cat.alternatives, ids, smap)
        return out

    return check


def _actor_population_problems(
    actors: ActorCatalogue, inter: InterventionCatalogue, a_path: str | os.PathLike[str]
) -> list[Problem]:
    """Actors restricted to a population (or following a need area) the interventions file
    does not define."""
    out: list[Problem] = []
    pops = {p.id for p in inter.populations}
    domains = {d.id for d in inter.domains}
    for i, a in enumerate(actors.actors):
        for k, d in enumerate(a.needs):
            if d not in domains:
                msg = f"unknown need area '{d}'{did_you_mean(d, domains)}"
                path: Path = ("actors", i, "needs", k)
                out.append(
                    Problem(
                        code=Code.UNKNOWN_REFERENCE, path=path, message=msg, file=os.fspath(a_path)
                    )
                )
        for k, pop in enumerate(a.population):
            if pop not in pops:
                out.append(
                    Problem(
                        code=Code.UNKNOWN_REFERENCE,
                        path=("actors", i, "population", k),
                        message=f"unknown population '{pop}'{did_you_mean(pop, pops)} "
                        "(populations are defined in the interventions file)",
                        file=os.fspath(a_path),
                    )
                )
    return out


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
    inter_cat, more = load_document(i_path, InterventionCatalogue, _check_interventions(actor_cat))
    problems += more
    if actor_cat is not None and inter_cat is not None:
        problems += _actor_population_problems(actor_cat, inter_cat, a_path)
    if problems or actor_cat is None or inter_cat is None:
        raise InstrumentError(problems)
    return Catalogue(interventions=inter_cat, actors=actor_cat)


def _sibling_actors(path: str | os.PathLike[str]) -> str | os.PathLike[str] | None:
    folder = os.path.dirname(os.path.abspath(path))
    sibling = os.path.join(folder, "actors.yaml")
    return sibling if os.path.isfile(sibling) else None


def catalogue_paths(
    source: str | os.PathLike[str],
) -> tuple[str | os.PathLike[str], str | os.PathLike[str] | None]:
    """The interventions and actors files for ``--catalogue`` (a folder or an interventions
    file; an ``actors.yaml`` beside it is used, else the bundled actors)."""
    if os.path.isdir(source):
        return os.path.join(source, "interventions.yaml"), _sibling_actors(
            os.path.join(source, "interventions.yaml")
        )
    return source, _sibling_actors(source)


def check_catalogue_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Every located problem of one catalogue file (interventions or actors, told apart by a
    top-level ``interventions`` or ``actors`` key); an empty list when it is valid.

    An interventions file is checked against the ``actors.yaml`` beside it, else the
    bundled actors. Meant for ``sigrbm validate`` on catalogue files.
    """
    from sigrbm.reading.source import YamlReadError, read_file

    try:
        data, _smap, _problems = read_file(os.fspath(path), os.fspath(path))
    except YamlReadError as exc:
        return list(exc.problems)
    if isinstance(data, dict) and "actors" in data and "interventions" not in data:
        _cat, found = load_document(path, ActorCatalogue, _check_actors)
        return found
    actors_path = _sibling_actors(path) or bundled_folder("catalogue") / "actors.yaml"
    actor_cat, actor_problems = load_document(actors_path, ActorCatalogue, _check_actors)
    if actor_problems:
        return actor_problems
    inter_cat, found = load_document(path, InterventionCatalogue, _check_interventions(actor_cat))
    if actor_cat is not None and inter_cat is not None:
        found += _actor_population_problems(actor_cat, inter_cat, actors_path)
    return found
