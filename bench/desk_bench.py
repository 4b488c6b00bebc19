"""Speed of the desk: import real statements end to end, and place new ones among many.

Part 1 imports the statement-like texts found under ../shared/eval/ (tens of thousands) through
the same service the `import` command uses (store + embed + group, one transaction per batch)
into a fresh SQLite file, and prints statements/s, the share of time spent inside the model, and
the model's own sentences/s in the same run.

Part 2 fills databases with 10 k and 100 k statements carrying synthetic clustered vectors, then
places new statements one at a time (embedding excluded: vectors are given) and prints p50/p95
of the time to place one and commit, plus the one-off time to build the in-memory index.

    python bench/desk_bench.py [--limit N] [--batch 256] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from verify import db, services  # noqa: E402
from verify.embedding import SentenceTransformerEmbedder  # noqa: E402
from verify.inputs.files import ImportBatch  # noqa: E402
from verify.inputs.records import StatementInput  # noqa: E402
from verify.models import ClaimGroup, Embedding, Membership, Speaker, Statement  # noqa: E402
from verify.services.placement import INDEXES  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"


class TimedEmbedder:
    """The real embedder, with the seconds spent inside it counted."""

    def __init__(self, inner: SentenceTransformerEmbedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimensions = inner.dimensions
        self.seconds = 0.0
        self.sentences = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        start = time.perf_counter()
        vectors = self.inner.encode(texts)
        self.seconds += time.perf_counter() - start
        self.sentences += len(texts)
        return vectors


def eval_texts(limit: int | None) -> list[str]:
    """Short statement-like texts from every evaluation file, deduplicated, in a fixed order."""
    texts: dict[str, None] = {}
    for path in sorted(glob.glob(str(EVAL / "grouping" / "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            texts.setdefault(json.loads(line)["text"].strip())
    for path in sorted(glob.glob(str(EVAL / "stance" / "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            for key in ("a", "b"):
                if len(row[key]) <= 600:
                    texts.setdefault(row[key].strip())
    for path in sorted(glob.glob(str(EVAL / "attribution" / "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            for item in row["attributions"]:
                content = " ".join(row["text"][s:e] for s, e in item.get("content") or []).strip()
                if 20 < len(content) <= 600:
                    texts.setdefault(content)
    found = [t for t in texts if t]
    return found[:limit] if limit else found


def bench_import(texts: list[str], batch: int, threads: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        db.upgrade(url)
        engine = db.make_engine(url)
        embedder = TimedEmbedder(SentenceTransformerEmbedder(threads=threads))
        embedder.encode(["warm up the model"])  # loading is a one-off, not throughput
        embedder.seconds = 0.0
        embedder.sentences = 0
        start = time.perf_counter()
        for offset in range(0, len(texts), batch):
            chunk = texts[offset : offset + batch]
            items = [
                StatementInput(text=text, speaker=f"Speaker {i % 500}")
                for i, text in enumerate(chunk, start=offset)
            ]
            with Session(engine) as session:
                services.import_batch(session, embedder, ImportBatch(statements=items))
                session.commit()
        total = time.perf_counter() - start
        model_share = embedder.seconds / total
        print(f"import: {len(texts)} statements in {total:.1f} s (batches of {batch})")
        print(f"  end to end (store + embed + group): {len(texts) / total:.1f} statements/s")
        print(f"  time inside the model: {embedder.seconds:.1f} s = {model_share:.1%} of the total")
        print(f"  rest of the pipeline: {total - embedder.seconds:.1f} s = {1 - model_share:.1%}")
        print(f"  model alone in this run: {embedder.sentences / embedder.seconds:.1f} sentences/s")
        with Session(engine) as session:
            groups = services.count_groups(session)
        print(f"  groups formed: {groups}")
        engine.dispose()


def synthetic_vectors(count: int, dims: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors around count/5 random topics (a topic per ~5 statements, like real groups)."""
    rng = np.random.default_rng(seed)
    topics = max(1, count // 5)
    centres = rng.standard_normal((topics, dims)).astype(np.float32)
    labels = rng.integers(0, topics, size=count)
    vectors = centres[labels] + 0.35 * rng.standard_normal((count, dims)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32), labels


def fill(session: Session, count: int, dims: int, model: str) -> None:
    """`count` statements with synthetic vectors and memberships, written with Core inserts."""
    vectors, labels = synthetic_vectors(count, dims, seed=count)
    speaker_id = session.execute(
        insert(Speaker).values(name="Synthetic", kind="other", is_anonymous=False)
    ).inserted_primary_key[0]
    session.execute(insert(ClaimGroup), [{"id": int(g) + 1, "label": ""} for g in set(labels)])
    step = 20_000
    for start in range(0, count, step):
        ids = range(start + 1, min(start + step, count) + 1)
        session.execute(
            insert(Statement),
            [
                {
                    "id": i,
                    "text": f"synthetic statement {i} about topic {labels[i - 1]}",
                    "speaker_id": speaker_id,
                    "fingerprint": hashlib.sha256(str(i).encode()).hexdigest(),
                }
                for i in ids
            ],
        )
        session.execute(
            insert(Embedding),
            [{"statement_id": i, "model": model, "vector": vectors[i - 1].tobytes()} for i in ids],
        )
        session.execute(
            insert(Membership),
            [
                {"statement_id": i, "group_id": int(labels[i - 1]) + 1, "similarity": 1.0}
                for i in ids
            ],
        )
    session.commit()


def bench_placement(size: int, new: int, embedder: SentenceTransformerEmbedder) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/place.sqlite"
        db.upgrade(url)
        engine = db.make_engine(url)
        with Session(engine) as session:
            start = time.perf_counter()
            fill(session, size, embedder.dimensions, embedder.name)
            filled = time.perf_counter() - start
        with Session(engine) as session:
            start = time.perf_counter()
            INDEXES.current(session, embedder.name, embedder.dimensions)
            built = time.perf_counter() - start
            session.rollback()
        vectors, _ = synthetic_vectors(new, embedder.dimensions, seed=size + 1)
        times = []
        for i, vector in enumerate(vectors):
            with Session(engine) as session:
                statement = Statement(
                    text=f"new statement {i}",
                    speaker_id=1,
                    fingerprint=hashlib.sha256(f"new{i}".encode()).hexdigest(),
                )
                session.add(statement)
                session.flush()
                start = time.perf_counter()
                session.add(
                    Embedding(
                        statement_id=statement.id, model=embedder.name, vector=vector.tobytes()
                    )
                )
                services.place(session, embedder, [statement], vector[None, :])
                session.commit()
                times.append(time.perf_counter() - start)
        ms = np.array(times) * 1000
        print(
            f"place one among {size:,}: p50 {np.percentile(ms, 50):.2f} ms, "
            f"p95 {np.percentile(ms, 95):.2f} ms (store vector + place + commit; {new} placed; "
            f"index built once in {built:.2f} s; database filled in {filled:.1f} s)"
        )
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="import at most N texts")
    parser.add_argument("--batch", type=int, default=256, help="statements per transaction")
    parser.add_argument("--threads", type=int, default=2, help="torch threads for the model")
    parser.add_argument("--sizes", default="10000,100000", help="stored statements for part 2")
    parser.add_argument("--new", type=int, default=300, help="statements placed per size")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    if not args.skip_import:
        texts = eval_texts(args.limit)
        bench_import(texts, args.batch, args.threads)
    embedder = SentenceTransformerEmbedder(threads=args.threads)
    for size in (int(s) for s in args.sizes.split(",") if s):
        bench_placement(size, args.new, embedder)


if __name__ == "__main__":
    main()
