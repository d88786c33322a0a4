"""The values ``match`` returns: candidates, exclusions, needs, steps and recommendations.

Every value carries its reasons in Swedish and English, and labels beside ids, so that a
report can be written without looking anything up.
"""

from __future__ import annotations

from typing import Any

import attrs

from sigrbm.casework.alternatives import Combined
from sigrbm.casework.catalogue import (
    Action,
    Evidence,
    Format,
    Hours,
    Intensity,
    InterventionIntensity,
    Status,
)
from sigrbm.casework.program import Finding
from sigrbm.reading.text import Text
from sigrbm.scoring.result import Stamp


@attrs.frozen(kw_only=True)
class Candidate:
    """An intervention suggested for a need, with why.

    ``caveats``: the catalogue's notes and a warning when the evidence is weak; they are
    shown wherever the candidate is (text, JSON, plan).
    """

    intervention: str
    name: Text
    status: Status
    format: Format
    responsible: str
    responsible_label: Text | None = None
    actors: tuple[str, ...]
    covers: tuple[str, ...]
    actor_in_program: bool
    brought_in: bool = False
    reasons: tuple[Text, ...]
    warnings: tuple[Text, ...] = ()
    caveats: tuple[Text, ...] = ()
    dose: Text | None = None
    intensity: InterventionIntensity = InterventionIntensity.STRUCTURED
    hours: Hours | None = None
    evidence: tuple[Evidence, ...] = ()


@attrs.frozen(kw_only=True)
class Excluded:
    """An intervention for the need that does not fit this person, and why."""

    intervention: str
    reason: Text
    name: Text | None = None


@attrs.frozen(kw_only=True)
class NeedMatch:
    """One need and its ranked candidates."""

    domain: str
    rank: int
    level: str | None
    certain: bool
    candidates: tuple[Candidate, ...]
    excluded: tuple[Excluded, ...] = ()
    label: Text | None = None
    level_label: Text | None = None


@attrs.frozen(kw_only=True)
class Uncovered:
    """A need no selected intervention addresses, and why."""

    domain: str
    label: Text | None
    reason: Text


@attrs.frozen(kw_only=True)
class Step:
    """A responsivity-driven step: work that comes first, runs in parallel, or adapts delivery.

    ``excluded``: the rule's interventions that do not fit this person, with why; ``reason``:
    why a first or parallel step has no intervention at all (printed; never silent).
    """

    factor: str
    action: Action
    note: Text
    interventions: tuple[str, ...] = ()
    excluded: tuple[Excluded, ...] = ()
    reason: Text | None = None


@attrs.frozen(kw_only=True)
class Avoid:
    """A harmful or ineffective intervention, named so that nobody picks it by mistake."""

    intervention: str
    name: Text
    status: Status
    reason: Text
    evidence: tuple[Evidence, ...]


@attrs.frozen(kw_only=True)
class Dosage:
    """Estimated total hours of the selection against the level's dosage figures.

    ``estimated`` sums the selected interventions' hour estimates; ``not_estimated`` names
    those without one; ``target`` is the level's figure from the dosage studies.
    """

    estimated: Hours | None
    not_estimated: tuple[str, ...]
    target: Hours | None
    note: Text
    added: tuple[str, ...] = ()
    gap: int | None = None


@attrs.frozen(kw_only=True)
class Recommendations:
    """The matching result for one assessment (``not_taken``: candidates left out of the
    selection because an alternative of the same group was chosen, with why; ``combined``:
    recorded reasons to take more than one of a group)."""

    stamp: Stamp
    case_id: str
    catalogue: str
    catalogue_version: str
    program: str | None
    age: int | None
    risk_level: str | None
    risk_basis: Text
    intensity: Intensity | None
    needs: tuple[NeedMatch, ...]
    selected: tuple[Candidate, ...]
    steps: tuple[Step, ...]
    warnings: tuple[Text, ...] = ()
    avoid: tuple[Avoid, ...] = ()
    findings: tuple[Finding, ...] = ()
    risk_label: Text | None = None
    uncovered: tuple[Uncovered, ...] = ()
    dosage: Dosage | None = None
    program_label: Text | None = None
    not_taken: tuple[Excluded, ...] = ()
    combined: tuple[Combined, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the ``value`` of ``sigrbm match --format json``."""
        from sigrbm.reading.structure import unstructure

        out = unstructure(self, omit_defaults=False)
        assert isinstance(out, dict)
        return out


def _t(sv: str, en: str) -> Text:
    return Text.of(sv=sv, en=en)


#: Evidence statuses in words.
STATUS_LABELS = {
    Status.RECOMMENDED: _t("rekommenderad", "recommended"),
    Status.PROMISING: _t("lovande", "promising"),
    Status.UNCLEAR: _t("oklart stöd", "unclear evidence"),
    Status.INEFFECTIVE: _t("ingen effekt", "ineffective"),
    Status.HARMFUL: _t("skadlig", "harmful"),
}
#: Delivery formats in words.
FORMAT_LABELS = {
    Format.INDIVIDUAL: _t("individuell", "individual"),
    Format.FAMILY: _t("familj", "family"),
    Format.GROUP: _t("grupp", "group"),
    Format.PLACEMENT: _t("placering", "placement"),
}
#: Intervention intensities in words.
INTENSITY_LABELS = {
    InterventionIntensity.LIGHT: _t("lätt", "light"),
    InterventionIntensity.STRUCTURED: _t("strukturerad", "structured"),
    InterventionIntensity.INTENSIVE: _t("intensiv", "intensive"),
}
#: Responsivity actions (delivery order) in words.
ACTION_LABELS = {
    Action.FIRST: _t("först", "first"),
    Action.PARALLEL: _t("parallellt", "in parallel"),
    Action.ADAPT: _t("anpassa", "adapt"),
}
#: A plan entry's order in words.
ORDER_LABELS = {
    "first": _t("först", "first"),
    "parallel": _t("parallellt", "in parallel"),
    "need": _t("mot behov", "need-focused"),
}
