"""Hostile inputs of the kinds round 2 added (issue 22, item 5), run as a user runs them.

Fillable-form files given to ``case add … --from`` (a FIFO, ``/dev/zero``, a huge file),
``--goal`` / ``--long-goal`` texts, Swedish option values, ``import fhir --author --date``,
``stats --round``, ``--encoding`` and ``--base-url``: each through the command line in a
subprocess with a timeout (a hang fails the test), with its exit code, its code or the
option it names, and never a traceback, an echoed personnummer or a changed case file.
The form files of the corpus itself are in ``tests/corpus/hostile/forms`` (expected.tsv).
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from sigrbm.cli import main

from .conftest import CORPUS, cli
from .test_hostile_corpus import CASE_AT_REFERRAL

PNR = "20010101-1234"
ESC = "\x1b[31m"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.fixture
def at_referral(tmp_path: Path) -> Path:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_AT_REFERRAL, encoding="utf-8")
    return case


@pytest.fixture(scope="module")
def before_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case of the eslov program with consents given, ready for ``plan-fixed``."""
    folder = tmp_path_factory.mktemp("plan")
    source = yaml.safe_load((CORPUS / "e2e" / "eslov.yaml").read_text("utf-8"))
    forms = []
    for k, a in enumerate(source["assessments"]):
        form = folder / f"a{k}.yaml"
        form.write_text(yaml.safe_dump({**a, "date": str(a["date"])}), encoding="utf-8")
        forms.append(str(form))
    case = folder / "case.yaml"
    actors = ",".join(source["consents"][0]["actors"])
    steps = [
        ["new", str(case), "--case-id", "h-1", "--by", "skola", "--author", "s1",
         "--program", "eslov", "--birth", "2010-01", "--date", "2026-01-26"],
        ["add", "screening", str(case), "--from", forms[0], "--author", "s2"],
        ["add", "initial-decision", str(case), "--decision", "ga_vidare", "--date",
         "2026-02-04", "--author", "s1"],
        ["add", "assessment", str(case), "--from", forms[1], "--author", "u"],
        ["add", "case-decision", str(case), "--decision", "ga_vidare", "--date",
         "2026-03-02", "--author", "s1"],
        ["add", "parties", str(case), "--actors", "socialtjanst,skola,polis", "--date",
         "2026-03-02", "--author", "s1"],
        *[["add", "consent-given", str(case), "--given-by", who, "--actors", actors,
           "--information", "skolgang,brottsmisstankar,halsa,socialtjanst", "--valid-until",
           "2027-03-01", "--date", "2026-03-02", "--author", "s1"]
          for who in ("ung", "vardnadshavare")],
    ]  # fmt: skip
    for step in steps:
        code, _, err = run("case", *step)
        assert code == 0, err
    return case


# --- fillable-form files: the ways in ----------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_form_file_that_is_a_fifo_is_refused_at_once(tmp_path: Path, at_referral: Path) -> None:
    fifo = tmp_path / "form.json"
    os.mkfifo(fifo)
    code, _, err = cli("case", "add", "screening", str(at_referral), "--from", str(fifo),
                       "--author", "a")  # fmt: skip
    assert code == 1
    assert err.startswith(f"{fifo}: $: ")
    assert err.splitlines()[0].endswith("[E114]")
    assert at_referral.read_text(encoding="utf-8") == CASE_AT_REFERRAL


@pytest.mark.parametrize(
    ("make", "code"),
    [("/dev/zero", "E114"), ("huge", "E101"), ("folder", "E107"), ("missing", "E107")],
)
def test_a_form_file_that_cannot_be_a_record_is_a_located_problem(
    tmp_path: Path, at_referral: Path, make: str, code: str
) -> None:
    path = tmp_path / "form.json"
    if make == "/dev/zero":
        if not os.path.exists(make):
            pytest.skip("needs /dev/zero")
        path = Path(make)
    elif make == "huge":  # 3 MB: over the 2 MiB of every document
        path.write_text('{"assessor": "' + "a" * 3_000_000 + '"}', encoding="utf-8")
    elif make == "folder":
        path.mkdir()
    argv = ["case", "add", "screening", str(at_referral), "--from", str(path), "--author", "a"]
    got, _, err = cli(*argv)
    assert got == 1
    assert err.startswith(f"{path}: $: ")
    assert err.splitlines()[0].endswith(f"[{code}]")
    assert at_referral.read_text(encoding="utf-8") == CASE_AT_REFERRAL


