"""Instrument format, second edition (issue 13): hand-computed cases.

The instrument is ``corpus/instruments/valid/edition2.yaml``, modelled on the public
Static-99R coding rules (age at release 0–34 → 1, 35–39 → 0, 40–59 → −1, 60+ → −3;
earlier sexual offences = the higher of the charge and conviction points). The arithmetic is
in each docstring; expected values are literals, never taken from the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sigrbm import CaseError, Code, Instrument, load_instrument
from sigrbm.case.model import Assessment
from sigrbm.scoring.result import ItemStatus, ScoreResult, ScoreStatus, Truth
from sigrbm.scoring.score import compute, score

from .conftest import CORPUS

ED2 = load_instrument(CORPUS / "instruments" / "valid" / "edition2.yaml")


def case(age: int | None, **answers: str | int) -> Assessment:
    return Assessment(
        instrument="test-edition2",
        version="1.0.0",
        date=dt.date(2026, 3, 1),
        assessor="t",
        age=age,
        answers=answers,
        case_id="c1",
    )


def trace(r: ScoreResult) -> dict[str, tuple[str, float | None, float, float | None]]:
    return {t.item: (t.status.value, t.points, t.weight, t.contribution) for t in r.items}


def test_per_score_weights_and_computed_items_with_missing_answers() -> None:
    """Age 19 → alder 1; partner nej 1; vald_nu ja 1; vald_tidigare vet ej [0, 1];
    tidigare_sexbrott = max(4 charges → 2, 1 conviction → 1) = 2; okand_offer 1;
    manligt_offer missing [0, 1]. total = 6 answered, range [6, 8]: hög (from 6) either way.
    vald: vald_nu 3 × 1 = 3; vald_tidigare 2 × [0, 1]; offer_antal = count of (okand yes,
    manligt unknown) = [1, 2] → bins [1, 2] × 0.5 = [0.5, 1]: range [3.5, 6]."""
    r = score(
        ED2,
        case(
            19,
            partner="nej",
            vald_nu="ja",
            vald_tidigare="vet_ej",
            antal_atal=4,
            antal_domar=1,
            okand_offer="ja",
        ),
    )
    total, vald = r.score("total"), r.score("vald")
    assert (total.low, total.high, total.raw, total.level) == (6, 8, 6, "hog")
    assert total.status is ScoreStatus.PARTIAL
    assert trace(total)["alder"] == ("answered", 1, 1, 1)
    assert trace(total)["tidigare_sexbrott"] == ("answered", 2, 1, 2)
    assert trace(total)["vald_nu"] == ("answered", 1, 1, 1)
    assert (vald.low, vald.high, vald.raw) == (3.5, 6, 3)
    assert trace(vald)["vald_nu"] == ("answered", 1, 3, 3)
    assert trace(vald)["vald_tidigare"] == ("missing", None, 2, None)
    assert trace(vald)["offer_antal"] == ("missing", None, 0.5, None)
    assert r.missing == ("vald_tidigare", "manligt_offer", "offer_antal")
    assert [(h.id, h.truth) for h in r.rules] == [("ung_och_vald", Truth.YES)]


def test_everything_answered_older_subject() -> None:
    """Age 45 → −1; partner ja 0; no violence 0 + 0; max(0 charges → 0, 4 convictions → 3) = 3;
    okand nej 0, manligt ja 1. total = −1 + 0 + 0 + 0 + 3 + 0 + 1 = 3 → medel_lag (2–3).
    vald: 0 + 0 + count 1 → 1 point × 0.5 = 0.5. The flag's age test fails (45 > 20)."""
    r = score(
        ED2,
        case(
            45,
            partner="ja",
            vald_nu="nej",
            vald_tidigare="nej",
            antal_atal=0,
            antal_domar=4,
            okand_offer="nej",
            manligt_offer="ja",
        ),
    )
    total = r.score("total")
    assert (total.value, total.level, total.status) == (3, "medel_lag", ScoreStatus.COMPLETE)
    assert trace(total)["alder"] == ("answered", -1, 1, -1)
    assert [t.answer for t in total.items if t.item == "tidigare_sexbrott"] == [3]
    assert r.score("vald").value == 0.5
    assert r.rules == ()


