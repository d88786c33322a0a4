"""`sigrbm import fhir QUESTIONNAIRE`: a Questionnaire that `export fhir` wrote comes back as
its instrument's YAML, with the same content hash; an edited form is refused (X908) and the
options that belong to a response are a usage error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigrbm.instrument.load import load_instrument

from .conftest import CORPUS
from .test_batch_io import run


@pytest.mark.parametrize(
    "source", ["check-rbmk", "check-irk", str(CORPUS / "instruments/valid/edition2.yaml")]
)
def test_a_questionnaire_comes_back_as_its_instrument(source: str, tmp_path: Path) -> None:
    code, form, _ = run("export", "fhir", source)
    assert code == 0
    path = tmp_path / "q.json"
    path.write_text(form, encoding="utf-8")
    code, text, err = run("import", "fhir", str(path))
    assert (code, err) == (0, "")
    back = tmp_path / "back.yaml"
    back.write_text(text, encoding="utf-8")
    original = load_instrument(source)
    assert load_instrument(back).content_hash == original.content_hash
    assert text.startswith(f"# {original.id} {original.version}, content hash ")


def _first_question(items: list[dict[str, Any]]) -> dict[str, Any]:
    for item in items:
        if item.get("type") == "choice":
            return item
        found = _first_question(item.get("item", []))
        if found:
            return found
    return {}


def test_an_edited_questionnaire_is_refused(tmp_path: Path) -> None:
    _, form, _ = run("export", "fhir", "check-irk")
    data = json.loads(form)
    question = _first_question(data["item"])
    question["text"] += " (ändrad)"  # reworded in a form editor
    path = tmp_path / "q.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    code, out, err = run("import", "fhir", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines()[0].endswith("[X908]")
    assert err.splitlines()[1].startswith("  X908: ")  # issue 21: the code in Swedish
    assert f"{path}:" in err


def test_response_options_with_a_questionnaire_are_a_usage_error(tmp_path: Path) -> None:
    _, form, _ = run("export", "fhir", "check-irk")
    path = tmp_path / "q.json"
    path.write_text(form, encoding="utf-8")
    code, out, err = run("import", "fhir", str(path), "--case", "x.yaml")
    assert (code, out) == (2, "")
    assert "QuestionnaireResponse" in err
