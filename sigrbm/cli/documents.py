"""Commands that print documents: handout, report (and the shared file output)."""

from __future__ import annotations

import argparse
from typing import TextIO

from sigrbm.cli.casework import combine_option
from sigrbm.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, report_problems, said


def emit(text: str, fmt: str, out_path: str | None, out: TextIO, err: TextIO) -> int:
    """Write a rendered document: PDF through the extra, files atomically, else stdout."""
    from sigrbm.documents.render import to_pdf
    from sigrbm.documents.views import RenderError
    from sigrbm.reading.atomic import write_atomic

    data: str | bytes = text
    if fmt == "pdf":
        try:
            data = to_pdf(text)
        except RenderError as exc:
            err.write(f"sigrbm: {exc}\n")
            return EXIT_INVALID
        if out_path is None:
            err.write("sigrbm: PDF output needs --out FILE\n")
            return EXIT_USAGE
    if out_path is None:
        out.write(text)
        return EXIT_OK
    try:
        write_atomic(out_path, data)
    except OSError as exc:
        err.write(f"sigrbm: cannot write {out_path}: {exc.strerror or exc}\n")
        return EXIT_INVALID
    return EXIT_OK


def cmd_handout(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.documents.handouts import FILLABLE_TEMPLATE
    from sigrbm.documents.render import render
    from sigrbm.documents.views import RenderError, handout_view
    from sigrbm.documents.views_form import form_view
    from sigrbm.errors import InstrumentError, NotFoundError
    from sigrbm.instrument.load import load_instrument

    if args.all:
        if not args.out:
            raise UsageError("sigrbm handout: error: --all needs --out FOLDER")
        from sigrbm.documents.handouts import write_all

        try:
            written = write_all(args.out)
        except (RenderError, InstrumentError, OSError) as exc:
            err.write(f"sigrbm handout: {exc}\n")
            return EXIT_INVALID
        out.write("".join(f"{p}\n" for p in written))
        return EXIT_OK
    if not args.instrument:
        raise UsageError("sigrbm handout: error: give an INSTRUMENT or --all")
    if args.fillable and args.format != "html":
        raise UsageError("sigrbm handout: error: --fillable writes HTML; leave out --format")
    try:
        inst = load_instrument(args.instrument, cache=True)
        if args.fillable:  # issue 21
            text = render(FILLABLE_TEMPLATE, form_view(inst, args.lang))
        else:
            view = handout_view(inst, args.lang)
            text = render("handout.md.j2" if args.format == "md" else "handout.html.j2", view)
    except InstrumentError as exc:
        report_problems(exc.problems, err)
        return EXIT_INVALID
    except (NotFoundError, RenderError) as exc:
        err.write(f"sigrbm handout: {exc}\n")
        return EXIT_INVALID
    return emit(text, args.format, args.out, out, err)


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.documents.case_documents import render_case_document
    from sigrbm.reading.scalars import ScalarError, parse_date

    # Usage errors exit 2 here as in every command (issue 15), before any file is read. The
    # program may come from the case file (its `program` key or referral), so its absence is
    # found later, when the file is read (exit 1).
    if args.date:
        try:
            parse_date(args.date)
        except ScalarError:
            raise UsageError(
                f"sigrbm report: error: --date {args.date!r} is not YYYY-MM-DD"
            ) from None
    combine = combine_option(args, "report")  # usage errors first (exit 2)
    text, problems, error = render_case_document(args, combine=combine)
    if problems:
        report_problems(problems, err)
        return EXIT_INVALID
    if error is not None or text is None:
        err.write(f"sigrbm report: {said(error)}\n")
        return EXIT_INVALID
    return emit(text, args.format, args.out, out, err)
