"""Issue 23: scores and totals in the Questionnaire as read-only calculated items. Evaluated
by fhirpathpy on the response of an assessment, each gives sigrbm's own value when every
answer it needs is there, and nothing while the score is a range; a score FHIRPath cannot
give (prorating) is described instead; the importer never reads these items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigrbm import load_instrument, score_case_file
from sigrbm.interop.fhir import questionnaire, questionnaire_response
from sigrbm.interop.fhir_derived import CALCULATED
from sigrbm.interop.fhir_scores import SCORES, score_link

from .conftest import CORPUS, ROOT
from .test_batch_io import run

CASES = [  # case-rbmk.yaml has two answers missing: ranges, so no number
    *sorted((ROOT / "instruments" / "examples").glob("*.yaml")),
    CORPUS / "cases" / "valid" / "two-rbmk.yaml",
]


def scores_group(q: dict[str, Any]) -> dict[str, Any]:
    (group,) = [n for n in q["item"] if n["linkId"] == SCORES]
    return group


def expressions(q: dict[str, Any]) -> dict[str, str]:
    return {
        n["linkId"]: ext["valueExpression"]["expression"]
        for n in scores_group(q)["item"]
        for ext in n.get("extension", [])
        if ext["url"] == CALCULATED
    }


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_calculated_scores_equal_sigrbms_when_known(case: Path) -> None:
    evaluate = pytest.importorskip("fhirpathpy").evaluate
    models = pytest.importorskip("fhirpathpy.models").models
    scored = score_case_file(case)
    assert scored.problems == []
    checked = known = 0
    for item in scored.items:
        exprs = expressions(questionnaire(item.instrument))
        qr = questionnaire_response(item.instrument, item.assessment)
        for target in (*item.result.domains, *item.result.scores):
            link = score_link(target.id)
            if link not in exprs:
                continue
            got = evaluate(qr, exprs[link], {"resource": qr}, models["r4"])
            want = [int(target.low)] if target.low == target.high else []
            assert got == want, (case.name, target.id)
            checked += 1
            known += bool(want)
    assert checked >= 5
    assert known >= 3  # numbers, not only empties


def test_a_prorated_total_is_described_not_calculated() -> None:
    group = scores_group(questionnaire(load_instrument("check-rbmk")))
    nodes = {n["linkId"]: n for n in group["item"]}
    skydd = nodes[score_link("skydd_total")]  # missing: prorate
    assert skydd["readOnly"] is True
    assert "extension" not in skydd
    assert "kan inte räkna ut" in nodes[score_link("skydd_total") + ".about"]["text"]
    risk = nodes[score_link("risk_total")]  # determinate: calculated
    assert [e["url"] for e in risk["extension"]] == [CALCULATED]


def test_the_importer_skips_what_a_form_calculated(tmp_path: Path) -> None:
    case = ROOT / "instruments" / "examples" / "case-rbmk.yaml"
    code, out, _ = run("export", "fhir", str(case))
    assert code == 0
    qr = json.loads(out)
    qr["item"].append(
        {
            "linkId": SCORES,
            "item": [{"linkId": score_link("kriminalitet"), "answer": [{"valueInteger": 99}]}],
        }
    )
    path = tmp_path / "r.json"
    path.write_text(json.dumps(qr), encoding="utf-8")
    code, imported, err = run("import", "fhir", str(path))
    assert (code, err) == (0, "")
    assert "99" not in imported
