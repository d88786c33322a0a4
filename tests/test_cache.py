"""The command line's instrument cache: a pure speed-up that never changes a result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sigrbm import load_instrument
from sigrbm.instrument import cache as _cache
from sigrbm.instrument.load import bundled_paths

from .conftest import CORPUS


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SIGRBM_CACHE_DIR", str(folder))
    return folder


def test_cached_load_equals_fresh_load_and_keeps_the_hash(cache_dir: Path, tmp_path: Path) -> None:
    src = CORPUS / "instruments" / "valid" / "minimal.yaml"
    f = tmp_path / "m.yaml"
    f.write_bytes(src.read_bytes())
    fresh = load_instrument(f, cache=True)  # validates, then stores
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    cached = _cache.get(f.read_bytes())
    assert cached == fresh
    assert cached is not None
    assert cached.content_hash == fresh.content_hash


@pytest.mark.usefixtures("cache_dir")
def test_an_edited_file_is_validated_again(tmp_path: Path) -> None:
    f = tmp_path / "m.yaml"
    f.write_bytes((CORPUS / "instruments" / "valid" / "minimal.yaml").read_bytes())
    load_instrument(f, cache=True)
    f.write_text(
        f.read_text(encoding="utf-8").replace('version: "1.0.0"', "version: 1.10"), encoding="utf-8"
    )
    with pytest.raises(Exception, match="E204"):
        load_instrument(f, cache=True)


def test_corrupt_or_foreign_cache_files_are_ignored(cache_dir: Path) -> None:
    raw = bundled_paths()["check-irk"].read_bytes()
    cache_dir.mkdir(mode=0o700)
    (cache_dir / f"{_cache._key(raw)}.pickle").write_bytes(b"not a pickle")
    assert _cache.get(raw) is None
    assert load_instrument("check-irk", cache=True).id == "check-irk"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_not_trusted(cache_dir: Path) -> None:
    raw = bundled_paths()["check-irk"].read_bytes()
    inst = load_instrument("check-irk")
    cache_dir.mkdir(mode=0o700)
    _cache.put(raw, inst)
    assert _cache.get(raw) == inst
    cache_dir.chmod(0o777)
    assert _cache.get(raw) is None


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGRBM_CACHE_DIR", "off")
    assert _cache.cache_dir() is None
    inst = load_instrument("check-irk")
    _cache.put(b"x", inst)  # a no-op
    assert _cache.get(b"x") is None


def test_a_value_cached_by_another_model_shape_is_never_used(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A development build that added a field must not unpickle an older build's values
    (seen: 'Instrument' object has no attribute 'parameters' on a stale cache)."""
    f = tmp_path / "m.yaml"
    f.write_bytes((CORPUS / "instruments" / "valid" / "minimal.yaml").read_bytes())
    real = _cache._model_fingerprint()
    monkeypatch.setattr(_cache, "_model_fingerprint", lambda: "an older model")
    load_instrument(f, cache=True)  # stored under the older shape
    assert _cache.get(f.read_bytes()) is not None
    monkeypatch.setattr(_cache, "_model_fingerprint", lambda: real)
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    assert _cache.get(f.read_bytes()) is None  # the current shape does not see it
