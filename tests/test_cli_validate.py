"""``sigrbm validate``: exit 0 valid, 1 invalid with located problems on stderr, 2 usage."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from sigrbm.cli import main

from .conftest import CORPUS

MINIMAL = CORPUS / "instruments" / "valid" / "minimal.yaml"
BAD = CORPUS / "instruments" / "invalid" / "unknown-scale.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_valid_file_exits_0_and_names_the_stamp() -> None:
    code, out, err = run("validate", str(MINIMAL))
    assert code == 0
    assert err == ""
    assert out.startswith(f"{MINIMAL}: ok — test-minimal 1.0.0 sha256:")


def test_bundled_instruments_are_valid() -> None:
    code, out, _ = run("validate", "--bundled")
    assert code == 0
    assert "check-irk 0.1.0" in out
    assert "check-rbmk 0.1.0" in out
    # The bundled id, never the install-internal path (`_instruments/…`).
    assert [line.split(":")[0] for line in out.splitlines()] == ["check-irk", "check-rbmk"]


def test_invalid_file_exits_1_with_located_problem() -> None:
    code, out, err = run("validate", str(BAD))
    assert code == 1
    assert out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"{BAD}:49:12: items[2].scale: unknown scale 'njdd'")
    assert first.endswith("[E301]")


def test_one_invalid_file_among_valid_ones_still_exits_1() -> None:
    code, out, err = run("validate", str(MINIMAL), str(BAD))
    assert code == 1
    assert "ok" in out
    assert "E301" in err


def test_missing_file_exits_1_without_traceback(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert "[E107]" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [["validate"], ["no-such-command"], ["validate", "--no-such-flag"], []],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert code == 2
    assert out == ""
    assert err


def test_help_exits_0() -> None:
    code, _, _ = run("--help")
    assert code == 0


@pytest.mark.parametrize(
    "path", sorted((CORPUS / "instruments" / "invalid").glob("*.yaml")), ids=lambda p: p.stem
)
def test_no_input_file_produces_a_traceback(path: Path) -> None:
    code, _, err = run("validate", str(path))
    assert code == 1
    assert "Traceback" not in err
    assert err.count("[E") + err.count("[C") >= 1


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sigrbm", "validate", str(BAD)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "[E301]" in proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "{bin}"],
        ["export", "fhir", "{bin}"],
        ["handout", "{bin}"],
        ["batch", "{bin}", "--instrument", "check-irk"],
        ["batch", "{dir}", "--instrument", "check-irk"],
        ["match", "{dir}"],
        ["report", "{missing}"],
    ],
)
def test_bad_files_never_give_a_traceback(argv: list[str], tmp_path: Path) -> None:
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    (tmp_path / "empty").mkdir()
    args = [
        a.format(bin=binary, dir=tmp_path / "empty", missing=tmp_path / "nope.yaml") for a in argv
    ]
    code, out, err = run(*args)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.strip()
