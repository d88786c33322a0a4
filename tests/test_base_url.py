"""Issue 23: one base URL for schema ``$id``s and FHIR canonicals, set by a municipality
(``--base-url`` / ``SIGRBM_BASE_URL``); the placeholder is never presented as real; forms
exported under a base import under it; ``export fhir CASE --instrument FILE``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigrbm.interop.canonical import PLACEHOLDER, check_base, rebase, unbase
from sigrbm.interop.fhir_common import (
    CONTENT_HASH,
    DEFINITION,
    DERIVATION,
    JUDGED_SCORE,
    QUESTIONNAIRE_BASE,
    SCORE_WEIGHT,
    SYSTEM,
)

from .conftest import CORPUS, ROOT
from .test_batch_io import run
from .test_edition2 import ED2_CASE, ED2_FILE

MALMO = "https://sig.malmo.se/sigrbm"
CASE = str(ROOT / "instruments" / "examples" / "case-rbmk.yaml")


def strings(doc: Any) -> list[str]:
    if isinstance(doc, str):
        return [doc]
    if isinstance(doc, dict):
        return [s for v in doc.values() for s in strings(v)]
    if isinstance(doc, list):
        return [s for v in doc for s in strings(v)]
    return []


def test_every_canonical_sits_on_the_placeholder_base() -> None:
    """The one base that :func:`rebase` moves: a canonical outside it would stay behind."""
    for url in (SYSTEM, CONTENT_HASH, SCORE_WEIGHT, DERIVATION, DEFINITION, JUDGED_SCORE,
                QUESTIONNAIRE_BASE):  # fmt: skip
        assert url.startswith(PLACEHOLDER + "/")


@pytest.mark.parametrize("given", [MALMO, MALMO + "/", f" {MALMO} "])
def test_a_schema_id_under_the_given_base(given: str) -> None:
    code, out, err = run("schema", "case", "--base-url", given)
    doc = json.loads(out)
    assert (code, err) == (0, "")
    assert doc["$id"] == f"{MALMO}/schemas/case.schema.json"
    assert "$comment" not in doc
    assert not [s for s in strings(doc) if "sigrbm.example" in s]


def test_the_base_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGRBM_BASE_URL", "https://sig.goteborg.se")
    code, out, err = run("schema", "plan")
    assert (code, err) == (0, "")
    assert json.loads(out)["$id"] == "https://sig.goteborg.se/schemas/plan.schema.json"
    code, out, _ = run("schema", "plan", "--base-url", MALMO)  # the option wins
    assert json.loads(out)["$id"] == f"{MALMO}/schemas/plan.schema.json"


def test_the_placeholder_says_it_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIGRBM_BASE_URL", raising=False)
    code, out, err = run("schema", "case")
    doc = json.loads(out)
    assert code == 0
    assert doc["$id"] == f"{PLACEHOLDER}/schemas/case.schema.json"
    assert "placeholder" in doc["$comment"]
    assert err.startswith("sigrbm schema: https://sigrbm.example är en platshållare")
    code, _, err = run("export", "fhir", "check-irk")
    assert code == 0
    assert "platshållare" in err
    assert "placeholder" in err


@pytest.mark.parametrize(
    "bad",
    [
        "sig.malmo.se",
        "ftp://sig.malmo.se",
        "https://",
        "https://x.se/?a=1",
        "https://x.se/#f",
        "https://user:pw@x.se",
    ],
)
def test_a_base_that_is_not_one_is_a_usage_error(bad: str) -> None:
    code, out, _ = run("schema", "case", "--base-url", bad)
    assert (code, out) == (2, "")
    with pytest.raises(ValueError, match="http"):
        check_base(bad)


def test_rebase_moves_only_the_placeholder_prefix() -> None:
    doc = {"a": [f"{PLACEHOLDER}/fhir/x", "https://sigrbm.example.org/y", f"{PLACEHOLDER}"], "n": 1}
    moved = rebase(doc, MALMO)
    assert moved == {"a": [f"{MALMO}/fhir/x", "https://sigrbm.example.org/y", PLACEHOLDER], "n": 1}
    assert unbase(moved, MALMO) == doc


def test_a_form_exported_under_a_base_imports_under_it(tmp_path: Path) -> None:
    code, form, _ = run("export", "fhir", "check-irk", "--base-url", MALMO)
    assert code == 0
    q = json.loads(form)
    assert q["url"] == f"{MALMO}/fhir/Questionnaire/check-irk"
    assert not [s for s in strings(q) if "sigrbm.example" in s]
    path = tmp_path / "q.json"
    path.write_text(form, encoding="utf-8")
    code, back, err = run("import", "fhir", str(path), "--base-url", MALMO)
    assert (code, err) == (0, "")
    assert "id: check-irk" in back
    code, _, _ = run("import", "fhir", str(path))  # under another base: not a sigrbm form
    assert code == 1


def test_a_response_exported_under_a_base_imports_under_it(tmp_path: Path) -> None:
    code, response, _ = run("export", "fhir", CASE, "--base-url", MALMO)
    assert code == 0
    assert json.loads(response)["questionnaire"].startswith(f"{MALMO}/fhir/Questionnaire/")
    path = tmp_path / "r.json"
    path.write_text(response, encoding="utf-8")
    code, case, err = run("import", "fhir", str(path), "--base-url", MALMO)
    assert (code, err) == (0, "")
    assert "case_id:" in case
    code, _, err = run("import", "fhir", str(path))
    assert code == 1
    assert "[X901]" in err


def test_export_fhir_case_with_a_local_instrument(tmp_path: Path) -> None:
    """Issue 23: the C606 remedy says 'give the file with --instrument'; export now takes it."""
    case = tmp_path / "case.yaml"
    case.write_text(ED2_CASE, encoding="utf-8")
    code, _, err = run("export", "fhir", str(case))
    assert code == 1
    assert "--instrument [C606]" in err
    code, out, _ = run("export", "fhir", str(case), "--instrument", str(ED2_FILE))
    response = json.loads(out)
    assert code == 0
    assert response["resourceType"] == "QuestionnaireResponse"
    assert response["questionnaire"] == f"{PLACEHOLDER}/fhir/Questionnaire/test-edition2|1.0.0"
    code, _, _ = run("export", "fhir", "check-irk", "--instrument", str(ED2_FILE))
    assert code == 2  # --instrument belongs to a case


def test_a_response_on_the_placeholder_still_imports_under_a_base() -> None:
    """Forms exported before a municipality set its base keep importing."""
    code, _, err = run("import", "fhir", str(CORPUS / "fhir" / "response-rbmk.json"),
                       "--base-url", MALMO)  # fmt: skip
    assert (code, err) == (0, "")
