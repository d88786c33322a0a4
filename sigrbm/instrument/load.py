"""Load instruments from files, text or the bundled set, with every problem located."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sigrbm.errors import InstrumentError, NotFoundError, Problem, sort_problems
from sigrbm.instrument.model import Instrument
from sigrbm.reading.files import InputFileError, read_limited
from sigrbm.reading.source import (
    MAX_BYTES,
    SourceMap,
    YamlReadError,
    read_bytes,
    read_file,
    read_text,
)
from sigrbm.reading.structure import did_you_mean

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir() -> Path:
    """The folder of bundled instruments: inside the wheel, or ``instruments/`` in a checkout."""
    installed = resources.files("sigrbm") / "_instruments"
    if installed.is_dir():
        return Path(str(installed))
    return _PACKAGE_DIR.parent / "instruments"


def bundled_paths() -> dict[str, Path]:
    """Bundled instrument files by id (the file name without ``.yaml``)."""
    folder = bundled_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def display_name(path: Path) -> str:
    """The name a file goes by in messages: its id for a bundled instrument, else the path."""
    try:
        path.relative_to(bundled_dir())
    except ValueError:
        return str(path)
    return path.stem if path.suffix == ".yaml" and path.parent == bundled_dir() else str(path)


def check_text(text: str, filename: str | None = None) -> tuple[Instrument | None, list[Problem]]:
    """Read and check instrument YAML; returns the instrument (if usable) and every problem."""
    try:
        data, smap, problems = read_text(text, filename)
    except YamlReadError as exc:
        return None, exc.problems
    return _build(data, smap, problems)


def check_file(
    path: str | os.PathLike[str], display: str | None = None
) -> tuple[Instrument | None, list[Problem]]:
    """Like :func:`check_text` for a file; ``display`` names it in messages (default: the path)."""
    try:
        data, smap, problems = read_file(os.fspath(path), display)
    except YamlReadError as exc:
        return None, exc.problems
    return _build(data, smap, problems)


def _build(
    data: Any, smap: SourceMap, problems: list[Problem]
) -> tuple[Instrument | None, list[Problem]]:
    from sigrbm.instrument.build import (
        build_instrument,  # the validator: only imported on a cache miss
    )

    inst, more = build_instrument(data, smap)
    return inst, sort_problems(problems + more)


def load_instrument_text(text: str, filename: str | None = None) -> Instrument:
    """Parse instrument YAML text; raises :class:`InstrumentError` listing every problem."""
    inst, problems = check_text(text, filename)
    if problems or inst is None:
        raise InstrumentError(problems)
    return inst


def load_instrument(source: str | os.PathLike[str], *, cache: bool = False) -> Instrument:
    """Load an instrument from a file path or a bundled id such as ``"check-rbmk"``.

    Raises :class:`NotFoundError` for an unknown id or missing file, and
    :class:`InstrumentError` (with every located problem) for an invalid one. With
    ``cache=True`` a validated copy is kept in the user's cache folder (see
    :mod:`sigrbm.instrument.cache`) so that the next load of the same bytes skips validation.
    """
    path = Path(source)
    if path.is_file() or (path.exists() and not path.is_dir()):  # a FIFO: refused (E114)
        return _load(path, str(path), cache)
    bundled = bundled_paths()
    key = os.fspath(source)
    if key in bundled:
        return _load_bundled(key, cache)
    if path.suffix in (".yaml", ".yml", ".json") or os.sep in key:
        raise NotFoundError(f"{key}: no such file")
    raise NotFoundError(
        f"'{key}' is neither a file nor a bundled instrument{did_you_mean(key, bundled)}"
    )


def _load(path: Path, display: str, use_cache: bool) -> Instrument:
    try:
        raw = read_limited(path, MAX_BYTES)
    except InputFileError as exc:  # issue 22: regular files only, bounded
        problem = Problem(code=exc.code, path=(), message=exc.message, file=display)
        raise InstrumentError([problem]) from None
    if use_cache:
        from sigrbm.instrument import cache as _cache

        hit = _cache.get(raw)
        if hit is not None:
            return hit
    try:
        data, smap, problems = read_bytes(raw, display)
    except YamlReadError as exc:
        raise InstrumentError(exc.problems) from None
    inst, problems = _build(data, smap, problems)
    if problems or inst is None:
        raise InstrumentError(problems)
    if use_cache:
        from sigrbm.instrument import cache as _cache

        _cache.put(raw, inst)
    return inst


@cache
def _load_bundled(instrument_id: str, use_cache: bool) -> Instrument:
    path = bundled_paths()[instrument_id]
    return _load(path, display_name(path), use_cache)
