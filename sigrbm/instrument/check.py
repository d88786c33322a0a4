"""Semantic checks of an instrument: identity, references, bands, languages, provenance.

Runs on a (possibly partial) :class:`~sigrbm.model.Instrument` and returns located
problems. Paths are written against the model and translated back to the source
indices through :class:`Origins`, so ``items[3]`` always means the fourth item in
the file even when an earlier item could not be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sigrbm.errors import Code, Path, Problem
from sigrbm.instrument.check_bands import BandChecks
from sigrbm.instrument.check_columns import ColumnChecks
from sigrbm.instrument.check_context import Origins, intersects
from sigrbm.instrument.check_counted import CountedChecks
from sigrbm.instrument.check_derived import DerivedChecks
from sigrbm.instrument.check_rules import RuleChecks
from sigrbm.instrument.check_weight_by import WeightByChecks
from sigrbm.instrument.model import (
    RISK_ROLES,
    AttributeType,
    Instrument,
    Item,
    MissingMethod,
    MissingPolicy,
    ScaleKind,
    Score,
)
from sigrbm.instrument.params import ParameterChecks
from sigrbm.instrument.select import attainable_range, domain_items, score_items
from sigrbm.reading.source import SourceMap


class _Checker(
    BandChecks,
    RuleChecks,
    DerivedChecks,
    ParameterChecks,
    ColumnChecks,
    WeightByChecks,
    CountedChecks,
):
    def run(self, *, check_languages: bool) -> list[Problem]:
        self.duplicates()
        self.scales()
        self.level_sets()
        self.attributes()
        self.items()
        self.domains()
        self.scores()
        self.band_tables()
        self.lookups()
        self.rules()
        self.weights()
        self.weight_rules()  # issue 24
        self.coding_rules()  # issue 24
        self.derivations()
        self.parameters()
        self.judgement()
        self.batch_columns()  # issue 13 (round 3)
        self.provenance()
        if check_languages:
            self.languages()
        return self.problems

    def duplicates(self) -> None:
        for key in (
            "scales",
            "domains",
            "items",
            "level_sets",
            "band_tables",
            "lookups",
            "scores",
            "attributes",
            "parameters",
            "sources",
            "floors",
            "flags",
        ):
            self._unique(key, getattr(self.inst, key), "id", lambda i, k=key: self.p(k, i))
        clash = self.ids["scores"] & self.ids["domains"]
        for i, s in enumerate(self.inst.scores):
            if s.id in clash:
                self.add(
                    Code.DUPLICATE_ID,
                    self.p("scores", i, "id"),
                    f"'{s.id}' is also a domain id; scores and domains share one namespace",
                )
        for si, scale in enumerate(self.inst.scales):
            codes: list[tuple[str, Path]] = [
                (o.code, self.p("scales", si, "options", j, "code"))
                for j, o in enumerate(scale.options)
            ] + [
                (o.code, self.p("scales", si, "missing", j, "code"))
                for j, o in enumerate(scale.missing)
            ]
            seen: set[str] = set()
            for code, path in codes:
                if code in seen:
                    self.add(Code.DUPLICATE_ID, path, f"option code '{code}' is used twice")
                seen.add(code)
        for li, ls in enumerate(self.inst.level_sets):
            self._unique_list(
                [lv.id for lv in ls.levels],
                lambda j, li=li: self.p("level_sets", li, "levels", j, "id"),
                "level",
            )
        langs = list(self.inst.languages)
        self._unique_list(langs, lambda j: ("languages", j), "language")

    def _unique(self, key: str, elements: Sequence[Any], field: str, where: Any) -> None:
        self._unique_list(
            [getattr(e, field) for e in elements],
            lambda i: (*where(i), field),
            key.rstrip("s").replace("_", " "),
        )

    def _unique_list(self, values: Sequence[str], where: Any, what: str) -> None:
        first: dict[str, int] = {}
        for i, v in enumerate(values):
            if v in first:
                self.add(
                    Code.DUPLICATE_ID,
                    where(i),
                    f"{what} id '{v}' is already used (entry {first[v]}); ids must be unique",
                )
            else:
                first[v] = i

    def scales(self) -> None:
        for i, s in enumerate(self.inst.scales):
            if s.kind is ScaleKind.ORDINAL:
                if s.bins:
                    self.add(
                        Code.CONFLICTING_KEYS,
                        self.p("scales", i, "bins"),
                        "bins belong to count scales; remove them or set kind: count",
                    )
                if not s.options:
                    self.add(
                        Code.EMPTY_LIST,
                        self.p("scales", i),
                        "an ordinal scale needs at least one scored option under 'options'",
                    )
                for j in range(1, len(s.options)):
                    if s.options[j].value <= s.options[j - 1].value:
                        self.add(
                            Code.OPTION_ORDER,
                            self.p("scales", i, "options", j, "value"),
                            "list options from lowest to highest value, each value higher "
                            "than the one before",
                        )
            else:
                if s.options:
                    self.add(
                        Code.CONFLICTING_KEYS,
                        self.p("scales", i, "options"),
                        "a count scale scores through 'bins', not 'options'",
                    )
                if not s.bins:
                    self.add(
                        Code.EMPTY_LIST,
                        self.p("scales", i),
                        "a count scale needs 'bins' mapping counts to points",
                    )
                self._bins(i)

    def _bins(self, si: int) -> None:
        bins = self.inst.scales[si].bins
        for j, b in enumerate(bins):
            path = self.p("scales", si, "bins", j)
            if b.max is not None and b.max < b.min:
                self.add(Code.EMPTY_BAND, (*path, "max"), f"max {b.max} is below min {b.min}")
            if j == 0 and b.min != 0:
                self.add(
                    Code.RANGE_NOT_COVERED,
                    (*path, "min"),
                    "the first bin must start at 0 so that every count gets points",
                )
            if j > 0:
                prev = bins[j - 1]
                if prev.max is None or b.min <= prev.max:
                    self.add(
                        Code.BAND_OVERLAP,
                        (*path, "min"),
                        f"this bin overlaps the one before (which ends at "
                        f"{'no limit' if prev.max is None else prev.max})",
                    )
                elif b.min > prev.max + 1:
                    self.add(
                        Code.BAND_GAP,
                        (*path, "min"),
                        (
                            f"count {b.min - 1} falls in no bin"
                            if b.min - 1 == prev.max + 1
                            else f"counts {prev.max + 1}–{b.min - 1} fall in no bin"
                        ),
                    )
        if bins and bins[-1].max is not None:
            self.add(
                Code.RANGE_NOT_COVERED,
                self.p("scales", si, "bins", len(bins) - 1, "max"),
                f"counts above {bins[-1].max} fall in no bin; leave out 'max' on the last bin",
            )

    def level_sets(self) -> None:
        for i, ls in enumerate(self.inst.level_sets):
            if not ls.levels:
                self.add(
                    Code.EMPTY_LIST,
                    self.p("level_sets", i, "levels"),
                    "a level set needs at least one level",
                )

    def attributes(self) -> None:
        for i, a in enumerate(self.inst.attributes):
            if a.type is AttributeType.CATEGORY and not a.values:
                self.add(
                    Code.EMPTY_LIST,
                    self.p("attributes", i),
                    "a category attribute lists its allowed 'values'",
                )
            if a.type is AttributeType.INTEGER and a.values:
                self.add(
                    Code.CONFLICTING_KEYS,
                    self.p("attributes", i, "values"),
                    "'values' belong to category attributes",
                )

    def items(self) -> None:
        for i, item in enumerate(self.inst.items):
            self.ref("scales", item.scale, self.p("items", i, "scale"), "scale")
            if item.domain is not None:
                self.ref("domains", item.domain, self.p("items", i, "domain"), "domain")
            elif item.role in RISK_ROLES and self.inst.domains:  # issue 13: RNR instruments
                self.add(
                    Code.ROLE_NEEDS_DOMAIN,
                    self.p("items", i, "role"),
                    f"a {item.role.value} item belongs to a domain; add 'domain'",
                )
            self.conditions_on_attributes(item.applies_when, self.p("items", i, "applies_when"))

    def domains(self) -> None:
        for i, d in enumerate(self.inst.domains):
            if d.bands is not None:
                ok = self.ref("band_tables", d.bands, self.p("domains", i, "bands"), "band table")
                if not domain_items(self.inst, d.id):
                    self.add(
                        Code.EMPTY_SELECTION,
                        self.p("domains", i, "bands"),
                        f"domain '{d.id}' has no risk items to score",
                    )
                elif ok:
                    self._usage(d.bands, self._domain_range(d.id), f"domain '{d.id}'")
            if d.missing is not None:
                self._missing_policy(d.missing, self.p("domains", i, "missing"))

    def _domain_range(self, domain_id: str) -> tuple[float, float]:
        return attainable_range(self.inst, domain_items(self.inst, domain_id), domain_id)

    def scores(self) -> None:
        for i, s in enumerate(self.inst.scores):
            base = self.p("scores", i)
            for j, d in enumerate(s.domains):
                self.ref("domains", d, (*base, "domains", j), "domain")
            named: set[str] = set()
            for j, it in enumerate(s.items):
                self.ref("items", it, (*base, "items", j), "item")
                if it in named:  # issue 24: it would count once without a word
                    self.add(
                        Code.SCORE_ITEM_TWICE,
                        (*base, "items", j),
                        f"item '{it}' is already named in this score; name each item once",
                    )
                named.add(it)
            if not (s.roles or s.domains or s.items):
                self.add(
                    Code.EMPTY_SELECTION,
                    base,
                    "choose the score's items with 'roles', 'domains' or 'items'",
                )
                continue
            chosen = score_items(self.inst, s)
            if not chosen:
                broken = self.origins.broken.get("items", set())
                if not (broken and (set(s.items) & broken or s.roles or s.domains)):
                    self.add(Code.EMPTY_SELECTION, base, f"score '{s.id}' selects no items")
                continue  # issue 24: else it may select the item left out, reported there
            if s.missing is not None:
                self._missing_policy(s.missing, (*base, "missing"))
            rng = self._score_range(s, chosen, base)
            if (
                s.bands is not None
                and rng is not None
                and self.ref("band_tables", s.bands, (*base, "bands"), "band table")
            ):
                self._usage(s.bands, rng, f"score '{s.id}'")

    def _score_range(self, s: Score, chosen: list[Item], base: Path) -> tuple[float, float] | None:
        lo, hi = attainable_range(self.inst, chosen, s.id)
        if s.lookup is None:
            return (lo, hi)
        if not self.ref("lookups", s.lookup, (*base, "lookup"), "lookup table"):
            return None
        li = next(k for k, t in enumerate(self.inst.lookups) if t.id == s.lookup)
        rows = self.inst.lookups[li].rows
        if not self.ranges_unknown():  # issue 24: no cascade from an item left out
            where = self.p("lookups", li, "rows")
            self._coverage(rows, (lo, hi), where, f"score '{s.id}'", "row")
        hit = [r.value for r in rows if intersects(r.min, r.below, lo, hi)]
        return (min(hit), max(hit)) if hit else None

    def _missing_policy(self, m: MissingPolicy, path: Path) -> None:
        if m.method is MissingMethod.PRORATE and m.min_completeness is None:
            self.add(Code.MISSING_KEY, path, "prorating needs 'min_completeness', e.g. 0.8")
        if m.method is MissingMethod.DETERMINATE and m.min_completeness is not None:
            self.add(
                Code.CONFLICTING_KEYS,
                (*path, "min_completeness"),
                "min_completeness applies only to method: prorate",
            )


def check_instrument(
    inst: Instrument, origins: Origins, smap: SourceMap, *, check_languages: bool = True
) -> list[Problem]:
    """Every semantic problem of ``inst``, located through ``origins`` and ``smap``."""
    return _Checker(inst, origins, smap).run(check_languages=check_languages)


__all__ = ["Origins", "check_instrument"]
