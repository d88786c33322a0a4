"""Conventions every command follows (issue 15): ``--out``, exit codes, help language.

* ``--out FILE`` on every command that writes: the output is written atomically, only when
  the command succeeds (exit 0), with the replaced file's mode or the umask's;
* help texts in Swedish by default (the output's default language); ``--lang en`` anywhere on
  the command line gives English help;
* exit codes: 0 success, 1 invalid input or a refusal, 2 usage (see ``cli/common.py``).
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from typing import TextIO

from sigrbm.cli.common import EXIT_INVALID, EXIT_OK, UsageError
from sigrbm.cli.help_sv import HELP_SV, USAGE_SV
from sigrbm.errors import looks_like_personnummer, safe_message

BUFFERED_COMMANDS = ("score", "compare", "match", "plan", "stats", "schema", "import")
#: Free-text options screened for personnummer before any command runs (issue 22): what
#: they hold is recorded or printed on a document (case-flow options are checked with the
#: case file they go into, C605).
FREE_TEXT = ("age_exception", "coordinator", "goal", "goals", "long_goal")
#: The longest free-text option taken (issue 22: it is printed on a plan).
MAX_FREE_TEXT = 2000


def screen_free_text(args: argparse.Namespace) -> None:
    """Refuse (usage error) a free-text option that holds a personnummer-like value or a
    control character (an escape sequence, a NUL byte, a bidirectional override: issue 22);
    the message names the option, never the value."""
    for dest in FREE_TEXT:
        values = getattr(args, dest, None)
        for value in values if isinstance(values, list) else [values]:
            option = "--" + dest.replace("_", "-")
            if looks_like_personnummer(value):
                raise UsageError(
                    f"sigrbm {args.command}: error: {option} looks like a personnummer "
                    "(not shown); write it without personal identity numbers"
                )
            if isinstance(value, str) and len(value) > MAX_FREE_TEXT:
                raise UsageError(
                    f"sigrbm {args.command}: error: {option} är längre än {MAX_FREE_TEXT} "
                    f"tecken — {option} is longer than {MAX_FREE_TEXT} characters"
                )
            if isinstance(value, str) and safe_message(value) != value:
                raise UsageError(
                    f"sigrbm {args.command}: error: {option} innehåller ett styrtecken "
                    "(radbrytning, escape-sekvens, NUL); skriv vanlig text på en rad — "
                    f"{option} holds a control character (a line break, an escape sequence "
                    "or a NUL byte); write it on one line as plain text"
                )


def help_language(argv: Sequence[str]) -> str:
    """``en`` when the command line asks for English (``--lang en``), else ``sv``."""
    for i, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and i + 1 < len(argv) and argv[i + 1] == "en"):
            return "en"
    return "sv"


def run_buffered(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    """Run a command into a buffer and write it to ``--out`` only when it succeeds."""
    from sigrbm.reading.atomic import write_atomic

    buffer = io.StringIO()
    code: int = args.func(args, buffer, err)
    if code != EXIT_OK:
        return code
    try:
        write_atomic(args.out, buffer.getvalue())
    except OSError as exc:
        err.write(f"sigrbm {args.command}: cannot write {args.out}: {exc.strerror or exc}\n")
        return EXIT_INVALID
    return EXIT_OK


class _SwedishFormatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: object,
        groups: object,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix or USAGE_SV)  # type: ignore[arg-type]


def _sv(text: str | None) -> str | None:
    if text is None or text == argparse.SUPPRESS:
        return text
    return HELP_SV.get(text, text)


def translate_parser(parser: argparse.ArgumentParser, lang: str) -> None:
    """Give ``parser`` and its subcommands help texts in ``lang`` (they are written in English)."""
    if lang != "sv":
        return
    parser.formatter_class = _SwedishFormatter
    parser.description = _sv(parser.description)
    for group in parser._action_groups:
        group.title = _sv(group.title)
    for action in parser._actions:
        action.help = _sv(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = _sv(choice.help)
            for sub in action.choices.values():
                translate_parser(sub, lang)


def help_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text, description and group title of ``parser`` and its subcommands."""
    found: list[str] = []
    if parser.description:
        found.append(parser.description)
    found += [g.title for g in parser._action_groups if g.title]
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            found.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            found += [c.help for c in action._choices_actions if c.help]
            for sub in action.choices.values():
                found += help_strings(sub)
    return found
