"""Spreadsheets both ways (issue 23): a CSV saved by Excel on a Swedish Windows computer
(Windows-1252, ';', CR LF) is refused with a located hint (B720) until ``--encoding cp1252``
is given, then read exactly as its UTF-8 twin; ``--excel-sv`` writes what Swedish Excel and
LibreOffice open as numbers; whole numbers are written as ``4``, not ``4.0``."""

from __future__ import annotations

import codecs
import csv
import io
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigrbm.batch import encoding
from sigrbm.batch.encoding import first_undecodable, normal_encoding
from sigrbm.batch.read import read_input
from sigrbm.batch.write import number_text, number_texts

from .conftest import CORPUS
from .test_batch_io import IRK, run

HEADER = (
    "case_id;date;age;program;judgement;irk_kriminalitet;irk_personlighet;irk_attityder;"
    "irk_kamrater;irk_familj;irk_skola_arbete;irk_fritid;irk_substanser;judgement_reason;"
    "judgement_author;judgement_date"
)
REASON = "Våld i hemmet, sköts av ärendeansvarig"
ROWS = (
    "a1;2026-01-10;15;eslov;;ja;nej;nej;ja;ja;nej;nej;nej;;;",
    f"a2;2026-01-11;16;eslov;fordjupad;nej;nej;nej;nej;nej;nej;nej;nej;{REASON};hl-1;2026-01-11",
)
TEXT = "\r\n".join((HEADER, *ROWS)) + "\r\n"


@pytest.fixture
def excel(tmp_path: Path) -> Path:
    """The bytes Excel writes for "CSV (semikolonavgränsad)" on a Swedish Windows computer."""
    path = tmp_path / "excel.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    assert b"\xe5" in path.read_bytes()  # å as one byte: not UTF-8
    return path


def first_non_ascii(data: bytes) -> tuple[int, int]:
    at = next(i for i, b in enumerate(data) if b >= 0x80)
    line = data.count(b"\n", 0, at) + 1
    return line, at - (data.rfind(b"\n", 0, at) + 1) + 1


def test_an_excel_csv_is_refused_at_its_first_byte_with_a_hint(excel: Path) -> None:
    code, out, err = run("batch", str(excel), "--instrument", "check-irk")
    line, column = first_non_ascii(excel.read_bytes())
    assert (code, out) == (1, "")
    assert (line, column) == (3, TEXT.splitlines()[2].index("å") + 1)
    first = err.splitlines()[0]
    assert first.startswith(f"{excel}:{line}:{column}: ")
    assert first.endswith("[B720]")
    assert "0xE5" in first
    assert "Windows-1252" in first
    assert "--encoding cp1252" in first
    assert first.index("filen är inte UTF-8") < first.index("the file is not UTF-8")  # sv first


@pytest.mark.parametrize("name", ["cp1252", "windows-1252", "CP1252"])
def test_with_encoding_it_reads_as_its_utf8_twin(excel: Path, tmp_path: Path, name: str) -> None:
    twin = tmp_path / "twin.csv"
    twin.write_text(TEXT, encoding="utf-8", newline="")
    data, problems, bad = read_input(excel, IRK, encoding=name)
    same, _, _ = read_input(twin, IRK)
    assert (problems, bad) == ([], 0)
    assert data.reasons == [None, REASON]
    assert data.case_ids == same.case_ids
    assert (data.answers == same.answers).all()
    code, out, _ = run("batch", str(excel), "--instrument", "check-irk", "--encoding", name)
    assert code == 0
    assert out == run("batch", str(twin), "--instrument", "check-irk")[1]


