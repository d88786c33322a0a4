"""JSON Lines read by numpy on the file's bytes (issue 23: at near CSV's speed).

The standard library's JSON decoder builds a Python object per value, about 9–14 µs for a
line of Check: RBMK, more than the whole CSV run spends per row. An assessment line is
simple JSON, though: one object whose values are strings, whole numbers, ``true``/``false``/
``null`` or, under ``answers`` and ``attributes``, one more flat object. A block of whole
lines is read here as the CSV byte reader reads a block (:mod:`sigrbm.batch.read_bytes`):

1. the quotes are found in one pass; with no backslash in a line, every quote opens or closes
   a string, so a line is its strings and the gaps between them;
2. each gap (``: ``, ``, ``, ``: 12, ``, ``}}`` and a line end, …) is found by its bytes among
   the few a file has, each read once (:mod:`sigrbm.batch.jsonl_gaps`): which tokens it
   holds, and so whether the strings around it are keys or values and at what depth;
3. a line is plain when its strings and gaps follow JSON's order (a key before ``:``, a value
   after it), its depths are 1–2 inside and 0 at its end, and every key is known: keys are
   found as numbers (their bytes, in up to ``words`` 64-bit words) in a table of the keys an
   assessment may have, each compared byte for byte;
4. each value's position and length goes to its column, as the CSV reader has them, for the
   same column checks (:func:`sigrbm.batch.read_bytes.cell_tokens`).

A line that is anything else — an escape, a fraction, a number beyond 15 characters, an
unknown or repeated key, ``judgement`` or ``judgements`` given as objects, deeper nesting,
invalid JSON — is marked odd and left to the decoder (:mod:`sigrbm.batch.read_jsonl`), which
reads or refuses it exactly as before; a block with a control character, a lone carriage
return, a line with an odd number of quotes or a line without a string goes there whole. The
cell a value gives is the decoder's: a string's text, a whole number as ``str(int)``,
``true``/``false`` as ``True``/``False``, ``null`` as empty.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.jsonl_gaps import (
    BEFORE_STRING,
    CANONICAL,
    COLON_ONLY,
    KEY_BEFORE,
    LINES_INSIDE,
    OPENS,
    VALUE_AFTER,
    Gaps,
    Slots,
)
from sigrbm.batch.read_bytes import MASKS, WORD, Ids, mix

_PAD = bytes(WORD * 4)
NO_COLUMN = -1


ANSWERS, ATTRIBUTES = 2, 3  # the objects a key may open, and the context of a key in them
TOP = 1  # the context of a top-level key (0: in no object the byte reader reads)


@attrs.frozen(eq=False)
class Keys:
    """The keys an assessment line may have, as numbers, and the column each fills.

    ``columns[context * size + slot]`` is the column of the key in ``slot`` in a context
    (:data:`TOP`, :data:`ANSWERS`, :data:`ATTRIBUTES`; 0: none); ``container`` says which
    top-level key opens which object (0: none). Columns are positions in the CSV header the
    reader checks against."""

    words: int  # 64-bit words a key may span
    slots: Slots  # a key's number → its position
    key_words: list[npt.NDArray[np.uint64]]  # by position, per word
    columns: npt.NDArray[np.intp]  # by context, then position: column or NO_COLUMN
    container: npt.NDArray[np.intp]  # by position: ANSWERS, ATTRIBUTES or 0
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
        hashes = mix([table[:, k] for k in range(words)])
        # two keys on one number (never seen): the later one is never found, so its lines
        # go to the decoder
        numbers, first = np.unique(hashes, return_index=True)
        contexts = [{}, top, answers, attributes]
        return cls(
            words=words,
            slots=Slots(numbers, first),
            key_words=[np.ascontiguousarray(table[:, k]) for k in range(words)],
            columns=np.array([c.get(n, NO_COLUMN) for c in contexts for n in names], np.intp),
            container=np.array(
                [{"answers": ANSWERS, "attributes": ATTRIBUTES}.get(n, 0) for n in names], np.intp
            ),
            width=width,
        )


@attrs.frozen(eq=False)
class Block:
    """Where each row's cells are in a block of whole lines (``padded``: the block, then
    CANONICAL, then zeros; every start is counted from its first byte), which rows the
    decoder must read instead, and each row's line counted from the line at ``first_byte``
    (0-based)."""

    padded: bytes
    words: npt.NDArray[np.uint64]  # the 8 bytes from each offset of ``padded``, as one number
    starts: npt.NDArray[np.intp]  # columns (and the two objects) × rows
    lengths: npt.NDArray[np.intp]  # columns (and the two objects) × rows
    odd: npt.NDArray[np.bool_]  # by row: the decoder reads it
    row_line: npt.NDArray[np.intp]  # by row
    line_count: int
    first_byte: int = 0

    def cells(self, j: int, rows: slice = slice(None)) -> tuple[npt.NDArray[np.intp], ...]:
        """Start and length of column ``j``'s cells in ``rows`` (contiguous arrays)."""
        return self.starts[j, rows], self.lengths[j, rows]

    def line_starts(self) -> npt.NDArray[np.intp]:
        """Where each of its lines starts (asked only when some line is odd)."""
        buf = np.frombuffer(self.padded, np.uint8)
        ends = np.flatnonzero(buf[self.first_byte :] == 10) + self.first_byte
        return np.concatenate(([self.first_byte], ends + 1))[: self.line_count]

    def line_text(self, start: int) -> str:
        """The text of the line starting at byte ``start`` (a line the decoder reads)."""
        end = self.padded.index(b"\n", start)
        return self.padded[start:end].removesuffix(b"\r").decode("utf-8")  # as text mode reads


