"""The sdist carries what its own tests need, and the licence the metadata names (issue 15)."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from .conftest import ROOT

NEEDED = ("sigrbm", "instruments", "tests", "docs", "checklists", "benchmarks")


def _tracked() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", *NEEDED, "LICENSE", "pyproject.toml"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_sdist_holds_every_tracked_file_its_tests_read(tmp_path: Path) -> None:
    sdist = pytest.importorskip("hatchling.builders.sdist")
    tracked = _tracked()
    [built] = list(sdist.SdistBuilder(str(ROOT)).build(directory=str(tmp_path)))
    with tarfile.open(built) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    missing = sorted(set(tracked) - names)
    assert missing == []
    assert "checklists/check-rbmk.sv.html" in names
    assert "LICENSE" in names


def test_licence_file_matches_the_metadata() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject
    assert 'license-files = ["LICENSE"]' in pyproject
