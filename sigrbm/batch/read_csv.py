"""Read a batch CSV in chunks, straight into columns: bounded memory, linear time.

The file is streamed through the ``csv`` module ``CHUNK_ROWS`` records at a time; each
chunk is turned into columns (answer codes as small integers, decided once per distinct
cell text) and dropped, so memory holds the encoded columns, never the whole text or a
list per row. The delimiter is ``,`` or ``;`` (Swedish Excel writes ``;``): taken from
``delimiter`` or read off the header (the one that yields known column names); when the
header cannot tell, the reader says so (B702) rather than guess. ``-`` reads standard input.
A header wider than ``MAX_COLUMNS`` columns (or ``MAX_HEADER_CHARS``) is refused before
anything else is done with it (B703); a cell is at most 128 KiB (the csv module's limit).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import chain, islice
from typing import IO, Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.checks import check_rows
from sigrbm.batch.compile import UNANSWERED, Compiled
from sigrbm.batch.encoding import UTF8, first_undecodable, text_encoding, undecodable
from sigrbm.batch.input import (
    FIXED_COLUMNS,
    JUDGED_SUFFIXES,
    BatchInput,
    Judged,
    Rows,
    check_applicability,
    empty_input,
    encode_column,
    further_columns,
    further_scores,
    keep_valid,
    read_attributes,
    read_header,
)
from sigrbm.errors import Code, Problem
from sigrbm.instrument.model import Instrument
from sigrbm.reading.files import MAX_BATCH_BYTES, InputFileError, bounded, open_limited
from sigrbm.reading.scalars import ScalarError, parse_date

CHUNK_ROWS = 1 << 13  # lines per chunk: its records (a str per cell) are the transient peak
MAX_COLUMNS = 4096  # far more than any instrument's items and fixed columns
MAX_HEADER_CHARS = 256 * 1024
DELIMITERS = (",", ";")

Result = tuple[BatchInput, list[Problem], int]


def fail(compiled: Compiled, problem: Problem, bad: int = 0) -> Result:
    return empty_input(compiled), [problem], bad


def read_csv(
    path: str | os.PathLike[str],
    compiled: Compiled,
    *,
    text: str | None = None,
    delimiter: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    stream: IO[str] | None = None,
    encoding: str = UTF8,
) -> Result:
    """Read a CSV of assessments: the valid rows, every problem, and the number of bad rows
    (from ``text``, or an open text ``stream`` named by ``path``, when given; the file or
    standard input in ``encoding``, a name from :func:`sigrbm.batch.encoding.normal_encoding`)."""
    name = "<stdin>" if os.fspath(path) == "-" else os.fspath(path)
    try:
        fh: IO[str]
        if text is not None:
            fh = io.StringIO(text)
        elif stream is not None:
            fh = stream
        else:
            raw = (
                bounded(sys.stdin.buffer, MAX_BATCH_BYTES)
                if name == "<stdin>"
                else open_limited(name, MAX_BATCH_BYTES)  # regular files only (issue 22)
            )
            fh = io.TextIOWrapper(raw, encoding=text_encoding(encoding), newline="")
        with fh:
            return _read(fh, name, compiled, delimiter, on_rows)
    except UnicodeError:  # issue 23: located, with a hint (B720); 22: utf-16 sans BOM
        where = None if name == "<stdin>" else first_undecodable(name, encoding)
        return fail(compiled, undecodable(name, encoding, where))
    except OSError as exc:  # issue 22: a FIFO, a device, too large: its own code
        return fail(compiled, unreadable(exc, name))
    except csv.Error as exc:
        return fail(
            compiled,
            Problem(code=Code.YAML_SYNTAX, path=(), message=f"not valid CSV: {exc}", file=name),
        )


def unreadable(exc: OSError | UnicodeDecodeError, name: str) -> Problem:
    """The problem of an input file that cannot be read, or is refused by
    :mod:`sigrbm.reading.files` (a FIFO, a device, too large: its own code)."""
    if isinstance(exc, InputFileError):
        return Problem(code=exc.code, path=(), message=exc.message, file=name)
    reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
    return Problem(
        code=Code.UNREADABLE, path=(), message=f"cannot read the file: {reason}", file=name
    )


def sniff(first: str, compiled: Compiled, name: str) -> tuple[str | None, Problem | None]:
    """The delimiter of a header line: the one whose cells are known column names."""
    known = set(compiled.item_ids) | set(FIXED_COLUMNS) | set(further_columns(compiled.instrument))
    known |= {a.id for a in compiled.instrument.attributes}
    score = {}
    for d in DELIMITERS:
        cells = next(csv.reader([first], delimiter=d), [])
        score[d] = sum(c.strip() in known for c in cells)
    if score[","] != score[";"]:
        return max(DELIMITERS, key=score.__getitem__), None
    present = [d for d in DELIMITERS if d in first]
    if len(present) < 2:
        return (present or [","])[0], None
    return None, Problem(
        code=Code.DELIMITER_UNCLEAR,
        path=("header",),
        file=name,
        line=1,
        column=1,
        message="cannot tell whether the columns are separated by ',' or ';'; "
        "give --delimiter ',' or --delimiter ';'",
    )


def plain_header(
    first: str, compiled: Compiled, name: str, delimiter: str | None
) -> tuple[list[str] | None, str | None]:
    """The header's cells and delimiter when the header is plain, or None when the csv path
    must report on it (too wide, empty, a delimiter it cannot tell)."""
    widest = max(first.count(d) for d in DELIMITERS) + 1
    if not first.strip() or widest > MAX_COLUMNS or len(first) > MAX_HEADER_CHARS:
        return None, None
    if delimiter is None:
        delimiter, _ = sniff(first, compiled, name)
        if delimiter is None:
            return None, None
    return [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])], delimiter


def _read(
    fh: IO[str],
    name: str,
    compiled: Compiled,
    delimiter: str | None,
    on_rows: Callable[[int], None] | None,
) -> Result:
    first = fh.readline(MAX_HEADER_CHARS + 1).rstrip("\r\n")
    widest = max(first.count(d) for d in DELIMITERS) + 1
    if widest > MAX_COLUMNS or len(first) > MAX_HEADER_CHARS:
        return fail(
            compiled,
            Problem(
                code=Code.TOO_MANY_COLUMNS,
                path=("header",),
                file=name,
                line=1,
                column=None,
                message=f"the header is wider than {MAX_COLUMNS} columns or "
                f"{MAX_HEADER_CHARS:,} characters; check that this is an assessment file",
            ),
        )
    if not first.strip():
        return fail(
            compiled,
            Problem(
                code=Code.EMPTY_DOCUMENT,
                path=(),
                message="the file is empty; it needs a header row",
                file=name,
                line=1,
                column=1,
            ),
        )
    if delimiter is None:
        delimiter, unclear = sniff(first, compiled, name)
        if delimiter is None and unclear is not None:
            return fail(compiled, unclear)
    assert delimiter is not None
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
    seen, header_problems = read_header(header, compiled, name)
    if header_problems:
        return empty_input(compiled), header_problems, sum(1 for _ in fh)
    reading = Reading(compiled, seen, Rows(name), on_rows)
    read_lines(fh, delimiter, reading)
    return reading.finish()


@attrs.define(eq=False)
class Reading:
    """What a CSV reader collects, chunk by chunk, and the checks it runs at the end."""

    compiled: Compiled
    seen: dict[str, int]
    rows: Rows
    on_rows: Callable[[int], None] | None = None
    parts: list[BatchInput] = attrs.field(factory=list)
    births: list[tuple[str, str]] = attrs.field(factory=list)
    line: int = 2  # the line the next chunk starts on
    n: int = 0  # rows so far
    memo: dict[str, Any] = attrs.field(factory=dict)

    def add(self, tokens: Tokens, count: int, lines: list[int]) -> None:
        """One chunk of ``count`` rows, given column by column (see :func:`columns_input`)."""
        self.rows.base = self.n
        part, births = columns_input(
            tokens, count, lines, self.compiled, seen=self.seen, rows=self.rows, memo=self.memo
        )
        self.parts.append(part)
        self.births += births
        self.n += count
        if self.on_rows is not None:
            self.on_rows(self.n)

    def add_records(self, records: list[list[str]], lines: list[int]) -> None:
        """One chunk of rows given as their cells (issue 23: JSON Lines), each row starting
        on the line given."""
        self.add(_tokens(records, lines, len(self.seen), self), len(records), lines)

    def finish(self) -> Result:
        """Every row checked together (ids, dates, duplicates, judgements); the valid rows,
        every problem in file order, and the number of bad rows."""
        self.rows.base = 0
        data = concat(self.parts, self.compiled)
        self.parts.clear()  # the chunks are copied into data: free them before the checks score
        check_rows(self.compiled, data, self.rows, seen=self.seen, births=self.births)
        # file order, whatever the chunk size (stable: a cell's problems keep their order)
        self.rows.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        return keep_valid(data, self.rows)


def read_lines(fh: Iterable[str], delimiter: str, reading: Reading) -> None:
    """Read text lines (a file opened with ``newline=""``) through the csv module,
    ``CHUNK_ROWS`` lines at a time (a quoted cell may run on past a chunk)."""
    lines = iter(fh)
    while True:
        raw = list(islice(lines, CHUNK_ROWS))
        if not raw:
            break
        while "".join(raw).count('"') % 2:  # a quoted cell runs on past the chunk
            more = next(lines, "")
            if not more:
                break
            raw.append(more)
        chunk, at = _records(raw, delimiter, reading.line)
        reading.line += len(raw)
        if chunk:
            reading.add(_tokens(chunk, at, len(reading.seen), reading), len(chunk), at)


def _records(raw: list[str], delimiter: str, first: int) -> tuple[list[list[str]], list[int]]:
    """Records of a run of lines and the line each starts on (blank lines skipped)."""
    records = list(csv.reader(raw, delimiter=delimiter))
    if len(records) == len(raw) and [] not in records:  # one line per record: no loop
        return records, list(range(first, first + len(raw)))
    reader = csv.reader(raw, delimiter=delimiter)
    out: list[list[str]] = []
    lines: list[int] = []
    end = first - 1
    for rec in reader:
        start, end = end + 1, first - 1 + reader.line_num
        if rec:
            out.append(rec)
            lines.append(start)
    return out, lines


def _tokens(records: list[list[str]], lines: list[int], width: int, reading: Reading) -> Tokens:
    """The records of one chunk as token ids per column (ragged rows reported and blanked)."""
    rows = reading.rows
    rows.base = reading.n
    n = len(records)
    for r, rec in enumerate(records):
        if len(rec) != width:
            rows.add(
                r,
                line=lines[r],
                column=None,
                where="$",
                message=f"this row has {len(rec)} cells; the header has {width}",
                code=Code.WRONG_TYPE,
            )
            rows.broken.add(rows.base + r)
            records[r] = [""] * width
    # One C-level pass turns every cell into a token id (each distinct text once per
    # chunk): no per-row or per-cell Python, no transpose of the records.
    tokens: defaultdict[str, int] = defaultdict()
    tokens.default_factory = tokens.__len__
    cells = chain.from_iterable(records)
    ids = np.fromiter(map(tokens.__getitem__, cells), dtype=np.int64, count=n * width)
    ids = ids.reshape(n, width)
    texts = np.array([t.strip() for t in tokens], dtype=object)
    seen = reading.seen
    return lambda name_: (ids[:, seen[name_]], texts)


Tokens = Callable[[str], tuple[npt.NDArray[np.integer[Any]], npt.NDArray[Any]]]


def columns_input(
    tokens: Tokens,
    n: int,
    lines: list[int],
    compiled: Compiled,
    *,
    seen: dict[str, int],
    rows: Rows,
    memo: dict[str, Any],
) -> tuple[BatchInput, list[tuple[str, str]]]:
    """Rows given column by column as token ids into stripped texts (``tokens(name)``), as a
    batch input with every cell checked; also the birth months and
    written ages (for the date and age checks)."""

    def column(name_: str) -> list[str]:
        """Stripped cells of a column (equal texts share one string)."""
        if name_ not in seen:
            return [""] * n
        ids, texts = tokens(name_)
        out: list[str] = texts[ids].tolist()
        return out

    dates = _dates(column("date"), "date", seen=seen, rows=rows, lines=lines, memo=memo)
    case_ids = column("case_id")
    for r, cid in enumerate(case_ids if "" in case_ids else []):  # rows only when one is empty
        if not cid:
            rows.add(
                r,
                line=lines[r],
                column=seen["case_id"] + 1,
                where="case_id",
                message="the case id is empty",
                code=Code.MISSING_KEY,
            )
    inst = compiled.instrument
    attributes = read_attributes(inst, column, seen=seen, dates=dates, rows=rows, lines=lines)
    answers = np.full((n, len(compiled.item_ids)), UNANSWERED, dtype=np.int16)
    for k, item_id in enumerate(compiled.item_ids):
        if item_id in seen:
            ids, texts = tokens(item_id)
            answers[:, k] = encode_column(
                compiled,
                k,
                ids=ids,
                texts=texts,
                rows=rows,
                col=seen[item_id] + 1,
                lines=lines,
            )
    check_applicability(compiled, answers, attributes=attributes, rows=rows, lines=lines, seen=seen)
    judged_on = _dates(
        column("judgement_date"), "judgement_date", seen=seen, rows=rows, lines=lines, memo=memo
    )

    def optional(name_: str) -> list[str | None]:
        """A column's cells, None for an empty one (decided once per distinct text)."""
        if name_ not in seen:
            return [None] * n
        ids, texts = tokens(name_)
        texts = texts.copy()
        texts[texts == ""] = None
        out: list[str | None] = texts[ids].tolist()
        return out

    part = BatchInput(
        case_ids,
        dates,
        answers,
        attributes,
        optional("judgement"),
        optional("program"),
        lines,
        optional("judgement_reason"),
        optional("judgement_author"),
        [None if d == _dt.date.min else d for d in judged_on]
        if _dt.date.min in judged_on
        else judged_on,
        further=_further(column, inst, seen=seen, rows=rows, lines=lines, memo=memo),
    )
    return part, list(zip(column("birth_year_month"), column("age"), strict=True))