# --- --goal and --long-goal -----------------------------------------------------------------

GOALS_OK = ["--goal=kbt_individuell=b", "--goal=avhoppsprevention=c", "--goal=mdft=d"]


@pytest.mark.parametrize(
    ("goal", "exit_code", "said"),
    [
        (f"--goal=mi=ringa {PNR}", 2, "--goal looks like a personnummer"),
        (f"--goal={PNR}=x", 2, "--goal looks like a personnummer"),
        (f"--long-goal=mi=nytt brott {PNR}", 2, "--long-goal looks like a personnummer"),
        (f"--goal=mi=röd {ESC}text", 2, "--goal holds a control character"),
        (f"--goal=m{ESC}i=x", 2, "--goal holds a control character"),
        ("--goal=mi=a\x01b", 2, "--goal holds a control character"),
        ("--goal=mi=rad 1\nrad 2", 2, "--goal holds a control character"),
        ("--goal=mi=abc\u202edef", 2, "--goal holds a control character"),
        ("--long-goal=mi=\x07", 2, "--long-goal holds a control character"),
        ("--goal=mi=" + "a" * 100_000, 2, "--goal is longer than 2000 characters"),
        ("--goal=finns_inte=x", 1, "ingen insats finns_inte i planen; insatserna är mi, "),
        ("--goal=mi", 1, "--goal 'mi' är inte INSATS=TEXT"),
        ("--goal=mi=", 1, "--goal 'mi=' är inte INSATS=TEXT"),
        ("--goal==x", 1, "--goal '=x' är inte INSATS=TEXT"),
    ],
    ids=[
        "pnr", "pnr-entry", "pnr-long-goal", "escape", "escape-in-entry", "control",
        "line-break", "bidi-override", "bell-long-goal", "100-kB", "unknown-entry",
        "no-text", "empty-text", "empty-entry",
    ],
)  # fmt: skip
def test_a_hostile_goal_is_refused_and_the_case_file_is_unchanged(
    tmp_path: Path, before_plan: Path, goal: str, exit_code: int, said: str
) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(before_plan.read_bytes())
    code, out, err = cli("case", "add", "plan-fixed", str(case), goal, *GOALS_OK,
                         "--date", "2026-03-05", "--author", "s1")  # fmt: skip
    assert (code, out) == (exit_code, ""), err
    assert said in err
    assert len(err) < 3000, "a long value is never echoed whole"
    assert case.read_bytes() == before_plan.read_bytes()


