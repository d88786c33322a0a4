"""sigrbm: structured risk–need–responsivity (RBM) assessment for sociala insatsgrupper.

The public API: load an instrument (a bundled id or a path), inspect it as frozen
values, and the error types every loader raises.
"""

from ._version import __version__
from .errors import (
    CaseError,
    Code,
    InstrumentError,
    NotFoundError,
    Problem,
    SigrbmError,
    ValidationError,
)
from .instrument import bundled_paths, load_instrument, load_instrument_text
from .model import Instrument, Item, Role, Scale, Text

__all__ = [
    "CaseError",
    "Code",
    "Instrument",
    "InstrumentError",
    "Item",
    "NotFoundError",
    "Problem",
    "Role",
    "Scale",
    "SigrbmError",
    "Text",
    "ValidationError",
    "__version__",
    "bundled_paths",
    "load_instrument",
    "load_instrument_text",
]
