"""A process starting to serve: the app factory in a fresh interpreter, and gunicorn to its first
answer, on a desk of --statements synthetic statements (tests/big_desk.py: no model).

Each of --runs rounds times (1) a fresh `python` importing verify and calling create_app() with
the desk's VERIFY_* environment, and names the models' libraries (torch, spaCy,
sentence-transformers) it has imported by then, and (2) `gunicorn wsgi:app` as
docs/deployment.md runs it, from its launch to its first 200 on /api/groups?limit=1 (polled every
POLL seconds). Prints the median and the range of each.

    python bench/start_bench.py [--statements 100000] [--runs 5] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import big_desk  # noqa: E402

from verify import db  # noqa: E402

POLL = 0.05  # seconds between two tries of the first page
MODEL_LIBRARIES = ("torch", "spacy", "sentence_transformers")
FIRST_PAGE = "/api/groups?limit=1"

# What the fresh interpreter runs: its clock starts before its first import of verify.
CREATE_APP = f"""
import json, sys, time
begun = time.perf_counter()
from verify import create_app
imported = time.perf_counter()
create_app()
made = time.perf_counter()
loaded = [name for name in {MODEL_LIBRARIES!r} if name in sys.modules]
print(json.dumps({{"import": imported - begun, "create_app": made - imported, "loaded": loaded}}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_factory(env: dict[str, str]) -> tuple[float, float, list[str]]:
    """Seconds to import verify and to call create_app() in a fresh interpreter, and the models'
    libraries it imported."""
    done = subprocess.run(
        [sys.executable, "-c", CREATE_APP], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"create_app failed:\n{done.stderr}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return float(answer["import"]), float(answer["create_app"]), list(answer["loaded"])


def gunicorn_first_answer(env: dict[str, str], workers: int) -> float:
    """Seconds from launching gunicorn to its first 200 on FIRST_PAGE."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "wsgi:app",
    ]  # fmt: skip
    first_page = f"http://127.0.0.1:{port}{FIRST_PAGE}"
    begun = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        while True:
            if server.poll() is not None:
                sys.exit(f"gunicorn exited with {server.returncode}")
            try:
                with urllib.request.urlopen(first_page, timeout=60) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - begun
            except OSError:
                pass
            time.sleep(POLL)
    finally:
        server.terminate()
        server.wait(30)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s (range {min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verify-start-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'desk.sqlite'}"
        db.upgrade(url)
        big_desk.fill(url, args.statements, args.groups)
        env = {
            **os.environ,
            "VERIFY_DATABASE_URL": url,
            "VERIFY_SECRET_KEY": "bench",
            "VERIFY_READ_WITHOUT_LOGIN": "true",  # the first answer a reader gets, no login
        }
        imports: list[float] = []
        factories: list[float] = []
        served: list[float] = []
        loaded: set[str] = set()
        for _ in range(args.runs):
            imported, made, libraries = app_factory(env)
            imports.append(imported)
            factories.append(made)
            loaded.update(libraries)
            served.append(gunicorn_first_answer(env, args.workers))
        print(
            f"sqlite, {args.statements:,} statements, {args.runs} runs: fresh process imports "
            f"verify in {spread(imports)}, then create_app() in {spread(factories)} (models' "
            f"libraries imported: {', '.join(sorted(loaded)) or 'none'}); gunicorn "
            f"{args.workers} workers answers {FIRST_PAGE} 200 after {spread(served)} from launch"
        )


if __name__ == "__main__":
    main()
