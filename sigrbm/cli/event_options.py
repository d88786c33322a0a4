"""Option values of the case commands in Swedish beside the ids (issue 21).

A coordinator types ``--by skola``, ``--closure mal_uppnadda`` or ``--entry mi=pagar/delvis``;
the case file keeps the stable ids (``school``, ``goals_met``, ``ongoing``, ``partly``). Each
kind of value has one table, Swedish word → id, written without å, ä and ö so that it can be
typed on any keyboard; the id itself is always accepted too. Help shows the Swedish words in
Swedish help and the ids in English help.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Callable

#: Swedish word → id, per kind of value (the ids are the enums' values in ``case.history``
#: and ``case.records``).
SWEDISH: dict[str, dict[str, str]] = {
    "initiator": {
        "ung": "young_person",
        "vardnadshavare": "guardian",
        "skola": "school",
        "polis": "police",
        "socialtjanst": "social_services",
        "fritid": "leisure",
        "anhorig": "relative",
        "coach": "coach",
        "halso_och_sjukvard": "health_care",
        "annan": "other",
    },
    "decision": {"ga_vidare": "proceed", "avsta": "decline"},
    "closure": {
        "mal_uppnadda": "goals_met",
        "samtycke_aterkallat": "consent_withdrawn",
        "flyttat": "moved",
        "deltog_inte": "did_not_take_part",
        "annat": "other",
    },
    "entry_status": {
        "planerad": "planned",
        "pagar": "ongoing",
        "klar": "done",
        "avbruten": "stopped",
    },
    "goal": {"uppnatt": "met", "delvis": "partly", "ej_uppnatt": "not_met"},
    "party": {"ung": "young_person", "vardnadshavare": "guardian"},
}

_WHAT = {
    "initiator": ("vem som tog initiativet", "who initiated it"),
    "decision": ("beslutet", "the decision"),
    "closure": ("skälet till avslut", "the reason for closure"),
    "entry_status": ("insatsens status", "the entry's status"),
    "goal": ("målet", "the goal"),
    "party": ("vem som samtycker", "who consents"),
}


#: issue 22: how a value is typed does not matter — å, ä, ö, capitals, '-' or a space
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "-": "_", " ": "_"})


def fold(value: str) -> str:
    """``value`` as the tables write it: ``Gå vidare`` → ``ga_vidare``, ``Pågår`` → ``pagar``."""
    word = unicodedata.normalize("NFC", value).strip().casefold().translate(_FOLD)
    return re.sub("_+", "_", word)


def to_id(kind: str, value: str) -> str | None:
    """The id a Swedish word or an id stands for (typed with å, ä, ö or capitals, issue 22),
    or None when it is neither."""
    table = SWEDISH[kind]
    word = fold(value)
    if word in table:
        return table[word]
    return word if word in table.values() else None


def converter(kind: str) -> Callable[[str], str]:
    """An argparse ``type``: a Swedish word or an id → the id; a Swedish message otherwise."""

    def convert(value: str) -> str:
        found = to_id(kind, value)
        if found is None:
            sv, _ = _WHAT[kind]
            raise argparse.ArgumentTypeError(
                f"ogiltigt värde för {sv}: {value!r}; välj bland {', '.join(SWEDISH[kind])} "
                f"(eller {', '.join(dict.fromkeys(SWEDISH[kind].values()))})"
            )
        return found

    convert.__name__ = kind  # argparse names the type in its own messages
    return convert


def metavar(kind: str) -> str:
    """``{skola,polis,…}``: the Swedish words, as the help shows them."""
    return "{" + ",".join(SWEDISH[kind]) + "}"


def help_text(kind: str, english: str) -> str:
    """An English help text that lists the ids (its Swedish text is in :func:`help_sv`)."""
    return f"{english} (or the id: {', '.join(dict.fromkeys(SWEDISH[kind].values()))})"


def help_sv() -> dict[str, str]:
    """The Swedish help texts of :func:`help_text`, keyed by the English text."""
    out = {}
    for kind, (sv, en) in _WHAT.items():
        words = ", ".join(SWEDISH[kind])
        out[help_text(kind, en)] = f"{sv}: {words} (eller id:t på engelska)"
    return out


def convert_pairs(
    pairs: list[tuple[str, str, str | None]], first: str, second: str | None
) -> list[tuple[str, str, str | None]]:
    """``ENTRY=VALUE[/VALUE]`` pairs with Swedish words turned into ids (values that are
    neither are left as they are: the case check reports them, located)."""
    out = []
    for key, a, b in pairs:
        a_id = to_id(first, a) or a
        b_id = (to_id(second, b) or b) if (second is not None and b is not None) else b
        out.append((key, a_id, b_id))
    return out
