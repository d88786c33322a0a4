"""Semantic checks of an instrument: identity, references, bands, languages, provenance.

Runs on a (possibly partial) :class:`~sigrbm.model.Instrument` and returns located
problems. Paths are written against the model and translated back to the source
indices through :class:`Origins`, so ``items[3]`` always means the fourth item in
the file even when an earlier item could not be read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from ._select import attainable_range, domain_items, score_items
from ._structure import did_you_mean, key_of
from ._yaml import SourceMap
from .errors import Code, Path, PathPart, Problem
from .model import (
    RISK_ROLES,
    AllOf,
    AnyOf,
    AttributeCondition,
    AttributeType,
    Band,
    Basis,
    Condition,
    Instrument,
    Item,
    ItemIs,
    LevelAtLeast,
    MissingMethod,
    MissingPolicy,
    Provenance,
    ScaleKind,
    Score,
    ScoreAtLeast,
    Text,
)


@attrs.define
class Origins:
    """Source index of every kept element of a top-level collection, and ids left out."""

    index: dict[str, list[int]] = attrs.field(factory=dict)
    broken: dict[str, set[str]] = attrs.field(factory=dict)

    def path(self, key: str, i: int, *rest: PathPart) -> Path:
        """The source path of element ``i`` of collection ``key`` (plus ``rest``)."""
        idx = self.index.get(key)
        src = idx[i] if idx is not None and i < len(idx) else i
        return (key, src, *rest)


class _Checker:
    def __init__(self, inst: Instrument, origins: Origins, smap: SourceMap) -> None:
        self.inst = inst
        self.origins = origins
        self.smap = smap
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = {
            "scales": {s.id for s in inst.scales},
            "domains": {d.id for d in inst.domains},
            "items": {i.id for i in inst.items},
            "level_sets": {s.id for s in inst.level_sets},
            "band_tables": {t.id for t in inst.band_tables},
            "lookups": {t.id for t in inst.lookups},
            "scores": {s.id for s in inst.scores},
            "attributes": {a.id for a in inst.attributes},
            "sources": {s.id for s in inst.sources},
        }

    # ------------------------------------------------------------------ helpers
    def add(self, code: Code, path: Path, message: str, *, key: bool = False) -> None:
        self.problems.append(self.smap.problem(code, path, message, key=key))

    def p(self, key: str, i: int, *rest: PathPart) -> Path:
        return self.origins.path(key, i, *rest)

    def ref(self, kind: str, value: str, path: Path, what: str) -> bool:
        """Check that ``value`` names an element of collection ``kind``."""
        if value in self.ids[kind]:
            return True
        if value in self.origins.broken.get(kind, set()):
            return False  # already reported where it is defined
        known = self.ids[kind] | self.origins.broken.get(kind, set())
        self.add(
            Code.UNKNOWN_REFERENCE,
            path,
            f"unknown {what} '{value}'{did_you_mean(value, known)}"
            + ("" if known else f"; define it under '{kind}'"),
        )
        return False

    def target_ref(self, value: str, path: Path) -> bool:
        """A score id or a domain id."""
        if value in self.ids["scores"] or value in self.ids["domains"]:
            return True
        if value in self.origins.broken.get("scores", set()) | self.origins.broken.get(
            "domains", set()
        ):
            return False
        known = self.ids["scores"] | self.ids["domains"]
        self.add(
            Code.UNKNOWN_REFERENCE,
            path,
            f"unknown score or domain '{value}'{did_you_mean(value, known)}",
        )
        return False

    def has_bands(self, target: str) -> bool:
        """Whether a score or domain declares a band table (resolvable or not)."""
        if target in self.ids["scores"]:
            return self.inst.score(target).bands is not None
        if target in self.ids["domains"]:
            return self.inst.domain(target).bands is not None
        return False

    def levels_of_target(self, target: str) -> tuple[str, ...] | None:
        """The levels a score or domain can get, or None when they cannot be resolved."""
        table_id = None
        if target in self.ids["scores"]:
            table_id = self.inst.score(target).bands
        elif target in self.ids["domains"]:
            table_id = self.inst.domain(target).bands
        if table_id is None or table_id not in self.ids["band_tables"]:
            return None
        set_id = self.inst.band_table(table_id).level_set
        if set_id not in self.ids["level_sets"]:
            return None
        return tuple(lv.id for lv in self.inst.level_set(set_id).levels)

    # ------------------------------------------------------------------- checks
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
        self.judgement()
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

    def conditions_on_attributes(self, conds: Iterable[AttributeCondition], base: Path) -> None:
        for j, c in enumerate(conds):
            path = (*base, j)
            if not self.ref("attributes", c.attribute, (*path, "attribute"), "attribute"):
                continue
            attr = next(a for a in self.inst.attributes if a.id == c.attribute)
            if c.min is None and c.max is None and c.in_ is None:
                self.add(Code.MISSING_KEY, path, "a condition needs 'min', 'max' or 'in'")
            if attr.type is AttributeType.INTEGER and c.in_ is not None:
                self.add(
                    Code.WRONG_ATTRIBUTE_TYPE,
                    (*path, "in"),
                    f"'{c.attribute}' is a number; use min/max",
                )
            if attr.type is AttributeType.CATEGORY:
                if c.min is not None or c.max is not None:
                    self.add(
                        Code.WRONG_ATTRIBUTE_TYPE, path, f"'{c.attribute}' is a category; use 'in'"
                    )
                for k, v in enumerate(c.in_ or ()):
                    if v not in attr.values:
                        self.add(
                            Code.UNKNOWN_OPTION,
                            (*path, "in", k),
                            f"'{v}' is not a value of '{c.attribute}'"
                            f"{did_you_mean(v, attr.values)}",
                        )
            if c.min is not None and c.max is not None and c.max < c.min:
                self.add(Code.OUT_OF_RANGE, (*path, "max"), f"max {c.max} is below min {c.min}")

    def items(self) -> None:
        for i, item in enumerate(self.inst.items):
            self.ref("scales", item.scale, self.p("items", i, "scale"), "scale")
            if item.domain is not None:
                self.ref("domains", item.domain, self.p("items", i, "domain"), "domain")
            elif item.role in RISK_ROLES:
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
        return attainable_range(self.inst, domain_items(self.inst, domain_id))

    def scores(self) -> None:
        for i, s in enumerate(self.inst.scores):
            base = self.p("scores", i)
            for j, d in enumerate(s.domains):
                self.ref("domains", d, (*base, "domains", j), "domain")
            for j, it in enumerate(s.items):
                self.ref("items", it, (*base, "items", j), "item")
            if not (s.roles or s.domains or s.items):
                self.add(
                    Code.EMPTY_SELECTION,
                    base,
                    "choose the score's items with 'roles', 'domains' or 'items'",
                )
                continue
            chosen = score_items(self.inst, s)
            if not chosen:
                self.add(Code.EMPTY_SELECTION, base, f"score '{s.id}' selects no items")
                continue
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
        lo, hi = attainable_range(self.inst, chosen)
        if s.lookup is None:
            return (lo, hi)
        if not self.ref("lookups", s.lookup, (*base, "lookup"), "lookup table"):
            return None
        li = next(k for k, t in enumerate(self.inst.lookups) if t.id == s.lookup)
        rows = self.inst.lookups[li].rows
        self._coverage(rows, (lo, hi), self.p("lookups", li, "rows"), f"score '{s.id}'", "row")
        hit = [r.value for r in rows if _intersects(r.min, r.below, lo, hi)]
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

    def band_tables(self) -> None:
        for i, t in enumerate(self.inst.band_tables):
            base = self.p("band_tables", i)
            if not self.ref("level_sets", t.level_set, (*base, "level_set"), "level set"):
                continue
            order = [lv.id for lv in self.inst.level_set(t.level_set).levels]
            if not t.bands and not t.variants:
                self.add(Code.EMPTY_LIST, base, "a band table needs 'bands' or 'variants'")
            tables: list[tuple[tuple[Band, ...], Path]] = []
            if t.bands:
                tables.append((t.bands, (*base, "bands")))
            for v, variant in enumerate(t.variants):
                self.conditions_on_attributes(variant.when, (*base, "variants", v, "when"))
                tables.append((variant.bands, (*base, "variants", v, "bands")))
            for bands, path in tables:
                self._levels_in_order(bands, order, path, t.level_set)
                self._contiguous(bands, path, "band")

    def _levels_in_order(
        self, bands: Sequence[Band], order: list[str], path: Path, set_id: str
    ) -> None:
        last = -1
        used: set[str] = set()
        for j, b in enumerate(bands):
            if b.level not in order:
                self.add(
                    Code.LEVEL_NOT_IN_SET,
                    (*path, j, "level"),
                    f"level '{b.level}' is not in level set '{set_id}'"
                    f"{did_you_mean(b.level, order)}",
                )
                continue
            pos = order.index(b.level)
            if pos <= last:
                self.add(
                    Code.LEVEL_ORDER,
                    (*path, j, "level"),
                    f"bands go from the lowest level up, each level once; '{b.level}' "
                    f"is out of order for level set '{set_id}' ({', '.join(order)})",
                )
            last = max(last, pos)
            used.add(b.level)
        for lv in order:
            if lv not in used and bands:
                self.add(
                    Code.EMPTY_LEVEL,
                    path,
                    f"level '{lv}' of set '{set_id}' has no band, so it can never be given",
                )

    def _contiguous(self, rows: Sequence[Any], path: Path, what: str) -> None:
        for j, r in enumerate(rows):
            if r.below is not None and r.below <= r.min:
                self.add(
                    Code.EMPTY_BAND,
                    (*path, j, "below"),
                    f"this {what} is empty: 'below' ({r.below}) must be above 'min' ({r.min})",
                )
            if j == 0:
                continue
            prev = rows[j - 1]
            if prev.below is None or r.min < prev.below:
                end = "no limit" if prev.below is None else prev.below
                self.add(
                    Code.BAND_OVERLAP,
                    (*path, j, "min"),
                    f"this {what} starts at {r.min} but the one before runs below {end}; "
                    f"start it where the one before ends",
                )
            elif r.min > prev.below:
                self.add(
                    Code.BAND_GAP,
                    (*path, j, "min"),
                    f"scores from {prev.below} up to {r.min} fall in no {what}; "
                    f"start this {what} at {prev.below}",
                )

    def _usage(self, table_id: str, rng: tuple[float, float], user: str) -> None:
        if (
            self.origins.broken.get("items")
            or self.origins.broken.get("scales")
            or any(it.scale not in self.ids["scales"] for it in self.inst.items)
        ):
            return  # the range is unknown until every item and scale can be read
        ti = next(k for k, t in enumerate(self.inst.band_tables) if t.id == table_id)
        t = self.inst.band_tables[ti]
        base = self.p("band_tables", ti)
        groups = [(t.bands, (*base, "bands"))] if t.bands else []
        groups += [(v.bands, (*base, "variants", k, "bands")) for k, v in enumerate(t.variants)]
        for bands, path in groups:
            self._coverage(bands, rng, path, user, "band")

    def _coverage(
        self, rows: Sequence[Any], rng: tuple[float, float], path: Path, user: str, what: str
    ) -> None:
        lo, hi = rng
        if not rows:
            return
        span = f"{user} ranges from {_num(lo)} to {_num(hi)}"
        if rows[0].min > lo:
            self.add(
                Code.RANGE_NOT_COVERED,
                (*path, 0, "min"),
                f"{span}, but the first {what} starts at {_num(rows[0].min)}",
            )
        if rows[-1].below is not None and rows[-1].below <= hi:
            self.add(
                Code.RANGE_NOT_COVERED,
                (*path, len(rows) - 1, "below"),
                f"{span}, but the last {what} ends below {_num(rows[-1].below)}; "
                f"leave out 'below' on the last {what}",
            )
        for j, r in enumerate(rows):
            if not _intersects(r.min, r.below, lo, hi):
                label = f"level '{r.level}'" if hasattr(r, "level") else f"this {what}"
                self.add(
                    Code.UNREACHABLE_LEVEL, (*path, j), f"{label} can never be reached: {span}"
                )

    def lookups(self) -> None:
        for i, t in enumerate(self.inst.lookups):
            if not t.rows:
                self.add(Code.EMPTY_LIST, self.p("lookups", i, "rows"), "a lookup needs rows")
            self._contiguous(t.rows, self.p("lookups", i, "rows"), "row")

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
        if (
            j is not None
            and self.target_ref(j.score, ("judgement", "score"))
            and not self.has_bands(j.score)
        ):
            self.add(
                Code.UNKNOWN_REFERENCE,
                ("judgement", "score"),
                f"'{j.score}' has no band table, so there is no level to judge",
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


def _intersects(lo: float, below: float | None, a: float, b: float) -> bool:
    """Whether [lo, below) meets [a, b]."""
    return lo <= b and (below is None or below > a)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def check_instrument(
    inst: Instrument, origins: Origins, smap: SourceMap, *, check_languages: bool = True
) -> list[Problem]:
    """Every semantic problem of ``inst``, located through ``origins`` and ``smap``."""
    return _Checker(inst, origins, smap).run(check_languages=check_languages)
