"""The names of case-flow events in words, for help texts and documents."""

from __future__ import annotations

from sigrbm.case.history import EventKind
from sigrbm.casework.flow import EVENT_NAMES


def event_label(kind: str, lang: str) -> str:
    """The name of the event kind ``kind`` (e.g. ``follow_up_meeting``) in ``lang``."""
    return EVENT_NAMES[EventKind(kind)][lang]
