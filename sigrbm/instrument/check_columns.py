"""Batch column names (issue 13, round 3): an id must not equal a column the batch files make.

A batch input file has a column per item and per subject attribute beside fixed columns
(``case_id``, ``date``, ``judgement``, …) and, per further judged score, the columns
``<score>_judgement[_reason|_author|_date]``; the batch output invents ``<target>_low``,
``<target>_high``, ``<target>_level``, ``<score>_raw_low``, ``<score>_raw_high``,
``<score>_computed``, ``<score>_final``, ``overall_*``, ``floor_<id>`` and ``flag_<id>``
(``sigrbm.batch.input`` and ``sigrbm.batch.write``). An item, attribute or parameter whose
id equals one of those names — or two generated names that coincide — would make a file
ambiguous, so the instrument is refused with E609 at the id, naming the generated column.
:func:`generated_columns` lists them; a test keeps it equal to what the batch writes.
"""

from __future__ import annotations

import attrs

from sigrbm.errors import Code, Path
from sigrbm.instrument.check_context import CheckContext
from sigrbm.instrument.model import Instrument

#: Columns of every batch input file (``sigrbm.batch.input.FIXED_COLUMNS``) and output file.
FIXED_INPUT = (
    "case_id",
    "date",
    "age",
    "birth_year_month",
    "judgement",
    "judgement_reason",
    "judgement_author",
    "judgement_date",
    "program",
)
FIXED_OUTPUT = ("instrument_id", "version", "content_hash")
#: The input column a subject attribute of this id is read from (not a clash).
_ATTRIBUTE_COLUMNS = ("age",)
_JUDGED_INPUT = ("_judgement", "_judgement_reason", "_judgement_author", "_judgement_date")
_JUDGED_OUTPUT = ("_computed", "_final")


@attrs.frozen
class Generated:
    """A column name the batch files make, what makes it, and the id it is made from."""

    name: str
    what: str
    #: (collection, index) of the element whose id the name is built from; None if fixed
    owner: tuple[str, int] | None = None


def generated_columns(inst: Instrument) -> list[Generated]:
    """Every column name the batch input and output of ``inst`` may hold besides the item
    and attribute columns, in a stable order (fixed names first)."""
    out = [Generated(n, "a column of every batch input file") for n in FIXED_INPUT]
    out += [Generated(n, "a column of every batch output file") for n in FIXED_OUTPUT]
    if inst.judgement is not None:
        out += [
            Generated(f"overall{s}", "a column of the batch output (the first judged score)")
            for s in ("_computed", "_judgement", "_final")
        ]
    owners = {d.id: ("domains", i) for i, d in enumerate(inst.domains)}
    owners.update({s.id: ("scores", i) for i, s in enumerate(inst.scores)})
    further = inst.judgement.further_scores if inst.judgement is not None else ()
    for target in further:
        for suffix in (*_JUDGED_INPUT, *_JUDGED_OUTPUT):
            out.append(Generated(f"{target}{suffix}", "judged score", owners.get(target)))
    targets = [*((d.id, False, d.bands) for d in inst.domains)]
    targets += [(s.id, s.lookup is not None, s.bands) for s in inst.scores]
    tables = {t.id: t for t in inst.band_tables}
    params = {p.id for p in inst.parameters}
    for target, looked_up, bands in targets:
        suffixes = ("_low", "_high", "_level") + (("_raw_low", "_raw_high") if looked_up else ())
        table = tables.get(bands or "")
        chosen_by = {c.attribute for v in table.variants for c in v.when} if table else set()
        if chosen_by - params:  # issue 16: why a level is open (bands chosen by attributes)
            suffixes += ("_band_needs",)
        owner = owners.get(target)
        kind = "score" if owner is not None and owner[0] == "scores" else "domain"
        out += [Generated(f"{target}{s}", kind, owner) for s in suffixes]
    out += [Generated(f"floor_{f.id}", "floor", ("floors", i)) for i, f in enumerate(inst.floors)]
    out += [Generated(f"flag_{f.id}", "flag", ("flags", i)) for i, f in enumerate(inst.flags)]
    return out


def _owner_id(g: Generated, inst: Instrument) -> str:
    assert g.owner is not None
    key, i = g.owner
    owner_id: str = getattr(inst, key)[i].id
    return owner_id


def _describe(g: Generated, inst: Instrument) -> str:
    if g.owner is None:
        return f"'{g.name}' is {g.what}"
    return f"'{g.name}' is the batch column made from {g.what} '{_owner_id(g, inst)}'"


class ColumnChecks(CheckContext):
    """E609: ids that equal a batch column name, and generated names that coincide."""

    def batch_columns(self) -> None:
        made: dict[str, Generated] = {}
        reported: set[tuple[str, int]] = set()
        for g in generated_columns(self.inst):
            first = made.setdefault(g.name, g)
            if first is g or g.owner is None or g.owner in reported:
                continue
            if first.owner is not None and _owner_id(first, self.inst) == _owner_id(g, self.inst):
                continue  # one id used twice: E300 says so
            reported.add(g.owner)
            key, i = g.owner
            self._clash(self.p(key, i, "id"), _describe(first, self.inst), "this id")
        inputs = {a.id: a for a in self.inst.attributes}
        for key in ("items", "attributes", "parameters"):
            for i, element in enumerate(getattr(self.inst, key)):
                if key == "attributes" and element.id in _ATTRIBUTE_COLUMNS:
                    continue
                clash = made.get(element.id)
                if clash is not None:
                    self._clash(self.p(key, i, "id"), _describe(clash, self.inst), "it")
                elif key == "items" and element.id in inputs:
                    self._clash(
                        self.p(key, i, "id"),
                        f"'{element.id}' is also the batch column of attribute '{element.id}'",
                        "it",
                    )

    def _clash(self, path: Path, what: str, rename: str) -> None:
        self.add(
            Code.BATCH_COLUMN_CLASH,
            path,
            f"{what}, so a batch file would be ambiguous; rename {rename}",
        )
