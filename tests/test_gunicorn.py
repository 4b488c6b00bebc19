"""The desk served as docs/deployment.md says: gunicorn, the app factory in wsgi.py, a worker
process of its own, answering the review UI and the JSON API over real HTTP."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.status, response.read().decode("utf-8")


@pytest.mark.slow
def test_gunicorn_serves_the_pages_and_the_api(tmp_path: Path, demo_template: Path) -> None:
    path = tmp_path / "served.sqlite"
    shutil.copy(demo_template, path)
    port = _free_port()
    env = {
        **os.environ,
        "VERIFY_DATABASE_URL": f"sqlite:///{path}",
        "VERIFY_SECRET_KEY": "a-secret-for-this-test-only",
        "VERIFY_READ_WITHOUT_LOGIN": "true",  # reading without an account; login is tested apart
        "HF_HUB_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                status, page = _get(f"{base}/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"gunicorn did not serve: {output[-2000:]}")
                time.sleep(0.5)
        assert status == 200 and "Events" in page
        status, body = _get(f"{base}/api/groups?limit=5")
        assert status == 200 and '"total"' in body
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_gunicorn_stops_with_the_default_secret_key(tmp_path: Path) -> None:
    """The worker fails to load the app and gunicorn halts (no endless respawning), saying why."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFY_")}
    env.update({"VERIFY_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}", "HF_HUB_OFFLINE": "1"})
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{_free_port()}",
    ]
    result = subprocess.run(
        [*command, "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY is the public default" in result.stderr
    assert "VERIFY_SECRET_KEY" in result.stderr
