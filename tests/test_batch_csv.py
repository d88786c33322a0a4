"""The streaming CSV reader (issue 16, with issue 15's spreadsheet items): delimiter read off
the header (Swedish Excel writes ';'), --delimiter, '-' for standard input, blank lines,
chunk boundaries, a header too wide to read (B703) and one that cannot tell (B702)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from sigrbm.batch import read_csv as reader
from sigrbm.batch.read import read_input
from sigrbm.errors import render_path

from .conftest import CORPUS
from .test_batch_io import IRK, run

VALID = (CORPUS / "batch" / "valid.csv").read_text(encoding="utf-8")


def located(problems: list) -> list[tuple[str, int | None, int | None, str]]:  # type: ignore[type-arg]
    return [(p.code.value, p.line, p.column, render_path(p.path)) for p in problems]


def test_semicolons_are_read_off_the_header(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text(VALID.replace(",", ";"), encoding="utf-8-sig")  # with a BOM, as Excel does
    data, problems, bad = read_input(path, IRK)
    comma, _, _ = read_input(CORPUS / "batch" / "valid.csv", IRK)
    assert (problems, bad) == ([], 0)
    assert data.case_ids == comma.case_ids
    assert (data.answers == comma.answers).all()


def test_a_header_that_cannot_tell_is_refused_until_delimiter_is_given(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("x,y;z\n1,2;3\n", encoding="utf-8")
    _, problems, _ = read_input(path, IRK)
    assert located(problems) == [("B702", 1, 1, "header")]
    _, problems, _ = read_input(path, IRK, delimiter=";")
    assert [p.code.value for p in problems] == ["E200", "E200", "E201", "E201"]


def test_too_many_columns_is_refused_before_any_per_column_work(tmp_path: Path) -> None:
    """10^6 unknown columns: one B703, not a million "did you mean" searches."""
    path = tmp_path / "wide.csv"
    path.write_text("case_id,date," + ",".join(f"c{i}" for i in range(10**6)) + "\n", "utf-8")
    _, problems, _ = read_input(path, IRK)
    assert located(problems) == [("B703", 1, None, "header")]


def test_rows_across_chunks_keep_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of 2 rows, a blank line and a quoted line break: errors keep the file's line
    and the row index counts rows, not lines."""
    monkeypatch.setattr(reader, "CHUNK_ROWS", 2)
    head, *body = VALID.splitlines()
    body[3] = body[3].replace(",nej,", ',"nej",', 1)
    lines = [head, body[0], "", body[1], body[2].replace(",eslov,", ',"es\nlov",'), body[3]]
    lines += [body[4], body[5].replace(",ja,", ",jaa,", 1)]
    path = tmp_path / "chunks.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, problems, bad = read_input(path, IRK)
    assert located(problems) == [("C601", 9, 6, "rows[5].irk_kriminalitet")]
    assert (bad, len(data), data.lines) == (1, 5, [2, 4, 5, 7, 8])
    assert data.programs[2] == "es\nlov"


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(VALID.replace(",", ";").encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run("batch", "-", "--instrument", "check-irk")
    assert (code, err.strip()) == (0, "6 assessments scored")
    assert out.splitlines()[1].startswith("a1,2026-01-10,check-irk,")


def test_results_neutralise_formula_cells() -> None:
    """OWASP CSV injection: input text starting =, +, -, @, tab or CR gets a leading '."""
    import numpy as np

    from sigrbm.batch.write import neutralise

    cells = np.array(["=1+1", "+a", "-b", "@c", "\td", "\re", "ok", ""], dtype=object)
    assert neutralise(cells).tolist() == ["'=1+1", "'+a", "'-b", "'@c", "'\td", "'\re", "ok", ""]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    """Issue 16 item 4: progress on stderr when it is a terminal, nothing on a pipe."""
    from sigrbm.cli import main

    args = ["batch", str(CORPUS / "batch" / "valid.csv"), "--instrument", "check-irk"]
    args += ["--out", str(tmp_path / "r.csv")]
    piped = io.StringIO()
    assert main(args, stdout=io.StringIO(), stderr=piped) == 0
    assert piped.getvalue() == "6 assessments scored\n"
    tty = _Terminal()
    assert main(args, stdout=io.StringIO(), stderr=tty) == 0
    shown = tty.getvalue()
    assert "\rreading: 6 rows…" in shown
    assert "\rscoring 6 assessments…" in shown
    assert shown.endswith("\r\x1b[K6 assessments scored\n")
