"""``--out`` and written files, round three (issue 22, item 4; docs/limits.md "Files that
are written").

Rules checked: every ``--out`` (``batch`` included) refuses a FIFO, a symbolic link or a
folder (E115) and accepts the null device, which it writes to and never replaces; a
temporary file left by a killed writer is removed by the next write to the same target; every
CSV written neutralises cells a spreadsheet would read as a formula; free-text options that
end up on a document refuse a personnummer without echoing it.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sigrbm.cli import main
from sigrbm.reading.atomic import remove_stale

from .conftest import CORPUS

CSV = CORPUS / "batch" / "valid.csv"
PNR = "19121212-1212"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


WRITERS = {
    "batch": ["batch", str(CSV), "--instrument", "check-irk"],
    "stats": ["stats", str(CSV), "--instrument", "check-irk"],
    "score": ["score", "example:case-rbmk"],
    "handout": ["handout", "check-irk"],
    "schema": ["schema", "case"],
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", ["batch", "stats", "score"])
def test_every_out_refuses_a_fifo_a_link_and_a_folder(tmp_path: Path, command: str) -> None:
    fifo, link, real = tmp_path / "fifo", tmp_path / "link", tmp_path / "real"
    os.mkfifo(fifo)
    real.write_text("keep", encoding="utf-8")
    link.symlink_to(real)
    for target in (fifo, link, tmp_path):
        code, out, err = run(*WRITERS[command], "--out", str(target))
        assert code == 1, err
        assert "[E115]" in err
        assert out == ""
    assert real.read_text(encoding="utf-8") == "keep"
    assert link.is_symlink()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "link", "real"]


@pytest.mark.skipif(not os.path.exists(os.devnull), reason="needs the null device")
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_out_dev_null_is_accepted_and_never_replaced(command: str) -> None:
    before = os.stat(os.devnull)
    code, out, err = run(*WRITERS[command], "--out", os.devnull)
    assert code == 0, err
    assert out == ""
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    stale = tmp_path / f".results.csv.k1ll3d_x.{_dead_pid()}.tmp"
    stale.write_text("half a file", encoding="utf-8")
    live = tmp_path / f".results.csv.l1v3_xyz.{os.getppid()}.tmp"  # a live process's
    live.write_text("being written", encoding="utf-8")
    other = tmp_path / ".other.csv.abc.1.tmp"
    other.write_text("another target's", encoding="utf-8")
    code, _, err = run(*WRITERS["batch"], "--out", str(out))
    assert code == 0, err
    assert not stale.exists()
    assert live.exists()
    assert other.exists()
    assert out.read_text(encoding="utf-8").startswith("case_id,")
    assert remove_stale(out) == []


def test_a_target_name_with_glob_characters_only_cleans_its_own(tmp_path: Path) -> None:
    mine = tmp_path / f".a[1].csv.x.{_dead_pid()}.tmp"
    mine.write_text("x", encoding="utf-8")
    near = tmp_path / f".a1.csv.x.{_dead_pid()}.tmp"
    near.write_text("x", encoding="utf-8")
    assert remove_stale(tmp_path / "a[1].csv") == [str(mine)]
    assert near.exists()


def test_a_sigkill_during_batch_out_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    """A real SIGKILL: the temporary file it may leave is gone after the next run."""
    big = tmp_path / "big.csv"
    lines = CSV.read_text(encoding="utf-8").splitlines()
    body = [line.replace("a1,", f"p{i},", 1) for i in range(20_000) for line in lines[1:2]]
    big.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    argv = ["batch", str(big), "--instrument", "check-irk", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen([sys.executable, "-m", "sigrbm", *argv], env=env)
    for _ in range(400):  # until it writes (or ends)
        if list(tmp_path.glob(".out.csv.*.tmp")) or child.poll() is not None:
            break
        subprocess.run(["sleep", "0.01"], check=True)
    child.kill()
    child.wait()
    code, _, err = run(*argv)
    assert code == 0, err
    assert list(tmp_path.glob(".out.csv.*")) == []


def test_stats_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()
    hostile = [lines[0], *(x.replace(",eslov,", ",=HYPERLINK(1),") for x in lines[1:])]
    path = tmp_path / "f.csv"
    path.write_text("\n".join(hostile) + "\n", encoding="utf-8")
    code, out, err = run(
        "stats", str(path), "--instrument", "check-irk", "--by", "program", "--format", "csv",
        "--min-group", "1", "--round", "1",
    )  # fmt: skip
    assert code == 0, err
    cells = [row.split(",")[0] for row in out.splitlines()[1:]]
    assert "'=HYPERLINK(1)" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


@pytest.mark.parametrize(
    "option", [("--age-exception", f"född {PNR}"), ("--coordinator", PNR.replace("-", ""))]
)
def test_free_text_options_refuse_a_personnummer_without_echoing_it(
    option: tuple[str, str],
) -> None:
    code, out, err = run(
        "plan", "example:case-rbmk", "--program", "eslov", "--date", "2026-03-01", *option
    )
    assert (code, out) == (2, "")
    assert err == (
        f"sigrbm plan: fel: {option[0]} looks like a personnummer (not shown); write it "
        "without personal identity numbers\n"
    )
