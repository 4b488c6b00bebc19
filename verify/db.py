"""Engines, sessions and migrations: one engine per app, one session per request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from .embedding import Embedder
from .services.settings import INFO_KEY, DeskSettings

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys and WAL so it behaves like a real server."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url and url != "sqlite://":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str) -> AlembicConfig:
    """Alembic configuration pointing at the project's migrations and the given database."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision`."""
    command.upgrade(alembic_config(url), revision)


def init_app(app: Flask) -> None:
    """Create the app's engine and session factory and close the request's session at teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["verify.engine"] = engine
    settings = DeskSettings.from_config(app.config)
    app.extensions["verify.sessionmaker"] = sessionmaker(
        engine, expire_on_commit=False, info={INFO_KEY: settings}
    )
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    """The session of the current request or CLI command, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["verify.sessionmaker"]()
    session: Session = g.db_session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def get_embedder() -> Embedder:
    """The app's embedder (the real model unless a test passed another)."""
    embedder: Embedder = current_app.extensions["verify.embedder"]
    return embedder
