"""Computed items in FHIR (issue 13): an SDC ``calculatedExpression`` where FHIRPath can say it.

A computed item (``derive``) becomes a ``readOnly`` ``integer`` question. When the
computation is expressible in FHIRPath (:func:`fhirpath`), it carries the SDC extension
``sdc-questionnaire-calculatedExpression`` (language ``text/fhirpath``), so an SDC form
renderer shows the number while the form is filled; every computed item also gets a
plain-language description in Swedish and English (:func:`describe`), which says when the
form cannot compute the number. The expressions are three-valued like sigrbm's own
computation: they give no value (empty) while an answer they need is missing or "vet ej",
rather than a number that could be wrong. sigrbm always recomputes the item when scoring;
an answer a form writes for it is never read (see :mod:`sigrbm.interop.fhir_import`).

Not expressible (description only): points that are not whole numbers (E604 keeps them
out of valid instruments) and an expression longer than :data:`MAX_EXPRESSION` characters.
"""

from __future__ import annotations

from sigrbm.instrument.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    Condition,
    CountOf,
    Derivation,
    ItemIs,
    MaxOf,
    MinOf,
    SumOf,
    ValueOf,
)
from sigrbm.instrument.model import Instrument, Item, Scale, ScaleKind
from sigrbm.interop.fhir_common import MISSING_SUFFIX
from sigrbm.reading.text import Text

CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
AGE_LINK = "age"
COMPUTED_SUFFIX = "--computed"
#: Longer expressions (deep chains of computed items) are described, not computed.
MAX_EXPRESSION = 4000
#: The start of a minimum's fold (above any points a scale gives).
NONE = 10**9


class _NotExpressibleError(Exception):
    pass


def attribute_link(attribute: str) -> str:
    """The linkId of the question for a subject attribute."""
    return AGE_LINK if attribute == AGE_LINK else f"attribute-{attribute}"


def _value(link: str) -> str:
    return f"%resource.repeat(item).where(linkId = '{link}').answer.value"


def _codes(codes: tuple[str, ...] | list[str]) -> str:
    return "(" + " | ".join(f"'{c}'" for c in codes) + ")"


def _number(x: float) -> str:
    if x != int(x):
        raise _NotExpressibleError
    return str(int(x))


def _bound(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)


