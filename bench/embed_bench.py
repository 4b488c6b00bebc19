"""Speed and agreement of the two embedding backends (EMBEDDING_BACKEND) on the same sentences.

Takes real sentences (every sentence of 8 words or more of an articles JSONL such as
fakes-syria-dev.jsonl, in file order; the demo dispatches' sentences without one), embeds them
with "torch" and with "onnx-int8" in the same process, each with the same number of threads
(1 by default), and prints for each the sentences per second (best of --runs, wall clock) and
per CPU-second, then how close the int8 vectors are to torch's: the cosine of each sentence's
two vectors, how often a sentence's nearest neighbour is the same, and how much the score of a
pair of sentences moves when both vectors, or only one, come from int8.

    python bench/embed_bench.py [ARTICLES.jsonl] [--sentences 600] [--runs 3] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from verify.config import Config  # noqa: E402
from verify.embedding import Embedder, make_embedder  # noqa: E402
from verify.inputs.demo import demo_batch  # noqa: E402

SPLIT = re.compile(r"(?<=[.!?])\s+")


def article_sentences(path: Path) -> Iterator[str]:
    """Every sentence of 8 words or more of the file's articles, in order."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield from long_sentences(json.loads(line)["text"])


def demo_sentences() -> Iterator[str]:
    """Every sentence of 8 words or more of the demo dispatches."""
    for source in demo_batch().sources.values():
        yield from long_sentences(source.text)


def long_sentences(text: str) -> Iterator[str]:
    for sentence in SPLIT.split(text):
        if len(sentence.split()) >= 8:
            yield sentence.strip()


def timed(embedder: Embedder, texts: list[str], runs: int) -> tuple[np.ndarray, float, float]:
    """The vectors, and the best sentences per second and per CPU-second over `runs` runs."""
    embedder.encode(texts[:8])  # loads the model (and exports it, the first time)
    best_wall = best_cpu = 0.0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = embedder.encode(texts)
        best_wall = max(best_wall, len(texts) / (time.perf_counter() - wall))
        best_cpu = max(best_cpu, len(texts) / (time.process_time() - cpu))
    return vectors, best_wall, best_cpu


def pair_scores(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosines of every pair i < j, row i of `a` against row j of `b`."""
    rows, columns = np.triu_indices(len(a), k=1)
    return np.asarray((a @ b.T)[rows, columns])


def nearest(vectors: np.ndarray) -> np.ndarray:
    scores = vectors @ vectors.T
    np.fill_diagonal(scores, -np.inf)
    return np.asarray(scores.argmax(axis=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=Path, nargs="?")
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=ROOT / "instance" / "embedding")
    args = parser.parse_args()
    pool = article_sentences(args.articles) if args.articles else demo_sentences()
    texts = [sentence for _, sentence in zip(range(args.sentences), pool, strict=False)]
    words = sum(len(t.split()) for t in texts) / len(texts)
    where = args.articles.name if args.articles else "the demo dispatches"
    print(f"{len(texts)} sentences from {where}, {words:.1f} words on average; ", end="")
    print(f"{args.threads} thread(s) per backend, best of {args.runs} runs")

    results = {}
    for backend in ("torch", "onnx-int8"):
        embedder = make_embedder(backend, args.cache, threads=args.threads)
        vectors, per_second, per_cpu_second = timed(embedder, texts, args.runs)
        results[backend] = (vectors, per_second)
        print(f"{backend:>9}: {per_second:6.1f} sentences/s, {per_cpu_second:6.1f} per CPU-second")
    (torch_vectors, torch_speed), (int8_vectors, int8_speed) = results.values()
    print(f"onnx-int8 / torch: {int8_speed / torch_speed:.2f}x")

    cosines = (torch_vectors * int8_vectors).sum(axis=1)
    print(f"cosine to torch: mean {cosines.mean():.4f}, min {cosines.min():.4f}")
    agree = (nearest(torch_vectors) == nearest(int8_vectors)).mean()
    print(f"nearest neighbour the same as torch's: {agree:.1%}")

    reference = pair_scores(torch_vectors, torch_vectors)
    threshold = Config.GROUPING_THRESHOLD
    for label, moved in (
        ("both int8", pair_scores(int8_vectors, int8_vectors)),
        ("one int8, one torch", pair_scores(torch_vectors, int8_vectors)),
    ):
        change = np.abs(moved - reference)
        crossed = ((moved >= threshold) != (reference >= threshold)).sum()
        print(
            f"pair score change, {label}: mean {change.mean():.4f}, max {change.max():.4f}; "
            f"{crossed} of {len(reference)} pairs cross {threshold}"
        )


if __name__ == "__main__":
    main()
