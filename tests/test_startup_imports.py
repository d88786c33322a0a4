"""Issue 23: ``sigrbm --version`` and ``sigrbm --help`` start without the library: the version
imports none of PyYAML, numpy, Jinja2 or attrs, the help none of the first three (timings in
benchmarks/startup.py; this checks the cause, which does not vary between machines)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("yaml", "numpy", "jinja2", "attr", "attrs")
PROBE = """
import io, json, sys
from sigrbm.cli import main
main({argv!r}, stdout=io.StringIO(), stderr=io.StringIO())
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}})))
"""


def imported(argv: list[str]) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_version_imports_nothing_heavy() -> None:
    assert imported(["--version"]) & set(HEAVY) == set()


@pytest.mark.parametrize("argv", [["--help"], ["--lang", "en", "--help"], []])
def test_help_imports_no_yaml_numpy_or_jinja(argv: list[str]) -> None:
    assert imported(argv) & {"yaml", "numpy", "jinja2"} == set()
