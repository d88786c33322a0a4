"""Filled documents from a case file: what ``sigrbm report`` renders."""

from __future__ import annotations

import argparse
import datetime as _dt
from collections.abc import Mapping

from sigrbm.casework.case_check import check_case
from sigrbm.casework.case_file import matched, planned
from sigrbm.documents.render import render
from sigrbm.documents.views import RenderError, plan_view, tx
from sigrbm.documents.views_consent import consent_view
from sigrbm.documents.views_report import report_view
from sigrbm.errors import Problem
from sigrbm.reading.scalars import ScalarError, parse_date

#: ``report --combine`` for a case whose plan is fixed: the stored plan is printed as stored.
_COMBINE_FIXED = (
    "--combine gäller en plan som utarbetas; ärendet har en fastställd plan, som skrivs ut "
    "med sina registrerade skäl — registrera skälet med sigrbm case add plan-revised "
    "--combine GRUPP=SKÄL (--combine applies to a drafted plan; the case has a fixed plan: "
    "record the reason with case add plan-revised --combine GROUP=REASON)"
)


def render_case_document(
    args: argparse.Namespace, *, combine: Mapping[str, str] | None = None
) -> tuple[str | None, list[Problem], str | None]:
    """(text, problems, error) for ``--document assessment|plan|consent`` (``combine``: reasons
    to take more than one of a group of alternatives, for a plan drafted here; a stored plan
    is printed with the reasons it records)."""
    template = "md.j2" if args.format == "md" else "html.j2"
    try:
        if args.document == "assessment":
            checked = check_case(args.case, program=args.program, instrument=args.instrument)
            if checked.problems:
                return None, list(checked.problems), None
            if not checked.scored:
                return None, [], "the case has no assessment yet"
            scored_items = checked.scored
            latest = max(scored_items, key=lambda s: s.assessment.date)
            notes = latest.assessment.notes
            same = [
                s
                for s in scored_items
                if s.instrument.id == latest.instrument.id
                and s.assessment.date < latest.assessment.date
            ]
            first = min(same, key=lambda s: s.assessment.date).result if same else None
            view = report_view(
                latest.result,
                latest.instrument,
                args.lang,
                notes,
                first,
                sources=latest.assessment.information_sources,
            )
            return render(f"report.{template}", view), [], None
        try:  # issue 14: strictly YYYY-MM-DD within the allowed range
            day = parse_date(args.date) if args.date else _dt.date.today()
        except ScalarError as exc:
            return None, [], f"--date: {exc.message}"
        flow = _flow_document(args, template, day, combine)  # issue 11: stored plan, consent
        if flow is not None:
            return flow
        if args.document == "plan":
            got = planned(
                args.case,
                args.instrument,
                args.program,
                day,
                catalogue=getattr(args, "catalogue", None),  # issue 12
                programs=getattr(args, "programs", None),
                age_exception=getattr(args, "age_exception", None),
                combine=combine,
            )
            if got.problems:
                return None, got.problems, None
            refusal = got.refusal(args.lang)  # issue 21: in the run's language
            if refusal is not None:
                return None, [], refusal
            if got.error or got.outcome is None or got.program is None or got.catalogue is None:
                return None, [], got.error or "no plan"
            view = plan_view(
                got.outcome.plan,
                got.program,
                got.catalogue,
                got.outcome.consent,
                args.lang,
                consents=got.consents,
            )
            view["rule_facts"] = [  # issue 20: the draft names the program's plan rules
                tx(r, args.lang, "plan rules") for r in got.outcome.rules
            ]
            return render(f"plan.{template}", view), [], None
        m = matched(
            args.case,
            args.instrument,
            args.program,
            catalogue=getattr(args, "catalogue", None),  # issue 12
            programs=getattr(args, "programs", None),
            combine=combine,
        )
        if m.problems:
            return None, m.problems, None
        if m.error or m.recommendations is None or m.program is None or m.catalogue is None:
            nothing = "inget att samtycka till" if args.lang == "sv" else "nothing to consent to"
            return None, [], m.error or nothing
        actors = tuple(
            dict.fromkeys(
                (*m.program.core_actors, *(c.responsible for c in m.recommendations.selected))
            )
        )
        actors = tuple(a for a in actors if a != "familj")
        assert m.scored is not None
        age = m.scored.assessment.age_at_date()
        view = consent_view(
            m.program,
            m.catalogue,
            actors=actors,
            age=age,
            case_id=m.recommendations.case_id,
            lang=args.lang,
        )
        return render(f"consent.{template}", view), [], None
    except ValueError:
        return None, [], f"--date {args.date!r} is not YYYY-MM-DD"
    except RenderError as exc:
        return None, [], str(exc)


def _flow_document(
    args: argparse.Namespace, template: str, day: _dt.date, combine: Mapping[str, str] | None
) -> tuple[str | None, list[Problem], str | None] | None:
    """The stored plan, or the consent form of a case with no Check: RBMK yet; None when the
    case has neither (the draft plan / matched consent form is made instead). ``combine``
    cannot change a stored plan: it is refused with the way to record a reason."""
    from sigrbm.documents.views_flow import (
        referral_consent_view,
        stored_plan,
        stored_plan_view,
    )
    from sigrbm.errors import SigrbmError

    if args.case == "-":
        return None
    try:
        got = check_case(args.case, program=args.program)
    except SigrbmError as exc:
        return None, [], str(exc).splitlines()[0]
    case = got.case
    if got.problems or case is None:
        return None, list(got.problems), None
    plan = stored_plan(case) if args.document == "plan" else None
    referral = args.document == "consent" and not any(
        a.instrument == "check-rbmk" for a in case.assessments
    )
    if plan is None and not referral:
        return None
    program, catalogue = got.program, got.catalogue
    if program is None or catalogue is None:
        return None, [], f"--document {args.document} needs --program"
    if plan is not None and combine:
        return None, [], _COMBINE_FIXED
    if plan is not None:
        view = stored_plan_view(case, plan, program, catalogue, args.lang, day=day)
        return render(f"plan.{template}", view), [], None
    view = referral_consent_view(case, program, catalogue, day, args.lang)
    return render(f"consent.{template}", view), [], None
