"""Batch results as rows, and rows as CSV or JSON Lines text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from sigrbm.batch.input import BatchInput
from sigrbm.batch.kernel import BatchResult


def result_rows(data: BatchInput, result: BatchResult) -> Iterable[dict[str, Any]]:
    """One flat mapping per assessment with the instrument stamp (for CSV and JSON Lines)."""
    c = result.compiled
    inst = c.instrument
    stamp = (inst.id, inst.version, inst.content_hash)
    judged = inst.judgement.score if inst.judgement else None
    words = {0: "no", 1: "unknown", 2: "yes"}
    for i in range(len(data)):
        row: dict[str, Any] = {
            "case_id": data.case_ids[i],
            "date": data.dates[i].isoformat(),
            "instrument_id": stamp[0],
            "version": stamp[1],
            "content_hash": stamp[2],
        }
        if judged is not None:
            computed = result.level_id(i, judged)
            row["overall_computed"] = computed or ""
            row["overall_judgement"] = data.judgements[i] or ""
            row["overall_final"] = data.judgements[i] or computed or ""
        for t, target in enumerate(c.targets):
            row[f"{target}_low"] = float(result.low[i, t])
            row[f"{target}_high"] = float(result.high[i, t])
            row[f"{target}_level"] = result.level_id(i, target) or "" if t in c.level_sets else ""
        for f_i, fl in enumerate(inst.floors):
            row[f"floor_{fl.id}"] = words[int(result.floors[i, f_i])]
        for g_i, fg in enumerate(inst.flags):
            row[f"flag_{fg.id}"] = words[int(result.flags[i, g_i])]
        yield row


def write_results(rows: Iterable[dict[str, Any]], fmt: str) -> str:
    """CSV or JSON Lines text for result rows."""
    rows = list(rows)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
