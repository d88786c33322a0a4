"""Issue 14, items 1 and 4: plausible ages and birth months; no personnummer, never echoed.

Rules checked: C605 for a personnummer- or samordningsnummer-like key or value anywhere in a
case file (with or without century; ``-``, ``+``, ``_``, ``.``, ``:`` or nothing), never shown
in a message or a path; C650 (ages 6–110), C651 (birth month after an assessment), C652 (age
disagreeing with the birth month at the assessment date).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigrbm.case.model import check_case_text
from sigrbm.errors import HIDDEN, Code, Problem, looks_like_personnummer, render_path

SEPARATORS = ["-", "+", "_", ".", ":", ""]
NUMBERS = [f"{century}100501{sep}1234" for century in ("", "20") for sep in SEPARATORS]


def case_text(
    *,
    case_id: str = "c-1",
    assessor: str = "hl-1",
    age: str = "",
    born: str = "'2010-05'",
    date: str = "2026-01-20",
    extra: str = "",
) -> str:
    return (
        f"case_id: {case_id}\n"
        f"subject:\n  birth_year_month: {born}\n  attributes: {{}}\n"
        "assessments:\n"
        "  - instrument: check-irk\n"
        "    version: '0.1.0'\n"
        f"    date: {date}\n"
        f"    assessor: {assessor}\n"
        + (f"    age: {age}\n" if age else "")
        + "    answers: {irk_familj: ja}\n"
        + extra
    )


def located(problems: list[Problem]) -> list[tuple[str, int | None, int | None, str]]:
    return [(p.code.value, p.line, p.column, render_path(p.path)) for p in problems]


@pytest.mark.parametrize("number", NUMBERS)
def test_personnummer_refused_in_every_field_and_never_shown(number: str) -> None:
    for field, line, col, text in [
        ("case_id", 1, 10, case_text(case_id=f"'{number}'")),
        ("assessments[0].assessor", 9, 15, case_text(assessor=f"'{number}'")),
        (
            "assessments[0].notes.irk_familj",
            11,
            25,
            case_text(extra=f"    notes: {{irk_familj: 'ring {number}'}}\n"),
        ),
    ]:
        _, _, problems = check_case_text(text)
        assert located(problems) == [("C605", line, col, field)], field
        assert all(number not in str(p) for p in problems)


@pytest.mark.parametrize("number", ["200001011234", "0001011234"])
def test_unquoted_numeric_case_id_is_hidden(number: str) -> None:
    _, _, problems = check_case_text(case_text(case_id=number))
    assert located(problems) == [("C605", 1, 10, "case_id")]
    assert number not in str(problems[0])


def test_personnummer_as_key_is_hidden_in_the_path() -> None:
    _, _, problems = check_case_text(
        case_text(extra="    information_sources: {'100501-1234': [polis]}\n")
    )
    assert located(problems) == [("C605", 11, 27, f"assessments[0].information_sources.{HIDDEN}")]
    assert "1234" not in str(problems[0])


@given(
    st.sampled_from(SEPARATORS),
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 9999),
)
def test_problem_messages_never_hold_a_personnummer(
    sep: str, yy: int, mm: int, dd: int, tail: int
) -> None:
    number = f"{yy:02d}{mm:02d}{dd:02d}{sep}{tail:04d}"
    assert looks_like_personnummer(number)
    p = Problem(code=Code.UNKNOWN_KEY, path=("a", number), message=f"unknown key '{number}'")
    assert number not in str(p)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"age": "0", "born": "null"}, ("C650", 10, 10, "assessments[0].age")),
        ({"age": "-3", "born": "null"}, ("C650", 10, 10, "assessments[0].age")),
        ({"age": "130", "born": "null"}, ("C650", 10, 10, "assessments[0].age")),
        ({"born": "'2027-01'"}, ("C651", 3, 21, "subject.birth_year_month")),
        ({"born": "'1900-01'"}, ("C650", 3, 21, "subject.birth_year_month")),
        ({"age": "14"}, ("C652", 10, 10, "assessments[0].age")),
        ({"born": "'0001-01'"}, ("E202", 3, 21, "subject.birth_year_month")),
    ],
)
def test_implausible_ages_are_refused(kw: dict[str, str], expected: tuple[object, ...]) -> None:
    _, _, problems = check_case_text(case_text(**kw))
    assert located(problems) == [expected]


def test_age_agrees_with_birth_month() -> None:
    """Born 2010-05, assessed 2026-01-20: 15 (no birthday yet in 2026)."""
    case, _, problems = check_case_text(case_text(age="15"))
    assert problems == []
    assert case is not None
    assert case.assessments[0].age_at_date() == 15


def test_in_the_birth_month_one_year_less_is_accepted() -> None:
    """Born 2010-05, assessed 2026-05-02: 16 from the month, 15 if the birthday is later."""
    for age in ("15", "16"):
        _, _, problems = check_case_text(case_text(age=age, date="2026-05-02"))
        assert problems == [], age
    _, _, problems = check_case_text(case_text(age="14", date="2026-05-02"))
    assert [p.code for p in problems] == [Code.CASE_AGE_MISMATCH]


def test_octal_age_is_refused_not_read_as_14() -> None:
    _, _, problems = check_case_text(case_text(age="016", born="null"))
    assert located(problems) == [("E110", 10, 10, "assessments[0].age")]