def test_a_computed_range_keeps_the_level_open_and_the_flag_possible() -> None:
    """Age 20 → 1; charges unanswered, 2 convictions → 2: max([0, 3], 2) = [2, 3] → points
    [2, 3]. Answered: 1 + partner nej 1 + vald_nu vet ej [0, 1] + nej 0 + okand nej 0 +
    manligt nej 0. total range [1 + 1 + 2, 1 + 1 + 1 + 3] = [4, 6]: medel_hog or hög, open.
    The flag needs vald_nu = ja (unknown) and age ≤ 20 (yes): unknown."""
    r = score(
        ED2,
        case(
            20,
            partner="nej",
            vald_nu="vet_ej",
            vald_tidigare="nej",
            antal_domar=2,
            okand_offer="nej",
            manligt_offer="nej",
        ),
    )
    total = r.score("total")
    assert (total.low, total.high, total.level) == (4, 6, None)
    assert (total.level_low, total.level_high) == ("medel_hog", "hog")
    assert trace(total)["tidigare_sexbrott"] == ("missing", None, 1, None)
    assert [(h.id, h.truth) for h in r.rules] == [("ung_och_vald", Truth.UNKNOWN)]


def test_a_certain_maximum_counts_as_answered_though_one_input_is_missing() -> None:
    """6 charges → 3 points, the top of the 0–3 scale: max(3, [0, 3]) = 3 whatever the
    convictions turn out to be, so tidigare_sexbrott is answered with 3."""
    r = compute(ED2, case(30, antal_atal=6))
    t = {x.item: x for x in r.score("total").items}["tidigare_sexbrott"]
    assert (t.status, t.answer, t.points) == (ItemStatus.ANSWERED, 3, 3)


def test_a_case_may_not_answer_a_computed_item() -> None:
    with pytest.raises(CaseError) as info:
        score(ED2, case(30, alder=1, tidigare_sexbrott=2))
    got = [(p.code, p.path) for p in info.value.problems]
    assert got == [
        (Code.DERIVED_ANSWERED, ("answers", "alder")),
        (Code.DERIVED_ANSWERED, ("answers", "tidigare_sexbrott")),
    ]


def test_an_attribute_that_gives_points_is_required() -> None:
    with pytest.raises(CaseError) as info:
        score(ED2, case(None, partner="ja"))
    assert [p.code for p in info.value.problems] == [Code.CASE_ATTRIBUTE]


def test_round_trip_keeps_the_new_keys() -> None:
    again = Instrument.from_dict(ED2.to_dict())
    assert again == ED2
    assert again.content_hash == ED2.content_hash
    assert ED2.to_dict()["items"][0]["derive"] == {"value_of": "age"}
    assert ED2.to_dict()["items"][2]["weights"] == [{"score": "vald", "weight": 3}]


@pytest.mark.parametrize(
    ("name", "digest"),
    [
        ("check-rbmk", "602ac72b82274811c2849339655baf45ea311998469d6396465df877ea30093b"),
        ("check-irk", "4953fa3b88aa8b9a264721f3b480a6ed0eaf580c11083486d772589db35b4fc3"),
    ],
)
def test_bundled_instruments_keep_their_content_hash(name: str, digest: str) -> None:
    """Issue 13: the bundled instruments use no new feature, so their hash must not move."""
    assert load_instrument(name).content_hash == f"sha256:{digest}"


def test_the_handout_prints_computed_items_without_boxes() -> None:
    """Item 1 (alder) is computed: the handout says so instead of offering boxes; item 2 is
    asked as usual. Risk items outside domains get a section of their own."""
    from sigrbm.documents.render import render
    from sigrbm.documents.views import handout_view

    out = render("handout.md.j2", handout_view(ED2, "en"))
    first = out.split("**1. Age at release**", 1)[1].split("**2.", 1)[0]
    second = out.split("**2. Has lived with a partner", 1)[1].split("**3.", 1)[0]
    assert "_Computed from other answers – not filled in_" in first
    assert "☐" not in first
    assert "☐ Yes  ☐ No" in second
    assert "\n## Items\n" in out


def test_the_text_report_shows_only_sections_the_instrument_has() -> None:
    """No domains, no responsivity or protective items: no such headings."""
    from sigrbm.documents.text_report import render_result

    out = render_result(score(ED2, case(19, partner="nej")), ED2, "en")
    for heading in ("Needs in priority order", "Responsivity", "Protective factors", "Domains"):
        assert f"\n{heading}\n" not in out
    assert "\nScores\n" in out
    assert "    • vald_nu: missing" in out


