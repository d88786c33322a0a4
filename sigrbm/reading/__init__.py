"""Reading files with every position kept: the layer under every other.

Lives here: safe, bounded YAML/JSON reading with a source map (:mod:`.source`), the generic
located conversion between plain data and frozen attrs values (:mod:`.structure`),
multilingual text (:mod:`.text`), atomic and all-or-nothing file writes (:mod:`.atomic`),
numbers and dates read strictly as written (:mod:`.scalars`) and bounded reads of regular
files (:mod:`.files`); the limits are in ``docs/limits.md``.

May import: :mod:`sigrbm.errors` only. Knows nothing of instruments, cases or SIG.
"""

from typing import TYPE_CHECKING

from sigrbm.reading.lazy import lazy_names

if TYPE_CHECKING:
    from sigrbm.reading.atomic import write_atomic
    from sigrbm.reading.source import SourceMap, YamlReadError, read_file, read_text
    from sigrbm.reading.structure import did_you_mean, unstructure
    from sigrbm.reading.text import Text

# Issue 23: imported on first use, so that importing one module of the package (the
# command line's help needs a few) does not import them all.
_LAZY = {
    "SourceMap": "source",
    "Text": "text",
    "YamlReadError": "source",
    "did_you_mean": "structure",
    "read_file": "source",
    "read_text": "source",
    "unstructure": "structure",
    "write_atomic": "atomic",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "SourceMap",
    "Text",
    "YamlReadError",
    "did_you_mean",
    "read_file",
    "read_text",
    "unstructure",
    "write_atomic",
]
