"""JSON Lines of assessments, streamed (issue 23: near CSV's speed, within its memory).

One object per line with ``case_id``, ``date``, ``age`` / ``birth_year_month``,
``attributes`` (``age`` may stand there too), ``answers``, ``judgement`` (a level, or an
object as in a case file), ``program`` and ``judgements`` (issue 13). A UTF-8 file is read
in blocks of whole lines (``BLOCK_BYTES``) by numpy on the bytes
(:mod:`sigrbm.batch.read_jsonl_bytes`); the lines it cannot prove plain, and every line of a
file in another encoding, are decoded one by one by a reused JSON decoder and turned into the
cells a CSV row of the same assessment would have. Either way the rows go, in file order, to
the CSV reader's shared column checks (:class:`sigrbm.batch.read_csv.Reading`), so every
cell gets the same checks and codes as in a CSV, located by its JSON line (no column).
Memory holds the encoded columns, never the whole text. A decoded line that is not plain — a
repeated key, an unknown key, a number with a fraction or beyond ±10^15, deep nesting, not an
object — takes the strict path (:func:`_json_object`), which says what is wrong. A key the
format does not know is refused wherever it stands, ``attributes`` and ``judgement``
included, and a value given twice (``age`` at the top and among the attributes) too.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, BinaryIO

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.compile import Compiled
from sigrbm.batch.encoding import UTF8, first_undecodable, text_encoding, undecodable
from sigrbm.batch.input import (
    FIXED_COLUMNS,
    JUDGED_SUFFIXES,
    LINE_CODES,
    BatchInput,
    Rows,
    empty_input,
    further_columns,
    further_scores,
    read_header,
)
from sigrbm.batch.jsonl_gaps import Gaps
from sigrbm.batch.read_bytes import Vocab, cell_tokens
from sigrbm.batch.read_csv import Reading, Tokens, unreadable
from sigrbm.batch.read_jsonl_bytes import Block, Keys, parse_pieces
from sigrbm.errors import Code, Problem
from sigrbm.reading.files import MAX_JSONL_BYTES, InputFileError, open_limited
from sigrbm.reading.scalars import ScalarError, magnitude_problem, parse_float
from sigrbm.reading.source import MAX_DEPTH
from sigrbm.reading.structure import did_you_mean

CHUNK = 1 << 13  # lines per chunk, as the CSV reader's
MAX_LINE = 1 << 24  # bytes (characters in another encoding) of one line: an assessment is a
# few kilobytes, and a longer line would be held whole, in memory several times its size
BLOCK_BYTES = 1 << 23  # whole lines read at a time by numpy (about 3,000 lines of Check: RBMK)
BOUND = 10**15  # the magnitude every reader keeps (E111 beyond it)


def read_jsonl(
    path: str | os.PathLike[str],
    compiled: Compiled,
    *,
    encoding: str = UTF8,
    on_rows: Callable[[int], None] | None = None,
    by_bytes: bool = True,
) -> tuple[BatchInput, list[Problem], int]:
    """Read JSON Lines of assessments (see the module docstring); ``by_bytes`` false reads
    every UTF-8 line with the decoder too (the reference the byte reader is tested against)."""
    name = os.fspath(path)
    shape = _Shape(compiled)
    seen, _ = read_header(shape.header, compiled, name)  # our own header: always readable
    reading = Reading(compiled, seen, Rows(name), on_rows)
    problems: list[Problem] = []
    try:
        # issue 22: the one bounded, regular-file-only way in
        with open_limited(name, MAX_JSONL_BYTES) as raw:
            if encoding == UTF8 and by_bytes:  # numpy on the bytes, the decoder for odd lines
                _read_blocks(raw, shape, reading, problems)
            else:
                with io.TextIOWrapper(raw, encoding=text_encoding(encoding)) as fh:
                    lines = enumerate(_bounded_lines(fh), start=1)
                    while chunk := list(islice(lines, CHUNK)):
                        _decode(chunk, shape, reading, problems)
    except UnicodeError:  # issue 23: located, with a hint (B720); 22: utf-16 sans BOM
        where = first_undecodable(name, encoding)
        return empty_input(compiled), [undecodable(name, encoding, where)], 0
    except OSError as exc:  # a FIFO, a device, too large: its own code (issue 22)
        return empty_input(compiled), [unreadable(exc, name)], 0
    data, more, bad = reading.finish()
    problems += [attrs.evolve(p, column=None) for p in more]  # a JSON line has no columns
    skipped = len({p.line for p in problems if p.code in LINE_CODES})
    return data, problems, bad + skipped


def _at(
    code: Code,
    name: str,
    number: int,
    path: tuple[str | int, ...],
    message: str,
    *,
    column: int | None = None,
) -> Problem:
    """A problem of line ``number``, at ``rows[number - 1]`` and ``path`` below it."""
    where = ("rows", number - 1, *path)
    return Problem(code=code, path=where, file=name, line=number, column=column, message=message)


def _bounded_lines(fh: io.TextIOWrapper) -> Iterator[str]:
    """The lines of a text file, each at most ``MAX_LINE`` characters (else E101)."""
    number = 0
    while line := fh.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise _too_long(number)
        yield line


def _too_long(number: int) -> InputFileError:
    return InputFileError(
        Code.TOO_LARGE,
        f"line {number} is longer than {MAX_LINE // (1024 * 1024)} MiB; "
        "an assessment is one line of a few kilobytes",
    )


def _decode(
    chunk: list[tuple[int, str]], shape: _Shape, reading: Reading, problems: list[Problem]
) -> None:
    """Lines (each with its number) through the decoder to the shared column checks."""
    records, at = shape.records(chunk, reading.rows.file, problems)
    if records:
        reading.add_records(records, at)


def _read_blocks(fh: BinaryIO, shape: _Shape, reading: Reading, problems: list[Problem]) -> None:
    """Read UTF-8 JSON Lines in blocks of whole lines: the plain rows by numpy
    (:mod:`sigrbm.batch.read_jsonl_bytes`), the others by the decoder, in file order."""
    vocabs = [Vocab() for _ in shape.header]
    gaps = Gaps()
    line = 1  # the block's first line
    while block := fh.read(BLOCK_BYTES):
        if not block.endswith(b"\n"):
            rest = fh.readline(MAX_LINE + 1)
            if len(rest) > MAX_LINE:
                raise _too_long(line + block.count(b"\n"))
            block += rest
        if line == 1:
            block = block.removeprefix(codecs.BOM_UTF8)
        if not block.endswith(b"\n"):
            block += b"\n"
        if not block.isascii():
            block.decode("utf-8")  # raises on a byte that is not UTF-8 (B720)
        for part in parse_pieces(block, shape.keys, gaps):
            if isinstance(part, bytes):  # the decoder reads it, lines as the text path splits
                with io.TextIOWrapper(io.BytesIO(part), encoding="utf-8") as text:
                    chunk = list(enumerate(text, start=line))
                _decode(chunk, shape, reading, problems)
                line += len(chunk)
            else:
                _add_block(part, line, shape, reading=reading, vocabs=vocabs, problems=problems)
                line += part.line_count


def _add_block(
    parsed: Block,
    first_line: int,
    shape: _Shape,
    *,
    reading: Reading,
    vocabs: list[Vocab],
    problems: list[Problem],
) -> None:
    """Hand a parsed block's rows to the shared column checks in file order: each run of
    plain rows as columns, each run of odd ones through the decoder (all of them through the
    decoder when more than a few are odd: many small runs would cost more)."""
    odd = parsed.odd
    rows = len(odd)
    lines = first_line + parsed.row_line
    if np.count_nonzero(odd) > rows // 32 + 4:
        cuts = [0, rows]
        odd = np.ones(rows, bool)
    else:
        cuts = [0, *(np.flatnonzero(np.diff(odd)) + 1).tolist(), rows]
    line_starts = parsed.line_starts() if odd.any() else None
    for a, b in itertools.pairwise(cuts):
        if a == b:
            continue
        if line_starts is not None and odd[a]:
            starts = line_starts[parsed.row_line[a:b]].tolist()
            chunk = [(int(lines[a + k]), parsed.line_text(s)) for k, s in enumerate(starts)]
            _decode(chunk, shape, reading, problems)
            continue
        reading.add(_columns(parsed, slice(a, b), vocabs, reading.seen), b - a, lines[a:b].tolist())


def _columns(parsed: Block, rows: slice, vocabs: list[Vocab], seen: dict[str, int]) -> Tokens:
    """Token ids and stripped texts of a column of some plain rows (computed when asked)."""
    cache: dict[int, tuple[npt.NDArray[np.intp], npt.NDArray[Any]]] = {}

    def tokens(col: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
        j = seen[col]
        if j not in cache:
            starts, lengths = parsed.cells(j, rows)
            cache[j] = cell_tokens(parsed.padded, parsed.words, starts, lengths, vocabs[j])
        return cache[j]

    return tokens


class _Shape:
    """The CSV columns a JSON Lines row fills, and the keys a line may have."""

    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        fixed = [c for c in FIXED_COLUMNS if c != "judgement_date"] + ["judgement_date"]
        self.fixed = fixed
        self.attr_ids = [a.id for a in compiled.instrument.attributes if a.id != "age"]
        self.attr_set = frozenset(self.attr_ids)
        self.items = list(compiled.item_ids)
        self.item_set = frozenset(self.items)
        self.blanks = [""] * len(self.items)
        self.further = further_columns(compiled.instrument)  # issue 13: further judged scores
        self.header = fixed + self.attr_ids + self.items + self.further
        self.known = (*FIXED_COLUMNS, "attributes", "answers", "judgements", *self.further)
        self.known_set = frozenset(self.known)
        self.keys = Keys.of(
            {c: self.header.index(c) for c in (*self.fixed, *self.further)},
            {c: self.header.index(c) for c in self.items},
            {c: self.header.index(c) for c in [*self.attr_ids, "age"]},  # age may stand there
            len(self.header),
        )
        self.strict = _Strict()
        self.decoder = json.JSONDecoder(
            object_pairs_hook=self.strict.pairs,
            parse_float=self.strict.fraction,
            parse_int=self.strict.integer,
        )

    def records(
        self, chunk: list[tuple[int, str]], name: str, problems: list[Problem]
    ) -> tuple[list[list[str]], list[int]]:
        """The CSV cells of each good line of a chunk and its line number; the problems of
        the others are added to ``problems``."""
        records: list[list[str]] = []
        at: list[int] = []
        for number, text in chunk:
            line = text.removesuffix("\n")
            if not line.strip():
                continue
            obj = self.plain(line)
            if obj is None:
                obj, found = _json_object(line, number, name, self.known)
                problems += found
                if obj is None:
                    continue
            row = self.row(obj, number, name, problems)
            if row is not None:
                records.append(row)
                at.append(number)
        return records, at

    def plain(self, line: str) -> dict[str, Any] | None:
        """The line's object when nothing about it needs the strict path, else None."""
        if line.count("[") + line.count("{") > MAX_DEPTH:
            return None
        self.strict.twice = False
        try:
            obj = self.decoder.decode(line)
        except (ValueError, _NotPlainError):  # not JSON, a fraction, a number too large
            return None
        if self.strict.twice or not isinstance(obj, dict):
            return None
        return obj if self.known_set.issuperset(obj) else None

    def row(
        self, obj: dict[str, Any], number: int, name: str, problems: list[Problem]
    ) -> list[str] | None:
        """The cells of one object, as its CSV row would hold them (None after a problem)."""
        obj, wrong = self.nested(obj, number, name)
        if not wrong:
            obj, wrong = _judgements(obj, self.compiled, number, name)
        problems += wrong
        if wrong:
            return None
        answers = obj.get("answers", {})
        attrs_in = obj.get("attributes") or {}
        if not isinstance(answers, dict):
            unknown = ["answers"]
        elif self.item_set.issuperset(answers):
            unknown = []
        else:
            unknown = [k for k in answers if k not in self.item_set]
        problems += [
            _at(
                Code.CASE_UNKNOWN_ITEM,
                name,
                number,
                ("answers", k),
                f"no item '{k}'{did_you_mean(k, self.items)}",
            )
            for k in unknown
        ]
        if unknown:
            return None
        get = obj.get
        row = [_cell(get(c)) for c in self.fixed[: len(FIXED_COLUMNS)]]
        if isinstance(attrs_in, dict):
            row += [_cell(attrs_in.get(a, "")) for a in self.attr_ids]
        else:
            row += [""] * len(self.attr_ids)
        cells = map(answers.get, self.items, self.blanks)
        row += [v if v.__class__ is str else _cell(v) for v in cells]  # mostly codes: as is
        row += [_cell(get(c)) for c in self.further]
        return row

    def nested(
        self, obj: dict[str, Any], number: int, name: str
    ) -> tuple[dict[str, Any], list[Problem]]:
        """``judgement`` as an object (as in a case file) and ``attributes`` read into the
        columns they stand for; an unknown key in them, or a value given both there and at
        the top (``age``, ``judgement_reason`` …), is a problem, never dropped silently."""
        found: list[Problem] = []

        def problem(code: Code, path: tuple[str | int, ...], message: str) -> None:
            found.append(_at(code, name, number, path, message))

        out = dict(obj)
        judged = obj.get("judgement")
        if isinstance(judged, dict):  # as in a case file: level, reason, author, date
            out["judgement"] = judged.get("level")
            for k, v in judged.items():
                if k not in JUDGEMENT_PARTS:
                    hint = did_you_mean(k, JUDGEMENT_PARTS)
                    problem(Code.UNKNOWN_KEY, ("judgement", k), f"unknown key '{k}'{hint}")
                elif k != "level":
                    if f"judgement_{k}" in obj:
                        twice = f"'{k}' is given twice: in judgement and as judgement_{k}"
                        problem(Code.DUPLICATE_KEY, ("judgement", k), twice)
                    out[f"judgement_{k}"] = v
        given = obj.get("attributes")
        if given is not None and not isinstance(given, dict):
            problem(Code.NOT_A_MAPPING, ("attributes",), "attributes must be an object")
        elif given:
            for k, v in given.items():
                if k == "age":  # the age may stand among the attributes
                    if "age" in obj:
                        problem(
                            Code.DUPLICATE_KEY,
                            ("attributes", "age"),
                            "age is given twice: at the top and in attributes",
                        )
                    out["age"] = v
                elif k not in self.attr_set:
                    hint = did_you_mean(k, [*self.attr_ids, "age"])
                    problem(Code.UNKNOWN_KEY, ("attributes", k), f"unknown attribute '{k}'{hint}")
        return out, found


