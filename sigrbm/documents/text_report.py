"""Plain-text and Markdown reports of results and comparisons (no template engine).

These are for a person at a terminal or in a Markdown viewer; other software should
read the JSON form instead (``docs/result-format.md``).
"""

from __future__ import annotations

from sigrbm.documents import escape
from sigrbm.documents.words import t
from sigrbm.instrument.model import DomainKind, Instrument, Role
from sigrbm.reading.text import Text
from sigrbm.scoring.compare import Comparison, LevelChange
from sigrbm.scoring.result import (
    ItemStatus,
    ItemTrace,
    Overall,
    Result,
    ScoreResult,
    ScoreStatus,
    Truth,
)


class _Doc:
    def __init__(self, markdown: bool) -> None:
        self.md = markdown
        self.lines: list[str] = []
        # issue 14: every line may carry text from data; it never becomes structure
        self.safe = escape.markdown if markdown else escape.plain

    def title(self, text: str) -> None:
        text = self.safe(text)
        self.lines += [f"# {text}" if self.md else text, "" if self.md else "=" * len(text)]
        if not self.md:
            self.lines.append("")

    def heading(self, text: str) -> None:
        text = self.safe(text)
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines += [f"## {text}" if self.md else text, "" if self.md else "-" * len(text)]

    def line(self, text: str) -> None:
        self.lines.append(self.safe(text) + ("  " if self.md else ""))

    def item(self, text: str, depth: int = 0) -> None:
        self.lines.append(("  " * depth) + ("- " if self.md else "  • ") + self.safe(text))

    def text(self) -> str:
        return "\n".join(x.rstrip() if not self.md else x for x in self.lines).rstrip() + "\n"


def _tx(text: Text | None, lang: str) -> str:
    if text is None:
        return ""
    return text.get(lang) or text.get("sv") or next(iter(dict(text.items).values()), "")


def _num(x: float | None) -> str:
    if x is None:
        return "–"
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


class _Labels:
    def __init__(self, inst: Instrument, lang: str) -> None:
        self.inst, self.lang = inst, lang
        self.levels = {lv.id: _tx(lv.label, lang) for ls in inst.level_sets for lv in ls.levels}
        self.names = {d.id: _tx(d.label, lang) for d in inst.domains}
        self.names.update({s.id: _tx(s.label, lang) for s in inst.scores})
        self.items = {i.id: i for i in inst.items}

    def level(self, level: str | None) -> str:
        return self.levels.get(level, level) if level else t("undetermined", self.lang)

    def range_level(self, r: ScoreResult) -> str:
        if not r.levels:
            return t("no_level", self.lang)
        if r.level is not None:
            return self.level(r.level)
        return (
            f"{t('undetermined', self.lang)} ({self.level(r.level_low)}–{self.level(r.level_high)})"
            + (f" · {self.band_needs(r)}" if r.band_needs else "")
        )

    def band_needs(self, r: ScoreResult) -> str:
        """Issue 16: "the band choice needs age" with the attributes' labels."""
        labels = {a.id: _tx(a.label, self.lang) for a in self.inst.attributes}
        names = [labels.get(a) or a for a in r.band_needs]
        return f"{t('band_needs', self.lang)} " + ", ".join(x[:1].lower() + x[1:] for x in names)

    def score_text(self, r: ScoreResult) -> str:
        raw = ""
        if r.raw_low is not None and r.raw_high is not None:  # issue 24: before the lookup
            span = _num(r.raw_low) + ("" if r.raw_low == r.raw_high else f"–{_num(r.raw_high)}")
            raw = f" ({t('raw_sum', self.lang)} {span})"
        if r.value is not None:
            suffix = f" ({t('prorated', self.lang)})" if r.status is ScoreStatus.PRORATED else ""
            return f"{_num(r.value)}{suffix}{raw}"
        return f"{_num(r.low)}–{_num(r.high)}{raw}"

    def counted(self, it: ItemTrace) -> str:
        """Issue 24: `` (uppgift saknas räknas som 0 enligt kodningsreglerna)`` for a
        missing option a declared coding rule counts as points; empty otherwise."""
        if not it.counted:
            return ""
        label = self.answer(it.item, it.answer)
        return (
            f" ({label[:1].lower() + label[1:]} {t('counts_as', self.lang)} "
            f"{_num(it.points)} {t('by_coding_rules', self.lang)})"
        )

    def weight(self, it: ItemTrace) -> str:
        """`` × 3``, or while the attribute choosing it is missing (issue 24) every weight
        it may take: `` × 1/3 (vikten beror på kön)``; empty for a weight of 1."""
        if it.weights:
            labels = {a.id: _tx(a.label, self.lang) for a in self.inst.attributes}
            name = labels.get(it.weight_by or "") or it.weight_by or ""
            ws = "/".join(_num(w) for w in it.weights)
            return f" × {ws} ({t('weight_open', self.lang)} {name[:1].lower() + name[1:]})"
        return f" × {_num(it.weight)}" if it.weight != 1 else ""

    def answer(self, item_id: str, answer: str | int | None) -> str:
        item = self.items.get(item_id)
        if item is None or answer is None:
            return "–" if answer is None else str(answer)
        scale = self.inst.scale(item.scale)
        labels = {o.code: o.label for o in scale.options}
        labels.update({o.code: o.label for o in scale.missing})
        label = labels.get(str(answer))
        return _tx(label, self.lang) if label is not None else str(answer)


