"""Write files atomically: a temporary file beside each target, then a rename on success.

* :func:`write_atomic` writes one file; an error (or an interrupt turned into an exception,
  see ``sigrbm.cli.main``) never leaves a partial file, a replaced file or a ``.tmp`` file.
* :func:`write_all_or_nothing` writes several files: either every one is replaced, or none
  is (a full disk half-way leaves the folder as it was).
* An existing target that is not a regular file (a FIFO, a device, a socket, a folder) or
  is a symbolic link is refused with :class:`OutputRefusedError` rather than replaced.
* A written file gets the mode of the file it replaces, or else the mode the user's umask
  gives a new file (``0666 & ~umask``) — never the private ``0600`` of a temporary file, so
  that colleagues sharing a folder can open a plan written there.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sigrbm.errors import Code


class OutputRefusedError(OSError):
    """An output path that sigrbm will not replace; ``code`` and ``message`` say why."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.strerror = message
        self.filename = path
        self.code = Code.OUTPUT_REFUSED
        self.message = message


def check_target(path: str | os.PathLike[str]) -> None:
    """Refuse to replace a symbolic link or anything but a regular file at ``path``."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        what = "a symbolic link"
    elif stat.S_ISREG(info.st_mode):
        return
    elif stat.S_ISFIFO(info.st_mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISDIR(info.st_mode):
        what = "a folder"
    else:
        what = "a device or socket"
    raise OutputRefusedError(
        os.fspath(path),
        f"the output path is {what}; sigrbm only replaces regular files "
        f"[{Code.OUTPUT_REFUSED.value}]",
    )


def _umask() -> int:
    """The process umask (read by setting it and putting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def target_mode(path: str | os.PathLike[str]) -> int:
    """The permission bits a write to ``path`` gives: the replaced file's, else the umask's."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _temp_beside(target: Path, data: str | bytes, made: list[str]) -> str:
    """Write ``data`` to a new temporary file beside ``target``; its name goes to ``made``
    at once, so the caller's cleanup covers it even if a signal arrives mid-write."""
    fd, tmp = tempfile.mkstemp(
        dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.", suffix=".tmp"
    )
    made.append(tmp)
    mode = target_mode(target)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.fchmod(fh.fileno(), mode)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path``; an error never leaves a partial or replaced file."""
    target = Path(path)
    check_target(target)
    made: list[str] = []
    try:
        os.replace(_temp_beside(target, data, made), target)
    except BaseException:
        for tmp in made:
            _remove(tmp)
        raise


def write_all_or_nothing(files: Mapping[str, str | bytes]) -> None:
    """Write every file of ``files`` or none of them.

    All targets are checked and all temporary files written first (a full disk fails here,
    before anything is replaced); then each target is renamed into place, with the previous
    version kept as a hard link until every rename succeeded, so that a failure (or an
    interrupt) part-way restores the files that were already replaced.
    """
    targets = [Path(p) for p in files]
    for t in targets:
        check_target(t)
    temps: list[str] = []
    backups: list[tuple[Path, str | None]] = []  # (target, link to its old version or None)
    try:
        for t, data in zip(targets, files.values(), strict=True):
            _temp_beside(t, data, temps)
        for t, tmp in zip(targets, temps, strict=True):
            backup = None
            if t.exists():
                backup = os.fspath(t.parent / f".{t.name}.{secrets.token_hex(6)}.old")
            backups.append((t, backup))  # first, so that cleanup knows of it
            if backup is not None:
                os.link(t, backup)
            os.replace(tmp, t)
    except BaseException:
        for t, backup in reversed(backups):
            if backup is not None:
                if os.path.exists(backup):
                    with contextlib.suppress(OSError):
                        os.replace(backup, t)
            else:
                _remove(os.fspath(t))
        for tmp in temps:
            _remove(tmp)
        raise
    for _, backup in backups:
        if backup is not None:
            _remove(backup)
