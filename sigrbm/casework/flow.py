"""The state of a SIG case, derived from its history: ``case_state(case, program)``.

The state is never stored. It gives the current step of the ärendegång (1–11, titles from the
SIG:RBM handbook's table of contents, see ``sigrbm.case.history``), which steps are done (and
which are only implied by later records, as in a file without history), what is due (the next
follow-up meeting, the long-term follow-up) with overdue flags, and what blocks the next step,
each with a reason in Swedish and English that uses labels, not ids.
"""

from __future__ import annotations

import datetime as _dt
import enum

import attrs

from sigrbm.case.history import ClosureReason, Decision, Event, EventKind, GoalStatus
from sigrbm.case.history_check import current_plan, progress
from sigrbm.case.model import Case
from sigrbm.case.records import ActionPlan
from sigrbm.casework import flow_words
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.consent import ConsentReport
from sigrbm.casework.flow_consent import case_consent
from sigrbm.casework.plan_rules import plan_event, plan_rule_gaps
from sigrbm.casework.program import ProgramProfile
from sigrbm.reading.text import Text

K = EventKind
#: Each event's name (issue 23: defined in flow_words, which the command line's help imports)
EVENT_NAMES = flow_words.EVENT_NAMES
#: The version of the case-state JSON (``sigrbm case status --format json``).
STATE_FORMAT_VERSION = 1
#: Weeks from closure to the long-term follow-up when the closure names no date. The handbook
#: interval was not found; this is a local default (docs/case-format.md).
LONG_TERM_WEEKS = 26

STEPS: dict[int, Text] = {
    1: Text.of(sv="Identifiera målgruppen med Check: IRK", en="Screening with Check: IRK"),
    2: Text.of(sv="Samordnaren tar initialt beslut", en="The coordinator's initial decision"),
    3: Text.of(sv="Systematisk bedömning (Check: RBMK)", en="Systematic assessment (Check: RBMK)"),
    4: Text.of(sv="Beslut om ärendet", en="Decision on the case"),
    5: Text.of(sv="Nödvändiga parter identifieras", en="The parties needed are identified"),
    6: Text.of(sv="Samtycke skrivs under", en="Consent is signed"),
    7: Text.of(sv="Planering efter samtycke", en="Planning after consent"),
    8: Text.of(sv="Åtgärdsplanen fastställs", en="The action plan is fixed"),
    9: Text.of(
        sv="Insatser genomförs och uppföljningsmöten hålls",
        en="Interventions run and follow-up meetings are held",
    ),
    10: Text.of(
        sv="Kortsiktiga mål uppnådda, eventuellt avslut",
        en="Short-term goals met, possible closure",
    ),
    11: Text.of(sv="Uppföljning av långsiktiga mål", en="Follow-up of long-term goals"),
}
_DONE_BY: dict[EventKind, tuple[int, ...]] = {
    K.SCREENING: (1,),
    K.INITIAL_DECISION: (2,),
    K.ASSESSMENT: (3,),
    K.CASE_DECISION: (4,),
    K.PARTIES_IDENTIFIED: (5,),
    K.CONSENT_GIVEN: (6,),
    K.PLAN_FIXED: (7, 8),
    K.CLOSURE: (10,),
    K.LONG_TERM_FOLLOW_UP: (11,),
}


class Status(enum.Enum):
    """Where the case as a whole stands."""

    REFERRED = "referred"
    OPEN = "open"
    DECLINED = "declined"
    CLOSED = "closed"
    FINISHED = "finished"


CLOSURE_NAMES = {
    ClosureReason.GOALS_MET: Text.of(sv="målen uppnådda", en="goals met"),
    ClosureReason.CONSENT_WITHDRAWN: Text.of(sv="samtycket återkallat", en="consent withdrawn"),
    ClosureReason.MOVED: Text.of(sv="flyttat", en="moved"),
    ClosureReason.DID_NOT_TAKE_PART: Text.of(sv="deltog inte", en="did not take part"),
    ClosureReason.OTHER: Text.of(sv="annat skäl", en="another reason"),
}

