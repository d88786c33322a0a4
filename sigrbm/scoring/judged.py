"""The judged scores of a result: each computed level beside the assessor's own (moved out
of :mod:`sigrbm.scoring.score`, issue 24, which it had outgrown)."""

from __future__ import annotations

from sigrbm.case.model import Assessment, ProfessionalJudgement
from sigrbm.instrument.model import Instrument
from sigrbm.scoring.result import Overall, ScoreResult


def overall(inst: Instrument, a: Assessment, closed: dict[str, ScoreResult]) -> Overall | None:
    """The first judged score (``judgement.score``), or None without a judgement."""
    if inst.judgement is None:
        return None
    return judged(closed[inst.judgement.score], a.judgement)


def further(inst: Instrument, a: Assessment, closed: dict[str, ScoreResult]) -> tuple[Overall, ...]:
    """Issue 13: the further judged scores, each with its own judgement."""
    if inst.judgement is None:
        return ()
    return tuple(judged(closed[s], a.judgements.get(s)) for s in inst.judgement.further_scores)


def judged(r: ScoreResult, j: ProfessionalJudgement | None) -> Overall:
    """One judged score: the professional level, when given, is the final one."""
    if j is None:
        return Overall(score=r.id, computed_level=r.level, final_level=r.level)
    return Overall(
        score=r.id,
        computed_level=r.level,
        professional_level=j.level,
        reason=j.reason,
        author=j.author,
        date=j.date,
        override=j.level != r.level,
        final_level=j.level,
    )
