"""Command line: a thin layer over the library; the only place that exits or prints.

Exit codes: 0 success, 1 invalid input or a finding, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from ._cli_common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, _report, _UsageError
from ._cli_files import (
    _cmd_batch,
    _cmd_export,
    _cmd_handout,
    _cmd_report,
    _cmd_schema,
    _cmd_stats,
)
from ._version import __version__
from .instrument import bundled_paths, check_file, display_name


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of exiting, so ``main`` returns a code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="sigrbm",
        description="Structured risk–need–responsivity assessment for sociala insatsgrupper.",
    )
    parser.add_argument("--version", action="version", version=f"sigrbm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    v = sub.add_parser(
        "validate",
        help="check instrument files and report every problem",
        description="Check instrument YAML files. Exit 0 if all are valid, 1 if not.",
    )
    v.add_argument("paths", nargs="*", metavar="PATH", help="instrument YAML files")
    v.add_argument("--bundled", action="store_true", help="check the bundled instruments")
    v.set_defaults(func=_cmd_validate)

    def output_options(p: argparse.ArgumentParser, extra: tuple[str, ...] = ()) -> None:
        p.add_argument(
            "--format",
            choices=("text", "json", "markdown", *extra),
            default="text",
            help="text for a person, json for other software (docs/result-format.md), markdown",
        )
        p.add_argument("--lang", choices=("sv", "en"), default="sv", help="report language")
        p.add_argument(
            "--instrument",
            metavar="PATH",
            help="score with this instrument file instead of the bundled one with the same id",
        )

    s = sub.add_parser(
        "score",
        help="score the assessments in a case file",
        description="Score every assessment in a case file (or only the latest). "
        "Exit 0 when scored, 1 when the case or its instrument has problems.",
    )
    s.add_argument("case", metavar="CASE", help="case file (YAML or JSON); - reads stdin")
    s.add_argument("--latest", action="store_true", help="score only the most recent assessment")
    output_options(s)
    s.set_defaults(func=_cmd_score)

    c = sub.add_parser(
        "compare",
        help="compare two assessments of the same case",
        description="Compare the first and latest assessment in one case file, or the latest "
        "assessments in two case files, with the same instrument.",
    )
    c.add_argument("case_a", metavar="CASE_A", help="case file (- reads stdin)")
    c.add_argument("case_b", metavar="CASE_B", nargs="?", help="a later case file of the same case")
    c.add_argument(
        "--of", metavar="INSTRUMENT_ID", help="which instrument's assessments to compare"
    )
    output_options(c)
    c.set_defaults(func=_cmd_compare)

    m = sub.add_parser(
        "match",
        help="recommend interventions for the needs of a case's latest assessment",
        description="Match the needs of the latest assessment to interventions in the catalogue.",
    )
    m.add_argument("case", metavar="CASE", help="case file (- reads stdin)")
    m.add_argument("--program", metavar="NAME", help="program profile id or file (e.g. eslov)")
    m.add_argument("--show-avoid", action="store_true", help="also list harmful/ineffective ones")
    m.add_argument(
        "--request",
        metavar="ID",
        action="append",
        default=[],
        help="ask about a named intervention (harmful ones are reported as avoid)",
    )
    output_options(m)
    m.set_defaults(func=_cmd_match)

    pl = sub.add_parser(
        "plan",
        help="make an action plan (åtgärdsplan) gated by consent",
        description="Make a plan from the latest assessment; refused (exit 1) when an actor "
        "lacks consent or a legal basis on the plan date.",
    )
    pl.add_argument("case", metavar="CASE", help="case file (- reads stdin)")
    pl.add_argument("--program", metavar="NAME", required=True, help="program profile id or file")
    pl.add_argument("--date", metavar="YYYY-MM-DD", help="plan date (default: today)")
    pl.add_argument("--coordinator", metavar="ID", help="pseudonymous id of the coordinator")
    output_options(pl, extra=("yaml",))
    pl.set_defaults(func=_cmd_plan)

    _add_batch_commands(sub)
    _add_document_commands(sub)
    _add_interop_commands(sub)
    return parser


def _add_document_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``handout`` and ``report``: printable documents."""
    h = sub.add_parser(
        "handout",
        help="a blank, printable checklist for an instrument",
        description="Render a blank checklist (HTML for print, Markdown, or PDF with the extra).",
    )
    h.add_argument("instrument", metavar="INSTRUMENT", nargs="?", help="bundled id or file")
    h.add_argument(
        "--all",
        action="store_true",
        help="every bundled instrument, both languages, HTML and Markdown, into --out (a folder)",
    )
    h.add_argument("--lang", choices=("sv", "en"), default="sv")
    h.add_argument("--format", choices=("html", "md", "pdf"), default="html")
    h.add_argument("--out", metavar="PATH", help="file (or folder with --all); default stdout")
    h.set_defaults(func=_cmd_handout)
    r = sub.add_parser(
        "report",
        help="a filled document from a case: assessment report, plan or consent form",
        description="Render the latest assessment report (default), the action plan, or a "
        "consent form for a case.",
    )
    r.add_argument("case", metavar="CASE", help="case file (- reads stdin)")
    r.add_argument("--document", choices=("assessment", "plan", "consent"), default="assessment")
    r.add_argument(
        "--program", metavar="NAME", help="program profile (needed for plan and consent)"
    )
    r.add_argument("--date", metavar="YYYY-MM-DD", help="plan date (default: today)")
    r.add_argument("--lang", choices=("sv", "en"), default="sv")
    r.add_argument("--format", choices=("html", "md", "pdf"), default="html")
    r.add_argument("--out", metavar="PATH", help="write here (atomically); default stdout")
    r.add_argument("--instrument", metavar="PATH", help="score with this instrument file")
    r.set_defaults(func=_cmd_report)


