"""The committed checklists: every bundled instrument × language × format, rendered in one place."""

from __future__ import annotations

import os
from pathlib import Path

from sigrbm.documents.render import render
from sigrbm.documents.views import handout_view
from sigrbm.documents.views_form import form_view
from sigrbm.instrument.load import bundled_paths, load_instrument
from sigrbm.reading.atomic import write_all_or_nothing

LANGS = ("sv", "en")
FORMATS = {"html": "handout.html.j2", "md": "handout.md.j2"}
#: issue 21: the fillable form, committed beside the printable files as ``ID.LANG.form.html``
FILLABLE_TEMPLATE = "handout_form.html.j2"


def rendered() -> dict[str, str]:
    """File name → text for every handout (``check-rbmk.sv.html`` …) and fillable form
    (``check-rbmk.sv.form.html``)."""
    out: dict[str, str] = {}
    for instrument_id in bundled_paths():
        inst = load_instrument(instrument_id)
        for lang in LANGS:
            view = handout_view(inst, lang)
            for ext, template in FORMATS.items():
                out[f"{instrument_id}.{lang}.{ext}"] = render(template, view)
            out[f"{instrument_id}.{lang}.form.html"] = render(
                FILLABLE_TEMPLATE, form_view(inst, lang)
            )
    return out


def write_all(folder: str | os.PathLike[str]) -> list[str]:
    """Render every handout into ``folder``, all files or none (atomically); the paths written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    files = {str(target / name): text for name, text in rendered().items()}
    write_all_or_nothing(files)
    return list(files)