PIECE_BYTES = 1 << 20  # parsed at a time: a piece's arrays stay in the cache (1.25× faster
# per line than 8 MiB at once); pieces are joined again for the column checks


def parse_pieces(block: bytes, keys: Keys, gaps: Gaps) -> list[Block | bytes]:
    """A block of whole lines, parsed in pieces of about ``PIECE_BYTES``: in order, each run
    of parsed pieces joined into one :class:`Block`, and each piece the decoder must read whole
    as its bytes."""
    padded = block + CANONICAL + _PAD
    size = len(block) + len(CANONICAL) + WORD * 3
    words = np.ndarray((size,), dtype="<u8", buffer=padded, strides=(1,))
    out: list[Block | bytes] = []
    run: list[Block] = []
    a = 0
    while a < len(block):
        b = len(block) if a + PIECE_BYTES >= len(block) else block.index(b"\n", a + PIECE_BYTES) + 1
        parsed = parse(padded, words, a, b, keys=keys, gaps=gaps)
        if parsed is None:
            if run:
                out.append(_join(run))
                run = []
            out.append(block[a:b])
        else:
            run.append(parsed)
        a = b
    if run:
        out.append(_join(run))
    return out


def _join(run: list[Block]) -> Block:
    """Parsed pieces side by side as one block."""
    if len(run) == 1:
        return run[0]
    lines = np.cumsum([0] + [piece.line_count for piece in run])
    return Block(
        padded=run[0].padded,
        words=run[0].words,
        starts=np.concatenate([piece.starts for piece in run], axis=1),
        lengths=np.concatenate([piece.lengths for piece in run], axis=1),
        odd=np.concatenate([piece.odd for piece in run]),
        row_line=np.concatenate(
            [p.row_line + k for p, k in zip(run, lines.tolist(), strict=False)]
        ),
        line_count=int(lines[-1]),
        first_byte=run[0].first_byte,
    )


def parse(
    padded: bytes, words: npt.NDArray[np.uint64], a: int, b: int, *, keys: Keys, gaps: Gaps
) -> Block | None:
    """Read the whole lines ``padded[a:b]`` (UTF-8 checked by the caller; ``words`` the 8
    bytes from each offset of ``padded``), or None when the decoder should read them all: a
    carriage return not before a line end, another control character, a line with an odd
    number of quotes, or a line with something but no string."""
    strings = _Strings.of(padded, words, a, b, gaps)
    if strings is None:
        return None
    return _cells(strings, _keys(strings, keys, gaps), keys.width)


