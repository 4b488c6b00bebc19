"""`flask run` and wsgi.py refuse to serve with the public default SECRET_KEY outside debug and
tests, and say how to set one; other commands and debug mode keep working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from verify.config import Config
from verify.serving import (
    DEFAULT_SECRET_KEY,
    UnsafeSecretKey,
    has_safe_secret_key,
    refuse_default_secret_key,
)

ROOT = Path(__file__).resolve().parent.parent


def served_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VERIFY_", "FLASK_"))}
    env.update(
        {
            "VERIFY_DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}",
            "HF_HUB_OFFLINE": "1",
            **extra,
        }
    )
    return env


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_default_is_the_config_default() -> None:
    assert DEFAULT_SECRET_KEY == Config.SECRET_KEY


def test_loading_wsgi_with_the_default_key_fails_and_says_how_to_set_one(tmp_path: Path) -> None:
    result = run([sys.executable, "-c", "import wsgi"], served_env(tmp_path))
    assert result.returncode != 0
    assert "UnsafeSecretKey: refusing to serve: SECRET_KEY is the public default" in result.stderr
    assert "VERIFY_SECRET_KEY" in result.stderr and "secrets.token_hex(32)" in result.stderr


def test_flask_run_with_the_default_key_exits_with_the_message(tmp_path: Path) -> None:
    flask = [sys.executable, "-m", "flask", "--app", "verify", "run", "--port", "1"]
    result = run(flask, served_env(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "Error: refusing to serve: SECRET_KEY is the public default" in result.stderr
    assert "VERIFY_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_wsgi_loads_with_a_key_of_its_own(tmp_path: Path) -> None:
    env = served_env(tmp_path, VERIFY_SECRET_KEY="a-secret-for-this-test-only")
    result = run([sys.executable, "-c", "import wsgi; print(wsgi.app.name)"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "verify"


def test_other_commands_keep_working_with_the_default_key(tmp_path: Path) -> None:
    result = run([sys.executable, "-m", "flask", "--app", "verify", "--help"], served_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "migrate" in result.stdout


def app_with(**config: object) -> Flask:
    app = Flask("served")
    app.config.update({"SECRET_KEY": DEFAULT_SECRET_KEY, "DEBUG": False, "TESTING": False})
    app.config.update(config)
    return app


def test_debug_mode_and_tests_may_use_the_default() -> None:
    refuse_default_secret_key(app_with(DEBUG=True))
    refuse_default_secret_key(app_with(TESTING=True))


@pytest.mark.parametrize("key", [DEFAULT_SECRET_KEY, "", None])
def test_the_default_or_no_key_is_refused(key: str | None) -> None:
    app = app_with(SECRET_KEY=key)
    assert not has_safe_secret_key(app)
    with pytest.raises(UnsafeSecretKey, match="VERIFY_SECRET_KEY"):
        refuse_default_secret_key(app)


def test_a_key_of_its_own_is_accepted() -> None:
    refuse_default_secret_key(app_with(SECRET_KEY="5f1c0e" * 10))
