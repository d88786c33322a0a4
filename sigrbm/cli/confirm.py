"""Friendly confirmations of the case commands (issue 21): what was done and the next step.

``case new`` says "Ärende c-0001 skapat — nästa steg: Identifiera målgruppen med Check: IRK";
``case add`` names the event it added and, when the case's program is known, the next step of
the ärendegång as the derived state gives it (:func:`sigrbm.casework.flow.case_state`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from sigrbm.case.model import Case
from sigrbm.casework.flow import STEPS, case_state
from sigrbm.casework.flow_file import CASE_SUFFIXES
from sigrbm.casework.other_files import other_kind, skip_note
from sigrbm.casework.program import ProgramProfile

_CREATED = {"sv": "Ärende {id} skapat", "en": "Case {id} created"}
_NEXT = {"sv": "nästa steg", "en": "next step"}


def skipped_notes(folder: str, lang: str, err: TextIO) -> None:
    """A note for each file in ``folder`` that ``case due`` passed over (not a case file)."""
    for p in sorted(Path(folder).iterdir()):
        if p.suffix not in CASE_SUFFIXES or p.name.startswith(".") or not p.is_file():
            continue
        kind = other_kind(p)
        if kind is not None:
            err.write(f"{skip_note(str(p), kind, lang)}\n")


def created(case_id: str, lang: str) -> str:
    """``Ärende c-0001 skapat — nästa steg: …`` (a new case is always at step 1)."""
    return f"{_CREATED[lang].format(id=case_id)} — {_NEXT[lang]}: {STEPS[1][lang]}"


def next_step(case: Case, program: ProgramProfile | None, day: dt.date, lang: str) -> str:
    """`` — nästa steg: …`` after an event, or "" when the program or a next step is unknown."""
    if program is None:
        return ""
    state = case_state(case, program, day)
    if state.step_name is None:
        return ""
    return f" — {_NEXT[lang]}: {state.step_name[lang]}"
