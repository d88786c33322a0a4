"""Plain-text views of the case flow: the status of one case, what is due in a folder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sigrbm.case.history import ClosureReason, Event
from sigrbm.case.model import Case
from sigrbm.casework.flow import (
    CLOSURE_NAMES,
    EVENT_NAMES,
    STATE_FORMAT_VERSION,
    STATUS_NAMES,
    CaseState,
)
from sigrbm.casework.flow_file import DueItem
from sigrbm.casework.plan_rules import plan_event_name
from sigrbm.casework.program import ProgramProfile
from sigrbm.documents.words import t
from sigrbm.reading.structure import unstructure
from sigrbm.reading.text import Text


def render_status(state: CaseState, case: Case, program: ProgramProfile, lang: str) -> str:
    """The state of one case for a person, in ``lang``, with labels (never raw ids)."""
    lines = [
        f"{t('case', lang)} {state.case_id} — {t('flow_program', lang)}: {program.name[lang]}",
    ]
    status = STATUS_NAMES[state.status][lang]
    if state.closure is not None:
        status += f" ({CLOSURE_NAMES[ClosureReason(state.closure)][lang]})"
    if state.step is not None and state.step_name is not None:
        status += f", {t('flow_step', lang)} {state.step} {t('flow_of', lang)} 11: "
        status += state.step_name[lang]
    lines.append(f"{t('flow_status', lang)}: {status}")
    if case.history:
        last = case.history[-1]
        lines.append(
            f"{t('flow_last_event', lang)}: {_event_name(last, program)[lang]} {last.date} "
            f"({last.author})"
        )
    if state.plan is not None:
        lines.append(f"{t('flow_plan', lang)}: {program.plan_name[lang]} {state.plan}")
        lines.append(f"{t('flow_meetings', lang)}: {state.meetings}")
    lines.append("")
    lines.append(f"{t('flow_done', lang)}:")
    for d in state.done:
        when = f" ({t('flow_implied', lang)})" if d.implied else f" ({d.date})"
        lines.append(f"  {d.step:>2}. {d.name[lang]}{when}")
    if not state.done:
        lines.append(f"  {t('flow_none', lang)}")
    lines.append(f"{t('flow_due', lang)}:")
    for due in state.due:
        late = f" — {t('flow_overdue', lang)}" if due.overdue else ""
        lines.append(f"  {due.date} {due.name[lang]}{late}")
    if not state.due:
        lines.append(f"  {t('flow_none', lang)}")
    lines.append(f"{t('flow_blockers', lang)}:")
    for b in state.blockers:
        lines.append(f"  - {b.message[lang]}")
    if not state.blockers:
        lines.append(f"  {t('flow_none', lang)}")
    return "\n".join(lines) + "\n"


def _event_name(event: Event, program: ProgramProfile) -> Text:
    """The event's name; a plan event by the program's plan name ("Genomförandeplan
    fastställd", issue 20)."""
    return plan_event_name(event.event, program) or EVENT_NAMES[event.event]


def state_json(state: CaseState) -> str:
    """The versioned JSON of a case state (docs/case-format.md)."""
    doc = {
        "format": "sigrbm-case-state",
        "format_version": STATE_FORMAT_VERSION,
        "value": unstructure(state, omit_defaults=False),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_due(items: Sequence[DueItem], lang: str) -> str:
    """One line per due item: date, case id, what, overdue."""
    if not items:
        return t("flow_nothing_due", lang) + "\n"
    lines = []
    for i in items:
        late = f" — {t('flow_overdue', lang)}" if i.due.overdue else ""
        lines.append(f"{i.due.date}  {i.case_id}  {i.due.name[lang]}{late}  ({i.file})")
    return "\n".join(lines) + "\n"


def due_json(items: Sequence[DueItem]) -> str:
    """The due items as versioned JSON."""
    value: list[dict[str, Any]] = [
        {
            "file": i.file,
            "case_id": i.case_id,
            "kind": i.due.kind,
            "name": unstructure(i.due.name),
            "date": i.due.date.isoformat(),
            "overdue": i.due.overdue,
        }
        for i in items
    ]
    doc = {"format": "sigrbm-case-due", "format_version": STATE_FORMAT_VERSION, "value": value}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
