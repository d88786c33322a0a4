"""The kernel's per-chunk products: BLAS matmul with the threads numpy starts with, against
numpy's thread-free einsum loop (what ``sigrbm.batch.kernel._product`` uses).

No thread pinning: run it as users run sigrbm. Prints microseconds per chunk and the ratio.

    python benchmarks/kernel_products.py
"""

from __future__ import annotations

import time

import numpy as np

from sigrbm.batch.compile import CHUNK, compile_instrument
from sigrbm.instrument.load import load_instrument


def _per_call(f, repeat: int = 40) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            f()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best * 1e6


def main() -> None:
    c = compile_instrument(load_instrument("check-rbmk"))
    rng = np.random.default_rng(1)
    for name, matrix in (("weighted", c.member_weighted), ("missing", c.member_missing)):
        rows = (rng.random((CHUNK, matrix.shape[0])) < 0.3).astype(np.float32)
        blas = _per_call(lambda m=matrix, r=rows: m.T @ r.T)
        loop = _per_call(lambda m=matrix, r=rows: np.einsum("it,ni->tn", m, r, optimize=False))
        print(
            f"{name:>9}: matmul {blas:8.0f} µs, einsum {loop:8.0f} µs, "
            f"matmul/einsum {blas / loop:5.2f}"
        )


if __name__ == "__main__":
    main()
