"""Case files: the case and assessment values, their checks against an instrument, records.

Lives here: the case model and loading (:mod:`.model`), consent, legal-basis and plan records
kept in a case file (:mod:`.records`), and the check of one assessment against its instrument
(:mod:`.check`, C6xx codes), and the bundled example cases (:mod:`.examples`); the case
history of the SIG case flow (:mod:`.history`) and its program-independent guards
(:mod:`.history_check`, C700–C711).

May import: :mod:`sigrbm.instrument`, :mod:`sigrbm.reading`, :mod:`sigrbm.errors`. Never scores.
"""

from sigrbm.case.examples import example_case
from sigrbm.case.model import Assessment, Case, ProfessionalJudgement, Subject, load_case

__all__ = [
    "Assessment",
    "Case",
    "ProfessionalJudgement",
    "Subject",
    "example_case",
    "load_case",
]
