"""Issue 25, round 2: a reason to combine alternatives is part of the record.

Socialstyrelsen 2021 recommends structured family treatment — one model (``familjebehandling``:
MST, FFT, MDFT, BSFT, TFCO); a plan takes more than one only with a recorded reason. Round 1
took the reason from the command line only (``--combine``), so a fixed plan lost it: the
printed stored plan did not say why it holds two models, and the next revision dropped the
second model. Now the plan carries ``combined: [{group, reason}]``, the case file stores it,
later runs keep it, and the one check of a case file checks it (P810 unknown group with
"did you mean", P840 an empty reason, a group twice, or two of a group with no reason).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from sigrbm.casework.case_check import check_case
from sigrbm.cli import main
from sigrbm.instrument.load import bundled_dir

EXAMPLE = bundled_dir() / "examples" / "case-rbmk.yaml"
REASON = "Två behov i familjen"
MODELS = {"mst", "fft", "mdft", "bsft", "tfco"}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _plan_yaml(*extra: str) -> str:
    code, out, err = run(
        "plan", str(EXAMPLE), "--program", "eslov", "--date", "2026-03-05",
        "--format", "yaml", *extra,
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    return out


def _case_with(tmp_path: Path, plan_text: str) -> Path:
    """The example case with the plan ``plan --format yaml`` printed stored under plans:."""
    case = tmp_path / "case.yaml"
    body = EXAMPLE.read_text(encoding="utf-8")
    items = "".join(line + "\n" for line in plan_text.splitlines() if not line.startswith("#"))
    case.write_text(body + "plans:\n" + items, encoding="utf-8")
    return case


def _stored(plan_text: str) -> dict[str, object]:
    (p,) = yaml.safe_load(plan_text)
    assert isinstance(p, dict)
    return p


def test_the_plan_records_the_reason() -> None:
    """`plan --combine G=R --format yaml|json` puts the reason on the plan itself (what
    `case add plan-fixed --from` stores); without --combine nothing is recorded."""
    p = _stored(_plan_yaml("--combine", f"familjebehandling={REASON}"))
    assert p["combined"] == [{"group": "familjebehandling", "reason": REASON}]
    entries = p["entries"]
    assert isinstance(entries, list)
    assert len(MODELS & {e["intervention"] for e in entries}) >= 2
    assert "combined" not in _stored(_plan_yaml())
    code, out, _ = run(
        "plan", str(EXAMPLE), "--program", "eslov", "--date", "2026-03-05", "--format",
        "json", "--combine", f"familjebehandling={REASON}",
    )  # fmt: skip
    assert code == 0
    value = json.loads(out)["value"]
    assert value["plan"]["combined"] == [{"group": "familjebehandling", "reason": REASON}]
    assert "combined" not in value  # the plan's own, not a copy beside it


def test_a_stored_reason_is_printed_and_kept_by_a_revision(tmp_path: Path) -> None:
    """The stored plan passes the one check; `report --document plan` prints its reason; a
    later `plan` (a revision, no --combine) keeps both models and the reason."""
    combined = _plan_yaml("--combine", f"familjebehandling={REASON}")
    case = _case_with(tmp_path, combined)
    assert check_case(case, program="eslov").problems == ()
    code, out, err = run(
        "report", str(case), "--document", "plan", "--program", "eslov", "--format", "md",
        "--date", "2026-03-10",
    )  # fmt: skip
    assert (code, err) == (0, "")
    section = out.split("## Alternativ som kombineras")[1].split("##")[0]
    assert f"Strukturerad familjebehandling – en modell åt gången: skäl: {REASON}" in section
    # --combine cannot change a stored plan: refused, with the way to record a reason
    code, out, err = run(
        "report", str(case), "--document", "plan", "--program", "eslov", "--format", "md",
        "--date", "2026-03-10", "--combine", "familjebehandling=annat",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert "case add plan-revised --combine GRUPP=SKÄL" in err
    assert "annat" not in err
    code, out, err = run(
        "plan", str(case), "--program", "eslov", "--date", "2026-09-01", "--format", "yaml"
    )
    assert (code, err) == (0, "")
    revised = _stored(out)
    assert revised["combined"] == [{"group": "familjebehandling", "reason": REASON}]
    before = {e["intervention"] for e in _stored(combined)["entries"]} & MODELS  # type: ignore[attr-defined]
    after = {e["intervention"] for e in revised["entries"]} & MODELS  # type: ignore[attr-defined]
    assert after == before
    # match reads the plan in force too
    code, out, err = run("match", str(case), "--program", "eslov", "--format", "json")
    assert (code, err) == (0, "")
    value = json.loads(out)["value"]
    assert [(c["group"], c["reason"]) for c in value["combined"]] == [("familjebehandling", REASON)]
    # without the stored reason, the same revision takes one model again
    plain = _case_with(tmp_path, _plan_yaml())
    code, out, _ = run(
        "plan", str(plain), "--program", "eslov", "--date", "2026-09-01", "--format", "yaml"
    )
    assert len({e["intervention"] for e in _stored(out)["entries"]} & MODELS) == 1  # type: ignore[attr-defined]


def test_report_takes_combine_for_a_drafted_plan() -> None:
    """`report --document plan --combine G=R` drafts the plan with the reason and prints it;
    an unknown group is P810 with "did you mean"; a value without '=' exits 2."""
    base = ("report", str(EXAMPLE), "--document", "plan", "--program", "eslov", "--format", "md")
    code, out, err = run(*base, "--date", "2026-03-05")
    assert (code, err) == (0, "")
    assert "Alternativ som kombineras" not in out
    code, out, err = run(*base, "--date", "2026-03-05", "--combine", f"familjebehandling={REASON}")
    assert (code, err) == (0, "")
    assert "## Alternativ som kombineras" in out
    code, out, err = run(*base, "--combine", "familjebehandlin=x")
    assert (code, out) == (1, "")
    assert "did you mean 'familjebehandling'? [P810]" in err
    code, _, err = run(*base, "--combine", "x")
    assert code == 2
    assert "--combine 'x' is not GROUP=REASON" in err


@pytest.mark.parametrize(
    ("old", "new", "code", "path", "words"),
    [
        (
            "  - group: familjebehandling\n",
            "  - group: familjebehandlin\n",
            "P810",
            ("plans", 0, "combined", 0, "group"),
            "did you mean 'familjebehandling'?",
        ),
        (
            f"    reason: {REASON}\n",
            "    reason: '  '\n",
            "P840",
            ("plans", 0, "combined", 0, "reason"),
            "the reason to combine is empty",
        ),
        (
            f"    reason: {REASON}\n",
            f"    reason: {REASON}\n  - group: familjebehandling\n    reason: igen\n",
            "P840",
            ("plans", 0, "combined", 1, "group"),
            "recorded twice",
        ),
    ],
)
def test_the_one_check_checks_a_stored_reason(  # noqa: PLR0917 -- parametrized
    tmp_path: Path, old: str, new: str, code: str, path: tuple[object, ...], words: str
) -> None:
    """Each problem is located at the stored plan's key, on every path (`validate` too),
    and never quotes the reason."""
    text = _plan_yaml("--combine", f"familjebehandling={REASON}")
    assert text.count(old) == 1
    case = _case_with(tmp_path, text.replace(old, new))
    (p,) = check_case(case, program="eslov").problems
    assert (p.code.value, p.path) == (code, path)
    assert words in p.message
    assert REASON not in p.message
    rc, _, err = run("validate", str(case))
    assert rc == 1
    assert f"[{code}]" in err


def test_two_models_without_a_recorded_reason_are_a_located_problem(tmp_path: Path) -> None:
    """A stored plan with two family-therapy models and no `combined` (an edited file) is
    P840, located at each later model's entry, naming the one taken first."""
    text = _plan_yaml("--combine", f"familjebehandling={REASON}")
    cut = text.index("  combined:\n")
    case = _case_with(tmp_path, text[:cut])
    p_entries = _stored(text[:cut])["entries"]
    assert isinstance(p_entries, list)
    names = [e["intervention"] for e in p_entries]
    models = [i for i, n in enumerate(names) if n in MODELS]
    found = check_case(case, program="eslov").problems
    assert [(p.code.value, p.path) for p in found] == [
        ("P840", ("plans", 0, "entries", i, "intervention")) for i in models[1:]
    ]
    assert f"'{names[models[0]]}' and '{names[models[1]]}' are alternatives" in found[0].message


