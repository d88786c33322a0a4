"""Commands that match needs to interventions and make plans: match, plan."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from sigrbm.cli.common import EXIT_INVALID, EXIT_OK, UsageError, report_problems, said


def add_report_data_options(report: argparse.ArgumentParser) -> None:
    """``--catalogue``, ``--programs``, ``--age-exception`` and ``--combine`` on report."""
    _local_data(report)
    _age_exception(report)
    add_combine_option(report)


def _age_exception(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--age-exception",
        metavar="REASON",
        help="make the plan although the age is outside the program's ages; the reason is "
        "recorded and printed on the plan",
    )


def _local_data(*parsers: argparse.ArgumentParser) -> None:
    for p in parsers:
        p.add_argument(
            "--catalogue",
            metavar="PATH",
            help="a local catalogue: a folder with interventions.yaml (and actors.yaml) or an "
            "interventions file (an actors.yaml beside it is used, else the bundled actors)",
        )
        p.add_argument(
            "--programs",
            metavar="DIR",
            help="a folder of local program profiles, searched before the bundled ones",
        )


def add_local_data_options(match: argparse.ArgumentParser, plan: argparse.ArgumentParser) -> None:
    """``--catalogue``, ``--programs``, ``--combine`` on match and plan; ``--age-exception``
    on plan."""
    _local_data(match, plan)
    _age_exception(plan)
    add_combine_option(match, plan)


def add_combine_option(*parsers: argparse.ArgumentParser) -> None:
    """``--combine GROUP=REASON`` (repeatable): a reason to take more than one of a group."""
    for p in parsers:
        p.add_argument(
            "--combine",
            metavar="GROUP=REASON",
            action="append",
            default=[],
            help="take more than one intervention of a group of alternatives (e.g. "
            "familjebehandling); the reason is recorded on the plan and printed",
        )


def combine_option(args: argparse.Namespace, command: str) -> dict[str, str]:
    """The ``--combine`` values by group; a value without ``=`` is a usage error (exit 2)."""
    out: dict[str, str] = {}
    for value in getattr(args, "combine", None) or []:
        group, sep, reason = value.partition("=")
        if not sep or not group.strip() or not reason.strip():
            raise UsageError(f"sigrbm {command}: error: --combine {value!r} is not GROUP=REASON")
        out[group.strip()] = reason.strip()
    return out


def cmd_match(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.casework.case_file import matched

    got = matched(
        args.case,
        args.instrument,
        args.program,
        tuple(args.request),
        args.show_avoid,
        catalogue=getattr(args, "catalogue", None),
        programs=getattr(args, "programs", None),
        combine=combine_option(args, "match"),
    )
    if got.problems:
        report_problems(got.problems, err)
        return EXIT_INVALID
    for note in got.notes:
        err.write(f"{args.case}: {note}\n")
    if got.error:
        err.write(f"sigrbm match: {said(got.error)}\n")
        return EXIT_INVALID
    assert got.recommendations is not None
    assert got.catalogue is not None
    if args.format == "json":
        from sigrbm.interop.json_format import dump_document

        out.write(dump_document("sigrbm-recommendations", got.recommendations))
        return EXIT_OK
    from sigrbm.documents.text_plan import render_recommendations

    out.write(
        render_recommendations(
            got.recommendations, got.catalogue, args.lang, markdown=args.format == "markdown"
        )
    )
    return EXIT_OK


def cmd_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import datetime as dt

    from sigrbm.casework.case_file import planned
    from sigrbm.reading.scalars import parse_date

    try:  # issue 14: strictly YYYY-MM-DD in range (personnummer: cli/conventions.py)
        day = parse_date(args.date) if args.date else dt.date.today()
    except ValueError:
        raise UsageError(f"sigrbm plan: error: --date {args.date!r} is not YYYY-MM-DD") from None
    got = planned(
        args.case,
        args.instrument,
        args.program,
        day,
        args.coordinator,
        catalogue=getattr(args, "catalogue", None),
        programs=getattr(args, "programs", None),
        age_exception=getattr(args, "age_exception", None),
        combine=combine_option(args, "plan"),
    )
    if args.format == "json" and (got.problems or got.refused is not None or got.error):
        return _plan_refusal_json(args, got, out, err)  # issue 11
    if got.problems:
        report_problems(got.problems, err)
        return EXIT_INVALID
    refusal = got.refusal(args.lang)  # issue 21: one text, actors by name
    if refusal is not None:
        err.write(f"{args.case}: {refusal}\n")
        return EXIT_INVALID
    if got.error:
        err.write(f"sigrbm plan: {said(got.error)}\n")
        return EXIT_INVALID
    assert got.outcome is not None
    assert got.program is not None
    assert got.catalogue is not None
    for note in got.notes:
        err.write(f"{args.case}: {note}\n")
    plan_value = got.outcome.plan
    if args.format == "json":
        from sigrbm.interop.json_format import dump_document

        out.write(dump_document("sigrbm-plan", got.outcome))
        return EXIT_OK
    if args.format == "yaml":
        from sigrbm.casework.plan_goals import with_suggested_goals
        from sigrbm.interop.json_format import plan_yaml

        # issue 21: the program's goal suggestions as goals, to accept or edit
        out.write(plan_yaml(with_suggested_goals(plan_value, got.outcome.goals, args.lang)))
        return EXIT_OK
    from sigrbm.documents.text_plan import render_plan

    out.write(
        render_plan(
            plan_value,
            got.program,
            got.catalogue,
            got.outcome.consent,
            args.lang,
            markdown=args.format == "markdown",
            findings=got.outcome.findings,
            outcome=got.outcome,
            consents=got.consents,
        )
    )
    return EXIT_OK


def _plan_refusal_json(args: argparse.Namespace, got: Any, out: TextIO, err: TextIO) -> int:
    """A refused plan in ``--format json``: an object with the reasons on stdout, exit 1
    (issue 11); the same problems also go to stderr for a person."""
    import json

    from sigrbm.errors import render_path

    reasons: list[dict[str, Any]] = []
    for a in got.refused.uncovered if got.refused is not None else ():
        missing = a.missing
        reasons.append(
            {
                "kind": "not_covered",
                "actor": a.actor,
                "message": None if missing is None else {"sv": missing["sv"], "en": missing["en"]},
            }
        )
    for p in got.problems:
        reasons.append(
            {
                "kind": "problem",
                "code": p.code.value,
                "path": render_path(p.path),
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "message": p.message,
            }
        )
    if got.error and got.refused is None:
        reasons.append({"kind": "error", "message": got.error})
    doc = {
        "format": "sigrbm-plan-refusal",
        "format_version": 1,
        "value": {
            "case": args.case,
            "date": got.refused.date.isoformat() if got.refused is not None else args.date,
            "refused": True,
            "reasons": reasons,
        },
    }
    out.write(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    report_problems(got.problems, err)
    return EXIT_INVALID
