"""Follow-up statistics as a readable table or CSV, in Swedish or English, with labels.

The words live here, not in :mod:`sigrbm.documents.words`, because ``batch`` sits below
``documents`` in the import order; content words (levels, domains, items) come from the
instrument. A suppressed value is printed as ``–`` (CSV: empty) beside the reason.
"""

from __future__ import annotations

import csv
import io

from sigrbm.batch.encoding import PLAIN_CSV, CsvStyle
from sigrbm.batch.stats import COMPLEMENTARY, SMALL, UNDETERMINED, GroupStats, Stats
from sigrbm.batch.write import formula_safe
from sigrbm.instrument.model import Instrument

WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "all": "alla",
        "assessments": "bedömningar",
        "cases": "personer",
        "level": "nivå",
        "need": "behov",
        "responsivity": "mottaglighet",
        "change": "förändring",
        "group": "grupp",
        "measure": "mått",
        "key": "värde",
        "count": "antal",
        "share": "andel",
        "note": "anmärkning",
        "suppressed": "undertryckt",
        SMALL: "färre än {n} personer",
        COMPLEMENTARY: "undertryckt så att ett annat undertryckt värde inte kan räknas fram",
        UNDETERMINED: "obestämd",
        "improved": "förbättrad",
        "unchanged": "oförändrad",
        "worse": "försämrad",
        "grouped_by": "grupperat efter",
        "skipped": "ogiltiga rader utelämnade",
        "total_withheld": "totalen undertryckt",
        "rule": "grupper och celler med färre än {n} personer undertrycks",
        "rounded": "antal slumpvis avrundade till multipler av {n}",
        "small_rounded": "för få personer (gränsen {n} höjs slumpvis med 0–{m})",
        "parameters": "parametrar",  # issue 24
    },
    "en": {
        "all": "all",
        "assessments": "assessments",
        "cases": "persons",
        "level": "level",
        "need": "need",
        "responsivity": "responsivity",
        "change": "change",
        "group": "group",
        "measure": "measure",
        "key": "value",
        "count": "count",
        "share": "share",
        "note": "note",
        "suppressed": "suppressed",
        SMALL: "fewer than {n} persons",
        COMPLEMENTARY: "suppressed so that another suppressed value cannot be derived",
        UNDETERMINED: "undetermined",
        "improved": "improved",
        "unchanged": "unchanged",
        "worse": "worse",
        "grouped_by": "grouped by",
        "skipped": "invalid rows left out",
        "total_withheld": "total withheld",
        "rule": "groups and cells with fewer than {n} persons are suppressed",
        "rounded": "counts randomly rounded to multiples of {n}",
        "small_rounded": "too few persons (the limit {n} is raised at random by 0–{m})",
        "parameters": "parameters",  # issue 24
    },
}
LANGS = tuple(WORDS)


