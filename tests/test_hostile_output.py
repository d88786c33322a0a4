"""Issue 14, items 5 and 6: safe text in outputs; atomic, all-or-nothing, interruptible writes.

Rules checked: Markdown escapes text from data (no raw HTML, heading, link or list from a
value); text output drops control and terminal escape characters; ``--out`` refuses a
symbolic link, FIFO or device (E115); a multi-file output is written whole or not at all;
SIGTERM/SIGINT during a command leave no temporary file and end with 128 + the signal.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigrbm.cli import main
from sigrbm.documents import escape
from sigrbm.reading import atomic
from sigrbm.reading.atomic import OutputRefusedError, write_all_or_nothing, write_atomic

from .conftest import ROOT


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("x\n# Injected heading", r"x \# Injected heading"),
        ("[klick](javascript:alert(1))", r"\[klick\](javascript:alert(1))"),
        ("- listed", r"\- listed"),
        ("a | b", r"a \| b"),
        ("irk_familj", "irk_familj"),
        ("_emph_", r"\_emph\_"),
        ("`code`", r"\`code\`"),
    ],
)
def test_markdown_escapes_structure(raw: str, safe: str) -> None:
    assert escape.markdown(raw) == safe


def test_plain_drops_terminal_escapes_and_line_breaks() -> None:
    assert escape.plain("ok\x1b[2J\x1b]0;pwn\x07\r\nnext\u202e") == "ok[2J]0;pwn next"


@given(st.text(max_size=40))
def test_escaped_text_never_holds_a_control_or_a_line_break(text: str) -> None:
    for out in (escape.plain(text), escape.markdown(text)):
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in out)
        assert "\n" not in out
        assert "\u2028" not in out


def test_report_escapes_an_override_reason(tmp_path: Path) -> None:
    text = (ROOT / "instruments" / "examples" / "case-rbmk.yaml").read_text(encoding="utf-8")
    assert "reason:" in text
    hostile = text.replace("reason:", 'reason: "<script>x</script>\\n# Rubrik" #', 1)
    f = tmp_path / "c.yaml"
    f.write_text(hostile, encoding="utf-8")
    code, out, err = run("score", str(f), "--format", "markdown", "--latest")
    assert code == 0, err
    assert "<script>" not in out
    assert "\n# Rubrik" not in out
    assert r"\<script\>x\</script\> \# Rubrik" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_out_refuses_fifo_and_symlink(tmp_path: Path) -> None:
    fifo, link, real = tmp_path / "fifo", tmp_path / "link", tmp_path / "real"
    os.mkfifo(fifo)
    real.write_text("keep", encoding="utf-8")
    link.symlink_to(real)
    for target in (fifo, link):
        code, _, err = run("handout", "check-irk", "--out", str(target))
        assert code == 1
        assert "[E115]" in err
    assert real.read_text(encoding="utf-8") == "keep"
    assert link.is_symlink()
    assert not fifo.is_file()
    with pytest.raises(OutputRefusedError):
        write_atomic(tmp_path, "x")


def test_all_or_nothing_restores_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = (tmp_path / n for n in "abc")
    a.write_text("old a", encoding="utf-8")
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # the third file: disk trouble
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        write_all_or_nothing({str(a): "new a", str(b): "new b", str(c): "new c"})
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]
    assert a.read_text(encoding="utf-8") == "old a"
    write_all_or_nothing({str(a): "new a", str(b): "new b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]
    assert a.read_text(encoding="utf-8") == "new a"


def test_keyboard_interrupt_ends_with_130_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli_main = sys.modules["sigrbm.cli.main"]

    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main, "cmd_schema", interrupted)
    code, _, err = run("schema", "case")
    assert code == 130
    assert err == "sigrbm: interrupted (SIGINT); no file was written\n"


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_in_the_write_window_leaves_no_temporary_file(
    tmp_path: Path, signame: str
) -> None:
    """The signal arrives after the temporary file holds the data, before the rename."""
    script = f"""
import os, signal, sys
from sigrbm.reading import atomic
real = atomic._temp_beside
def slow(target, data, made):
    tmp = real(target, data, made)
    os.kill(os.getpid(), signal.{signame})
    return tmp
atomic._temp_beside = slow
from sigrbm.cli import main
sys.exit(main(["handout", "check-irk", "--format", "md", "--out", sys.argv[1]]))
"""
    out = tmp_path / "h.md"
    proc = subprocess.run(
        [sys.executable, "-c", script, str(out)],
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    signum = getattr(signal, signame)
    assert proc.returncode == 128 + signum, proc.stderr
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_problem_messages_carry_no_terminal_escape() -> None:
    from sigrbm.errors import Code, Problem

    p = Problem(code=Code.UNKNOWN_KEY, path=("a",), message="unknown key 'x\x1b[2J\ny'")
    assert p.message == "unknown key 'x?[2J?y'"


def test_markdown_documents_escape_text_from_data(tmp_path: Path) -> None:
    """``report --format md`` (jinja2 Markdown templates): a reason cannot inject structure."""
    text = (ROOT / "instruments" / "examples" / "case-rbmk.yaml").read_text(encoding="utf-8")
    hostile = text.replace("reason:", 'reason: "<b>x</b>\\n# Rubrik [a](javascript:x)" #', 1)
    f = tmp_path / "c.yaml"
    f.write_text(hostile, encoding="utf-8")
    code, out, err = run("report", str(f), "--format", "md")
    assert code == 0, err
    assert r"\<b\>x\</b\> \# Rubrik \[a\](javascript:x)" in out
    assert "<b>" not in out
    assert "\n# Rubrik" not in out