def test_utf8_with_or_without_a_byte_order_mark_reads_alike(tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
    plain.write_text(TEXT, encoding="utf-8", newline="")
    marked.write_text(TEXT, encoding="utf-8-sig", newline="")
    for name in (None, "utf-8", "utf-8-sig", "UTF8"):
        for path in (plain, marked):
            data, problems, _ = read_input(path, IRK, encoding=name)
            assert (problems, data.reasons) == ([], [None, REASON])


def test_a_byte_the_given_encoding_lacks_is_located_without_the_excel_hint(
    tmp_path: Path,
) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(TEXT.encode("cp1252").replace("å".encode("cp1252"), b"\x81", 1))
    code, _, err = run("batch", str(path), "--instrument", "check-irk", "--encoding", "cp1252")
    line, column = first_non_ascii(path.read_bytes())
    first = err.splitlines()[0]
    assert code == 1
    assert first.startswith(f"{path}:{line}:{column}: ")
    assert first.endswith("[B720]")
    assert "0x81" in first
    assert "Windows-1252" not in first


def test_an_unknown_encoding_is_a_usage_error(excel: Path) -> None:
    code, out, err = run("batch", str(excel), "--instrument", "check-irk", "--encoding", "nope")
    assert (code, out) == (2, "")
    assert "'nope'" in err


def test_standard_input_not_in_utf8_is_refused_with_the_hint(
    excel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(excel.read_bytes())))
    code, _, err = run("batch", "-", "--instrument", "check-irk")
    assert code == 1
    assert err.splitlines()[0].startswith("<stdin>: ")
    assert err.splitlines()[0].endswith("[B720]")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(excel.read_bytes())))
    code, out, _ = run("batch", "-", "--instrument", "check-irk", "--encoding", "cp1252")
    assert code == 0
    assert out.count("\r\n") == 3


def test_json_lines_in_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    line = (
        '{"case_id": "a1", "date": "2026-01-10", "attributes": {"age": 15}, '
        '"judgement": {"level": "fordjupad", "reason": "' + REASON + '", "author": "hl-1", '
        '"date": "2026-01-10"}, "answers": {"irk_kriminalitet": "ja"}}\n'
    )
    path.write_bytes(line.encode("cp1252"))
    _, problems, _ = read_input(path, IRK)
    assert [(p.code.value, p.line) for p in problems] == [("B720", 1)]
    data, problems, _ = read_input(path, IRK, encoding="cp1252")
    assert (problems, data.reasons) == ([], [REASON])


def test_excel_sv_output_has_semicolons_a_byte_order_mark_and_whole_numbers(excel: Path) -> None:
    code, out, _ = run(
        "batch", str(excel), "--instrument", "check-irk", "--encoding", "cp1252", "--excel-sv"
    )
    assert code == 0
    assert out.startswith("\ufeffcase_id;date;")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert [r["case_id"] for r in rows] == ["a1", "a2"]
    # a1 answered ja on kriminalitet, kamrater, familj: 3 by hand; a2 answered nej throughout
    assert [r["irk_summa_low"] for r in rows] == ["3", "0"]
    assert [r["kriminalitet_high"] for r in rows] == ["1", "0"]


def test_plain_output_writes_whole_numbers_without_a_fraction(excel: Path) -> None:
    _, out, _ = run("batch", str(excel), "--instrument", "check-irk", "--encoding", "cp1252")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["irk_summa_high"] for r in rows] == ["3", "0"]
    numbers = [v for r in rows for k, v in r.items() if k.endswith(("_low", "_high"))]
    assert numbers
    assert all(v.isdigit() for v in numbers)


def test_excel_sv_with_json_lines_is_a_usage_error(excel: Path) -> None:
    code, _, _ = run("batch", str(excel), "--instrument", "check-irk", "--format", "jsonl",
                     "--excel-sv", "--encoding", "cp1252")  # fmt: skip
    assert code == 2


def test_stats_excel_sv_has_a_decimal_comma(excel: Path) -> None:
    code, out, _ = run(
        "stats", str(excel), "--instrument", "check-irk", "--encoding", "cp1252",
        "--excel-sv", "--min-group", "1", "--round", "1",  # exact: 2 assessments
    )  # fmt: skip
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["group", "measure", "value", "count", "share"]
    shares = [r[4] for r in rows[1:] if r[4]]
    assert shares
    assert all("," in s and "." not in s for s in shares)
    assert "1,00" in shares  # both assessments share a level: 2 / 2


