"""The names of case-flow events in words (defined in :mod:`sigrbm.case.event_words`, which
the history checks below ``casework`` use too)."""

from __future__ import annotations

from sigrbm.case.event_words import EVENT_NAMES, event_label

__all__ = ["EVENT_NAMES", "event_label"]
