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
class GoalSuggestion:
    """A goal the program suggests for plan entries that address a need area (Eslöv: school).

    ``actor``: the entry of this actor gets it when the plan has one for the need area (the
    school's goals go to the school's entry, not to a family programme); ``ages``: the ages
    it fits (no upper-secondary eligibility goal at 22).
    """

    domain: str
    text: Text
    actor: str | None = None
    ages: AgeRange | None = None


@attrs.frozen(kw_only=True)
class ProgramAgeRange(AgeRange):
    """An age range of a program; ``risk_levels``: the only risk levels it takes in this
    range (Haninge's adult unit: high-risk cases only); empty means every level."""

    risk_levels: tuple[str, ...] = ()

    def takes(self, age: int, risk: str | None) -> bool:
        """Whether the range takes this age at this risk level (unknown risk: not when
        the range is restricted)."""
        return self.contains(age) and (not self.risk_levels or risk in self.risk_levels)


@attrs.frozen(kw_only=True)
class ProgramProfile:
    """One way of running SIG."""

    format_version: int = 1
    id: str = attrs.field(metadata={"check": is_id})
    version: str = attrs.field(metadata={"check": is_semver})
    kind: ProgramKind
    name: Text
    age_ranges: tuple[ProgramAgeRange, ...]
    core_actors: tuple[str, ...]
    optional_actors: tuple[str, ...] = ()
    outside_actors: tuple[str, ...] = ()
    coordinator: Text
    required_participants: tuple[str, ...] = (YOUNG_PERSON,)
    consent: ConsentRule = ConsentRule()
    plan: PlanKind = PlanKind.ATGARDSPLAN
    follow_up_weeks: int
    family_focus: bool = False
    registered_with_social_services: bool = True
    young_person_approves: bool = False
    copy_to_each_participant: bool = False
    police_informed: bool = False
    follow_up_agreed_by_team: bool = False
    goal_suggestions: tuple[GoalSuggestion, ...] = ()
    #: issue 20: steps of the handbook's ärendegång (1–11) this program's arbetsgång has not,
    #: e.g. Västra Göteborg screens with no Check: IRK (step 1); the flow neither expects nor
    #: implies them
    steps_skipped: tuple[int, ...] = ()
    plan_period_weeks: int = 26
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

    def serves_age(self, age: int | None) -> bool:
        """Whether ``age`` is in one of the profile's age ranges (an unknown age is not)."""
        return age is not None and any(r.contains(age) for r in self.age_ranges)

    def takes(self, age: int | None, risk: str | None) -> bool:
        """Whether a range takes ``age`` at risk level ``risk`` (its ``risk_levels``)."""
        return age is not None and any(r.takes(age, risk) for r in self.age_ranges)

    @property
    def plan_rules(self) -> tuple[Text, ...]:
        """What the plan document must say because of this profile's rules."""
        out: list[Text] = []
        if self.young_person_approves:
            out.append(
                Text.of(
                    sv="Planen godkänns av den unga, som skriver under.",
                    en="The young person approves the plan and signs it.",
                )
            )
        if self.copy_to_each_participant:
            out.append(
                Text.of(
                    sv="Varje deltagare får en kopia av planen.",
                    en="Every participant keeps a copy of the plan.",
                )
            )
        if self.police_informed:
            out.append(
                Text.of(
                    sv="Samordnaren informerar polisen om att personen ingår i SIG, så att "
                    "polisen kan meddela nya misstankar som påverkar planeringen.",
                    en="The coordinator informs the police that the person is in SIG, so that "
                    "the police can pass on new suspicions that affect the planning.",
                )
            )
        if self.follow_up_agreed_by_team:
            out.append(
                Text.of(
                    sv=f"Teamet bestämmer hur ofta planen följs upp (här föreslaget: var "
                    f"{self.follow_up_weeks}:e vecka).",
                    en=f"The team agrees how often the plan is followed up (suggested here: "
                    f"every {self.follow_up_weeks} weeks).",
                )
            )
        if not self.registered_with_social_services:
            out.append(
                Text.of(
                    sv="Serviceinsats: den unga registreras inte i socialtjänsten för SIG.",
                    en="A service measure: the young person is not registered with social "
                    "services for SIG.",
                )
            )
        if YOUNG_PERSON in self.required_participants:
            out.append(
                Text.of(
                    sv="Den unga deltar i mötena.",
                    en="The young person takes part in the meetings.",
                )
            )
        return tuple(out)


@attrs.frozen(kw_only=True)
class Finding:
    """Something about a case that does not fit a program profile."""

    code: str
    message: Text


def eligibility(
    program: ProgramProfile,
    age: int | None,
    actors: tuple[str, ...] = (),
    catalogue: Catalogue | None = None,
    *,
    risk: str | None = None,
    risk_label: Text | None = None,
) -> tuple[Finding, ...]:
    """Findings when a case falls outside the profile's ages (or, with ``risk``, the risk
    levels an age range takes) or lacks required actors (actors named by their label from
    ``catalogue`` when given)."""
    out: list[Finding] = []
    if risk is not None and program.serves_age(age) and not program.takes(age, risk):
        out.append(Finding(code="risk-outside", message=risk_refusal(program, age, risk_label)))
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
            label = (
                catalogue.actor(required).name
                if catalogue is not None and catalogue.has_actor(required)
                else Text.of(sv=required, en=required)
            )
            out.append(
                Finding(
                    code="actor-missing",
                    message=Text.of(
                        sv=f"{label['sv']} ska alltid ingå i {program.name['sv']} men saknas "
                        "i planen.",
                        en=f"{label['en']} is always part of {program.name['en']} but is "
                        "missing from the plan.",
                    ),
                )
            )
    return tuple(out)


