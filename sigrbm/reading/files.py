"""Bounded reads of input files: regular files only, never more than a limit.

A FIFO blocks a reader forever until something writes to it, and ``/dev/zero`` never ends;
both are refused before a byte is read (``-`` for standard input is the way to pipe data in).
Every reader of sigrbm (YAML/JSON documents here, CSV / JSON Lines in ``batch``) goes through
:func:`read_limited`, which raises :class:`InputFileError` with a stable code and a message
that names the reason, never the content. Limits are listed in ``docs/limits.md``.
"""

from __future__ import annotations

import os
import stat

from sigrbm.errors import Code

#: The default limit of one batch input file (CSV or JSON Lines).
MAX_BATCH_BYTES = 512 * 1024 * 1024


class InputFileError(OSError):
    """An input file that cannot or may not be read; ``code`` and ``message`` say why."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
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


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``path``; refuses special files and files over ``limit``.

    The file is opened without blocking (a FIFO with no writer would block the open) and
    checked with ``fstat`` on the open descriptor, so a swap after the check cannot slip a
    device in.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputFileError(
            Code.UNREADABLE, f"cannot read the file: {exc.strerror or type(exc).__name__}"
        ) from None
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
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while being read
            raise too_large(limit)
        return b"".join(chunks)
    except InputFileError:
        raise
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
    if n >= 1024 * 1024:
        return f"{n // (1024 * 1024)} MiB"
    return f"{n // 1024} KiB"
