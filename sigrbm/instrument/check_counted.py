"""Semantic checks of declared coding rules for missing options (issue 24).

``counts_as`` on a scale, or on an item for its own answers, lists ``{code, points}``: the
missing option ``code`` counts as ``points`` because the instrument's coding rules say so
(Static-2002: information unavailable scores 0). Each code must be a missing option of the
scale (E612) and named once per list (E300); the points must lie within what the scale's
options or bins give (E613), so every range the checker and the batch kernel compute
still holds.
"""

from __future__ import annotations

from sigrbm.errors import Code, Path
from sigrbm.instrument.check_context import CheckContext, num
from sigrbm.instrument.model import CountsAs, Scale


class CountedChecks(CheckContext):
    """Checks of ``counts_as`` on scales and items."""

    def coding_rules(self) -> None:
        for i, scale in enumerate(self.inst.scales):
            self._counts_as(scale, scale.counts_as, self.p("scales", i, "counts_as"))
        for i, item in enumerate(self.inst.items):
            if item.counts_as and item.scale in self.ids["scales"]:
                scale = self.inst.scale(item.scale)
                self._counts_as(scale, item.counts_as, self.p("items", i, "counts_as"))

    def _counts_as(self, scale: Scale, rules: tuple[CountsAs, ...], base: Path) -> None:
        missing = [m.code for m in scale.missing]
        lo, hi = scale.points_range()
        seen: set[str] = set()
        for j, rule in enumerate(rules):
            if rule.code in seen:
                self.add(
                    Code.DUPLICATE_ID,
                    (*base, j, "code"),
                    f"'{rule.code}' already has a rule here; give each missing option one",
                )
            seen.add(rule.code)
            if rule.code not in missing:
                known = f"; its missing options: {', '.join(missing)}" if missing else ""
                self.add(
                    Code.COUNTS_AS_NOT_MISSING,
                    (*base, j, "code"),
                    f"'{rule.code}' is not a missing option of scale '{scale.id}'{known}",
                )
            if not lo <= rule.points <= hi:
                self.add(
                    Code.COUNTS_AS_RANGE,
                    (*base, j, "points"),
                    f"scale '{scale.id}' gives {num(lo)} to {num(hi)} points; a missing "
                    "option cannot count as more or less",
                )
