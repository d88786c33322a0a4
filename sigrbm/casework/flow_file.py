"""The case flow of case files on disk: the state of one file, what is due in a folder."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import attrs

from sigrbm.case.history import EventKind
from sigrbm.case.model import Case, check_case_file
from sigrbm.casework.catalogue import Catalogue, load_catalogue
from sigrbm.casework.flow import CaseState, Due, case_state
from sigrbm.casework.flow_guards import check_flow
from sigrbm.casework.other_files import other_kind
from sigrbm.casework.program import ProgramProfile, load_program
from sigrbm.errors import NotFoundError, Problem, SigrbmError

#: File endings read as case files in a folder.
CASE_SUFFIXES = (".yaml", ".yml", ".json")


def program_of(case: Case) -> str | None:
    """The program the case names (top-level ``program``, else its latest referral)."""
    named = case.program
    for ev in case.history:
        if ev.event is EventKind.REFERRAL and ev.program:
            named = ev.program
    return named


@attrs.frozen(kw_only=True)
class FileState:
    """The state of one case file, or why there is none."""

    file: str
    state: CaseState | None = None
    case: Case | None = None
    program: ProgramProfile | None = None
    problems: tuple[Problem, ...] = ()
    error: str | None = None


def state_of_file(
    path: str | os.PathLike[str],
    program: str | None,
    day: _dt.date,
    catalogue: Catalogue | None = None,
) -> FileState:
    """Read ``path``, run every guard and derive its state on ``day``."""
    name = os.fspath(path)
    try:
        case, smap, problems = check_case_file(name)
    except NotFoundError as exc:
        return FileState(file=name, error=str(exc))
    if problems or case is None:
        return FileState(file=name, problems=tuple(problems))
    chosen = program or program_of(case)
    if chosen is None:
        return FileState(
            file=name,
            case=case,
            error="the case names no program: give --program or record it at referral",
        )
    try:
        profile = load_program(chosen)
        cat = catalogue or load_catalogue()
    except SigrbmError as exc:
        return FileState(file=name, case=case, error=str(exc).splitlines()[0])
    more = check_flow(case, profile, smap, cat)
    if more:
        return FileState(file=name, case=case, problems=tuple(more))
    return FileState(
        file=name,
        case=case,
        program=profile,
        state=case_state(case, profile, day, cat),
    )


@attrs.frozen(kw_only=True)
class DueItem:
    """One follow-up due on or before the day asked about, in one case file."""

    file: str
    case_id: str
    due: Due


def due_in_folder(
    folder: str | os.PathLike[str], day: _dt.date, program: str | None = None
) -> tuple[tuple[DueItem, ...], tuple[FileState, ...]]:
    """Every follow-up due on or before ``day`` across the case files in ``folder`` (sorted
    by date, then case id), and the files that could not be read (with their problems)."""
    cat = load_catalogue()
    items: list[DueItem] = []
    bad: list[FileState] = []
    for p in sorted(Path(folder).iterdir()):
        if p.suffix not in CASE_SUFFIXES or p.name.startswith(".") or not p.is_file():
            continue
        if other_kind(p) is not None:  # issue 21: not a case file; the CLI notes it
            continue
        got = state_of_file(p, program, day, cat)
        if got.state is None:
            bad.append(got)
            continue
        for d in got.state.due:
            if d.date <= day:
                items.append(DueItem(file=str(p), case_id=got.state.case_id, due=d))
    items.sort(key=lambda i: (i.due.date, i.case_id, i.due.kind))
    return tuple(items), tuple(bad)
