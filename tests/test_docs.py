"""The documentation stays true: the worked example is valid, its error output is real,
and every key and code is documented."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from sigrbm.errors import Code
from sigrbm.instrument import model
from sigrbm.instrument.load import check_text
from sigrbm.reading.structure import key_of

from .conftest import ROOT

FORMAT_DOC = (ROOT / "docs" / "instrument-format.md").read_text(encoding="utf-8")
ERRORS_DOC = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")


def _worked_example() -> str:
    section = FORMAT_DOC.split("## Worked example", 1)[1]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)[0]


def test_worked_example_is_valid() -> None:
    inst, problems = check_text(_worked_example(), "minimal.yaml")
    assert problems == []
    assert inst is not None


def test_worked_example_error_output_is_what_the_validator_prints() -> None:
    text = _worked_example().replace("    domain: historik\n", "    domain: histork\n")
    text = text.replace("      - {level: hog, min: 6}\n", "      - {level: hog, min: 7}\n")
    _, problems = check_text(text, "minimal.yaml")
    section = FORMAT_DOC.split("## Worked example", 1)[1]
    shown = re.findall(r"```\n(minimal\.yaml.*?)```", section, re.S)[0].strip().splitlines()
    assert [str(p) for p in problems] == shown


def test_every_key_is_documented() -> None:
    classes = [c for c in vars(model).values() if isinstance(c, type) and attrs.has(c)]
    for cls in classes:
        if cls is model.Text:
            continue
        for f in attrs.fields(cls):
            assert f"`{key_of(f)}`" in FORMAT_DOC, f"{cls.__name__}.{key_of(f)}"


def test_every_enum_value_is_documented() -> None:
    for enum_cls in (
        model.Role,
        model.DomainKind,
        model.ScaleKind,
        model.ScoreKind,
        model.MissingMethod,
        model.JudgementPolicy,
        model.Basis,
        model.AttributeType,
    ):
        for member in enum_cls:
            assert f"`{member.value}`" in FORMAT_DOC, member


def test_every_code_is_in_the_error_catalogue() -> None:
    for code in Code:
        assert f"| {code.value} |" in ERRORS_DOC, code


def test_api_example_runs_and_prints_what_its_comments_say(
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", doc, re.S)[0]
    exec(compile(code, "docs/api.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    promised = [m.group(1).strip() for m in re.finditer(r"print\(.*\)[ \t]+# (.*)", code)]
    assert promised
    for line in promised:
        assert line in printed


def test_api_import_paths_matching_and_batch_examples_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # the examples run from anywhere after an install
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    assert len(blocks) == 7  # issue 20: the case flow from referral to closure
    namespace: dict[str, object] = {}  # later sections build on the complete example
    for code in blocks:
        exec(compile(code, "docs/api.md", "exec"), namespace)