class _Path:
    """FHIRPath for one instrument; every part yields empty while it is unknown."""

    def __init__(self, inst: Instrument) -> None:
        self.inst = inst
        self.params = inst.parameter_values()

    def condition(self, c: Condition) -> str:
        if isinstance(c, AttributeCondition):
            return self.attribute(c)
        if isinstance(c, ItemIs):
            return self.item_is(c)
        if isinstance(c, AllOf):
            return "(" + " and ".join(self.condition(p) for p in c.all) + ")"
        if isinstance(c, AnyOf):
            return "(" + " or ".join(self.condition(p) for p in c.any) + ")"
        raise _NotExpressibleError  # scores and levels: E603 keeps them out of computations

    def attribute(self, c: AttributeCondition) -> str:
        if c.attribute in self.params:  # a local setting: known when the form is made
            value = self.params[c.attribute]
            return "true" if c.in_ is None or value in c.in_ else "false"
        parts = []
        if c.min is not None:
            parts.append(f"$this >= {_bound(c.min)}")
        if c.max is not None:
            parts.append(f"$this <= {_bound(c.max)}")
        if c.in_ is not None:
            parts.append(f"$this.code in {_codes(c.in_)}")
        return _bind(_value(attribute_link(c.attribute)), " and ".join(parts or ["true"]))

    def applies(self, item: Item) -> str | None:
        """Whether the item applies, decided as sigrbm decides it: FHIRPath's ``and`` is
        three-valued, so false when any condition fails, empty when none fails but one is
        unknown, else true."""
        if not item.applies_when:
            return None
        return "(" + " and ".join(self.attribute(c) for c in item.applies_when) + ")"

    def item_is(self, c: ItemIs) -> str:
        item = self.inst.item(c.item)
        scale = self.inst.scale(item.scale)
        if item.derive is not None:
            raise _NotExpressibleError  # E603: read computed items with sum_of / max_of
        applies = self.applies(item)  # false only when it surely does not apply
        if scale.kind is ScaleKind.COUNT:  # only missing codes: on the companion question
            missing = _bind(f"{_value(item.id + MISSING_SUFFIX)}.code", f"$this in {_codes(c.in_)}")
            core = f"iif({missing}, true, iif({_value(item.id)}.exists(), false))"
            return core if applies is None else f"iif({applies}.not(), false, {core})"
        others = [o.code for o in scale.options if o.code not in c.in_]
        test = f"iif($this in {_codes(c.in_)}, true"
        test += f", iif($this in {_codes(others)}, false))" if others else ")"
        core = _bind(f"{_value(item.id)}.code", test)
        return core if applies is None else f"iif({applies}.not(), false, {core})"

    def points(self, item_id: str) -> str:
        """The item's points (whole numbers), empty while unknown."""
        item = self.inst.item(item_id)
        scale = self.inst.scale(item.scale)
        if item.derive is not None:
            return _binned(scale, self.number(item.derive))
        if scale.kind is ScaleKind.COUNT:
            return _binned(scale, _value(item.id))
        out = ""
        for o in reversed(scale.options):
            out = f"iif($this = '{o.code}', {_number(o.value)}{', ' + out if out else ''})"
        return _bind(f"{_value(item.id)}.code", out)

    def number(self, d: Derivation) -> str:
        if isinstance(d, ValueOf):
            return _bind(_value(attribute_link(d.value_of)), "iif($this < 0, 0, $this)")
        if isinstance(d, CountOf):  # known when every condition is
            truths = _combined([self.condition(c) for c in d.count_of])
            return f"iif({truths}.count() = {len(d.count_of)}, {truths}.where($this).count())"
        if isinstance(d, SumOf | MaxOf | MinOf):
            return self.aggregate(d)
        return _bind(self.condition(d), "iif($this, 1, 0)")

    def aggregate(self, d: SumOf | MaxOf | MinOf) -> str:
        """Items that surely do not apply are left out, as sigrbm does: they add 0 to a sum
        and give -1 (never points, which are whole numbers from 0 up, E604) to a maximum or
        minimum, whose fold skips it; with nothing left the maximum and minimum are 0."""
        absent = "0" if isinstance(d, SumOf) else "-1"
        parts = []
        for item_id in _sources(d):
            p = self.points(item_id)
            applies = self.applies(self.inst.item(item_id))
            parts.append(p if applies is None else f"iif({applies}.not(), {absent}, {p})")
        if isinstance(d, SumOf):
            return "(" + " + ".join(f"({p})" for p in parts) + ")"
        both = _combined(parts)
        if isinstance(d, MaxOf):
            fold = "aggregate(iif($this > $total, $this, $total), 0)"
        else:
            fold = f"aggregate(iif($this < $total, $this, $total), {NONE})"
            fold += f".select(iif($this = {NONE}, 0, $this))"
        return f"iif({both}.count() = {len(parts)}, {both}.where($this >= 0).{fold})"


def _bind(value: str, body: str) -> str:
    """``body`` with ``$this`` standing for the value (empty while the value is)."""
    return f"({value}).select({body})"


def _combined(parts: list[str]) -> str:
    """The parts as one collection, duplicates kept (each part is one value or empty)."""
    out = f"({parts[0]})"
    for p in parts[1:]:
        out += f".combine({p})"
    return out


def _sources(d: SumOf | MaxOf | MinOf) -> tuple[str, ...]:
    return d.sum_of if isinstance(d, SumOf) else d.max_of if isinstance(d, MaxOf) else d.min_of


def _binned(scale: Scale, n: str) -> str:
    out = ""
    for b in reversed(scale.bins):
        test = "$this >= " + str(b.min) + (f" and $this <= {b.max}" if b.max is not None else "")
        out = f"iif({test}, {_number(b.points)}{', ' + out if out else ''})"
    return _bind(n, out)


def fhirpath(inst: Instrument, item: Item) -> str | None:
    """The FHIRPath giving the computed item's number, or None when it cannot be said."""
    if item.derive is None:
        return None
    try:
        expression = _Path(inst).number(item.derive)
    except _NotExpressibleError:
        return None
    return expression if len(expression) <= MAX_EXPRESSION else None


def calculated_extension(expression: str) -> dict[str, object]:
    """The SDC ``calculatedExpression`` extension for a FHIRPath expression."""
    return {
        "url": CALCULATED,
        "valueExpression": {"language": "text/fhirpath", "expression": expression},
    }


