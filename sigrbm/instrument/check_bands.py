"""Semantic checks of band tables and lookups: level order, contiguity, coverage of the range."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sigrbm.errors import Code, Path
from sigrbm.instrument.check_context import CheckContext, intersects, num
from sigrbm.instrument.model import Band
from sigrbm.reading.structure import did_you_mean


class BandChecks(CheckContext):
    """Checks of ``band_tables`` and ``lookups``."""

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
            orders: list[tuple[list[str], str]] = [(order, t.level_set)] if t.bands else []
            own = any(v.level_set is not None for v in t.variants)
            for v, variant in enumerate(t.variants):
                vpath = (*base, "variants", v)
                self.conditions_on_attributes(variant.when, (*vpath, "when"))
                tables.append((variant.bands, (*vpath, "bands")))
                orders.append(self._variant_order(variant.level_set, vpath, order, t.level_set))
                if own:  # issue 13: a level set chosen by parameters, never per subject
                    for k, c in enumerate(variant.when):
                        if c.attribute not in self.ids["parameters"]:
                            self.add(
                                Code.VARIANT_LEVEL_SET,
                                (*vpath, "when", k, "attribute"),
                                "a table whose variants have their own level sets chooses them "
                                f"by parameters only; '{c.attribute}' is not a parameter",
                            )
            for (bands, path), (levels, set_id) in zip(tables, orders, strict=True):
                self._levels_in_order(bands, levels, path, set_id)
                self._contiguous(bands, path, "band")

    def _variant_order(
        self, set_id: str | None, path: Path, order: list[str], table_set: str
    ) -> tuple[list[str], str]:
        if set_id is None or not self.ref("level_sets", set_id, (*path, "level_set"), "level set"):
            return order, table_set
        return [lv.id for lv in self.inst.level_set(set_id).levels], set_id

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
        if self.ranges_unknown():
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
        span = f"{user} ranges from {num(lo)} to {num(hi)}"
        if rows[0].min > lo:
            self.add(
                Code.RANGE_NOT_COVERED,
                (*path, 0, "min"),
                f"{span}, but the first {what} starts at {num(rows[0].min)}",
            )
        if rows[-1].below is not None and rows[-1].below <= hi:
            self.add(
                Code.RANGE_NOT_COVERED,
                (*path, len(rows) - 1, "below"),
                f"{span}, but the last {what} ends below {num(rows[-1].below)}; "
                f"leave out 'below' on the last {what}",
            )
        for j, r in enumerate(rows):
            if not intersects(r.min, r.below, lo, hi):
                label = f"level '{r.level}'" if hasattr(r, "level") else f"this {what}"
                self.add(
                    Code.UNREACHABLE_LEVEL, (*path, j), f"{label} can never be reached: {span}"
                )

    def lookups(self) -> None:
        for i, t in enumerate(self.inst.lookups):
            if not t.rows:
                self.add(Code.EMPTY_LIST, self.p("lookups", i, "rows"), "a lookup needs rows")
            self._contiguous(t.rows, self.p("lookups", i, "rows"), "row")
