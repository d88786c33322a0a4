"""Excel workbooks (``.xlsx``) as batch input: the first sheet, read like a CSV.

Municipal analysts hold their follow-up data in Excel. The first worksheet is turned into
CSV text cell by cell and read by :func:`sigrbm.batch.read_csv.read_csv`, so every check,
code and location is the CSV path's: line = the sheet's row number, column = its column
number. Dates stored as Excel dates become ``YYYY-MM-DD``; whole numbers stored as
floating point (``15.0``) are written ``15``. Needs the optional extra ``xlsx``
(openpyxl); without it the file is refused with a message naming the extra.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import zipfile
from typing import Any

from sigrbm.batch.compile import Compiled
from sigrbm.batch.input import BatchInput, empty_input
from sigrbm.batch.read_csv import read_csv
from sigrbm.errors import Code, Problem

#: Rows read from a sheet at most (the CSV reader's own limits apply to what follows).
MAX_ROWS = 2_000_000


def _text(value: Any) -> str:
    """A cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _refused(name: str, message: str, compiled: Compiled) -> tuple[BatchInput, list[Problem], int]:
    return (
        empty_input(compiled),
        [Problem(code=Code.UNREADABLE, path=(), message=message, file=name)],
        0,
    )


def read_xlsx(
    path: str | os.PathLike[str], compiled: Compiled
) -> tuple[BatchInput, list[Problem], int]:
    """Read the first sheet of an ``.xlsx`` workbook as batch input (see the module doc)."""
    name = os.fspath(path)
    try:
        import openpyxl
    except ImportError:
        return _refused(
            name,
            "reading .xlsx needs the optional extra: pip install 'sigrbm[xlsx]' "
            "(or save the sheet as CSV)",
            compiled,
        )
    try:
        book = openpyxl.load_workbook(name, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = (
            exc.strerror if isinstance(exc, OSError) and exc.strerror else "not an .xlsx workbook"
        )
        return _refused(name, f"cannot read the file: {reason}", compiled)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    try:
        sheet = book.worksheets[0]
        width = 0  # the header's: a sheet pads rows with empty cells to its widest row
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                return _refused(name, f"the sheet has more than {MAX_ROWS:,} rows", compiled)
            cells = [_text(v).replace("\r", " ").replace("\n", " ") for v in row]
            while len(cells) > width and cells and cells[-1] == "":
                cells.pop()
            if number == 1:
                width = len(cells)
            elif any(cells):
                cells += [""] * (width - len(cells))
            writer.writerow(cells)
    finally:
        book.close()
    return read_csv(name, compiled, text=out.getvalue(), delimiter=",")
