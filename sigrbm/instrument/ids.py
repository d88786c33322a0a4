"""Identifiers, versions and content hashes shared by every declarative file."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
SEMVER_RE = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)

#: The version of the instrument *format* this library reads.
FORMAT_VERSION = 1


def is_id(value: object) -> str | None:
    if isinstance(value, str) and ID_RE.match(value):
        return None
    return "ids start with a lower-case letter and use only a-z, 0-9, '_' and '-'"


def is_semver(value: object) -> str | None:
    if isinstance(value, str) and SEMVER_RE.match(value):
        return None
    return "the version must be a semantic version like '1.2.0' (quoted)"


def content_hash(data: Any) -> str:
    """``sha256:<hex>`` of canonical JSON (sorted keys, no whitespace, UTF-8)."""

    def default(o: object) -> object:
        raise TypeError(f"not JSON data: {type(o).__name__}")

    text = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=default
    )
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