STATUS_NAMES = {
    Status.REFERRED: Text.of(sv="aktualiserat", en="referred"),
    Status.OPEN: Text.of(sv="pågående", en="open"),
    Status.DECLINED: Text.of(sv="avböjt", en="declined"),
    Status.CLOSED: Text.of(sv="avslutat", en="closed"),
    Status.FINISHED: Text.of(sv="helt avslutat", en="finished"),
}


@attrs.frozen(kw_only=True)
class StepDone:
    """A step that is done: when, and whether it is only implied by later records."""

    step: int
    name: Text
    date: _dt.date | None
    implied: bool


@attrs.frozen(kw_only=True)
class Due:
    """Something due on a date: a follow-up meeting or the long-term follow-up."""

    kind: str  # "follow_up_meeting" | "long_term_follow_up"
    name: Text
    date: _dt.date
    overdue: bool


@attrs.frozen(kw_only=True)
class Blocker:
    """What keeps the case from its next step, with the reason in words."""

    kind: str
    step: int
    message: Text
    actor: str | None = None
    entry: str | None = None


@attrs.frozen(kw_only=True)
class CaseState:
    """The derived state of one case on one day."""

    case_id: str
    program: str
    as_of: _dt.date
    status: Status
    step: int | None
    step_name: Text | None
    done: tuple[StepDone, ...]
    due: tuple[Due, ...]
    blockers: tuple[Blocker, ...]
    plan: str | None
    meetings: int
    #: why the case was closed (a ClosureReason value), when it is
    closure: str | None = None


def _label(catalogue: Catalogue | None, actor: str, lang: str) -> str:
    if actor == "young_person":
        return {"sv": "den unga", "en": "the young person"}[lang]
    if actor == "guardian":
        return {"sv": "vårdnadshavare", "en": "guardian"}[lang]
    if catalogue is not None:
        try:
            return catalogue.actor(actor).name.get(lang) or actor
        except KeyError:
            pass
    return actor


def _entry_label(catalogue: Catalogue | None, entry: str, lang: str) -> str:
    if catalogue is not None:
        try:
            return catalogue.intervention(entry).name.get(lang) or entry
        except KeyError:
            pass
    return entry


def _cycle(case: Case) -> tuple[Event, ...]:
    """The events since the last referral that reopened a closed case (or all)."""
    start = 0
    ended = False
    for i, ev in enumerate(case.history):
        if ev.event is K.REFERRAL and ended:
            start, ended = i, False
        elif ev.event is K.CLOSURE or ev.decision is Decision.DECLINE:
            ended = True
    return case.history[start:]


def _implied(case: Case) -> dict[int, _dt.date]:
    """Steps a file without history implies through its records."""
    out: dict[int, _dt.date] = {}
    for a in case.assessments:
        step = 1 if a.instrument == "check-irk" else 3
        out[step] = min(out.get(step, a.date), a.date)
    for c in case.consents:
        out[6] = min(out.get(6, c.date), c.date)
    for p in case.plans:
        out[8] = min(out.get(8, p.date), p.date)
    return out


