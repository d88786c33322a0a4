"""JSON Schemas (draft 2020-12) for the instrument, case and result formats.

The schemas are generated from the attrs classes the loaders read, so they cannot drift
from the code: a key, type, enum or required field changes in both at once. They describe
structure (keys, types, allowed values, id and version patterns); cross-references and
scoring semantics (bands, reachability, translations) stay with the validator.
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
import typing
from typing import Any

import attrs

from sigrbm.case.model import Case
from sigrbm.instrument.ids import ID_RE, SEMVER_RE, is_id, is_semver
from sigrbm.instrument.model import Instrument
from sigrbm.reading.structure import hints, key_of
from sigrbm.reading.text import Text
from sigrbm.scoring.result import Result

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://sigrbm.example/schemas"
ROOTS: dict[str, type] = {"instrument": Instrument, "case": Case, "result": Result}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any, field: attrs.Attribute[Any] | None = None) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            args = typing.get_args(tp)
            non_none = [a for a in args if a is not type(None)]
            options = [self.type_schema(a, field) for a in non_none]
            if len(non_none) < len(args):
                options.append({"type": "null"})
            if len(options) == 1:
                return options[0]
            if all(attrs.has(a) for a in non_none):
                return {"oneOf": options}
            return {"anyOf": options}
        if origin is tuple:
            item = self.type_schema(typing.get_args(tp)[0])
            if field is not None and field.metadata.get("check_each") is is_id:
                item = {"type": "string", "pattern": ID_RE.pattern}
            return {"type": "array", "items": item}
        if origin is dict:
            return {
                "type": "object",
                "additionalProperties": self.type_schema(typing.get_args(tp)[1]),
            }
        if tp is Text:
            return {"$ref": "#/$defs/Text"}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if attrs.has(tp):
            return self.ref(tp)
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is _dt.date:
            return {"type": "string", "format": "date"}
        if tp is str:
            check = field.metadata.get("check") if field is not None else None
            if check is is_id:
                return {"type": "string", "pattern": ID_RE.pattern}
            if check is is_semver:
                return {"type": "string", "pattern": SEMVER_RE.pattern}
            return {"type": "string"}
        raise TypeError(f"no schema for {tp!r}")  # pragma: no cover - a new field type

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder for recursion (conditions)
            self.defs[name] = self.class_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def class_schema(self, cls: type) -> dict[str, Any]:
        props: dict[str, Any] = {}
        required: list[str] = []
        hint = hints(cls)
        for f in attrs.fields(cls):
            if f.metadata.get("context"):
                continue
            key = key_of(f)
            schema = self.type_schema(hint[f.name], f)
            if f.__doc__:
                schema = {**schema, "description": f.__doc__}
            props[key] = schema
            if f.default is attrs.NOTHING:
                required.append(key)
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        if required:
            out["required"] = required
        doc = (cls.__doc__ or "").strip().splitlines()
        if doc:
            out["description"] = doc[0]
        return out


def schema(kind: str) -> dict[str, Any]:
    """The schema of ``instrument``, ``case`` or ``result``."""
    root = ROOTS[kind]
    b = _Builder()
    b.defs["Text"] = {
        "type": "object",
        "description": "A text per language code, e.g. {sv: …, en: …}",
        "minProperties": 1,
        "additionalProperties": {"type": "string", "minLength": 1},
    }
    top = b.class_schema(root)
    return {
        "$schema": DIALECT,
        "$id": f"{BASE}/{kind}.schema.json",
        "title": f"sigrbm {kind}",
        **top,
        "$defs": dict(sorted(b.defs.items())),
    }
