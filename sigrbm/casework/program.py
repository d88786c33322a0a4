"""Program profiles: the different ways municipalities run SIG (and SSPF), as data.

A profile sets the ages served, core and optional actors, who coordinates, who must take
part in meetings, the consent rule by age, what the plan is called and how often it is
followed up. Profiles ship under ``instruments/programs/``; a municipality adds its own.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from functools import cache

import attrs

from sigrbm.casework.catalogue import AgeRange, Catalogue
from sigrbm.casework.data_files import bundled_folder, load_document, translation_problems
from sigrbm.errors import Code, InstrumentError, NotFoundError, Problem
from sigrbm.instrument.ids import is_id, is_semver
from sigrbm.instrument.model import Provenance, Source
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean
from sigrbm.reading.text import Text

#: Languages every profile text must have.
LANGUAGES = ("sv", "en")
YOUNG_PERSON = "young_person"
GUARDIAN = "guardian"


class ProgramKind(enum.Enum):
    """SIG (higher risk) or SSPF (earlier, lower risk)."""

    SIG = "sig"
    SSPF = "sspf"


class PlanKind(enum.Enum):
    """What the plan is called."""

    ATGARDSPLAN = "atgardsplan"
    GENOMFORANDEPLAN = "genomforandeplan"


PLAN_NAMES = {
    PlanKind.ATGARDSPLAN: Text.of(sv="Åtgärdsplan", en="Action plan"),
    PlanKind.GENOMFORANDEPLAN: Text.of(sv="Genomförandeplan", en="Implementation plan"),
}


@attrs.frozen(kw_only=True)
class ConsentRule:
    """Whose consent is needed, by the young person's age.

    Below ``guardian_suffices_below`` a guardian's consent covers (the young person's own is
    preferred); from ``own_required_from`` the young person's own consent is needed; below
    ``guardian_also_required_below`` (if set) a guardian's is needed as well; from
    ``adult_from`` only the person's own counts.
    """

    guardian_suffices_below: int = 15
    own_required_from: int = 15
    guardian_also_required_below: int | None = None
    adult_from: int = 18


@attrs.frozen(kw_only=True)
class ProgramProfile:
    """One way of running SIG."""

    format_version: int = 1
    id: str = attrs.field(metadata={"check": is_id})
    version: str = attrs.field(metadata={"check": is_semver})
    kind: ProgramKind
    name: Text
    age_ranges: tuple[AgeRange, ...]
    core_actors: tuple[str, ...]
    optional_actors: tuple[str, ...] = ()
    coordinator: Text
    required_participants: tuple[str, ...] = (YOUNG_PERSON,)
    consent: ConsentRule = ConsentRule()
    plan: PlanKind = PlanKind.ATGARDSPLAN
    follow_up_weeks: int
    family_focus: bool = False
    registered_with_social_services: bool = True
    provenance: Provenance
    sources: tuple[Source, ...] = ()

    @property
    def actors(self) -> tuple[str, ...]:
        """Core then optional actors."""
        return self.core_actors + self.optional_actors

    @property
    def plan_name(self) -> Text:
        """ "Åtgärdsplan" or "Genomförandeplan", in both languages."""
        return PLAN_NAMES[self.plan]


@attrs.frozen(kw_only=True)
class Finding:
    """Something about a case that does not fit a program profile."""

    code: str
    message: Text


def eligibility(
    program: ProgramProfile, age: int | None, actors: tuple[str, ...] = ()
) -> tuple[Finding, ...]:
    """Findings when a case falls outside the profile's ages or lacks required actors."""
    out: list[Finding] = []
    if age is None:
        out.append(
            Finding(
                code="age-unknown",
                message=Text.of(
                    sv="Åldern är okänd; profilens åldersgränser kan inte prövas.",
                    en="The age is unknown; the profile's age limits cannot be checked.",
                ),
            )
        )
    elif not any(r.contains(age) for r in program.age_ranges):
        spans = ", ".join(f"{r.min}–{r.max}" for r in program.age_ranges)
        out.append(
            Finding(
                code="age-outside",
                message=Text.of(
                    sv=f"Åldern {age} ligger utanför programmets åldrar ({spans}).",
                    en=f"Age {age} is outside the programme's ages ({spans}).",
                ),
            )
        )
    if actors:
        for required in (*program.core_actors, *program.required_participants):
            if required in (YOUNG_PERSON, GUARDIAN) or required in actors:
                continue
            out.append(
                Finding(
                    code="actor-missing",
                    message=Text.of(
                        sv=f"Aktören '{required}' ska alltid ingå i {program.id} men saknas "
                        "i planen.",
                        en=f"Actor '{required}' is always part of {program.id} but is missing "
                        "from the plan.",
                    ),
                )
            )
    return tuple(out)


