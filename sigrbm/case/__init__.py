"""Case files: the case and assessment values, their checks against an instrument, records.

Lives here: the case model and loading (:mod:`.model`), consent, legal-basis and plan records
kept in a case file (:mod:`.records`), and the check of one assessment against its instrument
(:mod:`.check`, C6xx codes), and the bundled example cases (:mod:`.examples`); the case
history of the SIG case flow (:mod:`.history`) and its program-independent guards
(:mod:`.history_check`, C700–C716), and the record derived from the history (:mod:`.record`:
the consents in force, the plan in force; one fold over the events). Reading a case file
*whole* (program, ids, answers) is ``sigrbm.casework.case_check`` — the one check.

May import: :mod:`sigrbm.instrument`, :mod:`sigrbm.reading`, :mod:`sigrbm.errors`. Never scores.
"""

from typing import TYPE_CHECKING

from sigrbm.reading.lazy import lazy_names

if TYPE_CHECKING:
    from sigrbm.case.examples import example_case
    from sigrbm.case.model import Assessment, Case, ProfessionalJudgement, Subject

# Issue 23: imported on first use, so that importing one module of the package (the
# command line's help needs a few) does not import them all.
_LAZY = {
    "Assessment": "model",
    "Case": "model",
    "ProfessionalJudgement": "model",
    "Subject": "model",
    "example_case": "examples",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "Assessment",
    "Case",
    "ProfessionalJudgement",
    "Subject",
    "example_case",
]
