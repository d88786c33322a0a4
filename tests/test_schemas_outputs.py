"""Issue 23: every JSON the command line writes validates against a schema — a refused plan,
``case status``, ``case due`` and each line of ``batch --format jsonl`` included — and a
schema refuses what its command never writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sigrbm.interop.schema import KINDS, schema

from .conftest import CORPUS, ROOT
from .test_batch_io import run


def errors(kind: str, doc: Any) -> list[str]:
    s = schema(kind)
    jsonschema.Draft202012Validator.check_schema(s)
    v = jsonschema.Draft202012Validator(s, format_checker=jsonschema.FormatChecker())
    return [e.message for e in v.iter_errors(doc)]


REFUSED = ("plan", str(CORPUS / "e2e" / "eslov.yaml"), "--program", "eslov", "--date",
           "2028-01-01", "--format", "json")  # fmt: skip


def test_a_refused_plan_validates_against_its_own_schema_not_the_plan_schema() -> None:
    code, out, _ = run(*REFUSED)
    doc = json.loads(out)
    assert code == 1
    assert [r["kind"] for r in doc["value"]["reasons"]][:1] == ["not_covered"]
    assert errors("plan-refusal", doc) == []
    assert errors("plan", doc)  # a refusal is not a plan
    assert errors("plan-refusal", {**doc, "format": "sigrbm-plan"})
    assert errors("plan-refusal", {**doc, "value": {**doc["value"], "reasons": []}})


def test_a_plan_refused_for_a_problem_in_the_case_file_validates(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_id: x\nformat_version: 1\nassessments: []\n", encoding="utf-8")
    code, out, _ = run("plan", str(bad), "--program", "eslov", "--date", "2026-03-01",
                       "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert code == 1
    assert {r["kind"] for r in doc["value"]["reasons"]} == {"problem"}
    assert errors("plan-refusal", doc) == []


@pytest.mark.parametrize("name", ["eslov", "haninge", "skovde"])
def test_case_status_json_validates(name: str) -> None:
    code, out, err = run(
        "case", "status", f"example:{name}", "--date", "2026-11-05", "--format", "json"
    )
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert errors("case-state", doc) == []
    assert errors("case-state", {**doc, "format_version": 2})
    assert errors("case-state", {**doc, "value": {**doc["value"], "status": "paused"}})


def test_case_due_json_validates(tmp_path: Path) -> None:
    for name in ("eslov.yaml", "haninge.yaml", "skovde.yaml"):
        shutil.copy(ROOT / "instruments" / "examples" / name, tmp_path / name)
    code, out, err = run("case", "due", str(tmp_path), "--date", "2027-06-01", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["value"]  # something is due by then
    assert errors("case-due", doc) == []
    item = doc["value"][0]
    assert errors("case-due", {**doc, "value": [{**item, "kind": "party"}]})
    assert errors("case-due", {**doc, "value": [{**item, "date": "2027-13-01"}]})


def test_every_batch_jsonl_line_validates() -> None:
    code, out, _ = run("batch", str(CORPUS / "batch" / "valid.csv"), "--instrument",
                       "check-irk", "--format", "jsonl")  # fmt: skip
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert lines
    for line in lines:
        assert errors("batch-row", line) == []
    assert errors("batch-row", {**lines[0], "irk_summa_low": "3"})
    assert errors("batch-row", {k: v for k, v in lines[0].items() if k != "content_hash"})


def test_the_schema_command_knows_every_kind() -> None:
    for kind in KINDS:
        code, out, _ = run("schema", kind)
        assert code == 0
        assert json.loads(out)["$id"].endswith(f"/{kind}.schema.json")


@pytest.mark.parametrize(
    "kind", ["actors", "plan", "recommendations", "case-state", "case-due", "plan-refusal"]
)
def test_every_field_is_described(kind: str) -> None:
    """Issue 23: the fields of actors, plans, recommendations and the case flow's JSON carry
    the descriptions of docs/matching.md's tables (or the hand-written schema's own)."""
    s = schema(kind)
    undescribed = [
        f"{name}.{key}"
        for name, node in [("$", s), *s["$defs"].items()]
        for key, prop in node.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert undescribed == []
