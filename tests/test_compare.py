"""Reassessment (issue: "compare(earlier, later) — change per domain and overall, needs that
appeared or resolved — for the same case and a compatible instrument version; a clear error
otherwise")."""

from __future__ import annotations

import attrs
import pytest

from sigrbm.scoring.case_file import score_case_file
from sigrbm.scoring.compare import Change, IncompatibleError, compare
from sigrbm.scoring.result import Result

from .conftest import CORPUS

TWO = CORPUS / "cases" / "valid" / "two-rbmk.yaml"


def _pair() -> tuple[Result, Result]:
    items = score_case_file(TWO).items
    return items[0].result, items[1].result


def test_changes_per_domain_and_needs() -> None:
    """Peers 2+2+0=4 hög → 0+1+0=1 låg (improved); substances 0 låg → 2+2+0=4 hög (worse);
    leisure 2+2=4 hög both times (unchanged)."""
    c = compare(*_pair())
    by_id = {d.id: d for d in c.domains}
    assert (by_id["kamrater"].earlier_level, by_id["kamrater"].later_level) == ("hog", "lag")
    assert by_id["kamrater"].change is Change.IMPROVED
    assert by_id["substanser"].change is Change.WORSE
    assert by_id["fritid"].change is Change.UNCHANGED
    assert by_id["familj"].change is Change.UNDETERMINED
    assert c.needs_appeared == ("substanser",)
    assert c.needs_resolved == ("kamrater",)
    assert c.needs_remaining == ("fritid",)
    assert c.overall is not None
    assert (c.overall.earlier_level, c.overall.later_level, c.overall.change) == (
        "lag",
        "lag",
        Change.UNCHANGED,
    )


def test_protective_scores_improve_upwards() -> None:
    a, b = _pair()
    up = attrs.evolve(b.score("skydd_total"), level="hog")
    down = attrs.evolve(a.score("skydd_total"), level="lag")
    a2 = attrs.evolve(a, scores=tuple(down if s.id == "skydd_total" else s for s in a.scores))
    b2 = attrs.evolve(b, scores=tuple(up if s.id == "skydd_total" else s for s in b.scores))
    by_id = {s.id: s for s in compare(a2, b2).scores}
    assert by_id["skydd_total"].change is Change.IMPROVED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"case_id": "other"}, "different cases"),
        ({"stamp": "other-instrument"}, "different instruments"),
        ({"version": "1.0.0"}, "major number"),
    ],
)
def test_incompatible_results_are_refused(change: dict[str, str], message: str) -> None:
    a, b = _pair()
    if "case_id" in change:
        b = attrs.evolve(b, case_id=change["case_id"])
    if "stamp" in change:
        b = attrs.evolve(b, stamp=attrs.evolve(b.stamp, instrument_id=change["stamp"]))
    if "version" in change:
        b = attrs.evolve(b, stamp=attrs.evolve(b.stamp, version=change["version"]))
    with pytest.raises(IncompatibleError, match=message):
        compare(a, b)


def test_later_must_not_be_older() -> None:
    a, b = _pair()
    with pytest.raises(IncompatibleError, match="older"):
        compare(b, a)
