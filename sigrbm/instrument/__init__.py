"""Instruments: the model, loading, semantic checks, the cache and item selection.

Lives here: the frozen instrument values (:mod:`.model`), identifiers and content hashes
(:mod:`.ids`), building a checked instrument from plain data (:mod:`.build`), the semantic
checks (:mod:`.check` with :mod:`.check_bands` and :mod:`.check_rules`), loading files and
the bundled set (:mod:`.load`), the validated-instrument cache (:mod:`.cache`), and which
items a score sums or which band table applies to a subject (:mod:`.select`).

May import: :mod:`sigrbm.reading`, :mod:`sigrbm.errors`. Never scores, never reads a case.
"""

from sigrbm.instrument.load import bundled_paths, load_instrument, load_instrument_text
from sigrbm.instrument.model import Instrument, Item, Role, Scale

__all__ = [
    "Instrument",
    "Item",
    "Role",
    "Scale",
    "bundled_paths",
    "load_instrument",
    "load_instrument_text",
]
