"""The case corpus (issue: "A corpus of at least 25 invalid case files with expected codes
and locations"). Each invalid file starts with ``# CODE at LINE:COL PATH — rule``."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigrbm.case.model import check_case_file
from sigrbm.casework.case_check import load_case
from sigrbm.errors import CaseError, render_path
from sigrbm.scoring.case_file import score_case_file

from .conftest import CORPUS
from .test_instrument_corpus import expectation

INVALID = sorted((CORPUS / "cases" / "invalid").glob("*.yaml"))
VALID = sorted((CORPUS / "cases" / "valid").glob("*.yaml"))


def test_corpus_size() -> None:
    assert len(INVALID) >= 25
    assert len({expectation(p)[0] for p in INVALID}) >= 20


def _instrument_of(path: Path) -> Path | None:
    """A case of a corpus instrument names it on its first line (valid) or second line
    (invalid, after the expectation): ``# instrument: instruments/valid/NAME.yaml``,
    relative to the corpus."""
    for line in path.read_text(encoding="utf-8").splitlines()[:2]:
        if line.startswith("# instrument: "):
            return CORPUS / line.removeprefix("# instrument: ").strip()
    return None


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_case_reports_exactly_the_expected_problem(path: Path) -> None:
    code, line, col, where = expectation(path)
    scored = score_case_file(path, _instrument_of(path))
    got = [(p.code.value, p.line, p.column, render_path(p.path)) for p in scored.problems]
    assert got == [(code, line, col, where)]
    assert scored.items == []


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_case_scores(path: Path) -> None:
    scored = score_case_file(path, _instrument_of(path))
    assert scored.problems == []
    case, _, _ = check_case_file(path)
    assert case is not None
    assert len(scored.items) == len(case.assessments)


def test_free_text_notes_never_appear_in_messages() -> None:
    path = CORPUS / "cases" / "invalid" / "note-boolean-redacted.yaml"
    (problem,) = score_case_file(path).problems
    assert "yes" not in problem.message


def test_load_case_raises_with_every_structural_problem(tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("case_id: 'Kalle Anka'\nnamn: Kalle\nassessments: []\n", encoding="utf-8")
    with pytest.raises(CaseError) as info:
        load_case(f)
    assert [(p.code.value, p.line) for p in info.value.problems] == [
        ("E207", 1),
        ("C605", 2),
        ("E209", 3),
    ]
