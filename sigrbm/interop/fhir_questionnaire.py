"""FHIR ``Questionnaire`` → instrument: the other half of the round trip (issue 13).

The instrument is rebuilt from what the Questionnaire's items carry — each item's text and
translations, its ``itemWeight``, its per-score weights (``score-weight``), its computation
(``derivation``), and the judged scores with their policy (the judgement groups) — and
from the ``instrument-definition`` extension, which holds what FHIR has no element for
(scales with bins, domains, scores, band tables, lookups, rules, parameters, provenance).
The result must have the content hash the Questionnaire's ``identifier`` names; a form
whose items were edited so that they no longer give that instrument is refused (X908),
as is a Questionnaire sigrbm did not write (X907). Every problem is located in the file.
"""

from __future__ import annotations

import json
import os
from typing import Any

import attrs

from sigrbm.errors import Code, InstrumentError, Path, Problem, sort_problems
from sigrbm.instrument.model import Instrument
from sigrbm.interop.canonical import PLACEHOLDER, unbase
from sigrbm.interop.fhir_common import (
    DEFINITION,
    DERIVATION,
    ITEM_WEIGHT,
    JUDGED_SCORE,
    SCORE_WEIGHT,
    TRANSLATION,
)
from sigrbm.reading.source import SourceMap, YamlReadError, read_file


@attrs.frozen(kw_only=True)
class ImportedInstrument:
    """The rebuilt instrument, or the problems that stopped it."""

    instrument: Instrument | None
    problems: tuple[Problem, ...]


def _text(node: dict[str, Any], key: str, languages: list[str]) -> dict[str, str] | None:
    """The text of ``key`` with its translations, in the instrument's languages."""
    main = node.get(key)
    if not isinstance(main, str):
        return None
    out: dict[str, str] = {}
    if "sv" in languages:
        out["sv"] = main
    for ext in _list(_dict(node.get(f"_{key}")).get("extension")):
        if not isinstance(ext, dict) or ext.get("url") != TRANSLATION:
            continue
        parts = _parts(ext)
        lang = _dict(parts.get("lang")).get("valueCode")
        content = _dict(parts.get("content")).get("valueString")
        if isinstance(lang, str) and isinstance(content, str):
            out[lang] = content
    return out


