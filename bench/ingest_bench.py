"""Speed of article ingestion end to end: extract, store, confirm (embed + group).

Reads the articles of ../shared/eval/attribution/polnear-train.jsonl, ingests each one through
the same service the `ingest` command uses (one transaction per article), then confirms every
suggested statement of it as `confirm` does (one encode call per article), into a fresh SQLite
file. Prints articles/s and statements/s, the share of the time in each stage (extraction,
storing, embedding, grouping), and the CPU time per 1,000 words of extraction and of the whole
`ingest` step (extraction and storing the suggested statements; embedding and grouping come
later, when a person confirms).

    python bench/ingest_bench.py [--limit N] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from desk_bench import TimedEmbedder  # noqa: E402  (same folder: the model with a stopwatch)
from sqlalchemy.orm import Session  # noqa: E402

from verify import db, services  # noqa: E402
from verify.embedding import SentenceTransformerEmbedder  # noqa: E402
from verify.extraction import Extracted, extract  # noqa: E402
from verify.inputs.records import SourceInput  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "eval" / "attribution" / "polnear-train.jsonl"


@dataclass
class TimedExtractor:
    """The real extractor, with wall and CPU seconds and words counted."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    words: int = 0

    def __call__(self, text: str) -> Sequence[Extracted]:
        wall, cpu = time.perf_counter(), time.process_time()
        found = extract(text)
        self.seconds += time.perf_counter() - wall
        self.cpu_seconds += time.process_time() - cpu
        self.words += len(text.split())
        return found


def read_articles(limit: int | None) -> list[tuple[str, str]]:
    """(id, text) of each article in the file, in file order."""
    rows = []
    with open(ARTICLES, encoding="utf-8") as file:
        for line in file:
            row = json.loads(line)
            rows.append((row["id"], row["text"]))
    return rows[:limit] if limit else rows


def bench(articles: list[tuple[str, str]], threads: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/ingest.sqlite"
        db.upgrade(url)
        engine = db.make_engine(url)
        embedder = TimedEmbedder(SentenceTransformerEmbedder(threads=threads))
        extractor = TimedExtractor()
        embedder.encode(["warm up the model"])  # loading models is a one-off, not throughput
        extractor("Warm-up, the bench said.")
        embedder.seconds, embedder.sentences = 0.0, 0
        extractor.seconds, extractor.cpu_seconds, extractor.words = 0.0, 0.0, 0

        ingesting = confirming = ingest_cpu = 0.0
        statements = 0
        start = time.perf_counter()
        for article_id, text in articles:
            title = text.strip().splitlines()[0][:200] if text.strip() else article_id
            began, began_cpu = time.perf_counter(), time.process_time()
            with Session(engine) as session:
                report = services.ingest_article(
                    session, SourceInput(title=title, url=None, text=text), extract=extractor
                )
                session.commit()
                source_id = report.source.id
                found = len(report.suggested)
            ingesting += time.perf_counter() - began
            ingest_cpu += time.process_time() - began_cpu
            if not found:
                continue
            began = time.perf_counter()
            with Session(engine) as session:
                services.confirm_source(session, embedder, source_id, "bench")
                session.commit()
            confirming += time.perf_counter() - began
            statements += found
        total = time.perf_counter() - start

        stages = {
            "extraction": extractor.seconds,
            "storing": ingesting - extractor.seconds,
            "embedding": embedder.seconds,
            "grouping": confirming - embedder.seconds,
        }
        print(
            f"ingest: {len(articles)} articles, {extractor.words:,} words, "
            f"{statements} statements in {total:.1f} s"
        )
        print(f"  {len(articles) / total:.2f} articles/s, {statements / total:.1f} statements/s")
        for name, seconds in stages.items():
            print(f"  {name:<11} {seconds:8.1f} s  {seconds / total:6.1%}")
        per_thousand = extractor.cpu_seconds / max(extractor.words, 1) * 1000
        wall_per_thousand = extractor.seconds / max(extractor.words, 1) * 1000
        print(
            f"  extraction CPU time: {per_thousand * 1000:.0f} ms per 1,000 words "
            f"(wall {wall_per_thousand * 1000:.0f} ms)"
        )
        ingest_per_thousand = ingest_cpu / max(extractor.words, 1) * 1000
        print(
            f"  ingest CPU time (extraction and storing): {ingest_per_thousand * 1000:.0f} ms "
            "per 1,000 words"
        )
        with Session(engine) as session:
            groups = services.count_groups(session)
        print(f"  groups formed: {groups}")
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="ingest at most N articles")
    parser.add_argument("--threads", type=int, default=2, help="torch threads for the model")
    args = parser.parse_args()
    bench(read_articles(args.limit), args.threads)


if __name__ == "__main__":
    main()
