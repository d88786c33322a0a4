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

from sigrbm.batch.stats import STATS_FORMAT_VERSION
from sigrbm.case import model as case_model
from sigrbm.case.model import Case
from sigrbm.casework.catalogue import ActorCatalogue, InterventionCatalogue
from sigrbm.casework.flow import STATE_FORMAT_VERSION, CaseState
from sigrbm.casework.matching import Recommendations
from sigrbm.casework.plans import PlanOutcome
from sigrbm.casework.program import ProgramProfile
from sigrbm.instrument import model as inst_model
from sigrbm.instrument.ids import FORMAT_VERSION, ID_RE, SEMVER_RE, is_id, is_semver
from sigrbm.instrument.model import Instrument
from sigrbm.interop.canonical import PLACEHOLDER, PLACEHOLDER_NOTE
from sigrbm.interop.field_docs import FIELD_DOCS
from sigrbm.interop.schema_outputs import BATCH_ROW, CASE_DUE, PLAN_REFUSAL
from sigrbm.reading.structure import hints, key_of
from sigrbm.reading.text import Text
from sigrbm.scoring.compare import Comparison
from sigrbm.scoring.result import RESULT_FORMAT_VERSION, Result

# The loader's checks (``metadata["check"]``) as schema keywords, so that an editor refuses
# what the loader refuses (issue 15).
CHECKS: dict[Any, dict[str, Any]] = {
    case_model._case_id: {"pattern": case_model._CASE_ID.pattern, "maxLength": 64},
    case_model._year_month: {"pattern": case_model._YEAR_MONTH.pattern},
    case_model._format: {"const": case_model.CASE_FORMAT_VERSION},
    inst_model._format_version: {"const": FORMAT_VERSION},
    inst_model._non_negative: {"minimum": 0},
    inst_model._nonzero: {"not": {"const": 0}},
    inst_model._completeness: {"exclusiveMinimum": 0, "maximum": 1},
}

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ROOTS: dict[str, type] = {
    "instrument": Instrument,
    "case": Case,
    "result": Result,
    "interventions": InterventionCatalogue,
    "actors": ActorCatalogue,
    "program": ProgramProfile,
}
# The JSON the commands write: kind → (format name, key of the payload, payload class);
# ``results`` holds a list. None: the payload schema is written by hand (:data:`HANDWRITTEN`).
ENVELOPES: dict[str, tuple[str, str, type | None]] = {
    "results": ("sigrbm-results", "results", Result),
    "comparison": ("sigrbm-comparison", "comparison", Comparison),
    "recommendations": ("sigrbm-recommendations", "value", Recommendations),
    "plan": ("sigrbm-plan", "value", PlanOutcome),
    "stats": ("sigrbm-stats", "stats", None),
    # issue 23: every JSON the command line writes has a schema, refusals included
    "plan-refusal": ("sigrbm-plan-refusal", "value", None),
    "case-state": ("sigrbm-case-state", "value", CaseState),
    "case-due": ("sigrbm-case-due", "value", None),
}
#: Each envelope's ``format_version`` (the results' version unless named here).
VERSIONS = {"stats": STATS_FORMAT_VERSION, "case-state": STATE_FORMAT_VERSION}
VERSIONS |= {"case-due": STATE_FORMAT_VERSION, "plan-refusal": 1}
#: Outputs that are not an envelope: one line of ``batch --format jsonl``.
LINES: dict[str, dict[str, Any]] = {"batch-row": BATCH_ROW}
KINDS = (*ROOTS, *ENVELOPES, *LINES)
_COUNT_OR_WITHHELD = {"type": ["integer", "null"], "minimum": 0}
_COUNTS = {"type": "object", "additionalProperties": _COUNT_OR_WITHHELD}
_PER_SCORE = {"type": "object", "additionalProperties": _COUNTS}
STATS: dict[str, Any] = {
    "type": "object",
    "description": "Follow-up statistics (docs/follow-up.md); small groups are suppressed.",
    "required": ["instrument_id", "version", "content_hash", "groups", "total", "min_group"],
    "properties": {
        "by": {"type": ["string", "null"]},
        "content_hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
        "instrument_id": {"type": "string"},
        "version": {"type": "string"},
        "min_group": {"type": "integer", "minimum": 1},
        "skipped": {"type": "integer", "minimum": 0},
        "rounding": {
            "type": "integer",
            "minimum": 1,
            "description": "Counts are randomly "
            "rounded to multiples of this (1: exact); docs/follow-up.md.",
        },
        "total": {"type": ["integer", "null"], "minimum": 0},
        "groups": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "suppressed"],
                "properties": {
                    "key": {"type": ["string", "null"]},
                    "suppressed": {"type": "boolean"},
                    "reason": {"type": ["string", "null"]},
                    "assessments": _COUNT_OR_WITHHELD,
                    "cases": _COUNT_OR_WITHHELD,
                    "withheld": {
                        "type": "array",
                        "description": "Every withheld cell and why (small or complementary).",
                        "items": {
                            "type": "object",
                            "required": ["measure", "key", "reason"],
                            "properties": {
                                "measure": {"type": "string"},
                                "target": {"type": ["string", "null"]},
                                "key": {"type": ["string", "null"]},
                                "reason": {"type": "string"},
                            },
                        },
                    },
                    "levels": _PER_SCORE,
                    "change": _PER_SCORE,
                    "needs": _COUNTS,
                    "responsivity": _COUNTS,
                },
            },
        },
    },
}


