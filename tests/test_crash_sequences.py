"""The server process survives the requests that made it segfault in garbage collection: the
groups list, large group pages and their JSON, and a write, repeated on a desk of 2,000
statements, on SQLite and on PostgreSQL (see verify/garbage.py for the cause)."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from pathlib import Path

import big_desk
import pytest
from flask import Flask

from verify import db

ROUNDS = 8
SCRIPT = Path(__file__).with_name("crash_sequences.py")


def _run_sequences(url: str) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), url, str(ROUNDS)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr[-3000:]}"
    assert f"OK {ROUNDS}" in result.stdout


@pytest.mark.slow
def test_the_crash_sequences_pass_on_sqlite(tmp_path: Path, migrated_template: Path) -> None:
    path = tmp_path / "big.sqlite"
    shutil.copy(migrated_template, path)
    big_desk.fill(f"sqlite:///{path}")
    _run_sequences(f"sqlite:///{path}")


@pytest.mark.slow
def test_the_crash_sequences_pass_on_postgresql(postgres_url: str) -> None:
    db.upgrade(postgres_url)
    big_desk.fill(postgres_url)
    _run_sequences(postgres_url)


def test_the_collector_waits_while_a_request_runs_and_resumes_after(app: Flask) -> None:
    app.add_url_rule("/collector", "collector", lambda: "on" if gc.isenabled() else "off")
    assert gc.isenabled()
    assert app.test_client().get("/collector").get_data(as_text=True) == "off"
    assert gc.isenabled()
