"""JSON Lines told apart by numpy on the file's bytes (issue 23: at CSV's speed).

The standard library's JSON decoder builds a Python object per value, about 9–14 µs for a
line of Check: RBMK, more than the whole CSV run spends per row. An assessment line is
simple JSON, though: one object whose values are strings, whole numbers, ``true``/``false``/
``null`` or, under ``answers`` and ``attributes``, one more flat object. A block of whole
lines is read here as the CSV byte reader reads a block (:mod:`sigrbm.batch.read_bytes`):

1. one pass classes every byte (quote, ``:``, ``,``, ``{``, ``}``, line end, or a byte that
   makes a line need the decoder: a backslash, a bracket, a control character);
2. quotes are paired line by line, and the ``:``/``,``/braces inside strings are dropped;
3. the remaining tokens are checked as a grammar of neighbours (which token may follow
   which, a string is a key exactly when a ``:`` follows it, depth 1–2 inside a line and 0
   at its end), so a line that passes is valid JSON;
4. keys are found as numbers (their bytes, in up to ``words`` 64-bit words) in a table of
   the keys an assessment may have, and each value's position and length is put in its
   column, as the CSV reader has them, for the same column checks
   (:func:`sigrbm.batch.read_bytes.column_tokens`).

A line that is anything else — an escape, a fraction, a number beyond 15 digits, an unknown
or repeated key, ``judgement`` or ``judgements`` given as objects, deeper nesting, invalid
JSON — is marked and left to the decoder (:mod:`sigrbm.batch.read_jsonl`), which reads or
refuses it exactly as before. The cell a value gives is the decoder path's: a string's text,
a whole number as ``str(int)``, ``true``/``false`` as ``True``/``False``, ``null`` as empty.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

WORD = 8
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(WORD)] + [(1 << 64) - 1], dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
CANONICAL = b"TrueFalse0"  # cells a literal gives that are not its own bytes
_LITERAL_CELLS = {b"true": (0, 4), b"false": (4, 5), b"-0": (9, 1), b"null": (0, 0)}
_WHOLE = re.compile(rb"-?(?:0|[1-9][0-9]*)")
MAX_DIGITS = 15  # characters, sign included, as the decoder path's plain reading; longer
# numbers are judged there (E111 beyond ±10^15)
_PAD = bytes(WORD * 4)
NO_COLUMN = -1

Ids = npt.NDArray[np.intp]


@attrs.frozen(eq=False)
class Keys:
    """The keys an assessment line may have, as numbers, and the column each fills.

    ``top`` gives a top-level key's column, ``inner[c]`` a key's column inside container
    ``c`` (0: ``answers``, 1: ``attributes``); ``container`` says which top-level keys open
    one. Columns are positions in the CSV header the reader checks against."""

    words: int  # 64-bit words a key may span
    slots: Slots  # a key's number → its position
    key_words: list[npt.NDArray[np.uint64]]  # by sorted position, per word
    top: npt.NDArray[np.intp]  # by sorted position: column or NO_COLUMN
    container: npt.NDArray[np.intp]  # by sorted position: 0, 1 or NO_COLUMN
    inner: npt.NDArray[np.intp]  # 2 × sorted position: column or NO_COLUMN
    width: int  # columns

    @classmethod
    def of(
        cls, top: dict[str, int], answers: dict[str, int], attributes: dict[str, int], width: int
    ) -> Keys:
        names = sorted({*top, *answers, *attributes, "answers", "attributes"})
        encoded = [n.encode("utf-8") for n in names]
        words = max(1, -(-max(len(e) for e in encoded) // WORD))
        table = np.frombuffer(b"".join(e.ljust(WORD * words, b"\0") for e in encoded), "<u8")
        table = table.reshape(len(names), words)
        hashes = _hash([table[:, k] for k in range(words)])
        if len(np.unique(hashes)) != len(names):  # never seen; the decoder path then reads all
            raise ValueError("two keys share a number")
        order = np.argsort(hashes)
        sorted_names = [names[i] for i in order]
        return cls(
            words=words,
            slots=Slots(hashes[order], np.arange(len(names))),
            key_words=[np.ascontiguousarray(table[order, k]) for k in range(words)],
            top=np.array([top.get(n, NO_COLUMN) for n in sorted_names], np.intp),
            container=np.array(
                [{"answers": 0, "attributes": 1}.get(n, NO_COLUMN) for n in sorted_names], np.intp
            ),
            inner=np.array(
                [
                    [answers.get(n, NO_COLUMN) for n in sorted_names],
                    [attributes.get(n, NO_COLUMN) for n in sorted_names],
                ],
                np.intp,
            ),
            width=width,
        )


def _hash(words: list[npt.NDArray[np.uint64]]) -> npt.NDArray[np.uint64]:
    key = words[0].copy()
    for w in words[1:]:
        key *= _MIX
        key ^= w
    return key


class Slots:
    """Distinct 64-bit numbers and their ids, found by multiplicative hashing into a table
    where no two of them share a slot (a number not among them finds any id, or none: the
    caller compares the words)."""

    def __init__(self, numbers: npt.NDArray[np.uint64], ids: npt.NDArray[np.intp]) -> None:
        for bits in range(max(4, (4 * len(numbers)).bit_length()), 24):
            slot = (numbers * _MIX) >> np.uint64(64 - bits)
            if len(np.unique(slot)) == len(numbers):
                break
        else:  # pragma: no cover - 2^23 slots for a few hundred numbers
            raise ValueError("no table without collisions")
        self.shift = np.uint64(64 - bits)
        self.table = np.full(1 << bits, -1, np.intp)
        self.table[slot] = ids

    def find(self, numbers: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
        return self.table[(numbers * _MIX) >> self.shift]


@attrs.frozen(eq=False)
class Block:
    """What a block of whole lines holds: where each row's cells are, which rows the decoder
    must read instead, and each row's line (counted from the block's first, 0-based)."""

    block: bytes  # the block's bytes, then CANONICAL
    words: npt.NDArray[np.uint64]  # the 8 bytes from each offset, as one number
    starts: npt.NDArray[np.intp]  # columns × rows
    lengths: npt.NDArray[np.intp]  # columns × rows
    odd: npt.NDArray[np.bool_]  # by row: the decoder reads it
    row_line: npt.NDArray[np.intp]  # by row
    line_count: int

    def cells(self, j: int, rows: slice = slice(None)) -> tuple[npt.NDArray[np.intp], ...]:
        """Start and length of column ``j``'s cells in ``rows`` (contiguous arrays)."""
        return self.starts[j, rows], self.lengths[j, rows]

    def line_starts(self) -> npt.NDArray[np.intp]:
        """Where each line starts (asked only when some line is odd)."""
        ends = np.flatnonzero(np.frombuffer(self.block, np.uint8) == 10)
        return np.concatenate(([0], ends + 1))[: self.line_count]

    def line_text(self, start: int) -> str:
        """The text of the line starting at byte ``start`` (a line the decoder reads)."""
        end = self.block.index(b"\n", start)
        return self.block[start:end].removesuffix(b"\r").decode("utf-8")  # as text mode reads


