"""Check one assessment against its instrument, with located problems (C6xx codes)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
from typing import Protocol

from sigrbm.case.model import Assessment, ProfessionalJudgement, _case_id, _case_ids
from sigrbm.case.screen import BIRTH_MONTH, subject_date_problems
from sigrbm.errors import Code, Path, Problem
from sigrbm.instrument.conditions import ValueOf
from sigrbm.instrument.ids import ID_RE
from sigrbm.instrument.model import AttributeType, Instrument, JudgementPolicy, ScaleKind
from sigrbm.instrument.select import applies, band_choice, select_bands
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean


class _Add(Protocol):
    def __call__(
        self, code: Code, path: Path, message: str, *, key: bool = False, sv: str | None = None
    ) -> None: ...


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def _shown(value: object, lang: str = "en") -> str:
    """Quote an answer back only if it looks like an option code (never free text)."""
    if isinstance(value, int) or (isinstance(value, str) and ID_RE.match(value)):
        return f"'{value}'"
    return "det här svaret" if lang == "sv" else "this answer"


def check_assessment(
    inst: Instrument,
    a: Assessment,
    smap: SourceMap | None = None,
    base: Path = (),
) -> list[Problem]:
    """Every problem of ``a`` against ``inst``; paths start at ``base`` (e.g. assessments[0])."""
    smap = smap or SourceMap()
    problems: list[Problem] = []

    def add(
        code: Code, path: Path, message: str, *, key: bool = False, sv: str | None = None
    ) -> None:
        problems.append(smap.problem(code, (*base, *path), message, key=key, sv=sv))

    if a.instrument != inst.id:
        add(
            Code.CASE_INSTRUMENT_MISMATCH,
            ("instrument",),
            f"the assessment names instrument '{a.instrument}', not '{inst.id}'",
            sv=f"bedömningen anger instrumentet '{a.instrument}', inte '{inst.id}'",
        )
        return problems
    if a.version != inst.version:
        add(
            Code.CASE_VERSION_MISMATCH,
            ("version",),
            f"answered version {a.version} of {inst.id}, but the instrument is version "
            f"{inst.version}; score it with the version it answered"
            + (
                " (same major version: re-check the answers, then update 'version')"
                if _major(a.version) == _major(inst.version)
                else ""
            ),
            sv=f"besvarad i version {a.version} av {inst.id}, men instrumentet har version "
            f"{inst.version}; poängsätt med den version som besvarades"
            + (
                " (samma huvudversion: kontrollera svaren och ändra sedan 'version')"
                if _major(a.version) == _major(inst.version)
                else ""
            ),
        )
        return problems
    if a.instrument_hash is not None and a.instrument_hash != inst.content_hash:  # issue 21
        add(
            Code.CASE_INSTRUMENT_HASH,
            ("instrument_hash",),
            f"the answers were given in a form made from other content of {inst.id} "
            f"{inst.version} than the instrument has now ({inst.content_hash[:19]}…); "
            "fill in a fresh form (sigrbm handout --fillable) or remove 'instrument_hash' "
            "after checking the answers",
            sv=f"svaren gavs i ett formulär gjort av annat innehåll i {inst.id} {inst.version} "
            f"än instrumentet har nu ({inst.content_hash[:19]}…); fyll i ett nytt formulär "
            "(sigrbm handout --fillable) eller ta bort 'instrument_hash' när svaren är "
            "kontrollerade",
        )
        return problems
    items = {i.id: i for i in inst.items}
    values = a.attribute_values() | inst.parameter_values()  # issue 13: parameters
    for item_id, answer in a.answers.items():
        item = items.get(item_id)
        if item is None:
            add(
                Code.CASE_UNKNOWN_ITEM,
                ("answers", item_id),
                f"{inst.id} has no item '{item_id}'{did_you_mean(item_id, items)}",
                key=True,
                sv=f"{inst.id} har ingen fråga '{item_id}'{did_you_mean(item_id, items, 'sv')}",
            )
            continue
        if item.derive is not None:  # issue 13: computed items are never answered by hand
            add(
                Code.DERIVED_ANSWERED,
                ("answers", item_id),
                f"'{item_id}' is computed from other answers; remove this answer",
                key=True,
                sv=f"'{item_id}' räknas fram ur andra svar; ta bort det här svaret",
            )
            continue
        scale = inst.scale(item.scale)
        missing_codes = [o.code for o in scale.missing]
        if scale.kind is ScaleKind.COUNT:
            ok = (isinstance(answer, int) and answer >= 0) or answer in missing_codes
            if not ok:
                add(
                    Code.CASE_UNKNOWN_OPTION,
                    ("answers", item_id),
                    f"{_shown(answer)} is not a count; give a whole number 0 or more"
                    + (f" or one of {', '.join(missing_codes)}" if missing_codes else ""),
                    sv=f"{_shown(answer, 'sv')} är inget antal; ange ett heltal 0 eller mer"
                    + (f" eller ett av {', '.join(missing_codes)}" if missing_codes else ""),
                )
        elif answer not in scale.codes:
            hint = did_you_mean(str(answer), scale.codes) if isinstance(answer, str) else ""
            add(
                Code.CASE_UNKNOWN_OPTION,
                ("answers", item_id),
                f"{_shown(answer)} is not an option of '{item_id}'; use one of "
                f"{', '.join(scale.codes)}{hint if 'did you mean' in hint else ''}",
                sv=f"{_shown(answer, 'sv')} är inget svarsalternativ för '{item_id}'; använd "
                f"ett av {', '.join(scale.codes)}"
                + (hint.replace("; did you mean", "; menade du") if "did you mean" in hint else ""),
            )
        ok_applies = applies(item.applies_when, values)
        if ok_applies is False:
            cond = "; ".join(_describe(c.attribute, c.min, c.max, c.in_) for c in item.applies_when)
            add(
                Code.CASE_NOT_APPLICABLE,
                ("answers", item_id),
                f"'{item_id}' is asked only when {cond}; remove the answer",
                key=True,
                sv=f"'{item_id}' ställs bara när {cond}; ta bort svaret",
            )
    for _, message in attribute_problems(inst, values):
        add(Code.CASE_ATTRIBUTE, (), message)
    for code, field, message in date_problems(
        a.date, a.subject.birth_year_month, _dt.date.today(), a.age
    ):
        add(code, ("subject", field) if field == BIRTH_MONTH else (field,), message)
    for field in ("notes", "information_sources"):
        for item_id in getattr(a, field):
            if item_id not in items:
                add(
                    Code.CASE_UNKNOWN_ITEM,
                    (field, item_id),
                    f"{inst.id} has no item '{item_id}'{did_you_mean(item_id, items)}",
                    key=True,
                    sv=f"{inst.id} har ingen fråga '{item_id}'{did_you_mean(item_id, items, 'sv')}",
                )
    _judgement(inst, a, add)
    return problems


def case_id_problem(value: str) -> tuple[Code, str] | None:
    """What is wrong with a case id (a pseudonym, never a personnummer), or None."""
    return _case_id(value)


def case_id_problems(values: Collection[str]) -> dict[str, tuple[Code, str]]:
    """What is wrong with each of many distinct case ids, by id (the batch readers' form of
    :func:`case_id_problem`: the same rule, one pass over them all when all are fine)."""
    return _case_ids(values)


def date_problems(
    day: _dt.date, birth_year_month: str | None, today: _dt.date, age: int | None = None
) -> list[tuple[Code, str, str]]:
    """``(code, field, message)`` for an assessment's date: after ``today`` (B700), then
    :func:`~sigrbm.case.screen.subject_date_problems` (C651, C650, C652). Shared by the
    scalar path and the batch readers (once per distinct date, birth month and age)."""
    out: list[tuple[Code, str, str]] = []
    if day > today:
        out.append((Code.DATE_IN_FUTURE, "date", f"the assessment date is after today ({today})"))
    return out + subject_date_problems(day, birth_year_month, age)


def attribute_problems(
    inst: Instrument, values: dict[str, str | int]
) -> list[tuple[str | None, str]]:
    """What is wrong with the subject attributes ``inst`` reads (each a C607 message).

    Shared by the scalar path (:func:`check_assessment`) and the batch readers, which call
    it once per distinct combination of attribute values. A declared attribute with a value
    outside its declared values (or of the wrong type) is an error, never a silent fall-back
    to the default bands; a missing one is an error where an item or a band choice needs it.
    """
    out: list[tuple[str | None, str]] = []
    values = {**values, **inst.parameter_values()}  # conditions test parameters too
    declared = {x.id: x for x in inst.attributes}
    invalid: set[str] = set()
    for attr_id, value in sorted(values.items()):
        decl = declared.get(attr_id)
        if decl is None:
            continue
        if decl.type is AttributeType.CATEGORY:
            if not isinstance(value, str) or value not in decl.values:
                hint = did_you_mean(value, decl.values) if isinstance(value, str) else ""
                out.append(
                    (
                        attr_id,
                        f"{_shown(value)} is not a value of '{attr_id}'; use one of "
                        f"{', '.join(decl.values)}{hint if 'did you mean' in hint else ''}",
                    )
                )
                invalid.add(attr_id)
        elif not isinstance(value, int) or isinstance(value, bool):
            out.append((attr_id, f"'{attr_id}' must be a whole number"))
            invalid.add(attr_id)
    unknown: set[str] = set()  # only where the answer is really open (three-valued)
    for item in inst.items:
        if applies(item.applies_when, values) is None:
            unknown.update(c.attribute for c in item.applies_when if c.attribute not in values)
    for table in inst.band_tables:
        if table.variants and not table.bands:  # undecided variants before a certain match
            unknown.update(band_choice(table, values).needs)
    for item in inst.items:  # an attribute that gives points (issue 13) is needed
        if (
            isinstance(item.derive, ValueOf)
            and item.derive.value_of not in values
            and applies(item.applies_when, values) is not False
        ):
            unknown.add(item.derive.value_of)
    for attr in sorted(unknown):
        how = (
            "give subject.birth_year_month or the assessment's age"
            if attr == "age"
            else f"give subject.attributes.{attr}"
        )
        out.append((attr, f"{inst.id} needs the subject's '{attr}': {how}"))
    if not unknown and not invalid:
        for table in inst.band_tables:
            if table.variants and select_bands(table, values) is None:
                out.append(
                    (
                        None,
                        f"no band variant of '{table.id}' fits this subject and it has no "
                        "default bands",
                    )
                )
    return out


def _describe(
    attribute: str, lo: float | None, hi: float | None, values: tuple[str, ...] | None
) -> str:
    if values is not None:
        return f"{attribute} is one of {', '.join(values)}"
    if lo is not None and hi is not None:
        return f"{attribute} is {lo:g}–{hi:g}"
    if lo is not None:
        return f"{attribute} ≥ {lo:g}"
    return f"{attribute} ≤ {hi:g}"


def _judgement(inst: Instrument, a: Assessment, add: _Add) -> None:
    """Judgement problems: unknown level, required but absent (overrides: see below)."""
    j_def = inst.judgement
    if j_def is None:
        if a.judgement is not None:
            add(
                Code.CASE_JUDGEMENT_REQUIRED,
                ("judgement",),
                f"{inst.id} has no professional judgement; remove 'judgement'",
                sv=f"{inst.id} har ingen professionell bedömning; ta bort 'judgement'",
            )
        for score in a.judgements:
            add(
                Code.CASE_JUDGEMENT_REQUIRED,
                ("judgements", score),
                f"{inst.id} has no professional judgement; remove 'judgements'",
                key=True,
                sv=f"{inst.id} har ingen professionell bedömning; ta bort 'judgements'",
            )
        return
    for score in a.judgements:  # issue 13: further judged scores only
        if score not in j_def.further_scores:
            hint = (
                "give its level under 'judgement'"
                if score == j_def.score
                else f"judged here: {', '.join(j_def.further_scores) or 'none'}"
            )
            add(
                Code.CASE_JUDGEMENT_REQUIRED,
                ("judgements", score),
                f"'{score}' is not a further judged score of {inst.id}; {hint}",
                key=True,
            )
    judged: list[tuple[str, ProfessionalJudgement | None, Path]] = [
        (j_def.score, a.judgement, ("judgement",))
    ]
    judged += [(s, a.judgements.get(s), ("judgements", s)) for s in j_def.further_scores]
    for target, j, where in judged:
        if j is None:
            if j_def.policy is JudgementPolicy.REQUIRED:
                field = "judgement.level" if target == j_def.score else f"judgements.{target}.level"
                add(
                    Code.CASE_JUDGEMENT_REQUIRED,
                    (),
                    f"{inst.id} requires the assessor's own level: add {field} "
                    "(the computed level if you agree with it)",
                    sv=f"{inst.id} kräver bedömarens egen nivå: lägg till {field} (den "
                    "beräknade nivån om du håller med om den)",
                )
            continue
        levels = judgement_levels(inst, target)
        if j.level not in levels:
            add(
                Code.CASE_UNKNOWN_OPTION,
                (*where, "level"),
                f"{_shown(j.level)} is not a level of '{target}'; use one of {', '.join(levels)}",
                sv=f"{_shown(j.level, 'sv')} är ingen nivå för '{target}'; använd en av "
                f"{', '.join(levels)}",
            )


def judgement_levels(inst: Instrument, target: str) -> list[str]:
    """The levels an assessor may give a judged score (or domain)."""
    table_id = (
        inst.score(target).bands
        if target in {s.id for s in inst.scores}
        else inst.domain(target).bands
    )
    return [lv.id for lv in inst.table_levels(table_id or "").levels]  # issue 13
