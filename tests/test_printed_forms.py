"""Printed forms and charts (issue 15): unambiguous cut-offs, page chrome on every page, the
profile and before/after charts as inline SVG readable in grey-scale."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import attrs
import pytest

from sigrbm import load_instrument, score_case_file
from sigrbm.cli import main
from sigrbm.documents.charts import GREYS, Row, Segment, profile_svg
from sigrbm.documents.cutoffs import band_ranges, integral_range
from sigrbm.documents.render import css_string, render
from sigrbm.documents.views import handout_view
from sigrbm.documents.views_report import report_view
from sigrbm.instrument.model import Band

from .conftest import CORPUS

TWO = CORPUS / "cases" / "valid" / "two-rbmk.yaml"


def test_integer_cutoffs_are_closed_ranges_ending_at_the_maximum() -> None:
    inst = load_instrument("check-rbmk")
    view = handout_view(inst, "sv")
    [risk] = [c for c in view["cutoffs"] if c["label"] == "Samlad risk"]
    assert risk["bands"] == ["Låg 0–14", "Medel 15–29", "Hög 30–56"]
    assert integral_range(inst, inst.score("risk_total")) == (0, 56)


def test_fraction_cutoffs_say_under_and_or_more() -> None:
    bands = (
        Band(level="a", min=0, below=1.5),
        Band(level="b", min=1.5, below=3),
        Band(level="c", min=3),
    )
    assert band_ranges(bands, None, "sv") == ["under 1.5", "1.5 till under 3", "3 eller mer"]
    assert band_ranges(bands, None, "en") == ["under 1.5", "1.5 to under 3", "3 or more"]
    whole = (Band(level="a", min=0, below=1), Band(level="b", min=1))
    assert band_ranges(whole, (0, 4), "sv") == ["0", "1–4"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_carries_page_x_of_y_and_the_case_fields(lang: str) -> None:
    html = render("handout.html.j2", handout_view(load_instrument("check-rbmk"), lang))
    page = re.search(r"@page \{(.*?)\n  \}", html, re.S)
    assert page is not None
    word, of = ("sida", "av") if lang == "sv" else ("page", "of")
    assert f'content: "{word} " counter(page) " {of} " counter(pages)' in page.group(1)
    head = re.search(r'@top-left \{ content: "([^"]*)"', page.group(1))
    assert head is not None
    assert ("Ärende: ____" if lang == "sv" else "Case: ____") in head.group(1)
    # the footer is never cut mid-sentence any more: no truncation marks
    assert "..." not in html.split("<footer>")[1]


def test_css_string_cannot_break_out_of_the_style_element() -> None:
    assert (
        str(css_string('a "b" \\ </style><script>'))
        == 'a \\"b\\" \\\\ \\3C /style\\3E \\3C script\\3E '
    )


def test_sources_urls_are_shown_not_parsed_as_tags() -> None:
    html = render("handout.html.j2", handout_view(load_instrument("check-rbmk"), "sv"))
    assert "&lt;https://" in html
    assert "<https://" not in html


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def test_report_shows_the_profile_and_before_after_as_svg() -> None:
    scored = score_case_file(TWO)
    first, later = sorted(scored.items, key=lambda s: s.assessment.date)
    view = report_view(later.result, later.instrument, "sv", None, first.result)
    profile = _svg(view["profile_svg"])
    texts = [t.text for t in profile.iter("{http://www.w3.org/2000/svg}text")]
    assert "Samlad risk" in texts
    assert "9–49 Låg–Hög" in texts  # an open range is written out, not only drawn
    fills = {r.get("fill") for r in profile.iter("{http://www.w3.org/2000/svg}rect")}
    assert "url(#open)" in fills  # the undetermined range is striped, not a colour
    assert fills - {"url(#open)", "#000", "#ffffff", None} <= set(GREYS)
    before = _svg(view["before_after_svg"])
    labels = [t.text or "" for t in before.iter("{http://www.w3.org/2000/svg}text")]
    assert any(t.startswith("2026-01-10: ") for t in labels)
    assert any(t.startswith("2026-06-10: ") for t in labels)
    out = io.StringIO()
    assert main(["report", str(TWO)], stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue().count("<svg ") == 2


def test_profile_bar_length_is_the_score_share_of_the_axis() -> None:
    row = Row(
        name="x",
        value=5,
        low=5,
        high=5,
        top=10,
        segments=(Segment(label="Låg", start=0, end=3), Segment(label="Hög", start=3, end=10)),
        level="Hög",
    )
    svg = _svg(profile_svg([row], "t"))
    bars = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == "#000"]
    assert [float(b.get("width") or 0) for b in bars] == [180.0]  # 5/10 of 360
    assert attrs.evolve(row, value=None).value is None
