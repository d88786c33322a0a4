"""Records of case events built from options, so that no event needs a YAML file (issue 21).

* ``case add consent-given CASE --given-by ung --actors skola,polis --information skolgang
  --valid-until 2027-03-01`` builds the consent record (id ``samtycke-<who>-<date>`` unless
  ``--id`` names one);
* ``case add plan-fixed CASE [--goal ENTRY=TEXT] [--long-goal ENTRY=TEXT]`` drafts the plan
  as ``sigrbm plan`` does (the program's goal suggestions as goals), sets the goals given and
  fixes it; ``plan-revised`` starts from the plan in force. With ``--from FILE`` the goals
  are set on the plan in the file. ``--combine GROUP=REASON`` records a reason to take more
  than one of a group of alternatives on the plan (issue 25: the drafted plan takes them; a
  revision of the plan in force records why it already holds them).

What the flow's guards and the case check say about the record is reported as for any
record: the options only save typing a file.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from sigrbm.cli.casework import add_combine_option, combine_option
from sigrbm.cli.common import said
from sigrbm.cli.event_options import converter, help_text, metavar


class RecordError(Exception):
    """A record cannot be built from the options (the message says why, in Swedish)."""


def add_consent_options(e: argparse.ArgumentParser) -> None:
    """The options of ``consent-given`` that build the consent record."""
    e.add_argument(
        "--given-by",
        type=converter("party"),
        metavar=metavar("party"),
        help=help_text("party", "who consents"),
    )
    e.add_argument(
        "--information",
        metavar="KINDS",
        help="the kinds of information covered, comma-separated (skolgang, brottsmisstankar, "
        "halsa, socialtjanst)",
    )
    e.add_argument("--valid-until", metavar="YYYY-MM-DD", help="the last day it is valid")
    e.add_argument("--id", dest="record_id", metavar="ID", help="the consent's id")


def add_plan_options(e: argparse.ArgumentParser) -> None:
    """The options of ``plan-fixed`` / ``plan-revised`` that set goals without a file."""
    e.add_argument(
        "--goal",
        action="append",
        default=[],
        metavar="ENTRY=TEXT",
        help="the short-term goal of a plan entry (repeatable)",
    )
    e.add_argument(
        "--long-goal",
        action="append",
        default=[],
        metavar="ENTRY=TEXT",
        help="the long-term goal of a plan entry (repeatable)",
    )
    e.add_argument("--coordinator", metavar="ID", help="pseudonymous id of the coordinator")
    add_combine_option(e)  # issue 25: the reason to combine alternatives, on the plan


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def consent_record(args: argparse.Namespace, day: dt.date) -> dict[str, Any]:
    """The consent record the options describe (its date is the event's date)."""
    actors = _list(getattr(args, "actors", None))
    if not actors:
        raise RecordError("ange --actors: de aktörer samtycket omfattar, kommaseparerade")
    record: dict[str, Any] = {
        "id": args.record_id or f"samtycke-{args.given_by.replace('_', '-')}-{day}",
        "given_by": args.given_by,
        "date": day,
        "actors": actors,
        "information": _list(args.information),
    }
    if args.valid_until:
        try:
            until = dt.date.fromisoformat(args.valid_until)
        except ValueError:
            until = None
        if until is None or len(args.valid_until) != len("YYYY-MM-DD"):
            raise RecordError(f"--valid-until {args.valid_until!r} är inte ÅÅÅÅ-MM-DD")
        record["valid_until"] = until
    return record


def goal_texts(values: list[str], what: str) -> dict[str, str]:
    """``ENTRY=TEXT`` options by entry; :class:`RecordError` for one without ``=``."""
    out: dict[str, str] = {}
    for v in values:
        entry, sep, text = v.partition("=")
        if not sep or not entry.strip() or not text.strip():
            raise RecordError(f"{what} {v!r} är inte INSATS=TEXT")
        if entry.strip() in out:  # issue 22: never silently the last one
            raise RecordError(f"{what} ges två gånger för insatsen {entry.strip()!r}")
        out[entry.strip()] = text.strip()
    return out


def drafted_plan(  # noqa: PLR0917 -- one call site, the options in order
    case_path: str,
    program: str,
    day: dt.date,
    coordinator: str | None,
    lang: str,
    combine: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The plan ``sigrbm plan CASE --format yaml`` would draft on ``day``, as plain data."""
    from sigrbm.casework.case_file import planned
    from sigrbm.casework.plan_goals import with_suggested_goals

    got = planned(case_path, None, program, day, coordinator, combine=combine)
    if got.problems:
        raise RecordError("\n".join(str(p) for p in got.problems))
    refusal = got.refusal(lang)  # issue 21: actors by name, in the run's language
    if refusal is not None:
        then = (
            "registrera samtycket först (sigrbm case add consent-given)"
            if lang == "sv"
            else "record the consent first (sigrbm case add consent-given)"
        )
        raise RecordError(f"{case_path}: {refusal}\n{then}" if got.refused else refusal)
    if got.error or got.outcome is None:
        raise RecordError(f"{case_path}: {said(got.error, lang)}")
    plan = with_suggested_goals(got.outcome.plan, got.outcome.goals, lang)
    return plan.to_dict()


def plan_in_force(case_path: str, day: dt.date) -> dict[str, Any]:
    """The plan in force in the case file, as a new revision dated ``day``."""
    from sigrbm.case.history_check import current_plan
    from sigrbm.case.model import check_case_file

    case, _, problems = check_case_file(case_path)
    if case is None or problems:
        raise RecordError("\n".join(str(p) for p in problems))
    found = current_plan(case)
    if found is None:
        raise RecordError(f"{case_path}: ingen fastställd plan att revidera")
    data = found[1].to_dict()
    data["id"] = f"{found[1].id}-rev-{day}"
    data["date"] = day
    return data


def options_record(
    kind: str, args: argparse.Namespace, day: dt.date, record: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The record an event brings when given by options (None when it brings none): a
    consent from ``--given-by …``, a plan drafted (or the plan in force, revised) with the
    goals of ``--goal`` / ``--long-goal`` — set on ``record`` when it came from a file."""
    try:
        return _options_record(kind, args, day, record)
    except RecordError as exc:
        text = str(exc)
        raise RecordError(text if text.startswith(args.case) else f"{args.case}: {text}") from None


def _options_record(
    kind: str, args: argparse.Namespace, day: dt.date, record: dict[str, Any] | None
) -> dict[str, Any] | None:
    if kind == "consent_given" and record is None and getattr(args, "given_by", None):
        return consent_record(args, day)
    if kind not in ("plan_fixed", "plan_revised"):
        return record
    short = goal_texts(args.goal, "--goal")
    long = goal_texts(args.long_goal, "--long-goal")
    combine = combine_option(args, "case add")
    if record is None and args.plan:
        if short or long or combine:
            raise RecordError(
                "--goal, --long-goal och --combine gäller en ny plan; utelämna --plan"
            )
        return None
    if record is None:
        if kind == "plan_revised":
            record = plan_in_force(args.case, day)
        else:
            record = drafted_plan(
                args.case, _program(args), day, args.coordinator, args.lang, combine
            )
    if combine:
        kept = [
            c
            for c in record.get("combined") or []
            if not (isinstance(c, dict) and c.get("group") in combine)
        ]
        record["combined"] = [*kept, *({"group": g, "reason": r} for g, r in combine.items())]
    from sigrbm.casework.plan_goals import set_goals, unknown_entries

    missing = unknown_entries(record, [*short, *long])
    if missing:
        have = [e.get("intervention") for e in record.get("entries") or [] if isinstance(e, dict)]
        raise RecordError(
            f"ingen insats {', '.join(missing)} i planen; insatserna är "
            f"{', '.join(str(h) for h in have)}"
        )
    return set_goals(record, short, long)


def _program(args: argparse.Namespace) -> str:
    """The program to draft a plan for: ``--program``, else the case file's."""
    if args.program:
        return str(args.program)
    from sigrbm.case.model import check_case_file
    from sigrbm.casework.case_check import NO_PROGRAM, program_of

    case, _, _ = check_case_file(args.case)
    name = program_of(case) if case is not None else None
    if name is None:
        raise RecordError(f"{args.case}: {said(NO_PROGRAM, args.lang)}")
    return name
