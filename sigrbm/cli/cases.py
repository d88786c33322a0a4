"""Commands on instruments and case files: validate, score, compare."""

from __future__ import annotations

import argparse
from typing import TextIO

from sigrbm.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    LANG,
    UsageError,
    apply_parameters,
    report_problems,
)

_KIND_SV = {
    "instrument": "instrument",
    "case": "ärendefil",
    "interventions": "insatskatalog",
    "actors": "aktörskatalog",
    "program": "programprofil",
}


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.paths and not args.bundled:
        raise UsageError("sigrbm validate: error: give one or more PATHs or --bundled")
    targets: list[tuple[str, str]] = [(p, p) for p in args.paths]
    if args.bundled:
        from sigrbm.instrument.load import bundled_paths, display_name

        found = bundled_paths()
        if not found:
            err.write("sigrbm validate: no bundled instruments found; is the package installed?\n")
            return EXIT_INVALID
        targets += [(str(p), display_name(p)) for p in found.values()]
    status = EXIT_OK
    from sigrbm.interop.file_kinds import check_any

    for path, target in targets:
        checked = check_any(path, target)
        sv = LANG.get() == "sv"  # issue 21: Swedish by default
        if checked.problems or checked.summary is None:
            status = EXIT_INVALID
            report_problems(checked.problems, err)
            n = len(checked.problems)
            if sv:
                err.write(f"{target}: ogiltig fil: {_KIND_SV[checked.kind]} ({n} fel)\n")
            else:
                err.write(
                    f"{target}: invalid {checked.kind} ({n} problem{'s' if n != 1 else ''})\n"
                )
        else:
            out.write(f"{target}: ok — {checked.summary_sv if sv else checked.summary}\n")
    return status


def cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.casework.case_check import check_case
    from sigrbm.errors import Code

    checked = check_case(
        args.case, instrument=args.instrument, adapt=lambda i: apply_parameters(args, i)
    )
    if checked.problems:
        report_problems(checked.problems, err)
        return EXIT_INVALID
    if not checked.scored:
        msg = "the case has no assessment yet; record one (sigrbm case add screening)"
        report_problems([checked.smap.problem(Code.EMPTY_LIST, ("assessments",), msg)], err)
        return EXIT_INVALID
    chosen = list(checked.scored)
    if args.latest:
        chosen = [max(chosen, key=lambda x: x.assessment.date)]
    if args.format == "json":
        from sigrbm.interop.json_format import dump_results

        out.write(dump_results([x.result for x in chosen]))
        return EXIT_OK
    from sigrbm.documents.text_report import render_result

    parts = [
        render_result(x.result, x.instrument, args.lang, markdown=args.format == "markdown")
        for x in chosen
    ]
    out.write("\n".join(parts))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.scoring.case_file import pick_pair
    from sigrbm.scoring.compare import IncompatibleError, compare

    try:
        earlier, later, problems = pick_pair(
            args.case_a, args.case_b, args.of, args.instrument, cache=True
        )
    except IncompatibleError as exc:
        err.write(f"sigrbm compare: {exc}\n")
        return EXIT_INVALID
    if problems or earlier is None or later is None:
        report_problems(problems, err)
        return EXIT_INVALID
    try:
        comparison = compare(earlier.result, later.result)
    except IncompatibleError as exc:
        err.write(f"sigrbm compare: {exc}\n")
        return EXIT_INVALID
    if args.format == "json":
        from sigrbm.interop.json_format import dump_comparison

        out.write(dump_comparison(comparison))
        return EXIT_OK
    from sigrbm.documents.text_report import render_comparison

    out.write(
        render_comparison(
            comparison,
            later.instrument,
            args.lang,
            markdown=args.format == "markdown",
            overalls=(earlier.result.overall, later.result.overall),
        )
    )
    return EXIT_OK
