"""Excel input (issue 15): the first sheet read exactly like the same rows as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from sigrbm.cli import main

from .conftest import CORPUS

openpyxl = pytest.importorskip("openpyxl")

VALID = CORPUS / "batch" / "valid.csv"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _as_excel_types(rows: list[list[str]]) -> list[list[object]]:
    """What Excel stores: dates as dates, numbers as floats, empty cells as None."""
    out: list[list[object]] = [list(rows[0])]
    for row in rows[1:]:
        cells: list[object] = []
        for name, text in zip(rows[0], row, strict=True):
            if text == "":
                cells.append(None)
            elif name in ("date", "judgement_date"):
                cells.append(dt.datetime.fromisoformat(text))
            elif name == "age":
                cells.append(float(text))
            else:
                cells.append(text)
        out.append(cells)
    return out


def test_a_workbook_gives_the_results_of_the_same_rows_as_csv(tmp_path: Path) -> None:
    rows = list(csv.reader(VALID.read_text(encoding="utf-8").splitlines()))
    book = _sheet(tmp_path / "data.xlsx", _as_excel_types(rows))
    args = ("--instrument", "check-irk", "--format", "jsonl")
    from_csv = run("batch", str(VALID), *args)
    from_xlsx = run("batch", str(book), *args)
    assert from_csv[0] == 0
    assert from_xlsx == from_csv


def test_a_bad_cell_is_located_at_its_row_and_column(tmp_path: Path) -> None:
    book = _sheet(
        tmp_path / "bad.xlsx",
        [
            ["case_id", "date", "age", "irk_kriminalitet"],
            ["a1", dt.datetime(2026, 1, 10), 15.0, "ja"],
            ["a2", dt.datetime(2026, 1, 11), 16.0, "jaa"],
        ],
    )
    code, out, err = run("batch", str(book), "--instrument", "check-irk")
    assert (code, out) == (1, "")
    assert err.startswith(f"{book}:3:4: rows[1].irk_kriminalitet: 'jaa' is not an answer")
    assert err.splitlines()[0].endswith("[C601]")


def test_not_a_workbook_is_a_located_problem(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("case_id,date\n", encoding="utf-8")
    code, out, err = run("batch", str(fake), "--instrument", "check-irk")
    assert (code, out) == (1, "")
    assert err.startswith(f"{fake}: $: cannot read the file: not an .xlsx workbook [E107]")
