"""Files in a folder of case files that are not case files (issue 21, item 5).

A coordinator's folder may hold other sigrbm files beside the case files — an instrument, a
program profile, a catalogue, a saved checklist — or any other YAML. ``case due FOLDER``
passes over them with a note instead of reporting each as a broken case file. A file is
passed over only when it is readable YAML or JSON whose top level is not a case file (a
mapping without ``case_id``, ``assessments`` and ``history``, or not a mapping at all); a
file that cannot be read is still reported, as it may be a damaged case file.
"""

from __future__ import annotations

import os

from sigrbm.reading.source import YamlReadError, read_file

#: Top-level keys that make a file a case file (one is enough).
CASE_KEYS = frozenset({"case_id", "assessments", "history"})

_KINDS = (
    ("items", {"sv": "ett instrument", "en": "an instrument"}),
    ("interventions", {"sv": "en insatskatalog", "en": "an intervention catalogue"}),
    ("actors", {"sv": "en aktörskatalog", "en": "an actor catalogue"}),
    ("core_actors", {"sv": "en programprofil", "en": "a program profile"}),
    ("required_participants", {"sv": "en programprofil", "en": "a program profile"}),
    ("answers", {"sv": "en bedömning", "en": "an assessment"}),
)
_OTHER = {"sv": "någon annan fil", "en": "some other file"}


def other_kind(path: str | os.PathLike[str]) -> dict[str, str] | None:
    """What a readable file that is not a case file is (in Swedish and English), or None
    for a case file or a file that cannot be read."""
    try:
        data, _, _ = read_file(os.fspath(path))
    except (YamlReadError, OSError):
        return None
    if isinstance(data, dict) and CASE_KEYS & set(data):
        return None
    if isinstance(data, dict):
        for key, words in _KINDS:
            if key in data:
                return words
    return _OTHER


def skip_note(path: str, kind: dict[str, str], lang: str) -> str:
    """``FILE: ingen ärendefil (ett instrument); hoppas över`` in ``lang``."""
    if lang == "sv":
        return f"{path}: ingen ärendefil ({kind['sv']}); hoppas över"
    return f"{path}: not a case file ({kind['en']}); skipped"
