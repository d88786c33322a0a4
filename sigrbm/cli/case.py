"""``sigrbm case``: record the SIG case flow in a case file and show where a case stands.

``case new`` starts a case file at referral; ``case add EVENT CASE`` appends one dated event
(and the record it brings: an assessment, a consent, a plan) after every guard passed —
a refused event leaves the file byte-identical; ``case status`` and ``case due`` show the
derived state.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from typing import TYPE_CHECKING, Any, TextIO

from sigrbm.casework.flow_words import event_label
from sigrbm.cli.common import EXIT_INVALID, EXIT_OK, UsageError, report_problems, said
from sigrbm.cli.event_options import convert_pairs, converter, help_text, metavar, to_id
from sigrbm.cli.event_records import (
    RecordError,
    add_consent_options,
    add_plan_options,
    options_record,
)

if TYPE_CHECKING:
    from sigrbm.errors import Problem

#: Command-line names of the event kinds (the YAML value is the EventKind value).
EVENTS = {
    "referral": "referral",
    "screening": "screening",
    "initial-decision": "initial_decision",
    "assessment": "assessment",
    "case-decision": "case_decision",
    "parties": "parties_identified",
    "consent-given": "consent_given",
    "consent-withdrawn": "consent_withdrawn",
    "plan-fixed": "plan_fixed",
    "plan-revised": "plan_revised",
    "follow-up": "follow_up_meeting",
    "reassessment": "reassessment",
    "closure": "closure",
    "long-term-follow-up": "long_term_follow_up",
}
_RECORD_KEY = {
    "screening": "assessments",
    "assessment": "assessments",
    "reassessment": "assessments",
    "consent_given": "consents",
    "plan_fixed": "plans",
    "plan_revised": "plans",
}


def _day(value: str | None, what: str = "--date") -> dt.date:
    if value is None:
        return dt.date.today()
    from sigrbm.reading.scalars import ScalarError, parse_date

    try:  # issue 20: strictly YYYY-MM-DD (date.fromisoformat takes 20260110 and 2026W021)
        return parse_date(value)
    except ScalarError:
        raise UsageError(f"sigrbm case: error: {what} {value!r} is not YYYY-MM-DD") from None


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _pairs(values: list[str], what: str) -> list[tuple[str, str, str | None]]:
    out = []
    for v in values:
        key, sep, rest = v.partition("=")
        if not sep or not key or not rest:
            raise UsageError(f"sigrbm case: error: {what} {v!r} is not ENTRY=VALUE")
        first, _, second = rest.partition("/")
        out.append((key, first, second or None))
    return out


def build_event(args: argparse.Namespace) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """The event mapping and the records it brings, from the command line."""
    kind = EVENTS[args.event]
    event: dict[str, Any] = {"event": kind}
    records: list[tuple[str, Any]] = []
    date: dt.date | None = _day(args.date) if args.date else None
    record = None
    if getattr(args, "from_file", None):  # issue 22: located in the file, bounded
        from sigrbm.cli.record_file import RecordFileError, read_record

        try:
            args.record_file = read_record(args.from_file)
        except RecordFileError as exc:
            raise _RecordError(str(exc), exc.problems) from None
        record = args.record_file.data
    try:  # issue 21: a consent or plan given by options, goals set by options
        record = options_record(kind, args, date or dt.date.today(), record)
    except RecordError as exc:
        raise _RecordError(str(exc)) from None
    if record is not None:
        records.append((_RECORD_KEY[kind], record))
    date = _kind_fields(kind, args, record, event) or date
    if getattr(args, "reason", None):
        event["reason"] = args.reason
    if getattr(args, "note", None):
        event["note"] = args.note
    out = {"event": kind, "date": date or dt.date.today(), "author": args.author}
    out.update({k: v for k, v in event.items() if k != "event"})
    return out, records


def _kind_fields(
    kind: str, args: argparse.Namespace, record: dict[str, Any] | None, event: dict[str, Any]
) -> dt.date | None:
    """Fill the keys of one kind of event into ``event``; the date a record implies."""
    date: dt.date | None = None
    if kind == "referral":
        event["initiated_by"] = args.by
        if args.program:
            event["program"] = args.program
    elif kind in ("screening", "assessment", "reassessment"):
        instrument = args.instrument or (record or {}).get("instrument")
        if not instrument:
            raise UsageError("sigrbm case: error: give --from FILE or --instrument ID")
        event["instrument"] = instrument
        if args.date is None and record is not None and record.get("date") is not None:
            date = _day(str(record["date"]))
    elif kind in ("initial_decision", "case_decision"):
        event["decision"] = args.decision
    elif kind == "parties_identified":
        event["actors"] = _list(args.actors)
    elif kind in ("consent_given", "consent_withdrawn"):
        ref = args.consent or (record or {}).get("id")
        if not ref:
            raise UsageError("sigrbm case: error: give --from FILE or --consent ID")
        event["consent"] = ref
    elif kind in ("plan_fixed", "plan_revised"):
        ref = args.plan or (record or {}).get("id")
        if not ref:
            raise UsageError("sigrbm case: error: give --from FILE or --plan ID")
        event["plan"] = ref
        _plan_facts(args, event)
    elif kind == "follow_up_meeting":
        # issue 21: the people by their Swedish words too (ung, vardnadshavare)
        event["participants"] = [to_id("party", p) or p for p in _list(args.participants)]
        entries = []
        for entry, status, goal in convert_pairs(_pairs(args.entry, "--entry"), *_ENTRY):
            item: dict[str, Any] = {"entry": entry, "status": status}
            if goal:
                item["goal"] = goal
            entries.append(item)
        if entries:
            event["entries"] = entries
        if args.next:
            event["next_meeting"] = _day(args.next, "--next")
    elif kind == "closure":
        if args.closure:
            event["closure"] = args.closure
        if args.next:
            event["next_meeting"] = _day(args.next, "--next")
    elif kind == "long_term_follow_up":
        pairs = convert_pairs(_pairs(args.outcome, "--outcome"), "goal", None)  # issue 21
        outcomes = [{"entry": e, "outcome": o} for e, o, _ in pairs]
        event["outcomes"] = outcomes
    return date


def _plan_facts(args: argparse.Namespace, event: dict[str, Any]) -> None:
    """The plan rules' facts (issue 20): approval, copies given, police informed."""
    if args.approved:
        event["approved_by_young_person"] = True
    if _list(args.copies_to):
        event["copies_given_to"] = _list(args.copies_to)
    if args.police_informed:
        event["police_informed"] = _day(args.police_informed, "--police-informed")


