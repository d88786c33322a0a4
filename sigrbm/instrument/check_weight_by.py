"""Semantic checks of weights chosen by a subject attribute (issue 24).

``weight_by`` on an item, or on one of its per-score ``weights``, names a declared
attribute or parameter (E301) and lists at least one case (E209); each case tests that
attribute as an attribute condition does — ``in`` with declared values for a category or a
parameter (E302, E303, E606), ``min`` / ``max`` for a whole number (E303) — and carries a
weight (0 allowed: the ORT gives a man 0 points for one item). A score or domain that
prorates missing answers cannot sum such an item (E610): its scaling would depend on an
attribute that may be missing.
"""

from __future__ import annotations

from sigrbm.errors import Code, Path
from sigrbm.instrument.check_context import CheckContext
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import Item, MissingMethod
from sigrbm.instrument.select import domain_items, score_items
from sigrbm.instrument.weight_by import WeightBy


class WeightByChecks(CheckContext):
    """Checks of ``weight_by`` on items and per-score weights."""

    def weight_rules(self) -> None:
        for i, item in enumerate(self.inst.items):
            if item.weight_by is not None:
                self._weight_by(item.weight_by, self.p("items", i, "weight_by"))
            for j, w in enumerate(item.weights):
                if w.weight_by is not None:
                    self._weight_by(w.weight_by, self.p("items", i, "weights", j, "weight_by"))
            self._prorated(i, item)

    def _weight_by(self, rule: WeightBy, path: Path) -> None:
        if not rule.cases:
            self.add(Code.EMPTY_LIST, (*path, "cases"), "list the weight per value under 'cases'")
        if rule.attribute not in self.ids["parameters"] and not self.ref(
            "attributes", rule.attribute, (*path, "attribute"), "attribute"
        ):
            return
        for j, case in enumerate(rule.cases):
            cond = AttributeCondition(
                attribute=rule.attribute, min=case.min, max=case.max, in_=case.in_
            )
            self.attribute_condition(cond, (*path, "cases", j))

    def _prorated(self, i: int, item: Item) -> None:
        """E610: an attribute-chosen weight in a score or domain that prorates."""
        default = self.inst.defaults.missing
        targets = [
            (d.id, d.missing or default)
            for d in self.inst.domains
            if any(x.id == item.id for x in domain_items(self.inst, d.id))
        ]
        targets += [
            (s.id, s.missing or default)
            for s in self.inst.scores
            if any(x.id == item.id for x in score_items(self.inst, s))
        ]
        for target, policy in targets:
            if policy.method is not MissingMethod.PRORATE or item.weight_rule(target)[1] is None:
                continue
            j = next((k for k, w in enumerate(item.weights) if w.score == target), None)
            path = (
                self.p("items", i, "weight_by")
                if j is None
                else self.p("items", i, "weights", j, "weight_by")
            )
            self.add(
                Code.WEIGHT_BY_PRORATE,
                path,
                f"'{target}' prorates missing answers, so it cannot sum a weight chosen by "
                "an attribute that may be missing; use method: determinate there, or a "
                "plain weight",
            )
