"""Issue 14, item 8: a fuzz property over every loader — only the library's own error types
(or returned, located problems) ever escape, whatever a mutated document holds.

Run it with ``HYPOTHESIS_PROFILE=thorough`` for 2,000 examples per loader; the default
profile runs fewer so the suite stays fast.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import given

from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.read import read_csv, read_jsonl
from sigrbm.case.model import check_case_text
from sigrbm.casework.catalogue import load_catalogue
from sigrbm.casework.program import load_program
from sigrbm.errors import SigrbmError
from sigrbm.instrument.load import check_text, load_instrument
from sigrbm.scoring.case_file import score_case_file

from .conftest import CORPUS, ROOT
from .strategies import mutated

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