def _add_interop_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``schema`` and ``export``: formats for other software."""
    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of a file format",
        description="Print the JSON Schema (draft 2020-12) of instrument, case or result files.",
    )
    sc.add_argument("kind", choices=("instrument", "case", "result"))
    sc.set_defaults(func=_cmd_schema)
    ex = sub.add_parser(
        "export",
        help="export to another format (FHIR R4)",
        description="fhir INSTRUMENT writes a Questionnaire; fhir CASE writes a "
        "QuestionnaireResponse for the case's latest assessment.",
    )
    ex.add_argument("target_format", choices=("fhir",), metavar="FORMAT", help="fhir")
    ex.add_argument(
        "source", metavar="INSTRUMENT|CASE", help="bundled id, instrument file or case file"
    )
    ex.add_argument("--out", metavar="FILE", help="write here (atomically); default stdout")
    ex.set_defaults(func=_cmd_export)


def _add_batch_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``batch`` and ``stats``: many assessments at once."""
    b = sub.add_parser(
        "batch",
        help="score many assessments (CSV, JSON Lines or a folder of case files)",
        description="Score every assessment in INPUT with one instrument; results as CSV or "
        "JSON Lines with the instrument stamp. Exit 1 if any row is invalid, unless "
        "--skip-invalid.",
    )
    b.add_argument("input", metavar="INPUT", help="a .csv, a .jsonl, or a folder of case files")
    b.add_argument("--instrument", metavar="ID", required=True, help="bundled id or file")
    b.add_argument("--out", metavar="FILE", help="write here (atomically) instead of stdout")
    b.add_argument("--format", choices=("csv", "jsonl"), help="default: from --out, else csv")
    b.add_argument(
        "--skip-invalid", action="store_true", help="score the valid rows, report the rest"
    )
    b.set_defaults(func=_cmd_batch)

    st = sub.add_parser(
        "stats",
        help="follow-up statistics across many assessments",
        description="Levels, needs, responsivity and change between first and latest assessment "
        "per case; groups smaller than --min-group are suppressed.",
    )
    st.add_argument("input", metavar="INPUT", help="a .csv, a .jsonl, or a folder of case files")
    st.add_argument("--instrument", metavar="ID", default="check-rbmk", help="bundled id or file")
    st.add_argument("--by", metavar="GROUP", help="program, age_group or an attribute id")
    st.add_argument("--min-group", type=int, default=5, metavar="N", help="suppress smaller groups")
    st.add_argument("--format", choices=("text", "csv", "json"), default="text")
    st.add_argument("--skip-invalid", action="store_true", help="leave out invalid rows")
    st.set_defaults(func=_cmd_stats)


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.paths and not args.bundled:
        raise _UsageError("sigrbm validate: error: give one or more PATHs or --bundled")
    targets: list[tuple[str, str]] = [(p, p) for p in args.paths]
    if args.bundled:
        found = bundled_paths()
        if not found:
            err.write("sigrbm validate: no bundled instruments found; is the package installed?\n")
            return EXIT_INVALID
        targets += [(str(p), display_name(p)) for p in found.values()]
    status = EXIT_OK
    for path, target in targets:
        inst, problems = check_file(path, target)
        if problems or inst is None:
            status = EXIT_INVALID
            _report(problems, err)
            n = len(problems)
            err.write(f"{target}: invalid ({n} problem{'s' if n != 1 else ''})\n")
        else:
            out.write(
                f"{target}: ok — {inst.id} {inst.version} {inst.content_hash[:19]} "
                f"({len(inst.items)} items)\n"
            )
    return status


