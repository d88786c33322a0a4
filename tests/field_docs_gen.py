"""Generate ``sigrbm/interop/field_docs.py`` from the key tables of the format docs (issue 15).

Each table ``| key | type | default | meaning |`` (or ``| key | type | meaning |``) in
docs/instrument-format.md, docs/case-format.md and docs/result-format.md describes one
class: the class whose field keys overlap the table's keys most. Issue 23: a table under a
line ``<!-- fields: ClassName -->`` describes that class by name (docs/matching.md: the JSON
of match, plan and case status, the actor catalogue). Run ``python -m tests.field_docs_gen``
after changing a table; a test checks the file is current.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("instrument-format.md", "case-format.md", "result-format.md")
NAMED_DOCS = ("matching.md",)  # issue 23: only tables named by a <!-- fields: … --> line
_NAMED = re.compile(r"<!-- fields: ([A-Za-z]+) -->")
TARGET = ROOT / "sigrbm" / "interop" / "field_docs.py"


def _tables(text: str, min_cells: int = 3) -> list[dict[str, str]]:
    tables: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if line.startswith("| key |"):
            current = {}
            tables.append(current)
            continue
        if current is None or not line.startswith("|"):
            current = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        m = re.fullmatch(r"`([a-z_]+)`", cells[0])
        if m and len(cells) >= min_cells:
            current[m.group(1)] = _plain(cells[-1])
    return [t for t in tables if t]


def _named_tables(text: str) -> dict[str, dict[str, str]]:
    """The first table under each ``<!-- fields: ClassName -->`` line, by class name."""
    parts = _NAMED.split(text)
    return {
        name: (_tables(body, 2) or [{}])[0]
        for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text.replace("`", "").replace("*", "").strip()


def _attrs_classes(*modules: Any) -> list[type]:
    found: list[type] = []
    for mod in modules:
        found += [v for v in vars(mod).values() if isinstance(v, type) and attrs.has(v)]
    return [c for c in dict.fromkeys(found) if c.__module__.startswith("sigrbm.")]


def _classes() -> list[type]:
    from sigrbm.case import model as case_model
    from sigrbm.case import records
    from sigrbm.instrument import model as inst_model
    from sigrbm.scoring import result

    return _attrs_classes(inst_model, case_model, records, result)


def _named_classes() -> dict[str, type]:
    """Issue 23: the classes a named table may describe (the casework outputs too)."""
    from sigrbm.casework import catalogue, consent, flow, plans, program, recommendation

    more = _attrs_classes(catalogue, consent, flow, plans, program, recommendation)
    return {c.__name__: c for c in [*_classes(), *more]}


def collect() -> dict[str, dict[str, str]]:
    """Descriptions per class name and key, from the docs' key tables."""
    from sigrbm.reading.structure import key_of

    def keys_of(cls: type) -> set[str]:
        return {key_of(f) for f in attrs.fields(cls) if not f.metadata.get("context")}

    tables = [t for name in DOCS for t in _tables((ROOT / "docs" / name).read_text("utf-8"))]
    out: dict[str, dict[str, str]] = {}
    for cls in _classes():
        keys = keys_of(cls)
        best: tuple[int, dict[str, str]] | None = None
        for t in tables:
            overlap = len(keys & set(t))
            if overlap >= 2 and overlap * 2 >= len(t) and (best is None or overlap > best[0]):
                best = (overlap, t)
        if best is not None:
            out[cls.__name__] = {k: v for k, v in best[1].items() if k in keys}
    classes = _named_classes()
    for doc in NAMED_DOCS:
        for name, table in _named_tables((ROOT / "docs" / doc).read_text("utf-8")).items():
            keys = keys_of(classes[name])
            unknown = set(table) - keys
            assert not unknown, f"docs/{doc}: {name} has no key {sorted(unknown)}"
            out[name] = table
    return out


def generate() -> str:
    out = collect()
    lines = [
        "# ruff: noqa: E501",
        '"""Field descriptions for the JSON Schemas, generated from the docs\' key tables.',
        "",
        "Do not edit: run ``python -m tests.field_docs_gen`` after changing docs/*-format.md",
        "or the named tables of docs/matching.md.",
        '"""',
        "",
        "FIELD_DOCS: dict[str, dict[str, str]] = {",
    ]
    for name in sorted(out):
        lines.append(f"    {_q(name)}: {{")
        lines += [f"        {_q(k)}: {_q(v)}," for k, v in sorted(out[name].items())]
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(*_: Any) -> None:
    TARGET.write_text(generate(), encoding="utf-8")


if __name__ == "__main__":
    main()
