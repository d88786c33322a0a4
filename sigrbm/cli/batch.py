"""Commands over many assessments: batch, stats."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from sigrbm.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    apply_parameters,
    report_problems,
)

if TYPE_CHECKING:
    from sigrbm.batch.input import BatchInput
    from sigrbm.batch.kernel import BatchResult


class Progress:
    """Progress on stderr, only when stderr is a terminal (pipes and CI stay clean)."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.on = err.isatty()
        self.open = False

    def read(self, rows: int) -> None:
        """Called by the reader after each chunk."""
        self.step(f"reading: {rows:,} rows")

    def step(self, text: str) -> None:
        if self.on:
            self.err.write(f"\r{text}…\033[K")
            self.err.flush()
            self.open = True

    def done(self) -> None:
        if self.open:
            self.err.write("\r\033[K")
            self.err.flush()
            self.open = False


#: Codecs Python calls text encodings that are no character set of a file (issue 22).
NOT_CHARSETS = frozenset(
    ["idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined"]
)


def check_encoding(args: argparse.Namespace) -> None:
    """Issue 23: ``--encoding`` names a text encoding Python knows (else a usage error)."""
    import codecs

    if args.encoding is None:
        return
    try:
        info = codecs.lookup(args.encoding)
    except (LookupError, ValueError):  # ValueError: a NUL byte in the name
        info = None
    # issue 22: only a character set reads a file: not a transform (rot13, base64, zlib),
    # not an escape or a host-name codec (unicode_escape turns text into control characters)
    if info is None or not getattr(info, "_is_text_encoding", True) or info.name in NOT_CHARSETS:
        name = args.encoding if len(args.encoding) <= 40 else args.encoding[:40] + "…"
        raise UsageError(
            f"sigrbm {args.command}: error: okänd teckenkodning / unknown encoding "
            f"'{name}' (utf-8, cp1252, latin-1, …)"
        ) from None


def load_batch(args: argparse.Namespace, err: TextIO) -> tuple[BatchInput, BatchResult, int] | None:
    """Compile the instrument, read INPUT, score it; None after reporting problems."""
    check_encoding(args)
    from sigrbm.batch.compile import compile_instrument
    from sigrbm.batch.kernel import score_batch
    from sigrbm.batch.read import read_input
    from sigrbm.errors import InstrumentError, NotFoundError
    from sigrbm.instrument.load import load_instrument

    try:
        inst = apply_parameters(args, load_instrument(args.instrument, cache=True))  # issue 13
    except NotFoundError as exc:
        err.write(f"sigrbm {args.command}: {exc}\n")
        return None
    except InstrumentError as exc:
        report_problems(exc.problems, err)
        return None
    compiled = compile_instrument(inst)
    progress = Progress(err)
    data, problems, bad = read_input(
        args.input,
        compiled,
        delimiter=args.delimiter,
        on_rows=progress.read,
        encoding=args.encoding,  # checked in check_encoding
    )
    progress.done()
    if problems:
        report_problems(problems, err)
        if not args.skip_invalid or (bad == 0 and len(data) == 0):
            err.write(
                f"{args.input}: {len(problems)} problem(s) in {bad} row(s); nothing "
                "written (--skip-invalid scores the valid rows)\n"
            )
            return None
    if len(data) == 0 and not problems:
        err.write(f"{args.input}: no assessments of {inst.id} found\n")
        return None
    progress.step(f"scoring {len(data):,} assessments")
    result = (  # statistics read item presence without the full item masks
        data.scored
        if data.scored is not None
        else score_batch(compiled, data.answers, data.attributes)
    )
    progress.done()
    return data, result, bad


def cmd_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from sigrbm.batch.encoding import EXCEL_SV, PLAIN_CSV
    from sigrbm.batch.write import result_columns, write_columns
    from sigrbm.reading.atomic import write_streamed

    fmt = args.format or _format_of(args.out)
    if fmt == "xlsx" and not args.out:
        raise UsageError("sigrbm batch: error: --format xlsx skriver till en fil / writes a file: "
                         "give --out FILE.xlsx")  # fmt: skip
    if args.excel_sv and fmt != "csv":
        raise UsageError("sigrbm batch: error: --excel-sv skriver CSV / writes CSV, not JSON Lines")
    style = EXCEL_SV if args.excel_sv else PLAIN_CSV
    loaded = load_batch(args, err)
    if loaded is None:
        return EXIT_INVALID
    data, result, bad = loaded
    cols = result_columns(data, result)
    progress = Progress(err)
    progress.step(f"writing {len(data):,} results")
    if fmt == "xlsx":
        code = _write_workbook(cols, args.out, err)
        if code != EXIT_OK:
            return code
    elif args.out:
        try:
            write_streamed(args.out, lambda fh: write_columns(cols, fmt, fh, style=style))
        except OSError as exc:
            err.write(f"sigrbm batch: cannot write {args.out}: {exc.strerror or exc}\n")
            return EXIT_INVALID
    else:
        write_columns(cols, fmt, out, style=style)
    progress.done()
    skipped = f", {bad} invalid rows skipped" if bad else ""
    err.write(f"{len(data)} assessments scored{skipped}\n")
    return EXIT_OK


def _format_of(out: str | None) -> str:
    """The output format an ``--out`` name implies (CSV when it implies none)."""
    if out and out.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "xlsx" if out and out.lower().endswith(".xlsx") else "csv"


def _write_workbook(cols: Any, out: str, err: TextIO) -> int:
    """Issue 23: the results as an Excel workbook (the xlsx extra), atomically."""
    from sigrbm.batch.write_xlsx import TooManyRowsError, write_xlsx
    from sigrbm.reading.atomic import write_streamed

    try:
        write_streamed(out, lambda fh: write_xlsx(cols, fh), binary=True)
    except ImportError:
        err.write("sigrbm batch: .xlsx behöver tillägget / needs the optional extra: "
                  "pip install 'sigrbm[xlsx]'\n")  # fmt: skip
        return EXIT_INVALID
    except TooManyRowsError as exc:
        err.write(f"sigrbm batch: {exc}\n")
        return EXIT_INVALID
    except OSError as exc:
        err.write(f"sigrbm batch: cannot write {out}: {exc.strerror or exc}\n")
        return EXIT_INVALID
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from sigrbm.batch.encoding import EXCEL_SV, PLAIN_CSV
    from sigrbm.batch.stats import compute_stats, stats_json
    from sigrbm.batch.stats_text import stats_text

    if args.min_group < 1:
        raise UsageError("sigrbm stats: error: --min-group must be 1 or more")
    if not 1 <= args.round <= 100:
        raise UsageError("sigrbm stats: error: --round must be from 1 to 100")
    if args.excel_sv and args.format == "json":
        raise UsageError("sigrbm stats: error: --excel-sv skriver CSV / writes CSV, not JSON")
    loaded = load_batch(args, err)
    if loaded is None:
        return EXIT_INVALID
    data, result, bad = loaded
    try:
        s = compute_stats(
            data, result, by=args.by, min_group=args.min_group, skipped=bad, rounding=args.round
        )
    except KeyError:
        err.write(
            f"sigrbm stats: cannot group by '{args.by}': use program, age_group or an "
            "attribute of the instrument\n"
        )
        return EXIT_INVALID
    if args.format == "json":
        out.write(json.dumps(stats_json(s), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        out.write(
            stats_text(
                s,
                result.compiled.instrument,
                lang=args.lang,
                csv_format=args.format == "csv" or args.excel_sv,
                style=EXCEL_SV if args.excel_sv else PLAIN_CSV,
            )
        )
    return EXIT_OK
