"""Properties of the instrument format (issue: "Property tests: from_dict(to_dict(x)) == x
for generated instruments; random YAML documents never raise anything but the library's
own error type")."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sigrbm import Instrument, InstrumentError, load_instrument_text
from sigrbm.instrument.load import check_text

from .conftest import CORPUS
from .strategies import dump, instruments, plain_trees, yaml_fragments

MINIMAL = (CORPUS / "instruments" / "valid" / "minimal.yaml").read_text(encoding="utf-8")


@given(instruments())
def test_from_dict_inverts_to_dict(inst: Instrument) -> None:
    assert Instrument.from_dict(inst.to_dict()) == inst


@given(instruments())
def test_yaml_round_trip_keeps_value_and_hash(inst: Instrument) -> None:
    text = yaml.safe_dump(inst.to_dict(), allow_unicode=True)
    again = load_instrument_text(text, "generated.yaml")
    assert again == inst
    assert again.content_hash == inst.content_hash


@given(instruments(), instruments())
def test_content_hash_tells_instruments_apart(a: Instrument, b: Instrument) -> None:
    assert (a.content_hash == b.content_hash) == (a.to_dict() == b.to_dict())


def _only_library_errors(text: str) -> None:
    inst, problems = check_text(text, "random.yaml")
    assert (inst is None) or isinstance(inst, Instrument)
    for p in problems:
        assert p.file == "random.yaml"
        assert str(p).startswith("random.yaml")
    if problems:
        with pytest.raises(InstrumentError) as info:
            load_instrument_text(text, "random.yaml")
        assert list(info.value.problems) == problems
    else:
        assert load_instrument_text(text, "random.yaml") == inst


@given(st.text(max_size=200))
def test_arbitrary_text_never_raises_a_foreign_error(text: str) -> None:
    _only_library_errors(text)


@given(yaml_fragments)
def test_yaml_fragments_never_raise_a_foreign_error(text: str) -> None:
    _only_library_errors(text)


@given(plain_trees)
def test_random_documents_never_raise_a_foreign_error(tree: Any) -> None:
    _only_library_errors(dump(tree))


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


@given(st.data(), plain_trees)
def test_mutated_instruments_fail_only_with_located_library_errors(
    data: st.DataObject, junk: Any
) -> None:
    doc = yaml.safe_load(MINIMAL)
    paths = [p for p in _paths(doc) if p]
    target = data.draw(st.sampled_from(paths))
    mutated = copy.deepcopy(doc)
    parent = mutated
    for part in target[:-1]:
        parent = parent[part]
    parent[target[-1]] = junk
    text = dump(mutated)
    _only_library_errors(text)
    _, problems = check_text(text, "m.yaml")
    assert all(p.line is not None for p in problems)
