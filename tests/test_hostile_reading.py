"""Issue 14, items 1 and 3: numbers and dates strictly as written; bounded, regular-file reads.

Rules checked: E110 (plain decimal digits only: YAML 1.1 reads ``016`` as 14, ``0x10`` as 16,
``1:30`` as 90), E111 (magnitudes within ±10^15), E112 (dates exactly YYYY-MM-DD), E113
(dates 1900–2199), E114 (no FIFO or device as input), E101 (size limits, stdin included),
E103 (at most 10,000 entries in one mapping or list).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sigrbm.errors import Code
from sigrbm.reading.files import InputFileError, read_limited
from sigrbm.reading.scalars import (
    MAX_ABS_INT,
    ScalarError,
    parse_date,
    parse_float,
    parse_int,
)
from sigrbm.reading.source import MAX_BYTES, MAX_ENTRIES, YamlReadError, read_stdin, read_text


@pytest.mark.parametrize(
    "text",
    ["016", "010", "0x10", "0o17", "0b1", "1:30", "1_000", "+3", "²", "١٢", "1.0", "", "- 1"],
)
def test_parse_int_refuses_every_non_decimal_form(text: str) -> None:
    with pytest.raises(ScalarError) as info:
        parse_int(text)
    assert info.value.code is Code.NUMBER_FORM


@pytest.mark.parametrize("text", ["9" * 5000, str(MAX_ABS_INT + 1), "-" + "1" * 40])
def test_parse_int_refuses_huge_numbers_without_a_digit_limit_error(text: str) -> None:
    with pytest.raises(ScalarError) as info:
        parse_int(text)
    assert info.value.code is Code.NUMBER_TOO_LARGE


@given(st.integers(-MAX_ABS_INT, MAX_ABS_INT))
def test_parse_int_reads_every_decimal_integer_back(n: int) -> None:
    assert parse_int(str(n)) == n


@given(st.text(max_size=12))
@example("016")
@example("0x1A")
def test_parse_int_never_changes_a_number_silently(text: str) -> None:
    """Whatever it accepts is exactly the decimal integer written, nothing else escapes."""
    try:
        n = parse_int(text)
    except ScalarError:
        return
    assert str(n) == text.strip()


@pytest.mark.parametrize(
    ("text", "code"),
    [("1e400", Code.NUMBER_TOO_LARGE), ("1_0.5", Code.NUMBER_FORM), ("1:30.5", Code.NUMBER_FORM)],
)
def test_parse_float_refusals(text: str, code: Code) -> None:
    with pytest.raises(ScalarError) as info:
        parse_float(text)
    assert info.value.code is code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026W031", Code.DATE_FORM),
        ("20260131", Code.DATE_FORM),
        ("2026-1-5", Code.DATE_FORM),
        ("2026-02-30", Code.DATE_FORM),
        ("2026-01-31T10:00", Code.DATE_FORM),
        ("0001-01-01", Code.DATE_RANGE),
        ("9999-12-31", Code.DATE_RANGE),
    ],
)
def test_parse_date_refusals(text: str, code: Code) -> None:
    with pytest.raises(ScalarError) as info:
        parse_date(text)
    assert info.value.code is code


def test_parse_date_reads_a_plain_date() -> None:
    assert parse_date("2026-01-31") == dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("016", "E110"),
        ("0x10", "E110"),
        ("1:30", "E110"),
        ("1_000", "E110"),
        ("1" * 400, "E111"),
        ("1.0e+400", "E111"),
        ("2026-1-05 10:00:00", "E112"),
        ("0001-01-01", "E113"),
    ],
)
def test_yaml_traps_are_located_at_the_value(value: str, code: str) -> None:
    _, _, problems = read_text(f"a:\n  b: {value}\n")
    assert [(p.code.value, p.line, p.column, p.path) for p in problems] == [
        (code, 2, 6, ("a", "b"))
    ]


def test_quoted_forms_stay_text() -> None:
    data, _, problems = read_text("a: '016'\nb: 16\n")
    assert (data, problems) == ({"a": "016", "b": 16}, [])


def test_a_mapping_with_too_many_entries_is_refused_at_once() -> None:
    text = "answers:\n" + "".join(f"  u{i}: ja\n" for i in range(MAX_ENTRIES + 1))
    _data, _, problems = read_text(text)
    assert [(p.code, p.line, p.path) for p in problems] == [(Code.TOO_MANY_NODES, 2, ("answers",))]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "in.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError) as info:
        read_limited(fifo, 100)
    assert info.value.code is Code.NOT_A_REGULAR_FILE


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused() -> None:
    with pytest.raises(InputFileError) as info:
        read_limited("/dev/zero", 100)
    assert info.value.code is Code.NOT_A_REGULAR_FILE


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "big"
    f.write_bytes(b"x" * 101)
    with pytest.raises(InputFileError) as info:
        read_limited(f, 100)
    assert info.value.code is Code.TOO_LARGE
    assert read_limited(f, 101) == b"x" * 101


def test_stdin_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin(io.StringIO):
        buffer = io.BytesIO(b"a: 1\n" + b"#" * MAX_BYTES)

    monkeypatch.setattr(sys, "stdin", Stdin())
    with pytest.raises(YamlReadError) as info:
        read_stdin()
    assert [p.code for p in info.value.problems] == [Code.TOO_LARGE]
