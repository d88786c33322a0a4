"""Issue 21, round 2: problem messages in Swedish, Swedish participants, and ``import form``.

- A :class:`~sigrbm.errors.Problem` keeps its English ``message`` (``str``, the JSON formats)
  and may carry ``message_sv``; a Swedish run prints it. Every C7xx the case corpus and the
  guard scenarios below raise has a Swedish message.
- ``sigrbm import form SAVED --case CASE`` adds an assessment saved from the fillable
  checklist as ``case add assessment CASE --from SAVED`` does, through the one check, and
  writes the resulting case file to stdout (the case file itself is not changed).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from sigrbm.case.model import check_case_text
from sigrbm.casework.case_check import check_case_str
from sigrbm.cli import main
from sigrbm.errors import Code, Problem
from sigrbm.instrument.load import load_instrument

from .conftest import CORPUS

FLOW = (CORPUS / "flow" / "skovde-closed.yaml").read_text(encoding="utf-8")
LOCATED = re.compile(r"^(?P<where>\S+:\d+:\d+: \S+): (?P<said>.*) \[(?P<code>[A-Z]\d{3})\]$")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


# --- a problem in two languages ------------------------------------------------------------


def test_a_problem_keeps_english_and_tells_swedish() -> None:
    p = Problem(
        code=Code.CASE_CLOSURE_WITHOUT_REASON,
        path=("history", 3),
        message="a closure needs a reason",
        message_sv="ett avslut behöver ett skäl",
        file="c.yaml",
        line=9,
        column=3,
    )
    assert str(p) == "c.yaml:9:3: history[3]: a closure needs a reason [C703]"
    assert p.told("sv") == "c.yaml:9:3: history[3]: ett avslut behöver ett skäl [C703]"
    assert p.told("en") == str(p)
    # equality and the JSON formats read the English message only
    assert p == Problem(
        code=p.code, path=p.path, message=p.message, file="c.yaml", line=9, column=3
    )
    # a personnummer-like value is hidden in the Swedish message too
    hidden = Problem(code=p.code, path=(), message="x", message_sv="id 20080101-1234")
    assert "20080101" not in hidden.told("sv")


#: Case files that break one guard each (text replaced in the closed Skövde case).
BROKEN = {
    "C700": ("date: 2026-03-02, author: utredare", "date: 2026-02-01, author: utredare"),
    "C702": ("        short_term_goal: Närvaro varje vecka\n", ""),
    "C703": ("closure: goals_met, next_meeting", "next_meeting"),
    "C704": ("{entry: mi, status: done, goal: met}", "{entry: mi, status: done, goal: partly}"),
    "C705": ("participants: [young_person, polis, skola]", "participants: [young_person, skola]"),
    "C706": (
        "next_meeting: 2026-11-04}\n",
        "next_meeting: 2026-11-04}\n  - {event: parties_identified, date: 2026-05-05, "
        "author: samordnare-1, actors: [skola]}\n",
    ),
    "C709": ("consent: samtycke-vh}", "consent: samtycke-x}"),
    "C710": (
        "initial_decision, date: 2026-02-04, author: samordnare-1, decision: proceed",
        "initial_decision, date: 2026-02-04, author: samordnare-1",
    ),
    "C701": ("    actors: [socialtjanst, skola, polis]\n", "    actors: [socialtjanst, polis]\n"),
    "C708": (
        "    date: 2026-03-02\n    assessor: utredare",
        "    date: 2026-06-01\n    assessor: utredare",
    ),
    "C711": ("instrument: check-irk}", "instrument: check-irk, decision: proceed}"),
    "C715": (
        "plans:\n",
        FLOW[FLOW.index("  - id: samtycke-vh") : FLOW.index("plans:\n")] + "plans:\n",
    ),
    "C717": ("    actors: [socialtjanst, skola, polis]\n", "    actors: [socialtjanst, skola]\n"),
    "C720": ("{event: closure, date: 2026-05-04", "{event: closure, date: 2099-05-04"),
    "C721": ("{event: referral, date: 2026-01-26", "{event: referral, date: 2011-01-26"),
    "C740": ("plan: plan-1}", "plan: plan-1, copies_given_to: [skol]}"),
    "C741": ("plan: plan-1}", "plan: plan-1, police_informed: 2026-01-02}"),
    "C716": ("    date: 2026-03-02\n    actors", "    date: 2026-03-01\n    actors"),
    "C718": (
        "  - {event: screening, date: 2026-02-02, author: skola-2, instrument: check-irk}\n",
        "",
    ),
    "C719": ("actors: [socialtjanst, skola, polis]}", "actors: [socialtjanst, skol, polis]}"),
}


def _corpus_problems() -> list[Problem]:
    found = []
    for path in sorted((CORPUS / "cases").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found += list(check_case_str(text, str(path)).problems)
    for code, (old, new) in BROKEN.items():
        assert old in FLOW, old
        got = check_case_str(FLOW.replace(old, new), "case.yaml").problems
        assert code in {p.code.value for p in got}, code  # raised what it was made for
        found += got
    return found


def test_every_c7xx_raised_has_a_swedish_message() -> None:
    problems = _corpus_problems()
    c7 = [p for p in problems if p.code.value.startswith("C7")]
    seen = {p.code.value for p in c7}
    assert set(BROKEN) <= seen  # each broken file raised what it was made for
    lacking = sorted({(p.code.value, p.message) for p in c7 if not p.message_sv})
    assert lacking == []
    # and the Swedish message is not the English one
    assert all(p.message_sv != p.message for p in c7)
    # the answer checks a coordinator meets on the way (C6xx) are Swedish too
    told = {"C600", "C601", "C602", "C603", "C604", "C605", "C606", "C608", "C609"}
    assert told <= {p.code.value for p in problems}
    assert (
        sorted({p.code.value for p in problems if p.code.value in told and not p.message_sv}) == []
    )


def test_the_check_can_fail() -> None:
    """A problem built without Swedish is caught by the test above's filter."""
    p = Problem(code=Code.CASE_STEP_MISSING, path=(), message="a step is missing")
    assert p.message_sv is None
    assert p.told("sv") == str(p)


