"""Text encodings of batch input and the CSV styles of batch output (issue 23).

Input is UTF-8 by default, another encoding on request.
A CSV that Excel saves on a Swedish Windows computer ("CSV (semikolonavgränsad)") is in
Windows-1252, where å, ä and ö are single bytes that are not UTF-8. Such a file is refused
with the first byte that does not decode, its line and column, and a hint that names
Windows-1252 and ``--encoding cp1252`` (B720); with ``--encoding`` the file is read in that
encoding. A byte order mark is skipped in UTF-8 (``utf-8`` and ``utf-8-sig`` read alike).

Output CSV is plain (``,``, decimal point) or :data:`EXCEL_SV`: ``;`` between columns, a
decimal comma and a byte order mark, which Excel and LibreOffice with Swedish settings open as
numbers with å ä ö intact.
"""

from __future__ import annotations

import codecs
import os

import attrs

from sigrbm.errors import Code, Problem

UTF8 = "utf-8"
_PROBE = 1 << 16  # bytes per read when looking for the first undecodable byte


def normal_encoding(name: str | None) -> str:
    """The codec's canonical name (``utf-8`` for ``UTF8``, ``utf-8-sig``, ``None``; ``cp1252``
    for ``windows-1252``); raises LookupError for a name Python does not know."""
    if name is None:
        return UTF8
    canonical = codecs.lookup(name).name
    return UTF8 if canonical in (UTF8, "utf-8-sig") else canonical


def text_encoding(name: str) -> str:
    """The encoding to open text with: UTF-8 skips a byte order mark."""
    return "utf-8-sig" if name == UTF8 else name


def first_undecodable(path: str, encoding: str) -> tuple[int, int, int] | None:
    """Line, column (1-based, counted in bytes) and value of the first byte of the file at
    ``path`` that does not decode in ``encoding``; None when it all decodes or is unreadable."""
    decoder = codecs.getincrementaldecoder(text_encoding(encoding))()
    line, column = 1, 1
    total = 0  # bytes read so far
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_PROBE):
                pending = decoder.getstate()[0]  # bytes of a character begun in the last chunk
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    data = pending + chunk
                    return at_position(data, exc.start, line, column - len(pending))
                except UnicodeError:  # issue 22: utf-16 without a byte order mark
                    return line, column, chunk[0]
                total += len(chunk)
                line, column = _advance(chunk, line, column)
            decoder.decode(b"", final=True)
            left = decoder.getstate()[0]  # utf-8-sig keeps a lone start of a BOM, silently
            if left:
                return _located(path, total - len(left))
    except UnicodeDecodeError as exc:  # the file ends inside a character (begun chunks ago)
        return _located(path, total - len(exc.object) + exc.start)
    except OSError:
        return None
    return None


def _located(path: str, offset: int) -> tuple[int, int, int] | None:
    """Line, column and value of byte ``offset`` of the file (read again: only when the file
    ends inside a character, whose bytes may have come in several chunks)."""
    line, column, seen = 1, 1, 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_PROBE):
                if offset < seen + len(chunk):
                    return at_position(chunk, offset - seen, line, column)
                seen += len(chunk)
                line, column = _advance(chunk, line, column)
    except OSError:
        return None
    return None


def _advance(chunk: bytes, line: int, column: int) -> tuple[int, int]:
    breaks = chunk.count(b"\n")
    if breaks:
        return line + breaks, len(chunk) - chunk.rfind(b"\n")
    return line, column + len(chunk)


def at_position(data: bytes, at: int, line: int, column: int) -> tuple[int, int, int]:
    """Line, column and value of byte ``at`` in ``data`` whose byte 0 is at ``line:column``."""
    breaks = data.count(b"\n", 0, at)
    if breaks:
        return line + breaks, at - data.rfind(b"\n", 0, at), data[at]
    return line, column + at, data[at]


def undecodable(name: str, encoding: str, where: tuple[int, int, int] | None) -> Problem:
    """B720: the input does not decode in ``encoding``; Swedish first, then English. For UTF-8
    the hint names Windows-1252, what Excel on a Swedish Windows computer saves."""
    byte = f" (byte 0x{where[2]:02X})" if where else ""
    given = "UTF-8" if encoding == UTF8 else encoding
    if encoding == UTF8:
        remedy_sv = (
            "sparad i Excel på Windows? Då är den oftast Windows-1252: ange --encoding cp1252"
        )
        remedy_en = (
            "saved by Excel on Windows? It is then usually Windows-1252: give --encoding cp1252"
        )
    else:
        remedy_sv = "ange filens kodning med --encoding (utf-8, cp1252, …)"
        remedy_en = "give the file's encoding with --encoding (utf-8, cp1252, …)"
    message = (
        f"filen är inte {given}{byte}; {remedy_sv} — the file is not {given}{byte}; {remedy_en}"
    )
    return Problem(
        code=Code.NOT_IN_ENCODING,
        path=(),
        message=message,
        file=os.fspath(name),
        line=where[0] if where else None,
        column=where[1] if where else None,
    )


@attrs.frozen(kw_only=True)
class CsvStyle:
    """How a CSV is written: the column separator, the decimal mark and whether the text starts
    with a byte order mark. :data:`EXCEL_SV` is what Excel and LibreOffice with Swedish
    settings open as numbers, with å ä ö intact (issue 23)."""

    delimiter: str = ","
    decimal: str = "."
    bom: bool = False


PLAIN_CSV = CsvStyle()
EXCEL_SV = CsvStyle(delimiter=";", decimal=",", bom=True)
