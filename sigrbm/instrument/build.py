"""Plain data → :class:`~sigrbm.model.Instrument`, collecting every problem.

Top-level collections are read leniently: an element with a problem is reported,
left out, and its id remembered so that references to it do not cascade into
"unknown reference" noise. The semantic checks in :mod:`sigrbm._check` then run on
what could be built, and one :class:`~sigrbm.errors.InstrumentError` carries
everything.
"""

from __future__ import annotations

import typing
from typing import Any

import attrs

from sigrbm.errors import Code, InstrumentError, Problem
from sigrbm.instrument.check import Origins, check_instrument
from sigrbm.instrument.model import Basis, Defaults, Instrument, Provenance
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import INVALID, Reader, hints, key_of
from sigrbm.reading.text import Text

_FALLBACK: dict[str, Any] = {
    "id": "invalid",
    "version": "0.0.0",
    "languages": (),
    "title": Text(),
    "description": Text(),
    "provenance": Provenance(basis=Basis.RECONSTRUCTION),
    "defaults": Defaults(),
    "judgement": None,
    "screening": None,
    "format_version": 1,
}


def _is_collection(tp: Any) -> bool:
    if typing.get_origin(tp) is not tuple:
        return False
    return attrs.has(typing.get_args(tp)[0])


def build_instrument(
    data: Any, smap: SourceMap | None = None
) -> tuple[Instrument | None, list[Problem]]:
    """Build an instrument and list every problem (the instrument is None if unusable)."""
    reader = Reader(smap)
    if not isinstance(data, dict):
        reader.report(
            Code.NOT_A_MAPPING,
            (),
            "an instrument file must be a mapping of keys (id, version, items, …) at the top",
        )
        return None, reader.problems
    fields = attrs.fields(Instrument)
    known = {key_of(f): f for f in fields}
    for key in data:
        if key not in known:
            from sigrbm.reading.structure import did_you_mean

            reader.report(
                Code.UNKNOWN_KEY, (key,), f"unknown key '{key}'{did_you_mean(key, known)}", key=True
            )
    origins = Origins()
    kwargs: dict[str, Any] = {}
    languages_ok = True
    hint = hints(Instrument)
    for f in fields:
        key = key_of(f)
        tp = hint[f.name]
        if key not in data:
            if f.default is attrs.NOTHING:
                reader.report(Code.MISSING_KEY, (), f"required key '{key}' is missing")
                kwargs[f.name] = _FALLBACK.get(f.name, ())
                languages_ok = languages_ok and key != "languages"
            continue
        if _is_collection(tp):
            kwargs[f.name] = _collection(reader, data[key], typing.get_args(tp)[0], key, origins)
            continue
        built = reader.build(data[key], tp, (key,))
        if built is not INVALID and reader._checks(f, built, (key,)):
            kwargs[f.name] = built
        else:
            kwargs[f.name] = _FALLBACK[f.name]
            languages_ok = languages_ok and key != "languages"
    instrument = Instrument(**kwargs)
    problems = list(reader.problems)
    problems += check_instrument(instrument, origins, reader.smap, check_languages=languages_ok)
    return instrument, problems


def _collection(
    reader: Reader, value: Any, cls: type, key: str, origins: Origins
) -> tuple[Any, ...]:
    if not isinstance(value, list):
        reader.build(value, tuple[cls, ...], (key,))  # type: ignore[valid-type]  # reports it
        return ()
    kept: list[Any] = []
    indices: list[int] = []
    for i, element in enumerate(value):
        built = reader.build_class(element, cls, (key, i))
        if built is INVALID:
            if isinstance(element, dict) and isinstance(element.get("id"), str):
                origins.broken.setdefault(key, set()).add(element["id"])
            continue
        kept.append(built)
        indices.append(i)
    origins.index[key] = indices
    return tuple(kept)


def instrument_from_data(data: Any, smap: SourceMap | None = None) -> Instrument:
    """Build a valid instrument or raise :class:`InstrumentError` with every problem."""
    instrument, problems = build_instrument(data, smap)
    if problems or instrument is None:
        raise InstrumentError(problems)
    return instrument
