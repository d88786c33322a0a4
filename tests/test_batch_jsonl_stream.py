"""Issue 23: JSON Lines are streamed in chunks and most lines take the plain decoder; neither
changes a result. Chunk size does not move a problem or a row, and the plain path accepts a
line only when the strict path would accept it too, with the same object."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigrbm.batch import read_jsonl as module
from sigrbm.batch.read import read_input
from sigrbm.batch.read_jsonl import _json_object, _Shape

from .conftest import CORPUS
from .test_batch_io import IRK

INVALID = sorted((CORPUS / "batch" / "invalid").glob("*.jsonl"))
HOSTILE = sorted((CORPUS / "hostile" / "batch").glob("*.jsonl"))
GOOD = (
    '{"case_id": "a1", "date": "2026-01-10", "attributes": {"age": 15}, '
    '"answers": {"irk_kriminalitet": "ja", "irk_familj": "nej"}}'
)


def mixed(tmp_path: Path) -> Path:
    """Good lines between every invalid corpus line, a blank line and a float age."""
    lines = []
    for k, path in enumerate([*INVALID, *HOSTILE]):
        for line in path.read_text(encoding="utf-8").splitlines()[:3]:
            lines += [GOOD.replace("a1", f"g{k}-{len(lines)}"), line]
    lines += ["", GOOD.replace("a1", "f1").replace('"age": 15', '"age": 15.0')]
    out = tmp_path / "mixed.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def summary(path: Path) -> tuple[object, ...]:
    data, problems, bad = read_input(path, IRK)
    located = [(p.code.value, p.line, p.column, p.path) for p in problems]
    return located, bad, data.case_ids, data.lines, data.answers.tolist()


def test_chunk_size_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = mixed(tmp_path)
    whole = summary(path)
    assert whole[0]  # the invalid lines are reported
    assert whole[2]  # the good lines are read
    for size in (1, 2, 7):
        monkeypatch.setattr(module, "CHUNK", size)
        assert summary(path) == whole


@pytest.mark.parametrize("path", [*INVALID, *HOSTILE], ids=lambda p: p.name)
def test_the_plain_path_takes_only_what_the_strict_path_accepts(path: Path) -> None:
    shape = _Shape(IRK)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        plain = shape.plain(line)
        strict, problems = _json_object(line, number, path.name, shape.known)
        if plain is not None:
            assert (strict, problems) == (plain, [])


numbers = st.one_of(st.integers(-(10**17), 10**17), st.floats(allow_nan=False), st.booleans())
keys = st.sampled_from(["case_id", "date", "answers", "progam", "attributes", "age"])


@given(st.lists(st.tuples(keys, st.one_of(numbers, st.text(max_size=3))), max_size=6))
def test_plain_and_strict_agree_on_any_object(pairs: list[tuple[str, object]]) -> None:
    line = "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in pairs) + "}"
    shape = _Shape(IRK)
    plain = shape.plain(line)
    strict, problems = _json_object(line, 1, "x.jsonl", shape.known)
    if plain is not None:
        assert (strict, problems) == (plain, [])
    else:  # a repeated or unknown key, a fraction, or a number of more than 15 characters
        odd = [v for _, v in pairs if type(v) is float or (type(v) is int and len(str(v)) > 15)]
        assert problems or odd