HANDWRITTEN = {"stats": STATS, "plan-refusal": PLAN_REFUSAL, "case-due": CASE_DUE}


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
            check = field.metadata.get("check") if field is not None else None
            return {"type": "array", "items": item, **CHECKS.get(check, {})}
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
        check = field.metadata.get("check") if field is not None else None
        if tp is int:
            return {"type": "integer", **CHECKS.get(check, {})}
        if tp is float:
            return {"type": "number", **CHECKS.get(check, {})}
        if tp is _dt.date:
            return {"type": "string", "format": "date"}
        if tp is str:
            check = field.metadata.get("check") if field is not None else None
            if check in CHECKS:
                return {"type": "string", **CHECKS[check]}
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
            described = FIELD_DOCS.get(cls.__name__, {}).get(key)
            if described:  # from the docs' key tables (never attrs' own docstring)
                schema = {**schema, "description": described}
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


def schema(kind: str, *, base: str = PLACEHOLDER) -> dict[str, Any]:
    """The schema of a file kind (:data:`ROOTS`) or of a command's JSON (:data:`ENVELOPES`),
    its ``$id`` under ``base`` (a base from :func:`sigrbm.interop.canonical.check_base`; the
    placeholder's schemas say in ``$comment`` that it is one)."""
    b = _Builder()
    b.defs["Text"] = {
        "type": "object",
        "description": "A text per language code, e.g. {sv: …, en: …}",
        "minProperties": 1,
        "additionalProperties": {"type": "string", "minLength": 1},
    }
    top: dict[str, Any]
    if kind in LINES:
        top = LINES[kind]
    elif kind in ENVELOPES:
        name, key, cls = ENVELOPES[kind]
        payload = HANDWRITTEN[kind] if cls is None else b.ref(cls)
        if kind == "results":
            payload = {"type": "array", "items": payload}
        top = {
            "type": "object",
            "description": f"The JSON that sigrbm writes as {name} (docs/interop.md).",
            "required": ["format", "format_version", key],
            "properties": {
                "format": {"const": name, "description": "Names this kind of JSON."},
                "format_version": {
                    "const": VERSIONS.get(kind, RESULT_FORMAT_VERSION),
                    "description": "Raised when a key changes meaning or goes away.",
                },
                key: {**payload, "description": f"What {name} carries."},
            },
            "additionalProperties": False,
        }
    else:
        top = b.class_schema(ROOTS[kind])
        if kind == "case":  # a case at referral has a history; any other needs an assessment
            top["anyOf"] = [
                {"required": [key], "properties": {key: {"minItems": 1}}}
                for key in ("assessments", "history")
            ]
    note = {"$comment": PLACEHOLDER_NOTE} if base == PLACEHOLDER else {}
    return {
        "$schema": DIALECT,
        "$id": f"{base}/schemas/{kind}.schema.json",
        **note,
        "title": f"sigrbm {kind}",
        **top,
        "$defs": dict(sorted(b.defs.items())),
    }