# What lies between two strings of a block ("a gap", outside every string): its tokens
STRING, OPEN, CLOSE, COLON, COMMA, END, LITERAL = range(7)
_TOKENS = {ord("{"): OPEN, ord("}"): CLOSE, ord(":"): COLON, ord(","): COMMA, 10: END}
_SPACE = frozenset(b" \r")  # a carriage return only before a line end (else: the decoder)
_LITERAL_BYTES = frozenset(b"-+.0123456789eEtruefalsn")
_FOLLOWS = {  # which token may follow which (JSON, for an object of flat objects)
    STRING: (COLON, COMMA, CLOSE),
    OPEN: (STRING, CLOSE),
    CLOSE: (COMMA, CLOSE, END),
    COLON: (STRING, OPEN, LITERAL),
    COMMA: (STRING,),
    LITERAL: (COMMA, CLOSE),
    END: (OPEN, END),
}


@attrs.frozen
class Gap:
    """What a gap's bytes say, found once per distinct gap (:func:`classify`)."""

    ok: bool  # JSON for what may lie there
    ends: int  # line ends in it
    lines_inside: bool  # a whole line inside (bad, or with tokens but no string)
    first: int = END
    last: int = END
    lo: int = 0  # the depths the string before it may be at
    hi: int = 0
    net: int = 0  # the change of depth over it (without a line end)
    exit: int = -1  # after a line end: the depth of the string after it
    literal_at: int = -1  # a number or literal after ':': where, in the gap
    literal_length: int = 0
    canonical: int = -1  # its cell's place in CANONICAL when not its own bytes


