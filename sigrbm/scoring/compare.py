"""Reassessment: how levels and needs changed between two results of the same case."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from sigrbm.errors import SigrbmError
from sigrbm.scoring.result import Result, ScoreResult


class IncompatibleError(SigrbmError):
    """The two results cannot be compared (other case, other instrument or major version)."""


class Change(enum.Enum):
    """Direction of change of a risk or need level (lower is better)."""

    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSE = "worse"
    UNDETERMINED = "undetermined"  # a level is missing on one side


@attrs.frozen(kw_only=True)
class LevelChange:
    """One domain or score, before and after."""

    id: str
    source: str
    earlier_level: str | None
    later_level: str | None
    earlier_value: float | None
    later_value: float | None
    change: Change


@attrs.frozen(kw_only=True)
class Comparison:
    """Change per domain and score, overall, and needs that appeared or resolved."""

    case_id: str
    instrument_id: str
    earlier_version: str
    later_version: str
    earlier_date: str
    later_date: str
    domains: tuple[LevelChange, ...]
    scores: tuple[LevelChange, ...]
    overall: LevelChange | None
    needs_appeared: tuple[str, ...]
    needs_resolved: tuple[str, ...]
    needs_remaining: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the ``comparison`` of ``sigrbm compare --format json``."""
        from sigrbm.reading.structure import unstructure

        out = unstructure(self, omit_defaults=False)
        assert isinstance(out, dict)
        return out


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def _change(
    a: ScoreResult, b: ScoreResult, order: list[str], *, higher_is_better: bool
) -> LevelChange:
    if a.level is None or b.level is None or a.level not in order or b.level not in order:
        change = Change.UNDETERMINED
    else:
        diff = order.index(b.level) - order.index(a.level)
        if higher_is_better:
            diff = -diff
        change = Change.UNCHANGED if diff == 0 else Change.WORSE if diff > 0 else Change.IMPROVED
    return LevelChange(
        id=a.id,
        source=a.source,
        earlier_level=a.level,
        later_level=b.level,
        earlier_value=a.value,
        later_value=b.value,
        change=change,
    )


def compare(earlier: Result, later: Result) -> Comparison:
    """Compare two results of the same case and instrument (same major version).

    Levels are ordered by the level set each result carries. Raises
    :class:`IncompatibleError` for another case, another instrument or another major
    version, and when ``later`` is not later than ``earlier``.
    """
    if earlier.case_id != later.case_id:
        raise IncompatibleError(
            f"the results belong to different cases ({earlier.case_id}, {later.case_id})"
        )
    if earlier.stamp.instrument_id != later.stamp.instrument_id:
        raise IncompatibleError(
            f"the results come from different instruments ({earlier.stamp.instrument_id}, "
            f"{later.stamp.instrument_id})"
        )
    if _major(earlier.stamp.version) != _major(later.stamp.version):
        raise IncompatibleError(
            f"versions {earlier.stamp.version} and {later.stamp.version} differ in their major "
            "number, so their levels are not comparable"
        )
    if later.date < earlier.date:
        raise IncompatibleError(
            f"the 'later' assessment ({later.date}) is older than the 'earlier' one "
            f"({earlier.date})"
        )

    def order_of(r: ScoreResult) -> list[str]:
        return list(r.levels)

    pairs = [(a, later.domain(a.id)) for a in earlier.domains]
    domains = tuple(_change(a, b, order_of(a), higher_is_better=False) for a, b in pairs)
    scores = tuple(
        _change(a, later.score(a.id), order_of(a), higher_is_better=a.kind == "protective")
        for a in earlier.scores
    )
    overall = None
    if earlier.overall is not None and later.overall is not None:
        e, lt = earlier.overall, later.overall
        r_e = attrs.evolve(earlier.score(e.score), level=e.final_level)
        r_l = attrs.evolve(later.score(lt.score), level=lt.final_level)
        overall = _change(r_e, r_l, order_of(r_e), higher_is_better=False)
    before = {n.domain for n in earlier.needs if n.certain}
    after = {n.domain for n in later.needs if n.certain}
    return Comparison(
        case_id=earlier.case_id,
        instrument_id=earlier.stamp.instrument_id,
        earlier_version=earlier.stamp.version,
        later_version=later.stamp.version,
        earlier_date=earlier.date.isoformat(),
        later_date=later.date.isoformat(),
        domains=domains,
        scores=scores,
        overall=overall,
        needs_appeared=tuple(n.domain for n in later.needs if n.certain and n.domain not in before),
        needs_resolved=tuple(d.id for d in later.domains if d.id in before and d.id not in after),
        needs_remaining=tuple(n.domain for n in later.needs if n.domain in before and n.certain),
    )
