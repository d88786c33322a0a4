"""Write files atomically: a temporary file beside each target, then a rename on success.

* :func:`write_atomic` writes one file; an error (or an interrupt turned into an exception,
  see ``sigrbm.cli.main``) never leaves a partial file, a replaced file or a ``.tmp`` file.
* :func:`write_all_or_nothing` writes several files: either every one is replaced, or none
  is (a full disk half-way leaves the folder as it was).
* An existing target that is not a regular file (a FIFO, a device, a socket, a folder) or
  is a symbolic link is refused with :class:`OutputRefusedError` rather than replaced —
  except the null device (``/dev/null``), a valid way to discard output: it is written to,
  never replaced (issue 22).
* A temporary file's name holds the writing process's id; one left behind by a process that
  was killed (SIGKILL cannot be caught) is removed by the next write to the same target.
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
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sigrbm.errors import Code


class OutputRefusedError(OSError):
    """An output path that sigrbm will not replace; ``code`` and ``message`` say why."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.strerror = message
        self.filename = path
        self.code = Code.OUTPUT_REFUSED
        self.message = message


def is_null_device(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is the null device (``/dev/null``, also through a link)."""
    try:
        info, null = os.stat(path), os.stat(os.devnull)
    except OSError:
        return False
    return stat.S_ISCHR(info.st_mode) and info.st_rdev == null.st_rdev


def check_target(path: str | os.PathLike[str]) -> None:
    """Refuse to replace a symbolic link or anything but a regular file at ``path`` (the
    null device is accepted: writers write to it, never replace it)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if is_null_device(path):
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


def _new_temp(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target``: ``.NAME.RANDOM.PID.tmp``."""
    return tempfile.mkstemp(
        dir=target.parent if str(target.parent) else ".",
        prefix=f".{target.name}.",
        suffix=f".{os.getpid()}.tmp",
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove_stale(target: str | os.PathLike[str]) -> list[str]:
    """Remove the temporary files beside ``target`` left by writers that were killed (their
    process is gone); returns their paths. A live writer's temporary file is left alone."""
    t = Path(target)
    folder = t.parent if str(t.parent) else Path(".")
    removed = []
    with contextlib.suppress(OSError):
        for candidate in folder.glob(f".{glob_escape(t.name)}.*.tmp"):
            pid = candidate.name[: -len(".tmp")].rpartition(".")[2]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    candidate.unlink()
                    removed.append(os.fspath(candidate))
    return removed


def glob_escape(name: str) -> str:
    """``name`` with the characters glob reads as patterns escaped."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _temp_beside(target: Path, data: str | bytes, made: list[str]) -> str:
    """Write ``data`` to a new temporary file beside ``target``; its name goes to ``made``
    at once, so the caller's cleanup covers it even if a signal arrives mid-write."""
    fd, tmp = _new_temp(target)
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
    if is_null_device(target):
        with open(target, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        return
    remove_stale(target)
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
    pairs = [(Path(p), data) for p, data in files.items() if not is_null_device(p)]
    targets = [t for t, _ in pairs]
    for t in targets:
        check_target(t)
        remove_stale(t)
    temps: list[str] = []
    backups: list[tuple[Path, str | None]] = []  # (target, link to its old version or None)
    try:
        for t, data in pairs:
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


def write_streamed(
    path: str | os.PathLike[str], write: Callable[[Any], None], *, binary: bool = False
) -> None:
    """Write through ``write`` into a temporary file beside ``path``, then rename it into
    place (for outputs too large to hold in memory, e.g. ``batch --out``): refuses what
    :func:`check_target` refuses, and a failure never leaves a partial or replaced file.
    ``binary``: ``write`` gets a byte stream (a workbook), else UTF-8 text."""
    target = Path(path)
    check_target(target)

    def stream(where: int | Path) -> Any:
        if binary:
            return open(where, "wb")
        return open(where, "w", encoding="utf-8", newline="")

    if is_null_device(target):
        with stream(target) as fh:
            write(fh)
        return
    remove_stale(target)
    made: list[str] = []
    try:
        fd, tmp = _new_temp(target)
        made.append(tmp)
        with stream(fd) as fh:
            os.fchmod(fh.fileno(), target_mode(target))  # as every other output, not 0600
            write(fh)
        os.replace(tmp, target)
    except BaseException:
        for tmp in made:
            _remove(tmp)
        raise