def test_number_texts_by_hand() -> None:
    assert [number_text(v) for v in (4.0, -0.0, 2.5, 0.1, -3.0)] == ["4", "0", "2.5", "0.1", "-3"]
    assert [number_text(v, ",") for v in (4.0, 2.5, 1e20)] == ["4", "2,5", "1e+20"]
    assert number_text(float("nan")) == "nan"
    got = number_texts(np.array([1.0, 1.5, 1.0, -0.0]), ",")
    assert got.tolist() == ["1", "1,5", "1", "0"]


def test_encoding_names_are_normalised() -> None:
    assert [normal_encoding(n) for n in (None, "UTF8", "utf-8-sig", "windows-1252")] == [
        "utf-8",
        "utf-8",
        "utf-8",
        "cp1252",
    ]
    with pytest.raises(LookupError):
        normal_encoding("nope")


@given(st.binary(max_size=60), st.sampled_from(["utf-8", "cp1252"]), st.integers(1, 9))
def test_first_undecodable_agrees_with_decoding_the_whole(
    data: bytes, name: str, probe: int
) -> None:
    """Read in small pieces (a character split across them), the first bad byte is where
    decoding the whole file at once fails."""
    import tempfile

    with tempfile.NamedTemporaryFile(delete=False) as fh:
        fh.write(data)
    old = encoding._PROBE
    encoding._PROBE = probe
    try:
        got = first_undecodable(fh.name, name)
    finally:
        encoding._PROBE = old
        Path(fh.name).unlink()
    try:
        codecs.decode(data, "utf-8-sig" if name == "utf-8" else name)
    except UnicodeDecodeError as exc:
        at = exc.start + (3 if name == "utf-8" and data.startswith(codecs.BOM_UTF8) else 0)
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        assert got == (line, column, data[at])
    else:
        assert got is None


def test_xlsx_output_holds_numbers_as_numbers_and_text_as_text(tmp_path: Path) -> None:
    """Issue 23: ``--out FILE.xlsx`` (the xlsx extra): the CSV's rows, whole numbers as
    integers, no cell a formula."""
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "results.xlsx"
    src = str(CORPUS / "batch" / "valid.csv")
    code, _, _ = run("batch", src, "--instrument", "check-irk", "--out", str(target))
    assert code == 0
    sheet = openpyxl.load_workbook(target).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    _, text, _ = run("batch", src, "--instrument", "check-irk")
    want = list(csv.reader(io.StringIO(text)))
    assert [["" if v is None else str(v) for v in row] for row in rows] == want
    numbers = [v for row in rows[1:] for v in row if not isinstance(v, str) and v is not None]
    assert numbers
    assert all(type(v) is int for v in numbers)


def test_xlsx_beyond_excels_rows_or_without_the_extra_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sigrbm.batch import write_xlsx

    pytest.importorskip("openpyxl")
    target = tmp_path / "results.xlsx"
    src = str(CORPUS / "batch" / "valid.csv")
    monkeypatch.setattr(write_xlsx, "MAX_ROWS", 3)
    code, _, err = run("batch", src, "--instrument", "check-irk", "--out", str(target))
    assert (code, target.exists()) == (1, False)
    assert "Excel" in err
    monkeypatch.setattr(write_xlsx, "MAX_ROWS", 1_048_576)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # the extra not installed
    code, _, err = run("batch", src, "--instrument", "check-irk", "--out", str(target))
    assert (code, target.exists()) == (1, False)
    assert "sigrbm[xlsx]" in err
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
    code, _, _ = run("batch", src, "--instrument", "check-irk", "--format", "xlsx")
    assert code == 2  # a workbook goes to a file