class _RecordError(Exception):
    def __init__(self, text: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(text)
        self.problems = problems  # issue 22: located problems, reported as every problem is


def cmd_case_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import yaml

    from sigrbm.case.model import check_case_text

    day = _day(args.date)
    data: dict[str, Any] = {"format_version": 1, "case_id": args.case_id}
    if args.program:
        data["program"] = args.program
    if args.birth:
        data["subject"] = {"birth_year_month": args.birth}
    data["history"] = [
        {"event": "referral", "date": day, "author": args.author, "initiated_by": args.by}
    ]
    text = (
        "# SIG case file (pseudonymous: no names, no personnummer). See docs/case-format.md.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    )
    case, _, problems = check_case_text(text, args.file)
    if problems or case is None:
        report_problems(problems, err)
        return EXIT_INVALID
    try:
        fd = os.open(args.file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        err.write(f"{args.file}: exists already; nothing written\n")
        return EXIT_INVALID
    except OSError as exc:
        err.write(f"{args.file}: cannot create ({exc.strerror})\n")
        return EXIT_INVALID
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    from sigrbm.cli.confirm import created

    out.write(f"{args.file}: {created(case.case_id, args.lang)}\n")  # issue 21
    return EXIT_OK


def cmd_case_add(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.casework.case_edit import EditRefusedError, commit, prepare, read_snapshot
    from sigrbm.casework.program import load_program
    from sigrbm.errors import SigrbmError

    try:
        event, records = build_event(args)
    except _RecordError as exc:
        from sigrbm.errors import safe_message

        if exc.problems:
            report_problems(exc.problems, err)
            return EXIT_INVALID
        lines = str(exc).splitlines()  # issue 22: an ENTRY is never echoed raw
        err.write("".join(f"{safe_message(line)}\n" for line in lines))
        return EXIT_INVALID
    try:
        snap = read_snapshot(args.case)
    except (OSError, UnicodeDecodeError) as exc:
        err.write(f"{args.case}: cannot read ({getattr(exc, 'strerror', None) or exc})\n")
        return EXIT_INVALID
    program = None
    if args.program:  # overrides the program the file names (the one check notes it)
        try:
            program = load_program(args.program)
        except SigrbmError as exc:
            err.write(f"sigrbm case add: {str(exc).splitlines()[0]}\n")
            return EXIT_INVALID
    edit = prepare(snap, [*records, ("history", event)], program)
    from sigrbm.cli.record_file import relocate

    problems = relocate(  # the one check: the whole file, added answers included; issue 22:
        edit.problems,  # a problem of the record at its place in the record's file
        snap.text,
        str(snap.path),
        [*records, ("history", event)],
        getattr(args, "record_file", None),
    )
    if problems or edit.text is None:
        report_problems(problems, err)
        head = (
            "händelsen vägras; filen är oförändrad"
            if args.lang == "sv"
            else "event refused; the file is unchanged"
        )
        err.write(f"{args.case}: {head}\n")
        return EXIT_INVALID
    try:
        commit(snap, edit.text)
    except EditRefusedError as exc:
        err.write(f"{exc.problem.told(args.lang)}\n")  # issue 21: in the run's language
        return EXIT_INVALID
    except OSError as exc:
        err.write(f"{args.case}: cannot write ({exc.strerror}); the file is unchanged\n")
        return EXIT_INVALID
    assert edit.case is not None
    from sigrbm.case.history import EventKind
    from sigrbm.casework.flow import EVENT_NAMES
    from sigrbm.casework.plan_rules import plan_event_name
    from sigrbm.cli.confirm import next_step

    kind = EventKind(event["event"])
    name = plan_event_name(kind, edit.program) or EVENT_NAMES[kind]  # "Genomförandeplan …"
    label = name[args.lang]
    added = "tillagd som händelse" if args.lang == "sv" else "added as event"
    step = next_step(edit.case, edit.program, dt.date.today(), args.lang)  # issue 21
    out.write(f"{args.case}: {label} {event['date']} {added} {len(edit.case.history)}{step}\n")
    return EXIT_OK


def cmd_case_status(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.casework.flow_file import state_of_file
    from sigrbm.documents.text_flow import render_status, state_json

    got = state_of_file(args.case, args.program, _day(args.date))
    if got.problems:
        report_problems(got.problems, err)
        return EXIT_INVALID
    if got.error or got.state is None or got.case is None or got.program is None:
        err.write(f"{args.case}: {said(got.error)}\n")
        return EXIT_INVALID
    for note in got.notes:
        err.write(f"{args.case}: {note}\n")
    if args.format == "json":
        out.write(state_json(got.state))
    else:
        out.write(render_status(got.state, got.case, got.program, args.lang))
    return EXIT_OK


def cmd_case_due(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.casework.flow_file import due_in_folder
    from sigrbm.documents.text_flow import due_json, render_due

    if not os.path.isdir(args.folder):
        err.write(f"{args.folder}: not a folder\n")
        return EXIT_INVALID
    items, bad = due_in_folder(args.folder, _day(args.date), args.program)
    out.write(due_json(items) if args.format == "json" else render_due(items, args.lang))
    from sigrbm.cli.confirm import skipped_notes

    skipped_notes(args.folder, args.lang, err)  # issue 21
    for b in bad:
        report_problems(b.problems, err)
        if b.error:
            err.write(f"{b.file}: {said(b.error)}\n")
    return EXIT_INVALID if bad else EXIT_OK


def cmd_case_minutes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.casework.flow_file import state_of_file
    from sigrbm.documents.render import render
    from sigrbm.documents.views import RenderError
    from sigrbm.documents.views_flow import minutes_view
    from sigrbm.reading.atomic import write_atomic

    got = state_of_file(args.case, args.program, dt.date.today())
    if got.problems:
        report_problems(got.problems, err)
        return EXIT_INVALID
    if got.error or got.case is None or got.program is None:
        err.write(f"{args.case}: {said(got.error)}\n")
        return EXIT_INVALID
    from sigrbm.casework.catalogue import load_catalogue

    try:
        view = minutes_view(got.case, args.meeting, got.program, load_catalogue(), args.lang)
        text = render(f"minutes.{args.format}.j2", view)
    except RenderError as exc:
        err.write(f"{args.case}: {exc}\n")
        return EXIT_INVALID
    if args.out:
        write_atomic(args.out, text)
    else:
        out.write(text)
    return EXIT_OK


def add_case_commands(sub: Any) -> None:
    """The ``case`` group and its subcommands (called from ``cli.main``)."""
    c = sub.add_parser(
        "case",
        help="record the SIG case flow and show where a case stands",
        description="Start a case file at referral, add dated events (each checked by the "
        "flow's guards; a refused event leaves the file unchanged), show the status of a case "
        "and what is due across a folder.",
    )
    cs = c.add_subparsers(dest="case_command", metavar="SUBCOMMAND", parser_class=sub._parser_class)
    n = cs.add_parser("new", help="start a case file at referral")
    n.add_argument("file", metavar="FILE", help="the new case file (refused if it exists)")
    n.add_argument("--case-id", required=True, help="a pseudonymous case id")
    n.add_argument("--by", required=True, **_values("initiator", "who initiated it"))
    n.add_argument("--author", required=True, help="your role or pseudonymous staff id")
    n.add_argument("--program", metavar="NAME", help="program profile id (e.g. skovde)")
    n.add_argument("--birth", metavar="YYYY-MM", help="birth year and month")
    n.add_argument("--date", metavar="YYYY-MM-DD", help="referral date (default: today)")
    n.add_argument("--lang", choices=("sv", "en"), default="sv")
    n.set_defaults(func=cmd_case_new)

    a = cs.add_parser("add", help="add one dated event to a case file")
    events = a.add_subparsers(dest="event", metavar="EVENT", parser_class=sub._parser_class)
    for cli_name, kind in EVENTS.items():
        e = events.add_parser(cli_name, help=f"record: {event_label(kind, 'en')}")
        e.add_argument("case", metavar="CASE", help="the case file to add to")
        e.add_argument("--author", required=True, help="your role or pseudonymous staff id")
        e.add_argument("--date", metavar="YYYY-MM-DD", help="event date (default: today)")
        e.add_argument("--note", help="a short note (never echoed in messages)")
        e.add_argument("--program", metavar="NAME", help="program profile, if the case names none")
        e.add_argument("--lang", choices=("sv", "en"), default="sv")
        _event_options(e, kind)
        e.set_defaults(func=cmd_case_add)

    st = cs.add_parser("status", help="where a case stands: step, done, due, blockers")
    st.add_argument("case", metavar="CASE", help="case file or example:NAME")
    st.add_argument("--program", metavar="NAME", help="program profile (default: the case's)")
    st.add_argument("--date", metavar="YYYY-MM-DD", help="as of this day (default: today)")
    st.add_argument("--format", choices=("text", "json"), default="text")
    st.add_argument("--lang", choices=("sv", "en"), default="sv")
    st.set_defaults(func=cmd_case_status)

    d = cs.add_parser("due", help="follow-ups due or overdue across a folder of case files")
    d.add_argument("folder", metavar="FOLDER")
    d.add_argument("--date", metavar="YYYY-MM-DD", help="due on or before (default: today)")
    d.add_argument("--program", metavar="NAME", help="for case files that name no program")
    d.add_argument("--format", choices=("text", "json"), default="text")
    d.add_argument("--lang", choices=("sv", "en"), default="sv")
    d.set_defaults(func=cmd_case_due)

    mi = cs.add_parser("minutes", help="minutes of a follow-up meeting, ready to print")
    mi.add_argument("case", metavar="CASE", help="case file or example:NAME")
    mi.add_argument("--meeting", type=int, metavar="N", help="the Nth meeting (default: latest)")
    mi.add_argument("--program", metavar="NAME", help="program profile (default: the case's)")
    mi.add_argument("--format", choices=("md", "html"), default="md")
    mi.add_argument("--lang", choices=("sv", "en"), default="sv")
    mi.add_argument("--out", metavar="FILE", help="write here (atomically); default stdout")
    mi.set_defaults(func=cmd_case_minutes)


_ENTRY = ("entry_status", "goal")


def _values(kind: str, english: str) -> dict[str, Any]:
    """issue 21: a value given as a Swedish word or as its id (``--by skola``)."""
    return {"type": converter(kind), "metavar": metavar(kind), "help": help_text(kind, english)}


def _event_options(e: argparse.ArgumentParser, kind: str) -> None:

    if kind == "referral":
        e.add_argument("--by", required=True, **_values("initiator", "who initiated it"))
    if kind in _RECORD_KEY:
        what = _RECORD_KEY[kind][:-1]
        e.add_argument("--from", dest="from_file", metavar="FILE", help=f"the {what} to add")
    if kind in ("screening", "assessment", "reassessment"):
        e.add_argument("--instrument", help="an assessment already in the file, by instrument")
    if kind in ("initial_decision", "case_decision"):
        e.add_argument("--decision", required=True, **_values("decision", "the decision"))
    if kind in ("initial_decision", "case_decision", "plan_revised", "closure"):
        e.add_argument("--reason", help="the reason in words (never echoed in messages)")
    if kind == "parties_identified":
        e.add_argument("--actors", required=True, help="actor ids, comma-separated")
    if kind in ("consent_given", "consent_withdrawn"):
        e.add_argument("--consent", metavar="ID", help="a consent already in the file")
    if kind == "consent_given":  # issue 21: the consent by options
        e.add_argument("--actors", help="actor ids, comma-separated")
        add_consent_options(e)
    if kind in ("plan_fixed", "plan_revised"):
        add_plan_options(e)
    if kind in ("plan_fixed", "plan_revised"):
        e.add_argument("--plan", metavar="ID", help="a plan already in the file")
        e.add_argument(  # issue 20: the program's plan rules as recorded facts
            "--approved", action="store_true", help="the young person approved the plan"
        )
        e.add_argument("--copies-to", metavar="IDS", help="who got a copy, comma-separated")
        e.add_argument("--police-informed", metavar="YYYY-MM-DD", help="police informed on")
    if kind == "follow_up_meeting":
        e.add_argument("--participants", required=True, help="roles / actor ids, comma-separated")
        e.add_argument(
            "--entry",
            action="append",
            default=[],
            metavar="ENTRY=STATUS[/GOAL]",
            help="a plan entry's status (planned, ongoing, done, stopped) and short-term goal "
            "(met, partly, not_met)",
        )
        e.add_argument("--next", metavar="YYYY-MM-DD", help="next meeting date")
    if kind == "closure":
        e.add_argument("--closure", **_values("closure", "the reason for closure"))
        e.add_argument("--next", metavar="YYYY-MM-DD", help="date of the long-term follow-up")
    if kind == "long_term_follow_up":
        e.add_argument(
            "--outcome",
            action="append",
            default=[],
            metavar="ENTRY=OUTCOME",
            help="a long-term goal's outcome (met, partly, not_met)",
        )
