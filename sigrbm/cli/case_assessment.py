"""``case add screening|assessment|reassessment --from FILE``: the added assessment is checked
against its instrument like any assessment (issue 21), before the file is written.

The flow's check (:func:`sigrbm.casework.case_edit.prepare`) reads the case file's structure
and the program's guards; an assessment brought by the event — typed by hand or saved from a
fillable checklist — is also checked against the instrument it names (unknown items and
options, ages, judgement, the content hash of the form: the C6xx/C750 problems ``score``
reports), so that a case file never holds an assessment ``score`` would refuse.
"""

from __future__ import annotations

from sigrbm.case.model import check_case_text
from sigrbm.errors import Problem
from sigrbm.scoring.case_file import resolve_instrument
from sigrbm.scoring.check import check_and_compute


def added_assessment_problems(text: str, name: str) -> list[Problem]:
    """The problems of the last assessment in the case file ``text`` (the one just added)."""
    case, smap, problems = check_case_text(text, name)
    if case is None or problems or not case.assessments:
        return list(problems)
    i = len(case.assessments) - 1
    a = case.assessments[i]
    inst, found = resolve_instrument(a, None, smap, i, cache=True)
    if inst is None:
        return found
    found, _ = check_and_compute(inst, a, smap, ("assessments", i))
    return found
