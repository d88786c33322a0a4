"""E609 (issue 13, round 3): an id equal to a column name the batch files make is refused
at the id, with the generated column named; the list of generated names is the one the
batch reader and writer use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sigrbm import load_instrument
from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.input import FIXED_COLUMNS, further_columns
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read import read_input
from sigrbm.batch.write import result_columns
from sigrbm.errors import InstrumentError, render_path
from sigrbm.instrument.check_columns import FIXED_INPUT, generated_columns
from sigrbm.instrument.load import load_instrument_text

from .conftest import CORPUS, ROOT

JUDGED = CORPUS / "instruments" / "valid" / "several-judgements.yaml"
SOURCE = JUDGED.read_text(encoding="utf-8")
ITEM_A = "  - {id: a, domain: d,"


def _problems(text: str) -> list[tuple[str, int | None, int | None, str, str]]:
    with pytest.raises(InstrumentError) as info:
        load_instrument_text(text, "x.yaml")
    return [
        (p.code.value, p.line, p.column, render_path(p.path), p.message)
        for p in info.value.problems
    ]


def _line_col(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``text``."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _renamed_item(new_id: str) -> str:
    """several-judgements with item ``a`` renamed (and every reference to it)."""
    text = SOURCE.replace(ITEM_A, "  - {id: " + new_id + ", domain: d,")
    return text.replace("items: [a, b]", f"items: [{new_id}, b]").replace(
        "items: [a]", f"items: [{new_id}]"
    )


@pytest.mark.parametrize(
    ("new_id", "column", "what"),
    [
        ("andra_judgement_reason", "andra_judgement_reason", "judged score 'andra'"),
        ("andra_final", "andra_final", "judged score 'andra'"),
        ("poang_raw_high", "poang_raw_high", "score 'poang'"),
        ("d_level", "d_level", "domain 'd'"),
        ("andra_low", "andra_low", "score 'andra'"),
    ],
)
def test_an_item_named_like_a_generated_column_is_refused_at_its_id(
    new_id: str, column: str, what: str
) -> None:
    text = _renamed_item(new_id)
    line, col = _line_col(text, new_id)
    assert _problems(text) == [
        (
            "E609",
            line,
            col,
            "items[0].id",
            f"'{column}' is the batch column made from {what}, so a batch file would be "
            "ambiguous; rename it",
        )
    ]


@pytest.mark.parametrize("fixed", ["date", "judgement_author", "content_hash", "overall_final"])
def test_an_item_named_like_a_fixed_column_is_refused(fixed: str) -> None:
    text = _renamed_item(fixed)
    (problem,) = _problems(text)
    assert problem[:4] == ("E609", *_line_col(text, fixed + ", domain"), "items[0].id")
    assert problem[4].startswith(f"'{fixed}' is a column of ")


def test_an_attribute_or_parameter_named_like_a_column_is_refused() -> None:
    text = SOURCE.replace("{id: kon, label:", "{id: poang_level, label:").replace(
        "{attribute: kon,", "{attribute: poang_level,"
    )
    text = text.replace(
        "level_sets:\n",
        "parameters:\n  - {id: andra_computed, label: {sv: P, en: P}, values: [x], default: x}\n"
        "level_sets:\n",
    )
    got = [(c, line, col, path) for c, line, col, path, _ in _problems(text)]
    assert got == [
        ("E609", *_line_col(text, "poang_level, label"), "attributes[1].id"),
        ("E609", *_line_col(text, "andra_computed"), "parameters[0].id"),
    ]


def test_an_item_with_an_attribute_id_is_refused() -> None:
    text = _renamed_item("kon")
    (problem,) = _problems(text)
    assert problem == (
        "E609",
        *_line_col(text, "kon, domain"),
        "items[0].id",
        "'kon' is also the batch column of attribute 'kon', so a batch file would be "
        "ambiguous; rename it",
    )


def test_two_ids_that_make_the_same_column_are_refused_at_the_second() -> None:
    """Score 'poang' (with a lookup) makes poang_raw_low; a score 'poang_raw' makes
    poang_raw_low too."""
    text = SOURCE.replace(
        "  - {id: andra, label:",
        "  - {id: poang_raw, label: {sv: R, en: R}, kind: other, items: [b]}\n"
        "  - {id: andra, label:",
    )
    line, col = _line_col(text, "poang_raw,")
    assert _problems(text) == [
        (
            "E609",
            line,
            col,
            "scores[1].id",
            "'poang_raw_low' is the batch column made from score 'poang', so a batch file "
            "would be ambiguous; rename this id",
        )
    ]


def test_the_age_attribute_is_the_age_column_and_every_shipped_instrument_is_valid() -> None:
    """'age' is a fixed input column, and the attribute 'age' is read from it: no clash."""
    paths = [
        *sorted((ROOT / "instruments").glob("*.yaml")),
        *sorted((CORPUS / "instruments" / "valid").glob("*.yaml")),
    ]
    assert len(paths) >= 6
    loaded = [load_instrument(p) for p in paths]  # raises on any problem
    judged = next(i for i in loaded if i.id == "test-judged")
    assert "age" in {a.id for a in judged.attributes}
    assert "age" in {g.name for g in generated_columns(judged)}


def test_fixed_input_columns_are_the_batch_readers() -> None:
    assert FIXED_INPUT == FIXED_COLUMNS


@pytest.mark.parametrize(
    "name", ["several-judgements.yaml", "edition2.yaml", "features.yaml", "minimal.yaml"]
)
def test_generated_names_cover_every_column_the_batch_makes(name: str, tmp_path: Path) -> None:
    """Every output column that is not a fixed input one, and every further-judgement input
    column, is in generated_columns — so E609 sees what the batch files really hold."""
    inst = load_instrument(CORPUS / "instruments" / "valid" / name)
    compiled = compile_instrument(inst)
    csv = tmp_path / "b.csv"
    csv.write_text("case_id,date\nr1,2026-01-10\n", encoding="utf-8")
    data, _, _ = read_input(csv, compiled)
    result = score_batch(compiled, data.answers, data.attributes)
    written = set(result_columns(data, result).names)
    assert "case_id" in written
    made = {g.name for g in generated_columns(inst)}
    assert written <= made
    assert set(further_columns(inst)) <= made
    assert all(re.fullmatch(r"[a-z0-9_-]+", n) for n in made)
