"""Follow-up statistics across many assessments, with small-group suppression.

Counts and shares per level (overall and per domain), need prevalence per dynamic domain,
responsivity-factor prevalence, and change between each case's first and latest assessment
(improved / unchanged / worse / undetermined), optionally grouped by program or a subject
attribute. A group with fewer assessments than ``min_group`` (default 5) is reported only as
suppressed, so that no individual can be singled out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import attrs
import numpy as np

from sigrbm.batch.input import BatchInput
from sigrbm.batch.kernel import BatchResult
from sigrbm.instrument.model import DomainKind, Role

MIN_GROUP = 5
AGE_GROUPS = ((10, 14, "10-14"), (15, 17, "15-17"), (18, 24, "18-24"), (25, 120, "25+"))


@attrs.frozen(kw_only=True)
class GroupStats:
    """Statistics of one group (or of everything when ``key`` is None)."""

    key: str | None
    assessments: int
    cases: int
    suppressed: bool
    levels: dict[str, dict[str, int]] = attrs.field(factory=dict)  # target → level → count
    needs: dict[str, int] = attrs.field(factory=dict)  # dynamic domain → cases with a certain need
    responsivity: dict[str, int] = attrs.field(factory=dict)  # item → assessments with it present
    change: dict[str, dict[str, int]] = attrs.field(factory=dict)  # target → change → cases


@attrs.frozen(kw_only=True)
class Stats:
    """The whole report."""

    instrument_id: str
    version: str
    content_hash: str
    by: str | None
    min_group: int
    total: int
    skipped: int
    groups: tuple[GroupStats, ...]


def _group_keys(data: BatchInput, by: str | None) -> list[str | None]:
    if by is None:
        return [None] * len(data)
    if by == "program":
        return [p or "(none)" for p in data.programs]
    if by == "age_group":
        out: list[str | None] = []
        for age in data.attributes.get("age", np.full(len(data), np.nan)):
            label = "(unknown)"
            if not np.isnan(age):
                label = next((g for lo, hi, g in AGE_GROUPS if lo <= age <= hi), "(other)")
            out.append(label)
        return out
    col = data.attributes.get(by)
    if col is None:
        raise KeyError(by)
    return [
        "(unknown)" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in col
    ]


def compute_stats(
    data: BatchInput,
    result: BatchResult,
    *,
    by: str | None = None,
    min_group: int = MIN_GROUP,
    skipped: int = 0,
) -> Stats:
    """Statistics over every row; ``by`` is ``program``, ``age_group`` or an attribute id."""
    c = result.compiled
    inst = c.instrument
    keys = _group_keys(data, by)
    judged = c.target(inst.judgement.score) if inst.judgement else None
    dynamic = {d.id for d in inst.domains if d.kind is DomainKind.DYNAMIC and d.bands}
    resp_cols = [k for k, i in enumerate(inst.items) if i.role is Role.RESPONSIVITY]

    def level(i: int, t: int) -> str:
        if t == judged and data.judgements[i]:
            return str(data.judgements[i])
        lvl = int(result.level[i, t])
        return "undetermined" if lvl < 0 else c.level_sets[t][lvl]

    by_case: dict[str, list[int]] = defaultdict(list)
    for i, cid in enumerate(data.case_ids):
        by_case[cid].append(i)
    groups: dict[str | None, list[int]] = defaultdict(list)
    for i, group in enumerate(keys):
        groups[group].append(i)
    out = []
    for key in sorted(groups, key=lambda k: (k is not None, str(k))):
        rows = groups[key]
        cases = {data.case_ids[i] for i in rows}
        if len(rows) < min_group:
            out.append(
                GroupStats(key=key, assessments=len(rows), cases=len(cases), suppressed=True)
            )
            continue
        levels: dict[str, dict[str, int]] = {}
        for t in c.level_sets:
            levels[c.targets[t]] = dict(Counter(level(i, t) for i in rows))
        latest = {cid: max(by_case[cid], key=lambda i: data.dates[i]) for cid in cases}
        needs = {
            d: sum(1 for i in latest.values() if result.level_low[i, c.target(d)] >= 1)
            for d in dynamic
        }
        responsivity: dict[str, int] = {}
        if result.present is not None:
            for col in resp_cols:
                responsivity[c.item_ids[col]] = int(result.present[rows, col].sum())
        change: dict[str, Counter[str]] = defaultdict(Counter)
        for cid in cases:
            seq = sorted(by_case[cid], key=lambda i: data.dates[i])
            if len(seq) < 2:
                continue
            first, last = seq[0], seq[-1]
            for t in c.level_sets:
                a, b = level(first, t), level(last, t)
                if "undetermined" in (a, b):
                    word = "undetermined"
                else:
                    order = c.level_sets[t]
                    diff = order.index(b) - order.index(a)
                    higher_better = c.targets[t] in {
                        s.id for s in inst.scores if s.kind.value == "protective"
                    }
                    diff = -diff if higher_better else diff
                    word = "unchanged" if diff == 0 else "worse" if diff > 0 else "improved"
                change[c.targets[t]][word] += 1
        out.append(
            GroupStats(
                key=key,
                assessments=len(rows),
                cases=len(cases),
                suppressed=False,
                levels=levels,
                needs=needs,
                responsivity=responsivity,
                change={k: dict(v) for k, v in change.items()},
            )
        )
    return Stats(
        instrument_id=inst.id,
        version=inst.version,
        content_hash=inst.content_hash,
        by=by,
        min_group=min_group,
        total=len(data),
        skipped=skipped,
        groups=tuple(out),
    )


def stats_json(s: Stats) -> dict[str, Any]:
    """The JSON form: suppressed groups carry counts of null."""
    from sigrbm.reading.structure import unstructure

    doc = unstructure(s, omit_defaults=False)
    for g in doc["groups"]:
        if g["suppressed"]:
            g["assessments"] = None
            g["cases"] = None
    return {"format": "sigrbm-stats", "format_version": 1, "stats": doc}


def stats_text(s: Stats, *, csv_format: bool = False) -> str:
    """A readable table (or CSV: group, measure, key, value, share)."""
    lines: list[list[str]] = []
    for g in s.groups:
        name = g.key if g.key is not None else "all"
        if g.suppressed:
            lines.append([name, "suppressed", f"fewer than {s.min_group} assessments", "", ""])
            continue
        lines.append([name, "assessments", "", str(g.assessments), ""])
        lines.append([name, "cases", "", str(g.cases), ""])
        for target, counts in g.levels.items():
            total = sum(counts.values())
            for lvl, n in sorted(counts.items()):
                lines.append([name, f"level:{target}", lvl, str(n), f"{n / total:.2f}"])
        for d, n in sorted(g.needs.items()):
            lines.append([name, "need", d, str(n), f"{n / g.cases:.2f}"])
        for item, n in sorted(g.responsivity.items()):
            lines.append([name, "responsivity", item, str(n), f"{n / g.assessments:.2f}"])
        for target, counts in g.change.items():
            for word, n in sorted(counts.items()):
                lines.append([name, f"change:{target}", word, str(n), ""])
    if csv_format:
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["group", "measure", "key", "value", "share"])
        w.writerows(lines)
        return buf.getvalue()
    head = (
        f"{s.instrument_id} {s.version} · {s.total} assessments"
        + (f" ({s.skipped} invalid rows skipped)" if s.skipped else "")
        + (f" · grouped by {s.by}" if s.by else "")
        + f" · groups under {s.min_group} suppressed"
    )
    body = "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, (12, 26, 28, 8, 6), strict=True)).rstrip()
        for row in lines
    )
    return head + "\n" + body + "\n"
