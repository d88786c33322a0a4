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
import warnings
import zipfile
from typing import Any

from sigrbm.batch.compile import Compiled
from sigrbm.batch.input import BatchInput, empty_input
from sigrbm.batch.read_csv import read_csv, unreadable
from sigrbm.batch.workbook import (
    MAX_PACKED_BYTES,
    MAX_ROWS,
    WorkbookError,
    open_workbook,
    scan_sheet,
)
from sigrbm.errors import Code, Problem, sort_problems
from sigrbm.reading.files import InputFileError, read_limited


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
    return _failed(Problem(code=Code.UNREADABLE, path=(), message=message, file=name), compiled)


def _failed(problem: Problem, compiled: Compiled) -> tuple[BatchInput, list[Problem], int]:
    return empty_input(compiled), [problem], 0


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
    try:  # issue 22: a regular file, bounded; the zip checked before it is unpacked
        raw = read_limited(name, MAX_PACKED_BYTES)
        book = open_workbook(raw, name)
        with warnings.catch_warnings():  # openpyxl warns of styles it does not know
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except InputFileError as exc:
        return _failed(unreadable(exc, name), compiled)
    except WorkbookError as exc:
        return _failed(exc.problem, compiled)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        return _failed(_broken(name, "the workbook's parts cannot be read"), compiled)
    try:
        return _read_sheet(workbook, book, name, compiled)
    except WorkbookError as exc:
        return _failed(exc.problem, compiled)
    finally:
        workbook.close()


def _broken(name: str, what: str, row: int | None = None) -> Problem:
    return Problem(
        code=Code.WORKBOOK_BROKEN,
        path=(),
        message=f"{what}; save the workbook again in Excel or LibreOffice, or save it as CSV",
        file=name,
        line=row,
    )


def _read_sheet(
    workbook: Any, book: zipfile.ZipFile, name: str, compiled: Compiled
) -> tuple[BatchInput, list[Problem], int]:
    if not workbook.worksheets:
        return _failed(_broken(name, "the workbook has no worksheet"), compiled)
    sheet = workbook.worksheets[0]
    part = getattr(sheet, "_worksheet_path", None)
    formulas, formula_rows = scan_sheet(book, part, name) if part else ([], set())
    if 1 in formula_rows:  # the header: nothing can be read
        return empty_input(compiled), formulas, 0
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    number = 0
    try:
        sheet.reset_dimensions()  # rows as stored, not padded to a declared size
        width = 0  # the header's: a sheet pads rows with empty cells to its widest row
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise WorkbookError(
                    Problem(
                        code=Code.TOO_LARGE,
                        path=(),
                        message=f"the sheet has more than {MAX_ROWS:,} rows",
                        file=name,
                        line=number,
                    )
                )
            cells = [_text(v).replace("\r", " ").replace("\n", " ") for v in row]
            if number in formula_rows:  # reported above: the row is left out, not read empty
                cells = []
            while len(cells) > width and cells and cells[-1] == "":
                cells.pop()
            if number == 1:
                width = len(cells)
            elif any(cells):
                cells += [""] * (width - len(cells))
            writer.writerow(cells)
    except WorkbookError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged sheet
        return _failed(_broken(name, "the first sheet cannot be read", number + 1), compiled)
    data, problems, bad = read_csv(name, compiled, text=out.getvalue(), delimiter=",")
    if not formulas:
        return data, problems, bad
    return data, sort_problems([*formulas, *problems]), bad + len(formula_rows)
