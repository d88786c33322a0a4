"""Batch results as columns, and columns as CSV or JSON Lines text, written in blocks.

Results are built column by column from the result arrays (one numpy operation per column,
never a look-up per row and target), so writing is linear in the number of rows. Text
cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return; OWASP "CSV injection") are written with a leading ``'``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
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


@attrs.define
class ResultColumns:
    """The result columns, built one block of rows at a time (memory stays bounded)."""

    data: BatchInput
    result: BatchResult

    def __len__(self) -> int:
        return len(self.data)

    @property
    def names(self) -> list[str]:
        return list(self.block(0, 0))

    def block(self, s: int, e: int) -> dict[str, Column]:
        """Every column for rows ``s`` to ``e``."""
        data, result = self.data, self.result
        c = result.compiled
        inst = c.instrument
        rows = slice(s, e)
        n = len(range(*rows.indices(len(data))))
        days = data.dates[rows]
        texts = {d: d.isoformat() for d in set(days)}
        cols: dict[str, Column] = {
            "case_id": np.asarray(data.case_ids[rows], dtype=object),
            "date": np.asarray([texts[d] for d in days], dtype=object),
            "instrument_id": np.full(n, inst.id, dtype=object),
            "version": np.full(n, inst.version, dtype=object),
            "content_hash": np.full(n, inst.content_hash, dtype=object),
        }
        if inst.judgement is not None:
            computed = result.level_ids(inst.judgement.score, rows)
            judged = np.asarray([j or "" for j in data.judgements[rows]], dtype=object)
            cols["overall_computed"] = computed
            cols["overall_judgement"] = judged
            cols["overall_final"] = np.where(judged != "", judged, computed)
            for score in inst.judgement.further_scores:  # issue 13: each further judged score
                computed = result.level_ids(score, rows)
                levels = data.judged(score).levels[rows]
                judged = np.asarray([j or "" for j in levels], dtype=object)
                cols[f"{score}_computed"] = computed
                cols[f"{score}_judgement"] = judged
                cols[f"{score}_final"] = np.where(judged != "", judged, computed)
        looked = {t: k for k, t in enumerate(sorted(c.lookups))}
        for t, target in enumerate(c.targets):
            cols[f"{target}_low"] = result.low[rows, t]
            cols[f"{target}_high"] = result.high[rows, t]
            cols[f"{target}_level"] = (
                result.level_ids(target, rows) if t in c.level_sets else np.full(n, "", object)
            )
            if t in looked and result.raw_low is not None and result.raw_high is not None:
                k = looked[t]  # issue 13: the range before the lookup
                cols[f"{target}_raw_low"] = result.raw_low[rows, k]
                cols[f"{target}_raw_high"] = result.raw_high[rows, k]
            if t in c.band_attrs:  # issue 16: why a level is open (bands chosen by attributes)
                cols[f"{target}_band_needs"] = result.band_needs_ids(target, rows)
        for f_i, fl in enumerate(inst.floors):
            cols[f"floor_{fl.id}"] = _TRUTH[result.floors[rows, f_i]]
        for g_i, fg in enumerate(inst.flags):
            cols[f"flag_{fg.id}"] = _TRUTH[result.flags[rows, g_i]]
        return cols

    def plain(self, delimiter: str = ",") -> bool:
        """No cell needs CSV quoting (ids, levels and numbers never do; input text may)."""
        inst = self.result.compiled.instrument
        texts = set(self.data.case_ids) | {j for j in self.data.judgements if j}
        texts |= {j for f in self.data.further.values() for j in f.levels if j}
        texts |= {inst.id, inst.version, inst.content_hash}
        return not any(any(ch in t for ch in f'{delimiter}"\r\n') for t in texts)


def result_columns(data: BatchInput, result: BatchResult) -> ResultColumns:
    """The result columns with the instrument stamp, built block by block when written."""
    return ResultColumns(data, result)


#: Columns whose text comes from the input (the others are numbers or instrument ids).
FROM_INPUT = ("case_id", "overall_judgement", "overall_final")


def _blocks(
    cols: ResultColumns, *, as_text: bool, nulls: bool = False, decimal: str = "."
) -> Iterator[Iterable[tuple[Any, ...]]]:
    """Rows in blocks (floats as Python numbers, which csv and json write as their repr, or
    as text: :func:`number_texts`); input text neutralised for spreadsheets when ``as_text``;
    an empty text cell (an undetermined level, no judgement) as None when ``nulls`` (JSON
    Lines)."""
    for s in range(0, len(cols), BLOCK):
        part = []
        for name, col in cols.block(s, s + BLOCK).items():
            piece = col
            if as_text and (name in FROM_INPUT or name.endswith(("_judgement", "_final"))):
                piece = neutralise(col)
            elif as_text and col.dtype.kind == "f":
                piece = number_texts(col, decimal)
            elif nulls and col.dtype == object:
                piece = col.copy()
                piece[col == ""] = None
            part.append(piece.tolist())
        yield zip(*part, strict=True)


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


def write_columns(
    cols: ResultColumns, fmt: str, fh: IO[str], *, style: CsvStyle = PLAIN_CSV
) -> None:
    """Write result columns to an open text file as CSV (header first, in ``style``) or JSON
    Lines."""
    names = cols.names
    if fmt == "jsonl":
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        for block in _blocks(cols, as_text=False, nulls=True):
            fh.write("".join(dumps(dict(zip(names, row, strict=True))) + "\n" for row in block))
        return
    writer = csv.writer(fh, lineterminator="\r\n", delimiter=style.delimiter)
    if len(cols) == 0:
        return
    if style.bom:
        fh.write("\ufeff")
    writer.writerow(names)
    # Every cell is text by now. When no text needs CSV quoting (the usual case: ids,
    # levels and numbers), lines are joined directly, which is several times faster.
    plain = cols.plain(style.delimiter)
    join = style.delimiter.join
    for block in _blocks(cols, as_text=True, decimal=style.decimal):
        if plain:
            fh.write("".join(join(row) + "\r\n" for row in block))
        else:
            writer.writerows(block)


def result_rows(data: BatchInput, result: BatchResult) -> Iterable[dict[str, Any]]:
    """One flat mapping per assessment with the instrument stamp (for CSV and JSON Lines)."""
    cols = result_columns(data, result)
    names = cols.names
    for block in _blocks(cols, as_text=False):
        for row in block:
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
