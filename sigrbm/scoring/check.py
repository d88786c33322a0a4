"""Check an assessment against its instrument, then score it once: what every scoring path runs."""

from __future__ import annotations

from sigrbm.case.check import check_assessment
from sigrbm.case.model import Assessment
from sigrbm.errors import Code, Path, Problem
from sigrbm.instrument.model import Instrument
from sigrbm.reading.source import SourceMap
from sigrbm.scoring.result import Result
from sigrbm.scoring.score import compute


def check_and_compute(
    inst: Instrument, a: Assessment, smap: SourceMap | None = None, base: Path = ()
) -> tuple[list[Problem], Result | None]:
    """Check ``a`` and, if it is clean, score it once: (problems, result or None).

    The override rule needs the computed level, so it is checked on the result.
    """
    problems = check_assessment(inst, a, smap, base)
    if problems:
        return problems, None
    result = compute(inst, a)
    j_def = inst.judgement
    if j_def is None or not j_def.override_requires_reason:
        return problems, result
    judged = [(result.overall, a.judgement, (*base, "judgement"))]
    judged += [  # issue 13: each further judged score needs its own reason, author, date
        (o, a.judgements.get(o.score), (*base, "judgements", o.score)) for o in result.judgements
    ]
    for overall, j, where in judged:
        if overall is None or not overall.override or j is None:
            continue
        lacking = override_lacking(j.reason, j.author, j.date)
        if lacking:
            problems.append(
                (smap or SourceMap()).problem(
                    Code.CASE_OVERRIDE_REASON,
                    where,
                    override_message(j.level, overall.computed_level, lacking),
                    sv=override_message(j.level, overall.computed_level, lacking, "sv"),
                )
            )
    if problems:
        return problems, None
    return problems, result


def override_lacking(reason: object, author: object, date: object) -> list[str]:
    """Which of reason, author and date an override lacks (shared with the batch readers)."""
    given = {"reason": reason, "author": author, "date": date}
    return [k for k, v in given.items() if not v]


def override_message(level: str, computed: str | None, lacking: list[str], lang: str = "en") -> str:
    """The C604 message (the same wording on every path; issue 21: in Swedish too)."""
    if lang == "sv":
        return (
            f"nivån '{level}' skiljer sig från den beräknade nivån ({computed or 'obestämd'}); "
            f"en avvikelse kräver {', '.join(lacking)}"
        )
    return (
        f"level '{level}' differs from the computed level ({computed or 'undetermined'}); an "
        f"override needs {', '.join(lacking)}"
    )
