"""Issue 14, item 8: a fuzz property over every loader — only the library's own error types
(or returned, located problems) ever escape, whatever a mutated document holds.

Run it with ``HYPOTHESIS_PROFILE=thorough`` for 2,000 examples per loader; the default
profile runs fewer so the suite stays fast.
"""

from __future__ import annotations

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

from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.read import read_csv, read_jsonl
from sigrbm.batch.read_xlsx import read_xlsx
from sigrbm.case.model import check_case_text
from sigrbm.casework.case_check import load_case
from sigrbm.casework.catalogue import load_catalogue
from sigrbm.casework.program import load_program
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
