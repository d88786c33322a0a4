"""Guards of the case flow that need the program profile (C705), on top of the history
checks every case file gets when it is read (``sigrbm.case.history_check``, C700–C711)."""

from __future__ import annotations

from sigrbm.case.history import EventKind
from sigrbm.case.model import Case
from sigrbm.casework.program import ProgramProfile
from sigrbm.errors import Code, Problem
from sigrbm.reading.source import SourceMap


def check_flow(case: Case, program: ProgramProfile, smap: SourceMap) -> list[Problem]:
    """Problems of ``case`` under ``program``: follow-up meetings without the participants the
    program requires (e.g. Skövde: the young person and police always take part)."""
    out: list[Problem] = []
    for i, ev in enumerate(case.history):
        if ev.event is not EventKind.FOLLOW_UP_MEETING:
            continue
        missing = [p for p in program.required_participants if p not in ev.participants]
        if missing:
            out.append(
                smap.problem(
                    Code.CASE_MEETING_PARTICIPANTS,
                    ("history", i, "participants"),
                    f"program {program.id} requires {', '.join(missing)} at every follow-up "
                    "meeting; add them to participants",
                )
            )
    return out