def _dict(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one (issue 22: a wrong type is
    reported by the checks that need the value, never a traceback)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _parts(ext: dict[str, Any]) -> dict[str, dict[str, Any]]:
    parts = [e for e in _list(ext.get("extension")) if isinstance(e, dict)]
    return {e["url"]: e for e in parts if isinstance(e.get("url"), str)}


def _text_of(ext: dict[str, Any]) -> str:
    value = ext.get("valueString")
    return value if isinstance(value, str) else ""


def _extensions(node: dict[str, Any], url: str) -> list[tuple[int, dict[str, Any]]]:
    return [
        (k, e)
        for k, e in enumerate(_list(node.get("extension")))
        if isinstance(e, dict) and e.get("url") == url
    ]


class _Rebuild:
    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.problems: list[Problem] = []
        self.nodes: dict[str, tuple[dict[str, Any], Path]] = {}

    def report(self, code: Code, path: Path, message: str) -> None:
        self.problems.append(self.smap.problem(code, path, message))

    def index(self, items: Any, path: Path) -> None:
        for k, node in enumerate(items if isinstance(items, list) else []):
            if isinstance(node, dict) and isinstance(node.get("linkId"), str):
                self.nodes[node["linkId"]] = (node, (*path, k))
                self.index(node.get("item"), (*path, k, "item"))

    def item(self, rest: dict[str, Any], languages: list[str], where: Path) -> dict[str, Any]:
        """One item of the definition, completed from its question."""
        item_id = rest.get("id")
        found = self.nodes.get(item_id) if isinstance(item_id, str) else None
        if found is None:
            self.report(Code.FHIR_NOT_SIGRBM, where, f"the form has no question '{item_id}'")
            return rest
        node, path = found
        out = dict(rest)
        text = _text(node, "text", languages)
        if text is None:
            self.report(Code.FHIR_NOT_SIGRBM, (*path, "text"), f"'{item_id}' has no text")
        else:
            out["text"] = text
        for k, ext in _extensions(node, ITEM_WEIGHT):
            out["weight"] = self.number(ext, (*path, "extension", k))
        weights = []
        for k, ext in _extensions(node, SCORE_WEIGHT):
            parts = _parts(ext)
            score = _dict(parts.get("score")).get("valueCode")
            if not isinstance(score, str):
                msg = "a score-weight extension needs 'score' (valueCode)"
                self.report(Code.FHIR_NOT_SIGRBM, (*path, "extension", k), msg)
                continue
            weight = self.number(_dict(parts.get("weight")), (*path, "extension", k))
            entry = {"score": score, "weight": weight}
            if "weight-by" in parts:  # issue 24
                text = _dict(parts.get("weight-by")).get("valueString")
                try:
                    entry["weight_by"] = json.loads(text if isinstance(text, str) else "")
                except ValueError:
                    msg = "the weight-by extension must hold the rule as JSON"
                    self.report(Code.FHIR_NOT_SIGRBM, (*path, "extension", k), msg)
            weights.append(entry)
        if weights:
            out["weights"] = weights
        for k, ext in _extensions(node, DERIVATION):
            try:
                out["derive"] = json.loads(_text_of(ext))
            except (ValueError, RecursionError):
                msg = "the derivation extension must hold the computation as JSON"
                self.report(Code.FHIR_NOT_SIGRBM, (*path, "extension", k, "valueString"), msg)
        return out

    def number(self, ext: dict[str, Any], path: Path) -> Any:
        value = ext.get("valueDecimal")
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(Code.FHIR_NOT_SIGRBM, path, "a weight needs a valueDecimal")
        return value

    def judgement(self, definition: dict[str, Any]) -> dict[str, Any] | None:
        """The judgement: the definition's keys, the judged scores from the groups."""
        groups = [
            (node, path)
            for node, path in self.nodes.values()
            if node.get("type") == "group" and _extensions(node, JUDGED_SCORE)
        ]
        base = definition.get("judgement")
        if not groups:
            return base if isinstance(base, dict) else None
        out = dict(base) if isinstance(base, dict) else {}
        scores = [_extensions(node, JUDGED_SCORE)[0][1].get("valueCode") for node, _ in groups]
        out["score"], *further = scores
        if further:
            out["further_scores"] = further
        first = groups[0][0]
        level = self.nodes.get(f"{first['linkId']}.level")
        if level is not None and level[0].get("required") is True:
            out["policy"] = "required"
        return out


def _rebuild(data: dict[str, Any], smap: SourceMap) -> tuple[dict[str, Any] | None, list[Problem]]:
    found = [(k, e) for k, e in _extensions(data, DEFINITION)]
    if data.get("resourceType") != "Questionnaire" or not found:
        msg = "not a Questionnaire written by sigrbm (no instrument-definition extension)"
        return None, [smap.problem(Code.FHIR_NOT_SIGRBM, (), msg)]
    k, ext = found[0]
    try:
        definition = json.loads(_text_of(ext))
    except (ValueError, RecursionError):
        definition = None
    if not isinstance(definition, dict) or not isinstance(definition.get("items"), list):
        where: Path = ("extension", k, "valueString")
        msg = "the instrument-definition extension must hold the instrument as JSON"
        return None, [smap.problem(Code.FHIR_NOT_SIGRBM, where, msg)]
    rebuild = _Rebuild(smap)
    rebuild.index(data.get("item"), ("item",))
    languages = [x for x in _list(definition.get("languages")) if isinstance(x, str)]
    items_at: Path = ("extension", k, "valueString")
    definition["items"] = [
        rebuild.item(rest, languages, items_at) if isinstance(rest, dict) else rest
        for rest in definition["items"]
    ]
    judgement = rebuild.judgement(definition)
    if judgement is not None:
        definition["judgement"] = judgement
    return definition, rebuild.problems


def _named_hash(data: dict[str, Any]) -> tuple[str | None, Path]:
    for k, ident in enumerate(_list(data.get("identifier"))):
        value = ident.get("value") if isinstance(ident, dict) else None
        if isinstance(value, str) and value.startswith("urn:sigrbm:"):
            _, _, named = value.removeprefix("urn:sigrbm:").partition(":")  # ids have no ':'
            return named, ("identifier", k, "value")
    return None, ("identifier",)


def import_questionnaire(
    path: str | os.PathLike[str], *, base: str = PLACEHOLDER
) -> ImportedInstrument:
    """Rebuild the instrument a Questionnaire from ``sigrbm export fhir`` was made from
    (exported under the base URL ``base``, issue 23)."""
    name = os.fspath(path)
    try:
        data, smap, problems = read_file(name)
    except YamlReadError as exc:
        return ImportedInstrument(instrument=None, problems=tuple(exc.problems))
    data = unbase(data, base)
    if problems or not isinstance(data, dict):
        msg = "not a FHIR Questionnaire"
        bad = problems or [smap.problem(Code.FHIR_NOT_SIGRBM, (), msg)]
        return ImportedInstrument(instrument=None, problems=tuple(bad))
    definition, problems = _rebuild(data, smap)
    if definition is None or problems:
        return ImportedInstrument(instrument=None, problems=tuple(sort_problems(problems)))
    try:
        inst = Instrument.from_dict(definition)
    except InstrumentError as exc:
        where = f"{name} (the rebuilt instrument)"
        moved = tuple(attrs.evolve(p, file=where, line=None, column=None) for p in exc.problems)
        return ImportedInstrument(instrument=None, problems=moved)
    named, at = _named_hash(data)
    if named != inst.content_hash:
        msg = (
            f"the form's items give an instrument with content hash {inst.content_hash}, "
            f"not the {named or 'unnamed'} it was exported from (edited after the export?)"
        )
        changed = smap.problem(Code.FHIR_QUESTIONNAIRE_CHANGED, at, msg)
        return ImportedInstrument(instrument=None, problems=(changed,))
    return ImportedInstrument(instrument=inst, problems=())


__all__ = ["ImportedInstrument", "import_questionnaire"]
