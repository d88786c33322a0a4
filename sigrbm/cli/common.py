"""What every command handler shares: exit codes, the usage error, the problem printer."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # issue 23: `sigrbm --help` starts without the library
    from sigrbm.errors import Problem
    from sigrbm.instrument.model import Instrument

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A command line that cannot be run as given (exit code 2)."""


#: issue 21: the language of this run's messages (``--lang``; Swedish by default), set by
#: ``cli.main`` for the run so that every command's problems are told in it.
LANG: ContextVar[str] = ContextVar("sigrbm_cli_lang", default="sv")


def report_problems(problems: Sequence[Problem], err: TextIO) -> None:
    """Print located problems, one per line, in report order; in Swedish, then what each
    code means in Swedish (:func:`sigrbm.documents.problem_words.explained`)."""
    from sigrbm.documents.problem_words import explained

    for line in explained(problems, LANG.get()):
        err.write(f"{line}\n")


def said(message: str | None, lang: str | None = None) -> str:
    """A library message in ``lang`` (default: this run's): the messages the library gives
    in both languages (Swedish, then the English in parentheses) told in one (issue 21)."""
    from sigrbm.casework.case_check import NO_PROGRAM_TEXT
    from sigrbm.casework.case_file import NO_NEED_LEVELS_TEXT

    lang = lang or LANG.get()
    message = message or ""
    for text in (NO_PROGRAM_TEXT, NO_NEED_LEVELS_TEXT):
        message = message.replace(f"{text['sv']} ({text['en']})", text[lang])
    return message


# issue 13: local parameters on score and batch ------------------------------------------


def add_parameter_options(p: argparse.ArgumentParser) -> None:
    """``--param NAME=VALUE`` (repeatable) and ``--params FILE``."""
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a local parameter of the instrument (repeatable)",
    )
    p.add_argument("--params", metavar="FILE", help="a YAML file 'parameters: {name: value, …}'")


def apply_parameters(args: argparse.Namespace, inst: Instrument) -> Instrument:
    """The instrument with the parameters given on the command line (the file first, then
    each ``--param``); raises :class:`UsageError` or :class:`InstrumentError`."""
    from sigrbm.instrument.params import load_parameters, with_parameters

    given: list[str] = getattr(args, "param", None) or []
    path: str | None = getattr(args, "params", None)
    if not given and path is None:
        return inst
    if path is not None:
        values, smap = load_parameters(path)
        inst = with_parameters(inst, values, smap)
    pairs: dict[str, str] = {}
    for item in given:
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise UsageError(f"sigrbm: error: --param wants NAME=VALUE, not '{item}'")
        pairs[name] = value
    return with_parameters(inst, pairs)
