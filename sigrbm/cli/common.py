"""What every command handler shares: exit codes, the usage error, the problem printer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from sigrbm.errors import Problem

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A command line that cannot be run as given (exit code 2)."""


def report_problems(problems: Sequence[Problem], err: TextIO) -> None:
    """Print located problems, one per line, in report order."""
    for p in problems:
        err.write(f"{p}\n")
