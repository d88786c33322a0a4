"""FHIR import: a ``QuestionnaireResponse`` filled in any form renderer → an assessment.

The response must answer a Questionnaire that ``sigrbm export fhir`` wrote (its canonical
``questionnaire`` names the instrument and version; sigrbm's own responses also carry the
content hash, which must match). Every problem is located in the JSON file (X9xx codes);
the assessment built from a clean response is then checked like any case file.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any

import attrs
import yaml

from sigrbm.case.model import CASE_FORMAT_VERSION, check_case_text
from sigrbm.casework.case_check import check_case_value
from sigrbm.errors import Code, NotFoundError, Path, Problem, sort_problems
from sigrbm.instrument.load import load_instrument
from sigrbm.instrument.model import Instrument, Role, ScaleKind
from sigrbm.interop.canonical import PLACEHOLDER, unbase
from sigrbm.interop.fhir import (
    AGE_LINK,
    CONTENT_HASH,
    MISSING_SUFFIX,
    QUESTIONNAIRE_BASE,
    judgement_levels,
    judgement_link,
)
from sigrbm.interop.fhir_scores import SCORES
from sigrbm.reading.source import SourceMap, YamlReadError, read_file


@attrs.frozen(kw_only=True)
class Imported:
    """The case file (plain data, case-file form) with the imported assessment, or problems."""

    case: dict[str, Any] | None
    problems: tuple[Problem, ...]

    def yaml(self) -> str:
        """The case file as YAML text."""
        return yaml.safe_dump(self.case, allow_unicode=True, sort_keys=False)


class _Reader:
    def __init__(self, inst: Instrument, smap: SourceMap) -> None:
        self.inst = inst
        self.smap = smap
        self.problems: list[Problem] = []
        self.answers: dict[str, str | int] = {}
        self.attributes: dict[str, str | int] = {}
        self.judgements: dict[str, dict[str, Any]] = {}  # by judged score, issue 13
        judged = inst.judgement.scores if inst.judgement is not None else ()
        self.judged = {judgement_link(inst, s): s for s in judged}
        self.groups = set(self.judged) | {f"domain-{d.id}" for d in inst.domains}
        self.groups |= {f"role-{r.value}" for r in Role}

    def report(self, code: Code, path: Path, message: str) -> None:
        self.problems.append(self.smap.problem(code, path, message))

    def walk(self, items: Any, path: Path) -> None:
        if not isinstance(items, list):
            self.report(Code.FHIR_NOT_A_RESPONSE, path, "'item' must be a list")
            return
        for k, node in enumerate(items):
            here = (*path, k)
            if not isinstance(node, dict) or not isinstance(node.get("linkId"), str):
                self.report(Code.FHIR_NOT_A_RESPONSE, here, "an item needs a 'linkId'")
                continue
            if node["linkId"] == SCORES:  # issue 23: calculated by the form, never read
                continue
            if "item" in node:
                if node["linkId"] not in self.groups:
                    self.report(
                        Code.FHIR_UNKNOWN_LINK, (*here, "linkId"), f"no group '{node['linkId']}'"
                    )
                    continue
                self.walk(node["item"], (*here, "item"))
                continue
            answers = node.get("answer")
            if not answers:
                continue  # left empty in the form
            if (
                not isinstance(answers, list)
                or len(answers) != 1
                or not isinstance(answers[0], dict)
            ):
                self.report(Code.FHIR_BAD_ANSWER, (*here, "answer"), "expected one answer")
                continue
            self.answer(node["linkId"], answers[0], (*here, "answer", 0))

    def answer(self, link: str, answer: dict[str, Any], path: Path) -> None:
        integer = answer.get("valueInteger")
        coding = answer.get("valueCoding")
        code = coding.get("code") if isinstance(coding, dict) else None
        if link == AGE_LINK or link.startswith("attribute-"):
            attr = AGE_LINK if link == AGE_LINK else link.removeprefix("attribute-")
            given = integer if isinstance(integer, int) else code
            if isinstance(given, int | str):
                self.attributes[attr] = given
            else:
                self.report(Code.FHIR_BAD_ANSWER, path, f"'{link}' needs an integer or a code")
            return
        group, dot, part = link.partition(".")
        if dot and group in self.judged:
            self.judgement_answer(self.judged[group], part, answer, code, path)
            return
        item_id = link.removesuffix(MISSING_SUFFIX)
        try:
            item = self.inst.item(item_id)
        except KeyError:
            self.report(Code.FHIR_UNKNOWN_LINK, (*path[:-2], "linkId"), f"no question '{link}'")
            return
        if item.derive is not None:
            # issue 13: a computed item is never answered by hand (E605); what an SDC
            # renderer wrote for it from its calculatedExpression is not read, and sigrbm
            # computes it again when scoring
            return
        scale = self.inst.scale(item.scale)
        missing = {m.code for m in scale.missing}
        if scale.kind is ScaleKind.COUNT and link == item_id:
            if not isinstance(integer, int) or isinstance(integer, bool) or integer < 0:
                self.report(Code.FHIR_BAD_ANSWER, path, f"'{link}' needs a valueInteger ≥ 0")
                return
            value: str | int = integer
        else:
            allowed = missing if scale.kind is ScaleKind.COUNT else {o.code for o in scale.options}
            allowed = allowed | missing
            if not isinstance(code, str) or code not in allowed:
                known = ", ".join(sorted(allowed))
                self.report(
                    Code.FHIR_BAD_ANSWER,
                    (*path, "valueCoding", "code"),
                    f"'{link}' needs a valueCoding with one of: {known}",
                )
                return
            value = code
        if item_id in self.answers:
            self.report(Code.FHIR_BAD_ANSWER, path, f"'{item_id}' has both a count and 'vet ej'")
            return
        self.answers[item_id] = value

    def judgement_answer(
        self, score: str, part: str, answer: dict[str, Any], code: Any, path: Path
    ) -> None:
        judgement = self.judgements.setdefault(score, {})
        link = judgement_link(self.inst, score)
        if part == "level":
            levels = {lv.id for lv in judgement_levels(self.inst, score)}
            if not isinstance(code, str) or code not in levels:  # a list is not hashable
                self.report(
                    Code.FHIR_BAD_ANSWER,
                    path,
                    f"the judgement level must be one of: {', '.join(sorted(levels))}",
                )
                return
            judgement["level"] = code
        elif part in ("reason", "author"):
            text = answer.get("valueString")
            if not isinstance(text, str):
                self.report(Code.FHIR_BAD_ANSWER, path, f"{link}.{part} needs a valueString")
                return
            judgement[part] = text
        elif part == "date":
            day = _date(answer.get("valueDate"))
            if day is None:
                self.report(Code.FHIR_BAD_ANSWER, path, f"{link}.date needs a valueDate")
                return
            judgement["date"] = day
        else:
            self.report(Code.FHIR_UNKNOWN_LINK, path, f"no question '{link}.{part}'")


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return _dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _identifier(data: dict[str, Any], *keys: str) -> str | None:
    node: Any = data
    for k in keys:
        node = node.get(k) if isinstance(node, dict) else None
    return node if isinstance(node, str) and node else None


def _instrument(
    data: dict[str, Any], smap: SourceMap, instrument: str | os.PathLike[str] | None
) -> tuple[Instrument | None, list[Problem]]:
    canonical = data.get("questionnaire")
    where: Path = ("questionnaire",)
    if not isinstance(canonical, str) or not canonical.startswith(QUESTIONNAIRE_BASE):
        msg = f"'questionnaire' must name a sigrbm form: {QUESTIONNAIRE_BASE}ID|VERSION"
        return None, [smap.problem(Code.FHIR_UNKNOWN_QUESTIONNAIRE, where, msg)]
    inst_id, _, version = canonical.removeprefix(QUESTIONNAIRE_BASE).partition("|")
    try:
        inst = load_instrument(instrument if instrument is not None else inst_id, cache=True)
    except NotFoundError as exc:
        return None, [smap.problem(Code.FHIR_UNKNOWN_QUESTIONNAIRE, where, str(exc))]
    problems: list[Problem] = []
    if inst.id != inst_id:
        msg = f"the response answers '{inst_id}', but the instrument is '{inst.id}'"
        problems.append(smap.problem(Code.FHIR_UNKNOWN_QUESTIONNAIRE, where, msg))
    if version != inst.version:
        msg = f"the response answers version '{version}', the instrument is {inst.version}"
        problems.append(smap.problem(Code.FHIR_VERSION_MISMATCH, where, msg))
    extensions = data.get("extension") or []
    if not isinstance(extensions, list):  # issue 22: found by fuzzing, was a traceback
        problems.append(
            smap.problem(Code.FHIR_NOT_A_RESPONSE, ("extension",), "'extension' must be a list")
        )
        extensions = []
    for k, ext in enumerate(extensions):
        hashed = isinstance(ext, dict) and ext.get("url") == CONTENT_HASH
        if hashed and ext.get("valueString") != inst.content_hash:
            msg = f"the form had another content hash than {inst.id} {inst.version}"
            path: Path = ("extension", k, "valueString")
            problems.append(smap.problem(Code.FHIR_VERSION_MISMATCH, path, msg))
    return inst, problems


def _case_id_of(case: str | os.PathLike[str] | None) -> str | None:
    """The case id a case file names (None when it cannot be read: its problems are
    reported when the assessment is added to it)."""
    if case is None:
        return None
    try:
        base, _, _ = read_file(os.fspath(case))
    except YamlReadError:
        return None
    found = base.get("case_id") if isinstance(base, dict) else None
    return found if isinstance(found, str) and found else None


def _supplied(
    smap: SourceMap,
    given: str | None,
    option: str | None,
    where: Path,
    what: str,
    *,
    code: Code = Code.FHIR_OPTION_DISAGREES,
) -> tuple[str | None, list[Problem]]:
    """Issue 21: what the response says, else what the option supplies; a located problem
    when both say something and they differ."""
    if given is None or option is None or given == option:
        return given or option, []
    msg = f"the response gives {what} '{given}', the command line '{option}'; make them agree"
    return given, [smap.problem(code, where, msg)]


def import_response(
    path: str | os.PathLike[str],
    *,
    instrument: str | os.PathLike[str] | None = None,
    case: str | os.PathLike[str] | None = None,
    author: str | None = None,
    date: _dt.date | None = None,
    base: str = PLACEHOLDER,
) -> Imported:
    """Read a QuestionnaireResponse and return a case file holding it as an assessment.

    With ``case``, the assessment is added to that case file's assessments; the whole result
    is checked like any case file (structure, then the assessment against its instrument).
    Issue 21: what a form tool leaves out is supplied — the case id from ``case``, the
    assessor from ``author``, the date from ``date`` (LHC-Forms writes no ``subject`` and no
    ``author``); where the response says something else, that is a located problem (X909).
    ``base`` is the base URL the form was exported under (issue 23, :mod:`.canonical`).
    """
    name = os.fspath(path)
    try:
        data, smap, problems = read_file(name)
    except YamlReadError as exc:
        return Imported(case=None, problems=tuple(exc.problems))
    data = unbase(data, base)
    if not isinstance(data, dict) or data.get("resourceType") != "QuestionnaireResponse":
        msg = "not a FHIR QuestionnaireResponse (resourceType)"
        return Imported(case=None, problems=(smap.problem(Code.FHIR_NOT_A_RESPONSE, (), msg),))
    inst, found = _instrument(data, smap, instrument)
    problems += found
    if inst is None:
        return Imported(case=None, problems=tuple(sort_problems(problems)))
    reader = _Reader(inst, smap)
    reader.walk(data.get("item") or [], ("item",))
    problems += reader.problems
    case_id, found = _supplied(
        smap,
        _identifier(data, "subject", "identifier", "value")
        or _identifier(data, "identifier", "value"),
        _case_id_of(case),
        ("subject", "identifier", "value") if "subject" in data else ("identifier", "value"),
        "the case id",
        code=Code.FHIR_CASE_MISMATCH,  # the response is for another case than the file
    )
    problems += found
    unreadable_date = "authored" in data and _date(data.get("authored")) is None
    day, found = _supplied(
        smap,
        _date(data.get("authored")),
        date.isoformat() if date is not None else None,
        ("authored",),
        "the date",
    )
    problems += found
    assessor, found = _supplied(
        smap,
        _identifier(data, "author", "identifier", "value"),
        author,
        ("author", "identifier", "value"),
        "the assessor",
    )
    problems += found
    for value, where, what in (
        (case_id, ("subject",), "the case id in subject.identifier.value, or --case CASE"),
        (
            day,
            ("authored",),
            "the date of the assessment in 'authored' (YYYY-MM-DD), or --date YYYY-MM-DD",
        ),
        (
            assessor,
            ("author",),
            "the assessor's pseudonymous id in author.identifier.value, or --author ID",
        ),
    ):
        if value is None or (where == ("authored",) and unreadable_date):
            problems.append(smap.problem(Code.FHIR_MISSING_FIELD, where, f"give {what}"))
    if problems:
        return Imported(case=None, problems=tuple(sort_problems(problems)))
    assessment: dict[str, Any] = {
        "instrument": inst.id,
        "version": inst.version,
        "date": day,
        "assessor": assessor,
    }
    attributes = dict(reader.attributes)
    if isinstance(attributes.get(AGE_LINK), int):
        assessment["age"] = attributes.pop(AGE_LINK)
    assessment["answers"] = reader.answers
    if inst.judgement is not None:
        first, *further = inst.judgement.scores
        if reader.judgements.get(first):
            assessment["judgement"] = reader.judgements[first]
        more = {s: reader.judgements[s] for s in further if reader.judgements.get(s)}
        if more:
            assessment["judgements"] = more
    return _into_case(name, case_id, assessment, attributes, inst=inst, case=case)


def _into_case(
    name: str,
    case_id: Any,
    assessment: dict[str, Any],
    attributes: dict[str, str | int],
    *,
    inst: Instrument,
    case: str | os.PathLike[str] | None,
) -> Imported:
    doc: dict[str, Any]
    if case is None:
        doc = {"format_version": CASE_FORMAT_VERSION, "case_id": case_id}
        if attributes:
            doc["subject"] = {"attributes": attributes}
        doc["assessments"] = [assessment]
    else:
        try:
            base, smap, problems = read_file(os.fspath(case))
        except YamlReadError as exc:
            return Imported(case=None, problems=tuple(exc.problems))
        if problems or not isinstance(base, dict):
            return Imported(case=None, problems=tuple(problems))
        if base.get("case_id") != case_id:
            msg = f"the response is for case '{case_id}', not this one"
            bad = smap.problem(Code.FHIR_CASE_MISMATCH, ("case_id",), msg)
            return Imported(case=None, problems=(bad,))
        doc = dict(base)
        doc["assessments"] = [*(base.get("assessments") or []), assessment]
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    # issue 20: the resulting case file gets the one check every command gives a case file
    # (structure, history, program, ids, every answer against its instrument)
    parsed, smap, problems = check_case_text(text, f"{name} (imported)")
    problems = list(check_case_value(parsed, smap, problems, instrument=inst).problems)
    if problems:
        where = f"{name} (as a case file)"
        return Imported(
            case=None,
            problems=tuple(attrs.evolve(p, file=where, line=None, column=None) for p in problems),
        )
    return Imported(case=doc, problems=())