def _check(catalogue: Catalogue | None) -> Callable[[ProgramProfile, SourceMap], list[Problem]]:
    def check(p: ProgramProfile, smap: SourceMap) -> list[Problem]:
        out = translation_problems(p, LANGUAGES, smap)
        known = {a.id for a in catalogue.actors.actors} if catalogue else set()
        for key in ("core_actors", "optional_actors"):
            for k, actor in enumerate(getattr(p, key)):
                if known and actor not in known:
                    out.append(
                        smap.problem(
                            Code.UNKNOWN_REFERENCE,
                            (key, k),
                            f"unknown actor '{actor}'{did_you_mean(actor, known)}",
                        )
                    )
        for k, who in enumerate(p.required_participants):
            allowed = known | {YOUNG_PERSON, GUARDIAN}
            if known and who not in allowed:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_REFERENCE,
                        ("required_participants", k),
                        f"unknown participant '{who}'{did_you_mean(who, allowed)}",
                    )
                )
        for k, r in enumerate(p.age_ranges):
            if r.max < r.min:
                out.append(
                    smap.problem(
                        Code.OUT_OF_RANGE,
                        ("age_ranges", k, "max"),
                        f"max {r.max} is below min {r.min}",
                    )
                )
        if not p.age_ranges:
            out.append(
                smap.problem(Code.EMPTY_LIST, ("age_ranges",), "list at least one age range")
            )
        if not 1 <= p.follow_up_weeks <= 520:  # issue 14: bounded, so dates never overflow
            out.append(
                smap.problem(
                    Code.OUT_OF_RANGE,
                    ("follow_up_weeks",),
                    "follow up at least every week and at most every ten years: use 1 to 520",
                )
            )
        ids = {s.id for s in p.sources}
        for k, src in enumerate(p.provenance.sources):
            if src not in ids:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_REFERENCE,
                        ("provenance", "sources", k),
                        f"unknown source '{src}'{did_you_mean(src, ids)}",
                    )
                )
        return out

    return check


def bundled_programs() -> dict[str, os.PathLike[str]]:
    """Bundled program profiles by id (file name without ``.yaml``)."""
    folder = bundled_folder("programs")
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def load_program(
    source: str | os.PathLike[str], catalogue: Catalogue | None = None
) -> ProgramProfile:
    """Load a program profile by bundled id (``eslov``) or path; raises with every problem."""
    path = source
    bundled = bundled_programs()
    if not os.path.isfile(source):
        key = os.fspath(source)
        if key not in bundled:
            raise NotFoundError(f"no program profile '{key}'{did_you_mean(key, bundled)}")
        return _bundled(key, catalogue)
    return _load(path, catalogue)


@cache
def _bundled(key: str, catalogue: Catalogue | None) -> ProgramProfile:
    return _load(bundled_programs()[key], catalogue)


def _load(path: str | os.PathLike[str], catalogue: Catalogue | None) -> ProgramProfile:
    profile, problems = load_document(path, ProgramProfile, _check(catalogue))
    if problems or profile is None:
        raise InstrumentError(problems)
    return profile