def test_a_refused_event_is_told_in_swedish_by_default_and_english_on_request(
    tmp_path: Path,
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(FLOW.replace(*BROKEN["C703"]), encoding="utf-8")
    code, _, err = run("validate", str(case))
    assert code == 1
    line = next(n for n, s in enumerate(FLOW.replace(*BROKEN["C703"]).splitlines(), 1)
                if "event: closure" in s)  # fmt: skip
    first = LOCATED.match(err.splitlines()[0])
    assert first is not None
    assert first["where"].startswith(f"{case}:{line}:")
    assert first["where"].endswith(": history[10]")
    assert first["code"] == "C703"
    assert first["said"].startswith("ett avslut behöver ett skäl (--closure mal_uppnadda")
    code, _, err = run("--lang", "en", "validate", str(case))
    first = LOCATED.match(err.splitlines()[0])
    assert first is not None
    assert first["where"].startswith(f"{case}:{line}:")
    assert first["code"] == "C703"
    assert first["said"].startswith("a closure needs a reason (closure: goals_met")


def test_a_c6xx_answer_problem_is_told_in_swedish() -> None:
    text = FLOW.replace("answers: {rbmk_krim_debut: nej}", "answers: {rbmk_krim_debutt: nej}")
    _, _, problems = check_case_text(text, "case.yaml")
    got = check_case_str(text, "case.yaml").problems
    (p,) = [p for p in got if p.code is Code.CASE_UNKNOWN_ITEM]
    assert p.path == ("assessments", 1, "answers", "rbmk_krim_debutt")
    assert (
        p.message_sv
        == "check-rbmk har ingen fråga 'rbmk_krim_debutt'; menade du 'rbmk_krim_debut'?"
    )
    assert p.message == "check-rbmk has no item 'rbmk_krim_debutt'; did you mean 'rbmk_krim_debut'?"
    assert problems == []  # the structure reads; the answer is the instrument's check


def test_participants_are_given_in_swedish(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    cut = FLOW.index("  - event: follow_up_meeting")
    case.write_text(FLOW[:cut], encoding="utf-8")
    code, _, err = run(
        "case", "add", "follow-up", str(case), "--date", "2026-04-02", "--author", "s-1",
        "--participants", "ung,polis,socialtjanst",
    )  # fmt: skip
    assert (code, err) == (0, "")
    history = yaml.safe_load(case.read_text(encoding="utf-8"))["history"]
    assert history[-1]["participants"] == ["young_person", "polis", "socialtjanst"]


def test_a_refusal_without_a_code_is_told_in_one_language() -> None:
    """The library's two-language messages (no program, no need levels) reach a reader in
    the run's language only."""
    irk = str(CORPUS / "cases" / "valid" / "irk.yaml")
    code, _, err = run("match", irk, "--program", "eslov")
    assert (code, err) == (
        1,
        "sigrbm match: ärendet har ingen bedömning med behovsnivåer (t.ex. check-rbmk)\n",
    )
    code, _, err = run("match", irk, "--program", "eslov", "--lang", "en")
    assert err == "sigrbm match: the case has no assessment with need levels (e.g. check-rbmk)\n"
    code, _, err = run("case", "status", irk)
    assert err.endswith(
        ": ärendet anger inget program: ange --program eller registrera det vid aktualiseringen\n"
    )


# --- import form -------------------------------------------------------------------------


def _until_assessment(tmp_path: Path) -> Path:
    """The Skövde case up to the case decision's need for an assessment: referral,
    screening, initial decision (the RBMK assessment and everything after cut away)."""
    cut = FLOW.index("  - {event: assessment,")
    text = FLOW[:cut].replace(
        '  - instrument: check-rbmk\n    version: "0.1.0"\n    date: 2026-03-02\n'
        "    assessor: utredare\n    answers: {rbmk_krim_debut: nej}\n"
        "    judgement: {level: lag, reason: Få uppgifter än, author: utredare, "
        "date: 2026-03-02}\n",
        "",
    )
    start, end = text.index("consents:\n"), text.index("history:\n")
    text = text[:start] + text[end:]
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    assert run("validate", str(case))[0] == 0, run("validate", str(case))[2]
    return case


def _saved(tmp_path: Path, **changes: object) -> Path:
    """A file shaped as the fillable form saves it (handout_form.html.j2, collect())."""
    inst = load_instrument("check-rbmk")
    record: dict[str, object] = {
        "instrument": "check-rbmk",
        "version": inst.version,
        "instrument_hash": inst.content_hash,
        "date": "2026-03-02",
        "assessor": "utredare",
        "answers": {"rbmk_krim_debut": "ja", "rbmk_krim_antal": 2},
        "notes": {"rbmk_krim_debut": "Enligt polisens uppgifter."},
        "judgement": {"level": "hog", "reason": "Samlad bild", "author": "utredare",
                      "date": "2026-03-02"},
    }  # fmt: skip
    record.update(changes)
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def test_import_form_adds_what_case_add_assessment_adds(tmp_path: Path) -> None:
    case = _until_assessment(tmp_path)
    saved = _saved(tmp_path)
    before = case.read_bytes()
    code, out, err = run("import", "formular", str(saved), "--case", str(case))
    assert (code, err) == (0, "")
    assert case.read_bytes() == before  # import writes to stdout, never the case file
    other = tmp_path / "other.yaml"
    shutil.copyfile(case, other)
    code, _, err = run("case", "add", "assessment", str(other), "--from", str(saved),
                       "--author", "utredare")  # fmt: skip
    assert code == 0, err
    assert out == other.read_text(encoding="utf-8")
    assert "  - event: assessment\n" in out or "{event: assessment" in out
    # the result is a case file every command takes: the new assessment scores
    result = tmp_path / "result.yaml"
    result.write_text(out, encoding="utf-8")
    code, text, err = run("score", str(result), "--latest", "--format", "json")
    assert (code, err) == (0, "")
    (latest,) = json.loads(text)["results"]
    assert (latest["date"], latest["assessor"]) == ("2026-03-02", "utredare")
    # "form" is the English name of the format
    assert run("import", "form", str(saved), "--case", str(case))[1] == out


def test_import_form_supplies_what_the_file_lacks_and_refuses_a_disagreement(
    tmp_path: Path,
) -> None:
    case = _until_assessment(tmp_path)
    saved = _saved(tmp_path, assessor="")
    code, out, err = run("import", "form", str(saved), "--case", str(case),
                         "--author", "utredare")  # fmt: skip
    assert (code, err) == (0, "")
    assert "assessor: utredare" in out
    saved = _saved(tmp_path)
    code, out, err = run("import", "form", str(saved), "--case", str(case),
                         "--date", "2026-03-03")  # fmt: skip
    assert (code, out) == (1, "")
    line = next(n for n, s in enumerate(saved.read_text("utf-8").splitlines(), 1) if '"date"' in s)
    assert err.splitlines()[0] == (
        f"{saved}:{line}:11: date: det sparade formuläret anger date '2026-03-02', "
        "kommandoraden '2026-03-03'; gör dem lika, eller utelämna flaggan [X916]"
    )


def test_import_form_checks_the_result_with_the_one_check(tmp_path: Path) -> None:
    case = _until_assessment(tmp_path)
    saved = _saved(tmp_path, judgement=None)
    data = json.loads(saved.read_text(encoding="utf-8"))
    del data["judgement"]
    saved.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("import", "form", str(saved), "--case", str(case))
    assert (code, out) == (1, "")
    assert re.findall(r"\[([A-Z]\d{3})\]", err) == ["C608"]
    assert ": assessments[1]: " in err  # located in the resulting case file


def test_import_form_refuses_what_is_not_a_saved_form(tmp_path: Path) -> None:
    case = _until_assessment(tmp_path)
    response = CORPUS / "fhir"
    fhir = next(iter(sorted(response.glob("*.json"))), None)
    other = tmp_path / "other.json"
    other.write_text('{"resourceType": "QuestionnaireResponse", "item": []}', encoding="utf-8")
    for path in [other] + ([fhir] if fhir is not None else []):
        code, out, err = run("import", "form", str(path), "--case", str(case))
        assert (code, out) == (1, "")
        assert err.splitlines()[0] == (
            f"{path}:1:1: $: ingen bedömning sparad från den ifyllbara checklistan (nycklar med "
            "'instrument' och 'answers'); spara formuläret igen, eller använd import fhir för "
            "ett QuestionnaireResponse [X915]"
        )


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ((), "sigrbm import: fel: import formular behöver --case ÄRENDE"),
        (("--case", "c.yaml", "--instrument", "x.yaml"), "--instrument hör till import fhir"),
        (("--case", "c.yaml", "--date", "2026-02-30"), "--date '2026-02-30' är inte ÅÅÅÅ-MM-DD"),
    ],
)
def test_import_form_usage_errors(argv: tuple[str, ...], said: str, tmp_path: Path) -> None:
    code, out, err = run("import", "form", str(_saved(tmp_path)), *argv)
    assert (code, out) == (2, "")
    assert said in err
