"""Hand-written JSON Schemas of command outputs that no attrs class describes (issue 23).

``case due --format json`` (``sigrbm-case-due``), a refused ``plan --format json``
(``sigrbm-plan-refusal``) and one line of ``batch --format jsonl``; the envelopes around them
are built in :mod:`sigrbm.interop.schema` like every other command's JSON.
"""

from __future__ import annotations

from typing import Any

_TEXT = {"$ref": "#/$defs/Text"}
_DATE = {"type": "string", "format": "date"}

CASE_DUE: dict[str, Any] = {
    "type": "array",
    "description": "What is due across the case files of a folder, soonest first.",
    "items": {
        "type": "object",
        "required": ["file", "case_id", "kind", "name", "date", "overdue"],
        "additionalProperties": False,
        "properties": {
            "file": {"type": "string", "description": "The case file, as given or found."},
            "case_id": {"type": "string", "description": "The case's pseudonymous id."},
            "kind": {
                "enum": ["follow_up_meeting", "long_term_follow_up"],
                "description": "What is due: the next follow-up meeting or the long-term "
                "follow-up.",
            },
            "name": {**_TEXT, "description": "What is due, in Swedish and English."},
            "date": {**_DATE, "description": "The day it is due."},
            "overdue": {"type": "boolean", "description": "Due before the day asked about."},
        },
    },
}

_NULLABLE_TEXT = {"anyOf": [_TEXT, {"type": "null"}]}
PLAN_REFUSAL: dict[str, Any] = {
    "type": "object",
    "description": "Why no plan was made (plan --format json exits 1 with this on stdout).",
    "required": ["case", "date", "refused", "reasons"],
    "additionalProperties": False,
    "properties": {
        "case": {"type": "string", "description": "The case file given to plan."},
        "date": {
            "type": ["string", "null"],
            "description": "The plan date asked for (YYYY-MM-DD), or null when none was given.",
        },
        "refused": {"const": True, "description": "Always true: the plan was not made."},
        "reasons": {
            "type": "array",
            "minItems": 1,
            "description": "Every reason: an actor without consent, a problem in the files, "
            "or an error.",
            "items": {
                "oneOf": [
                    {
                        "type": "object",
                        "description": "An actor the plan needs whose consent does not cover it.",
                        "required": ["kind", "actor", "message"],
                        "additionalProperties": False,
                        "properties": {
                            "kind": {"const": "not_covered"},
                            "actor": {"type": "string", "description": "The actor's id."},
                            "message": {
                                **_NULLABLE_TEXT,
                                "description": "What consent is missing, in Swedish and English.",
                            },
                        },
                    },
                    {
                        "type": "object",
                        "description": "A located problem (docs/errors.md).",
                        "required": ["kind", "code", "path", "message"],
                        "additionalProperties": False,
                        "properties": {
                            "kind": {"const": "problem"},
                            "code": {
                                "type": "string",
                                "pattern": "^[A-Z][0-9]{3}$",
                                "description": "The stable code (docs/errors.md).",
                            },
                            "path": {"type": "string", "description": "Where in the document."},
                            "file": {"type": ["string", "null"]},
                            "line": {"type": ["integer", "null"], "minimum": 1},
                            "column": {"type": ["integer", "null"], "minimum": 1},
                            "message": {"type": "string", "description": "Fact and remedy."},
                        },
                    },
                    {
                        "type": "object",
                        "description": "An error without a location (a file not found).",
                        "required": ["kind", "message"],
                        "additionalProperties": False,
                        "properties": {
                            "kind": {"const": "error"},
                            "message": {"type": "string"},
                        },
                    },
                ]
            },
        },
    },
}

_CELL = {"type": ["string", "number", "null"]}
BATCH_ROW: dict[str, Any] = {
    "type": "object",
    "description": "One line of batch --format jsonl: one assessment's results with the "
    "instrument stamp; the columns per instrument are listed in docs/follow-up.md.",
    "required": ["case_id", "date", "instrument_id", "version", "content_hash"],
    "properties": {
        "case_id": {"type": "string", "description": "The case's pseudonymous id."},
        "date": {**_DATE, "description": "The assessment date."},
        "instrument_id": {"type": "string", "description": "The instrument scored."},
        "version": {"type": "string", "description": "Its version."},
        "content_hash": {
            "type": "string",
            "pattern": "^sha256:[0-9a-f]{64}$",
            "description": "The hash of the instrument's content (its exact rules).",
        },
    },
    "patternProperties": {
        "_(low|high|raw_low|raw_high)$": {
            "type": "number",
            "description": "The lowest or highest value the answers allow.",
        },
        "^(floor|flag)_": {"enum": ["yes", "unknown", "no"]},
    },
    "additionalProperties": _CELL,
}
