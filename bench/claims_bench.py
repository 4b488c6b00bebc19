"""Speed of sorting an event into claims and judging the sides in each (`stance.organise`).

Builds a temporary SQLite desk with one group (an event) of N statements: real sentences of the
development coverage (an articles JSONL such as fakes-syria-dev.jsonl: every sentence of its
articles, in file order, until N), embedded with the real model. Then it times `judge_groups`
on that group from scratch (sorting into claims, contradiction ties between claims, and the
signed-graph sides in every claim) and prints the seconds, the claims made, the pair judgements
made, and both per statement.

    python bench/claims_bench.py ARTICLES.jsonl [--sizes 100,1000] [--threads 1]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # judges.CountingJudge, shared with the tests
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from judges import CountingJudge  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from verify import db  # noqa: E402
from verify.embedding import SentenceTransformerEmbedder  # noqa: E402
from verify.models import Claim, ClaimGroup, Embedding, Membership, Speaker, Statement  # noqa: E402
from verify.services.stance import judge_groups  # noqa: E402
from verify.stance.judge import stance_judge  # noqa: E402


def sentences(path: Path) -> Iterator[str]:
    """Every sentence of 8 words or more of the file's articles, in order."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            for sentence in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"]):
                if len(sentence.split()) >= 8:
                    yield sentence.strip()


def event(session: Session, texts: list[str], embedder: SentenceTransformerEmbedder) -> int:
    """One group holding `texts`, said by a few speakers in turn, with their vectors stored."""
    group = ClaimGroup(label="benchmark event")
    session.add(group)
    speakers = [Speaker(name=f"Speaker {i}") for i in range(12)]
    vectors = embedder.encode(texts)
    for i, (text, vector) in enumerate(zip(texts, vectors, strict=True)):
        statement = Statement(
            text=text,
            speaker=speakers[i % len(speakers)],
            cue="said",
            fingerprint=hashlib.sha256(f"{i}|{text}".encode()).hexdigest(),
        )
        statement.membership = Membership(group=group, similarity=0.5)
        session.add(statement)
        session.flush()
        session.add(
            Embedding(statement_id=statement.id, model=embedder.name, vector=vector.tobytes())
        )
    session.flush()
    return group.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    embedder = SentenceTransformerEmbedder(threads=args.threads)
    judge = stance_judge()
    judge.relate([("warm up", "the model")])
    pool = sentences(args.articles)
    texts: list[str] = []
    for size in (int(s) for s in args.sizes.split(",")):
        texts += [next(pool) for _ in range(size - len(texts))]
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
            db.upgrade(url)
            with Session(db.make_engine(url)) as session:
                group_id = event(session, texts[:size], embedder)
                counting = CountingJudge(judge)
                started = time.perf_counter()
                judge_groups(session, [group_id], counting)
                seconds = time.perf_counter() - started
                claims = session.scalar(select(func.count(Claim.id))) or 0
        print(
            f"event of {size} statements: {seconds:.1f} s, {claims} claims, "
            f"{counting.pairs} pair judgements; per statement {1000 * seconds / size:.1f} ms, "
            f"{counting.pairs / size:.2f} pairs"
        )


if __name__ == "__main__":
    main()
