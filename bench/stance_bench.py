"""Speed of stance: the pair judge alone, and what stance adds to ingesting one statement.

Part 1 times `stance_judge().relate` on pairs from ../shared/eval/stance/: short statements
(emergent-train.jsonl) and long article bodies (fnc1-train-sample.jsonl), and prints pairs/s.

Part 2 builds a temporary SQLite desk per size with one group of 10, 100 or 1,000 members (real
texts of one perspectrum claim, embedded with the real model, each text said by several speakers
so a group can be that large), judges it once, then adds one more statement of the same claim
(one of the few closest to the claim, kept out of the group) through `add_statements` with and
without the stance hook, several times each (rolled back, so the group keeps its size). It
prints the median ms of each, the difference, and the pair judgements the hook made: at most
`sides.PAIRS_PER_NEWCOMER` (central claim, representatives, neighbour), whatever the group's size.

    python bench/stance_bench.py [--threads 2] [--runs 7] [--sizes 10,100,1000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # judges.CountingJudge, shared with the tests
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from judges import CountingJudge  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from verify import db, services  # noqa: E402
from verify.embedding import SentenceTransformerEmbedder  # noqa: E402
from verify.inputs.records import StatementInput  # noqa: E402
from verify.models import ClaimGroup, Embedding, Membership, Speaker, Statement  # noqa: E402
from verify.services.placement import INDEXES  # noqa: E402
from verify.services.stance import judge_groups  # noqa: E402
from verify.stance.judge import stance_judge  # noqa: E402
from verify.stance.sides import PAIRS_PER_NEWCOMER  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
HELD_OUT = 5  # texts of the claim kept out of the group, added one per run


def stance_pairs(name: str, limit: int) -> list[tuple[str, str]]:
    with open(EVAL / "stance" / name, encoding="utf-8") as lines:
        rows = (json.loads(line) for line in lines)
        return [(row["a"], row["b"]) for row in islice(rows, limit)]


def bench_judge(short: int, long: int) -> None:
    judge = stance_judge()
    judge.relate([("The dam released its water.", "The dam kept its gates shut.")])  # load
    for name, count, what in (
        ("emergent-train.jsonl", short, "short statements"),
        ("fnc1-train-sample.jsonl", long, "long article bodies"),
    ):
        pairs = stance_pairs(name, count)
        start = time.perf_counter()
        judge.relate(pairs)
        seconds = time.perf_counter() - start
        print(
            f"judge: {len(pairs)} pairs of {what} ({name}) in {seconds:.1f} s = "
            f"{len(pairs) / seconds:.1f} pairs/s"
        )


def claim_texts(minimum: int) -> list[str]:
    """The texts of the largest perspectrum claim (the claim and its perspectives)."""
    clusters: dict[str, list[str]] = defaultdict(list)
    with open(EVAL / "grouping" / "perspectrum-train.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = row["text"].strip()
            if text and text not in clusters[row["cluster"]]:
                clusters[row["cluster"]].append(text)
    texts = max(clusters.values(), key=len)
    if len(texts) < minimum:
        raise SystemExit(f"the largest claim has {len(texts)} texts; {minimum} are needed")
    return texts


def fill_group(
    session: Session, embedder: SentenceTransformerEmbedder, texts: list[str], size: int
) -> int:
    """One group of `size` members (the texts in turn, each by another speaker), with real
    vectors, written with Core inserts; returns the group id."""
    vectors = embedder.encode(texts)
    group_id = session.execute(
        insert(ClaimGroup).values(label=texts[0][:140])
    ).inserted_primary_key[0]
    speakers = [
        session.execute(
            insert(Speaker).values(name=f"Speaker {i}", kind="other")
        ).inserted_primary_key[0]
        for i in range(size // len(texts) + 1)
    ]
    for i in range(size):
        text = texts[i % len(texts)]
        statement_id = session.execute(
            insert(Statement).values(
                text=text,
                speaker_id=speakers[i // len(texts)],
                fingerprint=hashlib.sha256(f"{size}-{i}".encode()).hexdigest(),
            )
        ).inserted_primary_key[0]
        vector = vectors[i % len(texts)]
        session.execute(
            insert(Embedding).values(
                statement_id=statement_id, model=embedder.name, vector=vector.tobytes()
            )
        )
        session.execute(
            insert(Membership).values(
                statement_id=statement_id,
                group_id=group_id,
                similarity=float(vector @ vectors.mean(0)),
            )
        )
    session.commit()
    return int(group_id)


def add_one(
    session: Session,
    embedder: SentenceTransformerEmbedder,
    text: str,
    judge: CountingJudge | None,
) -> tuple[float, int | None]:
    """Seconds to store, embed, place (and judge) one statement, and the group it joined."""
    INDEXES.current(session, embedder.name, embedder.dimensions)  # built outside the timing
    given = StatementInput(text=text, speaker="Newcomer")
    start = time.perf_counter()
    report = services.add_statements(
        session, embedder, [given], judge=judge, judge_stance=judge is not None
    )
    seconds = time.perf_counter() - start
    membership = report.added[0].membership
    joined = membership.group_id if membership else None
    session.rollback()  # the group keeps its size for the next run
    return seconds, joined


def split_newcomers(
    texts: list[str], embedder: SentenceTransformerEmbedder
) -> tuple[list[str], list[str]]:
    """The HELD_OUT texts closest to the claim's centroid (so they join its group) and the rest."""
    vectors = embedder.encode(texts)
    closeness = vectors @ vectors.mean(0)
    chosen = set(sorted(range(len(texts)), key=lambda i: -closeness[i])[:HELD_OUT])
    newcomers = [t for i, t in enumerate(texts) if i in chosen]
    return newcomers, [t for i, t in enumerate(texts) if i not in chosen]


