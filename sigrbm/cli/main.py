"""Command line: a thin layer over the library; the only place that exits or prints.

Exit codes: 0 success, 1 invalid input or a finding, 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any, TextIO

from sigrbm._version import __version__
from sigrbm.cli.batch import cmd_batch, cmd_stats
from sigrbm.cli.cases import cmd_compare, cmd_score, cmd_validate
from sigrbm.cli.casework import (
    add_local_data_options,
    add_report_data_options,
    cmd_match,
    cmd_plan,
)
from sigrbm.cli.common import EXIT_USAGE, LANG, UsageError, add_parameter_options
from sigrbm.cli.documents import cmd_handout, cmd_report
from sigrbm.cli.interop import add_base_url, cmd_export, cmd_schema
from sigrbm.cli.usage_sv import usage_message


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of exiting, so ``main`` returns a code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: error: {message}")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="sigrbm",
        description="Structured risk–need–responsivity assessment for sociala insatsgrupper.",
    )
    parser.add_argument("--version", action="version", version=f"sigrbm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    v = sub.add_parser(
        "validate",
        help="check instrument, case, catalogue and program files and report every problem",
        description="Check files of any sigrbm kind, told apart by their keys: an instrument, "
        "a case file (checked against its instruments, as score does), an intervention or actor "
        "catalogue, a program profile. Exit 0 if all are valid, 1 if not.",
    )
    v.add_argument(
        "paths", nargs="*", metavar="PATH", help="instrument, case, catalogue or program files"
    )
    v.add_argument("--bundled", action="store_true", help="check the bundled instruments")
    v.set_defaults(func=cmd_validate)

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
    add_parameter_options(s)  # issue 13
    s.set_defaults(func=cmd_score)

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
    c.set_defaults(func=cmd_compare)

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
    m.set_defaults(func=cmd_match)

    pl = sub.add_parser(
        "plan",
        help="make an action plan (åtgärdsplan) gated by consent",
        description="Make a plan from the latest assessment; refused (exit 1) when an actor "
        "lacks consent or a legal basis on the plan date.",
    )
    pl.add_argument("case", metavar="CASE", help="case file (- reads stdin)")
    pl.add_argument(
        "--program", metavar="NAME", help="program profile id or file (default: the case's)"
    )
    pl.add_argument("--date", metavar="YYYY-MM-DD", help="plan date (default: today)")
    pl.add_argument("--coordinator", metavar="ID", help="pseudonymous id of the coordinator")
    output_options(pl, extra=("yaml",))
    pl.set_defaults(func=cmd_plan)
    # issue 12: local catalogue and program folder on match and plan; the age exception
    add_local_data_options(m, pl)

    _add_batch_commands(sub)
    _add_document_commands(sub)
    _add_interop_commands(sub)
    # issue 11: the case flow (sigrbm case new / add / status / due)
    from sigrbm.cli.case import add_case_commands

    add_case_commands(sub)
    _add_conventions(parser, sub)  # issue 15
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
    h.add_argument(  # issue 21
        "--fillable",
        action="store_true",
        help="a fillable form (one self-contained HTML file) that saves an assessment file",
    )
    h.set_defaults(func=cmd_handout)
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
    r.set_defaults(func=cmd_report)
    # issue 12: local catalogue and program folder (and the age exception) for plan documents
    add_report_data_options(r)


def _add_interop_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``schema`` and ``export``: formats for other software."""
    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of a file format",
        description="Print the JSON Schema (draft 2020-12) of a file kind (instrument, case, "
        "interventions, actors, program, result) or of the JSON a command writes (results, "
        "comparison, recommendations, plan, stats, plan-refusal, case-state, case-due, "
        "batch-row).",
    )
    sc.add_argument(
        "kind",
        choices=(
            *("instrument", "case", "interventions", "actors", "program", "result"),
            *("results", "comparison", "recommendations", "plan", "stats"),
            *("plan-refusal", "case-state", "case-due", "batch-row"),  # issue 23
        ),
    )
    add_base_url(sc)  # issue 23
    sc.set_defaults(func=cmd_schema)
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
    ex.add_argument(  # issue 23
        "--instrument", metavar="ID", help="for a CASE: bundled id or instrument file"
    )
    add_base_url(ex)  # issue 23
    ex.set_defaults(func=cmd_export)


