"""What lies between the strings of a JSON Lines block, outside every string (issue 23).

In a line with no escape, every quote opens or closes a string, so a line is its strings and
the gaps between them: ``{`` at its start, ``: `` after a key, ``, `` after a value, ``: 12, ``
around a number, ``}}`` and the line end before the next line's ``{``. A file has few distinct
gaps. Each is read once here (:func:`classify`): its tokens, whether JSON allows them between
the strings around it, the depths the string before it may be at, the line ends in it and a
number or literal it holds; :class:`Gaps` then finds every gap of a block by its bytes, as one
64-bit number, in a table (:class:`Slots`).
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.read_bytes import MASKS, MIX, WORD, Ids

CANONICAL = b"TrueFalse0"  # cells a literal gives that are not its own bytes
_LITERAL_CELLS = {b"true": (0, 4), b"false": (4, 5), b"-0": (9, 1), b"null": (0, 0)}
_WHOLE = re.compile(rb"-?(?:0|[1-9][0-9]*)")
MAX_DIGITS = 15  # characters, sign included, as the decoder path's plain reading; longer
# numbers are judged there (E111 beyond ±10^15)


class Slots:
    """Distinct 64-bit numbers and their ids, found by multiplicative hashing into a table
    where no two of them share a slot; numbers that share a slot at every size tried (two
    can, whatever their bytes) are found by a sorted search instead. A number not among them
    finds any id, or none: the caller compares the words."""

    def __init__(self, numbers: npt.NDArray[np.uint64], ids: npt.NDArray[np.intp]) -> None:
        self.table: npt.NDArray[np.intp] | None = None
        least = max(4, (4 * len(numbers)).bit_length())
        for bits in range(least, least + 4):
            slot = (numbers * MIX) >> np.uint64(64 - bits)
            if len(np.unique(slot)) == len(numbers):
                self.shift = np.uint64(64 - bits)
                self.table = np.full(1 << bits, -1, np.intp)
                self.table[slot] = ids
                return
        order = np.argsort(numbers, kind="stable")
        self.numbers, self.ids = numbers[order], ids[order]

    def find(self, numbers: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
        """The id in each number's slot (-1: an empty slot), or of the nearest number."""
        if self.table is not None:
            found: npt.NDArray[np.intp] = self.table[(numbers * MIX) >> self.shift]
            return found
        at = np.minimum(np.searchsorted(self.numbers, numbers), len(self.numbers) - 1)
        return np.asarray(self.ids[at], np.intp)


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
    tokens = _tokens(text)
    if tokens is None:
        return bad
    kinds = [k for k, _, _ in tokens]
    prev = STRING if after_string else END
    for k in kinds:
        if k not in _FOLLOWS[prev]:
            return bad
        prev = k
    if not kinds:
        return bad if after_string else Gap(ok=True, ends=0, lines_inside=False, exit=0)
    depths = _depth_bounds(kinds, after_string=after_string)
    literal = _literal(text, tokens)
    if depths is None or literal is None:
        return bad
    lo, hi, depth, absolute, inside = depths
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
        literal_at=literal[0],
        literal_length=literal[1],
        canonical=literal[2],
    )


def _tokens(text: bytes) -> list[tuple[int, int, int]] | None:
    """A gap's tokens (kind, offset, length), or None for a byte JSON has no place for."""
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
            return None
    return tokens


def _depth_bounds(
    kinds: list[int], *, after_string: bool
) -> tuple[int, int, int, bool, bool] | None:
    """The depths the string before the gap may be at (lo, hi), the depth after it (relative,
    or absolute after a line end), whether it is absolute, and whether a whole line with
    tokens lies inside; None when no depth fits."""
    lo, hi = (1, 2) if after_string else (0, 0)
    depth, absolute, inside, since_end = 0, not after_string, False, False
    for at, k in enumerate(kinds):
        if k == END:
            if absolute and depth != 0:
                return None
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
            return None
        if not absolute:
            lo, hi = max(lo, 1 - depth), min(hi, 2 - depth)
    return None if lo > hi else (lo, hi, depth, absolute, inside)


