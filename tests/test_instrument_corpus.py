"""The instrument corpus: every invalid file breaks one rule at one known place.

Each file under ``corpus/instruments/invalid`` starts with a line
``# CODE at LINE:COL PATH — rule``; the validator must report exactly that one
problem (issue: "a corpus ... of at least 40 invalid instrument files, one per rule,
each with its expected code and line:col"). Files under ``valid`` load cleanly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sigrbm import InstrumentError, load_instrument
from sigrbm.errors import Code, render_path
from sigrbm.instrument.load import check_file

from .conftest import CORPUS, ROOT

INVALID = sorted((CORPUS / "instruments" / "invalid").glob("*.yaml"))
VALID = sorted((CORPUS / "instruments" / "valid").glob("*.yaml"))
BUNDLED = sorted((ROOT / "instruments").glob("*.yaml"))
HEADER = re.compile(r"^# ([EC]\d{3}) at (\d+):(\d+) (\S+) — (.+)$")


def expectation(path: Path) -> tuple[str, int, int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    m = HEADER.match(first)
    assert m, f"{path.name}: first line must be '# CODE at LINE:COL PATH — rule'"
    return m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)


def test_corpus_is_large_and_covers_many_codes() -> None:
    assert len(INVALID) >= 40
    codes = {expectation(p)[0] for p in INVALID}
    assert len(codes) >= 35


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_reports_exactly_the_expected_problem(path: Path) -> None:
    code, line, col, where = expectation(path)
    _, problems = check_file(path)
    got = [(p.code.value, p.line, p.column, render_path(p.path)) for p in problems]
    assert got == [(code, line, col, where)]
    assert str(problems[0]).startswith(f"{path}:{line}:{col}: {where}: ")
    assert str(problems[0]).endswith(f"[{code}]")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_loader_raises_one_error_with_the_problem(path: Path) -> None:
    code, line, _, _ = expectation(path)
    with pytest.raises(InstrumentError) as info:
        load_instrument(path)
    assert [p.code for p in info.value.problems] == [Code(code)]
    assert info.value.problems[0].line == line


@pytest.mark.parametrize("path", VALID + BUNDLED, ids=lambda p: p.stem)
def test_valid_file_has_no_problem(path: Path) -> None:
    inst, problems = check_file(path)
    assert problems == []
    assert inst is not None
    assert inst.content_hash.startswith("sha256:")


def test_all_problems_in_a_file_are_reported_together(tmp_path: Path) -> None:
    text = (CORPUS / "instruments" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1.0.0"', "version: 1.10")
    text = text.replace("    scale: njd\n    weight: 2", "    scale: njdd\n    wieght: 2")
    text = text.replace("{sv: Kriminella vänner, en: Criminal friends}", "{sv: Kriminella vänner}")
    text = text.replace("      - {level: hog, min: 6}", "      - {level: hog, min: 7}")
    f = tmp_path / "many.yaml"
    f.write_text(text, encoding="utf-8")
    _, problems = check_file(f)
    assert [(p.code, p.line) for p in problems] == [
        (Code.YAML_NUMBER_TRAP, 3),
        (Code.MISSING_TRANSLATION, 43),
        (Code.UNKNOWN_REFERENCE, 49),
        (Code.UNKNOWN_KEY, 50),
        (Code.BAND_GAP, 65),
    ]


def test_a_broken_element_does_not_cascade_into_unknown_references(tmp_path: Path) -> None:
    """A scale that cannot be read is reported once, not again by every item using it."""
    text = (CORPUS / "instruments" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace('en: "No"}}', "en: No}}")
    f = tmp_path / "cascade.yaml"
    f.write_text(text, encoding="utf-8")
    _, problems = check_file(f)
    assert [p.code for p in problems] == [Code.YAML_BOOLEAN_TRAP]


FEATURES_B = (
    "  - {id: b, domain: d, role: dynamic_risk, scale: jn, text: {sv: B}, "
    "provenance: {basis: local}}"
)


@pytest.mark.parametrize(
    "replace",
    [
        {},  # the lookup's rows: a range without b would leave the top row unreachable (E403)
        {"items: [a, b], lookup": "items: [b], lookup"},  # a score of b alone: no E410
    ],
)
def test_an_item_left_out_causes_no_follow_on_problems(
    tmp_path: Path, replace: dict[str, str]
) -> None:
    """Issue 24: after a misspelt key drops item b, the checker reports the key (and the
    required key it stood for) and nothing that follows only from b being gone."""
    text = (CORPUS / "instruments" / "valid" / "features.yaml").read_text(encoding="utf-8")
    assert FEATURES_B in text
    text = text.replace(FEATURES_B, FEATURES_B.replace("text:", "txt:"))
    for old, new in replace.items():
        text = text.replace(old, new)
    f = tmp_path / "dropped.yaml"
    f.write_text(text, encoding="utf-8")
    _, problems = check_file(f)
    assert [(p.code, p.line) for p in problems] == [
        (Code.MISSING_KEY, 34),
        (Code.UNKNOWN_KEY, 34),
    ]
