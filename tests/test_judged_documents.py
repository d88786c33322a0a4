"""Every judged score in the printed report and in ``sigrbm compare`` (issue 13, round 3).

The case tests/corpus/cases/valid/several-judgements.yaml has two assessments of the corpus
instrument several-judgements.yaml, which judges ``poang`` and, further, ``andra``:

- 2026-01-20: a = nej, b = vet_ej. poang raw 0–2 → lookup 10–20 → lag (below 30 at age 15),
  so determinate; the assessor agrees (lag), no author or date. andra 0 → lag, not judged.
- 2026-07-01: a = ja, b = nej. poang 2 → 20 → lag, the assessor agrees (hl-1, 2026-07-01).
  andra 2 → hog; the assessor lowers it to lag: an override with reason, hl-2, 2026-07-02.

Regenerate the golden files after an intended change:
    sigrbm report CASE --instrument INST --format FMT --lang LANG
        --out tests/golden/judged-report.LANG.FMT
    sigrbm compare CASE --instrument INST --lang LANG [--format markdown]
        > tests/golden/judged-compare.LANG.(txt|md)
"""

from __future__ import annotations

import io
import json

import attrs
import pytest

from sigrbm.cli import main
from sigrbm.documents.views_report import report_view
from sigrbm.instrument.model import Instrument
from sigrbm.scoring.case_file import score_case_file
from sigrbm.scoring.compare import Change, compare
from sigrbm.scoring.result import Result

from .conftest import CORPUS, ROOT

CASE = str(CORPUS / "cases" / "valid" / "several-judgements.yaml")
INST = str(CORPUS / "instruments" / "valid" / "several-judgements.yaml")
GOLDEN = ROOT / "tests" / "golden"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def _scored() -> tuple[Result, Result, Instrument]:
    items = score_case_file(CASE, INST).items
    return items[0].result, items[1].result, items[1].instrument


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_report_golden_files(lang: str, fmt: str) -> None:
    code, out, err = run("report", CASE, "--instrument", INST, "--format", fmt, "--lang", lang)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / f"judged-report.{lang}.{fmt}").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("markdown", "md")])
def test_compare_golden_files(lang: str, fmt: str, ext: str) -> None:
    code, out, err = run("compare", CASE, "--instrument", INST, "--lang", lang, "--format", fmt)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / f"judged-compare.{lang}.{ext}").read_text(encoding="utf-8")


def test_report_view_has_one_entry_per_judged_score() -> None:
    _, later, inst = _scored()
    view = report_view(later, inst, "en")
    assert view["several_judged"] is True
    assert view["overall"] == view["judged"][0]
    got = [
        (j["name"], j["computed"], j["professional"], j["override"], j["final"], j["reason"])
        for j in view["judged"]
    ]
    assert got == [
        ("Points", "Low", "Low", False, "Low", ""),
        ("Second", "High", "Low", True, "Low", "Skyddet i skolan väger upp."),
    ]
    assert [(j["author"], j["date"], j["by"]) for j in view["judged"]] == [
        ("hl-1", "2026-07-01", "hl-1, 2026-07-01"),
        ("hl-2", "2026-07-02", "hl-2, 2026-07-02"),
    ]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_report_shows_the_further_score_in_both_languages(fmt: str) -> None:
    """The override of the further score, exactly, in each language and format."""
    code, sv, _ = run("report", CASE, "--instrument", INST, "--format", fmt)
    assert code == 0
    code, en, _ = run("report", CASE, "--instrument", INST, "--format", fmt, "--lang", "en")
    assert code == 0
    if fmt == "html":
        assert "<h3>Andra</h3>\n<p><strong>LÅG</strong> — beräknad: Hög; professionell " in sv
        assert "bedömning: Låg (avvikelse från beräknad nivå)</p>\n<p>skäl: Skyddet" in sv
        assert "<h3>Second</h3>\n<p><strong>LOW</strong> — computed: High; professional " in en
        assert "upp. (hl-2, 2026-07-02)</p>\n<h2>" in en
    else:
        assert "### Andra\n\n**LÅG** — beräknad: Hög; professionell bedömning: Låg" in sv
        assert "### Points\n\n**LOW** — computed: Low; professional judgement: Low\n\n" in en
        assert "\n\nhl-1, 2026-07-01\n\n### Second\n" in en


def test_one_judged_score_prints_no_score_headings() -> None:
    """The bundled example judges one score: no sub-heading per score."""
    example = str(ROOT / "instruments" / "examples" / "case-rbmk.yaml")
    code, out, _ = run("report", example, "--format", "html")
    assert code == 0
    assert "<h3>" not in out


def test_comparison_carries_every_judged_score() -> None:
    earlier, later, _ = _scored()
    c = compare(earlier, later)
    assert [j.score for j in c.judged] == ["poang", "andra"]
    poang, andra = c.judged
    assert c.overall == poang.change
    assert (poang.change.earlier_level, poang.change.later_level) == ("lag", "lag")
    assert (poang.change.change, poang.computed_change) == (Change.UNCHANGED, Change.UNCHANGED)
    # andra: computed lag → hog (worse), but the level that holds stays lag
    assert (andra.change.earlier_level, andra.change.later_level) == ("lag", "lag")
    assert (andra.change.change, andra.computed_change) == (Change.UNCHANGED, Change.WORSE)
    assert andra.earlier.professional_level is None
    assert (andra.later.professional_level, andra.later.override) == ("lag", True)
    assert (andra.later.author, str(andra.later.date)) == ("hl-2", "2026-07-02")


