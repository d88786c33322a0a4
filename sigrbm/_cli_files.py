"""Command handlers that read many rows or write files: batch, stats, handout, report,
schema, export. The parser and the remaining handlers are in :mod:`sigrbm.cli`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ._cli_common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, _report, _UsageError

if TYPE_CHECKING:
    from .batch import BatchResult
    from .batch_io import BatchInput


def _load_batch(
    args: argparse.Namespace, err: TextIO
) -> tuple[BatchInput, BatchResult, int] | None:
    """Compile the instrument, read INPUT, score it; None after reporting problems."""
    from .batch import compile_instrument, score_batch
    from .batch_io import read_input
    from .errors import InstrumentError, NotFoundError
    from .instrument import load_instrument

    try:
        inst = load_instrument(args.instrument, cache=True)
    except NotFoundError as exc:
        err.write(f"sigrbm {args.command}: {exc}\n")
        return None
    except InstrumentError as exc:
        _report(exc.problems, err)
        return None
    compiled = compile_instrument(inst)
    data, problems, bad = read_input(args.input, compiled)
    if problems:
        _report(problems, err)
        if not args.skip_invalid or (bad == 0 and len(data) == 0):
            err.write(
                f"{args.input}: {len(problems)} problem(s) in {bad} row(s); nothing "
                "written (--skip-invalid scores the valid rows)\n"
            )
            return None
    if len(data) == 0 and not problems:
        err.write(f"{args.input}: no assessments of {inst.id} found\n")
        return None
    progress = err.isatty() and len(data) > 200_000
    if progress:
        err.write(f"scoring {len(data)} assessments…\n")
    result = score_batch(compiled, data.answers, data.attributes, items=args.command == "stats")
    if progress:
        err.write("done\n")
    return data, result, bad


def _cmd_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._atomic import write_atomic
    from .batch_io import result_rows, write_results

    loaded = _load_batch(args, err)
    if loaded is None:
        return EXIT_INVALID
    data, result, bad = loaded
    fmt = args.format or (
        "jsonl" if args.out and args.out.endswith((".jsonl", ".ndjson")) else "csv"
    )
    text = write_results(result_rows(data, result), fmt)
    if args.out:
        try:
            write_atomic(args.out, text)
        except OSError as exc:
            err.write(f"sigrbm batch: cannot write {args.out}: {exc.strerror or exc}\n")
            return EXIT_INVALID
    else:
        out.write(text)
    skipped = f", {bad} invalid rows skipped" if bad else ""
    err.write(f"{len(data)} assessments scored{skipped}\n")
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from .stats import compute_stats, stats_json, stats_text

    if args.min_group < 1:
        raise _UsageError("sigrbm stats: error: --min-group must be 1 or more")
    loaded = _load_batch(args, err)
    if loaded is None:
        return EXIT_INVALID
    data, result, bad = loaded
    try:
        s = compute_stats(data, result, by=args.by, min_group=args.min_group, skipped=bad)
    except KeyError:
        err.write(
            f"sigrbm stats: cannot group by '{args.by}': use program, age_group or an "
            "attribute of the instrument\n"
        )
        return EXIT_INVALID
    if args.format == "json":
        out.write(json.dumps(stats_json(s), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        out.write(stats_text(s, csv_format=args.format == "csv"))
    return EXIT_OK


def _emit(text: str, fmt: str, out_path: str | None, out: TextIO, err: TextIO) -> int:
    """Write a rendered document: PDF through the extra, files atomically, else stdout."""
    from ._atomic import write_atomic
    from .render import to_pdf
    from .views import RenderError

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


def _cmd_handout(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .errors import InstrumentError, NotFoundError
    from .instrument import load_instrument
    from .render import render
    from .views import RenderError, handout_view

    if args.all:
        if not args.out:
            raise _UsageError("sigrbm handout: error: --all needs --out FOLDER")
        from ._handouts import write_all

        try:
            written = write_all(args.out)
        except (RenderError, InstrumentError, OSError) as exc:
            err.write(f"sigrbm handout: {exc}\n")
            return EXIT_INVALID
        out.write("".join(f"{p}\n" for p in written))
        return EXIT_OK
    if not args.instrument:
        raise _UsageError("sigrbm handout: error: give an INSTRUMENT or --all")
    try:
        inst = load_instrument(args.instrument, cache=True)
        view = handout_view(inst, args.lang)
        text = render("handout.md.j2" if args.format == "md" else "handout.html.j2", view)
    except InstrumentError as exc:
        _report(exc.problems, err)
        return EXIT_INVALID
    except (NotFoundError, RenderError) as exc:
        err.write(f"sigrbm handout: {exc}\n")
        return EXIT_INVALID
    return _emit(text, args.format, args.out, out, err)


def _cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._documents_cli import render_case_document

    text, problems, error = render_case_document(args)
    if problems:
        _report(problems, err)
        return EXIT_INVALID
    if error is not None or text is None:
        err.write(f"sigrbm report: {error}\n")
        return EXIT_INVALID
    return _emit(text, args.format, args.out, out, err)


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    import json

    from .schema import schema

    out.write(json.dumps(schema(args.kind), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from ._scored import score_case_file
    from .errors import InstrumentError, NotFoundError
    from .fhir import questionnaire, questionnaire_response
    from .instrument import bundled_paths, load_instrument

    source = args.source
    is_case = source not in bundled_paths() and not _looks_like_instrument(source)
    if is_case:
        scored = score_case_file(source, cache=True)
        if scored.problems:
            _report(scored.problems, err)
            return EXIT_INVALID
        latest = max(scored.items, key=lambda s: s.assessment.date)
        resource = questionnaire_response(latest.instrument, latest.assessment)
    else:
        try:
            resource = questionnaire(load_instrument(source, cache=True))
        except InstrumentError as exc:
            _report(exc.problems, err)
            return EXIT_INVALID
        except NotFoundError as exc:
            err.write(f"sigrbm export: {exc}\n")
            return EXIT_INVALID
    return _emit(
        json.dumps(resource, ensure_ascii=False, indent=2) + "\n", "json", args.out, out, err
    )


def _looks_like_instrument(path: str) -> bool:
    """A file whose top level has ``items`` (an instrument) rather than ``assessments``."""
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.read(200_000)
    except (OSError, UnicodeDecodeError):
        return False
    return "\nitems:" in head or ('"items"' in head and '"assessments"' not in head)
