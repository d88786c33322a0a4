"""Hostile ``.xlsx`` workbooks (issue 22): each is refused with a located problem, never a
traceback, a hang or a silent empty answer. The files are built here with zipfile from a
workbook openpyxl wrote, so each test changes exactly one thing.

Rules checked (docs/limits.md, "Spreadsheets"): sizes and ratios from the zip directory
before unpacking (E101, E117); no document type or entity declarations (E117); damaged
parts and broken sheet XML (E116, at the sheet's row and column); a formula cell without a
stored result is E118 at its row and column, never an unanswered item.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import pytest

from sigrbm.batch import workbook
from sigrbm.cli import main

openpyxl = pytest.importorskip("openpyxl")

SHEET = "xl/worksheets/sheet1.xml"
ROWS: list[list[object]] = [
    ["case_id", "date", "age", "irk_kriminalitet"],
    ["a1", dt.datetime(2026, 1, 10), 15.0, "ja"],
    ["a2", dt.datetime(2026, 1, 11), 16.0, "nej"],
    ["a3", dt.datetime(2026, 1, 12), 17.0, "ja"],
]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    code = main(list(argv), stdout=out, stderr=err)
    assert time.perf_counter() - start < 10
    return code, out.getvalue(), err.getvalue()


def batch(path: Path, *more: str) -> tuple[int, str, str]:
    return run("batch", str(path), "--instrument", "check-irk", *more)


def _book(path: Path, rows: list[list[object]] = ROWS) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _rewrite(
    path: Path,
    change: dict[str, bytes],
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """The workbook at ``path`` with the parts in ``change`` replaced."""
    with zipfile.ZipFile(path) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    parts.update(change)
    with zipfile.ZipFile(path, "w", method) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return path


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(SHEET)


def _problem_line(err: str) -> str:
    return err.splitlines()[0]


def test_the_plain_workbook_is_read(tmp_path: Path) -> None:
    code, out, err = batch(_book(tmp_path / "ok.xlsx"))
    assert code == 0, err
    assert len(out.splitlines()) == 4


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    path = _book(tmp_path / "bomb.xlsx")
    _rewrite(path, {"xl/media/zeros.bin": bytes(8 * 1024 * 1024)})  # ratio about 1000
    code, out, err = batch(path)
    assert (code, out) == (1, "")
    line = _problem_line(err)
    assert line.startswith(f"{path}: $: the part 'xl/media/zeros.bin' would unpack")
    assert line.endswith("[E117]")


def test_the_total_unpacked_size_is_checked_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _book(tmp_path / "big.xlsx")
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 1000)
    opened: list[str] = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *_a, **_k: opened.append("x"))
    code, _, err = batch(path)
    assert code == 1
    assert _problem_line(err).endswith("[E101]")
    assert opened == []  # refused from the directory: no part was unpacked


@pytest.mark.parametrize(
    "prolog",
    [
        b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>',
        b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE w SYSTEM "http://example.invalid/x.dtd">',
    ],
    ids=["entity-expansion", "external-entity", "external-dtd"],
)
def test_entity_declarations_are_refused(tmp_path: Path, prolog: bytes) -> None:
    path = _book(tmp_path / "entity.xlsx")
    xml = _sheet_xml(path)
    _rewrite(path, {SHEET: prolog + xml.replace(b">a1<", b">&b;<")})
    code, out, err = batch(path)
    assert (code, out) == (1, "")
    assert _problem_line(err) == (
        f"{path}: $: the part '{SHEET}' declares a document type or entities; Excel never "
        "writes them, sigrbm does not read them [E117]"
    )


def test_an_entity_declaration_in_utf16_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "utf16.xlsx")
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "x">]><w/>'
    _rewrite(path, {"xl/sharedStrings.xml": text.encode("utf-16-le")})
    code, _, err = batch(path)
    assert code == 1
    assert _problem_line(err).endswith("[E117]")


def test_a_bad_checksum_is_a_located_problem(tmp_path: Path) -> None:
    path = _rewrite(_book(tmp_path / "crc.xlsx"), {}, zipfile.ZIP_STORED)
    raw = path.read_bytes()
    assert raw.count(b">a2<") == 1
    path.write_bytes(raw.replace(b">a2<", b">a9<"))  # same length: only the checksum is wrong
    code, out, err = batch(path)
    assert (code, out) == (1, "")
    assert _problem_line(err).startswith(f"{path}: $: the part '{SHEET}' is damaged")
    assert _problem_line(err).endswith("[E116]")


def test_broken_sheet_xml_is_located_at_its_row_and_cell(tmp_path: Path) -> None:
    path = _book(tmp_path / "broken.xlsx")
    xml = _sheet_xml(path)
    start = xml.index(b'<c r="B3"')
    broken = xml[:start] + b'<c r="B3"><v>1</c>' + xml[start:]
    _rewrite(path, {SHEET: broken})
    code, out, err = batch(path)
    assert (code, out) == (1, "")
    line = _problem_line(err)
    assert line.startswith(f"{path}:3:2: $: the first sheet's XML is broken here")
    assert line.endswith("[E116]")


def test_a_truncated_sheet_is_located(tmp_path: Path) -> None:
    path = _book(tmp_path / "cut.xlsx")
    xml = _sheet_xml(path)
    end = xml.index(b">", xml.index(b'<c r="C4"')) + 1  # inside the cell C4
    _rewrite(path, {SHEET: xml[:end]})
    code, _, err = batch(path)
    assert code == 1
    assert _problem_line(err).startswith(f"{path}:4:3: $: the first sheet's XML is broken")


def test_a_formula_without_a_stored_result_is_a_problem_not_an_empty_answer(
    tmp_path: Path,
) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][3] = '=IF(1=1,"ja","nej")'  # openpyxl stores no result: <f>…</f><v/>
    path = _book(tmp_path / "formula.xlsx", rows)
    code, out, err = batch(path)
    assert (code, out) == (1, "")
    line = _problem_line(err)
    assert line.startswith(f"{path}:3:4: $: the cell D3 holds a formula without a stored result")
    assert line.endswith("[E118]")
    code, out, err = batch(path, "--skip-invalid")
    assert code == 0, err
    assert [r.split(",")[0] for r in out.splitlines()[1:]] == ["a1", "a3"]
    assert "1 invalid rows skipped" in err


def test_a_formula_with_its_stored_result_is_read(tmp_path: Path) -> None:
    path = _book(tmp_path / "cached.xlsx")
    xml = _sheet_xml(path)
    cell = b'<c r="D2" t="inlineStr"><is><t>ja</t></is></c>'
    assert cell in xml
    stored = b'<c r="D2" t="str"><f>IF(1=1,"ja","nej")</f><v>ja</v></c>'
    _rewrite(path, {SHEET: xml.replace(cell, stored)})
    code, out, err = batch(path)
    assert code == 0, err
    assert out == batch(_book(tmp_path / "plain.xlsx"))[1]


def test_a_formula_in_the_header_refuses_the_sheet(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][0] = '="case_"&"id"'
    path = _book(tmp_path / "header.xlsx", rows)
    code, _, err = batch(path, "--skip-invalid")
    assert code == 1
    assert _problem_line(err).startswith(f"{path}:1:1: $: the cell A1 holds a formula")


def test_a_declared_huge_dimension_does_not_pad_rows(tmp_path: Path) -> None:
    path = _book(tmp_path / "dim.xlsx")
    xml = _sheet_xml(path).replace(b'<dimension ref="A1:D4"', b'<dimension ref="A1:XFD1048576"')
    _rewrite(path, {SHEET: xml})
    code, out, err = batch(path)  # within the time bound of run()
    assert code == 0, err
    assert len(out.splitlines()) == 4


@pytest.mark.parametrize(
    "damage",
    [
        {"xl/workbook.xml": b"<workbook"},
        {"[Content_Types].xml": b"not xml"},
        {"xl/styles.xml": b"<styleSheet><numFmts count='x'><numFmt/></numFmts></styleSheet>"},
        {"xl/_rels/workbook.xml.rels": b"<Relationships/>"},
    ],
    ids=["workbook-xml", "content-types", "styles", "no-sheet-relation"],
)
def test_damaged_parts_are_problems_never_tracebacks(
    tmp_path: Path, damage: dict[str, bytes]
) -> None:
    path = _rewrite(_book(tmp_path / "damaged.xlsx"), damage)
    code, out, err = batch(path)
    assert (code, out) == (1, "")
    assert _problem_line(err).endswith(("[E116]", "[E107]"))