JUDGEMENT_PARTS = ("level", "reason", "author", "date")


class _NotPlainError(Exception):
    """A number the strict path must read (a fraction, or beyond ±10^15)."""


class _Strict:
    """The plain decoder's hooks: it notes a repeated key and gives up on a number the strict
    path must judge (the strict path then says exactly what is wrong)."""

    def __init__(self) -> None:
        self.twice = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) != len(pairs):
            self.twice = True
        return out

    def fraction(self, text: str) -> float:
        raise _NotPlainError(text)

    def integer(self, text: str) -> int:
        if len(text) > 15:  # beyond ±10^15 perhaps: the strict path decides
            raise _NotPlainError(text)
        return int(text)


def _cell(value: Any) -> str:
    """A value as the CSV cell the csv module would write for it."""
    if value is None:
        return ""
    return value if type(value) is str else str(value)


def _judgements(
    obj: dict[str, Any], compiled: Compiled, number: int, name: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Issue 13: ``judgements: {score: {level, reason, author, date}}`` as in a case file,
    flattened into the further judged scores' columns (``<score>_judgement``, …)."""
    given = obj.get("judgements")
    if given is None:
        return obj, []
    scores = further_scores(compiled.instrument)
    wrong = [k for k in given if k not in scores] if isinstance(given, dict) else ["judgements"]
    if wrong:
        return obj, [
            _at(
                Code.CASE_JUDGEMENT_REQUIRED,
                name,
                number,
                ("judgements", k),
                f"'{k}' is not a further judged score of {compiled.instrument.id}; "
                f"judged here: {', '.join(scores) or 'none'}",
            )
            for k in wrong
        ]
    out = {k: v for k, v in obj.items() if k != "judgements"}
    found: list[Problem] = []
    for s, j in given.items():
        parts = j if isinstance(j, dict) else {"level": j}
        for key in parts:
            if key not in JUDGEMENT_PARTS:
                hint = did_you_mean(key, JUDGEMENT_PARTS)
                found.append(
                    _at(
                        Code.UNKNOWN_KEY,
                        name,
                        number,
                        ("judgements", s, key),
                        f"unknown key '{key}'{hint}",
                    )
                )
        for key, suffix in zip(JUDGEMENT_PARTS, JUDGED_SUFFIXES, strict=True):
            if f"{s}{suffix}" in obj:
                found.append(
                    _at(
                        Code.DUPLICATE_KEY,
                        name,
                        number,
                        ("judgements", s),
                        f"{s}{suffix} is given twice: in judgements and at the top",
                    )
                )
            out[f"{s}{suffix}"] = parts.get(key)
    return out, found


def _json_object(
    line: str, number: int, name: str, known_keys: tuple[str, ...]
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One JSON Lines line as an object with known, unrepeated keys, or its problems."""
    twice: list[str] = []

    def at(code: Code, path: tuple[str | int, ...], message: str, column: int | None) -> Problem:
        return _at(code, name, number, path, message, column=column)

    if line.count("[") + line.count("{") > MAX_DEPTH and _depth(line) > MAX_DEPTH:
        message = f"the line nests deeper than {MAX_DEPTH} levels; an assessment is flat"
        return None, [at(Code.TOO_DEEP, (), message, 1)]
    try:
        obj = json.loads(
            line,
            object_pairs_hook=lambda pairs: _no_twice(pairs, twice),
            parse_int=_bounded_int,
            parse_float=_bounded_float,
        )
    except json.JSONDecodeError as exc:
        return None, [at(Code.YAML_SYNTAX, (), f"not valid JSON: {exc.msg}", exc.colno)]
    except ScalarError as exc:  # a number beyond the bounds (issue 14)
        return None, [at(exc.code, (), exc.message, None)]
    except RecursionError:
        message = f"the line nests deeper than {MAX_DEPTH} levels; an assessment is flat"
        return None, [at(Code.TOO_DEEP, (), message, 1)]
    if not isinstance(obj, dict):
        return None, [at(Code.NOT_A_MAPPING, (), "each line must be a JSON object", 1)]
    found = [at(Code.DUPLICATE_KEY, (k,), f"key '{k}' appears twice", None) for k in twice]
    found += [
        at(Code.UNKNOWN_KEY, (k,), f"unknown key '{k}'{did_you_mean(k, known_keys)}", None)
        for k in obj
        if k not in known_keys
    ]
    return (None if found else obj), found


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"?')  # an unterminated one runs to the end: linear
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def _depth(line: str) -> int:
    """The deepest nesting of ``[``/``{`` in a JSON text, outside its strings (asked only
    when the line has many brackets; in time linear in the line, whatever it holds)."""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", line)).encode("ascii")
    steps = np.frombuffer(brackets, np.uint8)
    depth = np.cumsum(np.where((steps == ord("[")) | (steps == ord("{")), 1, -1))
    return int(depth.max()) if len(depth) else 0


def _bounded_int(text: str) -> int:
    """A JSON integer within the bounds every reader keeps (E111 beyond them)."""
    if len(text.lstrip("-")) > 16:  # beyond ±10^15 whatever the digits (and int()'s limit)
        raise ScalarError(Code.NUMBER_TOO_LARGE, "the number is beyond ±10^15")
    value = int(text)
    problem = magnitude_problem(value)
    if problem is not None:
        raise problem
    return value


def _bounded_float(text: str) -> float:
    """A JSON number with a fraction or exponent, within the bounds (E111 beyond them)."""
    return parse_float(text)


def _no_twice(pairs: list[tuple[str, Any]], twice: list[str]) -> dict[str, Any]:
    """A JSON object that notes its repeated keys (json.loads keeps the last silently)."""
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            twice.append(k)
        out[k] = v
    return out
