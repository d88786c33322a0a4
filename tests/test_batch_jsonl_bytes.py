"""Issue 23: JSON Lines read by numpy on the bytes give exactly what the JSON decoder gives.

The byte reader (:mod:`sigrbm.batch.read_jsonl_bytes`) reads the lines it can prove plain and
leaves every other line to the decoder. These tests read the same file both ways and compare
every field of every row and every problem, on hypothesis-made lines (valid and broken JSON,
escapes, literals, nesting, white space, line ends, repeated and unknown keys) and on the
corpus; and they check that plain lines really are read by numpy, so the comparison is not
empty."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigrbm.batch import jsonl_gaps as gaps
from sigrbm.batch import read_jsonl as module
from sigrbm.batch import read_jsonl_bytes as pieces
from sigrbm.batch.compile import Compiled, compile_instrument
from sigrbm.batch.read_jsonl import read_jsonl
from sigrbm.instrument.load import load_instrument

from .conftest import CORPUS

IRK = compile_instrument(load_instrument("check-irk"))
RBMK = compile_instrument(load_instrument("check-rbmk"))
CORPUS_FILES = sorted(
    [
        *(CORPUS / "batch" / "invalid").glob("*.jsonl"),
        *(CORPUS / "hostile" / "batch").glob("*.jsonl"),
    ]
)


def both(path: Path, compiled: Compiled, *, small: bool = False) -> tuple[Any, Any]:
    """What the byte reader and the decoder alone read from ``path`` (``small``: in blocks
    of about 512 bytes parsed in pieces of about 64, joined again, with the commonest gaps
    chosen at once, so that later pieces find them first, and at most 12 gaps kept)."""
    with contextlib.ExitStack() as patches:
        if small:
            patches.enter_context(mock.patch.object(module, "BLOCK_BYTES", 512))
            patches.enter_context(mock.patch.object(pieces, "PIECE_BYTES", 64))
            patches.enter_context(mock.patch.object(gaps, "HEAT_AFTER", 1))
            patches.enter_context(mock.patch.object(gaps, "MAX_GAPS", 12))
        fast = summary(*read_jsonl(path, compiled))
    return fast, summary(*read_jsonl(path, compiled, by_bytes=False))


def summary(data: Any, problems: Any, bad: int) -> tuple[Any, ...]:
    located = [(p.code.value, p.line, p.column, p.path, p.message, p.file) for p in problems]
    further = {k: vars(v) for k, v in data.further.items()}
    attributes = {k: [repr(x) for x in v.tolist()] for k, v in data.attributes.items()}  # nan
    return (
        located,
        bad,
        data.case_ids,
        data.dates,
        data.answers.tolist(),
        attributes,
        data.judgements,
        data.programs,
        data.lines,
        data.reasons,
        data.authors,
        data.judged_on,
        further,
    )


# pieces of lines: JSON and near-JSON, chosen to meet every rule of the byte reader
KEYS = [
    "case_id", "date", "age", "birth_year_month", "program", "judgement", "judgement_reason",
    "judgement_author", "judgement_date", "answers", "attributes", "judgements",
    "irk_kriminalitet", "irk_familj", "rbmk_krim_antal", "rbmk_krim_debut", "progam", "",
    "a:b", "ålder", "case_id ", "rbmk_skydd_sjalvkontroll_extra_long_key",
]  # fmt: skip
TEXTS = [
    "ja", "nej", "vet_ej", "", " ja ", "a,b", "a: b", "{", "}", "[1]", '\\"', "\\n", "\\u00e5",
    "å", "\t", "x\ry", "c-1", "2026-01-10", "2026-01-10 ", "15", "medel", "hög", "eslov",
    "true", "null", "2010-05", "see: the file, p. 2",
]  # fmt: skip
LITERALS = [
    "0", "-0", "12", "15", "007", "1.5", "1e3", "-5", "10000000000000000", "999999999999999",
    "true", "false", "null", "tru", "nul", "+1", "--1", "1 2", "NaN",
]  # fmt: skip
SPACES = st.sampled_from(["", "", "", " ", "  ", "\t"])


@st.composite
def value(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 5 if depth < 2 else 3))
    if kind <= 1:
        return '"' + draw(st.sampled_from(TEXTS)) + '"'
    if kind == 2:
        return draw(st.sampled_from(LITERALS))
    if kind == 3:
        return draw(st.sampled_from(["[]", '["ja"]', "{}", '"unterminated', "", "ja"]))
    return draw(obj(depth + 1))


@st.composite
def obj(draw: st.DrawFn, depth: int = 0) -> str:
    pairs = draw(st.lists(st.tuples(st.sampled_from(KEYS), value(depth)), max_size=6))
    sp = draw(SPACES)
    inner = (sp + "," + sp).join(f'"{k}"{draw(SPACES)}:{draw(SPACES)}{v}' for k, v in pairs)
    text = "{" + sp + inner + sp + "}"
    breakage = draw(st.integers(0, 12))
    if breakage == 0:
        text = text[:-1]  # a brace short
    elif breakage == 1:
        text += "}"  # a brace too many
    elif breakage == 2:
        text = text.replace(":", "", 1)
    elif breakage == 3:
        text = text.replace(",", ",,", 1)
    return text


GOOD_IRK = (
    '{"case_id": "c-%d", "date": "2026-01-10", "answers": {"irk_kriminalitet": "ja", '
    '"irk_familj": "nej", "irk_skola_arbete": "vet_ej"}}'
)


@st.composite
def jsonl(draw: st.DrawFn) -> bytes:
    lines = []
    for k in range(draw(st.integers(1, 20))):
        kind = draw(st.integers(0, 4))
        if kind <= 1:
            lines.append(GOOD_IRK % k)
        elif kind == 2:
            lines.append(
                draw(st.sampled_from(["", " ", "{}", "[]", "1", "\t", '"x"', "{", "\u00a0"]))
            )
        else:
            lines.append(draw(obj()))
    end = draw(st.sampled_from(["\n", "\r\n", "\n", "\r"]))
    text = end.join(lines) + draw(st.sampled_from([end, ""]))
    bom = draw(st.sampled_from(["", "", "\ufeff"]))
    return (bom + text).encode("utf-8", "surrogatepass")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=jsonl(), irk=st.booleans(), small=st.booleans())
def test_the_byte_reader_reads_what_the_decoder_reads(
    tmp_path: Path, data: bytes, irk: bool, small: bool
) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(data)
    fast, slow = both(path, IRK if irk else RBMK, small=small)
    assert fast == slow


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("compiled", [IRK, RBMK], ids=["irk", "rbmk"])
@pytest.mark.parametrize("small", [False, True], ids=["blocks", "small-blocks"])
def test_the_byte_reader_reads_the_corpus_as_the_decoder(
    path: Path, compiled: Compiled, small: bool
) -> None:
    fast, slow = both(path, compiled, small=small)
    assert fast == slow


def test_plain_lines_are_read_by_numpy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the odd lines reach the decoder: a file of plain lines never does, and a file with
    one escape sends that one line."""
    decoded: list[int] = []
    records = module._Shape.records

    def counting(self: Any, chunk: list[tuple[int, str]], *args: Any) -> Any:
        decoded.extend(number for number, _ in chunk)
        return records(self, chunk, *args)

    monkeypatch.setattr(module._Shape, "records", counting)
    path = tmp_path / "plain.jsonl"
    lines = [GOOD_IRK % k for k in range(200)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, problems, bad = read_jsonl(path, IRK)
    assert (len(data), problems, bad, decoded) == (200, [], 0, [])
    lines[99] = lines[99].replace('"c-99"', '"c-9\\u0039"')  # an escape: line 100 is decoded
    lines[149] = lines[149].replace('"date"', '"date" ')  # white space: still plain
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, problems, bad = read_jsonl(path, IRK)
    assert (decoded, problems, data.case_ids[99]) == ([100], [], "c-99")


def test_literals_give_the_decoders_cells(tmp_path: Path) -> None:
    """true/false/null and -0 are read as the decoder reads them ("True", "", "0")."""
    path = tmp_path / "literals.jsonl"
    rows = [
        '{"case_id": "a", "date": "2026-01-10", "answers": {"irk_familj": true}}',
        '{"case_id": "b", "date": "2026-01-10", "answers": {"irk_familj": null}}',
        '{"case_id": "c", "date": "2026-01-10", "age": -0, "answers": {}}',
        '{"case_id": "d", "date": "2026-01-10", "judgement": false, "answers": {}}',
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    fast, slow = both(path, IRK)
    assert fast == slow
    codes = {(line, path_[-1]) for _, line, _, path_, _, _ in fast[0]}
    assert (1, "irk_familj") in codes  # 'True' is not an option
    assert all(line != 2 for line, _ in codes)  # null: unanswered


def test_nothing_nested_is_dropped_silently(tmp_path: Path) -> None:
    """An unknown attribute or judgement key is E200, a value given twice E105; the age may
    stand among the attributes. Both readers say so at the same line and path."""
    rows = [
        '{"case_id": "a", "date": "2026-01-10", "attributes": {"age": 15}, "answers": {}}',
        '{"case_id": "b", "date": "2026-01-10", "attributes": {"alder": 15}, "answers": {}}',
        '{"case_id": "c", "date": "2026-01-10", "age": 15, "attributes": {"age": 16}}',
        '{"case_id": "d", "date": "2026-01-10", "judgement": {"level": "lag", "reson": "x"}}',
        '{"case_id": "e", "date": "2026-01-10", "judgement": {"level": "lag", "reason": "x"}, '
        '"judgement_reason": "y"}',
        '{"case_id": "f", "date": "2026-01-10", "attributes": "15"}',
    ]
    path = tmp_path / "nested.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    fast, slow = both(path, RBMK)
    assert fast == slow
    located = [(code, line, where[2:]) for code, line, _, where, _, _ in fast[0] if code[0] == "E"]
    assert located == [
        ("E200", 2, ("attributes", "alder")),
        ("E105", 3, ("attributes", "age")),
        ("E200", 4, ("judgement", "reson")),
        ("E105", 5, ("judgement", "reason")),
        ("E104", 6, ("attributes",)),
    ]
    assert ("C608", 1, ("judgement",)) in [(c, n, w[2:]) for c, n, _, w, _, _ in fast[0]]
    path.write_text(rows[0] + "\n", encoding="utf-8")
    fast, slow = both(path, IRK)
    assert fast == slow
    assert (fast[0], fast[2], fast[5]["age"]) == ([], ["a"], ["15.0"])


def test_pieces_for_the_decoder_keep_their_place(tmp_path: Path) -> None:
    """A piece the decoder must read whole (here a tab in a string: a control character)
    between parsed pieces: rows and problems stay in file order, on their lines."""
    lines = [GOOD_IRK % k for k in range(30)]
    lines[12] = lines[12].replace('"c-12"', '"c-\t12"')
    lines[20] = lines[20].replace('"nej"', '"nejj"')  # a problem in a parsed piece
    path = tmp_path / "pieces.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast, slow = both(path, IRK, small=True)
    assert fast == slow
    assert [(line, where[-1]) for _, line, _, where, _, _ in fast[0]] == [
        (13, 12),  # rows[12]: a JSON string may hold no tab
        (21, "irk_familj"),
    ]
    assert fast[8] == [k + 1 for k in range(30) if k not in (12, 20)]  # the rows' lines


def test_gaps_that_keep_changing_do_not_grow_the_tables(tmp_path: Path) -> None:
    """A different number in every line is a different gap each time: past the gaps kept,
    the pieces with a new one go to the decoder, and the rows are the same."""
    lines = [
        f'{{"case_id": "c-{k}", "date": "2026-01-10", "age": {10 + k}, "answers": {{}}}}'
        for k in range(60)
    ]
    path = tmp_path / "numbers.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast, slow = both(path, IRK, small=True)
    assert fast == slow
    assert fast[5]["age"] == [repr(float(10 + k)) for k in range(60)]
    with mock.patch.object(gaps, "MAX_GAPS", 12), mock.patch.object(module, "BLOCK_BYTES", 512):
        kept = gaps.Gaps()
        with mock.patch.object(module, "Gaps", return_value=kept):
            read_jsonl(path, IRK)
    assert len(kept.gaps) == 12


@pytest.mark.parametrize("small", [False, True], ids=["blocks", "small-blocks"])
def test_gaps_whose_numbers_share_a_slot(tmp_path: Path, small: bool) -> None:
    """Found by review: two gaps whose numbers share a slot at every table size made the
    table refuse to be built (ValueError); they are found by a sorted search instead."""
    path = tmp_path / "slots.jsonl"
    path.write_bytes(b'{"age": -643,"case_id":"a"}\n{"age":270 ,"case_id":"b"}\n')
    fast, slow = both(path, IRK, small=small)
    assert fast == slow
    assert [(code, line) for code, line, *_ in fast[0]] == [("E112", 1), ("E112", 2)]  # no date
    # y·MIX = x·MIX + 1: the two share a slot at every size
    x = int.from_bytes(b": -643,", "little")
    y = (x + pow(int(gaps.MIX), -1, 1 << 64)) % (1 << 64)
    slots = gaps.Slots(np.array([x, y], np.uint64), np.array([7, 9]))
    assert slots.table is None  # the sorted search
    assert slots.find(np.array([y, x], np.uint64)).tolist() == [9, 7]


def test_brackets_inside_a_string_are_not_nesting(tmp_path: Path) -> None:
    """Found by review: the decoder path counted the brackets inside strings as nesting and
    refused a flat line with 40 of them (E102); both readers now read it."""
    line = b'{"case_id":"a","date":"2026-01-10","judgement_reason":"' + b"[" * 40 + b'"}\n'
    path = tmp_path / "brackets.jsonl"
    path.write_bytes(line + b'{"case_id":"b","date":"2026-01-10","answers":' + b"[" * 41 + b"}\n")
    fast, slow = both(path, IRK)
    assert fast == slow
    assert fast[2] == ["a"]
    assert [(code, line_) for code, line_, *_ in fast[0]] == [("E102", 2)]
