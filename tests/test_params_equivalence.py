"""Issue 13, local parameters: scalar and batch agree whatever a parameter chooses. Generated
instruments get a parameter ``lokal`` (``bas`` or ``strikt``) and, on every band table, a
first variant chosen by it (``strikt``: every cut-off one point higher); each value is set with
``with_parameters`` and the rows are scored both ways, with missing answers and attributes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from hypothesis import assume, event, given
from hypothesis import strategies as st

from sigrbm.batch.compile import compile_instrument, encode
from sigrbm.batch.kernel import score_batch
from sigrbm.case.model import Assessment, Subject
from sigrbm.errors import InstrumentError
from sigrbm.instrument.load import load_instrument
from sigrbm.instrument.model import Instrument
from sigrbm.instrument.params import with_parameters
from sigrbm.scoring.score import compute

from .conftest import CORPUS
from .strategies import instruments
from .test_batch import _assert_batch_equals_scalar, rows


def _stricter(bands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same levels, every cut-off after the first one point higher."""
    mins = [b["min"] + (1 if i else 0) for i, b in enumerate(bands)]
    out = []
    for i, b in enumerate(bands):
        band: dict[str, Any] = {"level": b["level"], "min": mins[i]}
        if i + 1 < len(bands):
            band["below"] = mins[i + 1]
        out.append(band)
    return out


def with_local_choice(inst: Instrument) -> Instrument | None:
    """The instrument with the parameter and its variants, or None if that is not valid."""
    d = inst.to_dict()
    label = {lang: "Lokalt val" if lang == "sv" else "Local choice" for lang in d["languages"]}
    d["parameters"] = [
        {"id": "lokal", "label": label, "values": ["bas", "strikt"], "default": "bas"}
    ]
    for table in d.get("band_tables", []):
        if table.get("bands"):
            variant = {"when": [{"attribute": "lokal", "in": ["strikt"]}]}
            variant["bands"] = _stricter(table["bands"])
            table["variants"] = [variant, *table.get("variants", [])]
    try:
        return Instrument.from_dict(d)
    except InstrumentError:
        return None


@given(instruments(), st.sampled_from(["bas", "strikt"]), st.data())
def test_scalar_and_batch_agree_whatever_the_parameter_chooses(
    inst: Instrument, choice: str, data: st.DataObject
) -> None:
    local = with_local_choice(inst)
    assume(local is not None)
    assert local is not None
    chosen = with_parameters(local, {"lokal": choice})
    assert chosen.parameter_values() == {"lokal": choice}
    event(choice)
    rows_ = data.draw(st.lists(rows(chosen), min_size=1, max_size=6))
    _assert_batch_equals_scalar(chosen, compile_instrument(chosen), rows_)


def test_the_parameter_changes_the_level() -> None:
    """A hand case on minimal.yaml: kamrater = k1 ja (2) + k2 nej (0) = 2, which is medel
    under the base cut-offs (2–4) and lag under the stricter ones (medel from 3)."""
    base = load_instrument(CORPUS / "instruments" / "valid" / "minimal.yaml")
    local = with_local_choice(base)
    assert local is not None
    a = Assessment(
        instrument=local.id,
        version=local.version,
        date=dt.date(2026, 1, 1),
        assessor="b",
        age=15,
        answers={"h1": "nej", "k1": "ja", "k2": "nej"},
        subject=Subject(),
    )
    levels = {}
    for choice in ("bas", "strikt"):
        chosen = with_parameters(local, {"lokal": choice})
        scalar = next(d for d in compute(chosen, a).domains if d.id == "kamrater")
        c = compile_instrument(chosen)
        batch = score_batch(c, encode(c, [a.answers]), {"age": np.array([15.0])})
        assert (scalar.value, batch.level_id(0, "kamrater")) == (2, scalar.level)
        levels[choice] = scalar.level
    assert levels == {"bas": "medel", "strikt": "lag"}
