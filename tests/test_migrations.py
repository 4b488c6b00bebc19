"""The Alembic chain: one head, upgrade from empty, downgrade to base, no drift from the models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, inspect, text

from verify.db import alembic_config
from verify.models import Base

POSTGRES_URL = os.environ.get(
    "VERIFY_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'migrations.sqlite'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the PostgreSQL server; CI must have it, a laptop may not."""
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect():
            pass
    except Exception as error:  # noqa: BLE001 - any connection failure means "no server"
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI at {POSTGRES_URL}: {error}")
        pytest.skip(f"no PostgreSQL at {POSTGRES_URL}")
    schema = f"verify_test_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_revisions_form_a_single_head(sqlite_url: str) -> None:
    heads = ScriptDirectory.from_config(alembic_config(sqlite_url)).get_heads()
    assert len(heads) == 1, heads


def test_every_revision_has_a_descriptive_message(sqlite_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(sqlite_url))
    for revision in script.walk_revisions():
        assert revision.doc and len(revision.doc.split()) >= 3, revision.revision


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_upgrade_from_empty_creates_every_model_table(
    backend: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{backend}_url")
    command.upgrade(alembic_config(url), "head")
    assert _tables(url) == set(Base.metadata.tables)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_downgrade_to_base_removes_every_table(backend: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(f"{backend}_url")
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert _tables(url) == set()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_alembic_check_finds_no_drift_between_models_and_revisions(
    backend: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{backend}_url")
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.check(config)  # raises when autogenerate would write something


def test_alembic_check_notices_a_missing_revision(sqlite_url: str) -> None:
    """The drift check is live: an empty database at base is reported as drift."""
    with pytest.raises(CommandError):
        command.check(alembic_config(sqlite_url))
