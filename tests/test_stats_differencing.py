"""Statistics published together cannot be differenced (issue 22; docs/follow-up.md,
"Several tables over the same data"; rule 4 of sigrbm/batch/stats.py).

The attacker here holds every table ``sigrbm stats`` publishes as JSON: ungrouped, ``--by
program``, ``--by age_group``, and the same runs over the file with one person more. For a
suppressed group's size and level counts the attacker lists every true value consistent with
all of them: a published count ``v`` rounded to base ``b`` means a true value within
``v - b + 1 … v + b - 1`` (exact when ``b`` is 1); a suppressed group holds at least one
person and fewer than the highest threshold. With ``--round 1`` (exact counts) the attacks
recover the value exactly — 23 − 20 = 3 — so the test can fail; with the default rounding
they never do.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from sigrbm.cli import main

ITEMS = [
    "irk_kriminalitet",
    "irk_personlighet",
    "irk_attityder",
    "irk_kamrater",
    "irk_familj",
    "irk_skola_arbete",
    "irk_fritid",
    "irk_substanser",
]
MIN_GROUP = 5
#: program → (persons, age): a and c are all 10–14, b all 15–17, so age group 10–14 = a + c;
#: c has 4 persons, 5 with the extra one (it crosses the threshold)
PROGRAMS = {"a": (11, 12), "b": (9, 16), "c": (4, 13)}
HUGE = 10**9
Span = tuple[int, int]


def _csv(path: Path, seed: int, extra: bool) -> Path:
    """Each person of each program assessed once or twice, answers varying by person;
    ``extra`` adds one person to program c (the with/without attack)."""
    lines = ["case_id,date,age,program," + ",".join(ITEMS)]
    sizes = {p: n + (1 if extra and p == "c" else 0) for p, (n, _) in PROGRAMS.items()}
    for program, persons in sizes.items():
        age = PROGRAMS[program][1]
        for k in range(persons):
            pid = f"s{seed}-{program}{k}"
            for visit in range(1 + (k + seed) % 2):
                answers = [
                    "ja" if (k * 7 + j * 3 + seed + visit) % 4 == 0 else "nej" for j in range(8)
                ]
                lines.append(f"{pid},2026-0{1 + 3 * visit}-10,{age},{program}," + ",".join(answers))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stats(path: Path, by: str | None, rounding: int) -> dict[str, Any]:
    argv = ["stats", str(path), "--instrument", "check-irk", "--format", "json"]
    argv += ["--round", str(rounding)] + (["--by", by] if by else [])
    out, err = io.StringIO(), io.StringIO()
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    doc: dict[str, Any] = json.loads(out.getvalue())["stats"]
    return doc


def _span(value: int | None, rounding: int, reason: str | None = None) -> Span:
    """The true values a published value allows (``reason``: a whole group's)."""
    if value is None and reason == "complementary":
        return (MIN_GROUP, HUGE)
    if value is None:
        return (1, MIN_GROUP + rounding // 2 - 1)  # suppressed: the highest threshold
    low = MIN_GROUP if reason == "shown" else 0  # a group shown has at least MIN_GROUP
    return (max(low, value - rounding + 1), value + rounding - 1)


def _persons(doc: dict[str, Any], key: str | None, rounding: int) -> Span:
    g = _group(doc, key)
    return _span(g["cases"], rounding, g["reason"] if g["suppressed"] else "shown")


def _meet(*spans: Span) -> Span:
    return (max(s[0] for s in spans), min(s[1] for s in spans))


def _minus(whole: Span, *parts: Span) -> Span:
    """What ``whole - sum(parts)`` may be."""
    return (whole[0] - sum(p[1] for p in parts), whole[1] - sum(p[0] for p in parts))


def _group(doc: dict[str, Any], key: str | None) -> dict[str, Any]:
    found = [g for g in doc["groups"] if g["key"] == key]
    assert len(found) == 1
    return found[0]


def _levels(doc: dict[str, Any], key: str | None) -> dict[str, int | None]:
    """The assessments per level of the instrument's sum score (what a need count is to an
    instrument with needs: a cell inside the group)."""
    levels: dict[str, int | None] = _group(doc, key)["levels"].get("irk_summa", {})
    return levels


def _attacks(tmp_path: Path, seed: int, rounding: int) -> dict[str, Span]:
    """What each attack leaves possible for program c's persons and level counts."""
    files = {x: _csv(tmp_path / f"{seed}-{x}.csv", seed, x) for x in (False, True)}
    runs = {
        (x, by): _stats(f, by, rounding)
        for x, f in files.items()
        for by in (None, "program", "age_group")
    }
    span = lambda v: _span(v, rounding)  # noqa: E731
    found: dict[str, Span] = {}
    for extra in (False, True):
        whole, prog, ages = runs[extra, None], runs[extra, "program"], runs[extra, "age_group"]
        if not extra:
            assert _group(prog, "c")["suppressed"]  # c is what the attacker is after
        prior = _persons(prog, "c", rounding)
        a, b = _persons(prog, "a", rounding), _persons(prog, "b", rounding)
        everyone = _persons(whole, None, rounding)
        found[f"ungrouped-{extra}"] = _meet(prior, _minus(everyone, a, b))  # 23 − 20 = 3
        young = _persons(ages, "10-14", rounding)
        found[f"age-{extra}"] = _meet(prior, _minus(young, a))  # 10–14 holds a and c
        for level, n in _levels(whole, None).items():  # assessments per level
            if not any(_group(prog, g)["suppressed"] for g in ("a", "b")):
                parts = [span(_levels(prog, g).get(level, 0)) for g in ("a", "b")]
                found[f"level-{level}-{extra}"] = _minus(span(n), *parts)
            young_level = span(_levels(ages, "10-14").get(level, 0))
            a_level = span(_levels(prog, "a").get(level, 0))
            found[f"level-age-{level}-{extra}"] = _minus(young_level, a_level)
    # with and without one person of c: the same a and b, totals and c one apart
    a = _persons(runs[False, "program"], "a", rounding)
    b = _persons(runs[False, "program"], "b", rounding)
    e0 = _persons(runs[False, None], None, rounding)
    e1 = _persons(runs[True, None], None, rounding)
    everyone = _meet(e0, (e1[0] - 1, e1[1] - 1))
    c1 = _persons(runs[True, "program"], "c", rounding)
    found["with-without"] = _meet(
        _persons(runs[False, "program"], "c", rounding),
        (c1[0] - 1, c1[1] - 1),
        _minus(everyone, a, b),
    )
    return found


def _exact(found: dict[str, Span]) -> list[str]:
    return sorted(name for name, (lo, hi) in found.items() if lo == hi)


def test_exact_counts_give_suppressed_values_away(tmp_path: Path) -> None:
    """The attacks work on exact counts (--round 1): the test can fail."""
    found = _attacks(tmp_path, seed=0, rounding=1)
    assert found["age-False"] == (4, 4)  # persons aged 10–14 minus program a
    assert found["with-without"] == (4, 4)  # suppressed at 4, shown at 5
    assert any(name.startswith("level-age-") for name in _exact(found))


@pytest.mark.parametrize("seed", range(8))
def test_rounded_tables_give_nothing_away_exactly(tmp_path: Path, seed: int) -> None:
    found = _attacks(tmp_path, seed=seed, rounding=5)
    assert _exact(found) == []
    truth = {f"{kind}-{x}": 4 + x for kind in ("ungrouped", "age") for x in (False, True)}
    assert all(lo <= truth.get(name, lo) <= hi for name, (lo, hi) in found.items())  # sound


def test_the_same_cell_is_published_alike_in_every_table(tmp_path: Path) -> None:
    """Consistency: no averaging over runs. The same persons counted in two tables (program
    b by program, and the persons aged 15–17) are published alike, and runs repeat exactly."""
    full = _csv(tmp_path / "x.csv", 3, False)
    lines = full.read_text(encoding="utf-8").splitlines()
    only_b = tmp_path / "b.csv"
    only_b.write_text("\n".join([lines[0], *(x for x in lines if ",b," in x)]) + "\n", "utf-8")
    prog, ages = _stats(only_b, "program", 5), _stats(full, "age_group", 5)
    assert _group(prog, "b")["cases"] == _group(ages, "15-17")["cases"]
    assert _group(prog, "b")["levels"] == _group(ages, "15-17")["levels"]
    assert _group(prog, "b")["cases"] % 5 == 0
    assert _stats(full, "age_group", 5) == ages


def test_random_rounding_is_unbiased_and_stays_within_one_step() -> None:
    from sigrbm.batch.rounding import Rounding

    r = Rounding(5)
    ups = [r.value(23, key) for key in range(0, 1 << 32, (1 << 32) // 1000)]
    assert set(ups) == {20, 25}
    assert abs(ups.count(25) / len(ups) - 3 / 5) < 0.05  # 23 is 3/5 of the way to 25
    assert {r.value(20, k) for k in range(100)} == {20}
    assert {r.extra(k) for k in range(1000)} == {0, 1, 2}
    assert Rounding(1).value(23, 7) == 23
