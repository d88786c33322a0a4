"""Usage errors in Swedish (issue 21): argparse's own messages and the commands' own.

argparse writes its messages in English (``the following arguments are required: …``), and
the command handlers raise :class:`~sigrbm.cli.common.UsageError` with English text. Swedish
is the default language of the command line, so :func:`usage_message` turns every known
message into Swedish, phrase by phrase; ``--lang en`` keeps the English. A message not in the
table is left as it is (argparse may add new ones) — never dropped.
"""

from __future__ import annotations

import re

#: (English pattern, Swedish replacement), tried in order on every message.
_PHRASES: tuple[tuple[str, str], ...] = (
    (r": error: ", ": fel: "),
    # argparse
    (r"the following arguments are required: ", "dessa argument krävs: "),
    (r"one of the arguments (.+) is required", r"ett av argumenten \1 krävs"),
    (r"(: fel: )argument (\S+?): ", r"\1argumentet \2: "),
    (r"invalid choice: (.+?) \(choose from (.+)\)", r"ogiltigt val: \1 (välj bland \2)"),
    (r"invalid (\S+) value: ", r"ogiltigt värde (\1): "),
    (r"unrecognized arguments: ", "okända argument: "),
    (r"expected one argument", "ett värde behövs"),
    (r"expected at least one argument", "minst ett värde behövs"),
    (r"expected at most one argument", "högst ett värde"),
    (r"ambiguous option: (\S+) could match (.+)", r"tvetydig flagga: \1 kan vara \2"),
    (r"not allowed with argument (\S+)", r"inte tillåtet tillsammans med \1"),
    (r"ignored explicit argument (.+)", r"argumentet \1 ignoreras"),
    # the commands' own usage errors
    (r"is not YYYY-MM-DD", "är inte ÅÅÅÅ-MM-DD"),
    (r"is not ENTRY=VALUE", "är inte INSATS=VÄRDE"),
    (r"give --from FILE or --(\w+) ID", r"ange --from FIL eller --\1 ID"),
    (r"--param wants NAME=VALUE, not ", "--param ska vara NAMN=VÄRDE, inte "),
    (r"--all needs --out FOLDER", "--all behöver --out MAPP"),
    (r"give an INSTRUMENT or --all", "ange ett INSTRUMENT eller --all"),
    (r"--fillable writes HTML; leave out --format", "--fillable skriver HTML; utelämna --format"),
    (r"--min-group must be 1 or more", "--min-group måste vara 1 eller mer"),
    (r"import form needs --case CASE", "import formular behöver --case ÄRENDE"),
    (r"--instrument belongs to import fhir", "--instrument hör till import fhir"),
    (r"give one or more PATHs or --bundled", "ange en eller flera SÖKVÄGAR eller --bundled"),
    (
        r"--coordinator looks like a personnummer \(not shown\); use a pseudonymous id",
        "--coordinator ser ut som ett personnummer (visas inte); ange ett pseudonymt id",
    ),
)
_COMPILED = tuple((re.compile(p), r) for p, r in _PHRASES)


def usage_message(text: str, lang: str) -> str:
    """``text`` in ``lang``: Swedish phrase by phrase for ``sv``, unchanged for ``en``."""
    if lang != "sv":
        return text
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    return text
