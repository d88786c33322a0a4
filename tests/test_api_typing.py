"""The documented examples of docs/api.md pass ``mypy --strict`` in a client (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT


def test_api_examples_pass_mypy_strict_as_client_code(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    client = tmp_path / "client.py"
    client.write_text("\n".join(blocks), encoding="utf-8")  # one namespace, as the docs run
    out, err, status = api.run(
        [
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--python-version",
            "3.11",
            str(client),
        ]
    )
    assert (status, err) == (0, ""), out
