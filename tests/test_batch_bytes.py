"""The numpy reader on a CSV's bytes (sigrbm.batch.read_bytes) reads exactly what the csv
module path (sigrbm.batch.read_csv) reads: the same rows, values, problems (code, path,
line, column, message) and count of bad rows — for plain blocks, and for blocks it hands to
the csv module (quotes, line breaks in cells, lone carriage returns, NUL, ragged rows), with
blocks far smaller than a file so that every kind of boundary is crossed."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from sigrbm.batch import read_bytes
from sigrbm.batch.input import BatchInput
from sigrbm.batch.read import read_input
from sigrbm.batch.read_bytes import read_csv_bytes
from sigrbm.batch.read_csv import read_csv
from sigrbm.errors import Code

from .test_batch_io import IRK

HEAD = ["case_id", "date", "age", "judgement", "judgement_reason", *IRK.item_ids]
CODES = sorted({c for codes in IRK.codes for c in codes})


def same(a: tuple[BatchInput, list[Any], int], b: tuple[BatchInput, list[Any], int]) -> None:
    """Two reads are equal in every field, problem and count."""
    (da, pa, ba), (db, pb, bb) = a, b
    assert [(p.code, p.path, p.line, p.column, p.message) for p in pa] == [
        (p.code, p.path, p.line, p.column, p.message) for p in pb
    ]
    assert ba == bb
    for field in ("case_ids", "dates", "judgements", "programs", "lines", "reasons", "authors"):
        assert getattr(da, field) == getattr(db, field), field
    assert da.answers.dtype == db.answers.dtype
    assert np.array_equal(da.answers, db.answers)
    assert da.attributes.keys() == db.attributes.keys()
    for k in da.attributes:
        assert np.array_equal(da.attributes[k], db.attributes[k], equal_nan=True), k


CELL = st.one_of(
    st.sampled_from(["", " ", *CODES, f" {CODES[0]} ", "jaa", "ja\u00e5"]),
    st.text(st.sampled_from('ab ,;"\u00e5\u00f6\U0001f600-_x'), max_size=30),
)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A CSV of the IRK header and rows, some plain, some with quotes, line breaks in
    cells, long cells, blank lines, ragged rows, CR LF or lone CR endings."""
    tidy = draw(st.booleans())  # half the files hold only valid rows
    rows = []
    for r in range(draw(st.integers(0, 12))):
        if tidy:
            cells = [f"c-{r}", "2026-01-10", draw(st.sampled_from(["15", ""])), "", ""]
            cells += [draw(st.sampled_from(["", *CODES])) for _ in IRK.item_ids]
            rows.append(cells)
            continue
        cells = [
            draw(st.sampled_from([f"c-{r}", f"c-{r % 3}", "case-identifier-long-0001", ""])),
            draw(st.sampled_from(["2026-01-10", "2026-02-30", "", "2026-01-11"])),
            draw(st.sampled_from(["15", "", "x", "16"])),
            draw(st.sampled_from(["", "lag", "hog", "medel"])),
            draw(st.sampled_from(["", "see the case file", "a much longer reason, quoted " * 2])),
        ]
        cells += [draw(CELL) for _ in IRK.item_ids]
        shape = draw(st.sampled_from(["ok"] * 6 + ["short", "long"]))
        if shape == "short":
            cells = cells[:-1]
        elif shape == "long":
            cells = [*cells, "extra"]
        rows.append(cells)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEAD, *rows])
    lines = out.getvalue().split("\n")
    ending = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    text = ""
    for i, line in enumerate(lines[:-1]):
        text += line + ("\r\n" if ending == "\r\n" or (ending == "mixed" and i % 2) else "\n")
        if i and draw(st.integers(0, 9)) == 0:
            text += draw(st.sampled_from(["\n", "\r\n", "\r"]))  # a blank line, or a lone CR
    if text and draw(st.booleans()):
        text = text.rstrip("\n")  # no line break at the end
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + text).encode("utf-8")