def test_a_goal_given_twice_for_one_entry_is_refused(tmp_path: Path, before_plan: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(before_plan.read_bytes())
    code, _, err = run("case", "add", "plan-fixed", str(case), "--goal=mi=a", "--goal=mi=b",
                       *GOALS_OK, "--date", "2026-03-05", "--author", "s1")  # fmt: skip
    assert code == 1
    assert "--goal ges två gånger för insatsen 'mi'" in err
    assert case.read_bytes() == before_plan.read_bytes()


def test_a_one_megabyte_goal_is_refused_before_the_case_is_read(
    tmp_path: Path, before_plan: Path
) -> None:
    """1 MB does not fit one argument of a process (128 KiB); in process it is refused."""
    case = tmp_path / "case.yaml"
    case.write_bytes(before_plan.read_bytes())
    code, _, err = run("case", "add", "plan-fixed", str(case), "--goal=mi=" + "å" * 1_000_000,
                       "--author", "s1")  # fmt: skip
    assert code == 2
    assert "--goal is longer than 2000 characters" in err
    assert len(err) < 3000


def test_plain_goals_are_fixed(tmp_path: Path, before_plan: Path) -> None:
    """The control: the same command with plain goals adds the plan."""
    case = tmp_path / "case.yaml"
    case.write_bytes(before_plan.read_bytes())
    code, _, err = cli("case", "add", "plan-fixed", str(case), "--goal=mi=Gå till skolan",
                       *GOALS_OK, "--date", "2026-03-05", "--author", "s1")  # fmt: skip
    assert code == 0, err
    assert "short_term_goal: Gå till skolan" in case.read_text(encoding="utf-8")


# --- Swedish option values --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "initiated_by"),
    [
        ("skola", "school"),
        ("SKOLA", "school"),
        (" Vårdnadshavare ", "guardian"),
        ("vårdnadshavare", "guardian"),  # å as two code points (NFD)
        ("socialtjänst", "social_services"),
        ("Anhörig", "relative"),
        ("hälso- och sjukvård", "health_care"),
        ("Young_Person", "young_person"),
    ],
)
def test_a_swedish_value_is_read_however_it_is_typed(
    tmp_path: Path, value: str, initiated_by: str
) -> None:
    case = tmp_path / "new.yaml"
    code, _, err = cli("case", "new", str(case), "--case-id", "x-1", "--by", value,
                       "--author", "a", "--date", "2026-01-10")  # fmt: skip
    assert code == 0, err
    assert yaml.safe_load(case.read_text("utf-8"))["history"][0]["initiated_by"] == initiated_by


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--by", "skolan"),
        ("--by", ""),
        ("--by", "sko la"),
        ("--by", PNR),
        ("--by", f"{ESC}skola"),
        ("--by", "x" * 5000),
        ("--by", "school,police"),
    ],
    ids=["near-miss", "empty", "inner-space", "pnr", "escape", "5000-chars", "two"],
)
def test_a_value_that_is_no_word_is_a_usage_error(tmp_path: Path, option: str, value: str) -> None:
    case = tmp_path / "new.yaml"
    code, _, err = cli("case", "new", str(case), "--case-id", "x-1", option, value,
                       "--author", "a", "--date", "2026-01-10")  # fmt: skip
    assert code == 2
    assert f"argumentet {option}: ogiltigt värde för vem som tog initiativet" in err
    assert len(err) < 3000
    assert not case.exists()


@pytest.mark.parametrize(
    ("event", "argv", "exit_code", "said"),
    [
        ("initial-decision", ["--decision", "gå vidare"], 1, "[C7"),  # read; then the flow
        ("initial-decision", ["--decision", "gå"], 2, "argumentet --decision: ogiltigt värde"),
        ("consent-given", ["--given-by", "Vårdnadshavare", "--actors", "skola"], 1, "C7"),
        ("consent-given", ["--given-by", PNR, "--actors", "skola"], 2, "--given-by"),
        ("closure", ["--closure", "Mål uppnådda"], 1, "[C7"),
        ("closure", ["--closure", "uppnadda"], 2, "argumentet --closure: ogiltigt värde"),
        ("follow-up", ["--participants", "skola", "--entry", "mi=Pågår/Delvis"], 1, "C709"),
        ("follow-up", ["--participants", "skola", "--entry", f"mi=pagar{ESC}"], 1, "E206"),
        ("follow-up", ["--participants", "skola", "--entry", f"{PNR}=pagar"], 1, "C605"),
        ("follow-up", ["--participants", "skola", "--entry", "mi="], 2, "--entry 'mi='"),
        ("long-term-follow-up", ["--outcome", "mi=ej uppnått"], 1, "[C7"),
    ],
    ids=[
        "decision-spelled", "decision-near-miss", "given-by-spelled", "given-by-pnr",
        "closure-spelled", "closure-near-miss", "entry-spelled", "entry-escape",
        "entry-pnr", "entry-empty", "outcome-spelled",
    ],
)  # fmt: skip
def test_swedish_values_on_case_events(
    at_referral: Path, event: str, argv: list[str], exit_code: int, said: str
) -> None:
    """Spelled with å, ä, ö and capitals the value is read (the flow's guards then refuse
    the event at this step, a located C7xx); a near-miss is a usage error naming the option;
    a value the case check refuses is located; none is echoed raw."""
    code, _, err = cli("case", "add", event, str(at_referral), *argv, "--date", "2026-01-09",
                       "--author", "a")  # fmt: skip
    assert code == exit_code, err
    assert said in err
    assert "ogiltigt värde" not in err or exit_code == 2
    assert at_referral.read_text(encoding="utf-8") == CASE_AT_REFERRAL


# --- import fhir --author --date ---------------------------------------------------------


