"""Golden Swedish and English outputs of `match` and `plan` (issue 12: "contain no raw id of a
level, area, actor, status or rating").

Regenerate after an intended change of wording (and read the diff):

    sigrbm match tests/corpus/e2e/eslov.yaml --program eslov --lang LANG \
        > tests/golden/match.LANG.txt
    sigrbm plan tests/corpus/e2e/vastra-goteborg.yaml --program vastra-goteborg \
        --date 2026-03-05 --lang LANG > tests/golden/plan.LANG.txt
"""

from __future__ import annotations

import io
import re

import pytest

from sigrbm.casework.recommendation import ACTION_LABELS, ORDER_LABELS, STATUS_LABELS
from sigrbm.cli import main

from .conftest import CORPUS, ROOT
from .planning_helpers import CATALOGUE, RBMK

GOLDEN = ROOT / "tests" / "golden"
COMMANDS = {
    "match": ("match", str(CORPUS / "e2e" / "eslov.yaml"), "--program", "eslov"),
    "plan": (
        "plan",
        str(CORPUS / "e2e" / "vastra-goteborg.yaml"),
        "--program",
        "vastra-goteborg",
        "--date",
        "2026-03-05",
    ),
}


def run(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(list(argv), stdout=out, stderr=err) == 0, err.getvalue()
    return out.getvalue()


def raw_ids(lang: str) -> set[str]:
    """Ids that are not words of their label in ``lang``: seeing one means a missing label."""
    pairs = [(d.id, d.label) for d in CATALOGUE.interventions.domains]
    pairs += [(a.id, a.name) for a in CATALOGUE.actors.actors]
    pairs += [(lv.id, lv.label) for ls in RBMK.level_sets for lv in ls.levels]
    pairs += [(s.value, label) for s, label in STATUS_LABELS.items()]
    pairs += [(a.value, label) for a, label in ACTION_LABELS.items()]
    pairs += [(o, label) for o, label in ORDER_LABELS.items()]
    pairs += [(s, None) for s in ("planned", "ongoing", "stopped")] if lang == "sv" else []
    # an id that is a word of its own label ("attityder" in "Attityder och tankesätt",
    # "need" in "need-focused") is a word of the text, not a leaked id
    return {i for i, label in pairs if label is None or i.lower() not in label[lang].lower()}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_golden_output(command: str, lang: str) -> None:
    got = run(*COMMANDS[command], "--lang", lang)
    assert got == (GOLDEN / f"{command}.{lang}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_raw_ids_in_output(command: str, lang: str) -> None:
    got = run(*COMMANDS[command], "--lang", lang)
    for raw in sorted(raw_ids(lang)):
        hits = re.findall(rf"(?<![\w-]){re.escape(raw)}(?![\w-])", got)
        assert not hits, (raw, lang)
    assert "[recommended]" not in got
    assert "(first)" not in got


def test_raw_id_check_can_fail() -> None:
    """The check sees raw ids: an old-style line would be caught."""
    ids = raw_ids("sv")
    assert {"hog", "skola_arbete", "socialtjanst", "recommended", "first", "planned"} <= ids
