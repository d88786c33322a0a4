"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)

# Keep the command line's instrument cache out of the user's home during tests.
os.environ["SIGRBM_CACHE_DIR"] = tempfile.mkdtemp(prefix="sigrbm-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


def cli(*argv: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of ``python -m sigrbm ARGV`` in a fresh
    process (standard input closed), which must end without a traceback and never echo the
    test personnummer (20010101-1234, with or without its dash) or an escape sequence."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "sigrbm", *argv],
        capture_output=True,
        text=True,
        timeout=60,  # seconds: generous for a loaded machine; a hang never ends
        stdin=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    for echoed in ("0101-1234", "01011234"):  # not "1234": a temporary folder may hold it
        assert echoed not in done.stderr, "a personnummer is never echoed"
    assert "\x1b" not in done.stderr, "an escape sequence is never echoed"
    return done.returncode, done.stdout, done.stderr