def bench_ingest(size: int, runs: int, embedder: SentenceTransformerEmbedder) -> None:
    newcomers, members = split_newcomers(claim_texts(HELD_OUT + 10), embedder)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/stance.sqlite"
        db.upgrade(url)
        engine = db.make_engine(url)
        with Session(engine) as session:
            group_id = fill_group(session, embedder, members, size)
            start = time.perf_counter()
            judge_groups(session, [group_id])
            session.commit()
            judged = time.perf_counter() - start
        times: dict[str, list[float]] = {"without": [], "with": []}
        pairs, elsewhere = [], 0
        for run in range(runs):
            text = newcomers[run % len(newcomers)]
            for hook in ("without", "with"):
                counting = CountingJudge(stance_judge()) if hook == "with" else None
                with Session(engine) as session:
                    seconds, joined = add_one(session, embedder, text, counting)
                if joined != group_id:  # not the cost this measures: left out, and said so
                    elsewhere += 1
                    continue
                times[hook].append(seconds * 1000)
                if counting is not None:
                    pairs.append(counting.pairs)
        if not pairs or not times["without"]:
            print(f"ingest one into a group of {size:,}: no newcomer joined the group")
            return
        without, with_hook = (statistics.median(times[h]) for h in ("without", "with"))
        note = f"; {elsewhere} newcomer(s) joined another group, left out" if elsewhere else ""
        print(
            f"ingest one into a group of {size:,}: {without:.1f} ms without stance, "
            f"{with_hook:.1f} ms with (+{with_hook - without:.1f} ms), pair judgements per "
            f"newcomer {min(pairs)}..{max(pairs)} (limit {PAIRS_PER_NEWCOMER}); median of "
            f"{len(pairs)} runs, no commit; group judged once in {judged:.1f} s{note}"
        )
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch threads for the models")
    parser.add_argument("--short", type=int, default=400, help="emergent pairs to judge")
    parser.add_argument("--long", type=int, default=100, help="fnc1 pairs to judge")
    parser.add_argument("--sizes", default="10,100,1000", help="group sizes for part 2")
    parser.add_argument("--runs", type=int, default=7, help="statements added per size and mode")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    bench_judge(args.short, args.long)
    embedder = SentenceTransformerEmbedder(threads=args.threads)
    for size in (int(s) for s in args.sizes.split(",") if s):
        bench_ingest(size, args.runs, embedder)


if __name__ == "__main__":
    main()