def risk_refusal(program: ProgramProfile, age: int | None, risk_label: Text | None) -> Text:
    """Why the program does not take this age at this risk level (Haninge: adults only in
    high-risk cases)."""
    ranges = [r for r in program.age_ranges if age is not None and r.contains(age)]
    lv = risk_label or Text.of(sv="okänd", en="unknown")
    spans = ", ".join(f"{r.min}–{r.max}" for r in ranges)
    return Text.of(
        sv=f"{program.name['sv']} tar vid {age} år ({spans}) bara: {_levels(ranges, 'sv')}; "
        f"risknivån är {lv['sv'].lower()}.",
        en=f"{program.name['en']} takes at age {age} ({spans}) only: {_levels(ranges, 'en')}; "
        f"the risk level is {lv['en'].lower()}.",
    )


def _levels(ranges: list[ProgramAgeRange], lang: str) -> str:
    """The ranges' own labels ("Vuxenenheten vid hög risk"), else their risk level ids."""
    return " / ".join(
        r.label[lang].lower() if r.label is not None else "/".join(r.risk_levels)
        for r in ranges
        if r.risk_levels
    )


#: Majority: from 18 only the person's own consent counts (guardianship ends, Föräldrabalken
#: 6 kap. 2 §, https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/foraldrabalk-1949381_sfs-1949-381/).
MAJORITY = 18
#: The latest age from which a profile may require the young person's own consent (the
#: programs' rule "under 15 a guardian's consent suffices": eslov.se, skovde.se/SIG).
OWN_CONSENT_LATEST = 15


def consent_rule_problems(rule: ConsentRule, smap: SourceMap) -> list[Problem]:
    """P800 for a consent age rule outside the bounds no profile may switch off."""
    out: list[Problem] = []

    def bad(key: str, msg: str) -> None:
        out.append(smap.problem(Code.CONSENT_RULE_BOUNDS, ("consent", key), msg))

    if rule.adult_from != MAJORITY:
        bad(
            "adult_from",
            f"must be {MAJORITY}: from the age of majority only the person's own "
            "consent counts; a profile cannot change that",
        )
    if not 0 <= rule.own_required_from <= OWN_CONSENT_LATEST:
        bad(
            "own_required_from",
            f"must be 0 to {OWN_CONSENT_LATEST}: from {OWN_CONSENT_LATEST} "
            "the young person's own consent is always needed",
        )
    if not 0 <= rule.guardian_suffices_below <= rule.own_required_from:
        bad(
            "guardian_suffices_below",
            f"must be 0 to own_required_from "
            f"({rule.own_required_from}): a guardian's consent alone cannot suffice where the "
            "young person's own is required",
        )
    also = rule.guardian_also_required_below
    if also is not None and not rule.own_required_from < also <= MAJORITY:
        bad(
            "guardian_also_required_below",
            f"must be above own_required_from ({rule.own_required_from}) and at most {MAJORITY}",
        )
    return out


def _check(catalogue: Catalogue | None) -> Callable[[ProgramProfile, SourceMap], list[Problem]]:
    def check(p: ProgramProfile, smap: SourceMap) -> list[Problem]:
        out = translation_problems(p, LANGUAGES, smap)
        known = {a.id for a in catalogue.actors.actors} if catalogue else set()
        domains = {d.id for d in catalogue.interventions.domains} if catalogue else set()
        for key in ("core_actors", "optional_actors", "outside_actors"):
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
        for k, step in enumerate(p.steps_skipped):
            if not 1 <= step <= 5:
                out.append(
                    smap.problem(
                        Code.OUT_OF_RANGE,
                        ("steps_skipped", k),
                        "a program may skip a step from 1 to 5 of the ärendegång (screening, "
                        "decisions, parties); consent, plan and follow-up are never skipped",
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
        out.extend(consent_rule_problems(p.consent, smap))
        levels = set(catalogue.interventions.risk_levels) if catalogue else set()
        for k, r in enumerate(p.age_ranges):
            for j, lv in enumerate(r.risk_levels):
                if levels and lv not in levels:
                    out.append(
                        smap.problem(
                            Code.UNKNOWN_REFERENCE,
                            ("age_ranges", k, "risk_levels", j),
                            f"unknown risk level '{lv}'{did_you_mean(lv, levels)}",
                        )
                    )
        if not 1 <= p.plan_period_weeks <= 520:
            out.append(
                smap.problem(
                    Code.OUT_OF_RANGE,
                    ("plan_period_weeks",),
                    "use 1 to 520 weeks for a plan period",
                )
            )
        for k, g in enumerate(p.goal_suggestions):
            if known and g.actor is not None and g.actor not in known:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_REFERENCE,
                        ("goal_suggestions", k, "actor"),
                        f"unknown actor '{g.actor}'{did_you_mean(g.actor, known)}",
                    )
                )
            if domains and g.domain not in domains:
                out.append(
                    smap.problem(
                        Code.UNKNOWN_REFERENCE,
                        ("goal_suggestions", k, "domain"),
                        f"unknown need area '{g.domain}'{did_you_mean(g.domain, domains)}",
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
    special = os.path.exists(source) and not os.path.isdir(source)  # a FIFO: refused (E114)
    if not os.path.isfile(source) and not special:
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


def check_program_file(
    path: str | os.PathLike[str], catalogue: Catalogue | None = None
) -> list[Problem]:
    """Every located problem of one program profile file (checked against ``catalogue``, the
    bundled one by default); an empty list when it is valid. For ``sigrbm validate``."""
    from sigrbm.casework.catalogue import load_catalogue

    cat = catalogue if catalogue is not None else load_catalogue()
    _profile, problems = load_document(path, ProgramProfile, _check(cat))
    return problems
