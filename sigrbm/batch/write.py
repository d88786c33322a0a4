"""Batch results as columns, and columns as CSV or JSON Lines text, written in blocks.

Results are built column by column from the result arrays (one numpy operation per column,
never a look-up per row and target), so writing is linear in the number of rows. Text is made
column by column too (issue 23, round 2): a column of few distinct values (levels, scores,
dates, yes/no, the instrument stamp) is :class:`Coded`, each distinct value is turned into
its text once, and adjacent such columns are joined once per combination of their values
that occurs, so each line is the join of a few texts rather than of every cell. Whether a
cell needs CSV quoting is decided for each distinct value, so a text holding the delimiter
is quoted in any column. Text cells that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return; OWASP "CSV injection") are written with
a leading ``'``. The output is byte for byte what the row writer before it wrote
(tests/test_batch_write_columnar.py).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.encoding import PLAIN_CSV, CsvStyle
from sigrbm.batch.input import BatchInput
from sigrbm.batch.kernel import BatchResult

#: Leading characters that make a spreadsheet cell a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BLOCK = 20_000  # rows per block of text
_TRUTH = np.array(["no", "unknown", "yes"], dtype=object)

Column = npt.NDArray[Any]


def neutralise(cells: Column) -> Column:
    """Text cells with a leading ``'`` where a spreadsheet would start a formula."""
    if cells.dtype != object:
        return cells
    risky = {c for c in set(cells.tolist()) if isinstance(c, str) and c.startswith(FORMULA_START)}
    if not risky:  # each distinct text is looked at once
        return cells
    return np.array([f"'{c}" if c in risky else c for c in cells.tolist()], dtype=object)


@attrs.frozen
class Coded:
    """A column as its distinct values and each row's index into them (-1: the last)."""

    values: Column
    codes: npt.NDArray[np.integer[Any]]

    def decoded(self) -> Column:
        return self.values[self.codes]  # type: ignore[no-any-return]


def _constant(value: str, n: int) -> Coded:
    return Coded(np.array([value], dtype=object), np.zeros(n, np.intp))


@attrs.define
class ResultColumns:
    """The result columns, built one block of rows at a time (memory stays bounded)."""

    data: BatchInput
    result: BatchResult

    def __len__(self) -> int:
        return len(self.data)

    @property
    def names(self) -> list[str]:
        return list(self.parts(0, 0))

    def block(self, s: int, e: int) -> dict[str, Column]:
        """Every column for rows ``s`` to ``e``."""
        return {k: v.decoded() if isinstance(v, Coded) else v for k, v in self.parts(s, e).items()}

    def parts(self, s: int, e: int) -> dict[str, Column | Coded]:
        """Every column for rows ``s`` to ``e``; a column of few distinct values as
        :class:`Coded` (levels, dates, yes/no, the instrument stamp)."""
        data, result = self.data, self.result
        c = result.compiled
        inst = c.instrument
        rows = slice(s, e)
        n = len(range(*rows.indices(len(data))))
        days = data.dates[rows]
        index = {d: i for i, d in enumerate(dict.fromkeys(days))}
        cols: dict[str, Column | Coded] = {
            "case_id": np.asarray(data.case_ids[rows], dtype=object),
            "date": Coded(
                np.array([d.isoformat() for d in index], dtype=object),
                np.fromiter(map(index.__getitem__, days), np.intp, n),
            ),
            "instrument_id": _constant(inst.id, n),
            "version": _constant(inst.version, n),
            "content_hash": _constant(inst.content_hash, n),
        }
        if inst.judgement is not None:
            for score, prefix in (
                (inst.judgement.score, "overall"),  # issue 13: each further judged score
                *((f, f) for f in inst.judgement.further_scores),
            ):
                computed = result.level_ids(score, rows)
                given = data.judgements if prefix == "overall" else data.judged(score).levels
                judged = np.asarray([j or "" for j in given[rows]], dtype=object)
                cols[f"{prefix}_computed"] = Coded(*result.level_codes(score, rows))
                cols[f"{prefix}_judgement"] = judged
                cols[f"{prefix}_final"] = np.where(judged != "", judged, computed)
        looked = {t: k for k, t in enumerate(sorted(c.lookups))}
        for t, target in enumerate(c.targets):
            cols[f"{target}_low"] = result.low[rows, t]
            cols[f"{target}_high"] = result.high[rows, t]
            cols[f"{target}_level"] = (
                Coded(*result.level_codes(target, rows)) if t in c.level_sets else _constant("", n)
            )
            if t in looked and result.raw_low is not None and result.raw_high is not None:
                k = looked[t]  # issue 13: the range before the lookup
                cols[f"{target}_raw_low"] = result.raw_low[rows, k]
                cols[f"{target}_raw_high"] = result.raw_high[rows, k]
            if t in c.band_attrs:  # issue 16: why a level is open (bands chosen by attributes)
                cols[f"{target}_band_needs"] = result.band_needs_ids(target, rows)
        for f_i, fl in enumerate(inst.floors):
            cols[f"floor_{fl.id}"] = Coded(_TRUTH, result.floors[rows, f_i])
        for g_i, fg in enumerate(inst.flags):
            cols[f"flag_{fg.id}"] = Coded(_TRUTH, result.flags[rows, g_i])
        return cols