FLOW = Path(__file__).parent / "corpus" / "flow" / "skovde-closed.yaml"
TWO_MODELS = """\
      - {intervention: mst, actor: socialtjanst, short_term_goal: Mål, start: 2026-03-05, review: 2026-04-02}
      - {intervention: fft, actor: socialtjanst, short_term_goal: Mål, start: 2026-03-05, review: 2026-04-02}
    next_follow_up: 2026-04-02
"""  # noqa: E501


def test_a_revision_records_the_missing_reason(tmp_path: Path) -> None:
    """The plan in force holds MST and FFT with no reason (P840 at FFT's entry); `case add
    plan-revised --combine G=R` records the reason on the revision, which is then in force:
    the file is valid again (the earlier plan is history, not re-judged). --combine with
    --plan (a plan already in the file) is refused."""
    lines = FLOW.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(lines[:64]).replace("    next_follow_up: 2026-04-02\n", TWO_MODELS, 1)
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    found = check_case(case).problems
    assert [(p.code.value, p.path) for p in found] == [
        ("P840", ("plans", 0, "entries", 3, "intervention"))
    ]
    add = ("case", "add", "plan-revised", str(case), "--date", "2026-04-10")
    code, _, err = run(*add, "--author", "samordnare-1", "--plan", "plan-1", "--combine", "a=b")
    assert code == 1
    assert "--combine gäller en ny plan" in err
    code, _, err = run(*add, "--author", "samordnare-1", "--combine", f"familjebehandling={REASON}")
    assert (code, err) == (0, "")
    assert check_case(case).problems == ()
    (revision,) = yaml.safe_load(case.read_text(encoding="utf-8"))["plans"][1:]
    assert revision["combined"] == [{"group": "familjebehandling", "reason": REASON}]
