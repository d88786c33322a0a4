"""Load any declarative YAML document (catalogue, actors, program profile) with located problems.

Instruments have their own, lenient loader (:mod:`sigrbm._load`); the smaller documents
here are read in one pass by the generic :class:`~sigrbm._structure.Reader` and then
checked by a function that returns more problems, so every problem in a file is reported
in one run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sigrbm.errors import Code, Problem, sort_problems
from sigrbm.reading.source import SourceMap, YamlReadError, read_file
from sigrbm.reading.structure import INVALID, Reader, key_of
from sigrbm.reading.text import Text

T = TypeVar("T")


def load_document(
    path: str | os.PathLike[str],
    cls: type[T],
    check: Callable[[Any, SourceMap], list[Problem]],
    display: str | None = None,
) -> tuple[T | None, list[Problem]]:
    """Read ``path`` as ``cls``, run ``check`` on it; returns the value (or None) and problems."""
    name = display or os.fspath(path)
    try:
        data, smap, problems = read_file(os.fspath(path), name)
    except YamlReadError as exc:
        return None, exc.problems
    reader = Reader(smap)
    if not isinstance(data, dict):
        reader.report(Code.NOT_A_MAPPING, (), "this file must be a mapping of keys at the top")
        return None, sort_problems(problems + reader.problems)
    value = reader.build_class(data, cls, ())
    problems = problems + reader.problems
    if value is INVALID:
        return None, sort_problems(problems)
    built: T = value
    problems += check(built, smap)
    return built, sort_problems(problems)


def texts(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Text]]:
    """Every :class:`Text` inside a value, with its document path."""
    import attrs

    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, tuple):
        for i, v in enumerate(value):
            yield from texts(v, (*path, i))
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            yield from texts(getattr(value, f.name), (*path, key_of(f)))


def translation_problems(value: Any, languages: tuple[str, ...], smap: SourceMap) -> list[Problem]:
    """E500/E501 for every text that lacks a declared language or has an undeclared one."""
    out: list[Problem] = []
    for path, text in texts(value):
        for lang in languages:
            got = text.get(lang)
            if got is None or not got.strip():
                out.append(
                    smap.problem(Code.MISSING_TRANSLATION, path, f"the '{lang}' text is missing")
                )
        for lang in text.languages:
            if lang not in languages:
                out.append(
                    smap.problem(
                        Code.UNDECLARED_LANGUAGE,
                        (*path, lang),
                        f"language '{lang}' is not one of {', '.join(languages)}",
                        key=True,
                    )
                )
    return out


def duplicate_ids(elements: tuple[Any, ...], key: str, smap: SourceMap, what: str) -> list[Problem]:
    """E300 for every element whose id repeats an earlier one in the same list."""
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(elements):
        if e.id in seen:
            out.append(
                smap.problem(
                    Code.DUPLICATE_ID,
                    (key, i, "id"),
                    f"{what} id '{e.id}' is already used (entry {seen[e.id]})",
                )
            )
        else:
            seen[e.id] = i
    return out


def bundled_folder(name: str) -> Path:
    """A folder of bundled documents next to the instruments (``catalogue``, ``programs``)."""
    from sigrbm.instrument.load import bundled_dir

    return bundled_dir() / name