def result_columns(data: BatchInput, result: BatchResult) -> ResultColumns:
    """The result columns with the instrument stamp, built block by block when written."""
    return ResultColumns(data, result)


#: Columns whose text comes from the input (the others are numbers or instrument ids).
FROM_INPUT = ("case_id", "overall_judgement", "overall_final")
#: A text that a CSV writer quotes holds one of these (or the delimiter).
_CSV_SPECIAL = ('"', "\r", "\n")
#: A block of columns is joined into one text per combination of their values while there
#: are at most this many combinations (and ROWS_PER_TEXT rows per combination).
_COMBINATIONS = 4096
ROWS_PER_TEXT = 8


def _from_input(name: str) -> bool:
    return name in FROM_INPUT or name.endswith(("_judgement", "_final"))


def _coded(col: Column | Coded) -> Coded | None:
    """A column as distinct values and codes, or None when many of its values are distinct
    (case ids: coding them would cost more than it saves)."""
    if isinstance(col, Coded):
        return col
    if col.dtype.kind == "f":
        return _coded_numbers(col)
    cells = col.tolist()
    if len(set(cells[:64])) * ROWS_PER_TEXT > max(64, len(cells)):
        return None
    distinct = list(dict.fromkeys(cells))
    if len(distinct) * ROWS_PER_TEXT > len(cells):
        return None
    index = {v: i for i, v in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, cells), np.intp, len(cells))
    return Coded(np.array(distinct, dtype=object), codes)


def _coded_numbers(col: npt.NDArray[np.float64]) -> Coded:
    """Numbers as distinct values (by their bits: -0.0 is not 0.0) and codes; whole numbers
    of a short range (scores) by counting, others by sorting."""
    with np.errstate(invalid="ignore"):  # nan and inf are not whole: sorted below
        whole = col.astype(np.intp)
    if len(col) and (whole == col).all() and not np.signbit(col).any():
        lo = int(whole.min())
        whole -= lo
        if int(whole.max()) < 1 << 16:
            counts = np.bincount(whole)
            used = np.flatnonzero(counts)
            renumber = np.zeros(len(counts), np.intp)
            renumber[used] = np.arange(len(used))
            return Coded((used + lo).astype(np.float64), renumber[whole])
    bits, codes = np.unique(col.view(np.int64), return_inverse=True)
    return Coded(bits.view(np.float64), codes.ravel())


@attrs.frozen
class _Format:
    """How one cell becomes text: CSV (``style``) or JSON Lines (``style`` None)."""

    style: CsvStyle | None

    def __call__(self, name: str, values: Column) -> list[str]:
        """The text of each of ``values`` of column ``name``."""
        cells = values.tolist()
        if self.style is None:  # as json writes a row: '' (no level, no judgement) as null
            if values.dtype == object:
                cells = [None if v == "" else v for v in cells]
            return list(map(_DUMPS, cells))
        if values.dtype.kind == "f":
            return [number_text(v, self.style.decimal) for v in cells]
        if _from_input(name):
            cells = [formula_safe(v) for v in cells]
        return [self.quoted(v) for v in cells]

    def quoted(self, value: Any) -> str:
        """A cell as csv writes it (quoted where it holds the delimiter, a quote or a line
        break: the csv module decides)."""
        assert self.style is not None
        text = "" if value is None else str(value)
        if self.style.delimiter not in text and not any(ch in text for ch in _CSV_SPECIAL):
            return text
        buf = io.StringIO()
        csv.writer(buf, delimiter=self.style.delimiter, lineterminator="\r\n").writerow([text])
        return buf.getvalue()[:-2]

    def texts(self, name: str, col: Column) -> list[str]:
        """The text of every cell of a column of mostly distinct values (case ids): as they
        are when no cell can need a ``'`` or quotes (one look at all of them), else cell by
        cell."""
        cells: list[Any] = col.tolist()
        if self.style is None:
            return self(name, col)
        try:
            whole = "\x00" + "\x00".join(cells)
        except TypeError:  # not all text
            whole = "\x00="
        if (_from_input(name) and any("\x00" + ch in whole for ch in FORMULA_START)) or any(
            ch in whole for ch in (self.style.delimiter, *_CSV_SPECIAL)
        ):
            return self(name, col)
        return cells


_DUMPS = json.JSONEncoder(ensure_ascii=False).encode


