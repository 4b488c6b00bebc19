"""Fixtures: the real model once per session, a migrated SQLite file per test, app/client/runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from verify import create_app, db  # noqa: E402
from verify.embedding import SentenceTransformerEmbedder  # noqa: E402
from verify.inputs.demo import demo_batch  # noqa: E402
from verify.services import import_batch  # noqa: E402


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real all-MiniLM-L6-v2, loaded once for the whole run."""
    return SentenceTransformerEmbedder(threads=1)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest revision; each test gets a copy (faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "verify.sqlite"
    db.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path: Path, migrated_template: Path) -> str:
    path = tmp_path / "verify.sqlite"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url: str, embedder: SentenceTransformerEmbedder, tmp_path: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test",
            "CSRF_ENABLED": False,  # tests/test_csrf.py and the browser test turn it on
        },
        embedder=embedder,
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    """A session on the test's database, inside an app context."""
    with app.app_context():
        yield db.get_session()


@pytest.fixture
def demo_app(app: Flask, embedder: SentenceTransformerEmbedder) -> Flask:
    """The app with the demo dispatches loaded, as `flask --app verify demo` loads them."""
    with app.app_context():
        session = db.get_session()
        import_batch(session, embedder, demo_batch(), editor="demo")
        session.commit()
    return app


@pytest.fixture
def demo_client(demo_app: Flask) -> FlaskClient:
    return demo_app.test_client()
