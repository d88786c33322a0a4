"""``sigrbm score`` and ``sigrbm compare``: formats, languages, stdin, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sigrbm.cli import main
from sigrbm.scoring.result import Result

from .conftest import CORPUS, ROOT

EXAMPLE = ROOT / "instruments" / "examples" / "case-rbmk.yaml"
CASES = CORPUS / "cases"


def run(
    *argv: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_example_case_json_is_the_documented_envelope() -> None:
    """Hand-computed from the example file: criminal history 1+2+2+0+2 = 7 → hög; overall
    31–33 → hög; needs hög: kamrater (big four), skola_arbete (5), fritid (3); medel:
    personlighet (big four, 4), attityder (big four, 3), familj (4)."""
    code, out, err = run("score", str(EXAMPLE), "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert (doc["format"], doc["format_version"]) == ("sigrbm-results", 1)
    irk, rbmk = (Result.from_dict(r) for r in doc["results"])
    assert irk.screening is not None
    assert irk.screening.eligible is True
    assert (rbmk.domain("kriminalitet").value, rbmk.domain("kriminalitet").level) == (7, "hog")
    assert (rbmk.score("risk_total").low, rbmk.score("risk_total").high) == (31, 33)
    assert [n.domain for n in rbmk.needs] == [
        "kamrater",
        "skola_arbete",
        "fritid",
        "personlighet",
        "attityder",
        "familj",
    ]
    assert rbmk.not_applicable == ("rbmk_arb_sysselsattning",)
    assert rbmk.stamp.instrument_id == "check-rbmk"


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_human_formats(lang: str, fmt: str) -> None:
    code, out, err = run("score", str(EXAMPLE), "--latest", "--format", fmt, "--lang", lang)
    assert (code, err) == (0, "")
    assert ("Samlad nivå" if lang == "sv" else "Overall level") in out
    assert ("rekonstruktion" if lang == "sv" else "reconstruction") in out
    assert out.startswith("# " if fmt == "markdown" else "Check: RBMK")
    assert "sha256:602ac72b8227"[:7] in out


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (CASES / "valid" / "irk.yaml").read_text(encoding="utf-8")
    code, out, _ = run("score", "-", "--format", "json", stdin=text, monkeypatch=monkeypatch)
    assert code == 0
    assert json.loads(out)["results"][0]["case_id"] == "test-0001"


def test_stdin_errors_name_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run("score", "-", stdin="case_id: x\n", monkeypatch=monkeypatch)
    assert (code, out) == (1, "")
    assert err.startswith("<stdin>:1:1: $: required key 'assessments' is missing [E201]")


def test_invalid_case_exits_1_without_partial_output() -> None:
    code, out, err = run("score", str(CASES / "invalid" / "unknown-option.yaml"))
    assert (code, out) == (1, "")
    assert "[C601]" in err
    assert "Traceback" not in err


def test_instrument_override_changes_the_cut_off(tmp_path: Path) -> None:
    """irk.yaml has 4 ja and 1 vet ej → 4–5 risk areas. Bundled cut-off 3 → eligible; a
    local copy with cut-off 6 → not eligible, without touching code."""
    local = tmp_path / "irk.yaml"
    text = (ROOT / "instruments" / "check-irk.yaml").read_text(encoding="utf-8")
    text = text.replace("{level: fordjupad, min: 3}", "{level: fordjupad, min: 6}")
    text = text.replace(
        "{level: ej_fordjupad, min: 0, below: 3}", "{level: ej_fordjupad, min: 0, below: 6}"
    )
    local.write_text(text, encoding="utf-8")
    case = str(CASES / "valid" / "irk.yaml")
    _, bundled, _ = run("score", case, "--format", "json")
    code, out, _ = run("score", case, "--instrument", str(local), "--format", "json")
    assert code == 0
    assert json.loads(bundled)["results"][0]["screening"]["eligible"] is True
    (r,) = json.loads(out)["results"]
    assert r["screening"]["eligible"] is False
    assert r["stamp"]["content_hash"] != json.loads(bundled)["results"][0]["stamp"]["content_hash"]


def test_compare_one_file() -> None:
    code, out, err = run("compare", str(CASES / "valid" / "two-rbmk.yaml"), "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["format"] == "sigrbm-comparison"
    assert doc["comparison"]["needs_resolved"] == ["kamrater"]


def test_compare_needs_two_assessments() -> None:
    code, _, err = run("compare", str(CASES / "valid" / "irk.yaml"))
    assert code == 1
    assert "comparing needs two" in err


def test_compare_two_files_of_different_cases_is_refused() -> None:
    code, _, err = run(
        "compare", str(CASES / "valid" / "rbmk.yaml"), str(CASES / "valid" / "two-rbmk.yaml")
    )
    assert code == 1
    assert "different cases" in err


def test_console_script_runs_score() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sigrbm", "score", str(EXAMPLE), "--latest"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert "HÖG" in proc.stdout


def test_score_does_not_import_numpy_or_jinja2() -> None:
    code = (
        "import sys; from sigrbm.cli import main; "
        f"main(['score', {str(EXAMPLE)!r}, '--format', 'json']); "
        "print(sorted(m for m in ('numpy', 'jinja2') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_public_api_is_complete_and_lazy() -> None:
    code = (
        "import sys, sigrbm; assert 'numpy' not in sys.modules; "
        "missing = [n for n in sigrbm.__all__ if not hasattr(sigrbm, n)]; "
        "print(missing, 'numpy' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[] True"  # everything exported; numpy only once asked for
