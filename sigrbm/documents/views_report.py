"""The assessment report's view model (``sigrbm report``, ``--document assessment``).

Split from :mod:`sigrbm.documents.views` (issue 13): levels, every judged score — the first
and each of ``judgement.further_scores``, with computed level, professional judgement and
the level that holds — needs, factors, rules, missing answers, trace and charts.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

from sigrbm.casework.catalogue import load_catalogue
from sigrbm.documents.charts import before_after_svg, profile_svg, rows_for
from sigrbm.documents.text_report import report_sections
from sigrbm.documents.views import View, stamp_view, tx, word
from sigrbm.documents.words import MESSAGES
from sigrbm.instrument.model import Instrument
from sigrbm.scoring.result import ItemStatus, Overall, Result, ScoreResult, Truth


def _level_label(inst: Instrument, level: str | None, lang: str) -> str:
    if level is None:
        return word("undetermined", lang)
    for ls in inst.level_sets:
        for lv in ls.levels:
            if lv.id == level:
                return tx(lv.label, lang, f"level_sets.{ls.id}.{lv.id}")
    return level


def _score_row(inst: Instrument, r: ScoreResult, names: dict[str, str], lang: str) -> View:
    value = f"{r.value:g}" if r.value is not None else f"{r.low:g}–{r.high:g}"
    if r.raw_low is not None and r.raw_high is not None:  # issue 24: before the lookup
        span = f"{r.raw_low:g}" + ("" if r.raw_low == r.raw_high else f"–{r.raw_high:g}")
        value += f" ({word('raw_sum', lang)} {span})"
    level = _level_label(inst, r.level, lang) if r.levels else ""
    if r.levels and r.level is None:
        level += (
            f" ({_level_label(inst, r.level_low, lang)}–{_level_label(inst, r.level_high, lang)})"
        )
        if r.band_needs:  # issue 16: the band choice needs a missing attribute
            attrs_ = {a.id: a for a in inst.attributes}
            needed = [
                tx(attrs_[a].label, lang, f"attributes.{a}.label") if a in attrs_ else a
                for a in r.band_needs
            ]
            level += f" · {word('band_needs', lang)} " + ", ".join(
                x[:1].lower() + x[1:] for x in needed
            )
    trace = []
    for t in r.items:
        if t.status is ItemStatus.ANSWERED:
            trace.append(
                f"{t.item}: {t.answer} = {t.points:g}"
                + (
                    f" × {'/'.join(f'{w:g}' for w in t.weights)} "
                    f"({word('weight_open', lang)} {_attribute_name(inst, t.weight_by, lang)})"
                    if t.weights  # issue 24: the attribute choosing the weight is missing
                    else (f" × {t.weight:g}" if t.weight != 1 else "")
                )
                + (  # issue 24: a missing option counted as points by a declared rule
                    f" ({t.answer} {word('counts_as', lang)} {t.points:g} "
                    f"{word('by_coding_rules', lang)})"
                    if t.counted and t.points is not None
                    else ""
                )
            )
        else:
            trace.append(
                f"{t.item}: "
                + word("item_missing" if t.status is ItemStatus.MISSING else "item_na", lang)
            )
    return {
        "id": r.id,
        "name": names.get(r.id, r.id),
        "value": value,
        "level": level,
        "answered": f"{r.answered}/{r.applicable}",
        "floors": ", ".join(r.floors),
        "trace": trace,
    }


def _attribute_name(inst: Instrument, attr_id: str | None, lang: str) -> str:
    """An attribute's label in running text (its id when it has none)."""
    found = next((a for a in inst.attributes if a.id == attr_id), None)
    name = tx(found.label, lang, f"attributes.{attr_id}.label") if found else (attr_id or "")
    return name[:1].lower() + name[1:]


def _judged(o: Overall, inst: Instrument, names: dict[str, str], lang: str) -> View:
    """One judged score: the level that holds, the computed one, the assessor's level and,
    when given, the reason, author and date of the judgement."""
    day = o.date.isoformat() if o.date else ""
    return {
        "score": o.score,
        "name": names.get(o.score, o.score),
        "final": _level_label(inst, o.final_level, lang),
        "computed": _level_label(inst, o.computed_level, lang),
        "professional": _level_label(inst, o.professional_level, lang)
        if o.professional_level
        else "",
        "override": o.override,
        "reason": o.reason or "",
        "author": o.author or "",
        "date": day,
        "by": ", ".join(x for x in (o.author or "", day) if x),
    }


