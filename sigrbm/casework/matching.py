"""``match(result, catalogue, subject, program)``: needs → recommended interventions.

The defaults follow the risk, need and responsivity principles (docs/matching.md):

1. needs in the result's priority order (level, then the big four, then score);
2. candidates per need: interventions for that domain that fit the age and the risk level
   (no intensive programme for low risk);
3. harmful or ineffective interventions are never recommended — reported as "avoid" with
   their sources when asked for;
4. group formats for high-risk young people carry a peer-contagion warning;
5. responsivity changes delivery and order (motivational work first, treatment in
   parallel, adapted delivery), never the need list;
6. ranking by evidence, by how many of the person's needs one intervention covers, by a
   less restrictive format, and by whether its actor takes part in the program profile.

Every candidate, exclusion and step carries its reasons in Swedish and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from sigrbm.casework.catalogue import (
    EVIDENCE_RANK,
    RECOMMENDABLE,
    Action,
    Catalogue,
    Evidence,
    Format,
    Intensity,
    Intervention,
    Status,
)
from sigrbm.casework.program import Finding, ProgramProfile, eligibility
from sigrbm.reading.text import Text
from sigrbm.scoring.result import Result, Stamp

_RESTRICTIVE = {Format.INDIVIDUAL: 0, Format.FAMILY: 0, Format.GROUP: 1, Format.PLACEMENT: 2}
_STATUS_WORDS = {
    Status.RECOMMENDED: ("rekommenderad", "recommended"),
    Status.PROMISING: ("lovande", "promising"),
    Status.UNCLEAR: ("oklart stöd", "unclear evidence"),
    Status.INEFFECTIVE: ("ingen effekt", "ineffective"),
    Status.HARMFUL: ("skadlig", "harmful"),
}


def _t(sv: str, en: str) -> Text:
    return Text.of(sv=sv, en=en)


@attrs.frozen(kw_only=True)
class Candidate:
    """An intervention suggested for a need, with why."""

    intervention: str
    name: Text
    status: Status
    format: Format
    responsible: str
    actors: tuple[str, ...]
    covers: tuple[str, ...]
    actor_in_program: bool
    reasons: tuple[Text, ...]
    warnings: tuple[Text, ...] = ()
    dose: Text | None = None
    evidence: tuple[Evidence, ...] = ()


@attrs.frozen(kw_only=True)
class Excluded:
    """An intervention for the need that does not fit this person, and why."""

    intervention: str
    reason: Text


@attrs.frozen(kw_only=True)
class NeedMatch:
    """One need and its ranked candidates."""

    domain: str
    rank: int
    level: str | None
    certain: bool
    candidates: tuple[Candidate, ...]
    excluded: tuple[Excluded, ...] = ()


@attrs.frozen(kw_only=True)
class Step:
    """A responsivity-driven step: work that comes first, runs in parallel, or adapts delivery."""

    factor: str
    action: Action
    note: Text
    interventions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Avoid:
    """A harmful or ineffective intervention, named so that nobody picks it by mistake."""

    intervention: str
    name: Text
    status: Status
    reason: Text
    evidence: tuple[Evidence, ...]


@attrs.frozen(kw_only=True)
class Recommendations:
    """The matching result for one assessment."""

    stamp: Stamp
    case_id: str
    catalogue: str
    catalogue_version: str
    program: str | None
    age: int | None
    risk_level: str | None
    risk_basis: Text
    intensity: Intensity | None
    needs: tuple[NeedMatch, ...]
    selected: tuple[Candidate, ...]
    steps: tuple[Step, ...]
    warnings: tuple[Text, ...] = ()
    avoid: tuple[Avoid, ...] = ()
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the ``value`` of ``sigrbm match --format json``."""
        from sigrbm.reading.structure import unstructure

        out = unstructure(self, omit_defaults=False)
        assert isinstance(out, dict)
        return out


