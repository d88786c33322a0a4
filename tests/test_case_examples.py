"""Bundled example cases are addressed as ``example:NAME`` wherever a case file is read."""

from __future__ import annotations

import io

import pytest

from sigrbm.case.examples import example_cases
from sigrbm.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_one_example_per_program_and_the_rbmk_case() -> None:
    assert set(example_cases()) == {
        "case-rbmk",
        "eslov",
        "reassessment",  # issue 21: a reassessment, for compare and the before/after chart
        "haninge",
        "skovde",
        "sspf",
        "vastra-goteborg",
    }


@pytest.mark.parametrize(
    "argv",
    [
        ("score", "example:case-rbmx"),
        ("compare", "example:case-rbmx"),
        ("export", "fhir", "example:case-rbmx"),
        ("case", "status", "example:case-rbmx"),
        ("match", "example:case-rbmx", "--program", "eslov"),
    ],
)
def test_a_misspelt_example_is_a_located_problem_not_a_traceback(argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (1, "")
    assert err.startswith(
        "example:case-rbmx: $: no bundled example case of that name; did you mean 'case-rbmk'? "
        "[E107]"
    )


def test_the_reassessment_example_shows_compare_and_the_before_after_chart() -> None:
    """Issue 21, item 5: two Check: RBMK assessments six months apart."""
    code, out, err = run("compare", "example:reassessment")
    assert (code, err) == (0, "")
    assert "2026-02-03 → 2026-08-24" in out
    assert "Samlad risk: Hög → Medel (förbättrad)" in out
    code, out, err = run("report", "example:reassessment", "--format", "html")
    assert (code, err) == (0, "")
    assert out.count("<svg") == 2  # the profile and the before/after chart
