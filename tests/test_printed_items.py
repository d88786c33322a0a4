"""Issue 23, printed items: the before/after chart holds its longest value text (it cut
"Medel–Hög" to "Medel–Hö" in a fixed 90 px column)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sigrbm.documents.charts import EM, Row, Segment, before_after_svg, profile_svg

from .test_batch_io import run

SVG = "{http://www.w3.org/2000/svg}"


def fits(svg: str) -> list[str]:
    """The value texts that run past the right edge (at a generous glyph width)."""
    root = ET.fromstring(svg)
    width = float(root.get("viewBox", "").split()[2])
    return [
        t.text or ""
        for t in root.iter(f"{SVG}text")
        if float(t.get("x", 0)) + len(t.text or "") * float(t.get("font-size", 9)) * EM > width
    ]


def row(level: str, low: float, high: float) -> Row:
    bands = (Segment(label="Låg", start=0, end=10), Segment(label="Hög", start=10, end=49))
    value = low if low == high else None
    return Row(name="Samlad risk", value=value, low=low, high=high, top=49, level=level,
               segments=bands)  # fmt: skip


def test_the_before_after_chart_holds_its_longest_value() -> None:
    before, after = row("Medel–Hög", 12, 40), row("Medel–Hög", 19, 47)
    svg = before_after_svg([(before, after)], "x", ("2026-01-10", "2026-06-10"))
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "2026-01-10: 12–40 Medel–Hög" in texts
    assert fits(svg) == []


def test_a_short_chart_keeps_its_width() -> None:
    svg = profile_svg([row("Låg", 3, 3)], "x")
    assert re.search(r'viewBox="0 0 620 ', svg)
    assert fits(svg) == []


def test_a_plan_entry_without_needs_starts_with_its_actor() -> None:
    """Eslöv's example plan starts with motivational interviewing, an entry for a
    responsivity factor that addresses no need area: no stray "·" before its actor."""
    for fmt in ("md", "html"):
        code, out, err = run("report", "example:eslov", "--document", "plan", "--format", fmt,
                             "--program", "eslov", "--date", "2026-11-05")  # fmt: skip
        assert (code, err) == (0, "")
        lines = re.findall(r'(?:^|<div class="guide">)([^<\n]*→[^<\n]*)', out, re.M)
        assert len(lines) >= 2
        assert lines[0].startswith("Socialtjänsten · ")
        assert [x for x in lines if x.lstrip().startswith("·")] == []


def test_report_lists_name_items_by_their_text_not_their_id() -> None:
    """Unanswered, not applicable, sources and notes: a reader sees the question, not
    ``rbmk_kam_natverk``."""
    for fmt in ("md", "html"):
        code, out, _ = run("report", "instruments/examples/case-rbmk.yaml", "--format", fmt)
        assert code == 0
        start = out.index("Obesvarade frågor")
        lists = out[start : out.index("Underlag per område", start)]
        assert re.findall(r"\b(?:rbmk|irk)_[a-z_]+", lists) == []
        assert "Tillhör, eller håller på att rekryteras till, ett kriminellt nätverk." in lists
