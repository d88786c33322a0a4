"""The hostile-input corpus (issue 14, item 8): every file in ``tests/corpus/hostile/<kind>/``
is listed in ``expected.tsv`` with its exit code, problem code and location. Each runs through
the command line in process and must end with that exit code and a located message, never a
traceback (an exception would fail the test), within a time and memory bound, and never echo
a personnummer-like value.
"""

from __future__ import annotations

import io
import time
import tracemalloc
from pathlib import Path

import pytest

from sigrbm.cli import main

from .conftest import CORPUS

HOSTILE = CORPUS / "hostile"
COMMANDS = {
    "cases": ["score", "{f}"],
    "instruments": ["validate", "{f}"],
    "programs": ["plan", "example:case-rbmk", "--program", "{f}", "--date", "2026-03-01"],
    "batch": ["batch", "{f}", "--instrument", "check-irk"],
    "xlsx": ["batch", "{f}", "--instrument", "check-irk"],  # issue 22
    "fhir": ["import", "fhir", "{f}"],
    "params": ["score", "example:case-rbmk", "--params", "{f}"],
    # issue 22, round 2: a fillable form's saved file added to a case waiting for screening
    "forms": ["case", "add", "screening", "{case}", "--from", "{f}", "--author", "a"],
}
#: The case file a form is added to (a fresh copy per test; it must stay unchanged).
CASE_AT_REFERRAL = """\
format_version: 1
case_id: ex-1
program: eslov
subject:
  birth_year_month: 2010-05
history:
- event: referral
  date: 2026-01-10
  author: a
  initiated_by: police
"""
#: Seconds and bytes one hostile file may cost (generous for a loaded CI machine).
MAX_SECONDS = 5.0
MAX_PEAK_BYTES = 64 * 1024 * 1024


def _rows() -> list[tuple[str, int, str, str, str]]:
    rows = []
    for line in (HOSTILE / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            file, code, problem, where, path = line.split("\t")
            rows.append((file, int(code), problem, where, path))
    return rows


ROWS = _rows()


def _param(row: tuple[str, int, str, str, str]) -> object:
    marks: list[pytest.MarkDecorator] = []
    return pytest.param(*row, id=row[0], marks=marks)


def test_every_corpus_file_is_listed_and_every_kind_is_covered() -> None:
    on_disk = {f"{p.parent.name}/{p.name}" for p in HOSTILE.glob("*/*") if p.is_file()}
    assert on_disk == {r[0] for r in ROWS}
    per_kind = {kind: sum(r[0].startswith(kind + "/") for r in ROWS) for kind in COMMANDS}
    assert per_kind["cases"] >= 30
    assert min(per_kind.values()) >= 3


@pytest.mark.parametrize(
    ("file", "exit_code", "code", "where", "path"), [_param(row) for row in ROWS]
)
def test_hostile_file(  # noqa: PLR0917 (the columns of expected.tsv, and tmp_path)
    file: str, exit_code: int, code: str, where: str, path: str, tmp_path: Path
) -> None:
    kind = file.split("/", maxsplit=1)[0]
    target = HOSTILE / file
    case = tmp_path / "case.yaml"
    case.write_text(CASE_AT_REFERRAL, encoding="utf-8")
    argv = [a.format(f=target, case=case) for a in COMMANDS[kind]]
    out, err = io.StringIO(), io.StringIO()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        got = main(argv, stdout=out, stderr=err)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    text = err.getvalue()
    assert got == exit_code, text
    if where == "-":  # the whole file (issue 22: a workbook refused before it is read)
        prefix = f"{target}: "
    else:
        line, col = where.split(":")
        prefix = f"{target}:{line}:" + ("" if col == "*" else f"{col}: ")
    if path != "*":
        prefix += f"{path}: "
    hits = [x for x in text.splitlines() if x.startswith(prefix) and x.endswith(f"[{code}]")]
    assert hits, text
    assert "Traceback" not in text
    assert elapsed < MAX_SECONDS
    assert peak < MAX_PEAK_BYTES
    if "pnr-" in file:
        assert "1234" not in text
        assert "100501" not in text
    assert case.read_text(encoding="utf-8") == CASE_AT_REFERRAL  # a refused event changes nothing


def test_forty_thousand_unknown_answers_are_refused_quickly(tmp_path: Path) -> None:
    """A many-answers case file is refused quickly with one located problem (bounded work)."""
    body = (CORPUS / "cases" / "valid" / "irk.yaml").read_text(encoding="utf-8")
    extra = "".join(f"      u{i}: ja\n" for i in range(40_000))
    f = tmp_path / "many.yaml"
    f.write_text(body.replace("      irk_substanser: nej\n", "      irk_substanser: nej\n" + extra))
    err = io.StringIO()
    start = time.perf_counter()
    assert main(["score", str(f)], stdout=io.StringIO(), stderr=err) == 1
    assert time.perf_counter() - start < MAX_SECONDS
    problem, words = err.getvalue().splitlines()  # issue 21: then the code in Swedish
    assert problem.endswith("[E103]")
    assert words.startswith("  E103: ")
