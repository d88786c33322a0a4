"""Follow-up statistics across many assessments, with disclosure control.

Counts per level (overall and per domain), need prevalence per dynamic domain, responsivity
prevalence, and change between each person's first and latest assessment in the group
(improved / unchanged / worse / undetermined), optionally grouped by program, age group or
a subject attribute. Everything is computed column-wise (one pass of numpy per group and
measure), so the cost grows linearly with the number of rows.

Disclosure control (see ``docs/follow-up.md``): a person is a case id. Thresholds count
**distinct persons**, never assessments.

1. A group with fewer than ``min_group`` persons is suppressed whole. If that leaves exactly
   one suppressed group, the smallest other group is suppressed too (*complementary*), so
   that the total cannot give the suppressed group away by subtraction; with one group only,
   the total is withheld instead.
2. In a published group, every cell counting 1 … ``min_group - 1`` persons is suppressed.
3. A table whose cells add up to a published total (levels of one target: the group's
   assessments; change of one target: the persons assessed twice or more) never has exactly
   one suppressed cell: the smallest other cell is suppressed too (*complementary*).

Every suppressed value is ``None`` and listed in ``suppressed`` with its reason.

4. With ``rounding`` above 1 (``sigrbm stats`` rounds to 5 unless told otherwise), every
   published count is randomly rounded with cell keys and the thresholds of rules 1 and 2 are
   raised by a key-chosen amount (:mod:`sigrbm.batch.rounding`), so that tables published
   together — other groupings, the ungrouped run, the same file with one person more or
   less — cannot be differenced to give a suppressed value exactly (issue 22).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.input import BatchInput
from sigrbm.batch.kernel import BatchResult, items_present
from sigrbm.batch.rounding import Keys, Rounding, cell_key, record_keys, row_keys
from sigrbm.instrument.model import DomainKind, Role, ScoreKind

MIN_GROUP = 5
#: Format version of the JSON form (2: counts of persons, null when withheld).
STATS_FORMAT_VERSION = 2
AGE_GROUPS = ((10, 14, "10-14"), (15, 17, "15-17"), (18, 24, "18-24"), (25, 120, "25+"))
UNDETERMINED = "undetermined"
CHANGE_WORDS = ("improved", "unchanged", "worse", UNDETERMINED)
SMALL, COMPLEMENTARY = "small", "complementary"

Counts = dict[str, int | None]


@attrs.frozen(kw_only=True)
class Suppressed:
    """One withheld value: where it is and why (``small`` or ``complementary``)."""

    measure: str  # group, level, need, responsivity, change
    target: str  # the domain, score or item ('' for a whole group)
    key: str  # the level or change word ('' when the measure has none)
    reason: str


@attrs.frozen(kw_only=True)
class GroupStats:
    """Statistics of one group (or of everything when ``key`` is None)."""

    key: str | None
    assessments: int | None  # None when the group is suppressed
    cases: int | None  # distinct persons
    suppressed: bool
    reason: str | None = None  # why the whole group is suppressed
    levels: dict[str, Counts] = attrs.field(factory=dict)  # target → level → assessments
    needs: Counts = attrs.field(factory=dict)  # dynamic domain → persons with a certain need
    responsivity: Counts = attrs.field(factory=dict)  # item → assessments with it present
    change: dict[str, Counts] = attrs.field(factory=dict)  # target → change → persons
    withheld: tuple[Suppressed, ...] = ()  # suppressed cells of this group


@attrs.frozen(kw_only=True)
class Stats:
    """The whole report."""

    instrument_id: str
    version: str
    content_hash: str
    by: str | None
    min_group: int
    total: int | None  # None when withheld (it would give a suppressed group away)
    skipped: int
    groups: tuple[GroupStats, ...]
    rounding: int = 1  # counts are rounded to multiples of this (1: exact)


def _codes(values: Sequence[Any]) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """Dense integer codes of hashable values, and the values by code (first seen first)."""
    index: defaultdict[Any, int] = defaultdict()
    index.default_factory = index.__len__  # a new value gets the next code (no Python loop)
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return codes, list(index)


def _group_keys(data: BatchInput, by: str | None) -> list[str]:
    if by is None:
        return ["all"] * len(data)
    if by == "program":
        return [p or "(none)" for p in data.programs]
    if by == "age_group":
        ages = data.attributes.get("age", np.full(len(data), np.nan))
        labels = np.full(len(data), "(unknown)", dtype=object)
        known = ~np.isnan(ages)
        labels[known] = "(other)"
        for lo, hi, label in AGE_GROUPS:
            labels[known & (ages >= lo) & (ages <= hi)] = label
        return list(labels)
    col = data.attributes.get(by)
    if col is None:
        raise KeyError(by)
    return [
        "(unknown)" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in col
    ]


@attrs.define
class _Group:
    """Rows of one group, sorted by person then date."""

    rows: npt.NDArray[np.int64]
    person: npt.NDArray[np.int64]
    first: npt.NDArray[np.bool_]
    last: npt.NDArray[np.bool_]
    person_keys: Keys  # per row: its person's key (rounding)
    row_keys: Keys  # per row: its own key

    @property
    def persons(self) -> int:
        return int(self.first.sum())

    @property
    def key(self) -> int:
        """The cell key of the group's persons."""
        return cell_key(self.person_keys[self.first])


