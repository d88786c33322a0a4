"""Names a package's face imports on first use (issue 23: `sigrbm --help` starts without the
library): one module ``__getattr__`` (PEP 562) for every face that lists its names."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: a name in ``names`` (name → module, relative
    to the package) is imported from its module when it is first asked for."""

    def attribute(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return attribute
