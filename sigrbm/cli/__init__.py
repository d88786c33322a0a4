"""The command line: a thin argparse front over the library, the only place that prints or exits."""

from sigrbm.cli.main import main

__all__ = ["main"]
