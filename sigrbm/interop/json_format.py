"""The stable JSON envelopes of ``sigrbm score --format json`` and ``compare``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sigrbm.reading.structure import unstructure
from sigrbm.scoring.compare import Comparison
from sigrbm.scoring.result import RESULT_FORMAT_VERSION, Result


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


def dump_document(kind: str, value: object) -> str:
    """``{"format": kind, "format_version": 1, "value": …}`` as pretty, sorted JSON."""
    doc = {
        "format": kind,
        "format_version": RESULT_FORMAT_VERSION,
        "value": unstructure(value, omit_defaults=False),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def plan_yaml(plan: object) -> str:
    """The plan as a YAML list item to add under ``plans:`` in the case file."""
    import yaml

    data = unstructure(plan)
    text = yaml.safe_dump([data], allow_unicode=True, sort_keys=False)
    return "# add under 'plans:' in the case file\n" + text
