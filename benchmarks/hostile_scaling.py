"""Hostile-input scaling (issue 14): reading a case file must cost time in proportion to it.

Times ``check_case_text`` (read + structure + screening + age checks) on case files with
n and 2n assessments, and with n and 2n unknown answers (up to the 10,000-entry bound), and
prints the CPU-time ratio 2n : n (CPU time, so a busy machine disturbs it
less). A linear reader gives about 2.0; a quadratic one about 4.0.

    python benchmarks/hostile_scaling.py
"""

from __future__ import annotations

import datetime as dt
import time

from sigrbm.case.model import check_case_text

HEAD = "case_id: c-1\nsubject:\n  birth_year_month: '2000-05'\nassessments:\n"


def assessments(n: int) -> str:
    start = dt.date(2010, 6, 1)
    parts = [HEAD]
    for i in range(n):
        day = start + dt.timedelta(days=i)
        parts.append(
            f"- instrument: check-irk\n  version: '0.1.0'\n  date: {day.isoformat()}\n"
            "  assessor: hl-1\n  answers: {irk_familj: ja, irk_fritid: nej}\n"
        )
    return "".join(parts)


def unknown_answers(n: int) -> str:
    answers = "".join(f"    u{i}: ja\n" for i in range(n))
    return (
        HEAD + "- instrument: check-irk\n  version: '0.1.0'\n  date: 2016-01-10\n"
        "  assessor: hl-1\n  answers:\n" + answers
    )


def best_of(text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        check_case_text(text)
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    for name, make, n in (
        ("assessments", assessments, 3000),
        ("unknown answers", unknown_answers, 5000),
    ):
        small, large = best_of(make(n)), best_of(make(2 * n))
        print(f"{name:16} n={n:>6}: {small:.3f} s   2n: {large:.3f} s   ratio {large / small:.2f}")


if __name__ == "__main__":
    main()