def _risk(result: Result, catalogue: Catalogue) -> tuple[str | None, Text]:
    o = result.overall
    levels = catalogue.interventions.risk_levels
    if o is not None and o.final_level is not None:
        if o.professional_level is not None:
            return o.final_level, _t(
                f"Professionell bedömning: {o.final_level}",
                f"Professional judgement: {o.final_level}",
            )
        return o.final_level, _t(
            f"Beräknad risknivå: {o.final_level}", f"Computed risk level: {o.final_level}"
        )
    if o is not None:
        target = next((s for s in (*result.scores, *result.domains) if s.id == o.score), None)
        if target is not None and target.level_low is not None:
            return target.level_low, _t(
                f"Risknivån är obestämd ({target.level_low}–{target.level_high}); matchad som "
                f"{target.level_low}, så att ingen intensiv insats ges vid möjligen låg risk",
                f"The risk level is undetermined ({target.level_low}–{target.level_high}); matched "
                f"as {target.level_low} so that no intensive programme goes to possibly low risk",
            )
    lowest = levels[0] if levels else None
    return lowest, _t(
        "Ingen samlad risknivå; matchad som lägsta nivå",
        "No overall risk level; matched as the lowest level",
    )


def _age_fits(iv: Intervention, age: int | None) -> bool:
    return age is None or iv.age.contains(age)


