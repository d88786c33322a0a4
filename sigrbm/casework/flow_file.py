"""The case flow of case files on disk: the state of one file, what is due in a folder."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import attrs

from sigrbm.case.model import Case
from sigrbm.casework.case_check import NO_PROGRAM, check_case
from sigrbm.casework.catalogue import Catalogue, load_catalogue
from sigrbm.casework.flow import CaseState, Due, case_state
from sigrbm.casework.other_files import other_kind
from sigrbm.casework.program import ProgramProfile
from sigrbm.errors import NotFoundError, Problem, ValidationError

#: File endings read as case files in a folder.
CASE_SUFFIXES = (".yaml", ".yml", ".json")


@attrs.frozen(kw_only=True)
class FileState:
    """The state of one case file, or why there is none."""

    file: str
    state: CaseState | None = None
    case: Case | None = None
    program: ProgramProfile | None = None
    problems: tuple[Problem, ...] = ()
    error: str | None = None
    notes: tuple[str, ...] = ()


def state_of_file(
    path: str | os.PathLike[str],
    program: str | None,
    day: _dt.date,
    catalogue: Catalogue | None = None,
) -> FileState:
    """Read ``path``, run every guard and derive its state on ``day``."""
    name = os.fspath(path)
    try:
        got = check_case(name, program=program, catalogue=catalogue)
    except NotFoundError as exc:
        return FileState(file=name, error=str(exc))
    except ValidationError as exc:
        return FileState(file=name, problems=tuple(exc.problems))
    case, profile = got.case, got.program
    if got.problems or case is None:
        return FileState(file=name, case=case, problems=got.problems)
    if profile is None:
        return FileState(file=name, case=case, error=NO_PROGRAM)
    cat = got.catalogue
    return FileState(
        file=name,
        case=case,
        program=profile,
        state=case_state(case, profile, day, cat),
        notes=got.notes,
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
