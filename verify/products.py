"""The precision of the models' matrix products on the CPU: bfloat16 where the CPU does it in
hardware, float32 elsewhere. The span tagger and the stance pair model both run in it."""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from typing import Any

PRECISIONS = ("auto", "float32", "bfloat16")
ENVIRONMENT = "VERIFY_PRECISION"  # sets the precision of every model not given one


def check_precision(precision: str | None) -> str:
    """`precision` itself, or when None the one VERIFY_PRECISION names ("auto" without it); a
    ValueError names the ones there are."""
    where = "precision"
    if precision is None:
        where, precision = ENVIRONMENT, os.environ.get(ENVIRONMENT, "auto")
    if precision not in PRECISIONS:
        raise ValueError(f"{where} must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    return precision


@lru_cache(maxsize=1)
def bfloat16_native() -> bool:
    """Whether this CPU multiplies bfloat16 matrices in hardware (AVX-512 BF16 or AMX)."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def products(precision: str) -> contextlib.AbstractContextManager[Any]:
    """The context a network runs in: bfloat16 autocast, or nothing (float32). "auto" is
    bfloat16 only where `bfloat16_native()`: elsewhere bfloat16 would be emulated, which we
    expect to be slower than float32 but have not measured (this machine has AVX-512 BF16)."""
    import torch

    if precision == "auto":
        precision = "bfloat16" if bfloat16_native() else "float32"
    if precision == "bfloat16":
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()
