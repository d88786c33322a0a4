"""Bounded reads of input files: regular files only, never more than a limit.

A FIFO blocks a reader forever until something writes to it, and ``/dev/zero`` never ends;
both are refused before a byte is read (``-`` for standard input is the way to pipe data in).
Every reader of sigrbm goes through this module: whole documents (YAML/JSON, JSON Lines,
``.xlsx``, FHIR JSON, parameter files) through :func:`read_limited`, the streamed CSV readers
through :func:`open_limited` (standard input through :func:`bounded`), and the look at a
file's start that tells file kinds apart through :func:`read_start`. Each raises
:class:`InputFileError` with a stable code and a message that names the reason, never the
content. Limits are listed in ``docs/limits.md``.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from typing import Any, BinaryIO

from sigrbm.errors import Code

#: The default limit of one batch input file (CSV, or CSV on standard input).
MAX_BATCH_BYTES = 512 * 1024 * 1024
#: A JSON Lines file's: the same rows take about six times the bytes of a CSV (each line
#: names its keys), so a CSV at its limit and its rows as JSON Lines are both read; about
#: 2.3 million assessments of Check: RBMK either way (issue 23).
MAX_JSONL_BYTES = 3 * 1024 * 1024 * 1024


class InputFileError(OSError):
    """An input file that cannot or may not be read; ``code`` and ``message`` say why."""

    def __init__(self, code: Code, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.strerror = reason or message  # what callers that handle any OSError print
        self.code = code
        self.message = message


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _open_regular(path: str | os.PathLike[str], limit: int) -> int:
    """A descriptor of the regular file ``path`` opened for blocking reads, no larger than
    ``limit`` when opened; refuses special files (see :func:`read_limited`)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputFileError(Code.UNREADABLE, f"cannot read the file: {reason}", reason) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError(Code.UNREADABLE, "cannot read the file: it is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(
                Code.NOT_A_REGULAR_FILE,
                f"this is {_kind(info.st_mode)}, not a regular file; give a file, or - to "
                "read standard input",
            )
        if info.st_size > limit:
            raise too_large(limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


class _Bounded(io.RawIOBase):
    """A raw stream that raises :func:`too_large` once more than ``limit`` bytes came through
    (a file that grows while it is read, or standard input)."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self.raw, self.limit, self.seen = raw, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        read = getattr(self.raw, "read1", self.raw.read)  # what is there: a pipe need not fill
        data: bytes = read(min(len(buffer), self.limit + 1 - self.seen) or 1)
        self.seen += len(data)
        if self.seen > self.limit:
            raise too_large(self.limit)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


def bounded(stream: BinaryIO, limit: int) -> BinaryIO:
    """``stream`` (e.g. standard input) read through a buffer that refuses more than
    ``limit`` bytes with :class:`InputFileError` (:data:`Code.TOO_LARGE`)."""
    return io.BufferedReader(_Bounded(stream, limit), 1 << 16)


def open_limited(path: str | os.PathLike[str], limit: int) -> BinaryIO:
    """The one way in for a streamed reader (CSV): a buffered binary stream of the regular
    file ``path``, refused as :func:`read_limited` refuses, that raises
    :class:`InputFileError` (:data:`Code.TOO_LARGE`) if more than ``limit`` bytes come."""
    raw = io.FileIO(_open_regular(path, limit), "rb", closefd=True)
    return bounded(raw, limit)


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``path``; refuses special files and files over ``limit``.

    The file is opened without blocking (a FIFO with no writer would block the open) and
    checked with ``fstat`` on the open descriptor, so a swap after the check cannot slip a
    device in.
    """
    try:
        with open_limited(path, limit) as fh:
            return fh.read()
    except InputFileError:
        raise
    except OSError as exc:
        raise InputFileError(
            Code.UNREADABLE, f"cannot read the file: {exc.strerror or type(exc).__name__}"
        ) from None


def read_start(path: str | os.PathLike[str], size: int) -> bytes:
    """At most the first ``size`` bytes of the regular file ``path`` (to tell file kinds
    apart); refuses special files as :func:`read_limited` does, whatever their size."""
    fd = _open_regular(path, sys.maxsize)
    try:
        with io.FileIO(fd, "rb", closefd=False) as fh:
            return fh.read(size) or b""
    except OSError as exc:
        raise InputFileError(
            Code.UNREADABLE, f"cannot read the file: {exc.strerror or type(exc).__name__}"
        ) from None
    finally:
        os.close(fd)


def too_large(limit: int) -> InputFileError:
    """The error for an input over ``limit`` bytes."""
    return InputFileError(
        Code.TOO_LARGE,
        f"the input is larger than {_size(limit)}; split it or check that it is the right file",
    )


def _size(n: int) -> str:
    if n >= 1024 * 1024 * 1024 and not n % (1024 * 1024 * 1024):
        return f"{n // (1024 * 1024 * 1024)} GiB"
    if n >= 1024 * 1024:
        return f"{n // (1024 * 1024)} MiB"
    return f"{n // 1024} KiB" if n >= 1024 else f"{n} bytes"
