"""Batch output written column by column (issue 23, round 2) is byte for byte what the row
writer it replaced wrote: CSV (plain and ``--excel-sv``: ``;``, decimal comma, BOM, whole
numbers as ``4``, text cells a spreadsheet would run as a formula with a leading ``'``) and
JSON Lines (an empty text cell as null, numbers as json writes them).

:func:`previous` is that row writer, kept here as the reference: each cell as text, then one
join per row, or the csv module's writer when a cell needs quoting."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import attrs
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sigrbm.batch import write
from sigrbm.batch.encoding import EXCEL_SV, PLAIN_CSV, CsvStyle
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read import read_input
from sigrbm.batch.write import Coded, number_texts, result_columns, write_columns

from .test_batch_io import BATCH, IRK


def previous(cols: Any, fmt: str, style: CsvStyle = PLAIN_CSV) -> str:
    """What the row writer of round 1 wrote for ``cols`` (its quoting decided per cell)."""
    fh = io.StringIO()
    names = list(cols.names)
    if fmt == "jsonl":
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        for s in range(0, len(cols), write.BLOCK):
            block = cols.block(s, s + write.BLOCK)
            part = []
            for col in block.values():
                piece = col
                if col.dtype == object:
                    piece = col.copy()
                    piece[col == ""] = None
                part.append(piece.tolist())
            for row in zip(*part, strict=True):
                fh.write(dumps(dict(zip(names, row, strict=True))) + "\n")
        return fh.getvalue()
    writer = csv.writer(fh, lineterminator="\r\n", delimiter=style.delimiter)
    if len(cols) == 0:
        return ""
    if style.bom:
        fh.write("\ufeff")
    writer.writerow(names)
    for s in range(0, len(cols), write.BLOCK):
        part = []
        for name, col in cols.block(s, s + write.BLOCK).items():
            piece = col
            if name in write.FROM_INPUT or name.endswith(("_judgement", "_final")):
                piece = write.neutralise(col)
            elif col.dtype.kind == "f":
                piece = number_texts(col, style.decimal)
            part.append(piece.tolist())
        for row in zip(*part, strict=True):
            if any(any(ch in c for ch in f'{style.delimiter}"\r\n') for c in row):
                writer.writerow(row)
            else:
                fh.write(style.delimiter.join(row) + "\r\n")
    return fh.getvalue()


def written(cols: Any, fmt: str, style: CsvStyle = PLAIN_CSV) -> str:
    fh = io.StringIO()
    write_columns(cols, fmt, fh, style=style)
    return fh.getvalue()


@attrs.define
class Given:
    """Result columns as given (the writer reads ``names``, ``len`` and ``parts``)."""

    columns: dict[str, Any]

    def __len__(self) -> int:
        first = next(iter(self.columns.values()))
        return len(first.codes if isinstance(first, Coded) else first)

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    def parts(self, s: int, e: int) -> dict[str, Any]:
        return {
            k: Coded(v.values, v.codes[s:e]) if isinstance(v, Coded) else v[s:e]
            for k, v in self.columns.items()
        }

    def block(self, s: int, e: int) -> dict[str, Any]:
        return {k: v.decoded() if isinstance(v, Coded) else v for k, v in self.parts(s, e).items()}


#: Text with every character the writers treat specially: formula starts, the delimiters, a
#: quote, line breaks, a NUL, non-ASCII, and JSON escapes.
TEXT = st.text(alphabet="ab=+-@\t\r\n,;\"'\\\x00åÅ€ 1.", max_size=6)
NUMBER = st.one_of(
    st.integers(-3, 40).map(float),
    st.sampled_from([0.5, 2.25, -0.0, 1e15, 1e16, -7.5, 1 / 3, math.nan, math.inf, -math.inf]),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def columns(draw: st.DrawFn) -> Given:
    """A few rows of text, number and coded columns, of few or many distinct values."""
    n = draw(st.integers(1, 80))
    out: dict[str, Any] = {}
    kinds = draw(st.lists(st.sampled_from(["text", "few", "number", "coded"]), min_size=1,
                          max_size=7))  # fmt: skip
    texts = ["case_id", "x_judgement", "x_final", "x_level", "z_band_needs", "note"]
    for i, kind in enumerate(kinds):
        names = ["y_low", "y_raw_high"] if kind == "number" else texts
        name = draw(st.sampled_from(names)) + ("" if i == 0 else f"_{i}")
        if i and name in out:
            continue
        if kind == "text":
            out[name] = np.array(draw(st.lists(TEXT, min_size=n, max_size=n)), dtype=object)
        elif kind == "few":
            pool = draw(st.lists(TEXT, min_size=1, max_size=3))
            picks = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
            out[name] = np.array(picks, dtype=object)
        elif kind == "number":
            out[name] = np.array(draw(st.lists(NUMBER, min_size=n, max_size=n)))
        else:
            values = np.array(draw(st.lists(TEXT, min_size=1, max_size=4)), dtype=object)
            codes = draw(st.lists(st.integers(-1, len(values) - 1), min_size=n, max_size=n))
            out[name] = Coded(values, np.array(codes, dtype=np.int8))
    return Given(out)


@settings(max_examples=300, deadline=None)
@given(cols=columns(), fmt=st.sampled_from(["csv", "excel-sv", "jsonl"]))
def test_columns_are_written_as_the_row_writer_wrote_them(cols: Given, fmt: str) -> None:
    style = EXCEL_SV if fmt == "excel-sv" else PLAIN_CSV
    kind = "jsonl" if fmt == "jsonl" else "csv"
    assert written(cols, kind, style) == previous(cols, kind, style)


def test_many_rows_across_blocks_with_shared_and_distinct_values() -> None:
    """Several blocks, case ids all distinct, scores and levels of few values, a text that
    needs quoting in one row only: the grouping of columns changes nothing."""
    n = write.BLOCK * 2 + 17
    rng = np.random.default_rng(23)
    ids = np.array([f"c{i}" for i in range(n)], dtype=object)
    ids[n - 5] = "=a,b"  # a formula start and the delimiter: ' and quotes
    cols = Given(
        {
            "case_id": ids,
            "date": Coded(
                np.array(["2026-01-01", "2026-02-01"], dtype=object), rng.integers(0, 2, n)
            ),
            "x_low": rng.integers(0, 30, n).astype(float),
            "x_high": rng.integers(0, 30, n).astype(float) + 0.5,
            "x_level": Coded(np.array(["lag", "hög", ""], dtype=object), rng.integers(-1, 2, n)),
            "overall_judgement": np.array(["", "-x"] * (n // 2) + [""], dtype=object),
        }
    )
    for style in (PLAIN_CSV, EXCEL_SV):
        text = written(cols, "csv", style)
        assert text == previous(cols, "csv", style)
        assert text.count("\r\n") == n + 1
    assert written(cols, "jsonl") == previous(cols, "jsonl")
    assert "'=a,b" in written(cols, "jsonl").replace('"=a,b"', "'=a,b")  # JSON: not neutralised
    assert '"\'=a,b"' in written(cols, "csv")  # CSV: ' and quotes


def test_real_results_are_written_as_before() -> None:
    """A real batch (valid.csv: judgements that override, undetermined levels): CSV, Swedish
    spreadsheet CSV and JSON Lines as the row writer wrote them."""
    data, problems, _ = read_input(BATCH / "valid.csv", IRK)
    assert problems == []
    cols = result_columns(data, score_batch(IRK, data.answers, data.attributes))
    for kind, style in (("csv", PLAIN_CSV), ("csv", EXCEL_SV), ("jsonl", PLAIN_CSV)):
        assert written(cols, kind, style) == previous(cols, kind, style)
    text = written(cols, "csv", EXCEL_SV)
    assert text.startswith("\ufeffcase_id;date;")
    assert ";3;8;fordjupad" in text  # whole numbers as whole numbers


def test_no_rows_write_nothing() -> None:
    empty = Given({"case_id": np.array([], dtype=object)})
    assert written(empty, "csv") == written(empty, "jsonl") == ""


def test_whole_numbers_are_counted_and_others_sorted() -> None:
    """Whole numbers of a short range are coded by counting, -0.0 stays apart from 0.0 (json
    writes it), and nan, inf and large or fractional numbers by sorting; all decode exactly."""
    for col in (
        np.array([3.0, 0.0, 3.0, 7.0]),
        np.array([0.0, -0.0, 1.0]),
        np.array([1.0, math.nan, math.inf, 0.5, 1e300, 2.0**62]),
        np.array([0.0, 70_000.0]),
    ):
        coded = write._coded_numbers(col)
        back = coded.decoded()
        assert back.view(np.int64).tolist() == col.view(np.int64).tolist()
        assert len(set(coded.values.view(np.int64).tolist())) == len(coded.values)


def test_band_needs_with_the_delimiter_are_quoted_for_swedish_spreadsheets() -> None:
    """Two missing attributes are joined by ';', the --excel-sv delimiter: the cell is quoted
    (the row writer looked only at input text for quoting and wrote it bare, a column too
    many)."""
    cols = Given(
        {
            "case_id": np.array(["a1", "a2"], dtype=object),
            "x_band_needs": Coded(np.array(["age;kon", ""], dtype=object), np.array([0, 1])),
        }
    )
    text = written(cols, "csv", EXCEL_SV)
    assert text == '\ufeffcase_id;x_band_needs\r\na1;"age;kon"\r\na2;\r\n'
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [len(r) for r in rows] == [2, 2, 2]
