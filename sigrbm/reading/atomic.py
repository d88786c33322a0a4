"""Write a file atomically: a temporary file beside it, then a rename on success.

The written file gets the mode of the file it replaces, or else the mode the user's umask
gives a new file (``0666 & ~umask``) — never the private ``0600`` of a temporary file, so
that colleagues sharing a folder can open a plan written there.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


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


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path``; an error never leaves a partial or replaced file."""
    target = Path(path)
    mode = target_mode(target)
    fd, tmp = tempfile.mkstemp(
        dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