class _Matcher:
    """One matching run: the person's facts, and the rules that turn them into candidates."""

    def __init__(
        self,
        result: Result,
        catalogue: Catalogue,
        age: int | None,
        program: ProgramProfile | None,
    ) -> None:
        self.result, self.catalogue, self.age, self.program = result, catalogue, age, program
        self.risk, self.basis = _risk(result, catalogue)
        self.labels = {d.id: d.label for d in catalogue.interventions.domains}
        self.need_domains = [n.domain for n in result.needs if n.certain]
        self.program_actors = set(program.actors) if program else set()
        levels = catalogue.interventions.risk_levels
        self.high = levels[-1] if levels else None

    # ---------------------------------------------------------------- candidates
    def candidate(self, iv: Intervention, why: Text) -> Candidate:
        covers = tuple(d for d in self.need_domains if d in iv.domains)
        in_program = bool(self.program_actors & set(iv.actors))
        responsible = next((a for a in iv.actors if a in self.program_actors), iv.actors[0])
        sv, en = _STATUS_WORDS[iv.status]
        src = iv.evidence[0].source if iv.evidence else ""
        reasons = [why, _t(f"Evidens: {sv} ({src})", f"Evidence: {en} ({src})")]
        if iv.domains[0] in self.need_domains:
            main = self.labels[iv.domains[0]]
            reasons.append(
                _t(f"Huvudinriktning: {main['sv'].lower()}", f"Main target: {main['en'].lower()}")
            )
        if len(covers) > 1:
            reasons.append(
                _t(
                    "Täcker flera behov: " + ", ".join(self.labels[d]["sv"] for d in covers),
                    "Covers several needs: " + ", ".join(self.labels[d]["en"] for d in covers),
                )
            )
        if self.age is not None:
            reasons.append(
                _t(
                    f"Passar åldern {self.age} ({iv.age.min}–{iv.age.max} år)",
                    f"Fits age {self.age} ({iv.age.min}–{iv.age.max})",
                )
            )
        if self.risk is not None:
            reasons.append(_t(f"Passar risknivån {self.risk}", f"Fits risk level {self.risk}"))
        return Candidate(
            intervention=iv.id,
            name=iv.name,
            status=iv.status,
            format=iv.format,
            responsible=responsible,
            actors=iv.actors,
            covers=covers,
            actor_in_program=in_program,
            reasons=tuple(reasons) + self._actor_reason(in_program, responsible),
            warnings=self._warnings(iv, in_program),
            dose=iv.dose,
            evidence=iv.evidence,
        )

    def _actor_reason(self, in_program: bool, responsible: str) -> tuple[Text, ...]:
        if self.program is None or not in_program:
            return ()
        pid = self.program.id
        return (
            _t(
                f"Ansvarig aktör {responsible} ingår i programmet {pid}",
                f"Responsible actor {responsible} takes part in {pid}",
            ),
        )

    def _warnings(self, iv: Intervention, in_program: bool) -> tuple[Text, ...]:
        notes: list[Text] = []
        if self.program is not None and not in_program:
            notes.append(
                _t(
                    f"Ingen av aktörerna ({', '.join(iv.actors)}) ingår i {self.program.id}",
                    f"None of its actors ({', '.join(iv.actors)}) is part of {self.program.id}",
                )
            )
        if iv.format is Format.GROUP and self.risk is not None and self.risk == self.high:
            notes.append(
                _t(
                    "Gruppformat vid hög risk: risk för negativ kamratpåverkan – blanda inte "
                    "med unga med lägre risk och följ upp noga.",
                    "Group format at high risk: risk of deviant peer contagion – do not mix "
                    "with lower-risk young people and follow up closely.",
                )
            )
        if iv.needs_caregiver:
            notes.append(
                _t(
                    "Kräver att en vårdnadshavare eller annan vuxen deltar.",
                    "Needs a caregiver or other adult to take part.",
                )
            )
        return tuple(notes)

    def rank_key(self, c: Candidate, domain: str) -> tuple[int, ...]:
        primary = self.catalogue.intervention(c.intervention).domains[0]
        family = int(bool(self.program and self.program.family_focus and c.format is Format.FAMILY))
        return (
            -int(primary in self.need_domains),  # its main target is one of the person's needs
            -EVIDENCE_RANK[c.status],  # evidence
            -len(c.covers),  # how many of the person's needs it covers
            -int(primary == domain),  # its main target is this very need
            _RESTRICTIVE[c.format],  # the least restrictive format
            -int(c.actor_in_program),  # its actor takes part in the program
            -family,  # family formats where the program has a family focus
        )

    def exclusion(self, iv: Intervention) -> Text | None:
        if iv.status not in RECOMMENDABLE:
            sv, en = _STATUS_WORDS[iv.status]
            return _t(f"Rekommenderas aldrig: {sv}", f"Never recommended: {en}")
        if not _age_fits(iv, self.age):
            return _t(
                f"Åldern {self.age} ligger utanför {iv.age.min}–{iv.age.max} år",
                f"Age {self.age} is outside {iv.age.min}–{iv.age.max}",
            )
        if self.risk is not None and self.risk not in iv.risk_levels:
            meant = ", ".join(iv.risk_levels)
            return _t(
                f"Passar inte risknivån {self.risk} (avsedd för {meant})",
                f"Does not fit risk level {self.risk} (meant for {meant})",
            )
        return None

    # ------------------------------------------------------------------- steps
    def needs(self) -> tuple[NeedMatch, ...]:
        out = []
        for n in self.result.needs:
            label = self.labels.get(n.domain, Text.of(sv=n.domain, en=n.domain))
            why = _t(
                f"Riktar sig mot behovet {label['sv'].lower()}",
                f"Targets the need {label['en'].lower()}",
            )
            cands: list[Candidate] = []
            excluded: list[Excluded] = []
            for iv in self.catalogue.interventions.interventions:
                if n.domain not in iv.domains:
                    continue
                reason = self.exclusion(iv)
                if reason is None:
                    cands.append(self.candidate(iv, why))
                else:
                    excluded.append(Excluded(intervention=iv.id, reason=reason))
            domain = n.domain
            cands.sort(key=lambda c: (self.rank_key(c, domain), c.intervention))
            out.append(
                NeedMatch(
                    domain=n.domain,
                    rank=n.rank,
                    level=n.level,
                    certain=n.certain,
                    candidates=tuple(cands),
                    excluded=tuple(excluded),
                )
            )
        return tuple(out)

    def steps(self) -> tuple[Step, ...]:
        present = {f.item for f in self.result.responsivity}
        out = []
        for rule in self.catalogue.interventions.responsivity:
            if rule.factor in present:
                usable = tuple(
                    i
                    for i in rule.interventions
                    if self.exclusion(self.catalogue.intervention(i)) is None
                )
                out.append(
                    Step(
                        factor=rule.factor, action=rule.action, note=rule.note, interventions=usable
                    )
                )
        return tuple(out)

    def selected(
        self, needs: tuple[NeedMatch, ...], steps: tuple[Step, ...]
    ) -> tuple[Candidate, ...]:
        """One intervention per uncovered need, with responsivity work first or alongside."""
        chosen: dict[str, Candidate] = {}

        def add_steps(action: Action, why: Text) -> None:
            for step in steps:
                if step.action is action:
                    for iv_id in step.interventions:
                        if iv_id not in chosen:
                            chosen[iv_id] = self.candidate(self.catalogue.intervention(iv_id), why)

        add_steps(
            Action.FIRST,
            _t("Kommer först på grund av mottaglighet", "Comes first because of responsivity"),
        )
        covered: set[str] = set()
        for nm in needs:
            if nm.certain and nm.domain not in covered and nm.candidates:
                top = nm.candidates[0]
                chosen.setdefault(top.intervention, top)
                covered.update(top.covers)
        add_steps(
            Action.PARALLEL,
            _t("Parallellt på grund av mottaglighet", "In parallel because of responsivity"),
        )
        return tuple(chosen.values())

    def avoid(self, requested: tuple[str, ...], show_avoid: bool) -> tuple[Avoid, ...]:
        out = []
        for iv in self.catalogue.interventions.interventions:
            flagged = iv.status in (Status.HARMFUL, Status.INEFFECTIVE)
            relevant = show_avoid and any(d in iv.domains for d in self.need_domains)
            if flagged and (iv.id in requested or relevant):
                sv, en = _STATUS_WORDS[iv.status]
                src = "; ".join(f"{e.source}: {e.rating}" for e in iv.evidence)
                out.append(
                    Avoid(
                        intervention=iv.id,
                        name=iv.name,
                        status=iv.status,
                        reason=_t(f"Undvik – {sv} ({src})", f"Avoid – {en} ({src})"),
                        evidence=iv.evidence,
                    )
                )
        return tuple(out)

    def warnings(self, requested: tuple[str, ...]) -> tuple[Text, ...]:
        out: list[Text] = []
        if self.age is None:
            out.append(
                _t(
                    "Åldern är okänd: insatsernas åldersgränser har inte prövats.",
                    "The age is unknown: the interventions' age limits were not checked.",
                )
            )
        for n in self.result.needs:
            if n.domain not in self.labels:
                out.append(
                    _t(
                        f"Katalogen saknar behovsområdet '{n.domain}'.",
                        f"The catalogue has no need area '{n.domain}'.",
                    )
                )
        known = {iv.id for iv in self.catalogue.interventions.interventions}
        for iv_id in sorted(set(requested) - known):
            out.append(
                _t(
                    f"Insatsen '{iv_id}' finns inte i katalogen.",
                    f"Intervention '{iv_id}' is not in the catalogue.",
                )
            )
        return tuple(out)