def classify(text: bytes, *, after_string: bool) -> Gap:
    """The gap ``text``, after a string or (``after_string`` false) at a block's start."""
    ends = text.count(b"\n")
    bad = Gap(ok=False, ends=ends, lines_inside=ends >= (2 if after_string else 1))
    tokens: list[tuple[int, int, int]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in _SPACE:
            i += 1
        elif c in _TOKENS:
            tokens.append((_TOKENS[c], i, 1))
            i += 1
        elif c in _LITERAL_BYTES:
            j = i
            while j < len(text) and text[j] in _LITERAL_BYTES:
                j += 1
            tokens.append((LITERAL, i, j - i))
            i = j
        else:
            return bad
    kinds = [k for k, _, _ in tokens]
    prev = STRING if after_string else END
    for k in kinds:
        if k not in _FOLLOWS[prev]:
            return bad
        prev = k
    if not kinds:
        return bad if after_string else Gap(ok=True, ends=0, lines_inside=False, exit=0)
    lo, hi = (1, 2) if after_string else (0, 0)
    depth, absolute, inside, since_end = 0, not after_string, False, False
    for at, k in enumerate(kinds):
        if k == END:
            if absolute and depth != 0:
                return bad
            if not absolute:  # the string before is at the depth this end closes
                lo, hi = max(lo, -depth), min(hi, -depth)
            inside |= absolute and since_end
            absolute, depth, since_end = True, 0, False
            continue
        depth += 1 if k == OPEN else -1 if k == CLOSE else 0
        since_end = True
        if k == CLOSE and at + 1 < len(kinds) and kinds[at + 1] == END:
            continue  # the object's last brace: its end checks the depth (0)
        if absolute and not 1 <= depth <= 2:
            return bad
        if not absolute:
            lo, hi = max(lo, 1 - depth), min(hi, 2 - depth)
    if lo > hi:
        return bad
    literal_at, literal_length, canonical = -1, 0, -1
    for k, at, size in tokens:
        if k != LITERAL:
            continue
        word = text[at : at + size]
        if word in _LITERAL_CELLS:
            canonical, literal_length = _LITERAL_CELLS[word]
        elif _WHOLE.fullmatch(word) and size <= MAX_DIGITS:
            literal_length = size
        else:
            return bad  # a fraction, a long number, not a literal: the decoder judges it
        literal_at = at
    return Gap(
        ok=True,
        ends=ends,
        lines_inside=inside,
        first=kinds[0],
        last=kinds[-1],
        lo=lo,
        hi=hi,
        net=depth if not absolute else 0,
        exit=depth if absolute else -1,
        literal_at=literal_at,
        literal_length=literal_length,
        canonical=canonical,
    )


_ALL_ONES = np.uint64((1 << 64) - 1)


class Gaps:
    """The gaps met so far, each classified once (:func:`classify`) and found again by its
    bytes as one 64-bit number (a gap of up to 8 bytes; a longer one by its bytes)."""

    def __init__(self) -> None:
        self.gaps: list[Gap] = []
        self.texts: dict[bytes, int] = {}
        self.first_word = np.zeros(0, np.uint64)  # by id; all ones for a longer gap
        self.slots: Slots | None = None
        self.packed = np.zeros(0, np.int64)
        self.table: dict[str, npt.NDArray[np.int64]] = {}

    def of_text(self, text: bytes, *, after_string: bool = True) -> int:
        """The id of a gap given by its bytes."""
        key = text if after_string else b"^" + text
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = len(self.gaps)
            self.gaps.append(classify(text, after_string=after_string))
            short = len(text) <= WORD and after_string
            word = int.from_bytes(text, "little") if short else (1 << 64) - 1
            self.first_word = np.append(self.first_word, np.uint64(word))
            if short:
                ids = np.flatnonzero(self.first_word != np.uint64((1 << 64) - 1))
                self.slots = Slots(self.first_word[ids], ids)
            self._tables()
        return found

    def _tables(self) -> None:
        """Each gap's properties, packed in one number (bits, see :data:`PACKED`) for the
        properties every string needs, and one table each for the literal's."""
        rows = []
        for g in self.gaps:
            flags = [
                g.ok,
                g.ok and g.last in (OPEN, COLON, COMMA),  # a string may follow
                g.ok and g.first == COLON,  # the string before is a key
                g.ok and g.last == COLON,  # the string after is a value
                g.ok and g.first == g.last == COLON,
                g.ok and g.first == COLON and g.last != COLON and g.literal_at < 0,  # '{'
                g.lines_inside,
            ]
            net = (g.exit - g.lo if g.exit >= 0 else g.net) if g.ok else 0
            bounds = (g.lo, g.hi) if g.ok else (3, 0)  # no depth fits a bad gap
            value = sum(int(f) << k for k, f in enumerate(flags))
            value |= min(g.ends, 0xFFFF) << 16 | (net + 8) << 32 | bounds[0] << 40
            rows.append(value | bounds[1] << 44 | (g.exit + 8) << 48)
        self.packed = np.array(rows, np.int64)
        for f in ("literal_at", "literal_length", "canonical", "lo", "hi", "exit", "net"):
            self.table[f] = np.array([getattr(g, f) for g in self.gaps], np.int64)

    def lookup(
        self, padded: bytes, words: npt.NDArray[np.uint64], starts: Ids, lengths: Ids
    ) -> Ids:
        """The id of every gap (starting at ``starts``, of ``lengths`` bytes)."""
        own = words[starts] & _MASKS[np.minimum(lengths, WORD)]
        own[lengths > WORD] = _ALL_ONES  # a longer gap is never taken for a short one
        ids = self._find(own)
        missing = np.flatnonzero(ids < 0)
        if len(missing):
            _, first = np.unique(own[missing], return_index=True)
            for i in missing[first].tolist():
                self.of_text(padded[starts[i] : starts[i] + lengths[i]])
            ids[missing] = self._find(own[missing])
        for i in np.flatnonzero(ids < 0).tolist():  # longer than a word
            ids[i] = self.of_text(padded[starts[i] : starts[i] + lengths[i]])
        return ids

    def _find(self, own: npt.NDArray[np.uint64]) -> Ids:
        if self.slots is None:
            return np.full(len(own), -1, np.intp)
        ids = self.slots.find(own)
        same = self.first_word[np.maximum(ids, 0)] == own
        return np.where(same & (ids >= 0), ids, -1)


#: the bits of :attr:`Gaps.packed`: flags, then line ends, depth change, bounds, exit depth
OK, BEFORE_STRING, KEY_BEFORE, VALUE_AFTER, COLON_ONLY, OPENS, LINES_INSIDE = range(7)


def parse(block: bytes, keys: Keys, gaps: Gaps) -> Block | None:
    """Read a block of whole lines (ending in a line end; UTF-8 checked by the caller), or
    None when the decoder should read the whole block: a carriage return not before a line
    end, another control character, a line with an odd number of quotes, or a line with
    something but no string."""
    n = len(block)
    crs = block.count(b"\r") if b"\r" in block else 0
    if crs and crs != block.count(b"\r\n"):
        return None
    padded = block + CANONICAL + _PAD
    buf = np.frombuffer(padded, np.uint8)[:n]
    line_count = int(np.count_nonzero(buf == 10))
    if np.count_nonzero(buf < 32) != line_count + crs:
        return None
    quotes = np.flatnonzero(buf == 34)
    if len(quotes) % 2 or not len(quotes):
        return None
    pairs = quotes.reshape(-1, 2)
    opens, closes = pairs[:, 0].copy(), pairs[:, 1].copy()
    strings = len(opens)
    words = np.ndarray((n + len(CANONICAL) + WORD * 3,), dtype="<u8", buffer=padded, strides=(1,))
    gap_starts = np.empty(strings + 1, np.intp)
    gap_starts[0] = 0
    gap_starts[1:] = closes + 1
    gap_lengths = np.empty(strings + 1, np.intp)
    gap_lengths[:-1] = opens
    gap_lengths[-1] = n
    gap_lengths -= gap_starts
    gap = gaps.lookup(padded, words, gap_starts, gap_lengths)
    gap[0] = gaps.of_text(block[: opens[0]], after_string=False)
    packed = gaps.packed[gap]
    ends = (packed >> 16) & 0xFFFF
    line = np.cumsum(ends[:-1])  # each string's line
    if int(line[-1] + ends[-1]) != line_count or (packed >> LINES_INSIDE & 1).any():
        return None  # a line end inside a string, or a line without one
    before, after = packed[:-1], packed[1:]  # around each string
    fine = (before >> BEFORE_STRING) & after & ((after >> KEY_BEFORE) ^ (before >> VALUE_AFTER))
    odd_line = np.zeros(line_count + 1, bool)
    odd_line[line[(fine & 1) == 0]] = True
    # depths: the first gap's exit, then each gap's change, if every gap finds its bounds
    depth = np.cumsum(((packed >> 32) & 0xFF) - 8)
    depth += ((packed[0] >> 48) & 0xFF) - 8 - depth[0]
    entry = depth[:-1]  # the depth of the string before each gap but the first
    bounds = (entry < ((after >> 40) & 0xF)) | (entry > ((after >> 44) & 0xF))
    if bounds.any():  # some line is not balanced: count each line from its own end
        depth = _depths(gaps, gap)
        entry = depth[:-1]
        bounds = (entry < gaps.table["lo"][gap[1:]]) | (entry > gaps.table["hi"][gap[1:]])
        bad_at = np.flatnonzero(bounds | ((after & 1) == 0))  # the gap after string i
        odd_line[line[bad_at]] = True
        odd_line[line[np.minimum(bad_at + 1, strings - 1)]] = True
    if not packed[0] & 1:
        odd_line[line[0]] = True
    if b"\\" in block:  # an escape: the decoder reads the line
        newlines = np.flatnonzero(buf == 10)
        odd_line[np.searchsorted(newlines, np.flatnonzero(buf == 92))] = True
    # keys: a string before ':'
    key_at = np.flatnonzero((after >> KEY_BEFORE) & 1)
    key_gap = gap[key_at + 1]
    key_packed = after[key_at]
    starts = opens[key_at] + 1
    lengths = closes[key_at] - starts
    key_words = [
        words[starts + WORD * k] & _MASKS[np.clip(lengths - WORD * k, 0, WORD)]
        for k in range(keys.words)
    ]
    slot = np.maximum(keys.slots.find(_hash(key_words)), 0)
    found = lengths <= WORD * keys.words
    for k in range(keys.words):
        found &= keys.key_words[k][slot] == key_words[k]
    key_depth = depth[key_at]
    opens_object = ((key_packed >> OPENS) & 1).astype(bool)
    # a key inside an object: the latest key that opened one holds it
    holder = np.maximum.accumulate(np.where(opens_object, np.arange(len(key_at)), 0))
    container = np.where(found, keys.container[slot], NO_COLUMN)
    held_in = container[holder]
    inner = keys.inner[np.maximum(held_in, 0), slot]
    column = np.where(key_depth == 1, keys.top[slot], inner)
    column[~found | ((key_depth != 1) & (held_in < 0)) | opens_object] = NO_COLUMN
    bad_key = np.where(opens_object, (container < 0) | (key_depth != 1), column < 0)
    odd_line[line[key_at[bad_key]]] = True
    # values: the string after the key, or a literal in the gap
    value = np.minimum(key_at + 1, strings - 1)
    is_string = ((key_packed >> COLON_ONLY) & 1).astype(bool)
    cell_start = np.where(is_string, opens[value] + 1, 0)
    cell_length = np.where(is_string, closes[value] - cell_start, 0)
    literal_at = gaps.table["literal_at"][key_gap]
    literal = np.flatnonzero(literal_at >= 0)
    if len(literal):
        canonical = gaps.table["canonical"][key_gap[literal]]
        own = closes[key_at[literal]] + 1 + literal_at[literal]
        cell_start[literal] = np.where(canonical >= 0, n + canonical, own)
        cell_length[literal] = gaps.table["literal_length"][key_gap[literal]]
    # each row's cells; a column given twice makes the row odd
    has_string = np.zeros(line_count + 1, bool)
    has_string[line] = True
    rows = np.flatnonzero(has_string[:line_count])
    row_of_line = np.cumsum(has_string) - 1
    row = row_of_line[line[key_at]]
    filled = column >= 0
    width = keys.width
    slots = np.where(opens_object, width + np.maximum(container, 0), column)
    counted = filled | (opens_object & (container >= 0))
    flat = row * (width + 2) + slots
    twice = np.bincount(flat[counted], minlength=len(rows) * (width + 2)) > 1
    if twice.any():
        odd_line[rows[np.flatnonzero(twice) // (width + 2)]] = True
    cell_starts = np.zeros((width, len(rows)), np.intp)
    cell_lengths = np.zeros((width, len(rows)), np.intp)
    cell_starts[column[filled], row[filled]] = cell_start[filled]
    cell_lengths[column[filled], row[filled]] = cell_length[filled]
    return Block(
        block=block + CANONICAL,
        words=words,
        starts=cell_starts,
        lengths=cell_lengths,
        odd=odd_line[rows],
        row_line=rows,
        line_count=line_count,
    )


def _depths(gaps: Gaps, gap: Ids) -> npt.NDArray[np.int64]:
    """The depth after each gap when some line is not balanced: from a line end on, the gap
    says the depth; else it adds its change to the depth before it."""
    exits = gaps.table["exit"][gap]
    reset = exits >= 0
    total = np.cumsum(np.where(reset, 0, gaps.table["net"][gap]))
    last_reset = np.maximum.accumulate(np.where(reset, np.arange(len(gap)), 0))
    out: npt.NDArray[np.int64] = exits[last_reset] + total - total[last_reset]
    return out
