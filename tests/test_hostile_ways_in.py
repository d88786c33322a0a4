"""Every reader goes through one bounded, regular-file-only way in (issue 22, item 1).

A FIFO with no writer would block a reader for ever and ``/dev/zero`` never ends: each
reader refuses both at once with E114 at the file, and a file over its limit with E101
(docs/limits.md, "Files that are read"). The command line runs in a subprocess with a
timeout, so a reader that hangs fails this test instead of blocking CI.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from sigrbm.errors import Code
from sigrbm.reading.files import InputFileError, bounded, open_limited, read_start

from .conftest import cli

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


#: (the input file's name, the command line with {f} for it)
READERS = [
    ("in.csv", ["batch", "{f}", "--instrument", "check-irk"]),
    ("in.jsonl", ["batch", "{f}", "--instrument", "check-irk"]),
    ("in.xlsx", ["batch", "{f}", "--instrument", "check-irk"]),
    ("in.csv", ["stats", "{f}", "--instrument", "check-irk"]),
    ("response.json", ["import", "fhir", "{f}"]),
    ("params.yaml", ["score", "example:case-rbmk", "--params", "{f}"]),
    ("params.yaml", ["batch", "-", "--instrument", "check-irk", "--params", "{f}"]),
    ("case.yaml", ["score", "{f}"]),
    ("inst.yaml", ["validate", "{f}"]),
    ("inst.yaml", ["score", "example:case-rbmk", "--instrument", "{f}"]),
    ("program.yaml", ["plan", "example:case-rbmk", "--program", "{f}", "--date", "2026-03-01"]),
    ("interventions.yaml", ["match", "example:case-rbmk", "--catalogue", "{f}"]),
]
IDS = [f"{r[1][0]}-{r[0]}" + ("-params" if "--params" in r[1] else "") for r in READERS]


@needs_fifo
@pytest.mark.parametrize(("name", "argv"), READERS, ids=IDS)
def test_a_fifo_is_refused_at_once(tmp_path: Path, name: str, argv: list[str]) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    code, _, err = cli(*(a.format(f=fifo) for a in argv))
    assert code == 1, err
    assert f"{fifo}: $: this is a named pipe (FIFO), not a regular file" in err
    assert "[E114]" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("name", ["zero.jsonl", "zero.csv", "zero.xlsx", "zero.json"])
def test_dev_zero_behind_a_link_is_refused_at_once(tmp_path: Path, name: str) -> None:
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    argv = ["import", "fhir", str(link)] if name.endswith(".json") else ["batch", str(link)]
    code, _, err = cli(*argv, *([] if name.endswith(".json") else ["--instrument", "check-irk"]))
    assert code == 1, err
    assert err.startswith(f"{link}: $: this is a device, not a regular file")
    assert "[E114]" in err.splitlines()[0]


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefg", "bcdefgh", strict=True)
)


@pytest.mark.parametrize(
    ("content", "code", "where"),
    [
        (None, "E107", ": $: "),  # missing
        ("/dev/zero", "E114", ": $: "),
        (_BOMB, "E103", ":6:4: f: "),
        ("parameters: {x: 1\n", "E100", ":2:1: $: "),
        ("parameters:\n  a\0b: c\n", "E100", ":2:4: $: "),  # by line and column
    ],
    ids=["missing", "dev-zero", "alias-bomb", "syntax", "nul-byte"],
)
def test_a_bad_parameter_file_is_a_located_problem(
    tmp_path: Path, content: str | None, code: str, where: str
) -> None:
    path = tmp_path / "params.yaml"
    if content == "/dev/zero":
        path = Path("/dev/zero")
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    got, _, err = cli("score", "example:case-rbmk", "--params", str(path))
    assert got == 1, err
    first = err.splitlines()[0]
    assert first.startswith(f"{path}{where}"), err
    assert first.endswith(f"[{code}]")
    # once, not once per assessment (the indented line is the code's Swedish meaning)
    assert len([line for line in err.splitlines() if not line.startswith("  ")]) == 1


def test_bounded_standard_input_refuses_more_than_its_limit() -> None:
    with pytest.raises(InputFileError) as info:
        bounded(io.BytesIO(b"x" * 101), 100).read()
    assert info.value.code is Code.TOO_LARGE
    assert bounded(io.BytesIO(b"x" * 100), 100).read() == b"x" * 100


def test_a_file_that_grows_past_its_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "grows.csv"
    path.write_bytes(b"x" * 50)
    with open_limited(path, 100) as fh:
        path.write_bytes(b"x" * 200)  # the same inode, larger after the check at open
        with pytest.raises(InputFileError) as info:
            fh.read()
    assert info.value.code is Code.TOO_LARGE


def test_batch_csv_over_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sigrbm.batch import read_bytes, read_csv
    from sigrbm.cli import main

    monkeypatch.setattr(read_bytes, "MAX_BATCH_BYTES", 100)
    monkeypatch.setattr(read_csv, "MAX_BATCH_BYTES", 100)
    path = tmp_path / "big.csv"
    rows = "".join(f"a{i},2026-01-10,15,ja\n" for i in range(20))
    path.write_text("case_id,date,age,irk_kriminalitet\n" + rows, encoding="utf-8")
    err = io.StringIO()
    assert main(["batch", str(path), "--instrument", "check-irk"], io.StringIO(), err) == 1
    assert err.getvalue().startswith(f"{path}: $: the input is larger than")
    assert err.getvalue().splitlines()[0].endswith("[E101]")


def test_json_lines_have_their_own_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23: a JSON Lines file may be six times a CSV's limit (the same rows take six
    times the bytes), and over its own limit it is refused the same way."""
    from sigrbm.batch import read_jsonl
    from sigrbm.cli import main
    from sigrbm.reading.files import MAX_BATCH_BYTES, MAX_JSONL_BYTES

    assert MAX_JSONL_BYTES >= 6 * MAX_BATCH_BYTES
    monkeypatch.setattr(read_jsonl, "MAX_JSONL_BYTES", 100)
    path = tmp_path / "big.jsonl"
    line = '{"case_id": "a%d", "date": "2026-01-10", "answers": {"irk_kriminalitet": "ja"}}\n'
    path.write_text("".join(line % i for i in range(5)), encoding="utf-8")
    err = io.StringIO()
    assert main(["batch", str(path), "--instrument", "check-irk"], io.StringIO(), err) == 1
    assert err.getvalue().startswith(f"{path}: $: the input is larger than 100 bytes")
    assert err.getvalue().splitlines()[0].endswith("[E101]")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_json_line_too_long_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    """A JSON line is held whole while read: one longer than its limit (16 MiB; 100 here)
    is E101 naming the line, by the byte reader and the decoder alike, and nothing is
    written."""
    from sigrbm.batch import read_jsonl
    from sigrbm.cli import main

    monkeypatch.setattr(read_jsonl, "MAX_LINE", 100)
    monkeypatch.setattr(read_jsonl, "BLOCK_BYTES", 64)
    path = tmp_path / "long.jsonl"
    good = '{"case_id": "a", "date": "2026-01-10", "answers": {"irk_kriminalitet": "ja"}}\n'
    long = '{"case_id": "' + "b" * 200 + '", "date": "2026-01-10"}\n'
    path.write_text(good + long + good, encoding="utf-8")
    out, err = tmp_path / "out.csv", io.StringIO()
    argv = ["batch", str(path), "--instrument", "check-irk", "--out", str(out)]
    assert main([*argv, "--encoding", encoding], io.StringIO(), err) == 1
    first = err.getvalue().splitlines()[0]
    assert first.startswith(f"{path}: $: line 2 is longer than")
    assert first.endswith("[E101]")
    assert not out.exists()


@needs_fifo
def test_read_start_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "f.json"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError) as info:
        read_start(fifo, 10)
    assert info.value.code is Code.NOT_A_REGULAR_FILE
    plain = tmp_path / "p.json"
    plain.write_bytes(b"0123456789abc")
    assert read_start(plain, 10) == b"0123456789"


@needs_fifo
def test_a_case_flow_edit_of_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    argv = ["case", "add", "referral", str(fifo), "--by", "police", "--author", "s-1"]
    code, _, err = cli(*argv, "--date", "2026-01-01")
    assert code == 1, err
    assert err.startswith(f"{fifo}: cannot read (this is a named pipe (FIFO), not a regular file")
