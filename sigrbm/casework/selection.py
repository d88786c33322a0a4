"""The selection: from ranked candidates per need to the interventions a plan is drafted from.

In order (docs/matching.md, "Selection"):

1. responsivity work that comes *first* (motivational interviewing);
2. per certain need in priority order, the top candidate not already covering it — skipping
   an alternative of an already chosen model (one family-therapy model per plan, unless the
   case records a reason to combine: :mod:`sigrbm.casework.alternatives`);
3. core actors keep their roles: where a core actor of the program (the school) can deliver
   help for a need that another actor's programme covers, it gets an entry of its own;
4. responsivity work *in parallel* (ADHD, trauma);
5. at moderate and high risk, more structured help for the person's needs until the estimated
   hours reach the dosage figure of the level, or the gap is printed with why it remains.

Every need ends in an intervention or a printed reason; every first or parallel step in an
intervention or a printed reason (:attr:`Step.reason`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from sigrbm.casework.alternatives import group_of, taken_by
from sigrbm.casework.catalogue import Action, Catalogue, Format, InterventionIntensity, Status
from sigrbm.casework.program import ProgramProfile
from sigrbm.casework.recommendation import Candidate, Excluded, NeedMatch, Step, Uncovered
from sigrbm.reading.text import Text

#: Build the candidate for an intervention id with a reason why it is chosen.
MakeCandidate = Callable[[str, Text], Candidate]


def _t(sv: str, en: str) -> Text:
    return Text.of(sv=sv, en=en)


@attrs.frozen(kw_only=True)
class Selection:
    """What the selection chose, what it left uncovered and which alternatives it skipped."""

    chosen: tuple[Candidate, ...]
    uncovered: tuple[Uncovered, ...]
    not_taken: tuple[Excluded, ...]
    added: tuple[str, ...] = ()


class _Selector:
    def __init__(
        self,
        catalogue: Catalogue,
        program: ProgramProfile | None,
        make: MakeCandidate,
        combine: Mapping[str, str],
    ) -> None:
        self.catalogue, self.program, self.make, self.combine = catalogue, program, make, combine
        self.groups = catalogue.interventions.alternatives
        self.chosen: dict[str, Candidate] = {}
        self.not_taken: dict[str, Excluded] = {}

    def blocked(self, c: Candidate) -> str | None:
        """The chosen alternative that rules ``c`` out, if any (and records why)."""
        other = taken_by(self.groups, c.intervention, self.chosen, self.combine)
        if other is None:
            return None
        g = group_of(self.groups, c.intervention)
        assert g is not None
        o = self.chosen[other].name
        self.not_taken.setdefault(
            c.intervention,
            Excluded(
                intervention=c.intervention,
                name=c.name,
                reason=_t(
                    f"Alternativ till {o['sv']}, som redan valts ({g.label['sv'].lower()}); "
                    "en modell per plan om inte ett skäl att kombinera anges",
                    f"An alternative to {o['en']}, already chosen ({g.label['en'].lower()}); "
                    "one model per plan unless a reason to combine is recorded",
                ),
            ),
        )
        return other

    def add(self, c: Candidate) -> None:
        self.chosen.setdefault(c.intervention, c)

    def step_candidates(
        self, steps: tuple[Step, ...], action: Action, why: Text
    ) -> list[Candidate]:
        out: dict[str, Candidate] = {}
        for step in steps:
            if step.action is action:
                for iv_id in step.interventions:
                    if iv_id not in self.chosen and iv_id not in out:
                        out[iv_id] = self.make(iv_id, why)
        return list(out.values())

    def per_need(self, needs: tuple[NeedMatch, ...]) -> list[Uncovered]:
        covered: set[str] = set()
        uncovered: list[Uncovered] = []
        for nm in needs:
            if nm.domain in covered:
                continue
            if not nm.certain:
                uncovered.append(
                    Uncovered(
                        domain=nm.domain,
                        label=nm.label,
                        reason=_t(
                            "Möjligt behov som beror på obesvarade frågor: planeras inte förrän "
                            "det är besvarat",
                            "A possible need that depends on missing answers: not planned until "
                            "they are answered",
                        ),
                    )
                )
                continue
            top = next((c for c in nm.candidates if self.blocked(c) is None), None)
            if top is not None:
                self.add(top)
                covered.update(top.covers)
            elif nm.candidates:
                skipped = "; ".join(
                    self.not_taken[c.intervention].reason["sv"] for c in nm.candidates
                )
                skipped_en = "; ".join(
                    self.not_taken[c.intervention].reason["en"] for c in nm.candidates
                )
                uncovered.append(
                    Uncovered(
                        domain=nm.domain,
                        label=nm.label,
                        reason=_t(
                            f"Alla insatser är alternativ: {skipped}",
                            f"Every intervention is an alternative: {skipped_en}",
                        ),
                    )
                )
            else:
                uncovered.append(Uncovered(domain=nm.domain, label=nm.label, reason=none_fits(nm)))
        return uncovered

    def core_roles(self, needs: tuple[NeedMatch, ...]) -> None:
        """A core actor with help for a need covered by another actor's multi-need programme
        gets its own entry (the school beside MST: "socialtjänst, polis och skola")."""
        if self.program is None:
            return
        for nm in needs:
            if not nm.certain:
                continue
            covering = [c for c in self.chosen.values() if nm.domain in c.covers]
            if not any(len(c.covers) > 1 for c in covering):
                continue  # only beside a multi-need programme (MST, A-CRA), as the issue asks
            for actor in self.program.core_actors:
                if any(c.responsible == actor for c in covering):
                    continue
                own = next(
                    (
                        c
                        for c in nm.candidates
                        if c.responsible == actor
                        and c.intervention not in self.chosen
                        and self.blocked(c) is None
                    ),
                    None,
                )
                if own is None:
                    continue
                name = self.catalogue.actor(actor).name
                by = covering[0].name
                self.add(
                    attrs.evolve(
                        own,
                        reasons=(
                            *own.reasons,
                            _t(
                                f"{name['sv']} är kärnaktör i {self.program.name['sv']} och har "
                                f"en egen insats för behovet, vid sidan av {by['sv']}",
                                f"{name['en']} is a core actor of {self.program.name['en']} "
                                f"and has an intervention of its own for the need, beside "
                                f"{by['en']}",
                            ),
                        ),
                    )
                )

    def top_up(
        self,
        needs: tuple[NeedMatch, ...],
        reached: Callable[[tuple[Candidate, ...]], bool],
        parallel: list[Candidate],
    ) -> tuple[str, ...]:
        """Add structured help with evidence (recommended or promising) for the person's needs
        until ``reached`` (the dosage figure), counting the parallel work too."""
        added: list[str] = []
        for nm in needs:
            if not nm.certain:
                continue
            for c in nm.candidates:
                if reached((*self.chosen.values(), *parallel)):
                    return tuple(added)
                if (
                    c.intervention in self.chosen
                    or c.intervention in {p.intervention for p in parallel}
                    or c.status is Status.UNCLEAR
                    or c.intensity is InterventionIntensity.LIGHT
                    or c.format is Format.PLACEMENT
                    or c.hours is None
                    or self.blocked(c) is not None
                ):
                    continue
                self.add(
                    attrs.evolve(
                        c,
                        reasons=(
                            *c.reasons,
                            _t(
                                "Tillagd för att närma sig doseringen för risknivån "
                                "(riskprincipen: mer behandlingstid vid högre risk)",
                                "Added to come nearer the dosage of the risk level (risk "
                                "principle: more treatment time at higher risk)",
                            ),
                        ),
                    )
                )
                added.append(c.intervention)
        return tuple(added)


def select(
    needs: tuple[NeedMatch, ...],
    steps: tuple[Step, ...],
    *,
    catalogue: Catalogue,
    program: ProgramProfile | None,
    make: MakeCandidate,
    combine: Mapping[str, str] = {},
    reached: Callable[[tuple[Candidate, ...]], bool] | None = None,
) -> Selection:
    """The selection (see the module docstring); ``reached`` says whether the dosage figure
    is reached (None: no top-up, at low risk or without a figure)."""
    s = _Selector(catalogue, program, make, combine)
    first = _t("Kommer först på grund av mottaglighet", "Comes first because of responsivity")
    for c in s.step_candidates(steps, Action.FIRST, first):
        s.add(c)
    uncovered = s.per_need(needs)
    s.core_roles(needs)
    parallel = s.step_candidates(
        steps,
        Action.PARALLEL,
        _t("Parallellt på grund av mottaglighet", "In parallel because of responsivity"),
    )
    added = s.top_up(needs, reached, parallel) if reached is not None else ()
    return Selection(
        chosen=(*s.chosen.values(), *parallel),
        uncovered=tuple(uncovered),
        not_taken=tuple(s.not_taken.values()),
        added=added,
    )


def none_fits(nm: NeedMatch) -> Text:
    """Why no intervention fits a need: each exclusion with its cause."""
    if not nm.excluded:
        return _t(
            "Katalogen har ingen insats för behovet.",
            "The catalogue has no intervention for this need.",
        )
    sv = "; ".join(
        f"{e.name['sv'] if e.name else e.intervention}: {e.reason['sv']}" for e in nm.excluded
    )
    en = "; ".join(
        f"{e.name['en'] if e.name else e.intervention}: {e.reason['en']}" for e in nm.excluded
    )
    return _t(f"Ingen insats passar: {sv}", f"No intervention fits: {en}")
