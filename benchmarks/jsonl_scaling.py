"""JSON Lines scaling (issue 23): reading costs time in proportion to the lines, whatever
the lines hold.

Reads (``read_input``, in one process) JSON Lines of n and 2n rows of check-irk, of three
kinds: plain lines (the byte reader), different white space around a ``:`` in every line
(a new gap each time: past the gaps kept, pieces go to the decoder), and an escape in every
line (every line to the decoder); prints the CPU seconds per 10^5 lines and the ratio
2n : n. A linear reader gives about 2.0; one whose cost per line grows with the lines
gives more.

    python benchmarks/jsonl_scaling.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.read import read_input
from sigrbm.instrument.load import load_instrument

IRK = compile_instrument(load_instrument("check-irk"))
ANSWERS = '"answers": {"irk_kriminalitet": "ja", "irk_familj": "nej", "irk_fritid": "vet_ej"}'


def plain(k: int) -> str:
    return f'{{"case_id": "c-{k}", "date": "2026-01-10", "age": 15, {ANSWERS}}}'


def spaces(k: int) -> str:  # white space around ':' new on every line (4,900 ways)
    gap = " " * (k % 70) + ":" + " " * (k // 70 % 70)
    return f'{{"case_id": "c-{k}", "date"{gap}"2026-01-10", "age": 15, {ANSWERS}}}'


def escapes(k: int) -> str:
    return f'{{"case_id": "c-\\u0031{k}", "date": "2026-01-10", "age": 15, {ANSWERS}}}'


def cpu(path: Path) -> float:
    start = time.process_time()
    read_input(path, IRK)
    return time.process_time() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    kinds: dict[str, Callable[[int], str]] = {
        "plain": plain,
        "new gap per line": spaces,
        "escape per line": escapes,
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, line in kinds.items():
            times = []
            for size in (n, 2 * n):
                path = Path(tmp) / f"{size}.jsonl"
                path.write_text("\n".join(map(line, range(size))) + "\n", encoding="utf-8")
                times.append(min(cpu(path) for _ in range(2)))
            per = times[0] / n * 10**5
            print(f"{name:<22} {per:6.2f} s per 10^5 lines   2n : n = {times[1] / times[0]:.2f}")


if __name__ == "__main__":
    main()
