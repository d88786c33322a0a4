"""The plain install's fast CSV reader: cells told apart by numpy on the file's bytes.

A batch file is mostly short answer codes (``ja``, ``nej``, ``2``) between delimiters. This
reader reads the file in blocks of whole lines (``BLOCK_BYTES``), finds every delimiter and
line end of a block in one numpy pass and checks that each line has the header's number of
cells. Each cell is then known by its position and length, and a cell of up to 8 bytes *is*
one 64-bit number (its bytes, zero-padded: a block holds no NUL byte, so no two texts share
a number); longer cells are up to three such numbers. Each column's distinct texts are
decoded once, so a column becomes token ids into its stripped texts, exactly what the shared
column reader (:func:`sigrbm.batch.read_csv.columns_input`) takes: every cell gets the same
checks, at the same line and column, as on the csv module path.

A block that is not plain — a quote (a quoted cell may hold a delimiter or a line break), a
NUL byte, a lone carriage return, a row with the wrong number of cells, or a cell beyond the
csv module's 128 KiB — is read by the csv module instead (:func:`sigrbm.batch.read_csv.read_lines`),
so odd rows are reported exactly as there. A header the csv path must report on (too wide,
empty, unclear delimiter, unknown columns) goes to the csv path whole (from standard input
too: the header bytes already read are handed over with the rest).
Windows line ends (CR LF) are plain. The file must be UTF-8 (a block with other bytes is
decoded to check it; an invalid one is refused as the csv path refuses it).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import sys
from collections import defaultdict
from collections.abc import Callable
from typing import Any, BinaryIO

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.compile import Compiled
from sigrbm.batch.encoding import UTF8, first_undecodable, undecodable
from sigrbm.batch.input import Rows, read_header
from sigrbm.batch.read_csv import (
    MAX_HEADER_CHARS,
    Reading,
    Result,
    Tokens,
    fail,
    plain_header,
    read_csv,
    read_lines,
    unreadable,
)
from sigrbm.errors import Code, Problem
from sigrbm.reading.files import MAX_BATCH_BYTES, bounded, open_limited

BLOCK_BYTES = 1 << 21  # whole lines; small enough that a pass per column stays in the cache
FIELD_LIMIT = 128 * 1024  # the csv module's limit on a cell: longer blocks go there to fail
WORD = 8
FAST_WORDS = 3  # cells up to 24 bytes are told apart by numpy, longer ones by a dict
KNOWN_CAP = 1 << 16  # distinct texts a column remembers across blocks (few, for answers)
MASKS = np.array([(1 << (8 * k)) - 1 for k in range(WORD)] + [(1 << 64) - 1], dtype=np.uint64)
_PAD = bytes(WORD * FAST_WORDS)

Ids = npt.NDArray[np.intp]
Texts = npt.NDArray[Any]


def read_csv_bytes(
    path: str | os.PathLike[str],
    compiled: Compiled,
    *,
    delimiter: str | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> Result | None:
    """Read a CSV file of assessments as :func:`sigrbm.batch.read_csv.read_csv` does, or
    None when the csv path should read the file (a header it must report on, a file it
    cannot open, a header line with a lone carriage return). ``-`` reads standard input
    (never None: what the csv path must read is handed to it here)."""
    name = os.fspath(path)
    if name == "-":
        stdin = bounded(sys.stdin.buffer, MAX_BATCH_BYTES)
        return _read_stream(stdin, "<stdin>", compiled, delimiter, on_rows)
    try:
        fh = open_limited(name, MAX_BATCH_BYTES)  # regular files only (issue 22)
    except OSError:
        return None  # the csv path reports it
    with fh:
        return _read_stream(fh, name, compiled, delimiter, on_rows)


def _read_stream(
    fh: BinaryIO,
    name: str,
    compiled: Compiled,
    delimiter: str | None,
    on_rows: Callable[[int], None] | None,
) -> Result | None:
    limit = 4 * MAX_HEADER_CHARS + 8  # bytes enough for the longest header read
    raw = b""
    try:
        raw = fh.readline(limit)
        head = raw.removeprefix(codecs.BOM_UTF8)
        inner = head[:-2] if head.endswith(b"\r\n") else head.removesuffix(b"\n")
        plain = len(raw) < limit and b"\r" not in inner and b"\0" not in head
        first = head.decode("utf-8").rstrip("\r\n") if plain else ""
    except (OSError, UnicodeDecodeError):
        plain = False
    header, delimiter = plain_header(first, compiled, name, delimiter) if plain else (None, None)
    seen, problems = read_header(header, compiled, name) if header else ({}, [])
    if header is None or delimiter is None or problems:  # the csv path reports on it
        if name != "<stdin>":
            return None
        again = io.TextIOWrapper(
            io.BufferedReader(_Prepended(raw, fh)), encoding="utf-8-sig", newline=""
        )
        return read_csv("-", compiled, stream=again, delimiter=delimiter, on_rows=on_rows)
    reading = Reading(compiled, seen, Rows(name), on_rows)
    try:
        return _read_blocks(fh, delimiter, len(header), reading)
    except UnicodeDecodeError:  # issue 23: located, with a hint (B720)
        where = None if name == "<stdin>" else first_undecodable(name, UTF8)
        return fail(compiled, undecodable(name, UTF8, where))
    except OSError as exc:  # issue 22: a FIFO, a device, too large: its own code
        return fail(compiled, unreadable(exc, name))
    except csv.Error as exc:
        message = f"not valid CSV: {exc}"
        return fail(compiled, Problem(code=Code.YAML_SYNTAX, path=(), message=message, file=name))


class _Prepended(io.RawIOBase):
    """A stream of some bytes already read, then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.head:
            data = self.rest.read(len(buffer))
        else:
            data, self.head = self.head[: len(buffer)], self.head[len(buffer) :]
        buffer[: len(data)] = data
        return len(data)


