"""JSON Schemas carry the loader's patterns and the docs' descriptions, cover catalogue and
program files, and every JSON the command line writes validates against its schema (issue 15)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sigrbm.cli import main
from sigrbm.interop.field_docs import FIELD_DOCS
from sigrbm.interop.schema import KINDS, schema

from .conftest import CORPUS, ROOT
from .field_docs_gen import collect

CASE = str(ROOT / "instruments" / "examples" / "case-rbmk.yaml")
TWO = str(CORPUS / "cases" / "valid" / "two-rbmk.yaml")
CSV = str(CORPUS / "batch" / "valid.csv")
STRUCTURAL = {"E104", "E200", "E201", "E202", "E203", "E204", "E207", "E209", "E210"}


def validator(kind: str) -> jsonschema.Draft202012Validator:
    s = schema(kind)
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(
        s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def as_json(path: Path) -> Any:
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


COMMANDS = {
    "results": ("score", CASE, "--format", "json"),
    "comparison": ("compare", TWO, "--format", "json"),
    "recommendations": ("match", CASE, "--program", "eslov", "--format", "json"),
    "plan": ("plan", CASE, "--program", "eslov", "--date", "2026-03-01", "--format", "json"),
    "stats": ("stats", CSV, "--instrument", "check-irk", "--min-group", "1", "--format", "json"),
}


@pytest.mark.parametrize("kind", sorted(COMMANDS))
def test_cli_json_validates_against_its_schema(kind: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(list(COMMANDS[kind]), stdout=out, stderr=err) == 0, err.getvalue()
    doc = json.loads(out.getvalue())
    assert [e.message for e in validator(kind).iter_errors(doc)] == []
    broken = {**doc, "format_version": doc["format_version"] + 1}
    assert list(validator(kind).iter_errors(broken))


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("interventions", "catalogue/interventions.yaml"),
        ("actors", "catalogue/actors.yaml"),
        *[
            ("program", f"programs/{p.name}")
            for p in sorted((ROOT / "instruments" / "programs").glob("*.yaml"))
        ],
    ],
)
def test_catalogue_and_program_files_have_schemas(kind: str, path: str) -> None:
    data = as_json(ROOT / "instruments" / path)
    assert list(validator(kind).iter_errors(data)) == []
    assert list(validator(kind).iter_errors({**data, "unknown_key": 1}))


@pytest.mark.parametrize(
    "change",
    [
        {"case_id": "Kalle Anka"},
        {"format_version": 3},
        {"assessments": []},
        {"subject": {"birth_year_month": "2010-13"}},
    ],
    ids=["case_id", "format_version", "assessments", "birth_year_month"],
)
def test_case_schema_refuses_what_the_loader_refuses(change: dict[str, Any]) -> None:
    data = as_json(Path(CASE))
    assert list(validator("case").iter_errors(data)) == []
    assert list(validator("case").iter_errors({**data, **change}))


INVALID_CASES = [
    p
    for p in sorted((CORPUS / "cases" / "invalid").glob("*.yaml"))
    if p.read_text(encoding="utf-8")[2:6] in STRUCTURAL
]


@pytest.mark.parametrize("path", INVALID_CASES, ids=lambda p: p.stem)
def test_schema_rejects_every_structurally_invalid_case(path: Path) -> None:
    assert len(INVALID_CASES) >= 10
    assert list(validator("case").iter_errors(as_json(path))), path.name


def test_descriptions_come_from_the_docs_never_from_attrs() -> None:
    for kind in KINDS:
        text = json.dumps(schema(kind))
        assert "Read-only" not in text
        assert "never instantiate" not in text
    case = schema("case")
    assert (
        case["properties"]["case_id"]["description"]
        == "1–64 letters, digits, _ . : -; a pseudonym."
    )
    item = schema("instrument")["$defs"]["Item"]["properties"]
    assert sum("description" in p for p in item.values()) >= 8


def test_field_docs_are_generated_from_the_current_docs() -> None:
    assert collect() == FIELD_DOCS, "run: python -m tests.field_docs_gen"