def _literal(text: bytes, tokens: list[tuple[int, int, int]]) -> tuple[int, int, int] | None:
    """The gap's number or literal (offset, cell length, place in CANONICAL or -1), (-1, 0,
    -1) when it holds none, None when the decoder must judge it (a fraction, a long number)."""
    for k, at, size in tokens:
        if k != LITERAL:
            continue
        word = text[at : at + size]
        if word in _LITERAL_CELLS:
            canonical, length = _LITERAL_CELLS[word]
            return at, length, canonical
        if _WHOLE.fullmatch(word) and size <= MAX_DIGITS:
            return at, size, -1
        return None
    return -1, 0, -1


_ALL_ONES = np.uint64((1 << 64) - 1)
HEAT_AFTER = 256  # gaps in a first block enough to choose the commonest ones
MAX_GAPS = 4096  # distinct gaps kept (a file has a few dozen)


class Gaps:
    """The gaps met so far, each classified once (:func:`classify`) and found again by its
    bytes as one 64-bit number (a gap of up to 8 bytes; a longer one by its bytes).

    At most ``MAX_GAPS`` are kept: a file whose gaps keep changing (a different number in
    every line, say) would make the tables grow with its lines; past that, a piece with a
    gap not met before goes to the decoder whole, at the decoder's cost per line."""

    def __init__(self) -> None:
        self.gaps: list[Gap] = []
        self.texts: dict[bytes, int] = {}
        self.text_of: list[bytes] = []
        self.words: list[int] = []  # a short gap's bytes as a number; all ones for a longer
        self.slots: Slots | None = None
        self.first_word = np.zeros(0, np.uint64)
        self._table: dict[str, npt.NDArray[Any]] = {}
        self.built = 0  # gaps in the tables
        self.hot: list[tuple[bytes, int]] = []  # the commonest short gaps: text, id

    def of_text(self, text: bytes, *, after_string: bool = True) -> int | None:
        """The id of a gap given by its bytes; None for a new one past ``MAX_GAPS``."""
        key = text if after_string else b"^" + text
        found = self.texts.get(key)
        if found is None:
            if len(self.gaps) >= MAX_GAPS:
                return None
            found = self.texts[key] = len(self.gaps)
            self.gaps.append(classify(text, after_string=after_string))
            self.text_of.append(text if after_string else b"")
            short = len(text) <= WORD and after_string
            self.words.append(int.from_bytes(text, "little") if short else (1 << 64) - 1)
        return found

    @property
    def table(self) -> dict[str, npt.NDArray[Any]]:
        """Each gap's properties as small numbers (built again when gaps were added)."""
        if self.built < len(self.gaps):
            self._build()
        return self._table

    def _build(self) -> None:
        """The tables: ``flags`` (bits named below), ``ends`` (line ends, at most 255
        counted: more makes the block's count of line ends disagree, so the decoder reads
        it), ``net_all`` (its change of depth, given the depth before it fits ``lo``..``hi``),
        ``exit`` and the literal's place; the slots of the short gaps."""
        flags = []
        for g in self.gaps:
            bits = [
                g.ok,
                g.ok and g.last in (OPEN, COLON, COMMA),  # a string may follow
                g.ok and g.first == COLON,  # the string before is a key
                g.ok and g.last == COLON,  # the string after is a value
                g.ok and g.first == g.last == COLON,
                g.ok and g.first == COLON and g.last != COLON and g.literal_at < 0,  # '{'
                g.lines_inside,
            ]
            flags.append(sum(int(f) << k for k, f in enumerate(bits)))
        table = self._table
        table["flags"] = np.array(flags, np.uint8)
        table["ends"] = np.array([min(g.ends, 255) for g in self.gaps], np.uint8)
        net = [(g.exit - g.lo if g.exit >= 0 else g.net) if g.ok else 0 for g in self.gaps]
        table["net_all"] = np.array(net, np.int8)
        table["lo"] = np.array([g.lo if g.ok else 3 for g in self.gaps], np.int8)
        table["hi"] = np.array([g.hi if g.ok else 0 for g in self.gaps], np.int8)
        for f in ("literal_at", "literal_length", "canonical", "exit", "net"):
            table[f] = np.array([getattr(g, f) for g in self.gaps], np.int64)
        self.first_word = np.array(self.words, np.uint64)
        short = np.flatnonzero(self.first_word != _ALL_ONES)
        self.slots = Slots(self.first_word[short], short) if len(short) else None
        self.built = len(self.gaps)

    def lookup(
        self,
        padded: bytes,
        words: npt.NDArray[np.uint64],
        starts: Ids,
        lengths: Ids,
    ) -> Ids | None:
        """The id of every gap (starting at ``starts``, of ``lengths`` bytes); None when a
        new one is past ``MAX_GAPS``.

        The two commonest short gaps (``: `` and ``, `` as most writers write them, or
        ``:`` and ``,``) are found first by their bytes and the quote that must follow them:
        a gap ends at the next quote, so ``: "`` at a gap's start is the gap ``: `` itself.
        The others by their number (:meth:`_others`)."""
        if not self.hot:
            ids = self._others(padded, words[starts], starts, lengths)
            if ids is not None and len(ids) >= HEAT_AFTER:
                self._heat(ids)
            return ids
        buf = np.frombuffer(padded, np.uint8)
        first, second = buf[starts], buf[starts + 1]
        third = buf[starts + 2] if any(len(text) == 2 for text, _ in self.hot) else second
        ids = np.full(len(starts), -1, np.intp)
        for text, gap_id in self.hot:
            end = second if len(text) == 1 else third
            hit = (first == text[0]) & (end == 34)
            if len(text) == 2:
                hit &= second == text[1]
            ids = np.where(hit, gap_id, ids)
        rest = np.flatnonzero(ids < 0)
        others = self._others(padded, words[starts[rest]], starts[rest], lengths[rest])
        if others is None:
            return None
        ids[rest] = others
        return ids

    def _others(
        self, padded: bytes, word: npt.NDArray[np.uint64], starts: Ids, lengths: Ids
    ) -> Ids | None:
        own = word & MASKS[np.minimum(lengths, WORD)]  # the gap's bytes, zeros after
        own[lengths > WORD] = _ALL_ONES  # a longer gap is never taken for a short one
        ids = self._find(own)
        missing = np.flatnonzero(ids < 0)
        if len(missing):
            _, first = np.unique(own[missing], return_index=True)
            for i in missing[first].tolist():
                if self.of_text(padded[starts[i] : starts[i] + lengths[i]]) is None:
                    return None
            self._build()
            ids[missing] = self._find(own[missing])
        for i in np.flatnonzero(ids < 0).tolist():  # longer than a word
            found = self.of_text(padded[starts[i] : starts[i] + lengths[i]])
            if found is None:
                return None
            ids[i] = found
        return ids

    def _heat(self, ids: Ids) -> None:
        """Choose the two commonest gaps of one or two bytes of a first block to be found
        first."""
        counts = np.bincount(ids)
        for gap_id in np.argsort(counts)[::-1][:2].tolist():
            text = self.text_of[gap_id]
            if counts[gap_id] and 0 < len(text) <= 2:
                self.hot.append((text, gap_id))

    def _find(self, own: npt.NDArray[np.uint64]) -> Ids:
        if self.built < len(self.gaps):
            self._build()
        if self.slots is None:
            return np.full(len(own), -1, np.intp)
        ids = self.slots.find(own)
        same = self.first_word[np.maximum(ids, 0)] == own
        return np.where(same & (ids >= 0), ids, -1)


#: the bits of a gap's ``flags``
OK, BEFORE_STRING, KEY_BEFORE, VALUE_AFTER, COLON_ONLY, OPENS, LINES_INSIDE = range(7)
