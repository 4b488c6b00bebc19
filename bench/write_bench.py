"""Writers on the desk while a long import runs: how many writes fail.

Fills a fresh database (a SQLite file, or with --database postgres a throw-away database on the
PostgreSQL server at --postgres) with the demo desk, then runs `flask --app verify import` of N real
statements (the statement-like texts under ../shared/eval/grouping/) in a process of its own,
and meanwhile sends WRITES API writes (flagging a group, as an editor does) from THREADS threads
of an app process on the same file. Prints the writes that failed (any answer but 200), their
statuses, the p50 and worst latency of a write, and how long the import took. The app process
runs its job thread as a server does, so it judges the sides the import leaves due while the
writes go on.

    python bench/write_bench.py [--statements 1000] [--threads 8] [--writes 200]
                                [--database sqlite|postgres] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from sqlalchemy import select  # noqa: E402

from verify import create_app, db  # noqa: E402
from verify.models import ClaimGroup  # noqa: E402
from verify.services import accounts  # noqa: E402
from verify.services.judging import count_due  # noqa: E402

TEXTS = ROOT.parent / "shared" / "eval" / "grouping"
FLAGS = ("disputed", "corroborated", "unresolved", "not_a_dispute")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "verify_write_bench"


def postgres_database(server: str) -> str:
    """A fresh, empty database on the server; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {BENCH_DATABASE}"))
    engine.dispose()
    return make_url(server).set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def statements_file(folder: Path, count: int) -> Path:
    texts: list[str] = []
    for path in sorted(TEXTS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines]
    rows = [{"text": text, "speaker": f"Source {n % 50}"} for n, text in enumerate(texts[:count])]
    path = folder / "statements.json"
    path.write_text(json.dumps({"statements": rows}), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres", default=POSTGRES, help="a server URL (its database unused)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verify-write-bench-") as name:
        folder = Path(name)
        if args.database == "postgres":
            url = postgres_database(args.postgres)
        else:
            url = f"sqlite:///{folder / 'desk.sqlite'}"
        env = {**os.environ, "VERIFY_DATABASE_URL": url}
        flask = [sys.executable, "-m", "flask", "--app", "verify"]
        subprocess.run([*flask, "migrate"], env=env, check=True, capture_output=True)
        subprocess.run([*flask, "demo"], env=env, check=True, capture_output=True)
        app = create_app({"DATABASE_URL": url, "JOBS": "thread"})
        with app.app_context():
            session = db.get_session()
            groups = list(session.scalars(select(ClaimGroup.id)))
            # the writes flag groups, an editor's action: an account and its API token
            password = accounts.generate_password()
            editor = accounts.create_account(session, "bench-editor", "editor", password)
            _, token = accounts.create_token(session, editor, "write_bench")
            session.commit()
        authorised = {"Authorization": f"Bearer {token}"}
        source = statements_file(folder, args.statements)
        started = time.perf_counter()
        importing = subprocess.Popen(
            [*flask, "import", str(source)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        time.sleep(5)  # the import has started writing
        statuses: Counter[int] = Counter()
        latencies: list[float] = []
        lock = threading.Lock()
        per_thread = args.writes // args.threads

        def editor(number: int) -> None:
            client = app.test_client()
            for write in range(per_thread):
                group = groups[(number + write) % len(groups)]
                body = {"flag": FLAGS[(number + write) % len(FLAGS)]}
                begun = time.perf_counter()
                response = client.post(f"/api/groups/{group}/flag", json=body, headers=authorised)
                with lock:
                    statuses[response.status_code] += 1
                    latencies.append(time.perf_counter() - begun)
                time.sleep(0.2)

        threads = [threading.Thread(target=editor, args=(n,)) for n in range(args.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        writes_done = time.perf_counter() - started
        output, errors = importing.communicate()
        import_seconds = time.perf_counter() - started
        with app.app_context():
            due = count_due(db.get_session())
        app.extensions["verify.jobs"].stop(0)
    failed = sum(count for status, count in statuses.items() if status != 200)
    print(
        f"import of {args.statements} statements: {import_seconds:.1f} s, "
        f"exit {importing.returncode}"
    )
    lines = output.decode().strip().splitlines()
    print(f"  {lines[0] if lines else errors.decode()[-300:]}")
    print(f"  groups whose sides were still due when the writes and the import ended: {due}")
    print(f"database: {args.database}")
    print(f"writes: {sum(statuses.values())} from {args.threads} threads in {writes_done:.1f} s")
    print(f"  failed {failed}; statuses {dict(statuses)}")
    print(
        f"  latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"worst {max(latencies) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
