"""The base URL of every schema ``$id`` and FHIR canonical URL (issue 23).

sigrbm writes its schemas' ``$id`` and its FHIR canonicals (``Questionnaire.url``, code
systems, extension URLs) under one base. The default, :data:`PLACEHOLDER`, is on the reserved
``.example`` domain (RFC 2606): it resolves nowhere and says so. A municipality that
publishes the schemas and forms sets its own base (``--base-url`` or ``SIGRBM_BASE_URL`` on
the command line; :func:`rebase` in the library), and imports with the same base;
docs/interop.md says how to publish.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

#: The placeholder base: not a real host, and every output made with it says so.
PLACEHOLDER = "https://sigrbm.example"
#: What a schema made on the placeholder says about it (``$comment``), and the CLI's note.
PLACEHOLDER_NOTE = (
    f"{PLACEHOLDER} är en platshållare som inte finns (RFC 2606): ange er egen adress med "
    "--base-url eller SIGRBM_BASE_URL innan ni publicerar — "
    f"{PLACEHOLDER} is a placeholder that resolves nowhere (RFC 2606): set your own with "
    "--base-url or SIGRBM_BASE_URL before publishing"
)


#: The longest base URL taken (issue 22): browsers and servers stop at about 2,000.
MAX_BASE = 2000


def check_base(url: str) -> str:
    """``url`` as a base (no trailing ``/``); raises ValueError unless it is an absolute
    ``https``/``http`` URL with a host and no query, fragment or credentials; at most
    :data:`MAX_BASE` characters, without spaces or control characters (issue 22: it is
    written into every published schema and form, and error messages never echo it)."""
    if len(url) > MAX_BASE or any(c.isspace() or not c.isprintable() for c in url.strip()):
        raise ValueError(
            f"är längre än {MAX_BASE} tecken eller innehåller mellanslag eller styrtecken — "
            f"is longer than {MAX_BASE} characters or holds a space or a control character"
        )
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"'{url}' is not an absolute http(s) URL (https://host/path)")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"'{url}' has a query, fragment or credentials; give host and path only")
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/")))


def rebase(doc: Any, base: str, *, old: str = PLACEHOLDER) -> Any:
    """``doc`` (plain JSON data) with every string that starts with ``old/`` moved to
    ``base/`` (a base from :func:`check_base`); other strings are left as they are."""
    if base == old:
        return doc
    prefix = old + "/"
    if isinstance(doc, str):
        return base + "/" + doc[len(prefix) :] if doc.startswith(prefix) else doc
    if isinstance(doc, dict):
        return {k: rebase(v, base, old=old) for k, v in doc.items()}
    if isinstance(doc, list):
        return [rebase(v, base, old=old) for v in doc]
    return doc


def unbase(doc: Any, base: str) -> Any:
    """The inverse of :func:`rebase`: a document exported under ``base``, as sigrbm reads it."""
    return rebase(doc, PLACEHOLDER, old=base)
