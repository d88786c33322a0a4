"""`match` and `plan` on the command line: local data, "did you mean", the age exception, and
the consent problems of issue 12 (P801–P806), each asserted by code and location."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from sigrbm.casework.catalogue import check_catalogue_file
from sigrbm.casework.program import check_program_file
from sigrbm.cli import main
from sigrbm.instrument.load import bundled_dir

from .conftest import CORPUS

ESLOV = CORPUS / "e2e" / "eslov.yaml"
VG = CORPUS / "e2e" / "vastra-goteborg.yaml"
CATALOGUE = bundled_dir() / "catalogue"
PROGRAMS = bundled_dir() / "programs"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def edited(tmp_path: Path, source: Path, old: str, new: str, name: str | None = None) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    out = tmp_path / (name or source.name)
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


def test_request_with_a_typo_gets_did_you_mean_and_exit_1() -> None:
    code, out, err = run("match", str(ESLOV), "--request", "scared_stright")
    assert code == 1
    assert out == ""
    assert "unknown intervention 'scared_stright'; did you mean 'scared_straight'? [P806]" in err


def test_local_catalogue_folder_replaces_the_bundled_one(tmp_path: Path) -> None:
    """A municipality that does not offer school dropout programmes removes it: the local
    catalogue is used and the programme disappears from the output."""
    folder = tmp_path / "cat"
    folder.mkdir()
    shutil.copy(CATALOGUE / "actors.yaml", folder / "actors.yaml")
    text = (CATALOGUE / "interventions.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "status: recommended\n    intensity: light", "status: ineffective\n    intensity: light", 1
    )
    (folder / "interventions.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run(
        "match", str(ESLOV), "--program", "eslov", "--lang", "en", "--catalogue", str(folder)
    )
    assert code == 0
    base = run("match", str(ESLOV), "--program", "eslov", "--lang", "en")[1]
    assert "1. School dropout prevention programmes" not in out.split("Candidates")[0]
    assert "School dropout prevention programmes — responsible" in base


def test_local_catalogue_with_a_problem_is_located(tmp_path: Path) -> None:
    bad = edited(
        tmp_path,
        CATALOGUE / "interventions.yaml",
        "population: [flickor_unga_kvinnor]",
        "population: [flickor]",
    )
    code, _, err = run("match", str(ESLOV), "--catalogue", str(bad))
    assert code == 1
    assert "population[0]: unknown population 'flickor'" in err
    assert "[E301]" in err
    (p,) = check_catalogue_file(bad)
    assert p.line is not None
    assert p.path[-2:] == ("population", 0)


def test_bundled_catalogue_and_program_files_check_clean() -> None:
    """`sigrbm validate` gave 22 bogus errors on the interventions file: the library checks
    catalogue and program files as what they are."""
    assert check_catalogue_file(CATALOGUE / "interventions.yaml") == []
    assert check_catalogue_file(CATALOGUE / "actors.yaml") == []
    for f in sorted(PROGRAMS.glob("*.yaml")):
        assert check_program_file(f) == [], f


def test_actor_age_problem_is_located(tmp_path: Path) -> None:
    bad = edited(
        tmp_path, CATALOGUE / "actors.yaml", "ages: {min: 0, max: 17}", "ages: {min: 17, max: 0}"
    )
    (p,) = check_catalogue_file(bad)
    assert (p.code.value, p.path) == ("E210", ("actors", 4, "ages", "max"))


def test_program_consent_rule_cannot_be_switched_off(tmp_path: Path) -> None:
    bad = edited(
        tmp_path,
        PROGRAMS / "skovde.yaml",
        "  own_required_from: 15",
        "  own_required_from: 16\n  adult_from: 20",
    )
    got = {(p.code.value, p.path, p.line) for p in check_program_file(bad)}
    assert got == {
        ("P800", ("consent", "own_required_from"), 15),
        ("P800", ("consent", "adult_from"), 16),
    }


def test_local_program_folder_is_searched_first(tmp_path: Path) -> None:
    folder = tmp_path / "programs"
    folder.mkdir()
    edited(
        tmp_path / "programs",
        PROGRAMS / "eslov.yaml",
        "\nid: eslov\n",
        "\nid: lund\n",
        name="lund.yaml",
    )
    code, out, err = run(
        "match", str(ESLOV), "--program", "lund", "--programs", str(folder), "--format", "json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["value"]["program"] == "lund"
    code, _, err = run("match", str(ESLOV), "--program", "lunf", "--programs", str(folder))
    assert code == 1
    assert "did you mean 'lund'?" in err


def test_plan_outside_program_ages_refused_then_made_with_exception() -> None:
    """The Eslöv case (16) under Västra Göteborg (18–27): refused, then made with a reason
    that is printed on the plan."""
    code, out, err = run(
        "plan", str(ESLOV), "--program", "vastra-goteborg", "--date", "2026-03-05", "--lang", "en"
    )
    assert code == 1
    assert out == ""
    assert "plan refused [P801]: Age 16 is outside the ages of SIG in Västra Göteborg" in err
    code, out, err = run(
        "plan",
        str(ESLOV),
        "--program",
        "vastra-goteborg",
        "--date",
        "2026-03-05",
        "--lang",
        "en",
        "--age-exception",
        "Sibling in SIG",
    )
    assert code == 0, err
    assert "Exception to the programme's ages" in out
    assert "age 16 · programme 18–27 · reason: Sibling in SIG" in out


@pytest.mark.parametrize(
    ("old", "new", "code", "path"),
    [
        (
            "  information:\n  - skolgang\n  - brottsmisstankar\n  - halsa\n  - socialtjanst\n"
            "  valid_until: '2027-03-01'\n- id: samtycke-guardian",
            "  information: []\n  valid_until: '2027-03-01'\n- id: samtycke-guardian",
            "P802",
            "consents[0].information",
        ),
        (
            "  - halsa\n  - socialtjanst\n  valid_until: '2027-03-01'\n- id: samtycke-guardian",
            "  - hälsa\n  - socialtjanst\n  valid_until: '2027-03-01'\n- id: samtycke-guardian",
            "P803",
            "consents[0].information[2]",
        ),
    ],
)
def test_consent_information_problems(
    tmp_path: Path, old: str, new: str, code: str, path: str
) -> None:
    case = edited(tmp_path, ESLOV, old, new)
    rc, out, err = run("plan", str(case), "--program", "eslov", "--date", "2026-03-05")
    assert rc == 1
    assert out == ""
    assert f": {path}: " in err
    assert f"[{code}]" in err


def test_legal_basis_must_name_a_statute(tmp_path: Path) -> None:
    case = edited(
        tmp_path,
        ESLOV,
        "consents:\n",
        "legal_bases:\n- {actor: polis, statute: 'för att det behövs', "
        "date: '2026-01-01'}\nconsents:\n",
    )
    rc, _, err = run("plan", str(case), "--program", "eslov", "--date", "2026-03-05")
    assert rc == 1
    assert "legal_bases[0].statute: a legal basis must name a statute" in err
    assert "[P804]" in err


def test_instrument_replaces_only_the_instrument_with_the_same_id(tmp_path: Path) -> None:
    """The case holds a Check: IRK and a Check: RBMK; a local RBMK replaces only the RBMK
    (it failed with C606 before), and a local file no assessment names is reported."""
    local = tmp_path / "my-rbmk.yaml"
    shutil.copy(bundled_dir() / "check-rbmk.yaml", local)
    code, out, err = run("match", str(ESLOV), "--instrument", str(local))
    assert (code, err) == (0, "")
    assert "check-rbmk" in out
    other = edited(
        tmp_path,
        bundled_dir() / "check-irk.yaml",
        "\nid: check-irk\n",
        "\nid: min-irk\n",
        name="min-irk.yaml",
    )
    code, _, err = run("score", str(ESLOV), "--instrument", str(other))
    assert code == 1
    assert "--instrument är 'min-irk', men ingen bedömning anger det" in err  # issue 21
    assert "[C606]" in err
    _, _, err = run("--lang", "en", "score", str(ESLOV), "--instrument", str(other))
    assert "--instrument is 'min-irk', but no assessment names it" in err


def test_consent_age_comes_from_the_birth_month(tmp_path: Path) -> None:
    """Without subject.birth_year_month the age on the plan date is unknown for the consent
    decision (P805), even if the assessment records an age."""
    case = edited(tmp_path, ESLOV, "subject:\n  birth_year_month: 2010-01\n", "subject: {}\n")
    text = case.read_text(encoding="utf-8").replace(
        "  date: '2026-03-02'\n  assessor", "  date: '2026-03-02'\n  age: 16\n  assessor", 1
    )
    case.write_text(text, encoding="utf-8")
    code, out, err = run("plan", str(case), "--program", "eslov", "--date", "2026-03-05")
    assert code == 1
    assert out == ""
    assert "[P805]" in err
    assert "anger bara åldern 16 vid bedömningen" in err  # issue 21: Swedish by default
    _, _, err = run("--lang", "en", "plan", str(case), "--program", "eslov", "--date", "2026-03-05")
    assert "only the age 16 on the assessment" in err


EXAMPLE = bundled_dir() / "examples" / "case-rbmk.yaml"


def test_combine_alternatives_is_recorded_and_checked() -> None:
    """Issue 25: one family-therapy model per plan unless a reason is recorded
    (`--combine GROUP=REASON`); the reason is printed; an unknown group is P810 with "did you
    mean"; a value without '=' is a usage error (exit 2)."""
    code, out, err = run("match", str(EXAMPLE), "--program", "eslov", "--format", "json")
    assert (code, err) == (0, "")
    value = json.loads(out)["value"]
    models = {"mst", "fft", "mdft", "bsft", "tfco"}
    assert len(models & {c["intervention"] for c in value["selected"]}) == 1
    assert {e["intervention"] for e in value["not_taken"]} == {"fft", "mdft", "bsft"}
    code, out, err = run(
        "match", str(EXAMPLE), "--program", "eslov", "--combine", "familjebehandling=Beslut i team"
    )
    assert (code, err) == (0, "")
    assert "Alternativ som kombineras" in out
    assert "skäl: Beslut i team" in out
    code, out, err = run(
        "match", str(EXAMPLE), "--program", "eslov", "--combine", "familjebehandlin=x"
    )
    assert (code, out) == (1, "")
    assert "did you mean 'familjebehandling'? [P810]" in err
    code, out, err = run("match", str(EXAMPLE), "--program", "eslov", "--combine", "x")
    assert code == 2
    assert "--combine 'x' is not GROUP=REASON" in err