def _charts(
    result: Result, earlier: Result | None, inst: Instrument, names: dict[str, str], lang: str
) -> View:
    """Inline SVG: the profile, and before/after when there is an earlier result (issue 15)."""
    levels = {
        lv.id: tx(lv.label, lang, f"level_sets.{ls.id}.{lv.id}")
        for ls in inst.level_sets
        for lv in ls.levels
    }
    rows = rows_for(inst, (*result.domains, *result.scores), names, levels)
    out: View = {"profile_svg": Markup(profile_svg(rows, word("profile", lang)))}
    out["before_after_svg"] = None
    if earlier is not None and earlier.stamp == result.stamp:
        before = rows_for(inst, (*earlier.domains, *earlier.scores), names, levels)
        pairs = list(zip(before, rows, strict=True))
        labels = (earlier.date.isoformat(), result.date.isoformat())
        title = word("before_after", lang)
        out["before_after_svg"] = Markup(before_after_svg(pairs, title, labels))
    return out


def report_view(
    result: Result,
    inst: Instrument,
    lang: str,
    notes: dict[str, str] | None = None,
    earlier: Result | None = None,
    *,
    sources: Mapping[str, tuple[str, ...]] | None = None,
) -> View:
    """The scored assessment: levels, needs, responsivity, protective, missing, not
    applicable, override, trace, the assessor's notes per item (free text, shown escaped) and
    where each item's information came from (``sources``: the assessment's
    ``information_sources``, actors by label); the profile chart, and the before/after chart
    when an ``earlier`` result of the same instrument is given."""
    names = {d.id: tx(d.label, lang, f"domains.{d.id}.label") for d in inst.domains}
    names.update({s.id: tx(s.label, lang, f"scores.{s.id}.label") for s in inst.scores})
    charts = _charts(result, earlier, inst, names, lang)  # issue 15
    texts = {i.id: tx(i.text, lang, f"items.{i.id}.text") for i in inst.items}
    judged = (
        [_judged(o, inst, names, lang) for o in (result.overall, *result.judgements)]
        if result.overall is not None
        else []
    )
    screening = None
    if result.screening is not None and inst.screening is not None:
        sc = result.screening
        key = {True: "eligible_yes", False: "eligible_no", None: "eligible_open"}[sc.eligible]
        screening = {
            "label": tx(inst.screening.label, lang, "screening.label"),
            "outcome": word(key, lang),
            "reasons": [texts[i] for i in sc.reasons],
        }
    rules = []
    for h in result.rules:
        label = tx(h.label, lang, f"rules.{h.id}") if h.label else h.id
        rules.append(
            {
                "kind": word(h.kind, lang),
                "label": label,
                "possible": h.truth is Truth.UNKNOWN,
                "target": names.get(h.target or "", ""),
                "level": _level_label(inst, h.level, lang) if h.level else "",
            }
        )
    return {
        "lang": lang,
        "w": {k: word(k, lang) for k in MESSAGES},
        "stamp": stamp_view(inst, lang),
        "case_id": result.case_id,
        "date": result.date.isoformat(),
        "assessor": result.assessor,
        "overall": judged[0] if judged else None,
        "judged": judged,  # issue 13: the first judged score and each further one
        "several_judged": len(judged) > 1,
        # issue 13: needs, responsivity and protective sections only where the instrument
        # can produce them
        "has": {k: k in report_sections(inst) for k in ("needs", "responsivity", "protective")},
        "screening": screening,
        **charts,
        "domains": [_score_row(inst, r, names, lang) for r in result.domains],
        "scores": [_score_row(inst, r, names, lang) for r in result.scores],
        "needs": [
            {
                "rank": n.rank,
                "name": names[n.domain],
                "level": _level_label(inst, n.level, lang)
                if n.level
                else f"≤ {_level_label(inst, n.level_high, lang)}",
                "big_four": n.big_four,
                "certain": n.certain,
            }
            for n in result.needs
        ],
        "responsivity": [
            {
                "text": texts[f.item],
                "implication": tx(f.implication, lang, f"items.{f.item}.implication"),
            }
            for f in result.responsivity
        ],
        "protective": [{"text": texts[f.item]} for f in result.protective],
        "missing": [{"id": i, "text": texts[i]} for i in result.missing],
        "not_applicable": [{"id": i, "text": texts[i]} for i in result.not_applicable],
        "rules": rules,
        "notes": [{"id": k, "item": texts.get(k, k), "text": v} for k, v in (notes or {}).items()],
        "sources": [
            {"id": k, "text": texts[k], "from": ", ".join(_source_label(a, lang) for a in v)}
            for k, v in (sources or {}).items()
            if k in texts
        ],
    }


def _source_label(source: str, lang: str) -> str:
    """An information source by label: the young person, a guardian, or a catalogue actor."""
    own = {
        "young_person": ("den unga", "the young person"),
        "guardian": ("vårdnadshavare", "guardian"),
    }
    if source in own:
        return own[source][lang == "en"]
    actors = {a.id: a.name for a in load_catalogue().actors.actors}
    return (actors[source].get(lang) or source) if source in actors else source
