"""Issue 21, item 1: a response written by LHC-Forms itself imports and scores like the case.

The Questionnaire ``sigrbm export fhir`` writes is loaded into LHC-Forms (the ``lforms`` npm
package) in a headless Chromium, with the example case's answers merged in as a form tool
would show a saved response; the response LHC-Forms writes back (no ``subject``, no
``author``, ``authored`` = now) is imported with ``--case`` and ``--author`` and scored.
Skipped where there is no browser, no playwright or no ``lforms`` package (``.ci/run``
installs it when npm is there; ``SIGRBM_LFORMS_DIR`` names its ``dist/lforms`` folder).
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from sigrbm.cli import main

from .conftest import ROOT

EXAMPLE = ROOT / "instruments" / "examples" / "case-rbmk.yaml"
DEFAULT = Path(os.environ.get("TMPDIR", "/tmp")) / "sigrbm-lforms/node_modules/lforms/dist/lforms"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def _lforms() -> Path | None:
    folder = Path(os.environ.get("SIGRBM_LFORMS_DIR", DEFAULT))
    return folder if (folder / "webcomponent" / "lhc-forms.js").is_file() else None


def _page(dist: Path, target: Path) -> Path:
    scripts = ("webcomponent/assets/lib/zone.min.js", "webcomponent/lhc-forms.js",
               "fhir/lformsFHIRAll.min.js")  # fmt: skip
    tags = "".join(f'<script src="{(dist / s).as_uri()}"></script>' for s in scripts)
    target.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f'<body><div id="form"></div>{tags}</body></html>',
        encoding="utf-8",
    )
    return target


def test_an_lhc_forms_response_imports_with_case_and_author(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    dist = _lforms()
    if browser_path is None or dist is None:
        pytest.skip("needs chromium and the lforms package (LHC-Forms)")
    code, questionnaire, _ = run("export", "fhir", "check-rbmk")
    assert code == 0
    code, saved, _ = run("export", "fhir", str(EXAMPLE))
    assert code == 0
    answers = json.loads(saved)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(_page(dist, tmp_path / "lhc.html").as_uri())
            page.wait_for_function("window.LForms && LForms.Util", timeout=60_000)
            written = page.evaluate(
                """async ([q, qr]) => {
                    const form = LForms.Util.convertFHIRQuestionnaireToLForms(q, 'R4');
                    const filled = LForms.Util.mergeFHIRDataIntoLForms(
                        'QuestionnaireResponse', qr, form, 'R4');
                    await LForms.Util.addFormToPage(filled, 'form', {prepopulate: false});
                    return LForms.Util.getFormFHIRData(
                        'QuestionnaireResponse', 'R4', document.getElementById('form'));
                }""",
                [json.loads(questionnaire), answers],
            )
        finally:
            browser.close()
    assert "subject" not in written  # what the issue found: LHC-Forms writes neither
    assert "author" not in written
    response = tmp_path / "lhc-response.json"
    response.write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    code, _, err = run("import", "fhir", str(response))
    assert code == 1
    assert "[X905]" in err
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    base = {"format_version": 1, "case_id": data["case_id"], "assessments": data["assessments"][:1]}
    case = tmp_path / "case.yaml"  # no birth month: the response's age stands on its date
    case.write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    imported = tmp_path / "imported.yaml"
    code, _, err = run("import", "fhir", str(response), "--case", str(case),
                       "--author", "socialsekreterare-7", "--out", str(imported))  # fmt: skip
    assert (code, err) == (0, "")
    code, got, err = run("score", str(imported), "--latest", "--format", "json")
    assert (code, err) == (0, "")
    code, want, _ = run("score", str(EXAMPLE), "--latest", "--format", "json")
    got_r, want_r = json.loads(got)["results"][0], json.loads(want)["results"][0]
    assert got_r["assessor"] == "socialsekreterare-7"
    assert got_r["overall"] == want_r["overall"]
    for key in ("domains", "scores", "needs", "responsivity", "protective"):
        assert got_r[key] == want_r[key], key
