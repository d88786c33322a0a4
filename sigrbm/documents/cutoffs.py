"""Cut-offs as people read them: closed integer ranges, never a shared end point (issue 15).

Bands are half-open (``min`` inclusive, ``below`` exclusive). For a score that can only take
whole numbers, "Låg 0–14 · Medel 15–29 · Hög 30–56" says exactly where a hand-summed 15
belongs; the last band ends at the highest attainable score. A score that can take fractions
reads "Låg under 15 · Medel 15 till under 30 · Hög 30 eller mer".
"""

from __future__ import annotations

import math

from sigrbm.instrument.model import Band, Instrument, Score
from sigrbm.instrument.select import attainable_range, score_items

_WORDS = {
    "under": {"sv": "under", "en": "under"},
    "to_under": {"sv": "till under", "en": "to under"},
    "or_more": {"sv": "eller mer", "en": "or more"},
}


def _whole(x: float) -> bool:
    return math.isfinite(x) and float(x).is_integer()


def integral_range(inst: Instrument, score: Score) -> tuple[int, int] | None:
    """The score's attainable whole-number range, or None when it can take fractions."""
    items = score_items(inst, score)
    if score.lookup is not None:
        values = [r.value for r in inst.lookup(score.lookup).rows]
        if not all(_whole(v) for v in values) or not values:
            return None
        return int(min(values)), int(max(values))
    for item in items:
        scale = inst.scale(item.scale)
        points = [o.value for o in scale.options] + [b.points for b in scale.bins]
        plain, rule = item.weight_rule(score.id)  # issues 13/24: this score's weights
        weights = [plain, *(c.weight for c in (rule.cases if rule else ()))]
        if not all(_whole(w) for w in weights) or not all(_whole(p) for p in points):
            return None
    lo, hi = attainable_range(inst, items, score.id)
    return int(lo), int(hi)


def band_ranges(bands: tuple[Band, ...], whole: tuple[int, int] | None, lang: str) -> list[str]:
    """One text per band, in order: "0–14", "15–29", "30–56" (or the fraction form)."""
    out: list[str] = []
    for k, b in enumerate(bands):
        exact = whole is not None and _whole(b.min) and (b.below is None or _whole(b.below))
        if exact and whole is not None:
            low = max(int(b.min), whole[0])
            high = whole[1] if b.below is None else int(b.below) - 1
            out.append(f"{low}–{high}" if high > low else f"{low}")
        elif b.below is None:
            out.append(f"{b.min:g} {_WORDS['or_more'][lang]}")
        elif k == 0:
            out.append(f"{_WORDS['under'][lang]} {b.below:g}")
        else:
            out.append(f"{b.min:g} {_WORDS['to_under'][lang]} {b.below:g}")
    return out
