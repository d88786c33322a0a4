"""Text from data made safe for the output it goes into (Markdown, a terminal).

Case files, catalogues and local instrument copies are written by people, and their text ends
up in reports. :func:`markdown` keeps it from becoming Markdown structure (a heading, a link,
raw HTML such as ``<script>``, a table cell border); :func:`plain` keeps it from driving a
terminal (escape sequences, carriage returns, bidirectional overrides). Both turn line breaks
into spaces, so a value can never start a line of its own.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode bidirectional overrides and isolates
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")
# CommonMark punctuation that can open structure anywhere in a line
_MD_ANYWHERE = re.compile(r"([\\`*\[\]<>#|~!{}])")
# "_" opens emphasis only at a word edge (intraword "irk_familj" stays as written)
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-zÅÄÖåäö])_|_(?![0-9A-Za-zÅÄÖåäö])")
# what starts a block when it opens a line: list items, setext underlines, quotes
_MD_LINE_START = re.compile(r"^(\s*)([-+=])")


def plain(text: str) -> str:
    """``text`` for a terminal: line breaks become spaces, control characters are dropped."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text.replace("\t", " ")))


_CONTROLS_NOT_BREAKS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def html_text(text: str) -> str:
    """``text`` for HTML (issue 22): control characters dropped, line breaks and tabs kept
    (white space to a browser). An HTML report printed to a terminal runs no escape
    sequence, and a browser shows no reversed text."""
    return _CONTROLS_NOT_BREAKS.sub("", text)


def markdown(text: str) -> str:
    """``text`` for Markdown: :func:`plain`, then every structure character escaped."""
    out = _MD_ANYWHERE.sub(r"\\\1", plain(text))
    out = _MD_UNDERSCORE.sub(r"\\_", out)
    return _MD_LINE_START.sub(r"\1\\\2", out)
