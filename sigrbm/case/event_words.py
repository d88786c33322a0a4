"""The names of case-flow events in words, for help texts, documents and the history's
problem messages (issue 21: here in ``case`` so that the history checks name events in
Swedish; ``casework.flow_words`` re-exports them)."""

from __future__ import annotations

from sigrbm.case.history import EventKind
from sigrbm.reading.text import Text

K = EventKind
# Issue 23: here, not in casework.flow, so that the command line's help (which names every
# event) starts without the case flow's machinery; casework.flow re-exports it.
EVENT_NAMES: dict[EventKind, Text] = {
    K.REFERRAL: Text.of(sv="Aktualisering", en="Referral"),
    K.SCREENING: Text.of(sv="Screening (Check: IRK)", en="Screening (Check: IRK)"),
    K.INITIAL_DECISION: Text.of(sv="Initialt beslut", en="Initial decision"),
    K.ASSESSMENT: Text.of(sv="Bedömning (Check: RBMK)", en="Assessment (Check: RBMK)"),
    K.CASE_DECISION: Text.of(sv="Beslut om ärendet", en="Case decision"),
    K.PARTIES_IDENTIFIED: Text.of(sv="Parter identifierade", en="Parties identified"),
    K.CONSENT_GIVEN: Text.of(sv="Samtycke lämnat", en="Consent given"),
    K.CONSENT_WITHDRAWN: Text.of(sv="Samtycke återkallat", en="Consent withdrawn"),
    K.PLAN_FIXED: Text.of(sv="Åtgärdsplan fastställd", en="Action plan fixed"),
    K.PLAN_REVISED: Text.of(sv="Åtgärdsplan reviderad", en="Action plan revised"),
    K.FOLLOW_UP_MEETING: Text.of(sv="Uppföljningsmöte", en="Follow-up meeting"),
    K.REASSESSMENT: Text.of(sv="Ny bedömning", en="Reassessment"),
    K.CLOSURE: Text.of(sv="Avslut", en="Closure"),
    K.LONG_TERM_FOLLOW_UP: Text.of(sv="Uppföljning av långsiktiga mål", en="Long-term follow-up"),
}


def event_label(kind: str, lang: str) -> str:
    """The name of the event kind ``kind`` (e.g. ``follow_up_meeting``) in ``lang``."""
    return EVENT_NAMES[EventKind(kind)][lang]