@pytest.fixture(scope="module")
def response(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A QuestionnaireResponse without author or date (so the options fill them)."""
    folder = tmp_path_factory.mktemp("fhir")
    code, out, err = run("export", "fhir", "example:case-rbmk", "--instrument", "check-rbmk")
    assert code == 0, err
    doc = json.loads(out)
    doc.pop("authored", None)
    doc.pop("author", None)
    path = folder / "qr.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("argv", "exit_code", "said"),
    [
        (["--author", PNR, "--date", "2026-01-10"], 1, "assessments[0].assessor: "),
        (["--author", "a", "--date", "200101011234"], 2, "--date '<hidden: looks like a"),
        (["--author", "a", "--date", "2026-02-30"], 2, "--date '2026-02-30'"),
        (["--author", "a", "--date", "2026W031"], 2, "--date '2026W031'"),
        (["--author", "a", "--date", "9999-12-31"], 2, "--date '9999-12-31'"),
        (["--author", "a", "--date", ""], 2, "--date ''"),
    ],
    ids=["author-pnr", "date-pnr", "no-such-day", "week-date", "year-9999", "empty-date"],
)
def test_hostile_import_options(response: Path, argv: list[str], exit_code: int, said: str) -> None:
    code, _, err = cli("import", "fhir", str(response), *argv)
    assert code == exit_code, err
    assert said in err


def test_an_escape_in_the_author_never_reaches_the_output_raw(response: Path) -> None:
    code, out, err = cli("import", "fhir", str(response), "--author", f"a{ESC}", "--date",
                         "2026-01-10")  # fmt: skip
    assert code == 0, err
    assert "\x1b" not in out  # written as the YAML escape "\e", read back as written


# --- stats --round, --encoding, --base-url --------------------------------------------------

CSV = str(CORPUS / "batch" / "valid.csv")


@pytest.mark.parametrize("value", ["0", "-1", "-5", "101", "99999999999999999999", "1e3", ""])
def test_a_rounding_base_out_of_range_is_a_usage_error(value: str) -> None:
    code, out, err = cli("stats", CSV, "--instrument", "check-irk", "--round", value)
    assert (code, out) == (2, "")
    assert "--round" in err


@pytest.mark.parametrize(
    "name",
    ["rot13", "hex", "base64", "zlib", "bz2_codec", "punycode", "idna", "unicode_escape",
     "raw_unicode_escape", "utf-7", "undefined", "", "no-such", "x" * 5000, "utf\x008"],
)  # fmt: skip
@pytest.mark.parametrize("command", ["stats", "batch"])
def test_an_encoding_that_is_no_character_set_is_a_usage_error(command: str, name: str) -> None:
    """Python's codecs include transforms (rot13, base64, zlib) and escape codecs that would
    read ``\\x1b`` as an escape character: none reads a file (before: tracebacks)."""
    if "\0" in name:  # no NUL byte can be an argument of a process
        code, out, err = run(command, CSV, "--instrument", "check-irk", "--encoding", name)
    else:
        code, out, err = cli(command, CSV, "--instrument", "check-irk", "--encoding", name)
    assert (code, out) == (2, "")
    assert "okänd teckenkodning / unknown encoding" in err
    assert len(err) < 300


@pytest.mark.parametrize("name", ["utf-16", "utf-32", "utf-16-le"])
def test_a_utf8_file_read_as_utf16_is_a_located_problem(name: str) -> None:
    code, out, err = cli("batch", CSV, "--instrument", "check-irk", "--encoding", name)
    assert (code, out) == (1, "")
    assert re.match(rf"{re.escape(CSV)}:[1-9][0-9]*:[1-9][0-9]*: \$: ", err), err  # never col 0
    assert err.splitlines()[0].endswith("[B720]")


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "not a url", "ftp://host", "https://h/" + "a" * 3000,
     f"https://h/{ESC}", "https://h/a b", "https://user:pw@h", "https://h/?q=1", "//h/x"],
)  # fmt: skip
@pytest.mark.parametrize("command", [["export", "fhir", "check-irk"], ["schema", "case"]])
def test_a_base_url_that_is_no_plain_http_url_is_a_usage_error(
    command: list[str], url: str
) -> None:
    code, out, err = cli(*command, "--base-url", url)
    assert (code, out) == (2, "")
    assert "--base-url / SIGRBM_BASE_URL: " in err
    assert len(err) < 3000