def compute_stats(
    data: BatchInput,
    result: BatchResult,
    *,
    by: str | None = None,
    min_group: int = MIN_GROUP,
    skipped: int = 0,
    rounding: int = 1,
) -> Stats:
    """Statistics over every row; ``by`` is ``program``, ``age_group`` or an attribute id;
    ``rounding`` above 1 rounds every count at random to its multiples (rule 4 above)."""
    c = result.compiled
    inst = c.instrument
    pub = Rounding(rounding)
    gid, names = _codes(_group_keys(data, by))
    person, ids = _codes(data.case_ids)
    ordinal = {d: d.toordinal() for d in set(data.dates)}  # few distinct dates
    days = np.fromiter(map(ordinal.__getitem__, data.dates), dtype=np.int64, count=len(data))
    pkeys = record_keys([str(i) for i in ids])[person] if rounding > 1 else np.zeros(len(data))
    rkeys = row_keys(pkeys, days)
    order = np.lexsort((days, person, gid))
    levels = _final_levels(data, result)  # (n, level targets): index, len(order) = undetermined
    resp = [k for k, item in enumerate(inst.items) if item.role is Role.RESPONSIVITY]
    shown = (
        result.present[:, resp]
        if result.present is not None
        else items_present(c, data.answers, data.attributes, resp)
    )
    present = {inst.items[k].id: shown[:, j] for j, k in enumerate(resp)}
    groups: dict[str, _Group] = {}
    for g, name in enumerate(names):
        rows = order[gid[order] == g]
        p = person[rows]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = p[1:] != p[:-1]
        last = np.ones(len(rows), dtype=bool)
        last[:-1] = p[1:] != p[:-1]
        groups[str(name)] = _Group(rows, p, first, last, pkeys[rows], rkeys[rows])
    small = {k for k, g in groups.items() if g.persons < min_group + pub.extra(g.key)}
    reasons = dict.fromkeys(small, SMALL)
    total: int | None = pub.value(len(data), cell_key(rkeys))
    if len(small) == 1 and len(groups) > 1:
        other = min((k for k in groups if k not in small), key=lambda k: (groups[k].persons, k))
        reasons[other] = COMPLEMENTARY
    elif len(small) == 1:
        total = None
    out = []
    for key in sorted(groups):
        grp = groups[key]
        label = None if by is None else key
        if key in reasons:
            out.append(
                GroupStats(
                    key=label, assessments=None, cases=None, suppressed=True, reason=reasons[key]
                )
            )
            continue
        out.append(
            _group_stats(label, grp, result, levels, min_group=min_group, pub=pub, present=present)
        )
    return Stats(
        instrument_id=inst.id,
        version=inst.version,
        content_hash=inst.content_hash,
        by=by,
        min_group=min_group,
        total=total,
        skipped=skipped,
        groups=tuple(out),
        rounding=pub.base,
    )


def _final_levels(data: BatchInput, result: BatchResult) -> dict[int, npt.NDArray[np.int64]]:
    """Per level target: the level index per row (the assessor's level for the judged
    target when given), ``len(levels)`` when undetermined."""
    c = result.compiled
    judged = c.target(c.instrument.judgement.score) if c.instrument.judgement else None
    out: dict[int, npt.NDArray[np.int64]] = {}
    for t, order in c.level_sets.items():
        lvl = result.level[:, t].astype(np.int64)
        lvl = np.where(lvl < 0, len(order), lvl)
        if t == judged:
            pos = {lv: i for i, lv in enumerate(order)}
            lut = {j: pos.get(j, -1) if j else -1 for j in set(data.judgements)}
            given = np.fromiter(
                map(lut.__getitem__, data.judgements),
                dtype=np.int64,
                count=len(data),
            )
            lvl = np.where(given >= 0, given, lvl)
        out[t] = lvl
    return out


