"""Command line: a thin layer over the library; the only place that exits or prints.

Exit codes: 0 success, 1 invalid input or a finding, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .errors import Problem
from .instrument import bundled_paths, check_file, display_name

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of exiting, so ``main`` returns a code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="sigrbm",
        description="Structured risk–need–responsivity assessment for sociala insatsgrupper.",
    )
    parser.add_argument("--version", action="version", version=f"sigrbm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    v = sub.add_parser(
        "validate",
        help="check instrument files and report every problem",
        description="Check instrument YAML files. Exit 0 if all are valid, 1 if not.",
    )
    v.add_argument("paths", nargs="*", metavar="PATH", help="instrument YAML files")
    v.add_argument("--bundled", action="store_true", help="check the bundled instruments")
    v.set_defaults(func=_cmd_validate)
    return parser


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.paths and not args.bundled:
        raise _UsageError("sigrbm validate: error: give one or more PATHs or --bundled")
    targets: list[tuple[str, str]] = [(p, p) for p in args.paths]
    if args.bundled:
        found = bundled_paths()
        if not found:
            err.write("sigrbm validate: no bundled instruments found; is the package installed?\n")
            return EXIT_INVALID
        targets += [(str(p), display_name(p)) for p in found.values()]
    status = EXIT_OK
    for path, target in targets:
        inst, problems = check_file(path, target)
        if problems or inst is None:
            status = EXIT_INVALID
            _report(problems, err)
            n = len(problems)
            err.write(f"{target}: invalid ({n} problem{'s' if n != 1 else ''})\n")
        else:
            out.write(
                f"{target}: ok — {inst.id} {inst.version} {inst.content_hash[:19]} "
                f"({len(inst.items)} items)\n"
            )
    return status


def _report(problems: Sequence[Problem], err: TextIO) -> None:
    for p in problems:
        err.write(f"{p}\n")


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if not hasattr(args, "func"):
            parser.print_help(err)
            return EXIT_USAGE
        code: int = args.func(args, out, err)
    except _UsageError as exc:
        err.write(f"{exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    return code
