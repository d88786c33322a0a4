"""A cache of validated instruments for fast command-line start-up (on by default in the CLI).

Loading and validating Check: RBMK from YAML takes tens of milliseconds; unpickling the
validated value takes well under one. The command line (never the library by default)
keeps validated instruments under ``$SIGRBM_CACHE_DIR`` or ``$XDG_CACHE_HOME/sigrbm``
(``~/.cache/sigrbm``), keyed by the SHA-256 of the file's bytes and the sigrbm version, so
an edited file or a new release is always validated afresh. ``SIGRBM_CACHE_DIR=off``
turns it off. The cache is only read from a folder owned by the current user and not
writable by others; any problem reading or writing it falls back to a normal load.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import tempfile
from pathlib import Path

import attrs

from sigrbm._version import __version__
from sigrbm.instrument.ids import FORMAT_VERSION
from sigrbm.instrument.model import Instrument


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    env = os.environ.get("SIGRBM_CACHE_DIR")
    if env is not None and env.strip().lower() in ("", "0", "off", "no", "false"):
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sigrbm"


@functools.cache
def _model_fingerprint() -> str:
    """The shape of the instrument model: every attrs class it reaches and its fields.

    Part of the key, so that a cached value pickled by a build whose model differs (a field
    added between two development builds of the same version) is never unpickled into it.
    """
    from sigrbm.instrument import conditions, model

    shapes = sorted(
        f"{cls.__module__}.{cls.__qualname__}({','.join(f.name for f in attrs.fields(cls))})"
        for module in (model, conditions)
        for cls in vars(module).values()
        if isinstance(cls, type) and attrs.has(cls)
    )
    return hashlib.sha256("\n".join(shapes).encode()).hexdigest()


def _key(raw: bytes) -> str:
    h = hashlib.sha256(raw)
    h.update(
        f"\0sigrbm {__version__} format {FORMAT_VERSION} model {_model_fingerprint()}".encode()
    )
    return h.hexdigest()


def _trusted(folder: Path) -> bool:
    try:
        st = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def get(raw: bytes) -> Instrument | None:
    """The cached instrument for these file bytes, if any."""
    folder = cache_dir()
    if folder is None or not _trusted(folder):
        return None
    try:
        with open(folder / f"{_key(raw)}.pickle", "rb") as fh:
            value = pickle.load(fh)
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
    ):
        return None
    if not (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], Instrument)
        and isinstance(value[1], str)
    ):
        return None
    inst: Instrument = value[0]
    digest: str = value[1]
    # the hash was derived from this very value when it was stored; keep it
    object.__setattr__(inst, "content_hash", digest)
    return inst


def put(raw: bytes, inst: Instrument) -> None:
    """Store a validated instrument (atomically; failures are ignored)."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _trusted(folder):
            return
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((inst, inst.content_hash), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{_key(raw)}.pickle")
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