def _add_batch_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``batch`` and ``stats``: many assessments at once."""
    b = sub.add_parser(
        "batch",
        help="score many assessments (CSV, JSON Lines or a folder of case files)",
        description="Score every assessment in INPUT with one instrument; results as CSV or "
        "JSON Lines with the instrument stamp. Exit 1 if any row is invalid, unless "
        "--skip-invalid.",
    )
    b.add_argument(
        "input",
        metavar="INPUT",
        help="a .csv, a .jsonl, a folder of case files, or - (CSV on stdin)",
    )
    b.add_argument("--instrument", metavar="ID", required=True, help="bundled id or file")
    b.add_argument("--out", metavar="FILE", help="write here (atomically) instead of stdout")
    b.add_argument(
        "--format", choices=("csv", "jsonl", "xlsx"), help="default: from --out, else csv"
    )  # issue 23: xlsx
    b.add_argument(
        "--skip-invalid", action="store_true", help="score the valid rows, report the rest"
    )
    b.add_argument(  # issue 16
        "--delimiter",
        choices=(",", ";"),
        help="CSV column separator (default: read off the header)",
    )
    _add_spreadsheet_options(b)  # issue 23
    add_parameter_options(b)  # issue 13
    b.set_defaults(func=cmd_batch)

    st = sub.add_parser(
        "stats",
        help="follow-up statistics across many assessments",
        description="Levels, needs, responsivity and change between first and latest assessment "
        "per case; groups smaller than --min-group are suppressed.",
    )
    st.add_argument(
        "input",
        metavar="INPUT",
        help="a .csv, a .jsonl, a folder of case files, or - (CSV on stdin)",
    )
    st.add_argument("--instrument", metavar="ID", default="check-rbmk", help="bundled id or file")
    st.add_argument("--by", metavar="GROUP", help="program, age_group or an attribute id")
    st.add_argument(
        "--min-group",
        type=int,
        default=5,
        metavar="N",
        help="suppress groups and cells of fewer persons",
    )
    st.add_argument(  # issue 22: safe when several tables are published
        "--round",
        type=int,
        default=5,
        metavar="N",
        help="round every count at random to a multiple of N, the same in every table "
        "(default 5; 1 gives exact counts, not for publishing)",
    )
    st.add_argument("--format", choices=("text", "csv", "json"), default="text")
    st.add_argument("--skip-invalid", action="store_true", help="leave out invalid rows")
    st.add_argument("--lang", choices=("sv", "en"), default="sv", help="language (default sv)")
    st.add_argument(  # issue 16
        "--delimiter",
        choices=(",", ";"),
        help="CSV column separator (default: read off the header)",
    )
    _add_spreadsheet_options(st)  # issue 23
    st.set_defaults(func=cmd_stats)


def _add_spreadsheet_options(p: _Parser) -> None:
    """Issue 23: ``--encoding`` of the input and ``--excel-sv`` CSV output."""
    p.add_argument(
        "--encoding",
        metavar="NAME",
        help="text encoding of a CSV or JSON Lines INPUT: utf-8 (default), cp1252 (Excel on "
        "Windows), …",
    )
    p.add_argument(
        "--excel-sv",
        action="store_true",
        help="CSV for Excel and LibreOffice with Swedish settings: ';' between columns, "
        "decimal comma, UTF-8 with a byte order mark",
    )


# issue 15: conventions shared by every command (--out, help language); see cli/conventions.py
def _add_conventions(parser: _Parser, sub: argparse._SubParsersAction[_Parser]) -> None:
    """``--out`` on every command that writes to stdout without one; a top-level ``--lang``."""
    from sigrbm.cli.conventions import BUFFERED_COMMANDS
    from sigrbm.cli.interop import cmd_import

    im = sub.add_parser(
        "import",
        help="import a filled FHIR QuestionnaireResponse as an assessment",
        description="fhir RESPONSE turns a QuestionnaireResponse, filled in any form renderer "
        "from a Questionnaire that export fhir wrote, into an assessment in a case file, "
        "checked like any case; fhir QUESTIONNAIRE turns a Questionnaire that export fhir "
        "wrote back into its instrument (YAML), refused if the form was edited. Exit 0 when "
        "imported, 1 with located problems.",
    )
    im.add_argument(  # issue 21: form (formular), the fillable checklist's saved file
        "source_format",
        choices=("fhir", "formular", "form"),
        metavar="FORMAT",
        help="fhir, or formular (form): an assessment saved from the fillable checklist, "
        "added to --case CASE",
    )
    im.add_argument(
        "response", metavar="RESPONSE", help="QuestionnaireResponse (or Questionnaire) JSON file"
    )
    im.add_argument(
        "--case", metavar="CASE", help="add the assessment to this case file (default: a new one)"
    )
    im.add_argument("--instrument", metavar="PATH", help="score with this instrument file")
    im.add_argument(  # issue 21: what a form tool (LHC-Forms) leaves out of the response
        "--author", metavar="ID", help="the assessor, when the response names none"
    )
    im.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the assessment date, when the response has none"
    )
    add_base_url(im)  # issue 23
    im.set_defaults(func=cmd_import)
    parser.add_argument(
        "--lang", dest="help_lang", choices=("sv", "en"), help="language of the help texts"
    )
    for name in BUFFERED_COMMANDS:
        p = sub.choices.get(name)
        if p is None or any("--out" in a.option_strings for a in p._actions):
            continue
        p.add_argument("--out", metavar="FILE", help="write here (atomically); default stdout")
        p.set_defaults(buffer_out=True)


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:  # issue 23: without building the parser or the library
        out.write(f"sigrbm {__version__}\n")
        return 0
    from sigrbm.cli.conventions import (
        help_language,
        run_buffered,
        screen_free_text,
        translate_parser,
    )

    parser = _build_parser()
    translate_parser(parser, help_language(arguments))
    lang_token = LANG.set(help_language(arguments))  # issue 21: problems in this language
    previous = _install_signal_handlers()  # issue 14
    try:
        with contextlib.redirect_stdout(out):  # --help and --version go to ``out``
            args = parser.parse_args(arguments)
        if not hasattr(args, "func"):
            parser.print_help(err)
            return EXIT_USAGE
        screen_free_text(args)  # issue 22
        if getattr(args, "buffer_out", False) and args.out:
            code: int = run_buffered(args, out, err)
        else:
            code = args.func(args, out, err)
    except UsageError as exc:
        from sigrbm.errors import safe_message

        # issue 22: never a personnummer or an escape, and a value is echoed short
        text = "\n".join(map(safe_message, str(exc).splitlines()))
        text = text if len(text) <= 2000 else text[:2000] + "…"
        err.write(f"{usage_message(text, help_language(arguments))}\n")  # issue 21
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    except (KeyboardInterrupt, _Interrupted) as exc:  # issue 14: no traceback, no partial file
        signum = exc.signum if isinstance(exc, _Interrupted) else signal.SIGINT
        err.write(f"sigrbm: interrupted ({signal.Signals(signum).name}); no file was written\n")
        return 128 + int(signum)
    finally:
        _restore_signal_handlers(previous)
        LANG.reset(lang_token)
    return code


# issue 14: SIGTERM and SIGHUP become an exception, so that atomic writes remove their
# temporary files and the command ends with a message and exit code 128 + signal number.
class _Interrupted(BaseException):
    """A termination signal arrived while a command ran."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise _Interrupted(signum)


def _install_signal_handlers() -> dict[int, Any]:
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, _raise_interrupted)
    return previous


def _restore_signal_handlers(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)