class _Labels:
    """Labels of levels, targets and items in one language (ids where there is none)."""

    def __init__(self, inst: Instrument, lang: str) -> None:
        self.lang = lang
        self.w = WORDS[lang]
        self.levels = {
            lv.id: lv.label.get(lang) or lv.id for ls in inst.level_sets for lv in ls.levels
        }
        self.targets = {d.id: d.label.get(lang) or d.id for d in inst.domains}
        self.targets |= {s.id: s.label.get(lang) or s.id for s in inst.scores}
        self.items = {i.id: i.text.get(lang) or i.id for i in inst.items}

    def word(self, key: str, n: int = 0, m: int = 0) -> str:
        return self.w.get(key, key).format(n=n, m=m)

    def reason(self, reason: str | None, s: Stats) -> str:
        """Why a value is withheld; with rounding the limit of ``small`` is raised at random."""
        if (reason or SMALL) == SMALL and s.rounding > 1:
            return self.word("small_rounded", s.min_group, s.rounding // 2)
        return self.word(reason or SMALL, s.min_group)


#: the CSV header: the same in every language, so a script reads sv and en alike; the last
#: three columns give the measure, target and value as ids (the first three are labels)
CSV_HEADER = (
    "group",
    "measure",
    "value",
    "count",
    "share",
    "note",
    "measure_id",
    "target_id",
    "value_id",
)


def _rows(s: Stats, lab: _Labels) -> list[list[str]]:
    """group, measure, key, count, share, note (labels), then measure, target and key ids."""
    out: list[list[str]] = []
    for g in s.groups:
        name = g.key if g.key is not None else lab.word("all")
        if g.suppressed:
            why = lab.reason(g.reason, s)
            out.append([name, lab.word("suppressed"), "", "", "", why, "suppressed", "", ""])
            continue
        out += _group_rows(name, g, lab, s)
    return out


def _group_rows(name: str, g: GroupStats, lab: _Labels, s: Stats) -> list[list[str]]:
    why = {(x.measure, x.target, x.key): lab.reason(x.reason, s) for x in g.withheld}

    def row(
        measure: str, target: str, key: str, shown: str, *, value: int | None, base: int
    ) -> list[str]:
        ids = [measure, target, key]
        if value is None:
            note = why.get((measure, target, key), "")
            return [name, shown, key_label(measure, key), "", "", note, *ids]
        share = f"{value / base:.2f}" if base else ""
        return [name, shown, key_label(measure, key), str(value), share, "", *ids]

    def key_label(measure: str, key: str) -> str:
        if measure == "level":
            return lab.levels.get(key, lab.word(key))
        return lab.word(key) if key else ""

    out = [
        [name, lab.word("assessments"), "", str(g.assessments), "", "", "assessments", "", ""],
        [name, lab.word("cases"), "", str(g.cases), "", "", "cases", "", ""],
    ]
    a, p = g.assessments or 0, g.cases or 0
    for target, counts in g.levels.items():
        shown = f"{lab.word('level')}: {lab.targets[target]}"
        out += [row("level", target, k, shown, value=v, base=a) for k, v in counts.items()]
    for d, v in sorted(g.needs.items()):
        out.append(row("need", d, "", f"{lab.word('need')}: {lab.targets[d]}", value=v, base=p))
    for item, v in sorted(g.responsivity.items()):
        out.append(
            row(
                "responsivity",
                item,
                "",
                f"{lab.word('responsivity')}: {lab.items[item]}",
                value=v,
                base=a,
            )
        )
    for target, counts in g.change.items():
        shown = f"{lab.word('change')}: {lab.targets[target]}"
        out += [row("change", target, k, shown, value=v, base=0) for k, v in counts.items()]
    return out


WIDTH = 56  # the widest column of the text table; longer labels end with "…"


def _fit(cell: str) -> str:
    return cell if len(cell) <= WIDTH else cell[: WIDTH - 1].rstrip() + "…"


def _parameters(inst: Instrument, lab: _Labels) -> str:
    """Issue 24: `` · parametrar skala = lokal`` — the values in force — or empty."""
    values = ", ".join(f"{k} = {v}" for k, v in inst.parameter_values().items())
    return f" · {lab.word('parameters')} {values}" if values else ""


def stats_text(
    s: Stats,
    inst: Instrument,
    *,
    lang: str = "sv",
    csv_format: bool = False,
    style: CsvStyle = PLAIN_CSV,
) -> str:
    """A readable table in ``lang`` (or CSV: :data:`CSV_HEADER`, labels in ``lang``, written in
    ``style``: the share with its decimal mark)."""
    lab = _Labels(inst, lang)
    lines = _rows(s, lab)
    if csv_format:
        buf = io.StringIO()
        if style.bom:
            buf.write("\ufeff")
        w = csv.writer(buf, delimiter=style.delimiter)
        w.writerow(CSV_HEADER)
        share = CSV_HEADER.index("share")
        for line in lines:
            line[share] = line[share].replace(".", style.decimal)
        w.writerows([formula_safe(cell) for cell in row] for row in lines)  # issue 22
        return buf.getvalue()
    total = (
        f"{s.total} {lab.word('assessments')}"
        if s.total is not None
        else lab.word("total_withheld")
    )
    head = (
        f"{s.instrument_id} {s.version} · {total}"
        + (f" ({s.skipped} {lab.word('skipped')})" if s.skipped else "")
        + (f" · {lab.word('grouped_by')} {s.by}" if s.by else "")
        + f" · {lab.word('rule', s.min_group)}"
        + (f" · {lab.word('rounded', s.rounding)}" if s.rounding > 1 else "")
        + _parameters(inst, lab)
    )
    lines = [[_fit(cell) for cell in row[:6]] for row in lines]
    widths = [max([len(r[i]) for r in lines] + [1]) for i in range(6)]
    body = "\n".join(
        "  ".join(
            (cell.rjust(w) if i in (3, 4) else cell.ljust(w))
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in lines
    )
    return head + "\n" + body + "\n"
