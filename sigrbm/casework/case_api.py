"""The case flow for integrators: add a guarded event to a case file, then save it safely.

``add_event`` is what ``sigrbm case add`` runs, as a library call: the event (and the record
it brings — an assessment, a consent, a plan) is appended to the file's text, and the whole
resulting file goes through the one check of a case file
(:func:`~sigrbm.casework.case_check.check_case_value`: structure, history, ids, answers, the
program's guards). The result is the new case and text, or the located problems; nothing is
written. :func:`save` writes it with the lock and the hash check of ``case add`` (a file
changed since it was read is refused, never overwritten).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from sigrbm.case.history import Event
from sigrbm.case.model import Assessment
from sigrbm.case.records import ActionPlan, Consent
from sigrbm.casework.case_edit import Edit, commit, prepare, read_snapshot
from sigrbm.casework.program import ProgramProfile
from sigrbm.reading.structure import unstructure

#: The list of a case file each kind of record is kept in.
_LIST = {Assessment: "assessments", Consent: "consents", ActionPlan: "plans"}


def _plain(value: object) -> dict[str, Any]:
    out = unstructure(value)
    assert isinstance(out, dict)
    return out


def add_event(
    path: str | os.PathLike[str],
    event: Event,
    *,
    records: Sequence[Assessment | Consent | ActionPlan] = (),
    program: ProgramProfile | None = None,
) -> Edit:
    """The case file at ``path`` with ``records`` and then ``event`` added, checked whole.

    ``program`` overrides the program the file names. Returns an :class:`Edit`: its
    ``problems`` are empty and ``case`` is the new case when every guard passed. Reading the
    file may raise ``OSError`` or ``UnicodeDecodeError``.
    """
    snapshot = read_snapshot(path)
    additions = [(_LIST[type(r)], _plain(r)) for r in records]
    additions.append(("history", _plain(event)))
    return prepare(snapshot, additions, program)


def save(edit: Edit) -> None:
    """Write an edit that passed every check (lock file, compare-and-swap on the hash read,
    atomic replace); raises ``ValueError`` for an edit with problems and
    :class:`~sigrbm.casework.case_edit.EditRefusedError` when another writer was first."""
    if edit.problems or edit.text is None:
        raise ValueError("the edit has problems; nothing to save")
    commit(edit.snapshot, edit.text)
