"""Batch results as an Excel workbook (``.xlsx``, issue 23), for offices that work in Excel.

One sheet, the header row first, then one row per assessment: numbers as numbers (whole
numbers as integers), everything else as text — a text cell is always stored as text, never
as a formula, whatever it starts with. Excel holds at most 1,048,576 rows, header included;
larger results are refused before anything is written (:class:`TooManyRowsError`). Needs the
optional extra ``xlsx`` (openpyxl).
"""

from __future__ import annotations

import math
from typing import Any, BinaryIO

from sigrbm.batch.write import BLOCK, ResultColumns

#: Excel's rows per sheet, the header row included.
MAX_ROWS = 1_048_576


class TooManyRowsError(ValueError):
    """More results than an Excel sheet holds."""


def write_xlsx(cols: ResultColumns, fh: BinaryIO) -> None:
    """Write the result columns as a workbook to an open binary file. Raises ImportError
    without openpyxl and :class:`TooManyRowsError` beyond Excel's rows."""
    if len(cols) + 1 > MAX_ROWS:
        raise TooManyRowsError(
            f"{len(cols):,} results do not fit in an Excel sheet ({MAX_ROWS - 1:,} rows at "
            "most); write CSV (--excel-sv) instead"
        )
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("sigrbm")
    names = cols.names
    sheet.append(names)

    def text(value: str) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text stays text: '=…' is never a formula
        return cell

    for s in range(0, len(cols), BLOCK):
        columns = []
        for col in cols.block(s, s + BLOCK).values():
            if col.dtype.kind == "f":
                columns.append([_number(v) for v in col.tolist()])
            else:
                columns.append([text(v) if v else None for v in col.tolist()])
        for row in zip(*columns, strict=True):
            sheet.append(row)
    book.save(fh)


def _number(value: float) -> int | float | None:
    """A whole number as an integer; no number (NaN, infinite) as an empty cell."""
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value