def case_state(
    case: Case,
    program: ProgramProfile,
    today: _dt.date | None = None,
    catalogue: Catalogue | None = None,
) -> CaseState:
    """The state of ``case`` under ``program`` on ``today`` (default: the real today)."""
    day = today or _dt.date.today()
    events = _cycle(case)
    dates: dict[int, _dt.date] = {}
    status = Status.REFERRED
    meetings = 0
    closure: Event | None = None
    for ev in events:
        if ev.decision is Decision.DECLINE:
            status = Status.DECLINED
            continue
        if ev.event is K.CLOSURE and 8 not in dates:
            closure = ev  # closed before a plan: nothing more to follow up
            continue
        for s in _DONE_BY.get(ev.event, ()):
            if s == 10 and ev.closure is not ClosureReason.GOALS_MET:
                continue  # step 10 is done only when the short-term goals are met
            dates.setdefault(s, ev.date)
        if ev.event is K.FOLLOW_UP_MEETING:
            meetings += 1
        if ev.event is K.CLOSURE:
            closure = ev
    if not case.history:
        dates = _implied(case)
    cur = current_plan(case)
    plan = cur[1] if cur is not None and (8 in dates) else None
    if plan is not None and 9 not in dates:
        reached = progress(case, plan)
        if reached and all(p.goal is GoalStatus.MET and p.date for p in reached):
            dates[9] = max(p.date for p in reached if p.date is not None)
    if 10 in dates and 9 not in dates:
        dates[9] = dates[10]
    top = max(dates, default=0)
    skipped = set(program.steps_skipped)
    # issue 20: in a case with history nothing is implied (the guards refuse a gap, C718);
    # a file without history implies the steps before its records, marked as such
    done = tuple(
        StepDone(step=s, name=STEPS[s], date=dates.get(s), implied=s not in dates)
        for s in range(1, top + 1)
        if s in dates or (not case.history and s not in skipped)
    )
    if status is not Status.DECLINED:
        if 11 in dates:
            status = Status.FINISHED
        elif closure is not None:
            status = Status.CLOSED
        elif top:
            status = Status.OPEN
    due = _due(events, plan, program, closure, day)
    step: int | None = min(top + 1, 11)
    while step in skipped:
        step += 1
    if status in (Status.FINISHED, Status.DECLINED) or (status is Status.CLOSED and not due):
        step = None
    elif status is Status.CLOSED:  # whatever the closure's reason: the long-term follow-up
        step = 11
    blockers = _blockers(
        case, events=events, step=step, plan=plan, day=day, cat=catalogue, program=program
    )
    return CaseState(
        case_id=case.case_id,
        program=program.id,
        as_of=day,
        status=status,
        step=step,
        step_name=STEPS[step] if step is not None else None,
        done=done,
        due=due,
        blockers=blockers if step is not None else (),
        plan=plan.id if plan is not None else None,
        meetings=meetings,
        closure=closure.closure.value if closure is not None and closure.closure else None,
    )


_MEETING = Text.of(sv="Uppföljningsmöte", en="Follow-up meeting")
_LONG_TERM = Text.of(sv="Uppföljning av långsiktiga mål", en="Follow-up of long-term goals")


def _due(
    events: tuple[Event, ...],
    plan: ActionPlan | None,
    program: ProgramProfile,
    closure: Event | None,
    day: _dt.date,
) -> tuple[Due, ...]:
    if plan is None:
        return ()
    if closure is None:
        when = plan.next_follow_up
        for ev in events:
            if ev.event is K.FOLLOW_UP_MEETING and ev.date >= plan.date:
                when = ev.next_meeting or ev.date + _dt.timedelta(weeks=program.follow_up_weeks)
        return (Due(kind="follow_up_meeting", name=_MEETING, date=when, overdue=when < day),)
    if any(ev.event is K.LONG_TERM_FOLLOW_UP for ev in events):
        return ()
    if not any(e.long_term_goal for e in plan.entries):
        return ()
    when = closure.next_meeting or closure.date + _dt.timedelta(weeks=LONG_TERM_WEEKS)
    return (Due(kind="long_term_follow_up", name=_LONG_TERM, date=when, overdue=when < day),)


def _text(sv: str, en: str) -> Text:
    return Text.of(sv=sv, en=en)


