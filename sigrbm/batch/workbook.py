"""An ``.xlsx`` workbook checked before it is read (issue 22): sizes, entities, formulas.

An ``.xlsx`` file is a zip of XML parts. Before a byte is unpacked, :func:`open_workbook`
checks the zip's own directory: the number of parts, the total unpacked size and each large
part's ratio of unpacked to packed size (a 1.5 MB zip bomb would otherwise unpack to
gigabytes). Then every part is unpacked once, in blocks, to check its checksum and that no
XML declares a document type or entities (Excel never writes them; they are how external
entities and entity expansion get in). The zip module never unpacks more than a part's
declared size, so the checks of the directory hold for what is read.

:func:`scan_sheet` reads the first sheet's XML as a stream: a formula cell without a stored
result (written by a program that does not calculate) is a problem at its row and column,
never an unanswered item, and broken XML is a problem at the row and cell where it breaks.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, cast
from xml.etree import ElementTree as ET
from xml.parsers import expat

import attrs

from sigrbm.errors import Code, Problem
from sigrbm.reading.files import too_large

#: The packed file at most (read whole, then unpacked part by part).
MAX_PACKED_BYTES = 64 * 1024 * 1024
#: All parts together, unpacked, at most (the zip's directory is checked before unpacking).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
#: A part over :data:`RATIO_FROM_BYTES` unpacked may be at most this many times its packed size.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
MAX_PARTS = 2000
#: Rows of a sheet at most.
MAX_ROWS = 2_000_000
_BLOCK = 1 << 20
_DECLARATIONS = tuple(
    word.encode(encoding)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_KEEP = max(len(d) for d in _DECLARATIONS)
#: What the zip module raises on a damaged or unusual archive.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # a compression method it does not know
    RuntimeError,  # an encrypted part
    ValueError,
    OverflowError,
    struct.error,
    UnicodeDecodeError,
    OSError,
)
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")  # <f>, <f t="shared"/>, <x:f>


@attrs.frozen
class WorkbookError(Exception):
    """The workbook is refused; ``problem`` says where and why."""

    problem: Problem


def _problem(name: str, code: Code, message: str, line: int | None = None) -> Problem:
    return Problem(code=code, path=(), message=message, file=name, line=line)


def open_workbook(raw: bytes, name: str) -> zipfile.ZipFile:
    """The zip of ``raw`` once its directory and every part passed the checks above;
    raises :class:`WorkbookError`."""
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        parts = book.infolist()
    except ZIP_ERRORS:
        raise WorkbookError(
            _problem(name, Code.UNREADABLE, "cannot read the file: not an .xlsx workbook")
        ) from None
    if len(parts) > MAX_PARTS:
        raise WorkbookError(
            _problem(
                name,
                Code.WORKBOOK_UNSAFE,
                f"the workbook has {len(parts):,} parts; sigrbm reads at most {MAX_PARTS:,}",
            )
        )
    if sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        error = too_large(MAX_UNPACKED_BYTES)
        raise WorkbookError(_problem(name, error.code, f"unpacked, {error.message}"))
    for part in parts:
        if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * part.compress_size:
            raise WorkbookError(
                _problem(
                    name,
                    Code.WORKBOOK_UNSAFE,
                    f"the part {part.filename!r} would unpack to more than {MAX_RATIO} times "
                    "its packed size (a zip bomb); save the sheet again or as CSV",
                )
            )
    for part in parts:
        _check_part(book, part, name)
    return book


def _check_part(book: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    tail = b""
    try:
        with book.open(part) as fh:
            while block := fh.read(_BLOCK):
                window = tail + block
                if any(d in window for d in _DECLARATIONS):
                    raise WorkbookError(
                        _problem(
                            name,
                            Code.WORKBOOK_UNSAFE,
                            f"the part {part.filename!r} declares a document type or entities; "
                            "Excel never writes them, sigrbm does not read them",
                        )
                    )
                tail = window[-_KEEP:]
    except ZIP_ERRORS:
        raise WorkbookError(
            _problem(
                name,
                Code.WORKBOOK_BROKEN,
                f"the part {part.filename!r} is damaged (its data or checksum is wrong); "
                "save the workbook again",
            )
        ) from None


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


@attrs.define
class _Position:
    row: int = 0
    column: int | None = None


def scan_sheet(book: zipfile.ZipFile, part: str, name: str) -> tuple[list[Problem], set[int]]:
    """The problems of the sheet XML ``part`` (formula cells without a stored result, at
    their row and column) and the rows holding them; raises :class:`WorkbookError` for XML
    that breaks, at the row and cell where it breaks, or a sheet of too many rows."""
    problems: list[Problem] = []
    rows: set[int] = set()
    where = _Position()
    if not _worth_scanning(book, part, name):
        return problems, rows
    try:
        with book.open(part) as fh:
            for cell, has_formula, has_value in _cells(fh, where, name):
                if has_formula and not has_value:
                    rows.add(where.row)
                    problems.append(
                        Problem(
                            code=Code.FORMULA_WITHOUT_VALUE,
                            path=(),
                            message=f"the cell {cell} holds a formula without a stored result; "
                            "open and save the workbook in Excel or LibreOffice (or paste the "
                            "values) so that the result is stored",
                            file=name,
                            line=where.row,
                            column=where.column,
                        )
                    )
    except ET.ParseError as exc:
        line, col = exc.position
        raise WorkbookError(
            Problem(
                code=Code.WORKBOOK_BROKEN,
                path=(),
                message=f"the first sheet's XML is broken here (its line {line}, character "
                f"{col}); save the workbook again",
                file=name,
                line=where.row or 1,
                column=where.column,
            )
        ) from None
    except ZIP_ERRORS:
        raise WorkbookError(
            _problem(name, Code.WORKBOOK_BROKEN, "the first sheet cannot be unpacked")
        ) from None
    return problems, rows


def _worth_scanning(book: zipfile.ZipFile, part: str, name: str) -> bool:
    """Whether the sheet holds a formula or broken XML: a pass at the speed of C (expat with
    no handlers), so that a plain sheet is not walked element by element in Python."""
    parser = expat.ParserCreate()
    tail = b""
    try:
        with book.open(part) as fh:
            while block := fh.read(_BLOCK):
                window = tail + block
                if _FORMULA.search(window):
                    return True
                tail = window[-_KEEP:]
                parser.Parse(block, False)
            parser.Parse(b"", True)
    except expat.ExpatError:
        return True
    except ZIP_ERRORS:
        raise WorkbookError(
            _problem(name, Code.WORKBOOK_BROKEN, "the first sheet cannot be unpacked")
        ) from None
    return False


def _cells(fh: IO[bytes], where: _Position, name: str) -> Iterator[tuple[str, bool, bool]]:
    """Each cell of a sheet stream as (reference, has a formula, has a stored value), with
    ``where`` kept at the row and column being read. A stored empty text is ``t="str"`` with
    an empty ``<v/>``; an empty ``<v/>`` of any other type is no result."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    holder: ET.Element | None = None
    while block := fh.read(_BLOCK):
        parser.feed(block)
        for event, elem in _events(parser):
            tag = _local(elem.tag)
            if event == "start":
                if tag == "sheetData":
                    holder = elem
                elif tag == "row":
                    where.row = _row_number(elem.get("r"), where.row + 1)
                    where.column = None
                    if where.row > MAX_ROWS:
                        raise WorkbookError(
                            _problem(
                                name,
                                Code.TOO_LARGE,
                                f"the sheet has more than {MAX_ROWS:,} rows",
                                where.row,
                            )
                        )
                elif tag == "c":
                    where.column = _column_of(elem.get("r"), (where.column or 0) + 1)
                continue
            if tag == "c":
                kids = {_local(k.tag): k for k in elem}
                value = kids.get("v")
                stored = value is not None and (bool(value.text) or elem.get("t") == "str")
                stored = stored or "is" in kids
                ref = elem.get("r") or f"#{where.column}"
                yield ref, "f" in kids, stored
            elif tag == "row" and holder is not None:
                del holder[:]  # bounded memory: rows already read are dropped
    parser.close()


def _events(parser: ET.XMLPullParser[ET.Element]) -> Iterator[tuple[str, ET.Element]]:
    for item in parser.read_events():
        event, elem = cast(tuple[str, ET.Element], item)
        yield event, elem


def _row_number(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.isdigit() and len(text) < 9 else default


def _column_of(ref: str | None, default: int) -> int:
    found = _REF.fullmatch(ref or "")
    return column_number(found.group(1)) if found else default
