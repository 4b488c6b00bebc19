"""Pages at volume: the groups list and a 1,000-member group page under concurrent clients.

Fills a fresh database (SQLite, or with --database postgres a throw-away database on the server)
with --statements synthetic statements in --groups groups, group 1 holding exactly --largest of
them (written straight into the tables by tests/big_desk.py: no model), serves it with gunicorn
(the app factory through wsgi.py, --workers processes of --threads threads), and has --clients
threads request each page --requests times in all. Prints p50 and p95 of the response time seen
on loopback (server time plus a fraction of a millisecond) and the page's size.

    python bench/page_bench.py [--statements 100000] [--largest 1000] [--clients 8]
                               [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import big_desk  # noqa: E402
from write_bench import POSTGRES, postgres_database  # noqa: E402

from verify import db  # noqa: E402

PAGES = ("/", "/groups/1", "/api/groups?limit=50", "/api/groups/1")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[float, int]:
    begun = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        size = len(response.read())
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
    return time.perf_counter() - begun, size


def wait_until_serving(base: str, server: subprocess.Popen[bytes]) -> float:
    begun = time.perf_counter()
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            fetch(base + "/api/groups?limit=1")
            return time.perf_counter() - begun
        except OSError:
            time.sleep(0.2)


def measure(url: str, clients: int, requests: int) -> tuple[list[float], int]:
    times: list[float] = []
    sizes: list[int] = []
    lock = threading.Lock()

    def client(count: int) -> None:
        for _ in range(count):
            seconds, size = fetch(url)
            with lock:
                times.append(seconds)
                sizes.append(size)

    share = [requests // clients + (n < requests % clients) for n in range(clients)]
    threads = [threading.Thread(target=client, args=(count,)) for count in share]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, max(sizes)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=2_000)
    parser.add_argument("--largest", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=80, help="per page, all clients together")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres", default=POSTGRES, help="a server URL (its database unused)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verify-page-bench-") as folder:
        if args.database == "postgres":
            url = postgres_database(args.postgres)
        else:
            url = f"sqlite:///{Path(folder) / 'desk.sqlite'}"
        begun = time.perf_counter()
        db.upgrade(url)
        big_desk.fill(url, args.statements, args.groups, largest=args.largest)
        filled = time.perf_counter() - begun
        port = free_port()
        env = {
            **os.environ,
            "VERIFY_DATABASE_URL": url,
            "VERIFY_SECRET_KEY": secrets.token_hex(32),  # wsgi.py refuses the public default
            "VERIFY_READ_WITHOUT_LOGIN": "true",  # the pages as a reader sees them, no login
        }
        command = [
            sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
            "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}", "wsgi:app",
        ]  # fmt: skip
        server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            ready = wait_until_serving(base, server)
            print(
                f"{args.database}: {args.statements:,} statements in {args.groups:,} groups "
                f"(group 1: {args.largest:,} members); filled in {filled:.1f} s; gunicorn "
                f"{args.workers} workers x {args.threads} threads serving after {ready:.1f} s; "
                f"{args.clients} clients"
            )
            for page in PAGES:
                measure(base + page, args.clients, args.clients * 2)  # every worker warm
                times, size = measure(base + page, args.clients, args.requests)
                print(
                    f"  {page:<22} p50 {statistics.median(times) * 1000:7.1f} ms   "
                    f"p95 {percentile(times, 0.95) * 1000:7.1f} ms   {size:,} bytes"
                )
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