def _blockers(
    case: Case,
    *,
    events: tuple[Event, ...],
    step: int | None,
    plan: ActionPlan | None,
    day: _dt.date,
    cat: Catalogue | None,
    program: ProgramProfile,
) -> tuple[Blocker, ...]:
    if step is None:
        return ()
    simple = {
        1: ("no_screening", "ingen screening med Check: IRK är registrerad",
            "no screening with Check: IRK is recorded"),
        2: ("no_initial_decision", "samordnarens initiala beslut saknas",
            "the coordinator's initial decision is not recorded"),
        3: ("no_assessment", "ingen bedömning med Check: RBMK är registrerad",
            "no assessment with Check: RBMK is recorded"),
        4: ("no_case_decision", "beslut om ärendet saknas",
            "the decision on the case is not recorded"),
        5: ("no_parties", "de parter som behövs är inte identifierade",
            "the parties needed are not identified"),
    }  # fmt: skip
    if step in simple:
        kind, sv, en = simple[step]
        return (Blocker(kind=kind, step=step, message=_text(sv, en)),)
    out: list[Blocker] = []
    if step == 6 or step in (7, 8):
        parties: tuple[str, ...] = ()
        for ev in events:
            if ev.event is K.PARTIES_IDENTIFIED:
                parties = ev.actors
        gate = case_consent(case, parties, day, program, cat)
        for gap in gate.uncovered:
            out.append(
                Blocker(
                    kind="no_consent",
                    step=6,
                    actor=gap.actor,
                    message=_no_consent(cat, gap.actor, gate),
                )
            )
        if step == 6 and not out:
            out.append(
                Blocker(
                    kind="no_consent_recorded",
                    step=6,
                    message=_text("inget samtycke är registrerat", "no consent is recorded"),
                )
            )
    if step in (7, 8):
        draft = case.plans[-1] if case.plans else None
        if draft is None:
            out.append(
                Blocker(
                    kind="no_plan",
                    step=8,
                    message=_text("ingen åtgärdsplan är fastställd", "no action plan is fixed"),
                )
            )
        else:
            out.extend(_plan_gaps(case, draft, day, cat, program))
    if step in (9, 10) and plan is not None:
        for rule in plan_rule_gaps(case, program, plan_event(case, plan.id), cat):
            out.append(Blocker(kind="plan_rule_not_recorded", step=9, message=rule.message))
        gate = case_consent(case, [e.actor for e in plan.entries], day, program, cat)
        for gap in gate.uncovered:
            out.append(
                Blocker(
                    kind="no_consent",
                    step=9,
                    actor=gap.actor,
                    message=_no_consent(cat, gap.actor, gate),
                )
            )
        for n, p in enumerate(progress(case, plan), start=1):
            if p.goal is not GoalStatus.MET:
                sv, en = _entry_label(cat, p.entry, "sv"), _entry_label(cat, p.entry, "en")
                out.append(
                    Blocker(
                        kind="short_term_goal_not_met",
                        step=10,
                        entry=p.entry,
                        message=_text(
                            f"det kortsiktiga målet för insats {n} ({sv}) är inte uppnått",
                            f"the short-term goal of entry {n} ({en}) is not met",
                        ),
                    )
                )
    return tuple(out)


def _no_consent(cat: Catalogue | None, actor: str, gate: ConsentReport) -> Text:
    """Which actor no consent covers, and what is missing (party, information kind)."""
    sv, en = _label(cat, actor, "sv"), _label(cat, actor, "en")
    gap = next((a.missing for a in gate.actors if a.actor == actor and a.missing), None)
    if gap is None:
        return _text(f"inget giltigt samtycke omfattar {sv}", f"no valid consent covers {en}")
    # the gate names the actor by id at the end of "no consent … covering <id>": use the label
    why_sv = gap["sv"].replace(f" som omfattar {actor}", "")
    why_en = gap["en"].replace(f" covering {actor}", "")
    return _text(
        f"inget giltigt samtycke omfattar {sv}: {why_sv}",
        f"no valid consent covers {en}: {why_en}",
    )


def _plan_gaps(
    case: Case, plan: ActionPlan, day: _dt.date, cat: Catalogue | None, program: ProgramProfile
) -> list[Blocker]:
    out: list[Blocker] = []
    gate = case_consent(case, [e.actor for e in plan.entries], day, program, cat)
    uncovered = {a.actor for a in gate.uncovered}
    for n, e in enumerate(plan.entries, start=1):
        if not (e.short_term_goal or "").strip():
            out.append(
                Blocker(
                    kind="no_short_term_goal",
                    step=8,
                    entry=e.intervention,
                    message=_text(
                        f"planen saknar kortsiktigt mål för insats {n} "
                        f"({_entry_label(cat, e.intervention, 'sv')})",
                        f"the plan has no short-term goal for entry {n} "
                        f"({_entry_label(cat, e.intervention, 'en')})",
                    ),
                )
            )
        if e.actor in uncovered:
            out.append(
                Blocker(
                    kind="no_consent",
                    step=8,
                    actor=e.actor,
                    entry=e.intervention,
                    message=_no_consent(cat, e.actor, gate),
                )
            )
    if not out:
        out.append(
            Blocker(
                kind="plan_not_fixed",
                step=8,
                message=_text(
                    "planen är ett utkast tills den fastställs (sigrbm case add plan-fixed)",
                    "the plan is a draft until it is fixed (sigrbm case add plan-fixed)",
                ),
            )
        )
    return out
