"""Inline SVG charts for printed reports: a risk/need profile and a before/after chart.

No plotting dependency: the SVG is built as text from the report's values. Readable in
grey-scale and in print: the levels are three greys from light (lowest) to dark, each band is
labelled with its level's name, the score is a black bar with its value written beside it,
and the range that missing answers leave open is a striped band — never colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import attrs

from sigrbm.instrument.model import Instrument
from sigrbm.instrument.select import attainable_range, domain_items, score_items
from sigrbm.scoring.result import ScoreResult

GREYS = ("#f2f2f2", "#d4d4d4", "#a8a8a8", "#7c7c7c", "#5a5a5a")
ROW, LABEL_W, BAR_W, VALUE_W = 26, 170, 360, 90
VALUE_X = LABEL_W + BAR_W + 6  # where a row's value text starts
VALUE_SIZE = 8  # its font size
EM = 0.62  # a generous average glyph width (em) of a sans-serif font, capitals and å ä ö too


def text_width(text: str, size: float = VALUE_SIZE) -> float:
    """An upper estimate of the width of ``text`` at ``size``: the chart grows to hold it
    (issue 23: a fixed column cut "Medel–Hög" to "Medel–Hö")."""
    return len(text) * size * EM


@attrs.frozen(kw_only=True)
class Segment:
    """One band of a row: ``start``–``end`` on the score axis, with its level's label."""

    label: str
    start: float
    end: float


@attrs.frozen(kw_only=True)
class Row:
    """One area: its name, its score (or open range), the axis maximum and its bands."""

    name: str
    value: float | None
    low: float
    high: float
    top: float
    segments: tuple[Segment, ...]
    level: str


def rows_for(
    inst: Instrument, results: Sequence[ScoreResult], names: dict[str, str], levels: dict[str, str]
) -> list[Row]:
    """Chart rows for domain and score results that have a band table."""
    out: list[Row] = []
    for r in results:
        if r.source == "domain":
            bands_id = inst.domain(r.id).bands
            lo, hi = attainable_range(inst, domain_items(inst, r.id), r.id)
        else:
            score = inst.score(r.id)
            bands_id = score.bands
            lo, hi = attainable_range(inst, score_items(inst, score), r.id)  # its own weights
        if bands_id is None or hi <= lo:
            continue
        table = inst.band_table(bands_id)
        top = max(hi, r.high)
        segments = tuple(
            Segment(
                label=levels.get(b.level, b.level),
                start=max(b.min, lo),
                end=min(b.below if b.below is not None else top, top),
            )
            for b in table.bands
            if b.min < top
        )
        level = levels.get(r.level or "", "") if r.level else ""
        if r.level is None and r.level_low and r.level_high:
            level = (
                f"{levels.get(r.level_low, r.level_low)}–{levels.get(r.level_high, r.level_high)}"
            )
        out.append(
            Row(
                name=names.get(r.id, r.id),
                value=r.value,
                low=r.low,
                high=r.high,
                top=top,
                segments=segments,
                level=level,
            )
        )
    return out


def _x(value: float, top: float) -> float:
    return LABEL_W + BAR_W * max(0.0, min(value, top)) / top if top else LABEL_W


def _defs() -> str:
    return (
        '<defs><pattern id="open" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2.2"/></pattern></defs>'
    )


def _bands(row: Row, y: float, height: float) -> list[str]:
    parts = []
    for k, s in enumerate(row.segments):
        x0, x1 = _x(s.start, row.top), _x(s.end, row.top)
        grey = GREYS[min(k, len(GREYS) - 1)]
        parts.append(
            f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 0):.1f}" height="{height:.1f}" '
            f'fill="{grey}" stroke="#555" stroke-width="0.5"/>'
        )
        text_fill = "#000" if k < 3 else "#fff"
        parts.append(
            f'<text x="{(x0 + x1) / 2:.1f}" y="{y + 7:.1f}" font-size="6.5" '
            f'text-anchor="middle" fill="{text_fill}">{escape(s.label)}</text>'
        )
    return parts


def value_text(row: Row, label: str = "") -> str:
    """What is written beside a row's bar: label, value or range, level."""
    shown = f"{row.value:g}" if row.value is not None else f"{row.low:g}–{row.high:g}"
    return f"{label}{shown} {row.level}"


def _width(texts: Sequence[str]) -> int:
    """The chart's width: the bars, and room for the longest value text."""
    widest = max((text_width(t) for t in texts), default=0.0)
    return int(max(LABEL_W + BAR_W + VALUE_W, VALUE_X + widest + 4) + 0.999)


def _score(row: Row, y: float, label: str = "", *, hollow: bool = False) -> list[str]:
    fill = 'fill="#fff" stroke="#000" stroke-width="1"' if hollow else 'fill="#000"'
    parts = []
    if row.value is not None:
        x = _x(row.value, row.top)
        parts.append(
            f'<rect x="{LABEL_W}" y="{y:.1f}" width="{x - LABEL_W:.1f}" height="5" {fill}/>'
        )
    else:
        x0, x1 = _x(row.low, row.top), _x(row.high, row.top)
        parts.append(
            f'<rect x="{LABEL_W}" y="{y:.1f}" width="{x0 - LABEL_W:.1f}" height="5" {fill}/>'
        )
        parts.append(
            f'<rect x="{x0:.1f}" y="{y - 1:.1f}" width="{max(x1 - x0, 1):.1f}" height="7" '
            'fill="url(#open)" stroke="#000" stroke-width="0.6"/>'
        )
    parts.append(
        f'<text x="{VALUE_X}" y="{y + 5:.1f}" font-size="{VALUE_SIZE}">'
        f"{escape(value_text(row, label))}</text>"
    )
    return parts


def profile_svg(rows: Sequence[Row], title: str) -> str:
    """A horizontal profile: one row per area, bands behind, the score as a black bar."""
    height = ROW * len(rows) + 8
    width = _width([value_text(r) for r in rows])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
        _defs(),
    ]
    for k, row in enumerate(rows):
        y = 4 + k * ROW
        parts.append(f'<text x="0" y="{y + 14}" font-size="9">{escape(row.name)}</text>')
        parts += _bands(row, y, 20)
        parts += _score(row, y + 11)
    parts.append("</svg>")
    return "".join(parts)


def before_after_svg(pairs: Sequence[tuple[Row, Row]], title: str, labels: tuple[str, str]) -> str:
    """Per area two bars on the same bands: the earlier (upper) and the later assessment."""
    height = (ROW + 14) * len(pairs) + 8
    width = _width(
        [value_text(b, f"{labels[0]}: ") for b, _ in pairs]
        + [value_text(a, f"{labels[1]}: ") for _, a in pairs]
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
        _defs(),
    ]
    for k, (before, after) in enumerate(pairs):
        y = 4 + k * (ROW + 14)
        parts.append(f'<text x="0" y="{y + 18}" font-size="9">{escape(after.name)}</text>')
        parts += _bands(after, y, 34)
        parts += _score(before, y + 11, f"{labels[0]}: ", hollow=True)
        parts += _score(after, y + 23, f"{labels[1]}: ")
    parts.append("</svg>")
    return "".join(parts)