@given(csv_files(), st.sampled_from([32, 100, 1 << 21]))
def test_the_bytes_reader_reads_what_the_csv_module_reads(data: bytes, block: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.csv"
        path.write_bytes(data)
        expected = read_csv(path, IRK)
        saved = read_bytes.BLOCK_BYTES
        read_bytes.BLOCK_BYTES = block
        try:
            got = read_csv_bytes(path, IRK)
        finally:
            read_bytes.BLOCK_BYTES = saved
    if got is None:  # only for a header the csv module would end at a lone CR
        assert b"\r" in data.split(b"\n")[0]
        return
    event("problems" if expected[1] else "clean")
    same(got, expected)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "b.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def _answers(r: int) -> str:
    return ",".join(CODES[(i + r) % len(CODES)] for i in range(len(IRK.item_ids)))


ROWS = "".join(
    f"{cid},2026-01-10,15,,,{_answers(r)}\n"
    for r, cid in enumerate(["a-1", "case-number-000000002", "c-3", "d-4"])
)


def test_many_distinct_texts_are_told_apart_block_by_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past KNOWN_CAP distinct texts a column stops remembering them: the same read."""
    path = _file(tmp_path, ",".join(HEAD) + "\n" + ROWS * 3)
    expected = read_csv(path, IRK)
    monkeypatch.setattr(read_bytes, "KNOWN_CAP", 1)
    monkeypatch.setattr(read_bytes, "BLOCK_BYTES", 64)
    same(read_csv_bytes(path, IRK) or pytest.fail("not read"), expected)


def test_two_texts_on_one_key_are_still_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the word mixing switched off, texts that end in the same 8 bytes share a key:
    the check against the words of the text a key names catches it, and the column is read
    by a dict instead — never one text read as another."""
    head = ",".join(HEAD) + "\n"
    rows = ROWS.replace("a-1,", "xxxxxxxxcase-0001,").replace("c-3,", "yyyyyyyycase-0001,")
    path = _file(tmp_path, head + rows)
    monkeypatch.setattr(read_bytes, "MIX", np.uint64(0))
    got = read_csv_bytes(path, IRK) or pytest.fail("not read")
    assert got[0].case_ids[0] == "xxxxxxxxcase-0001"
    assert got[0].case_ids[2] == "yyyyyyyycase-0001"
    same(got, read_csv(path, IRK))


def test_a_block_with_a_quote_goes_to_the_csv_module_and_keeps_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = ROWS.splitlines(keepends=True)
    bad[1] = bad[1].replace(",,,", ',,"two\nlines",', 1)  # a quoted reason over two lines
    bad[3] = bad[3].replace(f",{CODES[0]}", ",jaa", 1)
    path = _file(tmp_path, ",".join(HEAD) + "\r\n" + "".join(bad))
    monkeypatch.setattr(read_bytes, "BLOCK_BYTES", 40)
    got = read_csv_bytes(path, IRK) or pytest.fail("not read")
    same(got, read_csv(path, IRK))
    assert [(p.code, p.line) for p in got[1]] == [(Code.CASE_UNKNOWN_OPTION, 6)]  # past 2 lines


def test_the_plain_install_reads_csv_with_the_bytes_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read_input uses it for a CSV file, and falls back to the csv module for what it does
    not take (an unclear header)."""
    calls: list[str] = []
    real = read_bytes.read_csv_bytes

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append("bytes")
        return real(*args, **kwargs)

    monkeypatch.setattr(read_bytes, "read_csv_bytes", spy)
    path = _file(tmp_path, ",".join(HEAD) + "\n" + ROWS)
    data, problems, bad = read_input(path, IRK)
    assert calls == ["bytes"]
    assert (problems, bad, len(data)) == ([], 0, 4)
    odd = _file(tmp_path, "x,y;z\n1,2;3\n")
    _, problems, _ = read_input(odd, IRK)
    assert [p.code.value for p in problems] == ["B702"]  # the csv path's report on the header


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (",".join(HEAD) + "\n" + ROWS, []),  # plain: the bytes reader
        (",".join(HEAD) + "\r" + ROWS, []),  # a lone CR after the header: the csv module
        (",".join(HEAD) + ",kategori\n" + ROWS, ["E200"]),  # a header to report on
        ("", ["E106"]),  # empty: the csv path says so
    ],
)
def test_standard_input_is_read_either_way(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]
) -> None:
    """From standard input the header bytes are read once: what the csv path must read is
    handed to it with them, so it reads exactly what it reads from a file."""
    stdin = io.TextIOWrapper(io.BytesIO(("\ufeff" + text).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    data, problems, _ = read_input("-", IRK)
    assert [p.code.value for p in problems] == expected
    assert {p.file for p in problems} <= {"<stdin>"}
    if not expected:
        assert data.case_ids == ["a-1", "case-number-000000002", "c-3", "d-4"]


@pytest.mark.parametrize("bad", ["a\nb", "abc\n"])
def test_a_case_id_with_a_line_break_is_refused_on_every_path(bad: str) -> None:
    """One id per line is how many ids are checked at once: an id holding a line break must
    not pass as two good ones (nor, with a regex `$`, as one)."""
    from sigrbm.case.check import case_id_problem, case_id_problems

    assert case_id_problem(bad) is not None
    assert set(case_id_problems({bad, "c-1"})) == {bad}


def test_a_quoted_case_id_over_two_lines_is_refused_in_a_csv() -> None:
    text = f'{",".join(HEAD)}\n"a\nb",2026-01-10,15,,,{_answers(0)}\n'
    problems = read_csv("b.csv", IRK, text=text)[1]
    assert [(p.code, p.line, p.column) for p in problems] == [(Code.INVALID_ID, 2, 1)]