def _cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._scored import score_case_file

    scored = score_case_file(args.case, args.instrument, cache=True)
    if scored.problems:
        _report(scored.problems, err)
        return EXIT_INVALID
    chosen = scored.items
    if args.latest:
        chosen = [max(chosen, key=lambda x: x.assessment.date)]
    if args.format == "json":
        from ._json import dump_results

        out.write(dump_results([x.result for x in chosen]))
        return EXIT_OK
    from .report_text import render_result

    parts = [
        render_result(x.result, x.instrument, args.lang, markdown=args.format == "markdown")
        for x in chosen
    ]
    out.write("\n".join(parts))
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._scored import pick_pair
    from .compare import IncompatibleError, compare

    try:
        earlier, later, problems = pick_pair(
            args.case_a, args.case_b, args.of, args.instrument, cache=True
        )
    except IncompatibleError as exc:
        err.write(f"sigrbm compare: {exc}\n")
        return EXIT_INVALID
    if problems or earlier is None or later is None:
        _report(problems, err)
        return EXIT_INVALID
    try:
        comparison = compare(earlier.result, later.result)
    except IncompatibleError as exc:
        err.write(f"sigrbm compare: {exc}\n")
        return EXIT_INVALID
    if args.format == "json":
        from ._json import dump_comparison

        out.write(dump_comparison(comparison))
        return EXIT_OK
    from .report_text import render_comparison

    out.write(
        render_comparison(
            comparison, later.instrument, args.lang, markdown=args.format == "markdown"
        )
    )
    return EXIT_OK


def _cmd_match(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._planning import matched

    got = matched(args.case, args.instrument, args.program, tuple(args.request), args.show_avoid)
    if got.problems:
        _report(got.problems, err)
        return EXIT_INVALID
    if got.error:
        err.write(f"sigrbm match: {got.error}\n")
        return EXIT_INVALID
    assert got.recommendations is not None
    assert got.catalogue is not None
    if args.format == "json":
        from ._json import dump_document

        out.write(dump_document("sigrbm-recommendations", got.recommendations))
        return EXIT_OK
    from .report_plan import render_recommendations

    out.write(
        render_recommendations(
            got.recommendations, got.catalogue, args.lang, markdown=args.format == "markdown"
        )
    )
    return EXIT_OK


def _cmd_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import datetime as dt

    from ._planning import planned

    try:
        day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise _UsageError(f"sigrbm plan: error: --date {args.date!r} is not YYYY-MM-DD") from None
    got = planned(args.case, args.instrument, args.program, day, args.coordinator)
    if got.problems:
        _report(got.problems, err)
        return EXIT_INVALID
    if got.refused is not None:
        head = "plan vägras" if args.lang == "sv" else "plan refused"
        err.write(f"{args.case}: {head} ({got.refused.date.isoformat()}):\n")
        for a in got.refused.uncovered:
            why = a.missing[args.lang] if a.missing is not None else ""
            err.write(f"  {a.actor}: {why}\n")
        return EXIT_INVALID
    if got.error:
        err.write(f"sigrbm plan: {got.error}\n")
        return EXIT_INVALID
    assert got.outcome is not None
    assert got.program is not None
    assert got.catalogue is not None
    plan_value = got.outcome.plan
    if args.format == "json":
        from ._json import dump_document

        out.write(dump_document("sigrbm-plan", got.outcome))
        return EXIT_OK
    if args.format == "yaml":
        from ._json import plan_yaml

        out.write(plan_yaml(plan_value))
        return EXIT_OK
    from .report_plan import render_plan

    out.write(
        render_plan(
            plan_value,
            got.program,
            got.catalogue,
            got.outcome.consent,
            args.lang,
            markdown=args.format == "markdown",
            findings=got.outcome.findings,
        )
    )
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if not hasattr(args, "func"):
            parser.print_help(err)
            return EXIT_USAGE
        code: int = args.func(args, out, err)
    except _UsageError as exc:
        err.write(f"{exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    return code
