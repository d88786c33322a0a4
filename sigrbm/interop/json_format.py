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
        "comparison": comparison.to_dict(),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def document(kind: str, value: object) -> dict[str, Any]:
    """``{"format": kind, "format_version": 1, "value": …}``: the envelope of match and plan.

    ``value`` is a value with a public ``to_dict`` (:class:`Recommendations`,
    :class:`PlanOutcome`) or any attrs value of the library.
    """
    to_dict = getattr(value, "to_dict", None)
    plain = to_dict() if callable(to_dict) else unstructure(value, omit_defaults=False)
    return {"format": kind, "format_version": RESULT_FORMAT_VERSION, "value": plain}


def dump_document(kind: str, value: object) -> str:
    """:func:`document` as pretty, sorted JSON ending in a newline."""
    doc = document(kind, value)
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def plan_yaml(plan: object) -> str:
    """The plan as a YAML list item to add under ``plans:`` in the case file."""
    import yaml

    to_dict = getattr(plan, "to_dict", None)
    data = to_dict() if callable(to_dict) else unstructure(plan)
    text = yaml.safe_dump([data], allow_unicode=True, sort_keys=False)
    return "# add under 'plans:' in the case file\n" + text