def _lines(parts: dict[str, Column | Coded], seps: list[str], fmt: _Format) -> str:
    """The text of a block of rows: ``seps[0]``, column 0, ``seps[1]``, column 1, …, the
    last separator (the line end). Adjacent columns of few distinct values are joined once
    per combination of their values that occurs (at most one per ROWS_PER_TEXT rows), so
    each line is the join of a few texts."""
    first = next(iter(parts.values()))
    n = len(first.codes if isinstance(first, Coded) else first)
    limit = max(16, n // ROWS_PER_TEXT)
    pieces: list[list[str]] = []
    texts: list[str] = [seps[0]]  # the combinations of the current group, as text
    codes: npt.NDArray[np.intp] = np.zeros(n, np.intp)
    for (name, col), sep in zip(parts.items(), seps[1:], strict=True):
        coded = _coded(col)
        if coded is None:  # mostly distinct (case ids): a piece of its own
            assert not isinstance(col, Coded)
            pieces.append(np.array(texts, dtype=object)[codes].tolist())
            pieces.append(fmt.texts(name, col))
            texts, codes = [sep], np.zeros(n, np.intp)
            continue
        values = [v + sep for v in fmt(name, coded.values)]
        size = len(values)
        sub = (coded.codes % size).astype(np.intp)  # -1: the last value
        if len(texts) * size > limit:
            pieces.append(np.array(texts, dtype=object)[codes].tolist())
            texts, codes = values, sub
            continue
        both = codes * size + sub
        used = np.flatnonzero(np.bincount(both, minlength=len(texts) * size))
        renumber = np.zeros(len(texts) * size, np.intp)
        renumber[used] = np.arange(len(used))
        texts = [texts[u // size] + values[u % size] for u in used.tolist()]
        codes = renumber[both]
    pieces.append(np.array(texts, dtype=object)[codes].tolist())
    if len(pieces) == 1:
        return "".join(pieces[0])
    return "".join(map("".join, zip(*pieces, strict=True)))


def write_columns(
    cols: ResultColumns, fmt: str, fh: IO[str], *, style: CsvStyle = PLAIN_CSV
) -> None:
    """Write result columns to an open text file as CSV (header first, in ``style``) or JSON
    Lines, a block of rows at a time, column by column (each distinct value's text made once;
    :func:`_lines`)."""
    names = cols.names
    if len(cols) == 0:
        return
    if fmt == "jsonl":
        form = _Format(None)
        keys = [_DUMPS(k) + ": " for k in names]
        seps = ["{" + keys[0], *(", " + k for k in keys[1:]), "}\n"]
    else:
        form = _Format(style)
        if style.bom:
            fh.write("\ufeff")
        csv.writer(fh, lineterminator="\r\n", delimiter=style.delimiter).writerow(names)
        seps = ["", *[style.delimiter] * (len(names) - 1), "\r\n"]
    for s in range(0, len(cols), BLOCK):
        fh.write(_lines(cols.parts(s, s + BLOCK), seps, form))


def number_text(value: float, decimal: str = ".") -> str:
    """A number as a spreadsheet reads it: a whole number without a fraction (``4``, not
    ``4.0``; issue 23), else Python's shortest round-trip text, with ``decimal`` as the
    decimal mark (``,`` for Swedish spreadsheet programs)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return text.replace(".", decimal) if decimal != "." else text


def number_texts(values: npt.NDArray[np.float64], decimal: str = ".") -> Column:
    """:func:`number_text` of each value, each distinct value formatted once."""
    distinct, inverse = np.unique(values + 0.0, return_inverse=True)  # -0.0 as 0.0
    texts = np.array([number_text(v, decimal) for v in distinct.tolist()], dtype=object)
    return texts[inverse.ravel()]


def result_rows(data: BatchInput, result: BatchResult) -> Iterable[dict[str, Any]]:
    """One flat mapping per assessment with the instrument stamp (for CSV and JSON Lines)."""
    cols = result_columns(data, result)
    names = cols.names
    for s in range(0, len(cols), BLOCK):
        block = [c.tolist() for c in cols.block(s, s + BLOCK).values()]
        for row in zip(*block, strict=True):
            yield dict(zip(names, row, strict=True))


def write_results(rows: Iterable[dict[str, Any]], fmt: str) -> str:
    """CSV or JSON Lines text for result rows (small outputs; files use :func:`write_columns`)."""
    rows = list(rows)
    if fmt == "jsonl":  # an empty cell (undetermined level, no judgement) is null
        return "".join(
            json.dumps({k: None if v == "" else v for k, v in r.items()}, ensure_ascii=False) + "\n"
            for r in rows
        )
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: formula_safe(v) for k, v in r.items()} for r in rows)
    return out.getvalue()


def formula_safe(value: Any) -> Any:
    """A text cell with a leading ``'`` where a spreadsheet would start a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