def render_result(
    result: Result, inst: Instrument, lang: str = "sv", *, markdown: bool = False
) -> str:
    """A readable report of one result, with the trace that explains each level."""
    doc, lab = _Doc(markdown), _Labels(inst, lang)
    doc.title(_tx(inst.title, lang))
    doc.line(
        f"{t('case', lang)} {result.case_id} · {result.date.isoformat()} · "
        f"{t('assessor', lang)} {result.assessor}"
    )
    st = result.stamp
    doc.line(f"{t('instrument', lang)} {st.instrument_id} {st.version} · {st.content_hash[:19]}")
    _parameters(doc, [(p.id, p.value) for p in st.parameters], lang)
    if result.screening is not None:
        sc = result.screening
        word = {True: "eligible_yes", False: "eligible_no", None: "eligible_open"}[sc.eligible]
        doc.heading(t("screening", lang))
        doc.line(f"{_tx(inst.screening.label, lang) if inst.screening else ''}: {t(word, lang)}")
        for item_id in sc.reasons:
            doc.item(_tx(lab.items[item_id].text, lang))
    if result.overall is not None:
        doc.heading(t("overall", lang))
    for o in (result.overall, *result.judgements) if result.overall else ():
        target = next(r for r in (*result.scores, *result.domains) if r.id == o.score)
        if result.judgements:  # issue 13: several judged scores, each named by its label
            doc.line(f"{lab.names[o.score]}:")
        doc.line(
            f"{lab.level(o.final_level).upper()} — {t('computed', lang)}: {lab.range_level(target)}"
        )
        if o.professional_level is not None:
            doc.line(
                f"{t('professional', lang)}: {lab.level(o.professional_level)}"
                + (f" ({t('override', lang)})" if o.override else "")
            )
            if o.reason or o.author or o.date:
                doc.line(_why(o, lang))
    if result.domains:
        doc.heading(t("domains", lang))
    for d in result.domains:
        doc.item(
            f"{lab.names[d.id]}: {lab.range_level(d)} · {t('points', lang)} {lab.score_text(d)}"
            + (f" · {t('floors_applied', lang)} {', '.join(d.floors)}" if d.floors else "")
        )
    if result.scores:
        doc.heading(t("scores", lang))
        for s in result.scores:
            doc.item(
                f"{lab.names[s.id]}: {lab.range_level(s)} · {t('points', lang)} "
                f"{lab.score_text(s)} · {s.answered}/{s.applicable} {t('answered', lang)}"
            )
    _needs_and_factors(doc, lab, result, report_sections(inst), lang)
    _rules(doc, lab, result)
    if result.missing:
        doc.heading(f"{t('missing', lang)} ({len(result.missing)})")
        for item_id in result.missing:  # issue 23: by text, as the printed report
            doc.item(_tx(lab.items[item_id].text, lang))
    if result.not_applicable:
        doc.heading(f"{t('not_applicable', lang)} ({len(result.not_applicable)})")
        for item_id in result.not_applicable:
            doc.item(_tx(lab.items[item_id].text, lang))
    _trace(doc, lab, result)
    doc.heading(t("provenance", lang))
    doc.line(_tx(inst.provenance.note, lang))
    return doc.text()


def _parameters(doc: _Doc, values: list[tuple[str, str]], lang: str) -> None:
    """Issue 24: the parameter values in force, e.g. a local cut-off scheme, in the header."""
    if values:
        doc.line(f"{t('parameters', lang)}: " + ", ".join(f"{k} = {v}" for k, v in values))


def _needs_and_factors(doc: _Doc, lab: _Labels, result: Result, has: set[str], lang: str) -> None:
    """Needs, responsivity and protective factors: only the sections in ``has`` (issue 13)."""
    if "needs" in has:
        doc.heading(t("needs", lang))
    if not result.needs and "needs" in has:
        doc.line(t("no_needs", lang))
    for n in result.needs:
        extra = [t("big_four", lang)] if n.big_four else []
        if not n.certain:
            extra.append(t("possible_need", lang))
        level = lab.level(n.level) if n.level else f"≤ {lab.level(n.level_high)}"
        doc.line(
            f"{n.rank}. {lab.names[n.domain]} — {level}"
            + (f" ({', '.join(extra)})" if extra else "")
        )
    for key, factors in (("responsivity", result.responsivity), ("protective", result.protective)):
        if key not in has:
            continue
        doc.heading(t(key, lang))
        if not factors:
            doc.line(t("none_present", lang))
        for f in factors:
            doc.item(
                _tx(f.text, lang) + (f" → {_tx(f.implication, lang)}" if f.implication else "")
            )


