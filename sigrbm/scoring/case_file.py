"""Load a case file, resolve each assessment's instrument, check and score everything.

The one place that turns a case *file* into results, used by the command line and by
:func:`sigrbm.score_case_file`; every problem in the file is collected first.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import attrs

from sigrbm.case.model import Assessment, Case, check_case_file
from sigrbm.errors import Code, InstrumentError, NotFoundError, Problem, sort_problems
from sigrbm.instrument.load import bundled_paths, load_instrument
from sigrbm.instrument.model import Instrument
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean
from sigrbm.scoring.check import check_and_compute
from sigrbm.scoring.compare import IncompatibleError
from sigrbm.scoring.result import Result


@attrs.frozen
class Scored:
    """One assessment with the instrument that scored it and its result."""

    assessment: Assessment
    instrument: Instrument
    result: Result


@attrs.frozen
class ScoredCase:
    """A case file's results, or the problems that prevented scoring it."""

    case: Case | None
    items: list[Scored]
    problems: list[Problem]


def resolve_instrument(
    a: Assessment, override: Instrument | None, smap: SourceMap, i: int, cache: bool
) -> tuple[Instrument | None, list[Problem]]:
    # issue 12: --instrument replaces only the instrument with the same id; an assessment of
    # another instrument is scored with its bundled one
    if override is not None and override.id == a.instrument:
        return override, []
    try:
        return load_instrument(a.instrument, cache=cache), []
    except NotFoundError:
        msg = (
            f"no bundled instrument '{a.instrument}'{did_you_mean(a.instrument, bundled_paths())}; "
            "give the file with --instrument"
        )
        sv = (
            f"inget medföljande instrument '{a.instrument}'"
            f"{did_you_mean(a.instrument, bundled_paths(), 'sv')}; ange filen med --instrument"
        )
        return None, [
            smap.problem(
                Code.CASE_INSTRUMENT_MISMATCH, ("assessments", i, "instrument"), msg, sv=sv
            )
        ]
    except InstrumentError as exc:
        return None, list(exc.problems)


def score_case_file(
    path: str | os.PathLike[str],
    instrument: str | os.PathLike[str] | None = None,
    *,
    cache: bool = False,
    adapt: Callable[[Instrument], Instrument] | None = None,
) -> ScoredCase:
    """Check and score every assessment in a case file (``-`` reads stdin).

    ``instrument`` is a path (or bundled id) used instead of the bundled instrument
    that each assessment names. ``adapt`` changes each instrument before scoring, e.g.
    sets local parameters (issue 13); its :class:`InstrumentError` becomes problems.
    """
    case, smap, problems = check_case_file(path)
    if case is None or problems:
        return ScoredCase(case, [], problems)
    return score_case(case, smap, instrument, cache=cache, adapt=adapt)


def score_case(
    case: Case,
    smap: SourceMap,
    instrument: str | os.PathLike[str] | Instrument | None = None,
    *,
    cache: bool = False,
    adapt: Callable[[Instrument], Instrument] | None = None,
) -> ScoredCase:
    """Check and score every assessment of a case already read (``smap`` locates problems);
    the rest as :func:`score_case_file`; ``instrument`` may be an instrument already loaded."""
    problems: list[Problem] = []
    if not case.assessments:  # issue 11: a case at referral has nothing to score yet
        msg = "the case has no assessment yet; record one (sigrbm case add screening)"
        return ScoredCase(case, [], [smap.problem(Code.EMPTY_LIST, ("assessments",), msg)])
    override = instrument if isinstance(instrument, Instrument) else None
    if instrument is not None and not isinstance(instrument, Instrument):
        try:
            override = load_instrument(instrument, cache=cache)
        except NotFoundError as exc:
            return ScoredCase(
                case,
                [],
                [
                    Problem(
                        code=Code.UNREADABLE, path=(), message=str(exc), file=os.fspath(instrument)
                    )
                ],
            )
        except InstrumentError as exc:
            return ScoredCase(case, [], list(exc.problems))
    scored: list[Scored] = []
    for i, a in enumerate(case.assessments):
        inst, found = resolve_instrument(a, override, smap, i, cache)
        problems += found
        if inst is None:
            continue
        if adapt is not None:  # issue 13: local parameters
            try:
                inst = adapt(inst)
            except InstrumentError as exc:  # a parameter file's problems once, not per assessment
                problems += [p for p in exc.problems if p not in problems]
                continue
        found, result = check_and_compute(inst, a, smap, ("assessments", i))
        problems += found
        if result is not None:
            scored.append(Scored(a, inst, result))
    if override is not None and all(a.instrument != override.id for a in case.assessments):
        msg = (
            f"--instrument is '{override.id}', but no assessment names it; it replaces only "
            "the instrument with the same id"
        )
        sv = (
            f"--instrument är '{override.id}', men ingen bedömning anger det; det ersätter "
            "bara instrumentet med samma id"
        )
        problems.append(smap.problem(Code.CASE_INSTRUMENT_MISMATCH, ("assessments",), msg, sv=sv))
    if problems:
        return ScoredCase(case, [], sort_problems(problems))
    return ScoredCase(case, scored, [])


def pick_pair(
    path_a: str,
    path_b: str | None,
    instrument_id: str | None,
    instrument: str | None,
    *,
    cache: bool = False,
) -> tuple[Scored | None, Scored | None, list[Problem]]:
    """The two assessments ``sigrbm compare`` compares: first and latest in one file,
    or the latest in each of two files, of the same instrument."""
    a = score_case_file(path_a, instrument, cache=cache)
    if a.problems:
        return None, None, a.problems
    if path_b is None:
        pool = a.items
    else:
        b = score_case_file(path_b, instrument, cache=cache)
        if b.problems:
            return None, None, b.problems
        pool = b.items
    wanted = instrument_id or max(pool, key=lambda x: x.assessment.date).assessment.instrument
    if path_b is None:
        same = sorted(
            (x for x in a.items if x.assessment.instrument == wanted),
            key=lambda x: x.assessment.date,
        )
        if len(same) < 2:
            raise IncompatibleError(
                f"{path_a} holds {len(same)} assessment(s) with {wanted}; comparing needs two"
            )
        return same[0], same[-1], []
    first = [x for x in a.items if x.assessment.instrument == wanted]
    second = [x for x in pool if x.assessment.instrument == wanted]
    if not first or not second:
        raise IncompatibleError(f"both files need an assessment with {wanted}")
    return (
        max(first, key=lambda x: x.assessment.date),
        max(second, key=lambda x: x.assessment.date),
        [],
    )
