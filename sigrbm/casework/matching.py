"""``match(result, catalogue, subject, program)``: needs → recommended interventions.

The defaults follow the risk, need and responsivity principles (docs/matching.md):

1. needs in the result's priority order (level, then the big four, then score);
2. candidates per need: interventions for that domain that fit the age, the risk level (at
   low risk only light help), the person's population, and that an actor serving the
   person's age (and in the program) can deliver;
3. harmful or ineffective interventions are never recommended — reported as "avoid" with
   their sources when asked for;
4. group formats for high-risk young people carry a peer-contagion warning;
5. responsivity changes delivery and order (motivational work first, treatment in
   parallel, adapted delivery), never the need list;
6. ranking: at high risk a programme covering several needs first; then main target, evidence,
   coverage, family focus under 18 (where the program has it), format, actor in the program;
7. at high risk every certain need is covered, or the reason why not is given.

Every candidate, exclusion and step carries its reasons in Swedish and English.
"""

from __future__ import annotations

from collections.abc import Mapping

from sigrbm.casework.alternatives import combined
from sigrbm.casework.catalogue import (
    EVIDENCE_RANK,
    RECOMMENDABLE,
    Action,
    Catalogue,
    Evidence,
    Format,
    Intervention,
    InterventionIntensity,
    Status,
)
from sigrbm.casework.dosage import dosage, target_reached
from sigrbm.casework.population import missing_population, responsible_actor
from sigrbm.casework.program import ProgramProfile, eligibility
from sigrbm.casework.recommendation import (
    INTENSITY_LABELS,
    STATUS_LABELS,
    Avoid,
    Candidate,
    Excluded,
    NeedMatch,
    Recommendations,
    Step,
    Uncovered,
)
from sigrbm.casework.selection import select
from sigrbm.reading.structure import did_you_mean
from sigrbm.reading.text import Text
from sigrbm.scoring.result import Result

__all__ = [
    "Avoid",
    "Candidate",
    "Excluded",
    "NeedMatch",
    "Recommendations",
    "Step",
    "Uncovered",
    "match",
]

_RESTRICTIVE = {Format.INDIVIDUAL: 0, Format.FAMILY: 0, Format.GROUP: 1, Format.PLACEMENT: 2}


def _t(sv: str, en: str) -> Text:
    return Text.of(sv=sv, en=en)


