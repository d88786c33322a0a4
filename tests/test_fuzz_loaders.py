"""Issue 14, item 8: a fuzz property over every loader — only the library's own error types
(or returned, located problems) ever escape, whatever a mutated document holds.

Run it with ``HYPOTHESIS_PROFILE=thorough`` for 2,000 examples per loader; the default
profile runs fewer so the suite stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.read import read_csv, read_jsonl
from sigrbm.batch.read_xlsx import read_xlsx
from sigrbm.case.model import check_case_text
from sigrbm.casework.case_check import load_case
from sigrbm.casework.case_edit import Snapshot, digest, prepare
from sigrbm.casework.catalogue import load_catalogue
from sigrbm.casework.program import load_program
from sigrbm.cli.event_options import SWEDISH, converter, to_id
from sigrbm.cli.record_file import RecordFileError, read_record, relocate
from sigrbm.errors import InstrumentError, SigrbmError
from sigrbm.instrument.load import check_text, load_instrument
from sigrbm.instrument.params import load_parameters
from sigrbm.interop.fhir import questionnaire, questionnaire_response
from sigrbm.interop.fhir_import import import_response
from sigrbm.interop.fhir_questionnaire import import_questionnaire
from sigrbm.scoring.case_file import score_case_file

from .conftest import CORPUS, ROOT
from .strategies import bytes_mutated, json_mutated, mutated

INSTRUMENT = (CORPUS / "instruments" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
CASE = (CORPUS / "cases" / "valid" / "irk.yaml").read_text(encoding="utf-8")
ACTORS = (ROOT / "instruments" / "catalogue" / "actors.yaml").read_text(encoding="utf-8")
PROGRAM = (ROOT / "instruments" / "programs" / "eslov.yaml").read_text(encoding="utf-8")
CSV = (CORPUS / "batch" / "valid.csv").read_text(encoding="utf-8")
JSONL = (
    '{"case_id": "a1", "date": "2026-01-10", "age": 15, "answers": {"irk_familj": "ja"}}\n'
    '{"case_id": "a2", "date": "2026-02-10", "age": 16, "answers": {"irk_fritid": "nej"}}\n'
)
WORK = Path(tempfile.mkdtemp(prefix="sigrbm-fuzz-"))


def _write(name: str, text: str) -> Path:
    path = WORK / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@given(mutated(INSTRUMENT))
def test_instrument_loader_only_raises_its_own_errors(text: str) -> None:
    inst, problems = check_text(text, "fuzz.yaml")
    assert inst is not None or problems


@given(mutated(CASE))
def test_case_loader_and_scorer_only_raise_their_own_errors(text: str) -> None:
    case, _, problems = check_case_text(text, "fuzz.yaml")
    assert case is not None or problems
    scored = score_case_file(_write("case.yaml", text))
    assert scored.items or scored.problems


@given(mutated(ACTORS))
def test_catalogue_loader_only_raises_its_own_errors(text: str) -> None:
    with contextlib.suppress(SigrbmError):
        load_catalogue(actors=_write("actors.yaml", text))


@given(mutated(PROGRAM))
def test_program_loader_only_raises_its_own_errors(text: str) -> None:
    with contextlib.suppress(SigrbmError):
        load_program(_write("program.yaml", text))


_COMPILED = compile_instrument(load_instrument("check-irk"))


def test_batch_csv_reader_only_reports_problems() -> None:
    @given(mutated(CSV))
    def prop(text: str) -> None:
        read_csv("fuzz.csv", _COMPILED, text=text)

    prop()


def test_batch_jsonl_reader_only_reports_problems() -> None:
    @given(mutated(JSONL))
    def prop(text: str) -> None:
        read_jsonl(_write("batch.jsonl", text), _COMPILED)

    prop()


# issue 22: the fuzz property covers every reader -------------------------------------------

_RESPONSE = questionnaire_response(
    load_instrument("check-rbmk"),
    load_case(ROOT / "instruments" / "examples" / "case-rbmk.yaml").latest("check-rbmk"),
)
_QUESTIONNAIRE = questionnaire(load_instrument("check-irk"))
PARAMS = "parameters:\n  a: b\n  c: d\n"


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_fhir_response_import_only_reports_problems() -> None:
    @given(json_mutated(_RESPONSE))
    def prop(doc: Any) -> None:
        got = import_response(_write("qr.json", json.dumps(doc)))
        assert got.case is not None or got.problems

    prop()


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_fhir_questionnaire_import_only_reports_problems() -> None:
    @given(json_mutated(_QUESTIONNAIRE))
    def prop(doc: Any) -> None:
        got = import_questionnaire(_write("q.json", json.dumps(doc)))
        assert got.instrument is not None or got.problems

    prop()


@given(mutated(PARAMS))
def test_parameter_file_reader_only_raises_its_own_errors(text: str) -> None:
    with contextlib.suppress(InstrumentError):
        load_parameters(os.fspath(_write("params.yaml", text)))


def _workbook_parts() -> dict[str, bytes]:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in csv.reader(CSV.splitlines()):
        book.active.append(row)
    raw = io.BytesIO()
    book.save(raw)
    with zipfile.ZipFile(raw) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def test_xlsx_reader_only_reports_problems() -> None:
    parts = _workbook_parts()
    sheet = "xl/worksheets/sheet1.xml"

    @given(bytes_mutated(parts[sheet]))
    def prop(xml: bytes) -> None:
        path = WORK / "fuzz.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in {**parts, sheet: xml}.items():
                z.writestr(name, data)
        data, problems, _ = read_xlsx(path, _COMPILED)
        assert len(data) or problems

    prop()


# issue 22, round 2: the fillable form's saved file and the Swedish option values ----------

_FORM = {
    "instrument": "check-irk",
    "version": load_instrument("check-irk").version,
    "instrument_hash": load_instrument("check-irk").content_hash,
    "date": "2026-01-20",
    "assessor": "skola-2",
    "age": 15,
    "answers": {"irk_kriminalitet": "ja", "irk_familj": "nej"},
    "notes": {"irk_familj": "ringde"},
    "judgement": {"level": "fordjupad", "reason": "r", "author": "a", "date": "2026-01-20"},
}
_AT_REFERRAL = (
    "format_version: 1\ncase_id: ex-1\nprogram: eslov\nsubject:\n  birth_year_month: 2010-05\n"
    "history:\n- event: referral\n  date: 2026-01-10\n  author: a\n  initiated_by: police\n"
)


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_form_file_reader_only_reports_located_problems() -> None:
    """A mutated form file is read, added to a case and checked as ``case add screening
    CASE --from FILE`` does: only located problems, each in the case file or the form file."""
    snapshot = Snapshot(path=Path("case.yaml"), text=_AT_REFERRAL, digest=digest(_AT_REFERRAL))

    @given(json_mutated(_FORM))
    def prop(doc: Any) -> None:
        form = _write("form.json", json.dumps(doc))
        try:
            record = read_record(os.fspath(form))
        except RecordFileError as exc:
            refused = exc.problems
        else:
            refused = ()
        if refused:
            assert {p.file for p in refused} == {os.fspath(form)}
            return
        event = {"event": "screening", "date": "2026-01-20", "author": "a"}
        event["instrument"] = record.data.get("instrument") or "check-irk"
        added = [("assessments", record.data), ("history", event)]
        edit = prepare(snapshot, added)
        problems = relocate(edit.problems, _AT_REFERRAL, "case.yaml", added, record)
        assert {p.file for p in problems} <= {"case.yaml", os.fspath(form)}
        for p in problems:  # the record's problems in the form file
            assert p.path[:2] != ("assessments", 0) or p.file == os.fspath(form)

    prop()


_KINDS = sorted(SWEDISH)


@given(st.sampled_from(_KINDS), st.text(max_size=40))
def test_swedish_option_values_are_an_id_or_a_usage_error(kind: str, value: str) -> None:
    """Any text given to a Swedish option is its id or an argparse error, never anything else;
    a value that is neither never reaches the case file."""
    found = to_id(kind, value)
    assert found is None or found in SWEDISH[kind].values()
    try:
        assert converter(kind)(value) == found
    except argparse.ArgumentTypeError:
        assert found is None


@given(st.sampled_from(_KINDS), st.data())
def test_swedish_words_are_read_however_they_are_typed(kind: str, data: st.DataObject) -> None:
    """A Swedish word typed with å, ä, ö, capitals, '-' or spaces means the same id."""
    word, id_ = data.draw(st.sampled_from(sorted(SWEDISH[kind].items())))
    typed = "".join(data.draw(st.sampled_from(_SPELLINGS.get(c, [c, c.upper()]))) for c in word)
    assert to_id(kind, f" {typed} ") == id_


#: How a letter of a Swedish word may be typed (the tables write a for å and ä, o for ö).
_SPELLINGS = {"a": ["a", "A", "å", "Å", "ä", "Ä"], "o": ["o", "O", "ö", "Ö"], "_": ["_", "-", " "]}
