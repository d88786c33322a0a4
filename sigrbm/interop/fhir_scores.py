"""Scores and totals in the Questionnaire (issue 23): read-only calculated items.

Each domain and score of the instrument becomes a read-only ``integer`` item
``scores.<id>`` in a last group ``scores``, so that an SDC form renderer shows a domain's
score or a total (an ORT total, a PSA scale) while the form is filled. Where FHIRPath can say
it — a sum of whole points times whole weights, missing answers giving no number (sigrbm's
``determinate`` policy: the score is then a range) — the item carries the SDC
``calculatedExpression``, built from the computed items' own expressions
(:func:`sigrbm.interop.fhir_derived.fhirpath` of each run of equally weighted items);
otherwise (prorating, a lookup table, fractional weights, an expression too long) a display
item says so. Either way every such item has a description, and sigrbm never reads an answer
a form writes for it: the importer skips the group.
"""

from __future__ import annotations

from typing import Any

import attrs

from sigrbm.instrument.conditions import SumOf
from sigrbm.instrument.model import Instrument, Item, MissingMethod, MissingPolicy
from sigrbm.instrument.select import domain_items, score_items
from sigrbm.interop.fhir_common import with_text, words
from sigrbm.interop.fhir_derived import MAX_EXPRESSION, calculated_extension, fhirpath
from sigrbm.reading.text import Text

SCORES = "scores"
#: A total sums many items: its expression may be this many times a computed item's.
TOTAL_FACTOR = 8


def score_link(target: str) -> str:
    """The linkId of a domain's or score's calculated item (ids hold no '.')."""
    return f"{SCORES}.{target}"


def expression(inst: Instrument, target: str, items: list[Item]) -> str | None:
    """The FHIRPath of a weighted sum of the items' points, or None when FHIRPath cannot
    give it as sigrbm computes it (fractional weights, or too long)."""
    if not items:
        return None
    runs: list[tuple[float, list[str]]] = []
    for item in items:
        weight = item.weight_for(target)
        if weight != int(weight):
            return None
        if runs and runs[-1][0] == weight and len(runs[-1][1]) < 8:
            runs[-1][1].append(item.id)
        else:
            runs.append((weight, [item.id]))
    parts = []
    for weight, ids in runs:
        part = fhirpath(inst, attrs.evolve(items[0], derive=SumOf(sum_of=tuple(ids))))
        if part is None:
            return None
        parts.append(part if weight == 1 else f"({part}) * {int(weight)}")
    out = " + ".join(f"({p})" for p in parts)
    return out if len(out) <= TOTAL_FACTOR * MAX_EXPRESSION else None


def _node(
    inst: Instrument, target: str, label: Text, items: list[Item], missing: MissingPolicy | None
) -> list[dict[str, Any]]:
    node = with_text(
        {"linkId": score_link(target), "type": "integer", "readOnly": True}, "text", label
    )
    policy = missing or inst.defaults.missing  # as the scorer chooses it
    prorated = policy.method is not MissingMethod.DETERMINATE
    found = None if prorated else expression(inst, target, items)
    if found is not None:
        node["extension"] = [calculated_extension(found)]
        about = words(
            inst,
            sv="Beräknas, fylls inte i: summan av poängen; tom så länge ett svar saknas.",
            en="Calculated, not filled in: the sum of the points; empty while an answer is "
            "missing.",
        )
    else:
        about = words(
            inst,
            sv="Formuläret kan inte räkna ut den; sigrbm gör det vid poängsättningen.",
            en="The form cannot compute it; sigrbm does when scoring.",
        )
    about_link = f"{score_link(target)}.about"
    described = with_text({"linkId": about_link, "type": "display"}, "text", about)
    return [node, described]


def score_group(inst: Instrument) -> dict[str, Any] | None:
    """The group of calculated score items (None when the instrument has no scores)."""
    nodes: list[dict[str, Any]] = []
    for d in inst.domains:
        items = domain_items(inst, d.id)
        if items:
            nodes += _node(inst, d.id, d.label, items, d.missing)
    for s in inst.scores:
        if s.lookup is None:
            nodes += _node(inst, s.id, s.label, score_items(inst, s), s.missing)
        else:  # a lookup table maps the sum: described, not calculated
            nodes += _node(inst, s.id, s.label, [], MissingPolicy(method=MissingMethod.PRORATE))
    if not nodes:
        return None
    group = with_text(
        {"linkId": SCORES, "type": "group"},
        "text",
        words(inst, sv="Poäng (beräknas, fylls inte i)", en="Scores (calculated, not filled in)"),
    )
    group["item"] = nodes
    return group