@attrs.frozen(eq=False)
class _Strings:
    """The strings of some lines, the gaps around them and what they say of each line."""

    padded: bytes  # the block, CANONICAL, zeros
    words: npt.NDArray[np.uint64]  # the 8 bytes from each offset of ``padded``
    first_byte: int  # where the lines start
    opens: Ids  # each string's opening quote
    closes: Ids  # and closing quote
    gap: Ids  # the gaps: before the first string, between strings, after the last
    flags: npt.NDArray[np.uint8]  # each gap's flags (:meth:`Gaps._tables`)
    line: Ids  # each string's line
    depth: npt.NDArray[np.int32]  # after each gap: the depth of the string after it
    odd_line: npt.NDArray[np.bool_]  # by line: the decoder reads it
    line_count: int

    @classmethod
    def of(
        cls, padded: bytes, words: npt.NDArray[np.uint64], a: int, b: int, gaps: Gaps
    ) -> _Strings | None:
        crs = padded.count(b"\r", a, b) if padded.find(b"\r", a, b) >= 0 else 0
        if crs and crs != padded.count(b"\r\n", a, b):
            return None
        buf = np.frombuffer(padded, np.uint8)[a:b]
        line_count = int(np.count_nonzero(buf == 10))
        if np.count_nonzero(buf < 32) != line_count + crs:
            return None
        quotes = np.flatnonzero(buf == 34)
        if len(quotes) % 2 or not len(quotes):
            return None
        quotes += a
        pairs = quotes.reshape(-1, 2)
        opens, closes = pairs[:, 0].copy(), pairs[:, 1].copy()
        gap_starts = np.empty(len(opens) + 1, np.intp)
        gap_starts[0] = a
        gap_starts[1:] = closes + 1
        gap_lengths = np.empty(len(opens) + 1, np.intp)
        gap_lengths[:-1] = opens
        gap_lengths[-1] = b
        gap_lengths -= gap_starts
        gap = gaps.lookup(padded, words, gap_starts, gap_lengths)
        first = gaps.of_text(padded[a : opens[0]], after_string=False)
        if gap is None or first is None:
            return None  # gaps past the most kept: the decoder reads these lines
        gap[0] = first
        flags = gaps.table["flags"][gap]
        ends = gaps.table["ends"][gap]
        line = np.cumsum(ends[:-1], dtype=np.intp)  # each string's line
        if int(line[-1] + ends[-1]) != line_count or (flags & (1 << LINES_INSIDE)).any():
            return None  # a line end inside a string, or a line without one
        odd_line = np.zeros(line_count + 1, bool)
        depth = _depths(gaps, gap, flags, line, odd_line)
        if padded.find(b"\\", a, b) >= 0:  # an escape: the decoder reads the line
            newlines = np.flatnonzero(buf == 10)
            odd_line[np.searchsorted(newlines, np.flatnonzero(buf == 92))] = True
        return cls(padded, words, a, opens, closes, gap, flags, line, depth, odd_line,
                   line_count)  # fmt: skip


def _depths(
    gaps: Gaps, gap: Ids, flags: npt.NDArray[np.uint8], line: Ids, odd_line: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int32]:
    """The depth of the string after each gap, marking the lines where the strings and gaps
    do not follow JSON's order or depths."""
    before, after = flags[:-1], flags[1:]  # around each string
    fine = (before >> BEFORE_STRING) & after & ((after >> KEY_BEFORE) ^ (before >> VALUE_AFTER))
    odd_line[line[(fine & 1) == 0]] = True
    if not flags[0] & 1:
        odd_line[line[0]] = True
    # the first gap's exit, then each gap's change: right when every gap finds its bounds
    depth = np.cumsum(gaps.table["net_all"][gap], dtype=np.int32)
    depth += int(gaps.table["exit"][gap[0]]) - depth[0]
    entry = depth[:-1]  # the depth of the string before each gap but the first
    after_gap = gap[1:]
    if (
        not (entry < gaps.table["lo"][after_gap]).any()
        | (entry > gaps.table["hi"][after_gap]).any()
    ):
        return depth
    # some line is not balanced: from a line end on, each gap says the depth
    exits = gaps.table["exit"][gap]
    reset = exits >= 0
    total = np.cumsum(np.where(reset, 0, gaps.table["net"][gap]))
    last_reset = np.maximum.accumulate(np.where(reset, np.arange(len(gap)), 0))
    depth = np.asarray(exits[last_reset] + total - total[last_reset], np.int32)
    entry = depth[:-1]
    bounds = (entry < gaps.table["lo"][after_gap]) | (entry > gaps.table["hi"][after_gap])
    bad_at = np.flatnonzero(bounds | ((after & 1) == 0))  # the gap after string i
    odd_line[line[bad_at]] = True
    odd_line[line[np.minimum(bad_at + 1, len(line) - 1)]] = True
    return depth


