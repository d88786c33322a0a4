"""Issue 21, done-when: for every program, a coordinator goes from referral to the long-term
follow-up with sigrbm commands and the fillable checklist only — no YAML typed by hand.

The assessments are filled in the fillable forms in a headless Chromium and saved; consents,
plan goals, decisions and participants are given as options in Swedish. Skipped where no
browser (or the playwright package) exists, like the other browser test."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from sigrbm.casework.program import bundled_programs, load_program
from sigrbm.cli import main

from .conftest import CORPUS

PARTY_SV = {"young_person": "ung", "guardian": "vardnadshavare"}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def add(case: Path, event: str, *args: str) -> str:
    code, out, err = run("case", "add", event, str(case), *args)
    assert (code, err) == (0, ""), err
    return out


def _fill_and_save(page: Any, form: Path, a: dict[str, Any], target: Path) -> Path:
    page.goto(form.as_uri())
    page.fill("#f-date", str(a["date"]))
    page.fill("#f-assessor", a["assessor"])
    for item, answer in a["answers"].items():
        if isinstance(answer, int):
            page.fill(f"#item-{item}-count", str(answer))
        else:
            page.check(f"#item-{item}-{answer}")
    j = a.get("judgement")
    if j is not None:
        level = page.locator("select[data-first]")
        level.select_option(j["level"])
        if j.get("reason"):
            page.fill(f"#{level.get_attribute('data-reason')}", j["reason"])
    with page.expect_download() as info:
        page.click("#f-save")
    info.value.save_as(target)
    return target


@pytest.fixture(scope="module")
def saved_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Per program, the two assessments filled in the fillable forms and saved."""
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        pytest.skip("no chromium on this machine")
    folder = tmp_path_factory.mktemp("forms")
    forms = {}
    for inst in ("check-irk", "check-rbmk"):
        forms[inst] = folder / f"{inst}.html"
        assert run("handout", inst, "--fillable", "--out", str(forms[inst]))[0] == 0
    saved: dict[str, list[Path]] = {}
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True)
            for program in sorted(bundled_programs()):
                source = yaml.safe_load((CORPUS / "e2e" / f"{program}.yaml").read_text("utf-8"))
                saved[program] = [
                    _fill_and_save(page, forms[a["instrument"]], a, folder / f"{program}-{k}.json")
                    for k, a in enumerate(source["assessments"])
                ]
        finally:
            browser.close()
    return saved


@pytest.mark.parametrize("program", sorted(bundled_programs()))
def test_referral_to_long_term_follow_up_without_yaml(
    program: str, saved_forms: dict[str, list[Path]], tmp_path: Path
) -> None:
    source = yaml.safe_load((CORPUS / "e2e" / f"{program}.yaml").read_text("utf-8"))
    profile = load_program(program)
    must = ",".join(dict.fromkeys(["young_person", *profile.required_participants]))
    irk, rbmk = saved_forms[program]
    case = tmp_path / "case.yaml"
    code, out, err = run(
        "case", "new", str(case), "--case-id", f"e2e-{program}", "--by", "skola",
        "--author", "samordnare-1", "--program", program,
        "--birth", source["subject"]["birth_year_month"], "--date", "2026-01-26",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "nästa steg: Identifiera målgruppen med Check: IRK" in out
    add(case, "screening", "--from", str(irk), "--author", "skola-2")
    add(case, "initial-decision", "--decision", "ga_vidare", "--date", "2026-02-04",
        "--author", "samordnare-1")  # fmt: skip
    add(case, "assessment", "--from", str(rbmk), "--author", "utredare")
    add(case, "case-decision", "--decision", "ga_vidare", "--date", "2026-03-02",
        "--author", "samordnare-1")  # fmt: skip
    add(case, "parties", "--actors", "socialtjanst,skola,polis", "--date", "2026-03-02",
        "--author", "samordnare-1")  # fmt: skip
    for c in source["consents"]:
        add(case, "consent-given", "--given-by", PARTY_SV[c["given_by"]],
            "--actors", ",".join(c["actors"]), "--information", ",".join(c["information"]),
            "--valid-until", str(c["valid_until"]), "--date", "2026-03-02",
            "--author", "samordnare-1")  # fmt: skip
    code, draft, err = run("plan", str(case), "--program", program, "--date", "2026-03-05",
                           "--format", "yaml")  # fmt: skip
    assert (code, err) == (0, "")
    ids = [e["intervention"] for e in yaml.safe_load(draft)[0]["entries"]]
    goals = [f"--goal={i}=Delmål för {i}" for i in ids]
    long_goals = [f"--long-goal={i}=Ingen ny brottslighet" for i in ids]
    out = add(case, "plan-fixed", *goals, *long_goals, "--date", "2026-03-05",
              "--author", "samordnare-1")  # fmt: skip
    assert "nästa steg: Insatser genomförs och uppföljningsmöten hålls" in out
    add(case, "follow-up", "--date", "2026-04-02", "--participants", must,
        *[f"--entry={i}=pagar/delvis" for i in ids], "--next", "2026-04-30",
        "--author", "samordnare-1")  # fmt: skip
    add(case, "follow-up", "--date", "2026-04-30", "--participants", must,
        *[f"--entry={i}=klar/uppnatt" for i in ids], "--author", "samordnare-1")  # fmt: skip
    add(case, "closure", "--closure", "mal_uppnadda", "--date", "2026-05-04", "--next",
        "2026-11-04", "--author", "samordnare-1")  # fmt: skip
    add(case, "long-term-follow-up", *[f"--outcome={i}=uppnatt" for i in ids],
        "--date", "2026-11-04", "--author", "samordnare-1")  # fmt: skip
    code, out, err = run("case", "status", str(case), "--date", "2026-11-05", "--format", "json")
    assert (code, err) == (0, "")
    state = yaml.safe_load(out)["value"]
    assert (state["status"], state["step"], state["due"]) == ("finished", None, [])
    assert not any(d["implied"] for d in state["done"]), "every step was recorded"
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert data["history"][0]["initiated_by"] == "school"
    assert {e["short_term_goal"] for e in data["plans"][0]["entries"]} == {
        f"Delmål för {i}" for i in ids
    }
    assert all(a["instrument_hash"].startswith("sha256:") for a in data["assessments"])
    code, out, err = run("score", str(case), "--latest", "--format", "json")
    assert (code, err) == (0, "")
