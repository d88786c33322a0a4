"""``score(instrument, assessment) -> Result``: a pure function.

Every domain and parallel score is a weighted sum over its items. Missing answers
("vet ej", or no answer) are never counted as zero: they widen the score into a
range ``[low, high]`` — the worst and best completions — and the level is reported
only if both ends land in the same band (*determinate*), unless the score's policy
prorates above a completeness share. Items that do not apply to the subject are
left out. Floors and flags are evaluated with three-valued logic, so a rule that
depends on a missing answer is reported as *possible*, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from sigrbm.case.model import Assessment
from sigrbm.errors import CaseError
from sigrbm.instrument.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    Condition,
    ItemIs,
    LevelAtLeast,
    ScoreAtLeast,
)
from sigrbm.instrument.model import (
    Band,
    DomainKind,
    Instrument,
    Item,
    MissingMethod,
    MissingPolicy,
    Role,
    ScaleKind,
)
from sigrbm.instrument.select import (
    Attributes,
    applies,
    band_choice,
    category_values,
    derived_items,
    domain_items,
    score_items,
)
from sigrbm.instrument.weight_by import scenarios, weight_in
from sigrbm.scoring.derived import attribute_truth, binned, combine, value_range
from sigrbm.scoring.judged import further, overall
from sigrbm.scoring.result import (
    BandTrace,
    Factor,
    ItemStatus,
    ItemTrace,
    Need,
    ParameterValue,
    Result,
    RuleHit,
    ScoreResult,
    ScoreStatus,
    ScreeningResult,
    Stamp,
    Truth,
)


def points_of(inst: Instrument, item: Item, answer: str | int | None) -> float | None:
    """Points for an answer; None for a missing answer (no answer or a missing option),
    unless the instrument declares that missing option counts as points (issue 24)."""
    if answer is None:
        return None
    scale = inst.scale(item.scale)
    if scale.kind is ScaleKind.COUNT:
        if isinstance(answer, int) and not isinstance(answer, bool) and answer >= 0:
            for b in scale.bins:
                if b.min <= answer and (b.max is None or answer <= b.max):
                    return b.points
            return None
        return inst.counted_points(item, str(answer))  # issue 24
    option = scale.option(str(answer))
    if option is None:  # issue 24: a missing option the coding rules count as points
        return inst.counted_points(item, str(answer))
    return option.value


@attrs.frozen
class _State:
    item: Item
    status: ItemStatus
    answer: str | int | None
    points: float | None
    lo: float  # points bounds (unweighted; the weight depends on the score, issue 13)
    hi: float
    counted: bool = False  # issue 24: a missing option counted as points by a coding rule

    def bounds(self, target: str, values: Attributes) -> tuple[float, float]:
        """Lowest and highest contribution to one score or domain, for a subject whose
        attributes that choose weights are all given (issue 24)."""
        if self.status is ItemStatus.NOT_APPLICABLE:
            return 0.0, 0.0
        w = weight_in(*self.item.weight_rule(target), values)
        assert w is not None
        a, b = sorted((w * self.lo, w * self.hi))
        return a, b

    def trace(self, target: str, values: Attributes, worlds: list[Attributes]) -> ItemTrace:
        plain, rule = self.item.weight_rule(target)
        w = weight_in(plain, rule, values)
        if w is None:  # issue 24: the attribute that chooses the weight is not given
            assert rule is not None
            ws = tuple(sorted({rule.weight(v[rule.attribute], plain) for v in worlds}))
            if len(ws) == 1:
                w = ws[0]
            else:
                return ItemTrace(
                    item=self.item.id,
                    status=self.status,
                    answer=self.answer,
                    points=self.points,
                    weight=ws[0],
                    contribution=None,
                    weight_by=rule.attribute,
                    weights=ws,
                )
        return ItemTrace(
            item=self.item.id,
            status=self.status,
            answer=self.answer,
            points=self.points,
            weight=w,
            contribution=None if self.points is None else w * self.points,
            weight_by=None if rule is None else rule.attribute,
            counted=self.counted,
        )


def _states(inst: Instrument, a: Assessment) -> dict[str, _State]:
    values = a.attribute_values() | inst.parameter_values()  # issue 13: parameters
    out: dict[str, _State] = {}
    for item in (*(i for i in inst.items if i.derive is None), *derived_items(inst)):
        answer = a.answers.get(item.id)
        applicable = applies(item.applies_when, values)
        pmin, pmax = inst.scale(item.scale).points_range()
        if applicable is False:
            out[item.id] = _State(item, ItemStatus.NOT_APPLICABLE, answer, None, 0.0, 0.0)
            continue
        if item.derive is not None:  # issue 13: a computed item
            out[item.id] = _derived_state(inst, item, out, values)
            continue
        points = points_of(inst, item, answer)
        if points is None:
            out[item.id] = _State(item, ItemStatus.MISSING, answer, None, pmin, pmax)
        else:
            counted = isinstance(answer, str) and inst.scale(item.scale).option(answer) is None
            out[item.id] = _State(
                item, ItemStatus.ANSWERED, answer, points, points, points, counted
            )
    return {i.id: out[i.id] for i in inst.items}


def _derived_state(
    inst: Instrument, item: Item, states: dict[str, _State], values: Attributes
) -> _State:
    def points(item_id: str) -> tuple[float, float] | None:
        s = states[item_id]
        return None if s.status is ItemStatus.NOT_APPLICABLE else (s.lo, s.hi)

    assert item.derive is not None
    lo, hi = value_range(item.derive, points, lambda c: _truth(c, states, {}, values), values)
    plo, phi = binned(inst.scale(item.scale), lo, hi)
    if plo == phi:
        return _State(item, ItemStatus.ANSWERED, lo if lo == hi else None, plo, plo, plo)
    return _State(item, ItemStatus.MISSING, None, None, plo, phi)


def _band_index(bands: Sequence[Band], x: float) -> int:
    for i, b in enumerate(bands):
        if x < b.min:
            return max(i - 1, 0)
        if b.below is None or x < b.below:
            return i
    return len(bands) - 1


@attrs.define
class _Open:
    """A score under construction: its range, its level range (as level-set indices)."""

    result: ScoreResult
    levels: tuple[str, ...] = ()
    lo_idx: int | None = None
    hi_idx: int | None = None
    floors: list[str] = attrs.field(factory=list)


def _sum(
    inst: Instrument,
    states: dict[str, _State],
    items: Sequence[Item],
    *,
    policy: MissingPolicy,
    lookup_id: str | None,
    table_id: str | None,
    values: Attributes,
    ident: tuple[str, str, str],
) -> _Open:
    target = ident[0]
    chosen = [states[i.id] for i in items]
    applicable = [s for s in chosen if s.status is not ItemStatus.NOT_APPLICABLE]
    answered = [s for s in applicable if s.status is ItemStatus.ANSWERED]
    rules = [r for s in chosen if (r := s.item.weight_rule(target)[1]) is not None]
    # issue 24: read for every value of an unknown attribute that chooses a weight; join
    worlds = scenarios(rules, values, category_values(inst)) if rules else [values]
    sums = [_range(answered, applicable, target, w) for w in worlds]
    raw = min(r[0] for r in sums)
    lo = min(r[1] for r in sums)
    hi = max(r[2] for r in sums)
    complete = len(answered) == len(applicable) and lo == hi
    status = ScoreStatus.COMPLETE if complete else ScoreStatus.PARTIAL
    if status is ScoreStatus.PARTIAL and policy.method is MissingMethod.PRORATE:
        share = len(answered) / len(applicable)
        if share >= (policy.min_completeness or 1.0):
            top_all = sum(_top(inst, s.item, target) for s in applicable)
            top_answered = sum(_top(inst, s.item, target) for s in answered)
            lo = hi = raw * top_all / top_answered if top_answered else raw
            status = ScoreStatus.PRORATED
    before = (lo, hi) if lookup_id is not None else (None, None)  # issue 24
    if lookup_id is not None:
        rows = inst.lookup(lookup_id).rows
        hit = [r.value for r in rows if r.min <= hi and (r.below is None or r.below > lo)]
        lo, hi = (min(hit), max(hit)) if hit else (lo, hi)
    value = lo if lo == hi else None
    open_ = _Open(
        ScoreResult(
            id=ident[0],
            source=ident[1],
            kind=ident[2],
            status=status,
            value=value,
            low=lo,
            high=hi,
            raw=raw,
            answered=len(answered),
            applicable=len(applicable),
            items=tuple(s.trace(target, values, worlds) for s in chosen),
            raw_low=before[0],
            raw_high=before[1],
        )
    )
    if table_id is None:
        return open_
    table = inst.band_table(table_id)
    choice = band_choice(table, values)  # issue 16: never a silent fall-back to the defaults
    if not choice.candidates:
        return open_
    order = tuple(lv.id for lv in inst.table_levels(table.id).levels)  # issue 13
    ranges: list[tuple[int, int]] = []
    touched: list[BandTrace] = []
    for bands in choice.candidates:
        i_lo, i_hi = _band_index(bands, lo), _band_index(bands, hi)
        ranges.append((order.index(bands[i_lo].level), order.index(bands[i_hi].level)))
        for b in bands[i_lo : i_hi + 1]:
            trace = BandTrace(level=b.level, min=b.min, below=b.below)
            if trace not in touched:
                touched.append(trace)
    open_.levels = order
    open_.lo_idx = min(r[0] for r in ranges)
    open_.hi_idx = max(r[1] for r in ranges)
    computed = order[open_.lo_idx] if open_.lo_idx == open_.hi_idx else None
    open_.result = attrs.evolve(
        open_.result,
        computed_level=computed,
        bands=tuple(touched),
        levels=order,
        band_needs=choice.needs if len(set(ranges)) > 1 else (),
    )
    return open_


def _range(
    answered: list[_State], applicable: list[_State], target: str, values: Attributes
) -> tuple[float, float, float]:
    """The answered sum and the lowest and highest sum, for one subject (issue 24)."""
    raw = sum((s.bounds(target, values)[0] for s in answered), 0.0)
    missing = [s.bounds(target, values) for s in applicable if s.status is ItemStatus.MISSING]
    return (
        raw,
        raw + sum((b[0] for b in missing), 0.0),
        raw + sum((b[1] for b in missing), 0.0),
    )


def _top(inst: Instrument, item: Item, target: str) -> float:
    pmin, pmax = inst.scale(item.scale).points_range()
    w = item.weight_for(target)
    return max(w * pmin, w * pmax)


def _truth(
    c: Condition, states: dict[str, _State], opened: dict[str, _Open], values: Attributes
) -> Truth:
    if isinstance(c, AttributeCondition):  # issue 13
        return attribute_truth(c, values)
    if isinstance(c, ItemIs):
        s = states.get(c.item)
        if s is None or s.status is ItemStatus.NOT_APPLICABLE:
            return Truth.NO
        if s.answer is not None and str(s.answer) in c.in_:
            return Truth.YES
        return Truth.UNKNOWN if s.status is ItemStatus.MISSING else Truth.NO
    if isinstance(c, ScoreAtLeast):
        r = opened[c.score].result
        if r.low >= c.min:
            return Truth.YES
        return Truth.NO if r.high < c.min else Truth.UNKNOWN
    if isinstance(c, LevelAtLeast):
        o = opened[c.level_of]
        if o.lo_idx is None or o.hi_idx is None:
            return Truth.UNKNOWN
        want = o.levels.index(c.at_least)
        if o.lo_idx >= want:
            return Truth.YES
        return Truth.NO if o.hi_idx < want else Truth.UNKNOWN
    assert isinstance(c, AllOf | AnyOf)
    parts = [_truth(p, states, opened, values) for p in (c.all if isinstance(c, AllOf) else c.any)]
    return combine(c, parts)


def _close(o: _Open) -> ScoreResult:
    r = o.result
    if o.lo_idx is None or o.hi_idx is None:
        return r
    low, high = o.levels[o.lo_idx], o.levels[o.hi_idx]
    return attrs.evolve(
        r,
        level=low if o.lo_idx == o.hi_idx else None,
        level_low=low,
        level_high=high,
        floors=tuple(o.floors),
    )


def compute(inst: Instrument, a: Assessment, *, need_threshold: str | None = None) -> Result:
    """Score without validating the assessment first (see :func:`score`)."""
    states = _states(inst, a)
    values = a.attribute_values() | inst.parameter_values()  # issue 13: parameters
    default = inst.defaults.missing
    opened: dict[str, _Open] = {}
    for d in inst.domains:
        opened[d.id] = _sum(
            inst,
            states,
            domain_items(inst, d.id),
            policy=d.missing or default,
            lookup_id=None,
            table_id=d.bands,
            values=values,
            ident=(d.id, "domain", d.kind.value),
        )
    for s in inst.scores:
        opened[s.id] = _sum(
            inst,
            states,
            score_items(inst, s),
            policy=s.missing or default,
            lookup_id=s.lookup,
            table_id=s.bands,
            values=values,
            ident=(s.id, "score", s.kind.value),
        )
    rules: list[RuleHit] = []
    for fl in inst.floors:
        truth = _truth(fl.when, states, opened, values)
        target = opened[fl.target]
        if truth is Truth.NO or target.lo_idx is None or target.hi_idx is None:
            continue
        want = target.levels.index(fl.level)
        before = (target.lo_idx, target.hi_idx)
        if truth is Truth.YES:
            target.lo_idx = max(target.lo_idx, want)
        target.hi_idx = max(target.hi_idx, want)
        changed = (target.lo_idx, target.hi_idx) != before
        if changed:
            target.floors.append(fl.id)
        rules.append(
            RuleHit(
                id=fl.id,
                kind="floor",
                truth=truth,
                target=fl.target,
                level=fl.level,
                changed=changed,
                label=fl.reason,
            )
        )
    for fg in inst.flags:
        truth = _truth(fg.when, states, opened, values)
        if truth is not Truth.NO:
            rules.append(RuleHit(id=fg.id, kind="flag", truth=truth, label=fg.label))
    domains = tuple(_close(opened[d.id]) for d in inst.domains)
    scores = tuple(_close(opened[s.id]) for s in inst.scores)
    closed = {r.id: r for r in domains + scores}
    return Result(
        stamp=Stamp(
            instrument_id=inst.id,
            version=inst.version,
            content_hash=inst.content_hash,
            parameters=tuple(ParameterValue(id=k, value=v) for k, v in values_of(inst)),
        ),
        case_id=a.case_id,
        date=a.date,
        assessor=a.assessor,
        domains=domains,
        scores=scores,
        overall=overall(inst, a, closed),
        judgements=further(inst, a, closed),
        needs=_needs(inst, opened, need_threshold),
        responsivity=_factors(states, Role.RESPONSIVITY),
        protective=_factors(states, Role.PROTECTIVE),
        missing=tuple(i for i, s in states.items() if s.status is ItemStatus.MISSING),
        not_applicable=tuple(i for i, s in states.items() if s.status is ItemStatus.NOT_APPLICABLE),
        rules=tuple(rules),
        screening=_screening(inst, opened),
    )


def values_of(inst: Instrument) -> list[tuple[str, str]]:
    """Parameter values in declaration order (issue 13)."""
    return list(inst.parameter_values().items())


def _needs(inst: Instrument, opened: dict[str, _Open], threshold: str | None) -> tuple[Need, ...]:
    found: list[tuple[tuple[float, ...], Need]] = []
    for d in inst.domains:
        o = opened[d.id]
        if d.kind is not DomainKind.DYNAMIC or o.lo_idx is None or o.hi_idx is None:
            continue
        want = o.levels.index(threshold) if threshold in o.levels else 1
        if o.hi_idx < want:
            continue
        certain = o.lo_idx >= want
        r = o.result
        key = (
            0 if certain else 1,
            -o.hi_idx if not certain else -o.lo_idx,
            0 if d.big_four else 1,
            -(r.high if r.value is None else r.value),
        )
        found.append(
            (
                key,
                Need(
                    domain=d.id,
                    rank=0,
                    level=o.levels[o.lo_idx] if o.lo_idx == o.hi_idx else None,
                    level_high=o.levels[o.hi_idx],
                    big_four=d.big_four,
                    value=r.value,
                    certain=certain,
                ),
            )
        )
    found.sort(key=lambda kv: kv[0])
    return tuple(attrs.evolve(n, rank=i + 1) for i, (_, n) in enumerate(found))


def _factors(states: dict[str, _State], role: Role) -> tuple[Factor, ...]:
    return tuple(
        Factor(
            item=s.item.id,
            role=role.value,
            answer=s.answer,
            text=s.item.text,
            implication=s.item.implication,
        )
        for s in states.values()
        if s.item.role is role and s.points is not None and s.points > 0 and s.answer is not None
    )


def _screening(inst: Instrument, opened: dict[str, _Open]) -> ScreeningResult | None:
    sc = inst.screening
    if sc is None:
        return None
    o = opened[sc.score]
    r = _close(o)
    if o.lo_idx is None or o.hi_idx is None:
        eligible = None
    else:
        possible = {o.levels[i] for i in range(o.lo_idx, o.hi_idx + 1)}
        if possible <= set(sc.eligible_levels):
            eligible = True
        elif possible.isdisjoint(sc.eligible_levels):
            eligible = False
        else:
            eligible = None
    reasons = tuple(t.item for t in r.items if t.contribution is not None and t.contribution > 0)
    missing = tuple(t.item for t in r.items if t.status is ItemStatus.MISSING)
    return ScreeningResult(
        score=sc.score, eligible=eligible, level=r.level, reasons=reasons, missing=missing
    )


def score(
    instrument: Instrument, assessment: Assessment, *, need_threshold: str | None = None
) -> Result:
    """Score one assessment against its instrument.

    The assessment is checked first (item ids, options, version, applicability,
    judgement); any problem raises :class:`~sigrbm.errors.CaseError` listing all of them.
    ``need_threshold`` is the lowest domain level that counts as a need (default: any
    level above the lowest).
    """
    from sigrbm.scoring.check import check_and_compute

    problems, result = check_and_compute(instrument, assessment)
    if problems or result is None:
        raise CaseError(problems)
    if need_threshold is None:
        return result
    return compute(instrument, assessment, need_threshold=need_threshold)