def _further(
    column: Callable[[str], list[str]],
    inst: Instrument,
    *,
    seen: dict[str, int],
    rows: Rows,
    lines: list[int],
    memo: dict[str, Any],
) -> dict[str, Judged]:
    """Issue 13: the columns of each further judged score (``<score>_judgement``, …)."""
    out: dict[str, Judged] = {}
    for s in further_scores(inst):
        level, reason, author, date = (f"{s}{suffix}" for suffix in JUDGED_SUFFIXES)
        days = _dates(column(date), date, seen=seen, rows=rows, lines=lines, memo=memo)
        out[s] = Judged(
            [x or None for x in column(level)],
            [x or None for x in column(reason)],
            [x or None for x in column(author)],
            [None if d == _dt.date.min else d for d in days],
        )
    return out


def _dates(
    cells: list[str],
    where: str,
    *,
    seen: dict[str, int],
    rows: Rows,
    lines: list[int],
    memo: dict[str, Any],
) -> list[Any]:
    """Dates of a column, each distinct text parsed once; unreadable ones are reported
    and read as ``date.min`` (empty optional cells as None)."""
    parsed: dict[str, Any] = {}
    for text in set(cells):  # each distinct text once
        key = f"\0{where}\0{text}"
        if key not in memo:
            try:  # strictly YYYY-MM-DD within the allowed range (issue 14)
                memo[key] = parse_date(text) if text or where == "date" else None
            except ScalarError as exc:
                memo[key] = exc
        parsed[text] = memo[key]
    out = list(map(parsed.__getitem__, cells))
    if any(isinstance(v, ScalarError) for v in parsed.values()):
        for r, day in enumerate(out):
            if isinstance(day, ScalarError):
                rows.add(
                    r,
                    line=lines[r],
                    column=seen[where] + 1,
                    where=where,
                    message=day.message,
                    code=day.code,
                )
                out[r] = _dt.date.min  # unreadable: the later checks pass over it
    return out


def concat(parts: list[BatchInput], compiled: Compiled) -> BatchInput:
    if not parts:
        return empty_input(compiled)
    if len(parts) == 1:
        return parts[0]

    def joined(field: str) -> list[Any]:
        out: list[Any] = []
        for p in parts:
            out += getattr(p, field)
        return out

    attributes: dict[str, npt.NDArray[Any]] = {
        k: np.concatenate([p.attributes[k] for p in parts]) for k in parts[0].attributes
    }
    return BatchInput(
        joined("case_ids"),
        joined("dates"),
        np.concatenate([p.answers for p in parts]),
        attributes,
        joined("judgements"),
        joined("programs"),
        joined("lines"),
        joined("reasons"),
        joined("authors"),
        joined("judged_on"),
        further={s: Judged.join([p.further[s] for p in parts]) for s in parts[0].further},
    )
