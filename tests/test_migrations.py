"""The Alembic chain: one head, upgrade from empty, downgrade to base, no drift from the models."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, inspect

from verify.db import alembic_config
from verify.models import Base


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


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_upgrade_from_empty_creates_every_model_table(
    backend: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{backend}_url")
    command.upgrade(alembic_config(url), "head")
    assert _tables(url) == set(Base.metadata.tables)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_downgrade_to_base_removes_every_table(
    backend: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{backend}_url")
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert _tables(url) == set()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
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
