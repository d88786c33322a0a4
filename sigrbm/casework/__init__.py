"""Casework: the catalogue, program profiles, matching, consent and plans.

Lives here: declarative data files (:mod:`.data_files`), the intervention and actor catalogue
(:mod:`.catalogue`), program profiles (:mod:`.program`), who may deliver an intervention by
age and population (:mod:`.population`), ``match`` (:mod:`.matching`) and the values it
returns (:mod:`.recommendation`), dosage by risk (:mod:`.dosage`), the consent gate
(:mod:`.consent`), ``plan`` (:mod:`.plans`), and what ``match``/``plan`` run on a case file
(:mod:`.case_file`).

May import: :mod:`sigrbm.scoring`, :mod:`sigrbm.case`, :mod:`sigrbm.instrument`,
:mod:`sigrbm.reading`, :mod:`sigrbm.errors`. Never renders, never prints.
"""

from typing import TYPE_CHECKING

from sigrbm.reading.lazy import lazy_names

if TYPE_CHECKING:
    from sigrbm.casework.catalogue import load_catalogue
    from sigrbm.casework.consent import check_consent
    from sigrbm.casework.matching import match
    from sigrbm.casework.plans import plan
    from sigrbm.casework.program import load_program

# Issue 23: imported on first use, so that importing one module of the package (the
# command line's help needs a few) does not import them all.
_LAZY = {
    "check_consent": "consent",
    "load_catalogue": "catalogue",
    "load_program": "program",
    "match": "matching",
    "plan": "plans",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "check_consent",
    "load_catalogue",
    "load_program",
    "match",
    "plan",
]
