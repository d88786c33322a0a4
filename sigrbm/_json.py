"""The stable JSON envelopes of ``sigrbm score --format json`` and ``compare``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ._structure import unstructure
from .compare import Comparison
from .result import RESULT_FORMAT_VERSION, Result


def results_document(results: Sequence[Result]) -> dict[str, Any]:
    """``{"format": "sigrbm-results", "format_version": 1, "results": [...]}``."""
    return {
        "format": "sigrbm-results",
        "format_version": RESULT_FORMAT_VERSION,
        "results": [r.to_dict() for r in results],
    }


def dump_results(results: Sequence[Result]) -> str:
    """Pretty, sorted JSON for a list of results, ending in a newline."""
    return (
        json.dumps(results_document(results), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )


def dump_comparison(comparison: Comparison) -> str:
    """JSON for a comparison, in the same envelope style."""
    doc = {
        "format": "sigrbm-comparison",
        "format_version": RESULT_FORMAT_VERSION,
        "comparison": unstructure(comparison, omit_defaults=False),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