def report_sections(inst: Instrument) -> set[str]:
    """Which of needs, responsivity and protective the instrument can produce (issue 13)."""
    out = {"needs"} if any(d.kind is DomainKind.DYNAMIC for d in inst.domains) else set()
    roles = {i.role for i in inst.items}
    out |= {"responsivity"} if Role.RESPONSIVITY in roles else set()
    return out | ({"protective"} if Role.PROTECTIVE in roles else set())


def _trace(doc: _Doc, lab: _Labels, result: Result) -> None:
    """Which items gave which points, and which band each sum fell in."""
    lang = lab.lang
    doc.heading(t("trace", lang))
    for r in (*result.domains, *result.scores):
        bands = "; ".join(
            f"{lab.level(b.level)} {_num(b.min)}–{_num(b.below) if b.below is not None else ''}"
            for b in r.bands
        )
        doc.item(
            f"{lab.names[r.id]} = {lab.score_text(r)}"
            + (f" → {t('band', lang)} {bands}" if bands else "")
            + (f" · {lab.band_needs(r)}" if r.band_needs else "")
        )
        for it in r.items:
            if it.status is ItemStatus.ANSWERED:
                doc.item(
                    f"{it.item}: {lab.answer(it.item, it.answer)} = {_num(it.points)}"
                    + lab.weight(it)
                    + lab.counted(it),
                    1,
                )
            else:
                word = "item_missing" if it.status is ItemStatus.MISSING else "item_na"
                doc.item(f"{it.item}: {t(word, lang)}", 1)


def _rules(doc: _Doc, lab: _Labels, result: Result) -> None:
    """Floors and flags that hold or may hold."""
    lang = lab.lang
    if result.rules:
        doc.heading(t("rules", lang))
        for hit in result.rules:
            head = t(hit.kind, lang)
            what = _tx(hit.label, lang)
            if hit.kind == "floor":
                tname = lab.names.get(hit.target or "", hit.target)
                what = f"{tname} {t('raises', lang)} {lab.level(hit.level)}: {what}"
            tail = f" ({t('possible', lang)})" if hit.truth is Truth.UNKNOWN else ""
            doc.item(f"{head}: {what}{tail}")


def render_comparison(
    c: Comparison,
    inst: Instrument,
    lang: str = "sv",
    *,
    markdown: bool = False,
    overalls: tuple[Overall | None, Overall | None] | None = None,
) -> str:
    """A readable report of a comparison between two assessments; ``overalls`` (the earlier
    and later results' overall levels) say which level is the professional judgement and
    which is computed."""
    doc, lab = _Doc(markdown), _Labels(inst, lang)
    doc.title(f"{t('comparison', lang)}: {_tx(inst.title, lang)}")
    doc.line(f"{t('case', lang)} {c.case_id} · {c.earlier_date} → {c.later_date}")
    _parameters(doc, [(k, v) for k, v in inst.parameter_values().items()], lang)

    def row(ch: LevelChange) -> str:
        name = lab.names.get(ch.id, ch.id)
        return (
            f"{name}: {lab.level(ch.earlier_level)} → {lab.level(ch.later_level)} "
            f"({t(ch.change.value, lang)})"
        )

    dates = (c.earlier_date, c.later_date)
    if c.judged:  # issue 13: every judged score, each with its judgement on both dates
        doc.heading(t("overall", lang))
        for j in c.judged:
            doc.line(row(j.change))
            for day, judged in zip(dates, (j.earlier, j.later), strict=True):
                doc.item(f"{day}: {_basis(lab, judged)}")
                if judged.reason or judged.author or judged.date:
                    doc.item(_why(judged, lang), depth=2)
    elif c.overall is not None:
        doc.heading(t("overall", lang))
        doc.line(row(c.overall))
        for day, o in zip(dates, overalls or (), strict=False):
            if o is not None:
                doc.item(f"{day}: {_basis(lab, o)}")
    doc.heading(t("domains", lang))
    for ch in (*c.domains, *c.scores):
        doc.item(row(ch))
    for key, ids in (
        ("needs_appeared", c.needs_appeared),
        ("needs_resolved", c.needs_resolved),
        ("needs_remaining", c.needs_remaining),
    ):
        doc.heading(t(key, lang))
        doc.line(", ".join(lab.names.get(i, i) for i in ids) or t("none", lang))
    return doc.text()


def _basis(lab: _Labels, o: Overall) -> str:
    """Which level holds and whether it is the professional judgement or the computed one."""
    lang = lab.lang
    if o.professional_level is None:
        return f"{lab.level(o.final_level)} ({t('computed', lang)})"
    return (
        f"{lab.level(o.final_level)} ({t('professional', lang)}; "
        f"{t('computed', lang)}: {lab.level(o.computed_level)})"
    )


def _why(o: Overall, lang: str) -> str:
    """The reason for a professional judgement, with its author and date when given."""
    by = ", ".join(x for x in (o.author or "", o.date.isoformat() if o.date else "") if x)
    if not o.reason:
        return by
    return f"{t('reason', lang)}: {o.reason}" + (f" ({by})" if by else "")