def test_compare_json_has_the_judged_scores() -> None:
    code, out, _ = run("compare", CASE, "--instrument", INST, "--format", "json")
    assert code == 0
    judged = json.loads(out)["comparison"]["judged"]
    assert [(j["score"], j["change"]["change"], j["computed_change"]) for j in judged] == [
        ("poang", "unchanged", "unchanged"),
        ("andra", "unchanged", "worse"),
    ]
    later = judged[1]["later"]
    assert (later["computed_level"], later["professional_level"], later["final_level"]) == (
        "hog",
        "lag",
        "lag",
    )
    assert (later["reason"], later["author"], later["date"]) == (
        "Skyddet i skolan väger upp.",
        "hl-2",
        "2026-07-02",
    )


def test_nothing_judged_on_one_side_compares_no_judgement() -> None:
    """A result without any judgement (e.g. made by hand) pairs with nothing."""
    earlier, later, _ = _scored()
    no_judgement = attrs.evolve(earlier, overall=None, judgements=())
    c = compare(no_judgement, later)
    assert (c.judged, c.overall) == ((), None)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_printed_report_shows_only_sections_the_instrument_has(fmt: str) -> None:
    """edition2 has no domains and no responsivity or protective items: the printed report
    has no such sections (as the text report); several-judgements has a dynamic domain and
    a protective item but no responsivity item."""
    import datetime as dt

    from sigrbm import load_instrument
    from sigrbm.case.model import Assessment
    from sigrbm.documents.render import render
    from sigrbm.scoring.score import score

    ed2 = load_instrument(CORPUS / "instruments" / "valid" / "edition2.yaml")
    a = Assessment(
        instrument=ed2.id,
        version=ed2.version,
        date=dt.date(2026, 3, 1),
        assessor="t",
        age=19,
        answers={"partner": "nej"},
        case_id="c1",
    )
    out = render(f"report.{fmt}.j2", report_view(score(ed2, a), ed2, "en"))
    head = "<h2>{}</h2>" if fmt == "html" else "## {}\n"
    for heading in ("Needs in priority order", "Responsivity", "Protective factors"):
        assert head.format(heading) not in out
    assert head.format("How each level was reached") in out
    code, judged, _ = run("report", CASE, "--instrument", INST, "--format", fmt, "--lang", "en")
    assert code == 0
    assert head.format("Needs in priority order") in judged
    assert head.format("Protective factors") in judged
    assert head.format("Responsivity") not in judged


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_handout_has_a_judgement_box_per_judged_score(lang: str) -> None:
    """two-outcomes judges two scores: the printed checklist offers the three levels for each,
    under each score's label; one judged score (check-rbmk) keeps one unlabelled box."""
    from sigrbm import load_instrument
    from sigrbm.documents.handouts import rendered
    from sigrbm.documents.render import render
    from sigrbm.documents.views import handout_view

    inst = load_instrument(CORPUS / "instruments" / "valid" / "two-outcomes.yaml")
    view = handout_view(inst, lang)
    names = {
        "sv": ["Våld mot andra", "Utsatt för brott"],
        "en": ["Violence towards others", "Being victimised"],
    }
    levels = {"sv": ["Låg", "Medel", "Hög"], "en": ["Low", "Moderate", "High"]}
    assert view["judged"] == [{"name": n, "levels": levels[lang]} for n in names[lang]]
    html = render("handout.html.j2", view)
    for n in names[lang]:
        assert f'<div class="item">\n  <div class="q">{n}</div>\n  <div class="boxes">' in html
    md = render("handout.md.j2", view)
    assert md.count("☐ " + levels[lang][2]) == 2
    single = rendered()[f"check-rbmk.{lang}.html"]
    assert single.count('<div class="sign">') == 1


def test_a_judged_protective_score_improves_upwards() -> None:
    """andra made protective: its final level lag → hog is an improvement, its computed
    level the same; a risk score going the same way is worse."""
    earlier, later, _ = _scored()

    def protective(r: Result) -> Result:
        scores = tuple(
            attrs.evolve(s, kind="protective") if s.id == "andra" else s for s in r.scores
        )
        judged = tuple(attrs.evolve(j, final_level="hog") for j in r.judgements)
        return attrs.evolve(r, scores=scores, judgements=judged if r is later else r.judgements)

    c = compare(protective(earlier), protective(later))
    andra = c.judged[1]
    assert (andra.change.earlier_level, andra.change.later_level) == ("lag", "hog")
    assert (andra.change.change, andra.computed_change) == (Change.IMPROVED, Change.IMPROVED)
    risk = compare(earlier, attrs.evolve(later, judgements=protective(later).judgements))
    assert risk.judged[1].change.change is Change.WORSE