def _group_stats(
    key: str | None,
    g: _Group,
    result: BatchResult,
    levels: dict[int, npt.NDArray[np.int64]],
    *,
    min_group: int,
    pub: Rounding,
    present: dict[str, npt.NDArray[np.bool_]],
) -> GroupStats:
    c = result.compiled
    inst = c.instrument
    n_p = g.persons
    withheld: list[Suppressed] = []

    def cell(
        measure: str, target: str, key_: str, value: int, *, persons: int, keys: Keys
    ) -> int | None:
        """A published value: suppressed when small, else rounded (``keys``: its records')."""
        ck = cell_key(keys)
        if 0 < persons < min_group + pub.extra(ck):
            withheld.append(Suppressed(measure=measure, target=target, key=key_, reason=SMALL))
            return None
        return pub.value(value, ck)

    def persons_per(values: npt.NDArray[np.int64], k: int, person: npt.NDArray[np.int64]) -> Any:
        """Distinct persons per value 0…k (a person with two rows of one value counts once)."""
        seen_pairs = np.flatnonzero(np.bincount(person * (k + 1) + values))
        return np.bincount(seen_pairs % (k + 1), minlength=k + 1)

    level_tables: dict[str, Counts] = {}
    for t, order in c.level_sets.items():
        v = levels[t][g.rows]
        k = len(order)
        counts = np.bincount(v, minlength=k + 1)
        pp = persons_per(v, k, g.person)
        names = [*order, UNDETERMINED]
        target = c.targets[t]
        level_tables[target] = {
            names[i]: cell(
                "level",
                target,
                names[i],
                int(counts[i]),
                persons=int(pp[i]),
                keys=g.row_keys[v == i],
            )
            for i in range(k + 1)
            if counts[i]
        }
    latest = g.rows[g.last]
    needs: Counts = {}
    for d in inst.domains:
        if d.kind is DomainKind.DYNAMIC and d.bands:
            need = result.level_low[latest, c.target(d.id)] >= 1
            n_need = int(need.sum())
            needs[d.id] = cell(
                "need", d.id, "", n_need, persons=n_need, keys=g.person_keys[g.last][need]
            )
    responsivity: Counts = {}
    for item_id, col in present.items():
        hit = col[g.rows]
        who = int(np.count_nonzero(np.bincount(g.person[hit])))
        n_hit = int(hit.sum())
        responsivity[item_id] = cell(
            "responsivity", item_id, "", n_hit, persons=who, keys=g.row_keys[hit]
        )
    change = _change(g, c, levels, cell)
    for target, table in level_tables.items():
        _complement(table, "level", target, withheld)
    for target, table in change.items():
        _complement(table, "change", target, withheld)
    return GroupStats(
        key=key,
        assessments=pub.value(len(g.rows), cell_key(g.row_keys)),
        cases=pub.value(n_p, g.key),
        suppressed=False,
        levels=level_tables,
        needs=needs,
        responsivity=responsivity,
        change=change,
        withheld=tuple(withheld),
    )


def _change(
    g: _Group, c: Any, levels: dict[int, npt.NDArray[np.int64]], cell: Any
) -> dict[str, Counts]:
    """Change between first and latest assessment of each person with two or more."""
    twice = g.first & ~g.last  # a person's first row that is not also the last
    firsts = g.rows[twice]
    lasts = g.rows[g.last & ~g.first]
    keys = g.person_keys[g.last & ~g.first]
    if not len(firsts):
        return {}
    protective = {s.id for s in c.instrument.scores if s.kind is ScoreKind.PROTECTIVE}
    out: dict[str, Counts] = {}
    for t, order in c.level_sets.items():
        a, b = levels[t][firsts], levels[t][lasts]
        k = len(order)
        diff = b - a
        if c.targets[t] in protective:
            diff = -diff
        word = np.where(diff < 0, 0, np.where(diff == 0, 1, 2))
        word = np.where((a == k) | (b == k), 3, word)
        counts = np.bincount(word, minlength=4)
        target = c.targets[t]
        out[target] = {
            w: cell(
                "change", target, w, int(counts[i]), persons=int(counts[i]), keys=keys[word == i]
            )
            for i, w in enumerate(CHANGE_WORDS)
            if counts[i]
        }
    return out


def _complement(table: Counts, measure: str, target: str, withheld: list[Suppressed]) -> None:
    """Suppress the smallest other cell of a table that adds up to a published total and has
    exactly one suppressed cell (in place)."""
    hidden = [k for k, v in table.items() if v is None]
    if len(hidden) != 1:
        return
    shown = [(v, k) for k, v in table.items() if v is not None]
    if not shown:
        return
    _, other = min(shown)
    table[other] = None
    withheld.append(Suppressed(measure=measure, target=target, key=other, reason=COMPLEMENTARY))


def stats_json(s: Stats) -> dict[str, Any]:
    """The JSON form: suppressed values are null and listed with their reasons."""
    from sigrbm.reading.structure import unstructure

    doc = unstructure(s, omit_defaults=False)
    return {"format": "sigrbm-stats", "format_version": STATS_FORMAT_VERSION, "stats": doc}
