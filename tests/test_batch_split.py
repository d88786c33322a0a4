"""The plain-line fast path of the batch CSV reader (round 2 of issue 16): splitting a chunk's
text at the delimiter must give exactly the cells the csv module reads, or step aside (None)
so that the csv module reads the chunk and locates its problems."""

from __future__ import annotations

import csv
import io
from itertools import chain

from hypothesis import event, given
from hypothesis import strategies as st

from sigrbm.batch.read_csv import _split

# cells mostly plain, now and then with a character that matters to a CSV reader
PLAIN = st.text(alphabet=st.sampled_from(list("ab1 -_é")), max_size=6)
SPECIAL = st.text(alphabet=st.sampled_from(list('ab1,;"\r\n\0')), min_size=1, max_size=3)
CELL = st.one_of(PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, SPECIAL)
ENDING = st.sampled_from(["\n", "\n", "\r\n", "\r"])


def lines_of(text: str) -> list[str]:
    """The lines as the reader gets them from a file opened with newline=''."""
    return io.StringIO(text, newline="").readlines()


@given(
    data=st.data(),
    delimiter=st.sampled_from([",", ";"]),
    ending=ENDING,
    width=st.integers(1, 4),
    last_ended=st.booleans(),
)
def test_split_is_the_csv_module_or_steps_aside(
    data: st.DataObject, delimiter: str, ending: str, width: int, last_ended: bool
) -> None:
    sizes = st.one_of(st.just(width), st.just(width), st.just(width), st.integers(1, 5))
    size = data.draw(st.lists(sizes, min_size=1, max_size=6))
    rows = [data.draw(st.lists(CELL, min_size=k, max_size=k)) for k in size]
    text = ending.join(delimiter.join(r) for r in rows) + (ending if last_ended else "")
    raw = lines_of(text)
    if not raw:
        return
    cells = _split(raw, delimiter, width)
    event("split" if cells is not None else "csv module")
    if cells is None:
        return
    records = list(csv.reader(raw, delimiter=delimiter))
    assert len(records) == len(raw)  # one record per line
    assert all(len(rec) == width for rec in records)
    assert cells == list(chain.from_iterable(records))


def test_split_reads_plain_lines_and_steps_aside_otherwise() -> None:
    assert _split(["p1,2025-01-01,ja\r\n", "p2,2025-02-01,\n", "p3,2025-03-01,nej"], ",", 3) == [
        *("p1", "2025-01-01", "ja"),
        *("p2", "2025-02-01", ""),
        *("p3", "2025-03-01", "nej"),
    ]
    for raw in (
        ['p1,"a,b",ja\n'],  # a quoted cell
        ["p1,x,ja\n", "\n"],  # a blank line (the csv module skips it)
        ["p1,x\n"],  # too few cells
        ["p1,x,ja,y\n"],  # too many
        ["p1,x,ja\n", "p2,y\n", "p3,z,w,v\n"],  # the right total, spread wrongly
        ["p1,x\0,ja\n"],  # NUL: the csv module refuses it
        ["p1,x,ja\r", "p2,y,nej\n"],  # a lone carriage return ends a line
        ["p1,x," + "j" * (csv.field_size_limit() + 1) + "\n"],  # a cell over the limit
    ):
        assert _split(raw, ",", 3) is None, raw
