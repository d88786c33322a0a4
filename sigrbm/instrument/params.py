"""Local parameters (issue 13): checks, and setting their values for one deployment.

An instrument may declare ``parameters``: named choices with a default, e.g. which band
scheme a municipality uses. Conditions test a parameter like a category attribute
(``{attribute: schema, in: [v2016]}``), so band-table variants, floors, flags and computed
items can depend on it. :func:`with_parameters` sets values (from an override file or the
command line) and gives a new instrument: its content hash, and so every result's stamp,
covers the values chosen.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from sigrbm.errors import Code, InstrumentError, Path, Problem
from sigrbm.instrument.check_context import CheckContext
from sigrbm.instrument.conditions import AttributeCondition
from sigrbm.instrument.model import Instrument
from sigrbm.reading.source import SourceMap, YamlReadError, read_file
from sigrbm.reading.structure import did_you_mean


class ParameterChecks(CheckContext):
    """Checks of ``parameters`` and of conditions that test them."""

    def parameters(self) -> None:
        clash = self.ids["parameters"] & self.ids["attributes"]
        for i, p in enumerate(self.inst.parameters):
            base = self.p("parameters", i)
            if p.id in clash:
                self.add(
                    Code.DUPLICATE_ID,
                    (*base, "id"),
                    f"'{p.id}' is also an attribute id; attributes and parameters share one "
                    "namespace",
                )
            if not p.values:
                self.add(Code.EMPTY_LIST, (*base, "values"), "list the values it may take")
            elif p.default not in p.values:
                self.add(
                    Code.PARAMETER_VALUE,
                    (*base, "default"),
                    f"'{p.default}' is not a value of '{p.id}'{did_you_mean(p.default, p.values)}",
                )

    def _parameter_condition(self, c: AttributeCondition, path: Path) -> None:
        p = next(x for x in self.inst.parameters if x.id == c.attribute)
        if c.in_ is None or c.min is not None or c.max is not None:
            self.add(Code.WRONG_ATTRIBUTE_TYPE, path, f"'{p.id}' is a parameter; test it with 'in'")
        for k, v in enumerate(c.in_ or ()):
            if v not in p.values:
                self.add(
                    Code.PARAMETER_VALUE,
                    (*path, "in", k),
                    f"'{v}' is not a value of parameter '{p.id}'{did_you_mean(v, p.values)}",
                )


def with_parameters(
    inst: Instrument, values: Mapping[str, str], smap: SourceMap | None = None
) -> Instrument:
    """The instrument with these parameter values; raises :class:`InstrumentError` listing
    every unknown parameter (E301) and value not allowed (E606), located at
    ``parameters.<id>`` (in the override file when ``smap`` is its source map)."""
    where = smap or SourceMap()
    known = {p.id: p for p in inst.parameters}
    problems: list[Problem] = []
    for key, value in values.items():
        path: Path = ("parameters", key)
        if key not in known:
            problems.append(
                where.problem(
                    Code.UNKNOWN_REFERENCE,
                    path,
                    f"{inst.id} has no parameter '{key}'{did_you_mean(key, known)}",
                    key=True,
                )
            )
        elif value not in known[key].values:
            allowed = known[key].values
            problems.append(
                where.problem(
                    Code.PARAMETER_VALUE,
                    path,
                    f"'{value}' is not a value of '{key}'; use one of {', '.join(allowed)}",
                )
            )
    if problems:
        raise InstrumentError(problems)
    chosen = tuple(
        attrs.evolve(p, default=values[p.id]) if p.id in values else p for p in inst.parameters
    )
    return Instrument.from_dict(attrs.evolve(inst, parameters=chosen).to_dict())


def load_parameters(path: str) -> tuple[dict[str, str], SourceMap]:
    """Read a parameter override file, ``parameters: {id: value, …}``; raises
    :class:`InstrumentError` with located problems when it is not that shape."""
    try:
        data, smap, problems = read_file(path)
    except YamlReadError as exc:  # issue 22: missing, a FIFO, a device, an alias bomb
        raise InstrumentError(exc.problems) from None
    if problems:
        raise InstrumentError(problems)
    block = data.get("parameters") if isinstance(data, dict) else None
    if not isinstance(block, dict) or (isinstance(data, dict) and set(data) != {"parameters"}):
        raise InstrumentError(
            [
                smap.problem(
                    Code.WRONG_TYPE,
                    (),
                    "a parameter file holds one key, 'parameters', mapping ids to values",
                )
            ]
        )
    bad = [k for k, v in block.items() if not isinstance(k, str) or not isinstance(v, str)]
    if bad:
        raise InstrumentError(
            [
                smap.problem(Code.WRONG_TYPE, ("parameters", str(k)), "give the value as text")
                for k in bad
            ]
        )
    return dict(block), smap
