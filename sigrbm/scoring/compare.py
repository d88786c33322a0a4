"""Reassessment: how levels and needs changed between two results of the same case."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from sigrbm.errors import SigrbmError
from sigrbm.scoring.result import Overall, Result, ScoreResult


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
class JudgedChange:
    """One judged score before and after (issue 13): the change of the level that holds, and
    each result's judgement — computed level, professional level, reason, author, date."""

    score: str
    change: LevelChange  # of the final levels; ``source`` is the score's
    computed_change: Change  # of the computed levels
    earlier: Overall
    later: Overall


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
    #: issue 13: every judged score, the first (as ``overall``) and each further one
    judged: tuple[JudgedChange, ...] = ()

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
    judged = _judged(earlier, later)
    overall = judged[0].change if judged else None
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
        judged=judged,
    )


def _target(result: Result, score: str) -> ScoreResult:
    """The score or domain a judgement is on."""
    return next(r for r in (*result.scores, *result.domains) if r.id == score)


def _judged(earlier: Result, later: Result) -> tuple[JudgedChange, ...]:
    """The first judged score and each further one that both results judge, in the later
    result's order; the change is of the level that holds (the professional one when given)."""
    if earlier.overall is None or later.overall is None:
        return ()
    before = {o.score: o for o in (earlier.overall, *earlier.judgements)}
    out = []
    for lt in (later.overall, *later.judgements):
        e = before.get(lt.score)
        if e is None:
            continue
        a, b = _target(earlier, e.score), _target(later, lt.score)
        higher = a.kind == "protective"
        final = _change(
            attrs.evolve(a, level=e.final_level),
            attrs.evolve(b, level=lt.final_level),
            list(a.levels),
            higher_is_better=higher,
        )
        computed = _change(
            attrs.evolve(a, level=e.computed_level),
            attrs.evolve(b, level=lt.computed_level),
            list(a.levels),
            higher_is_better=higher,
        )
        out.append(
            JudgedChange(
                score=lt.score, change=final, computed_change=computed.change, earlier=e, later=lt
            )
        )
    return tuple(out)