@attrs.frozen(eq=False)
class _Keyed:
    """Each key's column (or that it opens ``answers``/``attributes``) and its value's cell."""

    key_at: Ids  # the strings that are keys
    column: Ids  # NO_COLUMN: none (an object, or the line is odd)
    opens_object: npt.NDArray[np.bool_]
    container: Ids  # of a key that opens an object: ANSWERS, ATTRIBUTES, else 0
    cell_start: Ids
    cell_length: Ids


def _keys(s: _Strings, keys: Keys, gaps: Gaps) -> _Keyed:
    """Find each key in the table of keys, its column and its value's place; mark the lines
    with a key the byte reader does not read (unknown, or an object it does not know)."""
    after = s.flags[1:]
    key_at = np.flatnonzero(after & (1 << KEY_BEFORE))
    key_gap = s.gap[key_at + 1]
    key_flags = after[key_at]
    starts = s.opens[key_at] + 1
    lengths = s.closes[key_at] - starts
    key_words = [
        s.words[starts + WORD * k] & MASKS[np.clip(lengths - WORD * k, 0, WORD)]
        for k in range(keys.words)
    ]
    slot = np.maximum(keys.slots.find(mix(key_words)), 0)
    found = lengths <= WORD * keys.words
    for k in range(keys.words):
        found &= keys.key_words[k][slot] == key_words[k]
    key_depth = s.depth[key_at]
    opens_object = (key_flags & (1 << OPENS)).astype(bool)
    # a key inside an object: the latest key that opened one holds it
    holder = np.maximum.accumulate(np.where(opens_object, np.arange(len(key_at)), 0))
    container = np.where(found, keys.container[slot], 0)
    context = np.where(key_depth == 1, TOP, container[holder])
    column = keys.columns[context * len(keys.container) + slot]
    column[~found | opens_object] = NO_COLUMN
    bad_key = np.where(opens_object, (container == 0) | (key_depth != 1), column < 0)
    s.odd_line[s.line[key_at[bad_key]]] = True
    # values: the string after the key, or a number or literal in the gap
    value = np.minimum(key_at + 1, len(s.opens) - 1)
    is_string = (key_flags & (1 << COLON_ONLY)).astype(bool)
    cell_start = np.where(is_string, s.opens[value] + 1, 0)
    cell_length = np.where(is_string, s.closes[value] - cell_start, 0)
    literal_at = gaps.table["literal_at"][key_gap]
    literal = np.flatnonzero(literal_at >= 0)
    if len(literal):
        canonical = gaps.table["canonical"][key_gap[literal]]
        own = s.closes[key_at[literal]] + 1 + literal_at[literal]
        at_canonical = len(s.padded) - len(CANONICAL) - len(_PAD) + canonical
        cell_start[literal] = np.where(canonical >= 0, at_canonical, own)
        cell_length[literal] = gaps.table["literal_length"][key_gap[literal]]
    return _Keyed(key_at, column, opens_object, container, cell_start, cell_length)


def _cells(s: _Strings, k: _Keyed, width: int) -> Block:
    """Each row's cells by column; a column (or object) given twice makes the row odd."""
    has_string = np.zeros(s.line_count + 1, bool)
    has_string[s.line] = True
    rows = np.flatnonzero(has_string[: s.line_count])
    row = (np.cumsum(has_string) - 1)[s.line[k.key_at]]
    filled = k.column >= 0
    # column by column; the two last for the objects and for keys with no column (on odd
    # lines), so that a column or an object given twice on a line is counted twice
    at = np.where(filled, k.column, width + (k.container == ATTRIBUTES)) * len(rows) + row
    counted = filled | (k.opens_object & (k.container > 0))
    twice = np.bincount(at[counted], minlength=len(rows) * (width + 2)) > 1
    if twice.any():
        s.odd_line[rows[np.flatnonzero(twice) % len(rows)]] = True
    starts = np.zeros((width + 2) * len(rows), np.intp)
    lengths = np.zeros((width + 2) * len(rows), np.intp)
    starts[at] = k.cell_start
    lengths[at] = k.cell_length
    return Block(
        padded=s.padded,
        words=s.words,
        starts=starts.reshape(-1, len(rows)),
        lengths=lengths.reshape(-1, len(rows)),
        odd=s.odd_line[rows],
        row_line=rows,
        line_count=s.line_count,
        first_byte=s.first_byte,
    )
