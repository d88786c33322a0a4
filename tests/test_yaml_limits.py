"""Hostile and unusual input: size, depth and alias limits, encodings, file errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigrbm import Code
from sigrbm.instrument.load import check_file, check_text
from sigrbm.reading.source import MAX_BYTES


def codes(text: str) -> list[Code]:
    return [p.code for p in check_text(text, "x.yaml")[1]]


def test_too_large_text_is_refused_before_parsing() -> None:
    assert codes("a: " + "x" * (MAX_BYTES + 1)) == [Code.TOO_LARGE]


def test_too_large_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_bytes(b"#" * (MAX_BYTES + 10))
    _, problems = check_file(f)
    assert [p.code for p in problems] == [Code.TOO_LARGE]


def test_billion_laughs_is_stopped() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for k in "bcdefghij":
        text += f"{k}: &{k} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        prev = k
    assert codes(text) == [Code.TOO_MANY_NODES]


def test_deep_nesting_is_stopped_before_the_composer_recurses() -> None:
    """Our limit (MAX_DEPTH = 40) decides below any limit a YAML library sets itself."""
    assert codes("a: " + "[" * 500 + "]" * 500) == [Code.TOO_DEEP]
    assert codes("a:\n" + "".join("  " * i + "- \n" for i in range(1, 200))) == [Code.TOO_DEEP]


def test_very_deep_nesting_is_refused_once_whoever_stops_it() -> None:
    """Issue 23: PyYAML 6.0.4's own scanner stops flow nesting at 1000 levels (E100) before our
    depth check sees level 41; which of the two refuses is the library's choice, so this asserts
    only what our code decides: one refusal, a reading code, no RecursionError."""
    found = codes("a: " + "[" * 5000 + "]" * 5000)
    assert len(found) == 1
    assert found[0] in (Code.TOO_DEEP, Code.YAML_SYNTAX)


MINIMAL = (Path(__file__).parent / "corpus" / "instruments" / "valid" / "minimal.yaml").read_text(
    encoding="utf-8"
)


def test_python_and_other_tags_are_rejected_once() -> None:
    for tag in ("!!python/object/apply:os.system ['echo hi']", "!!binary aGVsbG8=", "!custom x"):
        text = MINIMAL.replace("title: Exempelkälla", f"title: {tag}")
        _, problems = check_text(text, "x.yaml")
        assert [(p.code, p.line, p.column) for p in problems] == [(Code.YAML_SYNTAX, 11, 21)]


def test_multiple_documents_are_rejected() -> None:
    assert codes("id: a\n---\nid: b\n") == [Code.YAML_SYNTAX]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    src = Path(__file__).parent / "corpus" / "instruments" / "valid" / "minimal.yaml"
    f = tmp_path / "bom.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + src.read_bytes())
    inst, problems = check_file(f)
    assert problems == []
    assert inst is not None


def test_a_directory_is_unreadable(tmp_path: Path) -> None:
    _, problems = check_file(tmp_path)
    assert [p.code for p in problems] == [Code.UNREADABLE]


def test_json_documents_are_read_too() -> None:
    assert codes('{"id": "x"}')[0] == Code.MISSING_KEY


def test_pure_python_and_libyaml_loaders_report_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The C loader is an optimisation only: problems and positions must not change."""
    import yaml

    from sigrbm.reading import source as _yaml

    files = sorted((Path(__file__).parent / "corpus" / "instruments").rglob("*.yaml"))

    def located(f: Path) -> list[tuple[object, ...]]:
        # syntax messages come from the parser and differ in wording; places must not
        return [(p.code, p.line, p.column, p.path) for p in check_file(f)[1]]

    fast = [located(f) for f in files]
    monkeypatch.setattr(_yaml, "_LOADER", yaml.SafeLoader)
    slow = [located(f) for f in files]
    assert fast == slow
