"""Fictitious example case files shipped with the package, addressable without a path."""

from __future__ import annotations

from pathlib import Path

from sigrbm.errors import NotFoundError
from sigrbm.instrument.load import bundled_dir
from sigrbm.reading.structure import did_you_mean

#: The prefix that names a bundled example instead of a file: ``example:case-rbmk``.
PREFIX = "example:"


def example_cases() -> dict[str, Path]:
    """Bundled example case files by name (the file name without ``.yaml``)."""
    folder = bundled_dir() / "examples"
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def example_case(name: str) -> Path:
    """The path of a bundled example case; ``name`` may carry the ``example:`` prefix.

    Works the same from a checkout and after ``pip install``. Raises
    :class:`~sigrbm.errors.NotFoundError` for an unknown name, with the known ones.
    """
    key = name.removeprefix(PREFIX)
    found = example_cases()
    if key not in found:
        raise NotFoundError(
            f"{PREFIX}{key}: no bundled example case of that name{did_you_mean(key, found)}"
        )
    return found[key]


def resolve_case_source(source: str) -> str:
    """A file path for ``source``: ``example:NAME`` becomes the bundled file, else unchanged."""
    return str(example_case(source)) if source.startswith(PREFIX) else source