def match(
    result: Result,
    catalogue: Catalogue,
    subject: Mapping[str, str | int],
    program: ProgramProfile | None = None,
    *,
    requested: tuple[str, ...] = (),
    show_avoid: bool = False,
) -> Recommendations:
    """Recommend interventions for the needs in ``result``.

    ``subject`` holds the subject's attribute values (``age`` is used). ``requested`` names
    interventions a caller asks about: harmful or ineffective ones are reported under
    ``avoid``, never recommended. ``show_avoid`` lists every harmful or ineffective
    intervention aimed at the person's needs.
    """
    raw_age = subject.get("age")
    age = raw_age if isinstance(raw_age, int) else None
    m = _Matcher(result, catalogue, age, program)
    needs = m.needs()
    steps = m.steps()
    intensity = next((i for i in catalogue.interventions.intensity if i.level == m.risk), None)
    return Recommendations(
        stamp=result.stamp,
        case_id=result.case_id,
        catalogue=catalogue.interventions.id,
        catalogue_version=catalogue.interventions.version,
        program=program.id if program else None,
        age=age,
        risk_level=m.risk,
        risk_basis=m.basis,
        intensity=intensity,
        needs=needs,
        selected=m.selected(needs, steps),
        steps=steps,
        warnings=m.warnings(requested),
        avoid=m.avoid(requested, show_avoid),
        findings=eligibility(program, age) if program else (),
    )
