"""What the semantic checks of an instrument share: source origins, the problem list, look-ups."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from sigrbm.errors import Code, Path, PathPart, Problem
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import AttributeType, Instrument
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean


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


class CheckContext:
    """What every check shares: the instrument, where things are, and the problems found."""

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
            "parameters": {p.id for p in inst.parameters},  # issue 13
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

    def ranges_unknown(self) -> bool:
        """Whether an item or scale was left out (or an item's scale is unknown): then no
        range can be known, and problems found from one would only follow from that one
        (issue 24: no cascades)."""
        return bool(
            self.origins.broken.get("items")
            or self.origins.broken.get("scales")
            or any(it.scale not in self.ids["scales"] for it in self.inst.items)
        )

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
        table = self.inst.band_table(table_id)
        sets = {table.level_set} | {v.level_set for v in table.variants if v.level_set}
        if not sets <= self.ids["level_sets"]:
            return None
        return tuple(lv.id for lv in self.inst.table_levels(table_id).levels)  # issue 13

    # ------------------------------------------------------------------- checks

    def conditions_on_attributes(self, conds: Iterable[AttributeCondition], base: Path) -> None:
        for j, c in enumerate(conds):
            self.attribute_condition(c, (*base, j))

    def _parameter_condition(self, c: AttributeCondition, path: Path) -> None:
        raise NotImplementedError  # pragma: no cover - ParameterChecks

    def attribute_condition(self, c: AttributeCondition, path: Path) -> None:
        """One attribute condition: a known attribute, bounds or values of the right type."""
        if c.attribute in self.ids["parameters"]:  # issue 13: a parameter, tested by value
            self._parameter_condition(c, path)
            return
        if not self.ref("attributes", c.attribute, (*path, "attribute"), "attribute"):
            return
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
                        f"'{v}' is not a value of '{c.attribute}'{did_you_mean(v, attr.values)}",
                    )
        if c.min is not None and c.max is not None and c.max < c.min:
            self.add(Code.OUT_OF_RANGE, (*path, "max"), f"max {c.max} is below min {c.min}")


def intersects(lo: float, below: float | None, a: float, b: float) -> bool:
    """Whether [lo, below) meets [a, b]."""
    return lo <= b and (below is None or below > a)


def num(x: float) -> str:
    """A number as a person writes it: ``3`` rather than ``3.0``."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
