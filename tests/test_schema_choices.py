"""The migrated database allows exactly the choices of `verify.choices`: a new speaker kind, side
or flag without its Alembic revision fails here (the models alone would not notice)."""

from __future__ import annotations

import re

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from verify import choices
from verify.db import alembic_config

# Every column whose CHECK constraint lists a choice, and the choice it must list.
CHOICE_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("speaker", "kind"): choices.SPEAKER_KINDS,
    ("statement", "attribution"): choices.ATTRIBUTIONS,
    ("statement", "status"): choices.STATUSES,
    ("claim_group", "flag"): choices.FLAGS,
    ("claim_group", "suggested_flag"): choices.FLAGS,
    ("claim", "flag"): choices.FLAGS,
    ("claim", "suggested_flag"): choices.FLAGS,
    ("membership", "side"): choices.SIDES,
    ("membership", "suggested_side"): choices.SIDES,
    ("job", "kind"): choices.JOB_KINDS,
    ("job", "state"): choices.JOB_STATES,
    ("account", "role"): choices.ROLES,
}


def allowed_values(url: str) -> dict[tuple[str, str], set[str]]:
    """(table, column) -> the quoted words of each CHECK constraint named ck_<table>_<column>."""
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        found: dict[tuple[str, str], set[str]] = {}
        for table in inspector.get_table_names():
            for check in inspector.get_check_constraints(table):
                words = set(re.findall(r"'([^']*)'", check["sqltext"]))
                column = (check.get("name") or "").removeprefix(f"ck_{table}_")
                if words:
                    found[(table, column)] = words
        return found
    finally:
        engine.dispose()


def expected_values() -> dict[tuple[str, str], set[str]]:
    return {column: set(values) for column, values in CHOICE_COLUMNS.items()}


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_migrated_check_constraints_allow_exactly_the_choices(
    backend: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{backend}_url")
    command.upgrade(alembic_config(url), "head")
    assert allowed_values(url) == expected_values()


def test_a_choice_without_its_revision_is_noticed(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a new speaker kind added to `choices` alone would look like: the comparison fails."""
    command.upgrade(alembic_config(sqlite_url), "head")
    kinds = (*choices.SPEAKER_KINDS, "astrologer")
    monkeypatch.setitem(CHOICE_COLUMNS, ("speaker", "kind"), kinds)
    assert allowed_values(sqlite_url) != expected_values()