def _copy_case(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    out = tmp_path / source.name
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


PREVIOUS_PLAN = """plans:
  - id: plan-2026-03-05
    program: eslov
    kind: atgardsplan
    date: '2026-03-05'
    instrument: check-rbmk
    version: 0.1.0
    assessment_date: '2026-03-01'
    participants: [young_person, socialtjanst, polis, skola]
    entries:
      - intervention: mst
        needs: [familj]
        actor: socialtjanst
        start: '2026-03-05'
        review: '2026-04-02'
    next_follow_up: '2026-04-02'
"""


def test_plan_lists_what_the_revision_removes(tmp_path: Path) -> None:
    """Issue 25: a plan revised against the case file's latest plan lists each entry it no
    longer has, with why — here MST, which needs high risk, at moderate risk."""
    case = tmp_path / "eslov.yaml"
    case.write_text(ESLOV.read_text(encoding="utf-8") + PREVIOUS_PLAN, encoding="utf-8")
    code, out, err = run("plan", str(case), "--program", "eslov", "--date", "2026-09-01")
    assert (code, err) == (0, "")
    section = out.split("Ändrat sedan förra planen")[1].split("\n\n")[0]
    assert "Multisystemisk terapi (MST) (borttagen): Passar inte risknivån medel" in section


def test_plan_refuses_a_haninge_adult_below_high_risk(tmp_path: Path) -> None:
    """Haninge's adult unit takes high-risk cases only (haninge.se): a 22-year-old at
    moderate risk is refused with P808, and made with --age-exception."""
    case = _copy_case(tmp_path, VG, "    level: hog\n", "    level: medel\n")
    args = ("plan", str(case), "--program", "haninge", "--date", "2026-03-05", "--lang", "en")
    code, out, err = run(*args)
    assert (code, out) == (1, "")
    assert "plan refused [P808]: Social intervention groups in Haninge takes at age 22" in err
    code, out, err = run(*args, "--age-exception", "Syskon i SIG")
    assert code == 0, err
    assert "Syskon i SIG" in out


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (
            "outside_actors: [vuxenpsykiatri, beroendevard, kriminalvarden]",
            "outside_actors: [vuxenpsykiatrin, beroendevard, kriminalvarden]",
            ("outside_actors", 0),
        ),
        (
            '    actor: skola\n    ages: {min: 13, max: 20}\n    text: {sv: "Bättre',
            '    actor: skolan\n    ages: {min: 13, max: 20}\n    text: {sv: "Bättre',
            ("goal_suggestions", 0, "actor"),
        ),
    ],
)
def test_issue25_program_keys_are_checked(
    tmp_path: Path, old: str, new: str, path: tuple[object, ...]
) -> None:
    """Issue 25: outside actors and goal actors are checked like the profile's other actors
    (E301, located, "did you mean")."""
    bad = edited(tmp_path, PROGRAMS / "eslov.yaml", old, new)
    (p,) = check_program_file(bad)
    assert (p.code.value, p.path) == ("E301", path)
    assert p.line is not None
    assert "did you mean" in p.message


def test_issue25_program_risk_levels_are_checked(tmp_path: Path) -> None:
    bad = edited(tmp_path, PROGRAMS / "haninge.yaml", "risk_levels: [hog]", "risk_levels: [hög]")
    (p,) = check_program_file(bad)
    assert (p.code.value, p.path) == ("E301", ("age_ranges", 1, "risk_levels", 0))
