"""Issue 20: the history is the record. A consent withdrawn by an event stops working from
the event's date on every path (plan, follow-up meetings, case status); a consent list that
says something the events do not is a located problem (C716)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

from sigrbm.case.examples import example_case
from sigrbm.case.model import check_case_text
from sigrbm.case.records import Consent, Party
from sigrbm.casework.consent import birthday_unknown, check_consent
from sigrbm.casework.program import ConsentRule
from sigrbm.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def eslov(tmp_path: Path) -> Path:
    path = tmp_path / "eslov.yaml"
    shutil.copyfile(example_case("eslov"), path)
    return path


def withdraw(path: Path, consent: str, day: str = "2026-04-10") -> None:
    code, _, err = run(
        "case", "add", "consent-withdrawn", str(path), "--consent", consent,
        "--author", "samordnare-1", "--date", day,
    )  # fmt: skip
    assert code == 0, err


def test_a_withdrawn_consent_no_longer_covers_the_plan(tmp_path: Path) -> None:
    path = eslov(tmp_path)
    code, out, _ = run("plan", str(path), "--program", "eslov", "--date", "2026-04-05")
    assert code == 0
    assert "omfattas av samtycke från den unga 2026-03-02" in out
    withdraw(path, "samtycke-young_person")
    code, out, err = run("plan", str(path), "--program", "eslov", "--date", "2026-04-12")
    assert code == 1
    assert "omfattas av samtycke från den unga" not in out + err
    assert "återkallades 2026-04-10" in out + err
    # before the withdrawal's date the consent still counts
    code, _, _ = run("plan", str(path), "--program", "eslov", "--date", "2026-04-05")
    assert code == 0


def test_a_meeting_after_the_withdrawal_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    path = eslov(tmp_path)
    withdraw(path, "samtycke-young_person")
    before = path.read_bytes()
    code, _, err = run(
        "case", "add", "follow-up", str(path), "--author", "samordnare-1",
        "--date", "2026-04-20", "--participants", "young_person,polis,socialtjanst",
    )  # fmt: skip
    assert code == 1
    assert "[C717]" in err
    assert "participants[1]" in err
    assert path.read_bytes() == before
    # a closure for the withdrawal is what the coordinator can record
    code, _, err = run(
        "case", "add", "closure", str(path), "--author", "samordnare-1",
        "--date", "2026-04-20", "--closure", "consent_withdrawn",
    )  # fmt: skip
    assert code == 0, err


def test_case_status_shows_the_withdrawal_as_a_blocker(tmp_path: Path) -> None:
    path = eslov(tmp_path)
    withdraw(path, "samtycke-young_person")
    code, out, _ = run("case", "status", str(path), "--date", "2026-04-12", "--format", "json")
    assert code == 0
    assert '"kind": "no_consent"' in out
    code, out, _ = run("case", "status", str(path), "--date", "2026-04-12")
    assert "återkallades 2026-04-10" in out


def test_a_withdrawal_only_in_the_list_disagrees_with_the_history() -> None:
    text = example_case("eslov").read_text(encoding="utf-8")
    text = text.replace(
        "  - id: samtycke-young_person\n    given_by: young_person\n",
        "  - id: samtycke-young_person\n    given_by: young_person\n    withdrawn: 2026-04-10\n",
    )
    _, _, problems = check_case_text(text, "case.yaml")
    found = [(p.code.value, p.path) for p in problems]
    assert ("C716", ("consents", 0, "withdrawn")) in found
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "withdrawn: 2026-04-10" in s)
    assert [p.line for p in problems if p.code.value == "C716"] == [line]


def test_a_consent_date_other_than_its_event_disagrees() -> None:
    text = example_case("eslov").read_text(encoding="utf-8")
    old = "  - id: samtycke-young_person\n    given_by: young_person\n    date: '2026-03-02'\n"
    assert old in text
    text = text.replace(old, old.replace("2026-03-02", "2026-03-01"))
    _, _, problems = check_case_text(text, "case.yaml")
    assert [(p.code.value, p.path) for p in problems] == [("C716", ("consents", 0, "date"))]


def test_an_unknown_birthday_within_the_birth_month_takes_the_stricter_reading() -> None:
    """Issue 20: born 2011-04, on 2026-04-10 the person is 14 or 15. Under the default rule a
    guardian's consent suffices under 15 and the own consent is needed from 15: in the birth
    month both are required; from May the own consent alone covers."""
    own = Consent(
        id="egen",
        given_by=Party.YOUNG_PERSON,
        date=dt.date(2026, 1, 5),
        actors=("polis",),
        information=("brottsmisstankar",),
    )
    rule = ConsentRule()
    april, may = dt.date(2026, 4, 10), dt.date(2026, 5, 2)
    assert birthday_unknown("2011-04", april)
    assert not birthday_unknown("2011-04", may)
    assert not birthday_unknown("2026-04", april)  # the birth year itself: age 0, no doubt
    for day, covered in ((april, False), (may, True)):
        report = check_consent(
            ["polis"], [own], day, age=15, rule=rule,
            maybe_younger=birthday_unknown("2011-04", day),
        )  # fmt: skip
        assert not report.uncovered if covered else [a.actor for a in report.uncovered] == ["polis"]
    report = check_consent(["polis"], [own], april, age=15, rule=rule, maybe_younger=True)
    assert set(report.required) == {Party.YOUNG_PERSON, Party.GUARDIAN}
    assert "14 eller 15" in report.rule["sv"]
