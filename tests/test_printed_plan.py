"""Issue 20, "The printed plan is not the living plan" (What to build 6): the printed plan
follows the record — the next follow-up from the latest meeting (``case_state``'s rule), the
closure and the long-term follow-up, a signature line for every participant and responsible
actor, the program's plan rules as recorded facts (or "Ej registrerat: …"), the program's
plan name, and consents named by party and date, never by id."""

from __future__ import annotations

import io
from pathlib import Path

from sigrbm.case.history import EventKind
from sigrbm.casework.case_check import load_case
from sigrbm.casework.catalogue import load_catalogue
from sigrbm.casework.plan_rules import plan_event, plan_event_name, plan_rule_gaps, plan_word
from sigrbm.casework.program import load_program
from sigrbm.cli import main

from .conftest import CORPUS

FLOW = CORPUS / "flow" / "skovde-closed.yaml"
PLAN_FIXED = "  - {event: plan_fixed, date: 2026-03-05, author: samordnare-1, plan: plan-1}\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def ok(*argv: str) -> str:
    code, out, err = run(*argv)
    assert (code, err) == (0, ""), err
    return out


def open_case(tmp_path: Path) -> Path:
    """The Skövde flow case up to its fixed plan (no meetings, no closure)."""
    text = FLOW.read_text("utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(text[: text.index(PLAN_FIXED) + len(PLAN_FIXED)], "utf-8")
    return case


def plan_md(case: Path, *more: str) -> str:
    return ok("report", str(case), "--document", "plan", "--format", "md", *more)


def header(doc: str) -> str:
    return doc.split("\n## ", maxsplit=1)[0]


def test_the_next_follow_up_follows_the_latest_meeting(tmp_path: Path) -> None:
    case = open_case(tmp_path)
    # 14 all year, so the guardian's consent covers the meeting in November (issue 20: a
    # meeting sharing with an actor the consent rule no longer covers is refused, C717)
    case.write_text(case.read_text("utf-8").replace('"2011-09"', '"2012-01"'), "utf-8")
    assert "Nästa uppföljning 2026-04-02" in header(plan_md(case))  # the plan's own date
    ok(
        "case", "add", "follow-up", str(case), "--author", "samordnare-1", "--date",
        "2026-04-02", "--participants", "young_person,polis,socialtjanst", "--entry",
        "mi=ongoing/partly", "--next", "2026-04-30",
    )  # fmt: skip
    ok(
        "case", "add", "follow-up", str(case), "--author", "samordnare-1", "--date",
        "2026-04-30", "--participants", "young_person,polis", "--next", "2026-11-20",
    )  # fmt: skip
    doc = plan_md(case, "--date", "2026-05-01")
    assert "Nästa uppföljning 2026-11-20" in header(doc)
    assert "2026-04-02" not in header(doc).split("Nästa uppföljning")[1]
    # a meeting without --next: its date plus the program's follow_up_weeks (Skövde: 4)
    ok(
        "case", "add", "follow-up", str(case), "--author", "samordnare-1", "--date",
        "2026-11-20", "--participants", "young_person,polis",
    )  # fmt: skip
    doc = plan_md(case, "--date", "2026-11-21", "--lang", "en")
    assert "Next follow-up 2026-12-18" in header(doc)


def test_a_closed_plan_shows_the_closure_and_the_long_term_follow_up(tmp_path: Path) -> None:
    doc = plan_md(FLOW, "--date", "2026-06-01")
    head = header(doc)
    assert "Nästa uppföljning" not in head
    assert "Avslutat: 2026-05-04 (målen uppnådda)" in head
    assert "Uppföljning av långsiktiga mål: 2026-11-04" in head
    case = tmp_path / "closed.yaml"
    case.write_text(FLOW.read_text("utf-8"), "utf-8")
    ok(
        "case", "add", "long-term-follow-up", str(case), "--author", "samordnare-1",
        "--date", "2026-11-04", "--outcome", "mi=met",
    )  # fmt: skip
    doc = plan_md(case, "--date", "2026-11-05", "--lang", "en")
    assert "Closed: 2026-05-04 (goals met)" in header(doc)
    assert "Follow-up of long-term goals: held 2026-11-04" in header(doc)
    assert "2026-11-04 long-term goal: met" in doc


def test_the_police_sign_a_skovde_plan_they_are_not_responsible_in() -> None:
    """Skövde requires the police in every meeting: they sign although no entry is theirs."""
    doc = plan_md(FLOW, "--date", "2026-06-01", "--lang", "en")
    lines = [x.split(":")[0] for x in doc.split("## Signatures")[1].splitlines() if "___" in x]
    assert lines[-1] == "Police"
    assert lines.count("Police") == 1


def test_the_consent_on_the_plan_is_named_by_party_and_date(tmp_path: Path) -> None:
    doc = plan_md(FLOW, "--date", "2026-06-01")
    consent = doc.split("## Samtycke")[1].split("##")[0]
    assert "- Socialtjänsten: omfattas av samtycke från vårdnadshavare 2026-03-02" in consent
    assert "samtycke-vh" not in doc
    case = open_case(tmp_path)
    ok(
        "case", "add", "consent-withdrawn", str(case), "--author", "samordnare-1",
        "--date", "2026-04-10", "--consent", "samtycke-vh",
    )  # fmt: skip
    doc = plan_md(case, "--date", "2026-04-11", "--lang", "en")
    consent = doc.split("## Consent")[1].split("##")[0]
    assert (
        "- Social services: the consent from a guardian of 2026-03-02 was withdrawn on 2026-04-10"
        in consent
    )
    assert "samtycke-vh" not in doc


def vastra_goteborg(tmp_path: Path) -> Path:
    """A Västra Göteborg case (25 years old) with a stored plan, up to consent."""
    text = FLOW.read_text("utf-8")
    text = text[: text.index(PLAN_FIXED)]
    text = (
        text.replace("program: skovde", "program: vastra-goteborg")
        .replace("kind: atgardsplan", "kind: genomforandeplan")
        .replace('"2011-09"', '"2000-09"')
        .replace("given_by: guardian", "given_by: young_person")
        .replace("    coordinator: samordnare-1\n", "    coordinator: samordnare-1\n"
                 "    participants: [young_person, socialtjanst, polis]\n")
        .replace("        actor: skola\n", "        actor: socialtjanst\n")
    )  # fmt: skip
    case = tmp_path / "vg.yaml"
    case.write_text(text, "utf-8")
    return case


def test_vastra_goteborg_plan_rules_are_printed_as_recorded_facts(tmp_path: Path) -> None:
    case = vastra_goteborg(tmp_path)
    ok(
        "case", "add", "plan-fixed", str(case), "--author", "samordnare-1", "--date",
        "2026-03-05", "--plan", "plan-1", "--approved", "--copies-to",
        "young_person,socialtjanst", "--police-informed", "2026-03-06",
    )  # fmt: skip
    doc = plan_md(case, "--date", "2026-03-10")
    assert doc.startswith("# Genomförandeplan · SIG i Västra Göteborg")
    rules = doc.split("## Enligt programmet")[1].split("##")[0]
    assert [x[2:] for x in rules.splitlines() if x.startswith("- ")] == [
        "Godkänd av den unga 2026-03-05",
        "Kopia till: Den unga, Socialtjänsten",
        "Polisen informerad 2026-03-06",
        "Ej registrerat: kopia av genomförandeplanen till Polisen",
    ]
    doc = plan_md(case, "--date", "2026-03-10", "--lang", "en")
    assert doc.startswith("# Implementation plan · SIG in Västra Göteborg")
    assert "- Approved by the young person 2026-03-05\n" in doc
    assert "- Not recorded: a copy of the implementation plan for Police\n" in doc


def test_vastra_goteborg_plan_without_the_facts_says_so(tmp_path: Path) -> None:
    case = vastra_goteborg(tmp_path)
    ok(
        "case", "add", "plan-fixed", str(case), "--author", "samordnare-1", "--date",
        "2026-03-05", "--plan", "plan-1",
    )  # fmt: skip
    doc = plan_md(case, "--date", "2026-03-10")
    rules = doc.split("## Enligt programmet")[1].split("##")[0]
    assert [x[2:] for x in rules.splitlines() if x.startswith("- ")] == [
        "Ej registrerat: den ungas godkännande av genomförandeplanen",
        "Ej registrerat: kopia av genomförandeplanen till den unga, Socialtjänsten, Polisen",
        "Ej registrerat: att polisen informerats om att personen ingår i SIG",
    ]
    loaded = load_case(str(case))
    program = load_program("vastra-goteborg")
    gaps = plan_rule_gaps(loaded, program, plan_event(loaded), load_catalogue())
    assert [g.rule for g in gaps] == [
        "young_person_approves",
        "copy_to_each_participant",
        "police_informed",
    ]
    assert gaps[1].actors == ("young_person", "socialtjanst", "polis")
    assert (
        gaps[0].message["sv"] == "den ungas godkännande av genomförandeplanen är inte registrerat"
    )
    # a program without these rules has no gaps (Skövde)
    flow = load_case(str(FLOW))
    assert plan_rule_gaps(flow, load_program("skovde"), plan_event(flow)) == ()


def test_plan_word_and_event_names_follow_the_program() -> None:
    vg, eslov = load_program("vastra-goteborg"), load_program("eslov")
    assert (plan_word(vg, "sv"), plan_word(eslov, "sv")) == ("Genomförandeplan", "Åtgärdsplan")
    fixed = plan_event_name(EventKind.PLAN_FIXED, vg)
    assert fixed is not None
    assert (fixed["sv"], fixed["en"]) == (
        "Genomförandeplan fastställd",
        "Implementation plan fixed",
    )
    revised = plan_event_name(EventKind.PLAN_REVISED, eslov)
    assert revised is not None
    assert revised["sv"] == "Åtgärdsplan reviderad"
    assert plan_event_name(EventKind.CLOSURE, vg) is None


def test_plan_facts_belong_to_plan_events_only(tmp_path: Path) -> None:
    case = open_case(tmp_path)
    text = case.read_text("utf-8").replace(
        "decision: proceed}\n  - {event: parties",
        "decision: proceed, police_informed: 2026-03-02}\n  - {event: parties",
    )
    case.write_text(text, "utf-8")
    code, _, err = run("validate", str(case))
    assert code == 1
    assert "C711" in err


def test_a_draft_plan_document_names_the_program_rules() -> None:
    doc = ok(
        "report", str(CORPUS / "e2e" / "vastra-goteborg.yaml"), "--document", "plan",
        "--program", "vastra-goteborg", "--date", "2026-03-05", "--format", "md",
    )  # fmt: skip
    rules = doc.split("## Enligt programmet")[1].split("##", maxsplit=1)[0]
    assert "- Planen godkänns av den unga, som skriver under.\n" in rules
    assert "- Varje deltagare får en kopia av planen.\n" in rules


def test_case_status_names_the_plan_event_by_the_program(tmp_path: Path) -> None:
    case = vastra_goteborg(tmp_path)
    ok(
        "case", "add", "plan-fixed", str(case), "--author", "samordnare-1", "--date",
        "2026-03-05", "--plan", "plan-1", "--approved",
    )  # fmt: skip
    out = ok("case", "status", str(case), "--date", "2026-03-10")
    assert "Senaste händelse: Genomförandeplan fastställd 2026-03-05 (samordnare-1)" in out
    out = ok("case", "status", str(case), "--date", "2026-03-10", "--lang", "en")
    assert "Latest event: Implementation plan fixed 2026-03-05 (samordnare-1)" in out


def test_plan_facts_name_known_actors_and_possible_dates(tmp_path: Path) -> None:
    """C740: a copy to an unknown actor, with did-you-mean; C741: police informed before the
    referral — located, no plan printed. (Informed after the plan's date is fine: the plan
    event is recorded with what followed it.)"""
    case = vastra_goteborg(tmp_path)
    before = case.read_bytes()
    # issue 20: the one check refuses it when it is added, not only when it is printed
    code, _, err = run(
        "case", "add", "plan-fixed", str(case), "--author", "samordnare-1", "--date",
        "2026-03-05", "--plan", "plan-1", "--copies-to", "young_person,skol",
        "--police-informed", "2026-03-09",
    )  # fmt: skip
    assert code == 1
    assert (
        "history[7].copies_given_to[1]: okänd aktör 'skol'; menade du 'skola'? [C740]"
    ) in err  # issue 21: told in Swedish by default
    assert case.read_bytes() == before
    early = tmp_path / "early.yaml"
    early.write_text(
        vastra_goteborg(tmp_path).read_text("utf-8")
        + "  - {event: plan_fixed, date: 2026-03-05, author: samordnare-1, plan: plan-1,"
        " police_informed: 2026-01-02}\n",
        "utf-8",
    )
    code, _, err = run("report", str(early), "--document", "plan")
    assert code == 1
    line = len(early.read_text("utf-8").splitlines())
    assert err.startswith(f"{early}:{line}:")
    assert (
        "history[7].police_informed: polisen informerades (--police-informed) 2026-01-02, före "
        "aktualiseringen 2026-01-26; polisen informeras om att personen ingår i SIG, alltså "
        "inte innan ärendet började [C741]\n"
    ) in err
    code, _, err = run("--lang", "en", "report", str(early), "--document", "plan")
    assert (
        "history[7].police_informed: police_informed 2026-01-02 is before the referral on "
        "2026-01-26; the police are informed that the person is in SIG, so not before the "
        "case began [C741]\n"
    ) in err


def test_an_overdue_follow_up_says_so() -> None:
    doc = plan_md(FLOW, "--date", "2026-11-05", "--lang", "en")
    assert "Follow-up of long-term goals: 2026-11-04 (overdue)" in header(doc)