# Plain-language descriptions ---------------------------------------------------------


def _label(text: Text | None, lang: str, fallback: str) -> str:
    if text is None:
        return fallback
    return text.get(lang) or text.get("sv") or next((v for _, v in text.items), fallback)


class _Words:
    def __init__(self, inst: Instrument, lang: str) -> None:
        self.inst = inst
        self.lang = lang
        self.sv = lang == "sv"

    def item(self, item_id: str) -> str:
        return f"«{_label(self.inst.item(item_id).text, self.lang, item_id)}»"

    def attribute(self, attr_id: str) -> str:
        found = next((a.label for a in self.inst.attributes if a.id == attr_id), None)
        found = found or next((p.label for p in self.inst.parameters if p.id == attr_id), None)
        default = ("åldern" if self.sv else "the age") if attr_id == AGE_LINK else attr_id
        return _label(found, self.lang, default) if found is not None else default

    def condition(self, c: Condition) -> str:
        if isinstance(c, ItemIs):
            scale = self.inst.scale(self.inst.item(c.item).scale)
            labels = {o.code: o.label for o in scale.options}
            labels.update({o.code: o.label for o in scale.missing})
            said = [_label(labels.get(code), self.lang, code).lower() for code in c.in_]
            verb = " är " if self.sv else " is "
            return self.item(c.item) + verb + (" eller " if self.sv else " or ").join(said)
        if isinstance(c, AttributeCondition):
            parts = []
            if c.min is not None:
                parts.append(("minst " if self.sv else "at least ") + _bound(c.min))
            if c.max is not None:
                parts.append(("högst " if self.sv else "at most ") + _bound(c.max))
            if c.in_ is not None:
                parts.append(("en av " if self.sv else "one of ") + ", ".join(c.in_))
            joined = (" och " if self.sv else " and ").join(parts)
            return f"{self.attribute(c.attribute)} {'är' if self.sv else 'is'} {joined}"
        if isinstance(c, AllOf):
            head = "alla dessa gäller" if self.sv else "all of these hold"
            return f"{head}: (" + "; ".join(self.condition(p) for p in c.all) + ")"
        if isinstance(c, AnyOf):
            head = "minst en av dessa gäller" if self.sv else "at least one of these holds"
            return f"{head}: (" + "; ".join(self.condition(p) for p in c.any) + ")"
        return str(c)  # scores and levels never reach a computation (E603)

    def derivation(self, d: Derivation) -> str:
        if isinstance(d, CountOf):
            head = "antalet av följande som gäller" if self.sv else "how many of these hold"
            return f"{head}: " + "; ".join(self.condition(c) for c in d.count_of)
        if isinstance(d, SumOf | MaxOf | MinOf):
            sv, en = (
                ("summan av poängen för", "the sum of the points of")
                if isinstance(d, SumOf)
                else ("det högsta poänget av", "the highest points of")
                if isinstance(d, MaxOf)
                else ("det lägsta poänget av", "the lowest points of")
            )
            head = sv if self.sv else en
            return f"{head} " + ", ".join(self.item(i) for i in _sources(d))
        if isinstance(d, ValueOf):
            return ("värdet av " if self.sv else "the value of ") + self.attribute(d.value_of)
        said = self.condition(d)
        return f"1 om {said}, annars 0" if self.sv else f"1 if {said}, else 0"


def describe(inst: Instrument, item: Item) -> Text:
    """What a computed item computes, in Swedish and English, and whether the form can."""
    assert item.derive is not None
    can = fhirpath(inst, item) is not None
    sv = "Beräknas, fylls inte i: " + _Words(inst, "sv").derivation(item.derive) + "."
    en = "Computed, not filled in: " + _Words(inst, "en").derivation(item.derive) + "."
    if not can:
        sv += " Formuläret kan inte räkna ut det; sigrbm gör det vid poängsättningen."
        en += " The form cannot compute it; sigrbm does when scoring."
    return Text.of(sv=sv, en=en)


__all__ = [
    "AGE_LINK",
    "CALCULATED",
    "COMPUTED_SUFFIX",
    "MAX_EXPRESSION",
    "attribute_link",
    "calculated_extension",
    "describe",
    "fhirpath",
]
