"""Semantic checks of rules, judgement, provenance and languages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from sigrbm.errors import Code, Path
from sigrbm.instrument.check_context import CheckContext, Origins
from sigrbm.instrument.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    Condition,
    ItemIs,
    LevelAtLeast,
    ScoreAtLeast,
)
from sigrbm.instrument.model import Basis, Provenance
from sigrbm.reading.structure import did_you_mean, key_of
from sigrbm.reading.text import Text


class RuleChecks(CheckContext):
    """Checks of floors and flags, judgement, provenance and translations."""

    def rules(self) -> None:
        for i, fl in enumerate(self.inst.floors):
            base = self.p("floors", i)
            self.condition(fl.when, (*base, "when"))
            if self.target_ref(fl.target, (*base, "target")):
                levels = self.levels_of_target(fl.target)
                if not self.has_bands(fl.target):
                    self.add(
                        Code.UNKNOWN_REFERENCE,
                        (*base, "target"),
                        f"'{fl.target}' has no band table, so it has no level to raise",
                    )
                elif levels is not None and fl.level not in levels:
                    self.add(
                        Code.LEVEL_NOT_IN_SET,
                        (*base, "level"),
                        f"'{fl.level}' is not a level of '{fl.target}'"
                        f"{did_you_mean(fl.level, levels)}",
                    )
        for i, fg in enumerate(self.inst.flags):
            self.condition(fg.when, self.p("flags", i, "when"))

    def condition(self, c: Condition, path: Path) -> None:
        if isinstance(c, ItemIs):
            if not self.ref("items", c.item, (*path, "item"), "item"):
                return
            item = self.inst.item(c.item)
            if item.derive is not None:  # issue 13
                self.add(
                    Code.DERIVED_CONDITION,
                    (*path, "item"),
                    f"'{c.item}' is computed and has no answer to test; test the items it "
                    "reads, or a score that sums it",
                )
                return
            if item.scale not in self.ids["scales"]:
                return
            codes = self.inst.scale(item.scale).codes
            if not c.in_:
                self.add(Code.EMPTY_LIST, (*path, "in"), "list at least one option code")
            for k, code in enumerate(c.in_):
                if code not in codes:
                    self.add(
                        Code.UNKNOWN_OPTION,
                        (*path, "in", k),
                        f"'{code}' is not an option of item '{c.item}'{did_you_mean(code, codes)}",
                    )
        elif isinstance(c, AttributeCondition):  # issue 13: attributes inside rules
            self.attribute_condition(c, path)
        elif isinstance(c, ScoreAtLeast):
            self.target_ref(c.score, (*path, "score"))
        elif isinstance(c, LevelAtLeast):
            if self.target_ref(c.level_of, (*path, "level_of")):
                levels = self.levels_of_target(c.level_of)
                if levels is not None and c.at_least not in levels:
                    self.add(
                        Code.LEVEL_NOT_IN_SET,
                        (*path, "at_least"),
                        f"'{c.at_least}' is not a level of '{c.level_of}'"
                        f"{did_you_mean(c.at_least, levels)}",
                    )
        else:
            key = "all" if isinstance(c, AllOf) else "any"
            parts = c.all if isinstance(c, AllOf) else c.any if isinstance(c, AnyOf) else ()
            if not parts:
                self.add(Code.EMPTY_LIST, (*path, key), "list at least one condition")
            for k, part in enumerate(parts):
                self.condition(part, (*path, key, k))

    def judgement(self) -> None:
        j = self.inst.judgement
        judged: list[tuple[str, tuple[str | int, ...]]] = []
        if j is not None:
            judged.append((j.score, ("judgement", "score")))
            judged += [
                (s, ("judgement", "further_scores", k)) for k, s in enumerate(j.further_scores)
            ]
        seen: set[str] = set()
        for target, where in judged:  # issue 13: several judged scores
            if target in seen:
                self.add(
                    Code.JUDGEMENT_TWICE,
                    where,
                    f"'{target}' is judged twice; name each score once",
                )
                continue
            seen.add(target)
            if self.target_ref(target, where) and not self.has_bands(target):
                self.add(
                    Code.UNKNOWN_REFERENCE,
                    where,
                    f"'{target}' has no band table, so there is no level to judge",
                )
        s = self.inst.screening
        if s is not None and self.ref("scores", s.score, ("screening", "score"), "score"):
            levels = self.levels_of_target(s.score) or ()
            if not s.eligible_levels:
                self.add(
                    Code.EMPTY_LIST,
                    ("screening", "eligible_levels"),
                    "list the levels that suggest a full assessment",
                )
            for k, lv in enumerate(s.eligible_levels):
                if lv not in levels:
                    self.add(
                        Code.LEVEL_NOT_IN_SET,
                        ("screening", "eligible_levels", k),
                        f"'{lv}' is not a level of score '{s.score}'{did_you_mean(lv, levels)}",
                    )

    def provenance(self) -> None:
        if self.inst.provenance.note is None:
            self.add(
                Code.MISSING_STATEMENT,
                ("provenance",),
                "say what the instrument's wording rests on in provenance.note "
                "(e.g. a reconstruction from public descriptions)",
            )
        elements: list[tuple[Path, Provenance]] = [(("provenance",), self.inst.provenance)]
        elements += [
            (self.p("items", i, "provenance"), it.provenance)
            for i, it in enumerate(self.inst.items)
        ]
        for path, prov in elements:
            for k, src in enumerate(prov.sources):
                self.ref("sources", src, (*path, "sources", k), "source")
            if prov.basis in (Basis.HANDBOOK_FACT, Basis.LEGAL_FACT, Basis.EXTERNAL_FACT) and (
                not prov.sources
            ):
                self.add(
                    Code.MISSING_STATEMENT,
                    (*path, "sources"),
                    f"basis '{prov.basis.value}' needs at least one source id in 'sources'",
                )

    def languages(self) -> None:
        declared = self.inst.languages
        if not declared:
            self.add(
                Code.EMPTY_LIST, ("languages",), "declare at least one language, e.g. [sv, en]"
            )
            return
        for path, text in _texts(self.inst, (), self.origins):
            for lang in declared:
                value = text.get(lang)
                if value is None or not value.strip():
                    self.add(Code.MISSING_TRANSLATION, path, f"the '{lang}' text is missing")
            for lang in text.languages:
                if lang not in declared:
                    self.add(
                        Code.UNDECLARED_LANGUAGE,
                        (*path, lang),
                        f"language '{lang}' is not declared in 'languages' ({', '.join(declared)})",
                        key=True,
                    )


def _texts(value: Any, path: Path, origins: Origins | None) -> Iterator[tuple[Path, Text]]:
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, tuple):
        for i, v in enumerate(value):
            if origins is not None and len(path) == 1 and isinstance(path[0], str):
                yield from _texts(v, origins.path(path[0], i), None)
            else:
                yield from _texts(v, (*path, i), None)
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            yield from _texts(getattr(value, f.name), (*path, key_of(f)), origins)
