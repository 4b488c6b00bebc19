"""The tamper-evident history: triggers refuse UPDATE and DELETE on SQLite and PostgreSQL, each
entry is chained to the one before it, and `history verify` names the first that does not fit."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from alembic import command
from flask import Flask
from flask.testing import FlaskCliRunner
from postgres_schema import postgres_schema
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from verify import db
from verify.db import make_engine
from verify.models import EditorAction
from verify.services.history import record
from verify.services.trail import GENESIS, entry_hash, verify_chain

BEFORE_CHAIN = "6f2b8d41a9c3"


def write_entries(engine: Engine, count: int, editor: str = "Ana") -> None:
    with Session(engine) as session:
        for number in range(count):
            record(session, editor, "flag_group", number + 1, None, {"to": "disputed"}, "why é")
        session.commit()


@pytest.fixture
def engine(app: Flask) -> Engine:
    engine: Engine = app.extensions["verify.engine"]
    return engine


def verify_output(runner: FlaskCliRunner) -> tuple[int, str]:
    result = runner.invoke(args=["history", "verify"])
    return result.exit_code, result.output


def test_an_empty_and_a_written_history_verify(runner: FlaskCliRunner, engine: Engine) -> None:
    assert verify_output(runner) == (0, f"OK: 0 entries chained\nnewest hash: {GENESIS}\n")
    write_entries(engine, 3)
    code, output = verify_output(runner)
    assert code == 0, output
    with Session(engine) as session:
        entries = session.scalars(select(EditorAction).order_by(EditorAction.id)).all()
    assert [e.previous_hash for e in entries] == [GENESIS, entries[0].hash, entries[1].hash]
    assert all(entry_hash(e, e.previous_hash) == e.hash for e in entries)
    assert output == f"OK: 3 entries chained\nnewest hash: {entries[-1].hash}\n"


def test_entries_of_one_transaction_chain_in_order(engine: Engine) -> None:
    """merge_groups records two entries in one transaction: the second follows the first."""
    with Session(engine, expire_on_commit=False) as session:
        first = record(session, "Ana", "merge_groups", 1, None, {"into_group": 1})
        second = record(session, "Ana", "merge_groups", 2, None, {"into_group": 1})
        session.commit()
    assert second.id == first.id + 1 and second.previous_hash == first.hash
    with Session(engine) as session:
        assert verify_chain(session).broken is None


@pytest.mark.parametrize(
    "statement",
    ["UPDATE editor_action SET note = 'forged'", "DELETE FROM editor_action"],
)
def test_the_database_refuses_changing_the_history(engine: Engine, statement: str) -> None:
    write_entries(engine, 2)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    with Session(engine) as session:
        assert len(session.scalars(select(EditorAction)).all()) == 2
        assert verify_chain(session).broken is None


def test_an_entry_edited_behind_the_triggers_is_named(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    """Someone with the rights to drop the triggers edits an entry: verify names it."""
    write_entries(engine, 4)
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER editor_action_no_update"))
        connection.execute(text("UPDATE editor_action SET editor = 'Chief Editor' WHERE id = 3"))
    code, output = verify_output(runner)
    assert code == 1
    assert "entry 3 does not match" in output and "changed after it was written" in output
    assert "2 entries before it check out" in output


def test_an_entry_rehashed_or_removed_behind_the_triggers_breaks_the_next_link(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    write_entries(engine, 4)
    with Session(engine) as session:
        entry = session.get(EditorAction, 2)
        assert entry is not None
        entry.note = "forged"
        forged = entry_hash(entry, entry.previous_hash)
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER editor_action_no_update"))
        connection.execute(text("DROP TRIGGER editor_action_no_delete"))
        connection.execute(
            text("UPDATE editor_action SET note = 'forged', hash = :hash WHERE id = 2"),
            {"hash": forged},
        )
    code, output = verify_output(runner)
    assert code == 1 and "entry 3 does not match: its previous_hash" in output
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM editor_action WHERE id IN (2, 3)"))
    code, output = verify_output(runner)
    assert code == 1 and "entry 4 does not match: its previous_hash" in output


def test_a_kept_hash_catches_a_history_rewritten_whole(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    """An attacker rewrites entry 1 and recomputes every hash after it: the chain checks out,
    but the newest hash kept from an earlier check is no longer in it."""
    write_entries(engine, 3)
    kept = verify_output(runner)[1].split("newest hash: ")[1].strip()
    write_entries(engine, 1)
    assert verify_output(runner)[0] == 0
    assert runner.invoke(args=["history", "verify", "--expect", kept.upper()]).exit_code == 0
    with Session(engine) as session:
        rows = session.scalars(select(EditorAction).order_by(EditorAction.id)).all()
        session.expunge_all()
    rows[0].editor = "Chief Editor"
    previous = GENESIS
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER editor_action_no_update"))
        for row in rows:
            row.previous_hash, row.hash = previous, entry_hash(row, previous)
            previous = row.hash
            connection.execute(
                text(
                    "UPDATE editor_action SET editor = :editor, previous_hash = :previous, "
                    "hash = :hash WHERE id = :id"
                ),
                {
                    "editor": row.editor,
                    "previous": row.previous_hash,
                    "hash": row.hash,
                    "id": row.id,
                },
            )
    assert verify_output(runner)[0] == 0
    result = runner.invoke(args=["history", "verify", "--expect", kept])
    assert result.exit_code == 1
    assert f"no entry of the 4 entries has the hash {kept}" in result.output


def test_a_malformed_expected_hash_is_refused(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["history", "verify", "--expect", "abc"])
    assert result.exit_code == 2
    assert "--expect must be a hash of 64 hexadecimal digits, not 'abc'" in result.output


def test_upgrading_chains_the_entries_already_stored(sqlite_url: str) -> None:
    db.upgrade(sqlite_url, BEFORE_CHAIN)
    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        for editor in ("Ana", "Bo", "Émile"):
            connection.execute(
                text(
                    "INSERT INTO editor_action (editor, action, detail, group_id) "
                    'VALUES (:editor, \'flag_group\', \'{"to": "disputed", "n": 1.5}\', 4)'
                ),
                {"editor": editor},
            )
    engine.dispose()
    db.upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    write_entries(engine, 1)
    with Session(engine) as session:
        report = verify_chain(session)
    assert (report.entries, report.broken) == (4, None)
    engine.dispose()


def test_downgrading_drops_the_triggers(sqlite_url: str) -> None:
    db.upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    write_entries(engine, 1)
    engine.dispose()
    command.downgrade(db.alembic_config(sqlite_url), BEFORE_CHAIN)
    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE editor_action SET note = 'allowed again'"))
    engine.dispose()


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    with postgres_schema() as url:
        db.upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE editor_action SET note = 'forged'",
        "DELETE FROM editor_action",
        "TRUNCATE editor_action",
    ],
)
def test_postgres_refuses_changing_the_history(pg_engine: Engine, statement: str) -> None:
    write_entries(pg_engine, 2)
    with pytest.raises(DBAPIError, match="append-only"), pg_engine.begin() as connection:
        connection.execute(text(statement))
    with Session(pg_engine) as session:
        assert verify_chain(session).entries == 2


@pytest.mark.postgres
def test_postgres_concurrent_writers_never_fork_the_chain(pg_engine: Engine) -> None:
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            write_entries(pg_engine, 15, editor=name)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(f"writer {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(pg_engine) as session:
        report = verify_chain(session)
        hashes = session.scalars(select(EditorAction.previous_hash)).all()
    assert (report.entries, report.broken) == (60, None)
    assert len(set(hashes)) == 60  # no two entries follow the same one


@pytest.mark.postgres
def test_postgres_entry_edited_behind_the_triggers_is_named(pg_engine: Engine) -> None:
    write_entries(pg_engine, 3)
    with pg_engine.begin() as connection:
        connection.execute(text("ALTER TABLE editor_action DISABLE TRIGGER USER"))
        connection.execute(text("UPDATE editor_action SET created_at = created_at + '1 second'"))
    with Session(pg_engine) as session:
        broken = verify_chain(session).broken
    assert broken is not None and broken.entry_id == 1
