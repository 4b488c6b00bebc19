"""Engines, sessions and migrations: one engine per app, one session per request."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .embedding import Embedder
from .services.settings import INFO_KEY, DeskSettings

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


# Seconds a SQLite write waits for another writer's lock before giving up (Config overrides).
SQLITE_BUSY_TIMEOUT = 30.0
# Execution option: begin the transaction holding SQLite's write lock (BEGIN IMMEDIATE).
IMMEDIATE = "verify_begin_immediate"


def make_engine(url: str, busy_timeout: float = SQLITE_BUSY_TIMEOUT) -> Engine:
    """An engine for `url`. SQLite gets foreign keys, WAL (readers never wait for the writer), a
    busy timeout, and transactions begun by SQLAlchemy: a connection carrying the IMMEDIATE
    execution option begins with the write lock, so a transaction that reads and then writes
    never finds, at its first write, that another writer committed since its read began (which
    SQLite answers with "database is locked" at once, whatever the timeout)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver's own BEGIN off: see _begin
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if ":memory:" not in url and url != "sqlite://":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_busy(error: BaseException) -> bool:
    """Whether `error` is SQLite giving up on another writer's lock (after the busy timeout)."""
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


BUSY_MESSAGE = "the database is busy with another write (an import?); try again in a moment"


def alembic_config(url: str) -> AlembicConfig:
    """Alembic configuration pointing at the project's migrations and the given database."""
    from alembic.config import Config as AlembicConfig  # only migrations need it, not serving

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def init_app(app: Flask) -> None:
    """Create the app's engine and session factory and close the request's session at teardown."""
    engine = make_engine(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_TIMEOUT"])
    app.extensions["verify.engine"] = engine
    settings = DeskSettings.from_config(app.config)
    app.extensions["verify.sessionmaker"] = sessionmaker(
        engine, expire_on_commit=False, info={INFO_KEY: settings}
    )
    app.extensions["verify.writing_sessionmaker"] = sessionmaker(
        engine.execution_options(**{IMMEDIATE: True}),
        expire_on_commit=False,
        info={INFO_KEY: settings},
    )
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    """The session of the current request or CLI command, opened on first use. A command, or a
    request that may write (any method but GET, HEAD and OPTIONS), takes SQLite's write lock
    when each transaction begins, waiting its turn behind other writers (see `make_engine`)."""
    if "db_session" not in g:
        reads = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
        writes = not reads
        factory = "verify.writing_sessionmaker" if writes else "verify.sessionmaker"
        g.db_session = current_app.extensions[factory]()
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
