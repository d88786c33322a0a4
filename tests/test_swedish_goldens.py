"""Issue 21, done-when: no English word reaches a Swedish user in the tests' golden outputs.

Golden outputs of the case flow (case status, minutes, the stored plan, the consent form, a
refused plan) in both languages, beside the older goldens of match, plan, report and compare
(tests/golden/) and the committed checklists (checklists/). Every Swedish golden is scanned
for English words and raw ids a Swedish reader must not see (``young_person``, ``goals_met``,
``socialtjanst`` where a label belongs, English status words).

Regenerate the flow goldens after an intended change of wording (and read the diff):

    SIGRBM_UPDATE_GOLDEN=1 python -m pytest tests/test_swedish_goldens.py -q
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from sigrbm.cli import main

from .conftest import CORPUS, ROOT

GOLDEN = ROOT / "tests" / "golden"
FLOW = str(CORPUS / "flow" / "skovde-closed.yaml")
#: name → (argv, what the golden holds: "out" or "err")
FLOW_GOLDEN: dict[str, tuple[tuple[str, ...], str]] = {
    "flow-status.LANG.txt": (("case", "status", FLOW, "--date", "2026-11-05"), "out"),
    "eslov-status.LANG.txt": (("case", "status", "example:eslov", "--date", "2026-04-03"), "out"),
    "flow-minutes.LANG.md": (("case", "minutes", FLOW, "--meeting", "1", "--format", "md"), "out"),
    "flow-plan.LANG.md": (
        ("report", FLOW, "--document", "plan", "--format", "md", "--date", "2026-04-03"),
        "out",
    ),
    "flow-consent.LANG.md": (
        ("report", FLOW, "--document", "consent", "--format", "md", "--date", "2026-03-02"),
        "out",
    ),
    "refused-plan.LANG.txt": (("plan", "example:sspf", "--date", "2026-04-05"), "err"),
}

#: Raw ids a Swedish reader must never see: a label belongs where they stand.
RAW_IDS = (
    "young_person", "guardian", "school", "police", "social_services", "goals_met",
    "consent_withdrawn", "did_not_take_part", "not_met", "follow_up_meeting",
    "long_term_follow_up", "plan_fixed", "plan_revised", "case_decision", "initial_decision",
    "parties_identified", "consent_given", "socialtjanst", "civilsamhalle", "arbetsformedlingen",
    "kriminalvarden", "beroendevard", "vuxenpsykiatri", "atgardsplan", "samtycke-young_person",
)  # fmt: skip
#: English words (whole words, any case) that have no place in Swedish text.
ENGLISH = (
    "the", "and", "of", "with", "for", "not", "has", "needs", "case", "consent", "none", "true",
    "false", "null", "unknown", "missing", "ongoing", "planned", "done", "stopped", "partly",
    "met", "proceed", "decline", "overdue", "due", "meeting", "follow-up", "young person",
    "signature", "goal", "goals", "entry", "actor", "actors", "coordinator", "date", "level",
    "score", "high", "low", "medium", "refused", "covered", "closed", "finished", "active",
    "step", "blocker", "blockers", "participants", "review", "reason", "answered",
)  # fmt: skip
_WORD = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(w) for w in sorted(RAW_IDS + ENGLISH, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)


def readable(text: str) -> str:
    """What a person reads of an output: no scripts, styles, tags, addresses, commands to
    type or citations of English sources (their titles are quoted as published)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(&lt;|<)https?://\S+?(&gt;|>)", " ", text)
    text = re.sub(r"\bsigrbm [a-z].*", " ", text)  # a command to type is not prose
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("Källor:"))


def english_in(text: str) -> list[str]:
    """The English words and raw ids in the readable part of ``text``."""
    return _WORD.findall(readable(text))


def run(argv: tuple[str, ...], lang: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--lang", lang], stdout=out, stderr=err)
    # paths differ between machines: the golden names the tree's root <ROOT>
    return code, out.getvalue(), err.getvalue().replace(str(ROOT), "<ROOT>")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", sorted(FLOW_GOLDEN))
def test_flow_golden_output(name: str, lang: str) -> None:
    argv, stream = FLOW_GOLDEN[name]
    code, out, err = run(argv, lang)
    got = out if stream == "out" else err
    assert code == (0 if stream == "out" else 1), err
    path = GOLDEN / name.replace("LANG", lang)
    if os.environ.get("SIGRBM_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def swedish_goldens() -> list[Path]:
    return sorted(GOLDEN.glob("*.sv.*")) + sorted((ROOT / "checklists").glob("*.sv.*"))


@pytest.mark.parametrize("path", swedish_goldens(), ids=lambda p: p.name)
def test_no_english_word_in_a_swedish_golden(path: Path) -> None:
    assert english_in(path.read_text(encoding="utf-8")) == []


def test_every_flow_golden_is_scanned() -> None:
    names = {p.name for p in swedish_goldens()}
    assert {n.replace("LANG", "sv") for n in FLOW_GOLDEN} <= names
    assert len(names) >= 20


def test_the_scan_can_fail() -> None:
    """Lines as older versions wrote them are caught; Swedish text and cited titles are not."""
    assert english_in("  - samtycke-young_person given by guardian\n") == [
        "samtycke-young_person",
        "guardian",
    ]
    assert english_in("Läge: closed (goals_met)") == ["closed", "goals_met"]
    assert english_in("Socialtjänsten: omfattas av samtycke från socialtjanst") == ["socialtjanst"]
    assert english_in("<p>Källor: [s16] table of the central eight</p>") == []
    assert english_in('<script>const x = {"case": null};</script>Ärende') == []
    assert english_in("Registreras: sigrbm case add plan-fixed CASE") == []
    assert english_in("Kortsiktigt mål: delvis uppnått · status: pågår") == []
    # the English goldens are full of them: the scan sees English when it is there
    assert english_in((GOLDEN / "flow-status.en.txt").read_text(encoding="utf-8"))