class _Matcher:
    """One matching run: the person's facts, and the rules that turn them into candidates."""

    def __init__(
        self,
        result: Result,
        catalogue: Catalogue,
        subject: Mapping[str, str | int],
        program: ProgramProfile | None,
        level_labels: Mapping[str, Text],
    ) -> None:
        raw_age = subject.get("age")
        self.age = raw_age if isinstance(raw_age, int) and not isinstance(raw_age, bool) else None
        self.result, self.catalogue, self.program = result, catalogue, program
        self.attributes = subject
        self.level_labels = level_labels
        self.labels = {d.id: d.label for d in catalogue.interventions.domains}
        self.need_domains = [n.domain for n in result.needs if n.certain]
        present = {f.item for f in result.responsivity}
        #: need areas an actor may follow: the certain needs, and the areas of responsivity
        #: treatment the person is flagged for (ADHD treatment: mental health)
        self.areas = frozenset(self.need_domains) | {
            d
            for rule in catalogue.interventions.responsivity
            if rule.factor in present
            for d in (
                *(catalogue.intervention(i).domains[0] for i in rule.interventions),
                *((rule.domain,) if rule.domain else ()),
            )
        }
        levels = catalogue.interventions.risk_levels
        self.low = levels[0] if levels else None
        self.high = levels[-1] if levels else None
        self.risk, self.basis = self._risk()
        self.family_focus = bool(
            program is not None and program.family_focus and self.age is not None and self.age < 18
        )

    def level(self, level: str | None) -> Text:
        if level is None:
            return _t("–", "–")
        return self.level_labels.get(level, _t(level, level))

    def area(self, domain: str) -> Text:
        return self.labels.get(domain, _t(domain, domain))

    def _risk(self) -> tuple[str | None, Text]:
        o = self.result.overall
        if o is not None and o.final_level is not None:
            lv = self.level(o.final_level)
            if o.professional_level is not None:
                return o.final_level, _t(
                    f"Professionell bedömning: {lv['sv'].lower()}",
                    f"Professional judgement: {lv['en'].lower()}",
                )
            return o.final_level, _t(
                f"Beräknad risknivå: {lv['sv'].lower()}", f"Computed risk level: {lv['en'].lower()}"
            )
        if o is not None:
            pool = (*self.result.scores, *self.result.domains)
            target = next((s for s in pool if s.id == o.score), None)
            if target is not None and target.level_low is not None:
                lo, hi = self.level(target.level_low), self.level(target.level_high)
                return target.level_low, _t(
                    f"Risknivån är obestämd ({lo['sv'].lower()}–{hi['sv'].lower()}); matchad som "
                    f"{lo['sv'].lower()}, så att ingen intensiv insats ges vid möjligen låg risk",
                    f"The risk level is undetermined ({lo['en'].lower()}–{hi['en'].lower()}); "
                    f"matched as {lo['en'].lower()} so that no intensive programme goes to "
                    "possibly low risk",
                )
        return self.low, _t(
            "Ingen samlad risknivå; matchad som lägsta nivå",
            "No overall risk level; matched as the lowest level",
        )

    # ---------------------------------------------------------------- candidates
    def candidate(self, iv: Intervention, why: Text) -> Candidate:
        covers = tuple(d for d in self.need_domains if d in iv.domains)
        who = responsible_actor(
            iv, self.catalogue, self.age, self.attributes, self.program, areas=self.areas
        )
        # candidate() is only called for interventions exclusion() let through, so an actor
        # was found; the first actor is a defensive fallback, never reached in practice.
        chosen = who.actor or iv.actors[0]
        in_program = self.program is None or chosen in self.program.actors
        status = STATUS_LABELS[iv.status]
        src = {"sv": "", "en": ""}
        if iv.evidence:
            src = {lang: f" ({_cited(iv.evidence[0], lang)})" for lang in src}
        reasons = [
            why,
            _t(f"Evidens: {status['sv']}{src['sv']}", f"Evidence: {status['en']}{src['en']}"),
        ]
        if iv.domains[0] in self.need_domains:
            main = self.area(iv.domains[0])
            reasons.append(
                _t(f"Huvudinriktning: {main['sv'].lower()}", f"Main target: {main['en'].lower()}")
            )
        if len(covers) > 1:
            reasons.append(
                _t(
                    "Täcker flera behov: " + ", ".join(self.area(d)["sv"] for d in covers),
                    "Covers several needs: " + ", ".join(self.area(d)["en"] for d in covers),
                )
            )
            if self.multi(iv.intensity, len(covers)):
                reasons.append(
                    _t(
                        "Hög risk: en insats som täcker flera behov går före (riskprincipen)",
                        "High risk: an intervention covering several needs comes first "
                        "(risk principle)",
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
            lv, inten = self.level(self.risk), INTENSITY_LABELS[iv.intensity]
            reasons.append(
                _t(
                    f"Passar risknivån {lv['sv'].lower()} (intensitet: {inten['sv']})",
                    f"Fits risk level {lv['en'].lower()} (intensity: {inten['en']})",
                )
            )
        for pop in iv.population:
            label = self.catalogue.population_label(pop)
            reasons.append(
                _t(
                    f"Ärendet anger att personen hör till: {label['sv'].lower()}",
                    f"The case says the person belongs to: {label['en'].lower()}",
                )
            )
        if self.family_focus and iv.format is Format.FAMILY and self.program is not None:
            reasons.append(
                _t(
                    f"Familjefokus under 18 år i {self.program.name['sv']}: familjebaserad "
                    "insats går före bland lika lämpliga",
                    f"Family focus under 18 in {self.program.name['en']}: a family-based "
                    "intervention comes first among equally fitting ones",
                )
            )
        reasons.append(who.reason)
        return Candidate(
            intervention=iv.id,
            name=iv.name,
            status=iv.status,
            format=iv.format,
            responsible=chosen,
            responsible_label=self.catalogue.actor(chosen).name,
            actors=iv.actors,
            covers=covers,
            actor_in_program=in_program,
            brought_in=who.brought_in,
            reasons=tuple(reasons),
            warnings=self._warnings(iv),
            caveats=self._caveats(iv),
            dose=iv.dose,
            intensity=iv.intensity,
            hours=iv.hours,
            evidence=iv.evidence,
        )

    def _caveats(self, iv: Intervention) -> tuple[Text, ...]:
        out: list[Text] = []
        if iv.status is Status.UNCLEAR:
            out.append(
                _t(
                    "Svagt stöd: evidensen för insatsen är oklar – följ upp effekten noga.",
                    "Weak evidence: the support for this intervention is unclear – follow up "
                    "its effect closely.",
                )
            )
        if iv.notes is not None:
            out.append(iv.notes)
        return tuple(out)

    def _warnings(self, iv: Intervention) -> tuple[Text, ...]:
        notes: list[Text] = []
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

    def multi(self, intensity: InterventionIntensity, covers: int) -> bool:
        """High risk: a structured or intensive programme covering several needs comes first
        (the risk principle is about intensity, so light help such as mentoring never does)."""
        return (
            self.risk is not None
            and self.risk == self.high
            and covers > 1
            and intensity is not InterventionIntensity.LIGHT
        )

    def rank_key(self, c: Candidate, domain: str) -> tuple[int, ...]:
        primary = self.catalogue.intervention(c.intervention).domains[0]
        multi = self.multi(c.intensity, len(c.covers))
        family = self.family_focus and c.format is Format.FAMILY
        return (
            -int(multi),  # high risk: one programme for several needs (MST/FFT/TFCO-type)
            -int(primary in self.need_domains),  # its main target is one of the person's needs
            -EVIDENCE_RANK[c.status],  # evidence
            -len(c.covers),  # how many of the person's needs it covers
            -int(family),  # family focus under 18: family formats among equally fitting ones
            -int(primary == domain),  # its main target is this very need
            _RESTRICTIVE[c.format],  # the least restrictive format
            -int(c.actor_in_program),  # its actor takes part in the program
        )

    def exclusion(self, iv: Intervention, *, responsivity: bool = False) -> Text | None:
        if iv.status not in RECOMMENDABLE:
            st = STATUS_LABELS[iv.status]
            return _t(f"Rekommenderas aldrig: {st['sv']}", f"Never recommended: {st['en']}")
        if self.age is not None and not iv.age.contains(self.age):
            return _t(
                f"Åldern {self.age} ligger utanför {iv.age.min}–{iv.age.max} år",
                f"Age {self.age} is outside {iv.age.min}–{iv.age.max}",
            )
        if self.risk is not None and self.risk not in iv.risk_levels:
            lv = self.level(self.risk)
            meant_sv = ", ".join(self.level(x)["sv"].lower() for x in iv.risk_levels)
            meant_en = ", ".join(self.level(x)["en"].lower() for x in iv.risk_levels)
            return _t(
                f"Passar inte risknivån {lv['sv'].lower()} (avsedd för {meant_sv})",
                f"Does not fit risk level {lv['en'].lower()} (meant for {meant_en})",
            )
        if (
            not responsivity
            and self.risk is not None
            and self.risk == self.low
            and iv.intensity is not InterventionIntensity.LIGHT
        ):
            inten = INTENSITY_LABELS[iv.intensity]
            return _t(
                f"Låg risk: bara lätt stöd, ingen {inten['sv']} insats (riskprincipen)",
                f"Low risk: light help only, no {inten['en']} intervention (risk principle)",
            )
        why_not = missing_population(iv, self.catalogue, self.attributes)
        if why_not is not None:
            return why_not
        who = responsible_actor(
            iv, self.catalogue, self.age, self.attributes, self.program, areas=self.areas
        )
        return who.reason if who.actor is None else None

    # ------------------------------------------------------------------- steps
    def needs(self) -> tuple[NeedMatch, ...]:
        out = []
        for n in self.result.needs:
            label = self.area(n.domain)
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
                    excluded.append(Excluded(intervention=iv.id, reason=reason, name=iv.name))
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
                    label=label,
                    level_label=self.level(n.level) if n.level is not None else None,
                )
            )
        return tuple(out)

    def steps(self) -> tuple[Step, ...]:
        present = {f.item for f in self.result.responsivity}
        out = []
        for rule in self.catalogue.interventions.responsivity:
            if rule.factor not in present:
                continue
            usable: list[str] = []
            excluded: list[Excluded] = []
            for i in rule.interventions:
                iv = self.catalogue.intervention(i)
                why = self.exclusion(iv, responsivity=True)
                if why is None:
                    usable.append(i)
                else:
                    excluded.append(Excluded(intervention=i, reason=why, name=iv.name))
            reason = None
            if not usable and rule.action is not Action.ADAPT:
                reason = (
                    _none(excluded)
                    if excluded
                    else _t(
                        "Katalogen anger ingen insats för steget: samordnaren ordnar bedömning "
                        "hos den aktör som behövs och för in den i planen",
                        "The catalogue names no intervention for this step: the coordinator "
                        "arranges an assessment with the actor needed and adds it to the plan",
                    )
                )
            out.append(
                Step(
                    factor=rule.factor,
                    action=rule.action,
                    note=rule.note,
                    interventions=tuple(usable),
                    excluded=tuple(excluded),
                    reason=reason,
                )
            )
        return tuple(out)

    def avoid(self, requested: tuple[str, ...], show_avoid: bool) -> tuple[Avoid, ...]:
        out = []
        for iv in self.catalogue.interventions.interventions:
            flagged = iv.status in (Status.HARMFUL, Status.INEFFECTIVE)
            relevant = show_avoid and any(d in iv.domains for d in self.need_domains)
            if flagged and (iv.id in requested or relevant):
                st = STATUS_LABELS[iv.status]
                # the rating is Swedish free text: English shows the source (and note) only
                src = "; ".join(f"{_cited(e, 'sv')}: {e.rating}" for e in iv.evidence)
                src_en = "; ".join(_cited(e, "en") for e in iv.evidence)
                out.append(
                    Avoid(
                        intervention=iv.id,
                        name=iv.name,
                        status=iv.status,
                        reason=_t(f"Undvik – {st['sv']} ({src})", f"Avoid – {st['en']} ({src_en})"),
                        evidence=iv.evidence,
                    )
                )
        return tuple(out)

    def warnings(self, requested: tuple[str, ...]) -> tuple[Text, ...]:
        out: list[Text] = []
        if self.age is None:
            out.append(
                _t(
                    "Åldern är okänd: insatsernas och aktörernas åldersgränser har inte prövats.",
                    "The age is unknown: the age limits of interventions and actors were not "
                    "checked.",
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
            hint = did_you_mean(iv_id, known)
            out.append(
                _t(
                    f"Insatsen '{iv_id}' finns inte i katalogen{hint}",
                    f"Intervention '{iv_id}' is not in the catalogue{hint}",
                )
            )
        return tuple(out)


def _none(excluded: list[Excluded]) -> Text:
    sv = "; ".join(
        f"{e.name['sv'] if e.name else e.intervention}: {e.reason['sv']}" for e in excluded
    )
    en = "; ".join(
        f"{e.name['en'] if e.name else e.intervention}: {e.reason['en']}" for e in excluded
    )
    return _t(f"Inget steg i planen: {sv}", f"No step in the plan: {en}")


def match(
    result: Result,
    catalogue: Catalogue,
    subject: Mapping[str, str | int],
    program: ProgramProfile | None = None,
    *,
    requested: tuple[str, ...] = (),
    show_avoid: bool = False,
    level_labels: Mapping[str, Text] | None = None,
    combine: Mapping[str, str] | None = None,
) -> Recommendations:
    """Recommend interventions for the needs in ``result``.

    ``subject`` holds the subject's attribute values: ``age``, and attributes that put the
    person in a population (``kon``, ``frivard``; see the catalogue's ``populations``).
    ``requested`` names interventions a caller asks about: harmful or ineffective ones are
    reported under ``avoid``, never recommended. ``show_avoid`` lists every harmful or
    ineffective intervention aimed at the person's needs. ``level_labels`` (level id →
    text, from the instrument) puts words instead of level ids into the reasons.
    ``combine`` (alternatives group id → recorded reason) lets a plan take more than one
    intervention of that group.
    """
    m = _Matcher(result, catalogue, subject, program, level_labels or {})
    needs = m.needs()
    steps = m.steps()
    intensity = next((i for i in catalogue.interventions.intensity if i.level == m.risk), None)
    chosen = select(
        needs,
        steps,
        catalogue=catalogue,
        program=program,
        make=lambda iv_id, why: m.candidate(catalogue.intervention(iv_id), why),
        combine=combine or {},
        reached=target_reached(intensity, m.low),
    )
    selected = chosen.chosen
    return Recommendations(
        stamp=result.stamp,
        case_id=result.case_id,
        catalogue=catalogue.interventions.id,
        catalogue_version=catalogue.interventions.version,
        program=program.id if program else None,
        age=m.age,
        risk_level=m.risk,
        risk_basis=m.basis,
        intensity=intensity,
        needs=needs,
        selected=selected,
        steps=steps,
        warnings=m.warnings(requested),
        avoid=m.avoid(requested, show_avoid),
        findings=eligibility(
            program, m.age, risk=m.risk, risk_label=m.level(m.risk) if m.risk else None
        )
        if program
        else (),
        risk_label=m.level(m.risk) if m.risk is not None else None,
        uncovered=chosen.uncovered,
        dosage=dosage(selected, intensity, chosen.added),
        program_label=program.name if program else None,
        not_taken=chosen.not_taken,
        combined=combined(catalogue.interventions.alternatives, combine or {}),
    )


def _cited(ev: Evidence, lang: str) -> str:
    """The evidence source with its note in ``lang`` (no note when it lacks that language)."""
    note = ev.note.get(lang) if ev.note is not None else None
    return f"{ev.source}, {note}" if note else ev.source
