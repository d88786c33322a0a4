"""Checks of the consents and legal bases a case file keeps (P802–P804).

A consent names the kinds of information it covers, from the actor catalogue's list; a legal
basis names a statute with its chapter or section. Part of the one check of a case file
(``sigrbm.casework.case_check``).
"""

from __future__ import annotations

import re

from sigrbm.case.model import Case
from sigrbm.casework.catalogue import Catalogue
from sigrbm.errors import Code, Problem
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean

#: A statute names a law: a section sign, a chapter, "lag", an SFS number (2009:400).
_STATUTE = re.compile(r"§|\bkap\b|\bkap\.|\blag\b|\bsfs\b|\d{4}:\d+|\bact\b", re.IGNORECASE)


def consent_problems(case: Case, catalogue: Catalogue, smap: SourceMap) -> list[Problem]:
    """P802/P803 for consents that name no or unknown information, P804 for a legal basis
    that names no statute."""
    out: list[Problem] = []
    kinds = {k.id for k in catalogue.actors.information_kinds}
    for i, c in enumerate(case.consents):
        if not c.information:
            out.append(
                smap.problem(
                    Code.CONSENT_NO_INFORMATION,
                    ("consents", i, "information"),
                    "a consent must name the information it covers, e.g. "
                    f"[{', '.join(sorted(kinds))}]",
                    sv="ett samtycke måste ange vilka uppgifter det omfattar, t.ex. "
                    f"[{', '.join(sorted(kinds))}] (--information)",
                )
            )
        for k, kind in enumerate(c.information):
            if kinds and kind not in kinds:
                out.append(
                    smap.problem(
                        Code.CONSENT_UNKNOWN_INFORMATION,
                        ("consents", i, "information", k),
                        f"unknown kind of information '{kind}'{did_you_mean(kind, kinds)}",
                        sv=f"okänt slag av uppgifter '{kind}'{did_you_mean(kind, kinds, 'sv')}",
                    )
                )
    for i, b in enumerate(case.legal_bases):
        if not _STATUTE.search(b.statute):
            out.append(
                smap.problem(
                    Code.LEGAL_BASIS_STATUTE,
                    ("legal_bases", i, "statute"),
                    "a legal basis must name a statute with its chapter or section, e.g. "
                    "'OSL 10 kap. 18 a §'",
                )
            )
    return out
