"""Alembic environment: the models' metadata, batch mode for SQLite, URL from the caller or env."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlalchemy.exc import SAWarning

from verify.models import Base

config = context.config
target_metadata = Base.metadata
# Created only where PostgreSQL has pgvector (the group-state revision, then the one moving the
# centroids to their own table): not model objects.
PGVECTOR_ONLY = frozenset(
    {"centroid", "ix_group_vector_centroid", "group_centroid", "ix_group_centroid_centroid"}
)


def _include(
    _object: object, name: str | None, _type: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the pgvector table, column and indexes out of the drift check."""
    return not (reflected and compare_to is None and name in PGVECTOR_ONLY)


# Reflection does not know pgvector's type; the column is left out of the comparison anyway.
warnings.filterwarnings("ignore", "Did not recognize type 'vector'", SAWarning)


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    default = Path(__file__).resolve().parent.parent / "instance" / "verify.sqlite"
    return os.environ.get("VERIFY_DATABASE_URL") or f"sqlite:///{default}"


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = engine_from_config(
        {"sqlalchemy.url": _url()}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