def _read_blocks(fh: Any, delimiter: str, width: int, reading: Reading) -> Result:
    vocabs = [Vocab() for _ in range(width)]
    while block := fh.read(BLOCK_BYTES):
        if not block.endswith(b"\n"):
            block += fh.readline()
        odd = b'"' in block and block.count(b'"') % 2
        while odd:  # a quoted cell runs on past the block
            more = fh.readline()
            if not more:
                break
            block += more
            odd ^= more.count(b'"') % 2
        if not block.isascii():
            block.decode("utf-8")  # raises on a byte that is not UTF-8, as the csv path does
        spans = _spans(block, ord(delimiter), width)
        if spans is None:  # not plain: the csv module reads it, as the csv path would
            read_lines(
                io.TextIOWrapper(io.BytesIO(block), encoding="utf-8", newline=""),
                delimiter,
                reading,
            )
            continue
        lines = (reading.line + spans.line_index).tolist()
        reading.line += spans.line_count
        if lines:
            reading.add(_column_tokens(spans, vocabs, reading.seen), len(lines), lines)
    return reading.finish()


@attrs.frozen(eq=False)
class _Spans:
    """Where the cells of a plain block lie: the end of every cell, rows × columns."""

    block: bytes
    words: npt.NDArray[np.uint64]  # the 8 bytes from each offset, as one little-endian number
    ends: npt.NDArray[np.intp]  # rows × columns: the offset just past each cell
    row_starts: npt.NDArray[np.intp]  # the offset of each row's first cell
    carriage: npt.NDArray[np.bool_]  # whether a row ends in CR LF (its last cell is 1 shorter)
    line_index: npt.NDArray[np.intp]  # each row's line, counted from the block's first
    line_count: int

    def cells(self, j: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """Start and length of every cell of column ``j`` (contiguous arrays)."""
        ends = self.ends[:, j]
        starts = self.row_starts if j == 0 else self.ends[:, j - 1] + 1
        lengths = ends - starts
        if j == self.ends.shape[1] - 1:
            lengths -= self.carriage
        return starts, lengths


def _spans(block: bytes, delimiter: int, width: int) -> _Spans | None:
    """The cells of a plain block, or None when the csv module must read it."""
    if b'"' in block or b"\0" in block:
        return None
    if not block.endswith(b"\n"):
        block += b"\n"
    padded = block + _PAD
    buf = np.frombuffer(padded, dtype=np.uint8)[: len(block)]
    ends_of_lines = np.flatnonzero(buf == 10)
    starts_of_lines = np.empty_like(ends_of_lines)
    starts_of_lines[0] = 0
    starts_of_lines[1:] = ends_of_lines[:-1] + 1
    carriage = buf[ends_of_lines - 1] == 13  # CR LF (a first line of only LF reads buf[-1]: LF)
    if np.count_nonzero(buf == 13) != np.count_nonzero(carriage):
        return None  # a lone carriage return ends a line for the csv module
    blank = ends_of_lines - carriage == starts_of_lines
    full = np.flatnonzero(~blank)
    seps = np.flatnonzero((buf == delimiter) | (buf == 10))
    if len(full) < len(blank):  # blank lines are skipped, as the csv module skips them
        keep = np.ones(len(seps), dtype=bool)
        keep[np.searchsorted(seps, ends_of_lines[blank])] = False
        seps = seps[keep]
    n = len(full)
    if len(seps) != n * width:
        return None
    ends = seps.reshape(n, width)
    if n and not np.array_equal(ends[:, -1], ends_of_lines[full]):
        return None  # some row has another number of cells: the csv path reports it
    # a line bounds its cells: only a long line needs every cell measured
    longest = int((ends[:, -1] - starts_of_lines[full]).max()) if n else 0
    if longest > FIELD_LIMIT and int(np.diff(seps, prepend=-1).max()) > FIELD_LIMIT + 1:
        return None  # a cell beyond the csv module's limit: the csv path says so
    # the 8 bytes from every offset (the padding lets the last word of a cell be read whole)
    reach = len(block) + WORD * (FAST_WORDS - 1)
    words = np.ndarray((reach,), dtype="<u8", buffer=padded, strides=(1,))
    return _Spans(
        block,
        words,
        ends,
        starts_of_lines[full],
        carriage[full],
        full,
        len(ends_of_lines),
    )


def _column_tokens(spans: _Spans, vocabs: list[Vocab], seen: dict[str, int]) -> Tokens:
    """Token ids and stripped texts of a column of a plain block (computed when asked)."""
    cache: dict[int, tuple[Ids, Texts]] = {}

    def tokens(col: str) -> tuple[Ids, Texts]:
        j = seen[col]
        if j not in cache:
            cache[j] = _tokens(spans, j, vocabs[j])
        return cache[j]

    return tokens


def _tokens(spans: _Spans, j: int, vocab: Vocab) -> tuple[Ids, Texts]:
    starts, lengths = spans.cells(j)
    return cell_tokens(spans.block, spans.words, starts, lengths, vocab)


def cell_tokens(
    block: bytes, words: npt.NDArray[np.uint64], starts: Ids, lengths: Ids, vocab: Vocab
) -> tuple[Ids, Texts]:
    """Token ids into the stripped texts of the cells at ``starts`` of ``lengths`` bytes in
    ``block`` (``words``: the 8 bytes from each offset of the block, padded, as one number)."""
    top = int(lengths.max()) if len(lengths) else 0
    if top <= WORD * FAST_WORDS:
        cells = [
            words[starts + WORD * w] & MASKS[np.clip(lengths - WORD * w, 0, WORD)]
            for w in range(max(1, -(-top // WORD)))
        ]
        found = vocab.ids(cells, block, starts, lengths)
        if found is not None:
            return found
    return _long(block, starts, lengths)


MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd constant (2^64 / golden ratio) to mix words


def mix(words: list[npt.NDArray[np.uint64]]) -> npt.NDArray[np.uint64]:
    """One 64-bit number for each text given as its words (equal texts, equal numbers; two
    texts may share one, so the caller compares the words)."""
    key = words[0].copy()
    for w in words[1:]:
        key *= MIX
        key ^= w
    return key


@attrs.define(eq=False)
class Vocab:
    """A column's distinct texts so far, known by a 64-bit key: a text of up to 8 bytes is
    its own key (its bytes); a longer one's words are mixed into one, and every cell is
    checked against the words of the text its key names, so two texts never share an id.
    A column with more than ``KNOWN_CAP`` distinct texts (say case ids) is told apart block by
    block instead."""

    keys: npt.NDArray[np.uint64] = attrs.field(factory=lambda: np.zeros(0, np.uint64))
    words: list[npt.NDArray[np.uint64]] = attrs.field(factory=list)  # by key, per word
    texts: Texts = attrs.field(factory=lambda: np.zeros(0, object))
    many: bool = False

    def ids(
        self, words: list[npt.NDArray[np.uint64]], block: bytes, starts: Ids, lengths: Ids
    ) -> tuple[Ids, Texts] | None:
        """Token ids into texts for cells given as words; None if two texts met on one key."""
        key = mix(words)
        if self.many:
            _, first, ids = np.unique(key, return_index=True, return_inverse=True)
            if not _same(words, [w[first] for w in words], ids):
                return None
            return ids, _texts(block, starts[first], lengths[first])
        if len(self.keys) and len(self.words) == len(words):
            at = np.searchsorted(self.keys, key)
            np.minimum(at, len(self.keys) - 1, out=at)
            missing = self.keys[at] != key
            if not missing.any():
                return (at, self.texts) if _same(words, self.words, at) else None
            new, first = np.unique(key[missing], return_index=True)
            first = np.flatnonzero(missing)[first]
        elif len(self.keys):  # longer texts than before: start again with more words
            self.keys, self.words, self.texts = np.zeros(0, np.uint64), [], self.texts[:0]
            return self.ids(words, block, starts, lengths)
        else:
            new, first = np.unique(key, return_index=True)
        if len(self.keys) + len(new) > KNOWN_CAP:
            self.many = True
            return self.ids(words, block, starts, lengths)
        keys = np.concatenate([self.keys, new])
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        if self.words:
            self.words = [
                np.concatenate([o, w[first]])[order] for o, w in zip(self.words, words, strict=True)
            ]
        else:
            self.words = [w[first][order] for w in words]
        texts = np.concatenate([self.texts, _texts(block, starts[first], lengths[first])])
        self.texts = texts[order]
        at = np.searchsorted(self.keys, key)
        return (at, self.texts) if _same(words, self.words, at) else None


def _same(
    words: list[npt.NDArray[np.uint64]], known: list[npt.NDArray[np.uint64]], at: Ids
) -> bool:
    """Whether every cell's words are those of the text its id names (a single word is the
    whole text, so nothing to check)."""
    return len(words) == 1 or all(
        np.array_equal(k[at], w) for k, w in zip(known, words, strict=True)
    )


def _texts(block: bytes, starts: Ids, lengths: Ids) -> Texts:
    """The stripped texts of some cells."""
    cells = zip(starts.tolist(), lengths.tolist(), strict=True)
    return np.array([block[s : s + n].decode("utf-8").strip() for s, n in cells], dtype=object)


def _long(block: bytes, starts: Ids, lengths: Ids) -> tuple[Ids, Texts]:
    """A column with cells beyond 24 bytes (free text): each distinct text once, by a dict."""
    tokens: defaultdict[bytes, int] = defaultdict()
    tokens.default_factory = tokens.__len__
    cells = (block[s : s + n] for s, n in zip(starts.tolist(), lengths.tolist(), strict=True))
    ids = np.fromiter(map(tokens.__getitem__, cells), dtype=np.intp, count=len(starts))
    return ids, np.array([t.decode("utf-8").strip() for t in tokens], dtype=object)
