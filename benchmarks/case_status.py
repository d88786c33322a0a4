"""Case-status benchmark (issue 20): the cost per event must not grow with the history.

Writes case files with 1,000 / 3,000 / 9,900 follow-up meetings (the bundled corpus case
``tests/corpus/flow/skovde-closed.yaml`` with its meetings repeated) and times, per event,
reading the file (YAML with a source map), the one check of a case file and the derived
state, and ``sigrbm case status`` end to end. Prints microseconds per event and the ratio
of the largest to the smallest size (1.0 = linear).

    python benchmarks/case_status.py
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import time
from pathlib import Path

from sigrbm.case.model import check_case_file
from sigrbm.casework.case_check import check_case_value
from sigrbm.casework.catalogue import load_catalogue
from sigrbm.casework.flow import case_state
from sigrbm.casework.program import load_program
from sigrbm.cli import main

BASE = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "flow" / "skovde-closed.yaml"
SIZES = (1_000, 3_000, 9_900)
DAY = dt.date(2026, 12, 1)


def write(folder: Path, n: int) -> Path:
    """The base case up to its closure, with ``n`` follow-up meetings after the plan."""
    text = BASE.read_text(encoding="utf-8")
    head = text[: text.index("  - {event: closure")]
    meeting = (
        "  - {event: follow_up_meeting, date: 2026-04-30, author: s-1, participants: "
        "[young_person, polis, skola], entries: [{entry: mi, status: ongoing, goal: partly}]}\n"
    )
    path = folder / f"case-{n}.yaml"
    path.write_text(head + meeting * n, encoding="utf-8")
    return path


def per_event(seconds: float, n: int) -> float:
    return seconds / n * 1e6


def main_() -> None:
    cat, program = load_catalogue(), load_program("skovde")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            path = write(Path(folder), n)
            t0 = time.perf_counter()
            case, smap, problems = check_case_file(path)
            t1 = time.perf_counter()
            got = check_case_value(case, smap, problems, catalogue=cat)
            t2 = time.perf_counter()
            assert got.case is not None
            assert not got.problems, got.problems
            case_state(got.case, program, DAY, cat)
            t3 = time.perf_counter()
            code = main(
                ["case", "status", str(path), "--date", str(DAY)], io.StringIO(), io.StringIO()
            )
            t4 = time.perf_counter()
            assert code == 0
            rows.append((n, t1 - t0, t2 - t1, t3 - t2, t4 - t3))
    print(f"{'events':>7} {'read µs/ev':>11} {'check µs/ev':>12} {'state µs/ev':>12} "
          f"{'CLI s':>7}")  # fmt: skip
    for n, read, check, state, cli in rows:
        print(
            f"{n:>7} {per_event(read, n):>11.0f} {per_event(check, n):>12.0f} "
            f"{per_event(state, n):>12.1f} {cli:>7.2f}"
        )
    small, large = rows[0], rows[-1]
    for k, name in ((1, "read"), (2, "check"), (3, "state")):
        ratio = per_event(large[k], large[0]) / per_event(small[k], small[0])
        print(f"{name}: cost per event at {large[0]} / at {small[0]} = {ratio:.2f}")


if __name__ == "__main__":
    main_()
