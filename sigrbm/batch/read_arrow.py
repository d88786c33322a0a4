"""The optional fast path for batch CSV: pyarrow's multi-threaded reader (``sigrbm[arrow]``).

Used when pyarrow is installed and the file is a plain file (not standard input). Columns
arrive as dictionary-encoded strings, which are exactly the token ids the shared column
reader (:func:`sigrbm.batch.read_csv.columns_input`) takes, so every cell gets the same
checks. pyarrow gives no line numbers, so this path only ever returns a *clean* read: when
anything is wrong (a problem found, a quoted line break, a ragged row, a read error) it
returns None and the caller re-reads with the csv module, which locates every problem
exactly. Streamed in record batches, so memory stays bounded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np

from sigrbm.batch.compile import Compiled
from sigrbm.batch.input import BatchInput, Rows, read_header
from sigrbm.batch.read_csv import MAX_HEADER_CHARS, Reading, plain_header
from sigrbm.errors import Problem

BLOCK_BYTES = 1 << 23  # bytes per record batch


def available() -> bool:
    """Whether pyarrow can be imported."""
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def read_csv_arrow(
    path: str | os.PathLike[str],
    compiled: Compiled,
    *,
    delimiter: str | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> tuple[BatchInput, list[Problem], int] | None:
    """A clean read of a CSV with pyarrow, or None (see the module docstring)."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline(MAX_HEADER_CHARS + 1).rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        return None
    header, delimiter = plain_header(first, compiled, name, delimiter)
    if header is None or delimiter is None:
        return None
    seen, header_problems = read_header(header, compiled, name)
    if header_problems:
        return None
    names = [f"c{j}" for j in range(len(header))]  # the header is ours, not pyarrow's
    try:
        reader = pacsv.open_csv(
            name,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=BLOCK_BYTES, encoding="utf8"
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        reading = Reading(compiled, seen, Rows(name), on_rows)
        for batch in reader:
            m = batch.num_rows
            encoded = [batch.column(j).dictionary_encode() for j in range(len(names))]
            cache: dict[int, Any] = {}

            def tokens(col: str, encoded: Any = encoded, cache: dict[int, Any] = cache) -> Any:
                j = seen[col]
                if j not in cache:
                    d = encoded[j]
                    texts = np.array([t.strip() for t in d.dictionary.to_pylist()], dtype=object)
                    cache[j] = (d.indices.to_numpy(zero_copy_only=False), texts)
                return cache[j]

            # one line per row (else pyarrow refuses)
            reading.add(tokens, m, list(range(reading.n + 2, reading.n + 2 + m)))
            if reading.rows.problems:
                return None
    except (pa.ArrowInvalid, pa.ArrowException, OSError, UnicodeDecodeError):
        return None
    data, problems, _ = reading.finish()
    return None if problems else (data, [], 0)