def test_a_local_parameter_chooses_the_cut_offs_and_is_stamped() -> None:
    """Total 3 (see test_everything_answered_older_subject): medel_lag under the default
    v2003 cut-offs (2–3), medel_hog under 'lokal' (3–4). The stamp records the value and the
    content hash moves with it."""
    from sigrbm.instrument.params import with_parameters

    answers: dict[str, str | int] = {
        "partner": "ja",
        "vald_nu": "nej",
        "vald_tidigare": "nej",
        "antal_atal": 0,
        "antal_domar": 4,
        "okand_offer": "nej",
        "manligt_offer": "ja",
    }
    local = with_parameters(ED2, {"skala": "lokal"})
    default, chosen = score(ED2, case(45, **answers)), score(local, case(45, **answers))
    assert default.score("total").level == "medel_lag"
    assert chosen.score("total").level == "medel_hog"
    assert [(p.id, p.value) for p in default.stamp.parameters] == [("skala", "v2003")]
    assert [(p.id, p.value) for p in chosen.stamp.parameters] == [("skala", "lokal")]
    assert chosen.stamp.content_hash == local.content_hash != ED2.content_hash
    assert with_parameters(ED2, {"skala": "v2003"}) == ED2


def test_unknown_parameters_and_values_are_refused_together() -> None:
    from sigrbm import InstrumentError
    from sigrbm.instrument.params import with_parameters

    with pytest.raises(InstrumentError) as info:
        with_parameters(ED2, {"skal": "lokal", "skala": "ny"})
    got = [(p.code, p.path) for p in info.value.problems]
    assert got == [
        (Code.UNKNOWN_REFERENCE, ("parameters", "skal")),
        (Code.PARAMETER_VALUE, ("parameters", "skala")),
    ]


ED2_FILE = CORPUS / "instruments" / "valid" / "edition2.yaml"
ED2_CASE = """format_version: 1
case_id: test-ed2
subject:
  birth_year_month: "1980-06"
assessments:
  - instrument: test-edition2
    version: "1.0.0"
    date: 2026-01-20
    assessor: hl-1
    answers: {partner: ja, vald_nu: nej, vald_tidigare: nej, antal_atal: 0, antal_domar: 4,
              okand_offer: nej, manligt_offer: ja}
"""


def _cli(*argv: str) -> tuple[int, str, str]:
    import io

    from sigrbm.cli import main

    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_cli_param_and_params_file(tmp_path: Path) -> None:
    """Age 45 (born 1980-06, assessed 2026-01): total 3 as in the older-subject case, so
    medel_lag by default and medel_hog with skala=lokal, from --param or from a file."""
    import json

    folder = tmp_path
    case_file = folder / "case.yaml"
    case_file.write_text(ED2_CASE, encoding="utf-8")
    base = ("score", str(case_file), "--instrument", str(ED2_FILE), "--format", "json")
    code, out, err = _cli(*base)
    assert (code, err) == (0, "")
    assert json.loads(out)["results"][0]["scores"][0]["level"] == "medel_lag"
    code, out, err = _cli(*base, "--param", "skala=lokal")
    assert (code, err) == (0, "")
    doc = json.loads(out)["results"][0]
    assert doc["scores"][0]["level"] == "medel_hog"
    assert doc["stamp"]["parameters"] == [{"id": "skala", "value": "lokal"}]
    params = folder / "lokal.yaml"
    params.write_text("parameters:\n  skala: lokalt\n", encoding="utf-8")
    code, out, err = _cli(*base, "--params", str(params))
    assert code == 1
    assert err == (
        f"{params}:2:10: parameters.skala: 'lokalt' is not a value of 'skala'; "
        "use one of v2003, lokal, v2016 [E606]\n"
        "  E606: Ett parametervärde som inte är tillåtet.\n"  # issue 21: the code in Swedish
    )
    assert _cli(*base, "--param", "skala")[0] == 2


def test_a_parameter_may_choose_a_band_variant_with_its_own_level_set() -> None:
    """Static-99R 2016 revised risk levels (five): total 3 → Level III (1–3); the same answers
    at age 19 (alder 1 instead of −1) give 5 → Level IVa (4–5)."""
    from sigrbm.instrument.params import with_parameters

    answers: dict[str, str | int] = {
        "partner": "ja",
        "vald_nu": "nej",
        "vald_tidigare": "nej",
        "antal_atal": 0,
        "antal_domar": 4,
        "okand_offer": "nej",
        "manligt_offer": "ja",
    }
    v2016 = with_parameters(ED2, {"skala": "v2016"})
    older, younger = score(v2016, case(45, **answers)), score(v2016, case(19, **answers))
    assert (older.score("total").value, older.score("total").level) == (3, "niva3")
    assert (younger.score("total").value, younger.score("total").level) == (5, "niva4a")
    assert older.score("total").levels == ("niva1", "niva2", "niva3", "niva4a", "niva4b")
