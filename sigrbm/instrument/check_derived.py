"""Semantic checks of the second-edition item features (issue 13).

Per-score weights must name a score or domain that sums the item (E600). A computed item
(``derive``) needs a count scale to bin its number (E601), may read a computed item only
when that item comes earlier in the file (E602, so there are no cycles), may not test a
score or a level, nor test a computed item's answer (E603), and sums, maxima and minima
read items whose points are whole numbers from 0 up (E604).
"""

from __future__ import annotations

from sigrbm.errors import Code, Path
from sigrbm.instrument.check_context import CheckContext
from sigrbm.instrument.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    Condition,
    CountOf,
    Derivation,
    ItemIs,
    LevelAtLeast,
    MaxOf,
    MinOf,
    ScoreAtLeast,
    SumOf,
    ValueOf,
)
from sigrbm.instrument.model import AttributeType, Item, ScaleKind
from sigrbm.instrument.select import domain_items, score_items


class DerivedChecks(CheckContext):
    """Checks of ``weights`` and ``derive`` on items."""

    def weights(self) -> None:
        for i, item in enumerate(self.inst.items):
            seen: set[str] = set()
            for j, w in enumerate(item.weights):
                path = self.p("items", i, "weights", j)
                if w.score in seen:
                    self.add(
                        Code.DUPLICATE_ID,
                        (*path, "score"),
                        f"'{w.score}' already has a weight for this item",
                    )
                seen.add(w.score)
                if not self.target_ref(w.score, (*path, "score")):
                    continue
                if w.score in self.ids["scores"]:
                    summed = score_items(self.inst, self.inst.score(w.score))
                else:
                    summed = domain_items(self.inst, w.score)
                if all(s.id != item.id for s in summed):
                    self.add(
                        Code.WEIGHT_NOT_SUMMED,
                        (*path, "score"),
                        f"'{w.score}' does not sum item '{item.id}', so this weight is never "
                        "used; select the item in that score or remove the weight",
                    )

    def derivations(self) -> None:
        order = {it.id: k for k, it in enumerate(self.inst.items)}
        for i, item in enumerate(self.inst.items):
            if item.derive is None:
                continue
            scale_ok = item.scale in self.ids["scales"]
            if scale_ok and self.inst.scale(item.scale).kind is not ScaleKind.COUNT:
                self.add(
                    Code.DERIVED_NEEDS_COUNT_SCALE,
                    self.p("items", i, "scale"),
                    "a computed item gives a whole number; use a count scale whose bins "
                    "turn it into points",
                )
            self._derivation(item.derive, self.p("items", i, "derive"), order, i)

    def _derivation(self, d: Derivation, path: Path, order: dict[str, int], me: int) -> None:
        if isinstance(d, SumOf | MaxOf | MinOf):
            key, ids = (
                ("sum_of", d.sum_of)
                if isinstance(d, SumOf)
                else ("max_of", d.max_of)
                if isinstance(d, MaxOf)
                else ("min_of", d.min_of)
            )
            if not ids:
                self.add(Code.EMPTY_LIST, (*path, key), "list at least one item")
            for k, item_id in enumerate(ids):
                where = (*path, key, k)
                if self._source(item_id, where, order, me):
                    self._whole_points(self.inst.item(item_id), where)
        elif isinstance(d, ValueOf):
            where = (*path, "value_of")
            if self.ref("attributes", d.value_of, where, "attribute"):
                attr = next(a for a in self.inst.attributes if a.id == d.value_of)
                if attr.type is not AttributeType.INTEGER:
                    self.add(
                        Code.WRONG_ATTRIBUTE_TYPE,
                        where,
                        f"'{d.value_of}' is a category, not a number; test it with "
                        "{attribute: …, in: […]} instead",
                    )
        elif isinstance(d, CountOf):
            if not d.count_of:
                self.add(Code.EMPTY_LIST, (*path, "count_of"), "list at least one condition")
            for k, part in enumerate(d.count_of):
                self._condition(part, (*path, "count_of", k), order, me)
        else:
            self._condition(d, path, order, me)

    def _condition(self, c: Condition, path: Path, order: dict[str, int], me: int) -> None:
        if isinstance(c, ScoreAtLeast | LevelAtLeast):
            self.add(
                Code.DERIVED_CONDITION,
                path,
                "a computed item cannot test a score or a level (scores sum computed items); "
                "test items or subject attributes",
            )
        elif isinstance(c, ItemIs):
            where = (*path, "item")
            if not self._source(c.item, where, order, me):
                return
            if self.inst.item(c.item).derive is not None:
                self.add(
                    Code.DERIVED_CONDITION,
                    where,
                    f"'{c.item}' is computed and has no answer to test; read it with "
                    "sum_of / max_of / min_of instead",
                )
                return
            self.condition(c, path)  # options known (rule checks)
        elif isinstance(c, AttributeCondition):
            self.attribute_condition(c, path)
        else:
            key = "all" if isinstance(c, AllOf) else "any"
            parts = c.all if isinstance(c, AllOf) else c.any if isinstance(c, AnyOf) else ()
            if not parts:
                self.add(Code.EMPTY_LIST, (*path, key), "list at least one condition")
            for k, part in enumerate(parts):
                self._condition(part, (*path, key, k), order, me)

    def _source(self, item_id: str, path: Path, order: dict[str, int], me: int) -> bool:
        """A known item that is plain, or computed earlier than item ``me``."""
        if not self.ref("items", item_id, path, "item"):
            return False
        k = order[item_id]
        if self.inst.item(item_id).derive is not None and k >= me:
            self.add(
                Code.DERIVED_ORDER,
                path,
                f"'{item_id}' is computed "
                + ("by this very item" if k == me else "further down")
                + "; a computed item reads only computed items listed before it",
            )
            return False
        return True

    def condition(self, c: Condition, path: Path) -> None:  # pragma: no cover - RuleChecks
        raise NotImplementedError

    def _whole_points(self, item: Item, path: Path) -> None:
        if item.scale not in self.ids["scales"]:
            return
        scale = self.inst.scale(item.scale)
        values = [o.value for o in scale.options] + [b.points for b in scale.bins]
        if any(v < 0 or not float(v).is_integer() for v in values):
            self.add(
                Code.DERIVED_NOT_WHOLE,
                path,
                f"the points of '{item.id}' (scale '{scale.id}') are not all whole numbers "
                "from 0 up, so the computed number could not be binned",
            )
