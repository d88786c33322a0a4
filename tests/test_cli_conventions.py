"""Conventions every command follows (issue 15): one exit-code rule, ``--out`` on every command
that writes, the written file's mode, help in the output's language, ``validate`` on any kind."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from sigrbm.cli import main
from sigrbm.cli.conventions import help_strings
from sigrbm.cli.help_sv import HELP_SV
from sigrbm.cli.main import _build_parser

from .conftest import CORPUS, ROOT

CASE = str(ROOT / "instruments" / "examples" / "case-rbmk.yaml")
TWO = str(CORPUS / "cases" / "valid" / "two-rbmk.yaml")
BAD_CASE = str(CORPUS / "cases" / "invalid" / "invalid-case-id.yaml")
CSV = str(CORPUS / "batch" / "valid.csv")
BAD_CSV = str(CORPUS / "batch" / "invalid" / "bad-age.csv")
INSTRUMENT = str(ROOT / "instruments" / "check-irk.yaml")
FHIR_RESPONSE = str(CORPUS / "fhir" / "response-rbmk.json")
BAD_INSTRUMENT = str(CORPUS / "instruments" / "invalid" / "unknown-scale.yaml")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# (ok, bad input, usage error) for every command: 0, 1, 2 — the same rule everywhere.
RULE: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "validate": (("validate", INSTRUMENT), ("validate", BAD_INSTRUMENT), ("validate",)),
    "score": (("score", CASE), ("score", BAD_CASE), ("score", CASE, "--format", "pdf")),
    "compare": (("compare", TWO), ("compare", BAD_CASE), ("compare",)),
    "match": (
        ("match", CASE, "--program", "eslov"),
        ("match", BAD_CASE),
        ("match", CASE, "--bogus"),
    ),
    "plan": (
        ("plan", CASE, "--program", "eslov", "--date", "2026-03-01"),
        ("plan", BAD_CASE, "--program", "eslov"),
        ("plan", CASE, "--program", "eslov", "--date", "2026-13-01"),
    ),
    "report": (
        ("report", CASE),
        ("report", BAD_CASE),
        ("report", CASE, "--document", "plan", "--program", "eslov", "--date", "2026-13-01"),
    ),
    "handout": (("handout", "check-irk"), ("handout", BAD_INSTRUMENT), ("handout",)),
    "export": (("export", "fhir", CASE), ("export", "fhir", BAD_CASE), ("export", "xml", CASE)),
    "batch": (
        ("batch", CSV, "--instrument", "check-irk"),
        ("batch", BAD_CSV, "--instrument", "check-irk"),
        ("batch", CSV),
    ),
    "stats": (
        ("stats", CSV, "--instrument", "check-irk", "--min-group", "1"),
        ("stats", BAD_CSV, "--instrument", "check-irk"),
        ("stats", CSV, "--min-group", "0"),
    ),
    "schema": (("schema", "case"), ("schema", "case", "--out", "/nonexistent/dir/x.json"), ()),
    "case": (("case", "status", "example:eslov"), ("case", "status", BAD_CASE), ("case", "status")),
    "import": (
        ("import", "fhir", FHIR_RESPONSE),
        ("import", "fhir", CASE),
        ("import", "csv", FHIR_RESPONSE),
    ),
}


@pytest.mark.parametrize("command", sorted(RULE))
def test_one_exit_code_rule_for_every_command(command: str) -> None:
    ok, bad, usage = RULE[command]
    assert run(*ok)[0] == 0
    code, _, err = run(*bad)
    assert code == 1, err
    assert err.strip()
    assert "Traceback" not in err
    if usage:
        code, _, err = run(*usage)
        assert code == 2, err
        assert ": fel: " in err  # issue 21: usage errors in Swedish by default
        code, _, err = run(*usage, "--lang", "en")
        assert code == 2, err
        assert ": error: " in err


def test_every_command_is_covered_by_the_rule() -> None:
    sub = next(a for a in _build_parser()._actions if hasattr(a, "choices") and a.choices)
    assert set(sub.choices) <= set(RULE)


WRITERS = {
    "score": ("score", CASE, "--format", "json"),
    "compare": ("compare", TWO, "--format", "json"),
    "match": ("match", CASE, "--program", "eslov", "--format", "json"),
    "plan": ("plan", CASE, "--program", "eslov", "--date", "2026-03-01", "--format", "json"),
    "stats": ("stats", CSV, "--instrument", "check-irk", "--min-group", "1", "--format", "json"),
    "schema": ("schema", "case"),
    "import": ("import", "fhir", FHIR_RESPONSE),
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_out_writes_what_stdout_would_show(command: str, tmp_path: Path) -> None:
    argv = WRITERS[command]
    code, shown, _ = run(*argv)
    assert code == 0
    target = tmp_path / "out.json"
    code, printed, _ = run(*argv, "--out", str(target))
    assert code == 0
    assert printed == ""
    assert target.read_text(encoding="utf-8") == shown
    assert shown.strip()


def test_out_is_not_written_when_the_command_fails(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    assert run("score", BAD_CASE, "--out", str(target))[0] == 1
    assert not target.exists()


def test_written_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        target = tmp_path / "plan.json"
        assert run(*WRITERS["plan"], "--out", str(target))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_written_file_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert run("report", CASE, "--out", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_help_is_swedish_by_default_and_english_on_request() -> None:
    code, out, _ = run("score", "--help")
    assert code == 0
    assert out.startswith("användning: sigrbm score")
    assert "poängsätt bara den senaste bedömningen" in out
    code, out, _ = run("score", "--lang", "en", "--help")
    assert code == 0
    assert out.startswith("usage: sigrbm score")
    assert "score only the most recent assessment" in out


def test_every_help_text_has_a_swedish_version() -> None:
    missing = sorted(set(help_strings(_build_parser())) - set(HELP_SV))
    assert missing == []


@pytest.mark.parametrize(
    ("path", "kind", "summary"),
    [
        (CASE, "case", "ok — ärende exempel-0001, 2 bedömningar kontrollerade"),
        (
            str(ROOT / "instruments" / "catalogue" / "actors.yaml"),
            "actors",
            "ok — aktörskatalog sigrbm-actors",
        ),
        (
            str(ROOT / "instruments" / "catalogue" / "interventions.yaml"),
            "interventions",
            "ok — insatskatalog sigrbm-interventions",
        ),
        (str(ROOT / "instruments" / "programs" / "eslov.yaml"), "program", "ok — programprofil"),
    ],
)
def test_validate_recognises_the_kind_of_file(path: str, kind: str, summary: str) -> None:
    from sigrbm.interop.file_kinds import detect_kind

    assert detect_kind(path) == kind
    code, out, err = run("validate", path)
    assert (code, err) == (0, "")
    assert out.startswith(f"{path}: {summary}")


def test_validate_checks_a_case_against_its_instrument(tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    text = Path(CASE).read_text(encoding="utf-8")
    bad.write_text(text.replace("case_id: exempel-0001", "case_id: exempel 0001"), "utf-8")
    code, _, err = run("validate", str(bad))
    assert code == 1
    assert err.startswith(f"{bad}:3:10: case_id: ")
    assert "[E207]" in err
    assert err.rstrip().endswith("ogiltig fil: ärendefil (1 fel)")


def test_validate_reports_an_answer_that_does_not_fit_the_instrument(tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    text = Path(CASE).read_text(encoding="utf-8")
    assert "rbmk_krim_debut: delvis" in text
    bad.write_text(text.replace("rbmk_krim_debut: delvis", "rbmk_krim_debut: kanske"), "utf-8")
    code, out, err = run("validate", str(bad))
    assert (code, out) == (1, "")
    assert "assessments[1].answers.rbmk_krim_debut" in err
    assert "[C601]" in err


def test_batch_results_get_the_umask_mode_too(tmp_path: Path) -> None:
    """batch streams its results through its own temporary file: the same mode rule."""
    corpus = Path(__file__).parent / "corpus" / "batch" / "valid.csv"
    old = os.umask(0o002)
    try:
        target = tmp_path / "results.csv"
        assert run("batch", str(corpus), "--instrument", "check-irk", "--out", str(target))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o664
    finally:
        os.umask(old)
    target.chmod(0o640)
    assert run("batch", str(corpus), "--instrument", "check-irk", "--out", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
