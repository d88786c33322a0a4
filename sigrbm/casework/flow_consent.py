"""The consent position of a case on a day, by the consent gate's own check.

The case flow (blockers of ``case_state`` and the program's plan guard) asks the same
question as ``plan``: is every actor covered by consent from the parties the program's age
rule requires, naming every kind of information the actor catalogue says the actor needs
(``check_consent``)? The consents are those the history records (``sigrbm.case.record.derive``):
a withdrawal counts from the date of its event.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from sigrbm.case.model import Assessment, Case
from sigrbm.case.record import Record, derive
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.consent import ConsentReport, birthday_unknown, check_consent
from sigrbm.casework.consent_scope import information_needs
from sigrbm.casework.program import ProgramProfile


def case_age(case: Case, day: _dt.date) -> int | None:
    """Whole years on ``day`` from the subject's birth month (None when it is not recorded)."""
    if case.subject.birth_year_month is None:
        return None
    probe = Assessment(instrument="", version="", date=day, assessor="", subject=case.subject)
    return probe.age_at_date()


def case_consent(  # noqa: PLR0917 -- record is an optional cache
    case: Case,
    actors: Iterable[str],
    day: _dt.date,
    program: ProgramProfile,
    catalogue: Catalogue | None,
    record: Record | None = None,
) -> ConsentReport:
    """``check_consent`` for ``actors`` on ``day`` with the case's consents and legal bases.

    ``record``: the case's record already derived (``derive`` of the whole history: each
    consent carries its withdrawal date, and its date is its ``consent_given`` event's, C716),
    so that a caller asking about many days folds the history once."""
    if record is None:
        record = derive(case.history, case.consents, case.legal_bases, case.plans, day)
    needs = information_needs(catalogue, program) if catalogue else {}  # issue 20: Skövde
    labels = {k.id: k.label for k in catalogue.actors.information_kinds} if catalogue else {}
    return check_consent(
        actors,
        record.consents,
        day,
        age=case_age(case, day),
        maybe_younger=birthday_unknown(case.subject.birth_year_month, day),
        rule=program.consent,
        legal_bases=record.legal_bases,
        information=needs,
        information_labels=labels,
    )
